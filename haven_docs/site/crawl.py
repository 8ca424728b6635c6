"""Crawl a built site: every internal link and #anchor must resolve.

Used by the tests and by ``scripts/axe_check.py``; works on the files in the
site folder, the way a web server would serve them (``dir/`` -> ``dir/index.html``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.append(value)
            elif name == "href" and tag in ("a", "link", "area"):
                self.links.append(value)
            elif name == "src" and tag in ("img", "script", "source"):
                self.links.append(value)


@dataclass
class SitePage:
    url: str  # site-root-relative URL: "", "documenten/visie/", "404.html"
    path: Path
    ids: list[str]
    links: list[str]


@dataclass
class Crawl:
    root: Path
    pages: dict[str, SitePage] = field(default_factory=dict)

    def resolve(self, page: SitePage, href: str) -> tuple[str, str] | None:
        """(target URL path, anchor) of an internal link; None for an external one."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        target = urlsplit(urljoin("/" + page.url, href))
        return unquote(target.path).lstrip("/"), unquote(target.fragment)

    def file_for(self, url_path: str) -> Path | None:
        candidate = self.root / url_path
        if url_path == "" or url_path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def problems(self, ignore_prefixes: tuple[str, ...] = ("pdf/",)) -> list[str]:
        found: list[str] = []
        for page in self.pages.values():
            for dup in sorted({i for i in page.ids if page.ids.count(i) > 1}):
                found.append(f"{page.url or '/'}: id '{dup}' komt meer dan eens voor")
            for href in page.links:
                resolved = self.resolve(page, href)
                if resolved is None:
                    continue
                path, anchor = resolved
                if path.startswith(ignore_prefixes):
                    continue
                target = self.page_for(path)
                if target is None:
                    if self.file_for(path) is None:
                        found.append(f"{page.url or '/'}: link '{href}' -> '{path}' bestaat niet")
                    continue
                if anchor and anchor not in target.ids:
                    found.append(f"{page.url or '/'}: link '{href}' -> anker '#{anchor}' ontbreekt op '{target.url}'")
        return found

    def page_for(self, url_path: str) -> SitePage | None:
        if url_path in self.pages:
            return self.pages[url_path]
        if url_path.endswith("index.html"):
            return self.pages.get(url_path[: -len("index.html")])
        return self.pages.get(url_path + "/") if not url_path.endswith("/") else None


def crawl(root: Path) -> Crawl:
    result = Crawl(root)
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        result.pages[url] = SitePage(url, path, parser.ids, parser.links)
    return result
