"""The checked corpus: load, validate, index, resolve and check, in that order.

Every later stage (site, PDF) works on the :class:`~haven_docs.index.Index`
this returns and never reads a content file again.
"""

from __future__ import annotations

from pathlib import Path

from .checks import run_checks
from .filecache import ParsedFiles
from .diagnostics import ContentError, Diagnostics, Position, UsageError
from .index import Index, build_index
from .loader import display_path, load_corpus
from .resolve import resolve
from .validate import validate


def check_corpus(content_dir: Path, parsed: ParsedFiles | None = None) -> Index:
    """The resolved, checked corpus; raises ContentError with every problem found.

    ``parsed`` keeps validated files between builds (see :mod:`.filecache`).
    """
    if not content_dir.is_dir():
        raise UsageError(f"map met inhoud niet gevonden: {display_path(content_dir)}")
    diagnostics = Diagnostics()
    if parsed is not None:
        sources = load_corpus(content_dir, diagnostics, parsed.source)
        files = validate(sources, diagnostics, parsed.content)
    else:
        sources = load_corpus(content_dir, diagnostics)
        files = validate(sources, diagnostics)
    if not files and not diagnostics:
        diagnostics.error(Position(display_path(content_dir)), "empty-content",
                          "de map bevat geen documenten", "zet documenten in content/documenten/")
    # Stop before resolving when a file failed: its ids would be missing and
    # every reference to them would show up as a false "unknown reference".
    if diagnostics:
        raise ContentError(diagnostics.sorted())
    index = build_index(files, diagnostics)
    resolve(index, diagnostics)
    run_checks(index, diagnostics)
    if diagnostics:
        raise ContentError(diagnostics.sorted())
    if parsed is not None:
        parsed.keep(files)
    return index
