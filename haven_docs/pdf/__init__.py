"""PDFs for the griffie: every document of the checked corpus as an archival, tagged A4 PDF.

:func:`build_pdfs` is the whole step: print HTML for each document (in this
process, from the index), then WeasyPrint in a pool of worker processes that
stay alive between builds, then ``out_dir/<document-id>.pdf``. The output is
the same, byte for byte, whatever the number of workers and whether a PDF came
from the cache.

Modules: :mod:`.html` (document -> print HTML through ``templates/print/``),
:mod:`.fetcher` (the only files WeasyPrint may read), :mod:`.render`
(WeasyPrint, PDF/A-3a, XMP, attachment, reproducible dates).
"""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
import shutil
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable

from ..dependencies import Digests, RecordingIndex, Reads, RenderMemo, code_fingerprint
from ..diagnostics import ContentError, Diagnostic, Position
from ..index import Index, Node
from ..progress import Progress
from .html import PRINT_DIR, HtmlBuilder, PrintJob
from .render import PDF_VARIANT, RenderError, epoch_of, render_task, warm_up, worker_init

__all__ = ["build_pdfs", "print_jobs", "PdfPlan", "PrintJob"]

#: Bump when a change in this package changes the bytes of a PDF for the same input.
CACHE_VERSION = "1"

#: What the last build_pdfs did: number of documents and of PDFs actually rendered.
last_stats: dict[str, int] = {"documents": 0, "rendered": 0}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def print_jobs(index: Index, content_dir: Path) -> list[PrintJob]:
    """Print HTML and everything else a worker needs, for every document, in index order."""
    builder = HtmlBuilder(index, content_dir)
    return [builder.job(node) for node in index.documents()]


def build_pdfs(index: Index, content_dir: Path, out_dir: Path, jobs: int | None = None,
               cache_dir: Path | None = None, refresh_cache: bool = False,
               progress: "Progress | None" = None) -> list[Path]:
    """Write ``out_dir/<document-id>.pdf`` for every document; return the paths in index order.

    ``cache_dir`` keeps finished PDFs keyed by a hash of everything that goes
    into them (the print HTML, the YAML source, the stylesheet and assets, the
    renderer's versions); see :class:`PdfPlan`. ``refresh_cache`` renders
    everything anew and overwrites the cache. ``progress`` counts the PDFs
    that have to be rendered; :data:`last_stats` tells how many there were.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = PdfPlan(index, content_dir, cache_dir)
    cache = plan.cache
    results: dict[str, bytes] = {}
    todo: list[PrintJob] = []
    for node in plan.documents:
        if cache is None or refresh_cache or not (cache / f"{plan.keys[node.id]}.pdf").is_file():
            todo.append(plan.job(node))

    last_stats.update(documents=len(plan.documents), rendered=len(todo))
    errors: list[RenderError] = []
    if progress is not None:
        progress.start(len(todo))
    for doc_id, outcome in _render_all(todo, jobs or default_jobs(), progress.advance if progress else None):
        if isinstance(outcome, RenderError):
            errors.append(outcome)
        elif cache is not None:
            _write_atomic(cache / f"{plan.keys[doc_id]}.pdf", outcome)
        else:
            results[doc_id] = outcome
    if errors:
        raise ContentError([
            Diagnostic(Position(e.source), "pdf-error", e.message,
                       "pdf's gebruiken alleen bestanden uit templates/print/ en content/assets/")
            for e in errors
        ])
    plan.save()

    paths = []
    for node in plan.documents:
        path = out_dir / f"{node.id}.pdf"
        if cache is None:
            path.write_bytes(results[node.id])
        else:
            # Cache files are only ever replaced, never written in place: a link is as good as a copy.
            _link_or_copy(cache / f"{plan.keys[node.id]}.pdf", path)
        paths.append(path)
    return paths


class PdfPlan:
    """For every document of a corpus: the cache key of its PDF and, when needed, its print job.

    With a cache, a document whose inputs did not change since the last build
    is not even turned into print HTML: the render memo (see
    :mod:`haven_docs.dependencies`) remembers its key.
    """

    def __init__(self, index: Index, content_dir: Path, cache_dir: Path | None = None):
        self.index = index
        self.documents = index.documents()
        content_dir = Path(content_dir)
        self.fingerprint = _renderer_fingerprint(content_dir)
        self.cache = Path(cache_dir) / "pdf" if cache_dir is not None else None
        self.builder = HtmlBuilder(index, content_dir)
        self.memo = (RenderMemo(self.cache / "print.json", Digests(index),
                                _memo_fingerprint(self.fingerprint, content_dir))
                     if self.cache is not None else None)
        self.keys: dict[str, str] = {}
        self._jobs: dict[str, PrintJob] = {}
        for node in self.documents:
            key = self.memo.lookup(node.id, node.id) if self.memo is not None else None
            if key is not None:
                self.keys[node.id] = key
            else:
                self.job(node)

    def job(self, node: Node) -> PrintJob:
        """The print job of a document, noting what its print HTML reads."""
        if node.id not in self._jobs:
            reads = Reads()
            reads.add(("file", node.file.source.path))  # attached to the PDF as it is
            job = self._jobs[node.id] = self.builder.reading_through(RecordingIndex(self.index, reads)).job(node)
            key = self.keys[node.id] = _cache_key(job, self.fingerprint)
            if self.memo is not None:
                self.memo.store(node.id, node.id, reads, key)
        return self._jobs[node.id]

    def save(self) -> None:
        if self.memo is not None:
            self.memo.save()


# --- rendering, in this process or in a pool ----------------------------------------------------

_POOL: tuple[int, Executor] | None = None


def _pool(size: int) -> Executor:
    """A pool of ``size`` warm workers, kept for the next build (serve rebuilds often)."""
    global _POOL
    if _POOL is not None and _POOL[0] == size:
        return _POOL[1]
    shutdown_pool()
    # fork: the workers start in milliseconds and need no importable __main__
    # (forkserver and spawn re-import it; measured 2-3x slower for one build).
    executor = ProcessPoolExecutor(max_workers=size, initializer=worker_init,
                                   mp_context=multiprocessing.get_context("fork"))
    _POOL = (size, executor)
    return executor


def shutdown_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None


atexit.register(shutdown_pool)


def _render_all(todo: list[PrintJob], jobs: int,
                on_rendered: Callable[[], None] | None = None) -> Iterable[tuple[str, bytes | RenderError]]:
    if not todo:
        return []
    tick = on_rendered or (lambda: None)
    if jobs <= 1 or len(todo) == 1:
        results = []
        for job in todo:
            results.append(_render_here(job))
            tick()
        return results
    # Largest first, so one long document does not finish alone at the end.
    ordered = sorted(todo, key=lambda job: len(job.html), reverse=True)
    executor = _pool(min(jobs, default_jobs() * 4))
    futures = [(job.doc_id, executor.submit(render_task, job)) for job in ordered]
    results = []
    try:
        for doc_id, future in futures:
            try:
                results.append(future.result())
            except RenderError as exc:
                results.append((doc_id, exc))
            tick()
    except BrokenProcessPool:
        shutdown_pool()  # a worker died (out of memory?): the next build starts a new pool
        raise
    return results


def _render_here(job: PrintJob) -> tuple[str, bytes | RenderError]:
    # The render sets SOURCE_DATE_EPOCH; in this process, put it back afterwards.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        warm_up()
        return render_task(job)
    except RenderError as exc:
        return job.doc_id, exc
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


# --- cache ----------------------------------------------------------------------------------


def _renderer_fingerprint(content_dir: Path) -> str:
    """Everything outside the print HTML that can change a PDF's bytes."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("weasyprint", "pydyf", "fonttools", "tinycss2", "pyphen"):
        try:
            digest.update(f"{package}={version(package)}\n".encode())
        except Exception:  # noqa: BLE001 - a missing distribution just is not part of the key
            digest.update(f"{package}=?\n".encode())
    digest.update(f"variant={PDF_VARIANT};cache={CACHE_VERSION};python={sys.version_info[:2]}\n".encode())
    for own in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(own.name.encode() + b"\0" + own.read_bytes())
    for root in (PRINT_DIR, content_dir / "assets"):
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for font in sorted(Path("/usr/share/fonts/truetype/open-sans").glob("*.ttf")):
        stat = font.stat()
        digest.update(f"{font.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _memo_fingerprint(renderer: str, content_dir: Path) -> str:
    """Everything outside the corpus that shapes the print HTML (the corpus: see the memo's reads)."""
    digest = hashlib.sha256(renderer.encode())
    digest.update(code_fingerprint(PRINT_DIR, packages=("jinja2", "markupsafe", "markdown-it-py",
                                                        "mdit-py-plugins", "babel", "pydantic")).encode())
    digest.update(f"{content_dir.resolve()}\0{PRINT_DIR.resolve()}".encode())
    return digest.hexdigest()


def _cache_key(job: PrintJob, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for part in (job.doc_id, job.html, repr(job.info), job.source_name, job.source_shown, job.source_path,
                 str(epoch_of(job))):
        digest.update(part.encode() + b"\0")
    digest.update(job.source_bytes)
    return digest.hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not supported
        shutil.copyfile(source, target)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
