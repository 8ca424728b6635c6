#!/usr/bin/env python3
"""Benchmark of the PDF step: seconds per page, and our step against bare WeasyPrint.

    python benchmarks/bench_pdf.py [--content DIR | --documents N] [--jobs N] [--repeat R]

Measures, on the same print HTML:

* **ours**: ``haven_docs.pdf.build_pdfs`` as ``build.py`` runs it (print HTML
  from the index, PDF/A-3a with tags, XMP, attachment, the asset fetcher,
  worker processes, files written), without the cache; "cold" starts a new
  worker pool (as a first build does), "warm" reuses it (as ``serve`` does).
* **bare**: the same HTML files rendered one after another by plain
  WeasyPrint (``HTML(...).write_pdf()``, no variant, no tags, no metadata,
  default fetcher) in a fresh Python process, import included.
* **per PDF**: each document rendered alone in this process (warm), with its
  page count, and the same document through bare WeasyPrint.

Writes ``benchmarks/results/pdf.md`` (with the machine and its load, since
other work on the machine changes the numbers) and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from haven_docs.corpus import check_corpus  # noqa: E402
from haven_docs.pdf import build_pdfs, default_jobs, print_jobs, shutdown_pool  # noqa: E402
from haven_docs.pdf.html import PRINT_DIR  # noqa: E402
from haven_docs.pdf.render import render_pdf, warm_up  # noqa: E402

BARE_SCRIPT = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from weasyprint import HTML
imported = time.perf_counter()
base = sys.argv[1]
for html in sys.argv[3:]:
    HTML(filename=html, base_url=base).write_pdf(Path(sys.argv[2]) / (Path(html).stem + ".pdf"))
print(imported - started, time.perf_counter() - imported)
"""

BARE_ONE = """
import sys, time
from weasyprint import HTML
HTML(filename=sys.argv[2], base_url=sys.argv[1]).write_pdf()  # warm up fonts and caches
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    HTML(filename=sys.argv[2], base_url=sys.argv[1]).write_pdf()
    times.append(time.perf_counter() - t)
print(min(times))
"""


def standalone_html(html: str) -> str:
    """The print HTML as a plain WeasyPrint user would render it: linking the house style.

    Our renderer hands WeasyPrint the parsed stylesheet instead of a <link>.
    """
    return html.replace("</head>", '<link rel="stylesheet" href="print.css">\n</head>', 1)


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    from importlib.metadata import version

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return [
        f"- machine: {platform.system()} {platform.release()}, {platform.machine()}, {cpu}",
        f"- cores available: {default_jobs()}, memory {memory}",
        f"- Python {platform.python_version()}, WeasyPrint {version('weasyprint')}, pydyf {version('pydyf')}, "
        f"fontTools {version('fonttools')}",
        f"- load average at start: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)",
    ]


def timed(function, repeat: int) -> list[float]:
    results = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        results.append(time.perf_counter() - started)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--documents", type=int, default=None,
                        help="benchmark a synthetic corpus of N decision documents (benchmarks/make_corpus.py)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pdf.md")
    args = parser.parse_args(argv)
    jobs = args.jobs or default_jobs()
    header = machine()

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        content = args.content
        label = f"`{content.relative_to(ROOT) if content.is_relative_to(ROOT) else content}`"
        if args.documents:
            content = tmp / "content"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"),
                            "--documents", str(args.documents), "--out", str(content)], check=True)
            label = f"synthetic corpus, {args.documents} decision documents (make_corpus.py)"
        index = check_corpus(content)
        jobs_list = print_jobs(index, content)
        html_dir = tmp / "html"
        html_dir.mkdir()
        html_files = []
        for job in jobs_list:
            path = html_dir / f"{job.doc_id}.html"
            path.write_text(standalone_html(job.html), encoding="utf-8")
            html_files.append(str(path))

        # ours, cold: a new pool each time (the first build of a session)
        def ours_cold(n=jobs):
            shutdown_pool()
            build_pdfs(index, content, tmp / "ours", jobs=n, cache_dir=None, refresh_cache=False)

        cold = timed(ours_cold, args.repeat)
        warm = timed(lambda: build_pdfs(index, content, tmp / "ours", jobs=jobs), args.repeat)
        cold_one = timed(lambda: ours_cold(1), args.repeat)
        shutdown_pool()
        pages = {p.stem: len(PdfReader(p).pages) for p in (tmp / "ours").glob("*.pdf")}
        total_pages = sum(pages.values())

        # bare WeasyPrint, in a fresh process, serial, same HTML files
        bare_runs, bare_import = [], []
        (tmp / "bare").mkdir()
        for _ in range(args.repeat):
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", BARE_SCRIPT, PRINT_DIR.as_uri() + "/", str(tmp / "bare"),
                                  *html_files], check=True, capture_output=True, text=True, cwd=tmp)
            bare_runs.append(time.perf_counter() - started)
            bare_import.append(float(out.stdout.split()[0]))

        # per document, warm, in this process (ours) and in a warm bare process
        warm_up()
        per_doc = []
        for job in jobs_list:
            ours_doc = min(timed(lambda: render_pdf(job), args.repeat))
            bare = subprocess.run([sys.executable, "-c", BARE_ONE, PRINT_DIR.as_uri() + "/",
                                   str(html_dir / f"{job.doc_id}.html"), str(args.repeat)],
                                  check=True, capture_output=True, text=True)
            per_doc.append((job.doc_id, pages[job.doc_id], ours_doc, float(bare.stdout.strip())))

    best = min
    lines = [
        "# PDF step: benchmark",
        "",
        f"Written by `benchmarks/bench_pdf.py` on {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        *header,
        f"- corpus: {label}: {len(jobs_list)} PDFs, {total_pages} pages; best of {args.repeat} runs",
        "",
        "## The whole step",
        "",
        "| run | seconds | s/page | vs bare WeasyPrint |",
        "| --- | ---: | ---: | ---: |",
        f"| bare WeasyPrint, 1 process, serial (import {best(bare_import):.2f} s incl.) | {best(bare_runs):.2f} | "
        f"{best(bare_runs) / total_pages:.3f} | 1.00 |",
        f"| ours, 1 worker (in this process) | {best(cold_one):.2f} | {best(cold_one) / total_pages:.3f} | "
        f"{best(cold_one) / best(bare_runs):.2f} |",
        f"| ours, {jobs} workers, new pool | {best(cold):.2f} | {best(cold) / total_pages:.3f} | "
        f"{best(cold) / best(bare_runs):.2f} |",
        f"| ours, {jobs} workers, warm pool (serve) | {best(warm):.2f} | {best(warm) / total_pages:.3f} | "
        f"{best(warm) / best(bare_runs):.2f} |",
        "",
        "Ours includes the print HTML (Jinja, Markdown, references), PDF/A-3a with tags, XMP,",
        "the YAML attachment, the asset fetcher and writing the files; bare WeasyPrint renders the",
        "same HTML files untagged, without metadata or attachment. No cache in either.",
        "",
        "## Per PDF (one document alone, warm process)",
        "",
        "| PDF | pages | ours s | ours s/page | bare s | bare s/page | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for doc_id, n, ours_doc, bare_doc in sorted(per_doc, key=lambda row: -row[1]):
        lines.append(f"| {doc_id} | {n} | {ours_doc:.2f} | {ours_doc / n:.3f} | {bare_doc:.2f} | "
                     f"{bare_doc / n:.3f} | {ours_doc / bare_doc:.2f} |")
    ours_total = sum(row[2] for row in per_doc)
    bare_total = sum(row[3] for row in per_doc)
    lines += [
        f"| **all** | {total_pages} | {ours_total:.2f} | {ours_total / total_pages:.3f} | {bare_total:.2f} | "
        f"{bare_total / total_pages:.3f} | {ours_total / bare_total:.2f} |",
        "",
        f"Median s/page over the PDFs (ours): {statistics.median(r[2] / r[1] for r in per_doc):.3f}.",
        "",
    ]
    report = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
