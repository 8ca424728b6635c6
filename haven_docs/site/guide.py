"""The writers' guide (content/paginas/*.md) as site pages.

The guide is content too, so it goes through :func:`markup.render` (raw HTML
off) like all prose. Top-level headings become Markdown headings, so they get
ids and appear in the page's table of contents; everything between them is
rendered HTML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import markup

if TYPE_CHECKING:
    from .helpers import PageHelper

_PARSER = markup.make_parser()


def guide_parts(h: "PageHelper", text: str) -> list[dict[str, Any]]:
    lines = text.split("\n")
    tokens = _PARSER.parse(text, {})
    headings: list[tuple[int, int, int, str]] = []  # (start line, end line, level, text)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            inline = tokens[i + 1]
            headings.append((token.map[0], token.map[1], int(token.tag[1]), _inline_text(h, inline.content)))
    parts: list[dict[str, Any]] = []
    position = 0
    first = True
    for start, end, level, title in headings:
        chunk = "\n".join(lines[position:start]).strip()
        if chunk:
            parts.append({"heading": None, "html": h.prose(chunk)})
        # The first heading is the page title (h1); the rest keep their level below it.
        parts.append({"heading": title, "level": 1 if first and level == 1 else max(level, 2)})
        first = False
        position = end
    chunk = "\n".join(lines[position:]).strip()
    if chunk:
        parts.append({"heading": None, "html": h.prose(chunk)})
    if not parts or not parts[0].get("heading") or parts[0]["level"] != 1:
        parts.insert(0, {"heading": h.page.title, "level": 1})
    return parts


def _inline_text(h: "PageHelper", content: str) -> str:
    return h.plain(content) or re.sub(r"\s+", " ", content).strip()
