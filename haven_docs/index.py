"""Index every identifiable node of the corpus: id -> kind, title, number, place.

One pass over all validated files. A node's kind comes from its model, or
from where it stands (an item of a list of leidende principes is a
``leidend-principe``; a section under ``bijlagen`` is a ``bijlage``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from . import formatting
from .diagnostics import Diagnostics, Position
from .loader import SETTINGS_FILE
from .model import KIND_LABELS, Strict
from .model.blocks import Actielijnen, Item, Lijst, Rij, Sectie, Tabel
from .model.documents import Besluit, Instellingen, Motie, Raadsbesluit, Register, Stuk
from .model.kinds import Soort, without_prefix
from .soorten import standard_kinds
from .validate import ContentFile

PathKey = tuple[str | int, ...]


@dataclass
class Node:
    id: str
    kind: str
    model: Any
    file: ContentFile
    path: PathKey
    document: str | None  # id of the document this node is part of (None: registry)
    parent: str | None  # nearest identifiable ancestor
    number: str | None
    title: str
    #: a document's name in references and lists, from its kind's label ('Informatienota 12: ...')
    document_label: str | None = None
    #: its short form, for the navigation ('Informatienota 12'); see :mod:`.labels`
    short_label: str | None = None

    @property
    def pos(self) -> Position:
        return self.file.source.pos(self.path)

    @property
    def label(self) -> str:
        """How a reference to this node reads: 'Pijler 1: Humane opvang'."""
        if self.document_label:
            return self.document_label
        # Published titles end in '.' or ';' as list items; a link text does not.
        title = self.title.rstrip(" .;,")
        if self.number and self.kind in NUMBERED_LABEL_KINDS:
            kind = KIND_LABELS.get(self.kind, self.kind)
            return f"{kind[0].upper()}{kind[1:]} {self.number}: {title}"
        if self.number and self.kind == "sectie":
            return f"{self.number} {title}"
        if self.kind == "besluit":
            # A decision is often titled like the document it adopts: say which decision.
            soort = self.model.soort.capitalize()
            title = without_prefix(title, soort) or title
            return f"{soort} {self.model.nummer}: {title}" if self.model.nummer else f"{soort}: {title}"
        return title


#: Kinds whose references read 'Kind N: Titel'.
NUMBERED_LABEL_KINDS = {
    "pijler", "uitgangspunt", "leidend-principe", "accent", "randvoorwaarde", "actielijn",
    "bijlage", "argument", "kanttekening", "besluitpunt", "voetnoot",
}


@dataclass
class Backlink:
    source: str  # id of the nearest identifiable node that holds the reference
    document: str | None
    path: PathKey
    file: ContentFile


@dataclass
class Index:
    nodes: dict[str, Node] = field(default_factory=dict)
    files: list[ContentFile] = field(default_factory=list)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    #: ancestors (identifiable) of every node, nearest first
    ancestors: dict[str, list[str]] = field(default_factory=dict)
    #: (file path, node path) -> id, to find the node that holds a value
    by_path: dict[tuple[str, PathKey], str] = field(default_factory=dict)
    #: document kinds by id: the standard ones, replaced or added to by content registers
    soorten: dict[str, Soort] = field(default_factory=dict)
    #: where each kind a content register declares is written: id -> (file, path)
    soort_sources: dict[str, list[tuple[ContentFile, PathKey]]] = field(default_factory=dict)
    #: content/instellingen.yaml: the municipality, the site's name, the house style (None: none given)
    instellingen: Instellingen | None = None
    _backlink_keys: set[tuple] = field(default_factory=set, repr=False)
    #: the writers' guide pages (content/paginas/*.md) and the checked images to publish, by name
    guide: list[Any] = field(default_factory=list)
    assets: dict[str, Any] = field(default_factory=dict)
    #: the site's page plan, made by the check (which needs it to find two pages with one
    #: address) and reused by the site build; see site.plan.make_plan
    site_plan: Any = None
    #: the edition being built (uitgave.Uitgave: public or internal, and the moment); None: not
    #: for a build (check). Renders and their caches key on its kind.
    uitgave: Any = None
    #: the public edition: ids of the nodes left out because their document is not public yet
    #: (see haven_docs.openbaarheid); a reference to one reads "nog niet openbaar"
    withheld: frozenset[str] = frozenset()
    #: the titles of the documents it holds back (to keep them out of what is published verbatim)
    withheld_titles: frozenset[str] = frozenset()
    #: why each document is not public at the build's moment (openbaarheid.Aanhouding), by id:
    #: in the internal edition, for the renderers to mark; in the public one, what was left out
    aanhoudingen: dict[str, Any] = field(default_factory=dict)
    achtergehouden: dict[str, Any] = field(default_factory=dict)

    def edition(self) -> str:
        """'openbaar' or 'intern': the kind of build this index is rendered for."""
        return self.uitgave.soort if self.uitgave is not None else "openbaar"
    #: what the Woo redaction did (haven_docs.woo.Woo): the grounds, the legend per document; None before
    woo: Any = None

    def niet_openbaar(self, node_id: str) -> bool:
        """Whether ``node_id`` is part of a document this (public) edition holds back."""
        return node_id in self.withheld

    def withheld_pattern(self) -> "re.Pattern[str] | None":
        """A pattern that finds a held-back id (as a whole id) or title in a text; None if nothing is held."""
        if not self.withheld:
            return None
        ids = "|".join(re.escape(i) for i in sorted(self.withheld, key=len, reverse=True))
        titles = "|".join(re.escape(t) for t in sorted(self.withheld_titles, key=len, reverse=True))
        return re.compile(rf"(?<![a-z0-9-])(?:{ids})(?![a-z0-9-])" + (f"|(?i:{titles})" if titles else ""))

    def aanhouding(self, doc_id: str) -> Any:
        """Why a document is not public yet (internal edition; None: it is public)."""
        return self.aanhoudingen.get(doc_id)

    def of_kind(self, *kinds: str) -> list[Node]:
        return [node for node in self.nodes.values() if node.kind in kinds]

    def documents(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.document == node.id]

    def get(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def settings(self) -> Instellingen | None:
        """The site's settings (content/instellingen.yaml), if there are any."""
        return self.instellingen

    def soort(self, soort_id: str) -> Soort | None:
        """The document kind ``soort_id`` (standard or from content), if there is one."""
        return self.soorten.get(soort_id)

    def woo_titels(self) -> dict[str, str] | None:
        """Code -> ground of the Woo register in force (None before the redaction, haven_docs.woo)."""
        return self.woo.titels if self.woo is not None else None

    def woo_legenda(self, doc_id: str) -> Any:
        """The legend of a document's withheld passages (haven_docs.woo.Legenda), None if none."""
        return self.woo.legenda_van(doc_id) if self.woo is not None else None

    def children(self, node_id: str) -> list[Node]:
        return [node for node in self.nodes.values() if node.parent == node_id]

    def add_backlink(self, target: str, link: Backlink) -> None:
        key = (target, link.source, link.path)
        if key not in self._backlink_keys:
            self._backlink_keys.add(key)
            self.backlinks.setdefault(target, []).append(link)


def _plain_title(text: str, limit: int = 90) -> str:
    """A short title from prose: first sentence, markup and references stripped."""
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", text)
    text = re.sub(r"\[\[[^\]]+\]\]", "", text)
    text = re.sub(r"[*_`#>]", "", text)
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[.;:!?])\s", text, maxsplit=1)[0].rstrip(".;:")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence


def title_of(model: Any) -> str:
    if getattr(type(model), "kind", None) == "vergadering":  # 'Raadstafel 8 mei 2024'
        return f"{model.soort.capitalize()} {formatting.datum(model.datum)}"
    for name in ("titel", "naam", "onderwerp", "afkorting"):
        value = getattr(model, name, None)
        if isinstance(value, str) and value:
            return value
    if isinstance(model, Rij):
        for value in model.cellen.values():
            if isinstance(value, str) and value:
                return _plain_title(value)
    if getattr(model, "functie", None):
        return model.functie
    for name in ("tekst", "citaat"):
        value = getattr(model, name, None)
        if isinstance(value, str) and value:
            return _plain_title(value)
    return getattr(model, "id", "") or ""


def walk(model: Any, path: PathKey = ()) -> Iterator[tuple[Any, PathKey, Any]]:
    """Yield (model, path, parent model) for every Strict model below ``model``."""
    yield model, path, None
    yield from _walk_children(model, path)


def _walk_children(model: BaseModel, path: PathKey) -> Iterator[tuple[Any, PathKey, Any]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield value, path + (name,), model
            yield from _walk_children(value, path + (name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield item, path + (name, i), model
                    yield from _walk_children(item, path + (name, i))
        elif isinstance(value, dict):  # table cells and totals may be objects
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield item, path + (name, key), model
                    yield from _walk_children(item, path + (name, key))


def kind_in_context(model: Any, parent: Any, path: PathKey) -> str | None:
    kind = type(model).kind
    if isinstance(model, Item) and isinstance(parent, Lijst) and parent.soort != "opsomming":
        return parent.soort
    if isinstance(model, Item) and isinstance(parent, (Besluit, Raadsbesluit)):
        return "besluitpunt"
    if isinstance(model, Sectie) and "bijlagen" in path:
        return "bijlage"
    if isinstance(model, Motie):
        return model.soort  # motie or amendement
    if isinstance(model, Stuk):
        return model.soort  # the document's kind, from the kinds register
    return kind


def build_index(files: list[ContentFile], diagnostics: Diagnostics) -> Index:
    index = Index(files=files, soorten=dict(standard_kinds()))
    for content in files:
        if isinstance(content.model, Instellingen):
            _take_settings(index, content, diagnostics)
        if isinstance(content.model, Register):
            for i, soort in enumerate(content.model.soorten):
                places = index.soort_sources.setdefault(soort.id, [])
                places.append((content, ("soorten", i)))
                if len(places) == 1:  # a second entry with this id is an error: checks.kinds
                    index.soorten[soort.id] = soort
    for content in files:
        model = content.model
        doc_id = getattr(model, "id", None) if type(model).kind else None
        stack: list[tuple[PathKey, str]] = []  # (path, id) of identifiable ancestors
        for node_model, path, parent in walk(model):
            # Tables hand their row kind down to rows.
            kind = kind_in_context(node_model, parent, path)
            if isinstance(node_model, Rij):
                table = _enclosing(model, path, Tabel)
                kind = table.rijsoort if table else "rij"
            node_id = getattr(node_model, "id", None)
            if not node_id or kind is None:
                continue
            while stack and stack[-1][0] != path[: len(stack[-1][0])]:
                stack.pop()
            parent_id = stack[-1][1] if stack else None
            number = getattr(node_model, "nummer", None)
            node = Node(
                id=node_id, kind=kind, model=node_model, file=content, path=path,
                document=doc_id, parent=parent_id, number=number, title=title_of(node_model),
            )
            if isinstance(node_model, Actielijnen):  # the list of actielijnen itself
                node.title = "Actielijnen"
            existing = index.nodes.get(node_id)
            if existing is not None:
                diagnostics.error(
                    content.source.pos(path + ("id",)), "duplicate-id",
                    f"id '{node_id}' bestaat al ({KIND_LABELS.get(existing.kind, existing.kind)} in {existing.file.source.path}:{existing.file.source.pos(existing.path + ('id',)).line})",
                    "kies een ander, uniek id",
                )
                diagnostics.error(
                    existing.file.source.pos(existing.path + ("id",)), "duplicate-id",
                    f"id '{node_id}' wordt ook gebruikt in {content.source.path}:{content.source.pos(path + ('id',)).line}",
                    "kies een ander, uniek id",
                )
                continue
            index.nodes[node_id] = node
            index.by_path[(content.source.path, path)] = node_id
            index.ancestors[node_id] = [ancestor for _, ancestor in reversed(stack)]
            stack.append((path, node_id))
    from .labels import set_labels  # labels read decision facts (checks.decisions), which read the index

    set_labels(index)
    return index


def _take_settings(index: Index, content: ContentFile, diagnostics: Diagnostics) -> None:
    source = content.source
    if Path(source.path).name != SETTINGS_FILE or Path(source.path).parent.name in ("documenten", "registers"):
        diagnostics.error(source.pos(("soort",)), "layout",
                          "instellingen horen in één bestand direct in de map content/",
                          f"zet ze in content/{SETTINGS_FILE}")
    elif index.instellingen is None:
        index.instellingen = content.model


def _enclosing(root: Any, path: PathKey, cls: type) -> Any:
    """The nearest model of type ``cls`` on the way from ``root`` to ``path``."""
    found = None
    current = root
    for part in path:
        current = current[part] if isinstance(part, int) else getattr(current, part)
        if isinstance(current, cls):
            found = current
    return found


def node_of_path(index: Index, content: ContentFile, path: PathKey) -> str | None:
    """Id of the nearest identifiable node that contains ``path`` in ``content``."""
    for length in range(len(path), -1, -1):
        node_id = index.by_path.get((content.source.path, path[:length]))
        if node_id is not None:
            return node_id
    return None
