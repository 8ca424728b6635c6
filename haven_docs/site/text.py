"""The one escaping path from content text to the generated Markdown pages.

The site pages are Markdown for MkDocs (Python-Markdown with ``attr_list`` and
``toc``), but no content text may ever become Markdown source there: it enters
a page as HTML that is inert in *both* languages.

* :func:`escape_text` is the only way plain text from content is written: HTML
  special characters become entities, and every character Python-Markdown could
  read as syntax (emphasis, links, code, attribute lists ``{: onclick=... }``,
  headings, backslash escapes) becomes a numeric character reference. The
  browser shows the same characters; Python-Markdown sees no syntax, whether the
  text lands in a raw HTML block or on a Markdown line (a heading).
* :func:`inert_html` does the same to HTML made by markdown-it-py (prose): its
  text and attribute values get the same treatment, its tags are kept.
* :func:`finalize` is the Jinja ``finalize`` of the site templates, so even a
  plain ``{{ value }}`` goes through :func:`escape_text`.

Abbreviations from the registers are marked here too, as ``<abbr title="...">``
with an escaped title (no Python-Markdown ``abbr`` definitions, which would be
Markdown source). Marking is linear in the length of the text: candidate words
are looked up in a dict, never matched against one alternative per entry.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Iterable

from markupsafe import Markup

#: Characters that mean something to Python-Markdown on a line (emphasis, links,
#: images, code, backslash escapes, attribute lists, heading hashes) or to
#: extensions a page could enable (tables, strike, sub/sup, mark), and '"' (our
#: attributes are double-quoted). In text they are written as numeric character
#: references; '&', '<' and '>' as entities.
_MD_SPECIAL = "\\`*_[]{}#!|~^=\""
#: Inside a tag made by markdown-it: what inline patterns that run before
#: Python-Markdown's own raw-HTML pattern (code, escapes, links) could act on.
_ATTR_SPECIAL = "\\`[]{}"

_TEXT_TABLE = {ord(c): f"&#{ord(c)};" for c in _MD_SPECIAL}
_TEXT_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_ATTR_TABLE = {ord(c): f"&#{ord(c)};" for c in _ATTR_SPECIAL}


def escape_text(text: Any, collapse: bool = True) -> str:
    """Plain text as HTML that no Markdown processor reads as syntax.

    ``collapse`` folds runs of white space (line breaks included) into one
    space, as a browser shows them anyway; no content line break can start a
    Markdown block.
    """
    text = "" if text is None else str(text)
    if collapse:
        text = " ".join(text.split())
    return text.translate(_TEXT_TABLE)


def md_text(text: str | None) -> Markup:
    """Plain text, safe on a Markdown line and in the HTML MkDocs makes of it."""
    return Markup(escape_text(text))


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` of the site templates: every plain string through escape_text."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(escape_text(value, collapse=False))
    return value


def nav_title(text: str) -> str:
    """A title for MkDocs' navigation: Material prints nav titles as HTML."""
    return html.escape(" ".join(text.split()), quote=False)


# --- HTML from markdown-it-py ------------------------------------------------------------

#: markdown-it escapes '<' and '>' in text and attribute values, so a '<' always starts a tag.
_TAG_RE = re.compile(r"(<[^>]*>)")
_TAG_NAME_RE = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
#: Inside these elements no abbreviation is marked.
_SKIP = {"code", "pre", "abbr", "kbd", "samp", "script", "style", "svg", "title", "textarea"}


def inert_html(fragment: str, abbreviations: "Abbreviations | None" = None) -> Markup:
    """HTML made by markdown-it-py (or our templates), with its text made inert for Markdown.

    Text between tags is unescaped and escaped again with :func:`escape_text`
    (white space kept: ``<pre>`` blocks), abbreviations marked; in tags the
    characters of :data:`_ATTR_SPECIAL` become character references.
    """
    out: list[str] = []
    skipping: list[str] = []
    for part in _TAG_RE.split(fragment):
        if not part:
            continue
        if part.startswith("<"):
            match = _TAG_NAME_RE.match(part)
            name = match.group(1).lower() if match else ""
            if name in _SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                else:
                    skipping.append(name)
            out.append(part.translate(_ATTR_TABLE))
        else:
            text = html.unescape(part)
            if abbreviations is None or skipping:
                out.append(escape_text(text, collapse=False))
            else:
                out.append(abbreviations.mark(text, collapse=False))
    return Markup("".join(out))


# --- abbreviations ----------------------------------------------------------------------

#: What can be marked as an abbreviation: word characters and . & / + -, in parts
#: separated by single spaces ('B&W', 'Tw Oek').
_KEY_RE = re.compile(r"[\w.&/+-]+(?: [\w.&/+-]+)*")
#: A key starts where no word, '&', '/' or '-' goes before it ...
_START_RE = re.compile(r"(?<![\w&/-])(?=[\w.&/+-])")
#: ... and ends where no word character or '-' follows.
_WORDISH = re.compile(r"[\w-]")


class Abbreviations:
    """Marks known abbreviations in text as ``<abbr title="...">``.

    The first meaning of an abbreviation wins (the afkortingen register comes
    before organisations). Matching is leftmost, then longest: at each place a
    key may start, the key lengths that occur are tried longest first, each by
    a dict lookup, so the work grows with the text, not with the number of
    entries.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.titles: dict[str, str] = {}
        for short, meaning in entries:
            short = short.strip()
            if short and short not in self.titles and _KEY_RE.fullmatch(short):
                self.titles[short] = meaning
        self._lengths = sorted({len(k) for k in self.titles}, reverse=True)
        self._firsts = {k[0] for k in self.titles}
        self._tags = {k: f'<abbr title="{escape_text(v)}">{escape_text(k)}</abbr>' for k, v in self.titles.items()}
        self.lookups = 0  # dict lookups made: the tests check that marking stays linear

    def mark(self, text: Any, collapse: bool = True, seen: set[str] | None = None) -> Markup:
        """Plain text, escaped with :func:`escape_text`, abbreviations marked (and added to ``seen``)."""
        text = "" if text is None else str(text)
        if collapse:
            text = " ".join(text.split())
        if not self.titles or not text:
            return Markup(escape_text(text, collapse=False))
        out: list[str] = []
        done = 0
        for start in _START_RE.finditer(text):
            p = start.start()
            if p < done or text[p] not in self._firsts:
                continue
            for length in self._lengths:
                end = p + length
                if end > len(text) or (end < len(text) and _WORDISH.match(text, end)):
                    continue
                self.lookups += 1
                key = text[p:end]
                if key in self.titles:
                    if seen is not None:
                        seen.add(key)
                    out.append(escape_text(text[done:p], collapse=False))
                    out.append(self._tags[key])
                    done = end
                    break
        out.append(escape_text(text[done:], collapse=False))
        return Markup("".join(out))

    def __call__(self, fragment: str) -> Markup:
        """HTML (markdown-it's or escaped text): made inert, abbreviations marked."""
        return inert_html(fragment, self)


def slug(text: str) -> str:
    """A lowercase ascii slug for file names and generated ids."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "pagina"
