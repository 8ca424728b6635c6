"""Incremental site builds: render again only the pages whose Markdown changed.

MkDocs can build 'dirty' (only pages whose source is newer than their HTML),
but out of the box that is unsafe: the navigation, the theme and the glossary
appended to every page may have changed, the search index then only holds the
rebuilt pages, and links into pages that were not rebuilt cannot be checked.
This module makes it safe:

- the generated Markdown lives in the cache folder and a file is only written
  when its bytes change, so its modification time says exactly which pages
  changed (the Markdown of a page holds every title it shows, so a changed
  title anywhere changes every page that shows it);
- a fingerprint of everything else that shapes every page (the navigation,
  the glossary, mkdocs.yml, the site templates and theme overrides, this
  package's code, the MkDocs and Material versions) decides between a dirty
  and a full build: any change means a full build;
- the search index of the pages that were not rebuilt is carried over from
  the previous build, and their anchors are handed to the link check.

The built site stays in the cache and is copied into the staging folder; the
published output is never written in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

ANCHORS_ENV = "HAVEN_DOCS_SITE_ANCHORS"
STATE = "state.json"


@dataclass
class SiteCache:
    root: Path

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


def sync_tree(fresh: Path, target: Path) -> list[str]:
    """Make ``target`` equal to ``fresh``, touching only files whose bytes differ.

    Returns the relative paths that were written or removed.
    """
    changed: list[str] = []
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        source, destination = fresh / relative, target / relative
        data = source.read_bytes()
        if destination.is_file() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        changed.append(relative.as_posix())
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target)
        if path.is_file() and relative not in wanted:
            path.unlink()
            changed.append(relative.as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def fingerprint(nav: list[Any], snippets: Path, config_file: Path, templates: Path) -> str:
    """Everything besides a page's own Markdown that shapes its HTML."""
    digest = hashlib.sha256()
    digest.update(json.dumps(nav, sort_keys=True, ensure_ascii=False).encode())
    for package in ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown"):
        try:
            digest.update(f"{package}={version(package)}\n".encode())
        except Exception:  # noqa: BLE001 - a missing distribution just is not part of the key
            digest.update(f"{package}=?\n".encode())
    roots = [snippets, templates, Path(__file__).parent]
    digest.update(config_file.read_bytes())
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
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


def copy_site(built: Path, out_dir: Path) -> None:
    """Copy the cached site into the (empty) staging folder."""
    for path in built.iterdir():
        target = out_dir / path.name
        if path.is_dir():
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            shutil.copy2(path, target)


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
