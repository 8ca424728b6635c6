#!/usr/bin/env python3
"""Benchmark of the whole build at municipal scale, against the bare tools.

    python benchmarks/bench_build.py [--sizes 10 100 500 1000]

For each size N, on a corpus from ``make_corpus.py``:

* full build with one PDF worker and with all cores (``--no-cache``), as a
  writer runs it (``python build.py`` in a fresh process): total seconds,
  seconds per document, PDF pages per second, peak memory of the process tree
  (sampled from /proc), and the seconds per stage from the build's own summary;
* a one-file change (a sentence in one nota, three times) built incrementally
  after the all-cores build, against that full build; a build without any
  change; a change of one shared registry entry;
* bare WeasyPrint: the same print HTML files rendered one after another in a
  fresh process (``HTML(...).write_pdf()``, no tags, metadata or attachment);
* bare MkDocs: ``python -m mkdocs build`` on the same generated Markdown with
  the same theme and extensions (without our link-check hook).

Writes ``benchmarks/results/build.md`` with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pdf import BARE_SCRIPT, machine, standalone_html  # noqa: E402
from haven_docs.corpus import check_corpus  # noqa: E402
from haven_docs.pdf import default_jobs, print_jobs  # noqa: E402
from haven_docs.pdf.html import PRINT_DIR  # noqa: E402
from haven_docs.site import write_docs  # noqa: E402
from haven_docs.site.builder import mkdocs_nav  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "build.md"
STAGES = ("controle", "laden", "site", "pdf", "publiceren")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class PeakMemory(threading.Thread):
    """Largest sum of resident memory of a process and its descendants, sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = open(f"/proc/{entry}/stat").read()
                    ppid = int(stat.rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(entry))
                except (OSError, ValueError, IndexError):
                    continue
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            try:
                total += int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE_SIZE
            except (OSError, ValueError, IndexError):
                pass
            todo.extend(children.get(pid, ()))
        return total

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak = max(self.peak, self.tree_rss())


def run_build(content: Path, out: Path, *args: str) -> tuple[float, int, dict[str, float]]:
    """Seconds, peak memory (bytes) and the build's own stage seconds."""
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out), *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CI": "true"})
    sampler = PeakMemory(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{stderr}")
    summary = next(line for line in stderr.splitlines() if line.startswith("Gebouwd in"))
    stages = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+) s", summary.split("(", 1)[1])}
    reused = re.search(r"\((\d+) ongewijzigd uit de cache\)", summary)
    stages["pdf's uit de cache"] = float(reused.group(1)) if reused else 0.0
    return seconds, sampler.peak, stages


def pdf_pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in folder.glob("*.pdf"))


def bare_weasyprint(content: Path, work: Path) -> float:
    index = check_corpus(content)
    html_dir = work / "html"
    html_dir.mkdir()
    files = []
    for job in print_jobs(index, content):
        path = html_dir / f"{job.doc_id}.html"
        path.write_text(standalone_html(job.html), encoding="utf-8")
        files.append(str(path))
    (work / "bare-pdf").mkdir()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", BARE_SCRIPT, PRINT_DIR.as_uri() + "/", str(work / "bare-pdf"), *files],
                   check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def bare_mkdocs(content: Path, work: Path) -> float:
    import yaml

    index = check_corpus(content)
    docs = work / "md" / "docs"
    docs.mkdir(parents=True)
    plan = write_docs(index, content, docs)
    # Next to mkdocs.yml, so that its relative paths mean the same; our hook left out.
    config = ROOT / f".bench-mkdocs-{os.getpid()}.yml"
    config.write_text(
        f"INHERIT: mkdocs.yml\ndocs_dir: {docs}\nsite_dir: {work / 'bare-site'}\nhooks: []\n"
        + yaml.safe_dump({"nav": mkdocs_nav(plan.nav)}, allow_unicode=True),
        encoding="utf-8",
    )
    try:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True,
                       cwd=ROOT, capture_output=True, text=True)
        return time.perf_counter() - started
    finally:
        config.unlink(missing_ok=True)


def change_one_file(content: Path, which: int = 0) -> None:
    """Change one sentence of one nota (the ``which``-th from the middle), as a writer would."""
    import yaml

    from benchmarks.make_corpus import HEADER, _NoAliasDumper

    notas = sorted((content / "documenten").glob("nota-*.yaml"))
    nota = notas[(len(notas) // 2 + which) % len(notas)]
    data = yaml.safe_load(nota.read_text(encoding="utf-8"))
    blok = data["secties"][0]["inhoud"][0]
    blok["tekst"] = "Gewijzigd voor de meting. " + blok["tekst"]
    nota.write_text(HEADER + yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


def rename_organisation(content: Path) -> None:
    """A shared registry entry changes: the uitvoeringsprogramma's partner gets its full name."""
    register = content / "registers" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    assert "naam: Vluchtelingenwerk\n" in text
    register.write_text(text.replace("naam: Vluchtelingenwerk\n", "naam: VluchtelingenWerk Oost-Nederland\n"),
                        encoding="utf-8")


def measure(size: int, work: Path) -> dict:
    content = work / "content"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "--documents", str(size),
                    "--out", str(content)], check=True, capture_output=True)
    documents = len(list((content / "documenten").glob("*.yaml")))
    one, one_peak, one_stages = run_build(content, work / "site-1", "--jobs", "1", "--no-cache")
    pages = pdf_pages(work / "site-1" / "pdf")
    cores, cores_peak, cores_stages = run_build(content, work / "site-n", "--no-cache")
    # Three one-file changes (three notas), each built incrementally: the median counts.
    incremental_runs = []
    for which in range(3):
        change_one_file(content, which)
        incremental_runs.append(run_build(content, work / "site-n"))
    incremental_runs.sort(key=lambda run: run[0])
    incremental, _, incremental_stages = incremental_runs[1]
    unchanged, _, _ = run_build(content, work / "site-n")
    rename_organisation(content)
    registry, _, registry_stages = run_build(content, work / "site-n")
    bare_pdf = bare_weasyprint(content, work)
    bare_site = bare_mkdocs(content, work)
    return dict(size=size, documents=documents, pages=pages, one=one, one_peak=one_peak, one_stages=one_stages,
                cores=cores, cores_peak=cores_peak, cores_stages=cores_stages, incremental=incremental,
                incremental_all=[run[0] for run in incremental_runs], incremental_stages=incremental_stages,
                unchanged=unchanged, registry=registry, registry_stages=registry_stages,
                bare_pdf=bare_pdf, bare_site=bare_site)


def report(rows: list[dict]) -> str:
    jobs = default_jobs()
    lines = [
        "# Build benchmark",
        "",
        f"Written by `benchmarks/bench_build.py` on {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        *machine(),
        "",
        "Corpora from `benchmarks/make_corpus.py --documents N` (N decision documents plus a visie and an",
        "uitvoeringsprogramma). Every build is `python build.py` in a fresh process, as a writer runs it.",
        "",
        "## Full builds",
        "",
        "| N | documents | PDF pages | 1 job: s | s/doc | pages/s | peak MB | "
        f"{jobs} jobs: s | s/doc | pages/s | peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['documents']} | {r['pages']} | {r['one']:.1f} | {r['one'] / r['documents']:.3f} | "
            f"{r['pages'] / r['one']:.1f} | {r['one_peak'] / 2**20:.0f} | {r['cores']:.1f} | "
            f"{r['cores'] / r['documents']:.3f} | {r['pages'] / r['cores']:.1f} | {r['cores_peak'] / 2**20:.0f} |"
        )
    lines += [
        "",
        "## Against the bare tools (same inputs)",
        "",
        "Bare WeasyPrint renders the same print HTML one file after another in one process; bare MkDocs",
        "builds the same generated Markdown. The targets: a full build with 1 job within 1.2x of their",
        "sum, clearly below it with all cores. With 1 job, one worker process renders the PDFs while",
        "the build process writes the site, so our PDF step runs from the start of the site stage to",
        "the end of the pdf stage.",
        "",
        "| N | bare WeasyPrint s | bare MkDocs s | sum | ours 1 job | ratio | ours all cores | ratio | "
        "our PDF step / bare WeasyPrint | our site step / bare MkDocs |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        total = r["bare_pdf"] + r["bare_site"]
        lines.append(
            f"| {r['size']} | {r['bare_pdf']:.1f} | {r['bare_site']:.1f} | {total:.1f} | {r['one']:.1f} | "
            f"{r['one'] / total:.2f} | {r['cores']:.1f} | {r['cores'] / total:.2f} | "
            f"{(r['one_stages']['site'] + r['one_stages']['pdf']) / r['bare_pdf']:.2f} | "
            f"{r['one_stages']['site'] / r['bare_site']:.2f} |"
        )
    lines += [
        "",
        "## Incremental builds (after the all-cores build)",
        "",
        "One file: one sentence in one nota, three times (three notas); the median counts, all three",
        "are listed. Nothing: a build with no change at all (the fixed cost). Registry entry: one",
        "organisation's name in the shared register, which the uitvoeringsprogramma shows. Stages",
        "overlap: the PDF workers render while the site is written; `pdf` is the wait after it.",
        "",
        "| N | full s | one file s | share | runs | nothing s | registry entry s (PDFs rendered) | "
        "stages of the median one-file build |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for r in rows:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["incremental_stages"].items() if k != "pdf's uit de cache")
        runs = " / ".join(f"{v:.2f}" for v in r["incremental_all"])
        rendered = r["documents"] - int(r["registry_stages"]["pdf's uit de cache"])
        lines.append(f"| {r['size']} | {r['cores']:.1f} | {r['incremental']:.2f} | "
                     f"{100 * r['incremental'] / r['cores']:.1f}% | {runs} | {r['unchanged']:.2f} | "
                     f"{r['registry']:.2f} ({rendered}) | {stages} |")
    lines += [
        "",
        "## Where the time goes (stages of the 1-job full build, seconds)",
        "",
        "`pdf` is the wait for the PDF workers after the site is written (they render during `site`).",
        "",
        "| N | " + " | ".join(STAGES) + " |",
        "| ---: | " + " | ".join("---:" for _ in STAGES) + " |",
    ]
    for r in rows:
        lines.append(f"| {r['size']} | " + " | ".join(f"{r['one_stages'].get(k, 0):.1f}" for k in STAGES) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 500, 1000])
    args = parser.parse_args(argv)
    rows = []
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"haven-bench-{size}-") as tmp:
            rows.append(measure(size, Path(tmp)))
            print(f"N={size} klaar: {rows[-1]['one']:.1f} s (1 job), {rows[-1]['cores']:.1f} s (alle kernen)",
                  file=sys.stderr, flush=True)
            shutil.rmtree(tmp, ignore_errors=True)
        RESULTS.write_text(report(rows), encoding="utf-8")  # keep what is measured so far
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
