#!/usr/bin/env python3
"""Check every page of a built site with axe-core (WCAG 2.0/2.1 A and AA) in headless Chromium.

    npm ci                                  # once: installs the pinned axe-core
    python build.py                         # builds site/
    python scripts/axe_check.py [SITE_DIR]  # default: site/

Exit 0 when no page has a violation, 1 otherwise, 2 when chromium, axe-core or
playwright is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from haven_docs.site.axe import missing_requirements, run_axe  # noqa: E402


def main(argv: list[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else Path("site")
    missing = missing_requirements()
    if missing:
        print(f"axe_check: {missing}", file=sys.stderr)
        return 2
    if not (site / "index.html").is_file():
        print(f"axe_check: geen gebouwde site in {site}/ (eerst: python build.py)", file=sys.stderr)
        return 2
    count = pages = 0
    for page, violations in run_axe(site):
        pages += 1
        for violation in violations:
            count += 1
            print(violation)
    print(f"{pages} pagina's gecontroleerd, {count} overtredingen (WCAG 2.1 A/AA).", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
