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
from ..bundles import BUNDLE_FOLDER, bundle_parts, has_bundle
from ..diagnostics import ContentError, Diagnostic, Position
from ..index import Index, Node
from ..publish import publish_copy, write_atomic
from ..progress import Progress
from .html import PDF_VARIANT, PRINT_DIR, HtmlBuilder, PrintJob, RenderError, epoch_of
from .pool import default_jobs, shutdown_pool, submit

__all__ = ["build_pdfs", "start_pdfs", "shutdown_pool", "default_jobs", "print_jobs", "bundle_jobs", "PdfPlan",
           "PrintJob"]

#: Bump when a change in this package changes the bytes of a PDF for the same input.
CACHE_VERSION = "1"

#: Memo and cache name of a document's bundle: "bundel:<id>" (':' is in no id).
BUNDLE_PREFIX = "bundel:"

#: What the last build_pdfs did: number of documents and of their PDFs actually rendered,
#: number of bundles (pdf/bundel/<id>.pdf) and of those rendered.
last_stats: dict[str, int] = {"documents": 0, "rendered": 0, "bundles": 0, "bundles_rendered": 0}


def print_jobs(index: Index, content_dir: Path) -> list[PrintJob]:
    """Print HTML and everything else a worker needs, for every document, in index order."""
    builder = HtmlBuilder(index, content_dir)
    return [builder.job(node) for node in index.documents()]


def bundle_jobs(index: Index, content_dir: Path) -> dict[str, PrintJob]:
    """The print jobs of every bundle, by name ("bundel:<id>"), in index order."""
    builder = HtmlBuilder(index, content_dir)
    return {BUNDLE_PREFIX + node.id: builder.bundle_job(node) for node in index.documents() if has_bundle(index, node)}


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
        todo = [(node.id, plan.job(node)) for node in plan.documents
                if cache is None or refresh_cache or not plan.cached(node.id).is_file()]
        bundles = [(name, plan.bundle_job(name)) for name in plan.bundles
                   if cache is None or refresh_cache or not plan.cached(name).is_file()]
        last_stats.update(documents=len(plan.documents), rendered=len(todo),
                          bundles=len(plan.bundles), bundles_rendered=len(bundles))
        todo += bundles
        # Largest first, so one long document does not finish alone at the end.
        todo.sort(key=lambda named: len(named[1].html), reverse=True)
        self.futures: list[tuple[str, Future]] = [(name, submit(job, jobs, needed=len(todo)))
                                                  for name, job in todo]
        if progress is not None:
            # Only now: the workers are forked by the first submit, before the bar's thread runs.
            progress.start(len(todo))
            for _doc_id, future in self.futures:
                future.add_done_callback(lambda done: done.cancelled() or progress.advance())

        #: the bundles written by finish (its return value lists the documents' own PDFs)
        self.bundle_paths: list[Path] = []

    def cancel(self) -> None:
        for _doc_id, future in self.futures:
            future.cancel()

    def finish(self, out_dir: Path) -> list[Path]:
        plan, cache = self.plan, self.plan.cache
        results: dict[str, bytes] = {}
        errors: list[RenderError] = []
        try:
            for name, future in self.futures:
                try:
                    _doc_id, pdf = future.result()
                except RenderError as exc:
                    errors.append(exc)
                    continue
                if cache is not None:
                    write_atomic(plan.cached(name), pdf)
                else:
                    results[name] = pdf
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
            _prune(cache, {plan.keys[node.id] for node in plan.documents})
            _prune(cache / BUNDLE_FOLDER, {plan.keys[name] for name in plan.bundles})

        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        if plan.bundles:
            (out_dir / BUNDLE_FOLDER).mkdir(exist_ok=True)
        paths = []
        for name in [node.id for node in plan.documents] + plan.bundles:
            path = out_dir / f"{plan.output(name)}.pdf"
            if cache is None:
                path.write_bytes(results[name])
            else:
                publish_copy(plan.cached(name), path)
            if not name.startswith(BUNDLE_PREFIX):
                paths.append(path)
            else:
                self.bundle_paths.append(path)
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
        #: memo names of the bundles ("bundel:<id>"), in index order
        self.bundles: list[str] = [BUNDLE_PREFIX + node.id for node in self.documents if has_bundle(index, node)]
        for name in self.bundles:
            key = self.memo.lookup(name, self._bundle_own(name)) if self.memo is not None else None
            if key is not None:
                self.keys[name] = key
            else:
                self.bundle_job(name)

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

    def bundle_job(self, name: str) -> PrintJob:
        """The print job of a bundle (``bundel:<id>``), noting what its print HTML reads."""
        if name not in self._jobs:
            node = self.index.get(name.removeprefix(BUNDLE_PREFIX))
            reads = Reads()
            for part in bundle_parts(self.index, node):  # every part's YAML is attached
                reads.add(("file", self.index.get(part.doc_id).file.source.path))
            job = self._jobs[name] = self.builder.reading_through(RecordingIndex(self.index, reads)).bundle_job(node)
            key = self.keys[name] = _cache_key(job, self.fingerprint)
            if self.memo is not None:
                self.memo.store(name, self._bundle_own(name), reads, key)
        return self._jobs[name]

    def cached(self, name: str) -> Path:
        """Where the cache keeps the PDF of a document id or a bundle name."""
        folder = self.cache / BUNDLE_FOLDER if name.startswith(BUNDLE_PREFIX) else self.cache
        return folder / f"{self.keys[name]}.pdf"

    @staticmethod
    def output(name: str) -> str:
        """A PDF's path in pdf/ without '.pdf': '<id>', or 'bundel/<id>' for a bundle."""
        if name.startswith(BUNDLE_PREFIX):
            return f"{BUNDLE_FOLDER}/{name.removeprefix(BUNDLE_PREFIX)}"
        return name

    def _own(self, node: Node) -> str:
        return f"{node.id}\0{self.builder.undated(node).isoformat()}"

    def _bundle_own(self, name: str) -> str:
        """Each part's own inputs (its undated fallback date); what the parts are is in the reads."""
        node = self.index.get(name.removeprefix(BUNDLE_PREFIX))
        return "\0\0".join(self._own(self.index.get(part.doc_id)) for part in bundle_parts(self.index, node))

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
                 str(epoch_of(job)), repr(job.parts)):
        digest.update(part.encode() + b"\0")
    digest.update(job.source_bytes)
    for name, shown, raw in job.attachments:
        digest.update(f"\0{name}\0{shown}\0".encode() + raw)
    return digest.hexdigest()


def _prune(cache: Path, keep: set[str]) -> None:
    """Forget the PDFs this build does not use, so the cache does not grow with every edit.

    The published PDFs are copies: they stay.
    """
    for path in cache.glob("*.pdf"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
