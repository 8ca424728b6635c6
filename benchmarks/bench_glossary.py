#!/usr/bin/env python3
"""Benchmark of the glossary: site build time against the number of abbreviations.

    python benchmarks/bench_glossary.py [--entries 500,1000,2000,5000]

The mini test corpus plus N entries in ``afkortingen``; times the check and the
site build (Markdown pages and MkDocs, no PDFs). The abbreviations were once a
Python-Markdown glossary appended to every page (quadratic: 2,000 entries took
36 s); they are now marked by haven_docs.site.text.Abbreviations, whose work
grows with the text, not with the number of entries.

Writes ``benchmarks/results/glossary.md`` and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from haven_docs.corpus import check_corpus  # noqa: E402
from haven_docs.site.builder import build_site  # noqa: E402


def measure(entries: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="haven-glossary-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "tests" / "corpora" / "mini", content)
        register = content / "registers" / "register.yaml"
        register.write_text(register.read_text(encoding="utf-8") + "".join(
            f"  - afkorting: AB{i}X\n    betekenis: Betekenis nummer {i} van een afkorting\n"
            for i in range(entries)), encoding="utf-8")
        start = time.perf_counter()
        index = check_corpus(content)
        checked = time.perf_counter()
        out = Path(tmp) / "site"
        out.mkdir()
        build_site(index, content, out)
        return checked - start, time.perf_counter() - checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", default="500,1000,2000,5000")
    args = parser.parse_args()
    measure(10)  # warm up imports and the template cache
    rows = []
    for n in (int(x) for x in args.entries.split(",")):
        check, site = measure(n)
        rows.append(f"| {n} | {check:.2f} | {site:.2f} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = "\n".join([
        "# Glossary benchmark",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, load {load:.1f} at the start.",
        "Mini corpus plus N abbreviations; seconds for the check and for the site build (no PDFs).",
        "",
        "| abbreviations | check (s) | site (s) |",
        "| --- | --- | --- |",
        *rows,
        "",
    ])
    (ROOT / "benchmarks" / "results" / "glossary.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
