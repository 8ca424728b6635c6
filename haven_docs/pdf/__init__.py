"""PDFs for the griffie: every document of the checked corpus as an archival, tagged A4 PDF.

:func:`build_pdfs` is the whole step: print HTML for each document whose
inputs changed (in this process, from the index; see :class:`PdfPlan`), then
WeasyPrint in a pool of worker processes that stay alive between builds, then
``out_dir/<document-id>.pdf``. The build
uses its two halves, :func:`start_pdfs` and :meth:`PdfRun.finish`, to write
the site while the workers render. The output is the same, byte for byte,
whatever the number of workers and whether a PDF came from the cache.

Modules: :mod:`.html` (document -> print HTML through ``templates/print/``),
:mod:`.pool` (the worker processes), :mod:`.fetcher` (the only files
WeasyPrint may read), :mod:`.render` (WeasyPrint, PDF/A-3a, XMP,
attachment, reproducible dates; only imported in the workers).
"""

from __future__ import annotations

import hashlib
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..dependencies import Digests, RecordingIndex, Reads, RenderMemo, code_fingerprint, folder_digest, versions_digest
from ..diagnostics import ContentError, Diagnostic, Position
from ..index import Index, Node
from ..publish import publish_copy, write_atomic
from ..progress import Progress
from .html import PDF_VARIANT, PRINT_DIR, HtmlBuilder, PrintJob, RenderError, epoch_of
from .pool import default_jobs, shutdown_pool, submit

__all__ = ["build_pdfs", "start_pdfs", "shutdown_pool", "default_jobs", "print_jobs", "PdfPlan",
           "PrintJob"]

#: Bump when a change in this package changes the bytes of a PDF for the same input.
CACHE_VERSION = "1"

#: What the last build_pdfs did: number of documents and of PDFs actually rendered.
last_stats: dict[str, int] = {"documents": 0, "rendered": 0}


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
    return start_pdfs(index, content_dir, jobs, cache_dir, refresh_cache, progress).finish(out_dir)


def start_pdfs(index: Index, content_dir: Path, jobs: int | None = None, cache_dir: Path | None = None,
               refresh_cache: bool = False, progress: "Progress | None" = None) -> "PdfRun":
    """Hand the PDFs that must be rendered to the workers and return at once (see :func:`build_pdfs`).

    The build writes the site meanwhile, then calls :meth:`PdfRun.finish`.
    """
    return PdfRun(PdfPlan(index, content_dir, cache_dir), jobs, refresh_cache, progress)


class PdfRun:
    """PDFs being rendered by the workers; :meth:`finish` waits and writes them out."""

    def __init__(self, plan: "PdfPlan", jobs: int | None, refresh_cache: bool, progress: "Progress | None"):
        self.plan = plan
        cache = plan.cache
        todo = [plan.job(node) for node in plan.documents
                if cache is None or refresh_cache or not (cache / f"{plan.keys[node.id]}.pdf").is_file()]
        last_stats.update(documents=len(plan.documents), rendered=len(todo))
        # Largest first, so one long document does not finish alone at the end.
        todo.sort(key=lambda job: len(job.html), reverse=True)
        self.futures: list[tuple[str, Future]] = [(job.doc_id, submit(job, jobs, needed=len(todo)))
                                                  for job in todo]
        if progress is not None:
            # Only now: the workers are forked by the first submit, before the bar's thread runs.
            progress.start(len(todo))
            for _doc_id, future in self.futures:
                future.add_done_callback(lambda done: done.cancelled() or progress.advance())

    def cancel(self) -> None:
        for _doc_id, future in self.futures:
            future.cancel()

    def finish(self, out_dir: Path) -> list[Path]:
        plan, cache = self.plan, self.plan.cache
        results: dict[str, bytes] = {}
        errors: list[RenderError] = []
        try:
            for doc_id, future in self.futures:
                try:
                    _doc_id, pdf = future.result()
                except RenderError as exc:
                    errors.append(exc)
                    continue
                if cache is not None:
                    write_atomic(cache / f"{plan.keys[doc_id]}.pdf", pdf)
                else:
                    results[doc_id] = pdf
        except BrokenProcessPool:
            shutdown_pool()  # a worker died (out of memory?): the next build starts a new pool
            raise
        if errors:
            raise ContentError([
                Diagnostic(Position(e.source), "pdf-error", e.message,
                           "pdf's gebruiken alleen bestanden uit templates/print/ en content/assets/")
                for e in errors
            ])
        plan.save()
        if cache is not None:
            _prune(cache, set(plan.keys.values()))

        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for node in plan.documents:
            path = out_dir / f"{node.id}.pdf"
            if cache is None:
                path.write_bytes(results[node.id])
            else:
                publish_copy(cache / f"{plan.keys[node.id]}.pdf", path)
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
        # The edition is part of every PDF's key: an internal PDF never lands in a public build.
        self.fingerprint = _renderer_fingerprint(content_dir, index.edition())
        self.cache = Path(cache_dir) / "pdf" if cache_dir is not None else None
        self.builder = HtmlBuilder(index, content_dir)
        self.memo = (RenderMemo(self.cache / "print.json", Digests(index),
                                _memo_fingerprint(self.fingerprint, content_dir))
                     if self.cache is not None else None)
        self.keys: dict[str, str] = {}
        self._jobs: dict[str, PrintJob] = {}
        for node in self.documents:
            # An undated document's PDF date is its file's last commit (pdf/dates.py): part of its key.
            key = self.memo.lookup(node.id, self._own(node)) if self.memo is not None else None
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
                self.memo.store(node.id, self._own(node), reads, key)
        return self._jobs[node.id]

    def _own(self, node: Node) -> str:
        return f"{node.id}\0{self.builder.undated(node).isoformat()}"

    def save(self) -> None:
        if self.memo is not None:
            self.memo.save()


# --- cache ----------------------------------------------------------------------------------


#: This package's code as it was when it was loaded: that is the code that renders, also
#: in `serve` after someone edits it (the workers keep running the loaded code).
_LOADED_CODE = folder_digest(Path(__file__).parent)


def _renderer_fingerprint(content_dir: Path, edition: str = "openbaar") -> str:
    """Everything outside the print HTML that can change a PDF's bytes (the fonts are in PRINT_DIR),
    and the edition (public or internal) it is made for."""
    digest = hashlib.sha256(f"uitgave={edition}\n".encode())
    digest.update(versions_digest(("weasyprint", "pydyf", "fonttools", "tinycss2", "pyphen")).encode())
    digest.update(f"variant={PDF_VARIANT};cache={CACHE_VERSION};python={sys.version_info[:2]}\n".encode())
    digest.update(_LOADED_CODE.encode())
    for root in (PRINT_DIR, content_dir / "assets"):
        digest.update(folder_digest(root).encode())
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


def _prune(cache: Path, keep: set[str]) -> None:
    """Forget the PDFs this build does not use, so the cache does not grow with every edit.

    The published PDFs are copies: they stay.
    """
    for path in cache.glob("*.pdf"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
