#!/usr/bin/env python3
"""Screenshots of site pages at desktop and phone width, to look at the site as a reader.

    python scripts/site_screenshots.py SITE_DIR OUT_DIR [page/url/ ...]

Serves SITE_DIR on 127.0.0.1 and writes OUT_DIR/<name>-desktop.png and
-phone.png (full page) with Debian's chromium through playwright.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The same local server and Chromium settings as the accessibility check.
from haven_docs.site.axe import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    site, out = Path(argv[1]), Path(argv[2])
    pages = argv[3:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            browser = p.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
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
