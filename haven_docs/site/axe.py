"""Accessibility check of a built site: axe-core in headless Chromium, every page.

axe-core comes from npm (``npm ci`` at the repository root installs the pinned
version from package-lock.json); Chromium is Debian's ``chromium`` package,
driven by Python playwright. Each page is served from http://127.0.0.1 by a
local http.server and checked against the WCAG 2.0 and 2.1 A and AA rules.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Violation:
    page: str
    rule: str
    impact: str | None
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" ..." if len(self.targets) > 3 else "")
        return f"/{self.page}: {self.rule} ({self.impact}): {self.help} [{where}]"


def missing_requirements() -> str | None:
    """Why the check cannot run here, or None."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "chromium ontbreekt (apt-get install chromium)"
    if not AXE_JS.exists():
        return "node_modules/axe-core ontbreekt (npm ci)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "python-pakket playwright ontbreekt (pip install -e '.[test]')"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def site_pages(root: Path) -> list[str]:
    """URLs (relative to the site root) of every HTML page of a built site."""
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


@contextlib.contextmanager
def _tab(root: Path, width: int, height: int):
    """One headless Chromium tab on the site in ``root`` served locally: yields (tab, base URL)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(root)
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="haven-axe-") as profile:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                args=CHROMIUM_ARGS, headless=True, viewport={"width": width, "height": height},
            )
            try:
                yield context.new_page(), base
            finally:
                context.close()
    finally:
        server.shutdown()
        server.server_close()


def run_axe(root: Path, pages: list[str] | None = None) -> Iterator[tuple[str, list[Violation]]]:
    """Check pages of the site in ``root``; yields (page, violations) per page."""
    pages = site_pages(root) if pages is None else pages
    axe_source = AXE_JS.read_text(encoding="utf-8")
    with _tab(root, 1280, 900) as (tab, base):
        for url in pages:
            tab.goto(base + url, wait_until="load")
            tab.add_script_tag(content=axe_source)
            result = tab.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                WCAG_TAGS,
            )
            yield url, [
                Violation(url, v["id"], v.get("impact"), v["help"],
                          [", ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                           for n in v["nodes"]])
                for v in result["violations"]
            ]


#: A phone's viewport (CSS pixels), as in scripts/site_screenshots.py.
PHONE = (390, 844)


def page_widths(root: Path, pages: list[str] | None = None, viewport: tuple[int, int] = PHONE
                ) -> Iterator[tuple[str, int]]:
    """The width of each page of the site in ``root`` at ``viewport``: yields (page,
    document.documentElement.scrollWidth). Wider than the viewport means the reader has to
    scroll the whole page sideways (a table must scroll inside its own box instead)."""
    pages = site_pages(root) if pages is None else pages
    with _tab(root, *viewport) as (tab, base):
        for url in pages:
            tab.goto(base + url, wait_until="load")
            yield url, tab.evaluate("() => document.documentElement.scrollWidth")
