"""Incremental site builds: render again only the pages whose Markdown changed.

MkDocs can build 'dirty' (only pages whose source is newer than their HTML),
but out of the box that is unsafe: the navigation, the theme and the glossary
appended to every page may have changed, the search index then only holds the
rebuilt pages, and links into pages that were not rebuilt cannot be checked.
This module makes it safe:

- the generated Markdown lives in the cache folder and a file is only written
  when its bytes change (:class:`TreeWriter`), so its modification time says exactly which pages
  changed (the Markdown of a page holds every title it shows, so a changed
  title anywhere changes every page that shows it);
- a fingerprint of everything else that shapes every page (the navigation,
  the list of docs files, the glossary, mkdocs.yml, the site templates and theme overrides, this
  package's code, the MkDocs and Material versions) decides between a dirty
  and a full build: any change means a full build;
- the search index of the pages that were not rebuilt is carried over from
  the previous build, and their anchors are handed to the link check.

The built site stays in the cache and is copied into the staging folder
(:func:`~haven_docs.publish.publish_copy`: a clone where the file system can, never a
hard link, so an edit of the published site cannot reach the cache); the
published output is never written in place.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dependencies import folder_digest, versions_digest
from ..publish import publish_copy

ANCHORS_ENV = "HAVEN_DOCS_SITE_ANCHORS"
STATE = "state.json"


@dataclass
class SiteCache:
    root: Path
    #: docs files written (changed) by this build's write_docs
    changed_docs: set[str] = field(default_factory=set)
    #: every docs file of this build (a file added or removed means a full MkDocs build)
    docs_files: set[str] = field(default_factory=set)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def snippets(self) -> Path:
        return self.root / "snippets"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def anchors(self) -> Path:
        return self.root / "anchors.json"

    @property
    def search_index(self) -> Path:
        return self.root / "search_index.json"

    def load_state(self) -> dict[str, Any]:
        try:
            return json.loads((self.root / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_state(self, state: dict[str, Any]) -> None:
        (self.root / STATE).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")

    def forget(self) -> None:
        """After a failed build the cached site may be half-written: the next build is a full one."""
        (self.root / STATE).unlink(missing_ok=True)


class TreeWriter:
    """Write files into a folder only when their bytes change; remove the files not written.

    Unchanged files keep their modification time, which is how a dirty MkDocs
    build knows which pages to render again.
    """

    def __init__(self, root: Path):
        self.root = root
        self.wanted: set[str] = set()
        self.written: set[str] = set()
        root.mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def copy(self, source: Path, relative: str) -> None:
        self.write_bytes(relative, source.read_bytes())

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.wanted.add(relative)
        target = self.root / relative
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.add(relative)

    def keep(self, relative: str) -> None:
        """An existing file stays as it is."""
        self.wanted.add(relative)

    def stamp(self, relative: str) -> list[int] | None:
        """Size and modification time of a file, to notice a change behind the build's back."""
        try:
            stat = (self.root / relative).stat()
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

    def finish(self) -> None:
        """Remove every file that was neither written nor kept, and folders left empty."""
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path.relative_to(self.root).as_posix() not in self.wanted:
                path.unlink()


def fingerprint(nav: list[Any], snippets: Path, config_file: Path, templates: Path) -> str:
    """Everything besides a page's own Markdown that shapes its HTML."""
    digest = hashlib.sha256()
    digest.update(json.dumps(nav, sort_keys=True, ensure_ascii=False).encode())
    digest.update(versions_digest(("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown")).encode())
    digest.update(config_file.read_bytes())
    for root in (snippets, templates, Path(__file__).parent):
        digest.update(folder_digest(root).encode())
    return digest.hexdigest()


def merge_search_index(built_index: Path, previous: Path) -> None:
    """Keep the previous entries of the pages that a dirty build did not render again.

    Entries stay in the previous (full) build's page order, so the result is
    byte for byte what a full build writes.
    """
    new = json.loads(built_index.read_text(encoding="utf-8"))
    try:
        old = json.loads(previous.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {"docs": []}

    def page_of(entry: dict) -> str:
        return entry["location"].split("#", 1)[0]

    fresh: dict[str, list[dict]] = {}
    for entry in new["docs"]:
        fresh.setdefault(page_of(entry), []).append(entry)
    merged: list[dict] = []
    for entry in old.get("docs", []):
        page = page_of(entry)
        if page not in fresh:
            merged.append(entry)
        elif fresh[page] is not None:
            merged.extend(fresh[page])
            fresh[page] = None  # type: ignore[assignment]  # placed
    for page, entries in fresh.items():  # pages the previous index did not have
        if entries is not None:
            merged.extend(entries)
    new["docs"] = merged
    # Material writes the index with json.dumps(..., separators=(",", ":")) and default ASCII escaping.
    built_index.write_text(json.dumps(new, separators=(",", ":"), default=str), encoding="utf-8")


def link_site(built: Path, out_dir: Path) -> None:
    """Put the cached site into the (empty) staging folder, as files of their own.

    (Not shutil.copytree: it gathers errors into one shutil.Error of strings, and a full
    disk must stay an OSError to be reported as one.)
    """
    for root, _folders, files in os.walk(built):
        target = out_dir / os.path.relpath(root, built)
        target.mkdir(exist_ok=True)
        for name in files:
            publish_copy(os.path.join(root, name), target / name)


class anchors_for_hook:
    """Tell the link-check hook (a separately loaded module) where the known anchors live."""

    def __init__(self, path: Path):
        self.path = path
        self.saved: str | None = None

    def __enter__(self):
        self.saved = os.environ.get(ANCHORS_ENV)
        os.environ[ANCHORS_ENV] = str(self.path)
        return self

    def __exit__(self, *exc):
        if self.saved is None:
            os.environ.pop(ANCHORS_ENV, None)
        else:
            os.environ[ANCHORS_ENV] = self.saved
        return False
