"""The build: check the corpus, render the site and the PDFs, publish atomically."""

from __future__ import annotations

import gc
import shutil
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import openbaarheid
from .bundles import BUNDLE_FOLDER
from .corpus import check_corpus
from .filecache import ParsedFiles
from .diagnostics import ContentError, Diagnostic, Position
from .index import Index
from .loader import display_path
from .progress import Progress
from .publish import check_output_dir, output_lock, staged_output
from .uitgave import Uitgave


@dataclass
class BuildReport:
    """What a build did: seconds per stage, and how much had to be rendered anew."""

    index: Index
    pdfs: list[Path]
    seconds: dict[str, float] = field(default_factory=dict)
    pdfs_rendered: int = 0
    #: the bundles (pdf/bundel/<id>.pdf: a document with its bijlagen) and how many were rendered
    bundles: list[Path] = field(default_factory=list)
    bundles_rendered: int = 0

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def summary(self, out_dir: Path) -> str:
        stages = ", ".join(f"{name} {value:.1f} s" for name, value in self.seconds.items())
        reused = len(self.pdfs) + len(self.bundles) - self.pdfs_rendered - self.bundles_rendered
        bundles = (f" en {len(self.bundles)} {'bundel' if len(self.bundles) == 1 else 'bundels'} "
                   f"in {display_path(out_dir / 'pdf' / BUNDLE_FOLDER)}/" if self.bundles else "")
        return (f"Gebouwd in {self.total:.1f} s ({stages}): site in {display_path(out_dir)}/, "
                f"{len(self.pdfs)} pdf's in {display_path(out_dir / 'pdf')}/{bundles}"
                + (f" ({reused} ongewijzigd uit de cache)." if reused else "."))


class _Stages:
    ORDER = ("controle", "laden", "site", "pdf", "publiceren")

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(self.ORDER, 0.0)

    @contextmanager
    def __call__(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


def build(content_dir: Path, out_dir: Path, jobs: int | None = None, use_cache: bool = True,
          quiet: bool = False, uitgave: Uitgave | None = None) -> BuildReport:
    """Check, then write the site into ``out_dir`` and the PDFs into ``out_dir/pdf``.

    ``uitgave``: the public build at this moment (default), or the internal one
    (see :mod:`haven_docs.uitgave`). ``out_dir`` must be an output of ours of the
    same kind, empty or missing (see :func:`~haven_docs.publish.check_output_dir`);
    one build at a time writes it.
    """
    uitgave = uitgave or Uitgave()
    cache_dir = cache_dir_of(out_dir, uitgave)
    check_output_dir(out_dir, content_dir, cache_dir, uitgave.soort)
    try:
        with output_lock(cache_dir, out_dir):
            return _build(content_dir, out_dir, cache_dir, jobs, use_cache, quiet, uitgave)
    finally:
        gc.unfreeze()  # serve builds again and again: let this build's objects go


def _build(content_dir: Path, out_dir: Path, cache_dir: Path, jobs: int | None, use_cache: bool,
           quiet: bool, uitgave: Uitgave) -> BuildReport:
    stage = _Stages()
    with stage("controle"), _collector_paused():
        index = check_corpus(content_dir, ParsedFiles(cache_dir / "parsed", read=use_cache))
        # What this edition may show, decided once: the renderers see only that.
        index = openbaarheid.publiceerbaar(index, uitgave)
    held = openbaarheid.bericht(index)
    if held and not quiet:
        print(held, file=sys.stderr)
    with stage("laden"):
        from . import pdf
        from .site import build_site

    with staged_output(out_dir, uitgave.soort) as staging, Progress("pdf's renderen") as progress:
        run = None
        try:
            # --no-cache: build everything anew and refresh the cache.
            if not use_cache:
                shutil.rmtree(cache_dir / "site", ignore_errors=True)
            with stage("pdf"):
                # The workers render while this process writes the site.
                run = pdf.start_pdfs(index, content_dir, jobs=jobs, cache_dir=cache_dir,
                                     refresh_cache=not use_cache, progress=None if quiet else progress)
            with stage("site"):
                build_site(index, content_dir, staging, cache_dir=cache_dir)
            with stage("pdf"):
                pdfs = run.finish(staging / "pdf")
        except jinja2.TemplateError as exc:
            raise ContentError([_template_diagnostic(exc)]) from None
        finally:
            if run is not None:
                run.cancel()  # after a failure: do not render what nobody will use (no-op on success)
        swap_started = time.perf_counter()
    stage.seconds["publiceren"] = time.perf_counter() - swap_started
    report = BuildReport(index, pdfs, stage.seconds, pdf.last_stats.get("rendered", len(pdfs)),
                         run.bundle_paths, pdf.last_stats.get("bundles_rendered", 0))
    if not quiet:
        print(report.summary(out_dir), file=sys.stderr)
    return report


@contextmanager
def _collector_paused():
    """Loading makes many objects and no garbage: Python's cycle collector would walk them
    again and again (a fifth of an incremental build). Afterwards they are frozen, so later
    collections skip the corpus, which lives as long as the build anyway."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


#: The caches of the two kinds of build, next to the output: never one folder for both, so that
#: nothing an internal build rendered can be reused by a public one, whatever folders they write.
CACHE_FOLDERS = {"openbaar": ".haven-cache", "intern": ".haven-cache-intern"}


def cache_dir_of(out_dir: Path, uitgave: Uitgave | None = None) -> Path:
    # Next to the output, not inside it: the output folder is replaced whole.
    # (check_output_dir refuses the root of the file system, which has no name.)
    out = out_dir.resolve()
    return out.parent / CACHE_FOLDERS[(uitgave or Uitgave()).soort] / (out.name or "root")


def _template_diagnostic(exc: jinja2.TemplateError) -> Diagnostic:
    """A template mistake, reported at the template's file and line."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if not name or not line:
        # Undefined errors carry no position: find the template frame in the traceback.
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            # Jinja rewrites tracebacks: a template's frames carry its own file name.
            if not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
                name, line = frame.filename, frame.lineno
                break
    return Diagnostic(
        Position(display_path(Path(name)) if name else "templates", line or 1, 1),
        "template-error",
        f"fout in sjabloon: {exc.message or exc}",
        "controleer de naam van het veld of filter in het sjabloon",
    )
