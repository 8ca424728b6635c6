"""The council website: the checked corpus as Markdown pages, built by MkDocs Material.

``build_site(index, content_dir, out_dir)`` is the entry point; see
:mod:`haven_docs.site.builder`.
"""

from .builder import build_site, write_docs
from .mkdocs_run import SiteBuildError

__all__ = ["SiteBuildError", "build_site", "write_docs"]
