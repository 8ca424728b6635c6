"""Escaping for the generated Markdown, and abbreviations in generated HTML.

The site pages are Markdown for MkDocs (Python-Markdown), but everything that
comes from content is either plain text or HTML from :func:`markup.render`.
Plain text must never become markup in either language:

* in raw HTML blocks it is HTML-escaped (:func:`html_text`);
* on a Markdown line (headings) every character that Python-Markdown could read
  as syntax is written as a numeric character reference (:func:`md_text`), so
  ``*``, ``[``, ``{: onclick=... }`` or ``<script>`` stay text.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from markupsafe import Markup

#: Characters that mean something inside a Markdown line (emphasis, links,
#: attribute lists, raw HTML, entities, closing hashes of a heading).
_MD_SPECIAL = set("\\`*_[]{}<>&#!|~^=\"'")


def md_text(text: str | None) -> Markup:
    """Plain text, safe on a Markdown line and in the HTML MkDocs makes of it."""
    if not text:
        return Markup("")
    out = []
    for char in " ".join(str(text).split()):
        out.append(f"&#{ord(char)};" if char in _MD_SPECIAL else char)
    return Markup("".join(out))


def nav_title(text: str) -> str:
    """A title for MkDocs' navigation: Material prints nav titles as HTML."""
    return html.escape(" ".join(text.split()), quote=False)


_TAG_RE = re.compile(r"(<[^>]*>)")
_TAG_NAME_RE = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
#: Inside these elements no abbreviation is marked.
_SKIP = {"code", "pre", "abbr", "kbd", "samp", "script", "style", "svg", "title", "textarea"}


class Abbreviations:
    """Marks known abbreviations in HTML text as ``<abbr title="...">``."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.titles: dict[str, str] = {}
        for short, meaning in entries:
            short = short.strip()
            if short and short not in self.titles and re.fullmatch(r"[\w.&/+-]+", short):
                self.titles[short] = meaning
        keys = sorted(self.titles, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w&#;/-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
            if keys else None
        )

    def __call__(self, fragment: str) -> Markup:
        if self.pattern is None or not fragment:
            return Markup(fragment)
        out: list[str] = []
        skipping: list[str] = []
        for part in _TAG_RE.split(fragment):
            if part.startswith("<"):
                match = _TAG_NAME_RE.match(part)
                name = match.group(1).lower() if match else ""
                if name in _SKIP and not part.endswith("/>"):
                    if part.startswith("</"):
                        if skipping and skipping[-1] == name:
                            skipping.pop()
                    else:
                        skipping.append(name)
                out.append(part)
            elif skipping or not part:
                out.append(part)
            else:
                out.append(self.pattern.sub(self._abbr, part))
        return Markup("".join(out))

    def _abbr(self, match: re.Match) -> str:
        short = match.group(1)
        return f'<abbr title="{html.escape(self.titles[short], quote=True)}">{short}</abbr>'

    def glossary(self) -> str:
        """Definitions for Python-Markdown's ``abbr`` extension (snippets auto_append)."""
        lines = []
        for short, meaning in sorted(self.titles.items(), key=lambda kv: kv[0].casefold()):
            if "]" in short or "\n" in meaning:
                continue
            lines.append(f"*[{short}]: {meaning}")
        return "\n".join(lines) + ("\n" if lines else "")


def slug(text: str) -> str:
    """A lowercase ascii slug for file names and generated ids."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "pagina"
