"""Where every node lives on the site: id -> page and anchor, and relative URLs.

Pages are addressed by their Markdown path in the generated docs folder
(``documenten/visie/pijlers.md``). MkDocs serves them with directory URLs
(``documenten/visie/pijlers/``); links in generated HTML are relative to the
page they are on, so the site works under any base URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache


def page_url(path: str) -> str:
    """The site URL (relative to the site root) of a docs page, as MkDocs makes it."""
    stem, _ext = posixpath.splitext(path)
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_page: str, target: str) -> str:
    """URL of ``target`` (a site-root-relative URL, may have #anchor) as seen from a page."""
    path, _, anchor = target.partition("#")
    if path == page_url(from_page):
        return f"#{anchor}" if anchor else "./"
    return _relative_path(from_page, path) + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=65536)
def _relative_path(from_page: str, path: str) -> str:
    # Pure and called for every link on every page: worth remembering.
    base = page_url(from_page) or "./"
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if rel == ".":
        rel = "./"
    elif path.endswith("/") or not path:
        rel = rel.rstrip("/") + "/"
    return rel


@dataclass(frozen=True)
class Location:
    page: str  # docs path of the page
    anchor: str | None  # element id on that page; None: the top of the page

    @property
    def url(self) -> str:
        """Site-root-relative URL."""
        return page_url(self.page) + (f"#{self.anchor}" if self.anchor else "")


class Linker:
    """Maps node ids to their location and makes relative links between pages."""

    def __init__(self, locations: dict[str, Location]):
        self.locations = locations

    def location(self, node_id: str) -> Location | None:
        return self.locations.get(node_id)

    def href(self, node_id: str, from_page: str) -> str | None:
        location = self.locations.get(node_id)
        if location is None:
            return None
        return relative_url(from_page, location.url)

    def url(self, from_page: str, to_page: str, anchor: str | None = None) -> str:
        return relative_url(from_page, page_url(to_page) + (f"#{anchor}" if anchor else ""))
