"""Bundles: a document with the bijlagen that are documents in content/, nested as published.

A document's ``bijlagen`` name other documents (``document:``) with their number or letter
as published ("Bijlage A", "Bijlage 1"); such a bijlage may have bijlagen of its own. The
bundle is the document followed by each of those bijlagen in order, each followed by its
own (depth first). Bijlagen with only a title (not in content/) are listed in their parent,
never made into a part. The site shows the tree on the document's page; the PDF step
prints the whole bundle as one PDF (``pdf/bundel/<id>.pdf``, see :func:`bundle_pdf_path`).

A bijlage that is (directly or further down) a bijlage of itself would make an endless
bundle: :func:`check_bundles` reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostics
from .index import Node

#: The folder of the bundle PDFs inside the published pdf/ folder. A document's own PDF is
#: ``pdf/<id>.pdf`` and an id has no '/', so no document PDF can take a bundle's place
#: (tests/test_bundles.py checks it against the id pattern).
BUNDLE_FOLDER = "bundel"


def bundle_pdf_path(doc_id: str) -> str:
    """The bundle PDF of a document, relative to the site root."""
    return f"pdf/{BUNDLE_FOLDER}/{doc_id}.pdf"


@dataclass(frozen=True)
class Part:
    """One document of a bundle, where it stands."""

    doc_id: str
    depth: int  # 0: the document itself; 1: its bijlagen; 2: theirs ...
    nummer: str | None  # "A", "1": as the parent letters it (None: the source gives none)
    titel: str | None  # the bijlage's title as the parent lists it (None: the document's own)
    parent: str | None  # the document whose bijlage this is

    @property
    def heading(self) -> str:
        """'Bijlage A', or 'Bijlage' where the source gives no letter."""
        return f"Bijlage {self.nummer}" if self.nummer else "Bijlage"


def document_bijlagen(model: Any) -> list[Any]:
    """The bijlagen of a document that are documents in content/ (the others are only listed)."""
    return [b for b in getattr(model, "bijlagen", None) or [] if getattr(b, "document", None)]


def has_bundle(index: Any, node: Node) -> bool:
    """Whether a document has bijlagen that are documents in content/ (and so a bundle)."""
    return any(index.get(b.document) is not None for b in document_bijlagen(node.model))


def bundle_parts(index: Any, node: Node) -> list[Part]:
    """The parts of a document's bundle in print order: the document, then its bijlagen, depth first.

    ``index`` may be a recording view (site pages, print jobs): every part is read through it.
    A cycle stops at the repeated document (check_bundles reports it before anything renders).
    """
    parts = [Part(node.id, 0, None, None, None)]

    def add(doc: Node, depth: int, path: tuple[str, ...]) -> None:
        for bijlage in document_bijlagen(doc.model):
            child = index.get(bijlage.document)
            if child is None or child.id in path:
                continue
            parts.append(Part(child.id, depth, str(bijlage.nummer) if bijlage.nummer else None,
                              bijlage.titel, doc.id))
            add(child, depth + 1, path + (child.id,))

    add(node, 1, (node.id,))
    return parts


def check_bundles(index: Any, diagnostics: Diagnostics) -> None:
    """Report every bijlage that makes a document (through its bijlagen) a bijlage of itself."""
    for node in index.documents():
        for i, bijlage in enumerate(getattr(node.model, "bijlagen", None) or []):
            target = getattr(bijlage, "document", None)
            if not target or index.get(target) is None:
                continue  # not a document in content/, or unknown (reported by the resolver)
            chain = _path_back(index, target, node.id)
            if chain is None:
                continue
            shown = " → ".join([node.id, *chain])
            diagnostics.error(
                node.file.source.pos(node.path + ("bijlagen", i, "document")), "bijlage-kring",
                f"bijlage '{target}' maakt '{node.id}' een bijlage van zichzelf ({shown}); "
                "een bundel kan zo niet worden gemaakt",
                "een document kan geen bijlage zijn van een van zijn eigen bijlagen: haal een van beide "
                "verwijzingen weg",
            )


def _path_back(index: Any, start: str, goal: str) -> list[str] | None:
    """The chain of bijlagen from ``start`` to ``goal`` (both included), or None if there is none."""
    seen: set[str] = set()
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        doc_id, chain = stack.pop()
        if doc_id == goal:
            return chain
        if doc_id in seen:
            continue
        seen.add(doc_id)
        doc = index.get(doc_id)
        if doc is None:
            continue
        for bijlage in reversed(document_bijlagen(doc.model)):
            stack.append((bijlage.document, chain + [bijlage.document]))
    return None
