"""What a page or a PDF read while it was rendered, and whether any of it changed.

Rendering is a pure function of what it reads. So each render runs against a
:class:`RecordingIndex`, which notes every read as a key (``("node", id)``,
``("backlinks", id)``, ``("kinds", ...)``, ...). The next build computes the
digest of each noted key on the new corpus (:class:`Digests`); when all of
them are what they were, the render would read the same values and produce
the same output, so the output of last time is used (:class:`RenderMemo`).

This stays exact as long as renderers reach other nodes only through the
index (``get``, ``nodes``, ``backlinks``, ``ancestors``, ``of_kind``,
``documents``, ``children``, ``soort``, ``settings``): a :class:`~haven_docs.index.Node` refers to
other nodes by id, never by object. The one way around that is the content
file a node or backlink carries (``node.file``, ``backlink.file``): a
renderer may use it for its own document only, which its key covers. Anything
else that is read (``files``, whole-corpus views such as the traceability
overview) is noted as ``("everything",)``, which changes whenever any content
file changes. ``tests/test_dependencies.py`` compares memo and fresh renders
after many random edits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from pydantic import BaseModel

from .index import Index, Node
from .publish import write_atomic
from .validate import ContentFile

Key = tuple[str, ...]
EVERYTHING: Key = ("everything",)

#: Bump when the meaning of a key or a digest changes.
MEMO_VERSION = "1"


class Reads:
    """The keys one render read."""

    def __init__(self) -> None:
        self.keys: set[Key] = set()

    def add(self, key: Key) -> None:
        self.keys.add(key)

    def node(self, node_id: str) -> None:
        self.keys.add(("node", node_id))


class RecordingMap(Mapping):
    """A read-only view of a dict keyed by node id that notes each key looked up."""

    def __init__(self, data: Mapping[str, Any], reads: Reads, kind: str = "node"):
        self._data = data
        self._reads = reads
        self._kind = kind

    def __getitem__(self, key: str) -> Any:
        self._reads.add((self._kind, key))
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._reads.add((self._kind, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._reads.add((self._kind, str(key)))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._reads.add(EVERYTHING)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add(EVERYTHING)
        return len(self._data)


class RecordingIndex:
    """The index as one render sees it: same answers, every read noted in ``reads``."""

    def __init__(self, index: Index, reads: Reads):
        self._index = index
        self.reads = reads
        self.nodes = RecordingMap(index.nodes, reads)
        self.backlinks = RecordingMap(index.backlinks, reads, "backlinks")
        # A node's ancestors are part of its digest.
        self.ancestors = RecordingMap(index.ancestors, reads)

    def get(self, node_id: str) -> Node | None:
        self.reads.node(node_id)
        return self._index.get(node_id)

    def of_kind(self, *kinds: str) -> list[Node]:
        self.reads.add(("kinds", *sorted(kinds)))
        return self._index.of_kind(*kinds)

    def documents(self) -> list[Node]:
        self.reads.add(("documents",))
        return self._index.documents()

    def children(self, node_id: str) -> list[Node]:
        self.reads.add(("children", node_id))
        return self._index.children(node_id)

    def soort(self, soort_id: str) -> Any:
        self.reads.add(("soort", soort_id))
        return self._index.soort(soort_id)

    def settings(self) -> Any:
        self.reads.add(("instellingen",))
        return self._index.settings()

    def edition(self) -> str:
        # Not a read: the edition is part of every page's memo key and every PDF's cache key
        # (site/builder.py, pdf/__init__.py). Through __getattr__ it counted as reading the
        # whole corpus, so every page was rendered again after any edit.
        return self._index.edition()

    def woo_titels(self) -> dict[str, str] | None:
        """Code -> ground of the Woo register in force (None before the redaction)."""
        self.reads.add(("woo",))
        woo = self._index.woo
        return woo.titels if woo is not None else None

    def woo_legenda(self, doc_id: str) -> Any:
        """The legend of a document's withheld passages (haven_docs.woo.Legenda), None if none."""
        self.reads.add(("woo", doc_id))
        woo = self._index.woo
        return woo.legenda_van(doc_id) if woo is not None else None

    def niet_openbaar(self, node_id: str) -> bool:
        self.reads.node(node_id)  # its digest says "withheld" (see Digests._node)
        return self._index.niet_openbaar(node_id)

    def aanhouding(self, doc_id: str) -> Any:
        self.reads.node(doc_id)  # part of the node's digest
        return self._index.aanhouding(doc_id)

    def withheld_pattern(self) -> Any:
        self.reads.add(("withheld",))
        return self._index.withheld_pattern()

    def __getattr__(self, name: str) -> Any:
        # files, by_path, ...: whole-corpus reads.
        self.reads.add(EVERYTHING)
        return getattr(self._index, name)


class Digests:
    """The digest of each key on the current corpus, each computed once.

    ``extra`` gives per-node facts that live outside the index but that a
    renderer reads for a node (its place on the site, its footnote number).
    """

    def __init__(self, index: Index, extra: Callable[[str], Any] | None = None,
                 named: Mapping[str, Callable[[], Any]] | None = None):
        self.index = index
        self.extra = extra or (lambda node_id: None)
        # ("name", *args) keys for facts outside the index, e.g. the site's page list or one abbreviation
        self.named = named or {}
        self._memo: dict[Key, str] = {}
        self._files = {f.source.path: f.source.digest for f in index.files}

    def __call__(self, key: Key) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _sha(self._compute(key))
        return found

    def combined(self, keys: Iterable[Key]) -> str:
        digest = hashlib.sha256()
        for key in sorted(keys):
            digest.update("\x1f".join(key).encode() + b"\0" + self(key).encode() + b"\n")
        return digest.hexdigest()

    def _compute(self, key: Key) -> str:
        kind, *args = key
        index = self.index
        if kind == "node":
            return self._node(args[0])
        if kind == "backlinks":
            return repr([(b.source, b.document, b.path, b.file.source.path) for b in index.backlinks.get(args[0], [])])
        if kind == "kinds":
            return self._nodes(index.of_kind(*args))
        if kind == "documents":
            return self._nodes(index.documents())
        if kind == "children":
            return self._nodes(index.children(args[0]))
        if kind == "instellingen":
            settings = index.settings()
            return settings.model_dump_json() if settings is not None else "-"
        if kind == "soort":
            soort = index.soort(args[0])
            return soort.model_dump_json() if soort is not None else "-"
        if kind == "file":
            return self._files.get(args[0], "-")
        if kind == "woo":
            woo = index.woo
            if woo is None:
                return "-"
            return repr((woo.intern, woo.titels if not args else woo.legenda.get(args[0], [])))
        if kind == "withheld":
            return repr((sorted(index.withheld), sorted(index.withheld_titles)))
        if kind == "everything":
            return repr([(f.source.path, f.source.digest) for f in index.files])
        if kind in self.named:
            return repr(self.named[kind](*args))
        raise ValueError(f"unknown dependency key {key!r}")

    def _nodes(self, nodes: list[Node]) -> str:
        return repr([(node.id, self(("node", node.id))) for node in nodes])

    def _node(self, node_id: str) -> str:
        node = self.index.nodes.get(node_id)
        if node is None:
            # Held back by the public edition, or not there at all: a reference reads differently.
            return "withheld" if self.index.niet_openbaar(node_id) else "-"
        return repr((
            node.kind, node.number, node.title, node.document_label, node.short_label, node.document, node.parent, node.path, node.file.source.path,
            self.index.ancestors.get(node_id), self.extra(node_id),
            type(node.model).__name__, node.model.model_dump_json(),
            # The internal edition marks a document that is not public yet (and why; the moment counts).
            repr(self.index.aanhouding(node_id)),
        ))


def describe(value: Any, reads: Reads) -> Any:
    """A page's or job's own inputs as plain data for its key; nodes in it count as read."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Node):
        reads.node(value.id)
        return ["node", value.id]
    if isinstance(value, BaseModel):
        return [type(value).__name__, value.model_dump_json()]
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [describe(v, reads) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): describe(v, reads) for k, v in value.items()}
    if is_dataclass(value):
        if isinstance(value, ContentFile):
            reads.add(("file", value.source.path))
            return ["file", value.source.path]
        return [type(value).__name__] + [describe(getattr(value, f.name), reads) for f in fields(value)]
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot describe {type(value).__name__} for the render memo")


def code_fingerprint(*roots: Path, packages: Iterable[str] = ()) -> str:
    """This package's code, the given template folders and library versions."""
    digest = hashlib.sha256(MEMO_VERSION.encode())
    digest.update(versions_digest(packages).encode())
    digest.update(_package_digest().encode())
    for root in roots:  # templates: serve picks up their changes while it runs
        digest.update(folder_digest(root).encode())
    return digest.hexdigest()


def versions_digest(packages: Iterable[str]) -> str:
    """The installed versions of ``packages`` (a missing one counts as '?')."""
    lines = []
    for package in packages:
        try:
            lines.append(f"{package}={version(package)}")
        except Exception:  # noqa: BLE001 - a missing distribution just is not part of the key
            lines.append(f"{package}=?")
    return "\n".join(lines)


@lru_cache(maxsize=None)
def _package_digest() -> str:
    # The code that runs was loaded at start: what it was then is what counts.
    return folder_digest(Path(__file__).parent)


def folder_digest(root: Path) -> str:
    """Names and bytes of every file below ``root`` (none if it does not exist), caches left out."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class RenderMemo:
    """Per output name: the key of its last render and the keys it read, in a JSON file.

    ``lookup`` tells whether an output may be reused; ``store`` notes a fresh
    render; ``save`` writes the file (only after a successful build, atomically).
    """

    def __init__(self, path: Path | None, digests: Digests, fingerprint: str):
        self.path = path
        self.digests = digests
        self.fingerprint = fingerprint
        self.entries: dict[str, dict[str, Any]] = {}
        self._previous: dict[str, dict[str, Any]] = {}
        if path is not None:
            try:
                state = json.loads(path.read_text(encoding="utf-8"))
                if state.get("fingerprint") == fingerprint:
                    self._previous = state["entries"]
            except (OSError, ValueError, KeyError, TypeError):
                pass

    def lookup(self, name: str, own: str) -> Any | None:
        """The value stored with ``name`` if nothing it read changed; ``own`` describes its own inputs."""
        previous = self._previous.get(name)
        if previous is None or previous["own"] != own:
            return None
        reads = [tuple(key) for key in previous["reads"]]
        if self.digests.combined(reads) != previous["key"]:
            return None
        self.entries[name] = previous
        return previous["value"]

    def store(self, name: str, own: str, reads: Reads, value: Any) -> None:
        keys = sorted(reads.keys)
        self.entries[name] = {"own": own, "reads": [list(k) for k in keys],
                              "key": self.digests.combined(keys), "value": value}

    def save(self) -> None:
        if self.path is None:
            return
        write_atomic(self.path, json.dumps({"fingerprint": self.fingerprint, "entries": self.entries},
                                           ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def own_digest(description: Any) -> str:
    return _sha(json.dumps(description, ensure_ascii=False, sort_keys=True))
