"""The build: check the corpus, render the site and the PDFs, publish atomically."""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

import jinja2

from .corpus import check_corpus
from .diagnostics import ContentError, Diagnostic, Position
from .index import Index
from .loader import display_path
from .publish import staged_output


def build(content_dir: Path, out_dir: Path, jobs: int | None = None, use_cache: bool = True) -> Index:
    """Check, then write the site into ``out_dir`` and the PDFs into ``out_dir/pdf``."""
    started = time.perf_counter()
    index = check_corpus(content_dir)
    from .pdf import build_pdfs
    from .site import build_site

    with staged_output(out_dir) as staging:
        try:
            build_site(index, content_dir, staging)
            pdfs = build_pdfs(index, content_dir, staging / "pdf", jobs=jobs,
                              cache_dir=_cache_dir(out_dir) if use_cache else None,
                              refresh_cache=not use_cache)
        except jinja2.TemplateError as exc:
            raise ContentError([_template_diagnostic(exc)]) from None
    elapsed = time.perf_counter() - started
    print(f"Gebouwd in {elapsed:.1f} s: site in {display_path(out_dir)}/, {len(pdfs)} pdf's in "
          f"{display_path(out_dir / 'pdf')}/.", file=sys.stderr)
    return index


def _cache_dir(out_dir: Path) -> Path:
    # Next to the output, not inside it: the output folder is replaced whole.
    return out_dir.resolve().parent / ".haven-cache" / out_dir.resolve().name


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
