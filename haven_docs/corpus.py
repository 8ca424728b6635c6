"""The checked corpus: load, validate, index, resolve and check, in that order.

Every later stage (site, PDF) works on the :class:`~haven_docs.index.Index`
this returns and never reads a content file again: the guide pages and the
images to publish are part of it.
"""

from __future__ import annotations

from pathlib import Path

from .assets import asset_files, check_images
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
        loaded = load_corpus(content_dir, diagnostics, parsed.source)
        files = validate(loaded.sources, diagnostics, parsed.content)
    else:
        loaded = load_corpus(content_dir, diagnostics)
        files = validate(loaded.sources, diagnostics)
    assets = asset_files(loaded.assets, content_dir, diagnostics)
    if not files and not diagnostics:
        diagnostics.error(Position(display_path(content_dir)), "empty-content",
                          "de map bevat geen documenten", "zet documenten in content/documenten/")
    # Stop before resolving when a file failed: its ids would be missing and
    # every reference to them would show up as a false "unknown reference".
    if diagnostics:
        raise ContentError(diagnostics.sorted())
    index = build_index(files, diagnostics)
    index.guide = loaded.pages
    resolve(index, diagnostics)
    run_checks(index, diagnostics)
    index.assets = check_images(assets, files, loaded.pages, diagnostics)
    if not diagnostics:  # the site's pages need a sound index to be planned
        from .site.plan import make_plan, url_collisions

        index.site_plan = make_plan(index)
        diagnostics.extend(url_collisions(index, index.site_plan.pages))
    if diagnostics:
        raise ContentError(diagnostics.sorted())
    if parsed is not None:
        parsed.keep(files)
    return index
