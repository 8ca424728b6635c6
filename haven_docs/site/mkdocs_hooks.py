"""MkDocs hook (see mkdocs.yml ``hooks:``): every link in the generated pages must resolve.

MkDocs checks links written in Markdown, but not those inside raw HTML, and
nearly all links on this site are HTML (prose rendered by markdown-it). After
all pages are rendered (``on_env``) this hook follows every ``href`` and
``src`` in the page content to a page or file of the site and checks the
``#anchor`` against the ids on that page. Problems are logged as warnings, which
MkDocs' strict mode turns into a failed build. Links into ``pdf/`` are left
alone: the PDFs are written into the site after MkDocs has run.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import jinja2
from mkdocs.plugins import CombinedEvent, event_priority

log = logging.getLogger("mkdocs.plugins.haven_docs")

PDF_PREFIX = "pdf/"
OPEN_DATA_FILES = ("feed.xml", "open-data/haven-docs.json", "open-data/schema.json")
_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif (name == "href" and tag in ("a", "area", "link")) or (name == "src" and tag in ("img", "source")):
                self.links.append((tag, value))


#: Set by haven_docs.site.incremental: a JSON file with the anchors of every page
#: of the previous build, for pages that a dirty build does not render again.
ANCHORS_ENV = "HAVEN_DOCS_SITE_ANCHORS"


def _anchors_of(page, known: dict[str, list[str]]) -> set[str]:
    if page.content is None:  # not rendered in this (dirty) build
        return set(known.get(page.file.url, ()))
    return set(page.present_anchor_ids or ())


def check_links(pages: dict[str, object], static: set[str], known: dict[str, list[str]] | None = None) -> list[str]:
    """Problems with links in rendered pages; ``pages`` maps a page URL to its MkDocs page."""
    known = known or {}
    problems: list[str] = []
    for url, page in pages.items():
        parser = _Links()
        parser.feed(page.content or "")
        parser.close()
        name = page.file.src_uri
        for dup, count in Counter(parser.ids).items():
            if count > 1:
                problems.append(f"{name}: id '{dup}' staat {count} keer op de pagina")
        for tag, value in parser.links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto"):
                    problems.append(f"{name}: link '{value}' gebruikt een niet toegestaan protocol")
                continue
            target = urlsplit(urljoin("/" + url, value))
            path = unquote(target.path).lstrip("/")
            if path.startswith(PDF_PREFIX) and path.endswith(".pdf"):
                continue
            if path in OPEN_DATA_FILES:  # written after MkDocs, into the same folder (haven_docs.opendata)
                continue
            if path in pages or (path + "/") in pages:
                target_page = pages.get(path, pages.get(path + "/"))
                anchor = unquote(target.fragment)
                if anchor and anchor not in _anchors_of(target_page, known):
                    problems.append(f"{name}: link '{value}' wijst naar anker '#{anchor}', "
                                    f"dat niet bestaat op {target_page.file.src_uri}")
            elif path not in static:
                problems.append(f"{name}: link '{value}' wijst naar '{path}', dat niet bestaat")
    return problems


#: Between two table cells, definition terms and list items the HTML has no
#: whitespace; the search plugin (Material's, on ``on_page_context``) joins the
#: texts of adjacent elements as they are, so a snippet read
#: "Besluitnummernog niet bekend". The search plugin is given the page with a
#: line break between such elements (a space in its index); the published page
#: keeps its HTML as generated.
_ADJACENT_FIELDS = re.compile(
    r"(</(?:td|th|dt|dd|li|tr|caption|p|h[1-6]|figcaption|blockquote|div|ul|ol|table|section|figure"
    r"|svg|g|text|title|desc)>)(?=<(?!/))")


def separate_fields(html: str) -> str:
    """``html`` with a line break between adjacent cells and fields (outside <pre>)."""
    parts = re.split(r"(<pre[\s>].*?</pre>)", html, flags=re.S)
    for i in range(0, len(parts), 2):
        parts[i] = _ADJACENT_FIELDS.sub(r"\1\n", parts[i])
    return "".join(parts)


_UNSEPARATED: dict[str, tuple[str, str]] = {}  # page URL -> (page HTML, what search was given)


@event_priority(100)  # before the search plugin (priority 0)
def _separate_for_search(context, page, config, nav, **kwargs):
    separated = separate_fields(page.content or "")
    _UNSEPARATED[page.url] = (page.content, separated)
    page.content = separated
    return context


@event_priority(-100)  # after the search plugin: the page as generated
def _restore_after_search(context, page, config, nav, **kwargs):
    original, separated = _UNSEPARATED.pop(page.url, (None, None))
    if original is not None and page.content == separated:
        page.content = original
    return context


on_page_context = CombinedEvent(_separate_for_search, _restore_after_search)


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_FOOTNOTE_MARK = re.compile(r'<sup class="hd-voetnootref"[^>]*>.*?</sup>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def _toc_text(inner_html: str) -> str:
    """A heading's entry in the page's table of contents as Python-Markdown makes it: the
    heading's HTML without tags (entities kept), white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", _HEADERLINK.sub("", inner_html)).split())


def _toc_links(links):
    for link in links:
        yield link
        yield from _toc_links(link.children)


def on_page_content(html, page, config, files, **kwargs):
    """A footnote mark in a heading ("(korte termijn)<sup>7</sup>") is no part of the heading's
    entry in the page's table of contents: the entry reads "(korte termijn)", not "(korte termijn)7"."""
    marked = {m.group(2): m.group(3) for m in _HEADING.finditer(html) if _FOOTNOTE_MARK.search(m.group(3))}
    if marked:
        for link in _toc_links(page.toc):
            inner = marked.get(link.id)
            if inner is not None and " ".join(link.title.split()) == _toc_text(inner):
                link.title = _toc_text(_FOOTNOTE_MARK.sub("", inner))
    return html


def _known_anchors() -> dict[str, list[str]]:
    path = os.environ.get(ANCHORS_ENV)
    if not path:
        return {}
    try:
        return json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError):
        return {}


_PAGES: dict[str, object] = {}


def on_env(env, config, files, **kwargs):
    # The theme's 40 templates were compiled anew on every build (a sixth of a
    # one-page rebuild); Jinja's bytecode cache keys them by their source.
    env.bytecode_cache = _BYTECODE_CACHE
    pages = {file.url: file.page for file in files.documentation_pages() if file.page is not None}
    static = {file.url for file in files if not file.is_documentation_page()}
    for problem in check_links(pages, static, _known_anchors()):
        log.warning(problem)
    _PAGES.clear()
    _PAGES.update(pages)
    return env


def on_post_build(config, **kwargs):
    """Record every page's anchors for the next (dirty) build."""
    path = os.environ.get(ANCHORS_ENV)
    if not path:
        return
    anchors = _known_anchors()
    for url, page in _PAGES.items():
        if page.content is not None:
            anchors[url] = sorted(page.present_anchor_ids or ())
    anchors = {url: ids for url, ids in anchors.items() if url in _PAGES}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(anchors, handle, sort_keys=True)
