#!/usr/bin/env python3
"""Screenshots of site pages at desktop and phone width, to look at the site as a reader.

    python scripts/site_screenshots.py SITE_DIR OUT_DIR [page/url/ ...]

Serves SITE_DIR on 127.0.0.1 and writes OUT_DIR/<name>-desktop.png and
-phone.png (full page) with Debian's chromium through playwright.
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    site, out = Path(argv[1]), Path(argv[2])
    pages = argv[3:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            browser = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS,
                                                           headless=True)
            page = browser.new_page()
            for url in pages:
                name = url.strip("/").replace("/", "_").replace("#", "_") or "start"
                for label, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
