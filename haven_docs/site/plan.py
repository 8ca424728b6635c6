"""The page plan: which pages the site has, what each shows, and the navigation.

Every node of the index gets one home: the page whose part of the content
model contains it (the longest matching path prefix), with the node's id as
anchor. Templates emit an anchor for every node they render on its home page,
and none for copies (``opnemen``), so each id is on exactly one page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Position
from ..index import Index, Node
from ..labels import document_number  # noqa: F401  (the site's helpers use it from here)
from ..markup import REF_RE, plain_laks
from ..model import DECISION_KINDS, POLICY_KINDS, datum_sort_key
from ..model.blocks import ActielijnenBlok, OpnemenBlok, Sectie
from ..model.documents import Raadsbesluit, Raadsmededeling, Raadsvoorstel, Register, Stuk
from ..model.kinds import GROEPEN
from .links import Location
from .text import slug

PathKey = tuple[str | int, ...]

#: Registry pages: (list field of a Register, file name, title, template).
REGISTRIES = (
    ("organisaties", "organisaties", "Organisaties", "site/register-organisaties.md.j2"),
    ("wetten", "wetten-en-kaders", "Wetten en kaders", "site/register-wetten.md.j2"),
    ("besluiten", "besluiten", "Besluiten", "site/register-besluiten.md.j2"),
    ("moties", "moties-en-amendementen", "Moties en amendementen", "site/register-moties.md.j2"),
    ("vergaderingen", "vergaderingen", "Vergaderingen", "site/register-vergaderingen.md.j2"),
    ("personen", "personen", "Personen", "site/register-personen.md.j2"),
)

#: Order of a decision chain's documents in the navigation.
KIND_ORDER = {kind: i for i, kind in enumerate(("nota", "raadsvoorstel", "raadsbesluit", "raadsmededeling"))}


@dataclass
class Page:
    path: str  # Markdown path in the generated docs folder
    title: str  # plain text; used for the h1 and the navigation
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    #: parts of the content this page is home to: (content file path, path prefix)
    owns: list[tuple[str, PathKey]] = field(default_factory=list)
    #: nodes that are the page itself: linked without an anchor
    roots: set[str] = field(default_factory=set)
    #: document whose footnotes are all listed on this page
    footnotes_of: str | None = None
    nav_title: str | None = None
    #: the browser tab title when the page title alone does not say what the page is
    #: (a chapter: its document's title added); unique across the site
    html_title: str | None = None

    @property
    def full_title(self) -> str:
        return self.html_title or self.title


@dataclass
class NavItem:
    title: str
    page: str | None = None
    children: list["NavItem"] = field(default_factory=list)


@dataclass
class Plan:
    pages: list[Page]
    nav: list[NavItem]
    locations: dict[str, Location]

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


# --- document labels -----------------------------------------------------------


def document_label(index: Index, node: Node) -> str:
    """'Raadsbesluit 2024-468: Beleidskader Inburgering' (its kind's label); a policy document's own title."""
    return node.document_label or node.title


def short_document_label(index: Index, node: Node) -> str:
    """'Raadsbesluit 2024-468': a document in the navigation."""
    return node.short_label or node.title


def kind_name(index: Index, kind: str) -> str:
    """The name of a document kind, from the kinds data."""
    soort = index.soort(kind)
    return soort.naam if soort is not None else kind


def decision_root(index: Index, node: Node) -> Node:
    """The first document of a decision chain (the nota, when known)."""
    seen = set()
    current = node
    while current.id not in seen:
        seen.add(current.id)
        model = current.model
        nxt = None
        if isinstance(model, Raadsbesluit):
            nxt = index.get(model.raadsvoorstel)
        elif isinstance(model, (Raadsvoorstel, Raadsmededeling)) and model.nota:
            nxt = index.get(model.nota)
        if nxt is None or nxt.kind not in DECISION_KINDS:
            return current
        current = nxt
    return current


def decision_betreft(index: Index, node: Node) -> str | None:
    """The policy document a decision document is about, following its chain."""
    current: Node | None = node
    seen = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        betreft = getattr(current.model, "betreft", None)
        if betreft:
            return betreft
        model = current.model
        if isinstance(model, Raadsbesluit):
            current = index.get(model.raadsvoorstel)
        elif isinstance(model, (Raadsvoorstel, Raadsmededeling)) and model.nota:
            current = index.get(model.nota)
        else:
            current = None
    return None


def document_date(node: Node) -> dt.date | str | None:
    """The date a document is known by: its decision or meeting date, its own date, or the date
    among its heading fields (a partial date such as '2025-10' as published); None if it has none."""
    model = node.model
    for name in ("besluit_datum", "vergaderdatum", "datum", "raadsvergadering", "raadstafel"):
        value = getattr(model, name, None)
        if isinstance(value, dt.date):
            return value
    if isinstance(model, Stuk):
        return _kop_date(model)
    datum = getattr(model, "datum", None)
    return datum if isinstance(datum, str) else None


def decision_date(node: Node) -> tuple:
    return datum_sort_key(document_date(node)) or (9999, 0, 0)


def documents_by_kind(index: Index) -> list[tuple[str, str, list[Node]]]:
    """Every document, grouped by kind: (kind id, the kind's plural name, documents by date and title),
    kinds in the order of the kinds data (policy documents first, then decisions, then the rest)."""
    groups: dict[str, list[Node]] = {}
    for node in index.documents():
        groups.setdefault(node.kind, []).append(node)
    order = {kind: i for i, kind in enumerate(index.soorten)}
    result = []
    for kind in sorted(groups, key=lambda k: (order.get(k, len(order)), k)):
        soort = index.soort(kind)
        meervoud = soort.meervoud if soort is not None else kind_name(index, kind)
        nodes = sorted(groups[kind], key=lambda n: (decision_date(n), n.title, n.id))
        result.append((kind, meervoud, nodes))
    return result


def _kop_date(model: Stuk) -> dt.date | str | None:
    value = model.kop.get("datum")
    if isinstance(value, dt.date) or (isinstance(value, str) and value[:4].isdigit() and value.replace("-", "").isdigit()):
        return value
    return None


def bundle_parents(index: Index) -> dict[str, tuple[str, int]]:
    """Document id -> (the document that has it as a bijlage, its place there); first one wins."""
    parents: dict[str, tuple[str, int]] = {}
    for node in index.documents():
        for i, bijlage in enumerate(getattr(node.model, "bijlagen", [])):
            target = getattr(bijlage, "document", None)
            if target and target != node.id and target not in parents:
                parents[target] = (node.id, i)
    return parents


def bundle_root(index: Index, node: Node, parents: dict[str, tuple[str, int]]) -> Node:
    """The document at the top of the bundle ``node`` is a bijlage in (itself if none)."""
    seen = {node.id}
    current = node
    while current.id in parents and parents[current.id][0] not in seen:
        seen.add(parents[current.id][0])
        current = index.nodes[parents[current.id][0]]
    return current


#: With more decision bundles than this, the navigation groups them per year:
#: every page carries the open part of the navigation (navigation.prune), so
#: one long flat list would make every page, and the build, slow.
YEAR_GROUPS_FROM = 20


def _by_year(groups: list[NavItem], dates: list[tuple]) -> list[NavItem]:
    years: dict[str, NavItem] = {}
    for group, date in zip(groups, dates):
        year = str(date[0]) if date[0] != 9999 else "Zonder datum"
        years.setdefault(year, NavItem(year)).children.append(group)
    return list(years.values())


def decision_order(index: Index, node: Node) -> tuple:
    """Chains in order of their first document's date; nota, voorstel, besluit within a chain."""
    root = decision_root(index, node)
    return (decision_date(root), root.id, KIND_ORDER.get(node.kind, 9), decision_date(node), node.id)


# --- sections ------------------------------------------------------------------


def plain_title(index: Index, text: str) -> str:
    """A shown title as plain text, for a page title and the navigation: a withheld passage as
    '[weggelakt: CODE]', a reference as its label, a footnote mark left out (it has no words)."""

    def label(match) -> str:
        target, own = match.group(1).strip(), (match.group(2) or "").strip()
        node = index.get(target)
        if node is not None and node.kind == "voetnoot" and not own:
            return ""
        return own or (node.label if node is not None else match.group(0))

    return REF_RE.sub(label, plain_laks(text))


def section_label(sectie: Sectie, kind: str = "sectie") -> str:
    if kind == "bijlage":
        return f"Bijlage {sectie.nummer}: {sectie.titel}" if sectie.nummer else f"Bijlage: {sectie.titel}"
    return f"{sectie.nummer} {sectie.titel}" if sectie.nummer else sectie.titel


def is_pijler_section(index: Index, sectie: Sectie) -> bool:
    for blok in sectie.inhoud:
        if isinstance(blok, ActielijnenBlok):
            return True
        if isinstance(blok, OpnemenBlok):
            node = index.get(blok.opnemen)
            if node is not None and node.kind == "pijler":
                return True
    return False


def _file_name(sectie: Sectie, fallback: str, used: set[str]) -> str:
    name = sectie.id or fallback
    base, n = name, 2
    while name in used or name == "index" or name == "pijlers":
        name = f"{base}-{n}"
        n += 1
    used.add(name)
    return name


# --- the plan --------------------------------------------------------------------


def make_plan(index: Index, content_dir: Path | None = None) -> Plan:
    """The pages of the site; ``content_dir`` is not read (the guide pages come with the index)."""
    pages: list[Page] = []
    nav: list[NavItem] = []

    pages.append(Page("index.md", "Overzicht", "site/start.md.j2", nav_title="Start"))
    nav.append(NavItem("Start", "index.md"))

    # Policy documents, oldest first.
    policy = sorted(
        (n for n in index.documents() if n.kind in POLICY_KINDS),
        key=lambda n: (datum_sort_key(n.model.datum) or (9999, 0, 0), n.title),
    )
    for node in policy:
        nav.append(_plan_policy(index, node, pages))

    # Decision documents, one page each, grouped by their chain (nota -> voorstel -> besluit),
    # with the documents of other kinds that are bijlagen in the chain (the bundle).
    decisions = [n for n in index.documents() if n.kind in DECISION_KINDS]
    groups: dict[str, list[Node]] = {}
    for node in decisions:
        groups.setdefault(decision_root(index, node).id, []).append(node)
    parents = bundle_parents(index)
    generic_groups: dict[str, dict[str, list[Node]]] = {}  # nav group -> bundle root -> members
    for node in index.documents():
        if not isinstance(node.model, Stuk):
            continue
        root = bundle_root(index, node, parents)
        if root.kind in DECISION_KINDS:
            groups.setdefault(decision_root(index, root).id, []).append(node)
            continue
        if not isinstance(root.model, Stuk):
            root = node  # a bijlage of a policy document: listed on its own
        soort = index.soort(root.model.soort)
        groep = soort.groep if soort is not None else "overig"
        if groep == "besluit":
            groups.setdefault(root.id, []).append(node)
        else:
            generic_groups.setdefault(groep, {}).setdefault(root.id, []).append(node)

    def member_order(node: Node) -> tuple:
        place = parents.get(node.id, (None, -1))[1]
        return (KIND_ORDER.get(node.kind, 9), place, decision_date(node), node.id)
    if groups:
        section = NavItem("Besluitstukken")
        ordered = sorted(groups.items(), key=lambda kv: (min(decision_date(n) for n in kv[1]), kv[0]))
        for root_id, members in ordered:
            members.sort(key=member_order)
            root = index.nodes[root_id]
            group = NavItem(root.model.onderwerp or root.title)
            for node in members:
                group.children.append(_document_page(index, node, pages))
            section.children.append(group)
        if len(section.children) == 1:
            section.children = section.children[0].children
        elif len(section.children) > YEAR_GROUPS_FROM:
            section.children = _by_year(section.children, [min(decision_date(n) for n in m) for _, m in ordered])
        nav.append(section)

    # Documents of other kinds, per navigation group of their kind; a bundle together.
    for groep, title in GROEPEN.items():
        bundles = generic_groups.get(groep)
        if not bundles:
            continue
        section = NavItem(title)
        ordered_bundles = sorted(bundles.items(), key=lambda kv: (decision_date(index.nodes[kv[0]]), kv[0]))
        for root_id, members in ordered_bundles:
            members.sort(key=lambda n: (n.id != root_id, parents.get(n.id, (None, -1))[1], n.id))
            items = [_document_page(index, node, pages) for node in members]
            if len(items) == 1:
                section.children.append(items[0])
            else:
                section.children.append(NavItem(index.nodes[root_id].title, None, items))
        nav.append(section)

    # Traceability: from uitgangspunt to budget line, per pijler.
    pijlers = index.of_kind("pijler")
    if pijlers:
        section = NavItem("Van visie tot begroting")
        path = "samenhang/index.md"
        pages.append(Page(path, "Van visie tot begroting", "site/samenhang-overzicht.md.j2"))
        section.children.append(NavItem("Overzicht", path))
        for pijler in pijlers:
            path = f"samenhang/{pijler.id}.md"
            pages.append(Page(path, f"Samenhang {pijler.label}", "site/samenhang-pijler.md.j2",
                              context={"pijler": pijler}, nav_title=pijler.label))
            section.children.append(NavItem(pijler.label, path))
        nav.append(section)

    # Registries.
    registers = [f for f in index.files if isinstance(f.model, Register)]
    section = NavItem("Registers")
    for field_name, file_name, title, template in REGISTRIES:
        entries = [(f, i, item) for f in registers for i, item in enumerate(getattr(f.model, field_name))]
        if not entries:
            continue
        path = f"registers/{file_name}.md"
        pages.append(Page(path, title, template, context={"entries": entries},
                          owns=[(f.source.path, (field_name,)) for f in registers]))
        section.children.append(NavItem(title, path))
    path = "registers/afkortingen.md"
    pages.append(Page(path, "Afkortingen", "site/register-afkortingen.md.j2"))
    section.children.append(NavItem("Afkortingen", path))
    nav.append(section)

    # The writers' guide: Markdown pages written by the content team.
    # (read and checked with the rest of the content: see loader.load_corpus)
    if index.guide:
        section = NavItem("Handleiding")
        for guide in index.guide:
            stem = guide.name.removesuffix(".md")
            title = _guide_title(guide.text) or stem.replace("-", " ").capitalize()
            path = f"handleiding/{slug(stem)}.md"
            pages.append(Page(path, title, "site/pagina.md.j2", context={"source": guide.name, "text": guide.text}))
            section.children.append(NavItem(title, path))
        nav.append(section)

    return Plan(pages, nav, _locations(index, pages))


def url_collisions(index: Index, pages: list[Page]) -> list[Diagnostic]:
    """Pages that get one address: MkDocs would keep one of them and silently drop the other.

    A pijler with the id 'index' would take the place of the overview page of its
    section; 'a-b.md' and 'a_b.md' in content/paginas/ both become handleiding/a-b/.
    Each page made from content is reported where it is written, naming the other.
    """
    by_path: dict[str, list[Page]] = {}
    for page in pages:
        by_path.setdefault(page.path, []).append(page)
    problems: list[Diagnostic] = []
    for path, same in by_path.items():
        if len(same) < 2:
            continue
        url = path.removesuffix("index.md") if path.split("/")[-1] == "index.md" else path.removesuffix(".md") + "/"
        for page in same:
            origin = _origin(index, page)
            if origin is None:
                continue  # a page of the site itself: reported at the page from content
            others = " en ".join(_described(index, other) for other in same if other is not page)
            problems.append(Diagnostic(
                origin[0], "url-collision",
                f"de pagina '{page.title}' krijgt op de site hetzelfde adres ({url}) als {others}; "
                "een van beide zou verdwijnen", origin[1],
            ))
    return problems


def _origin(index: Index, page: Page) -> tuple[Position, str] | None:
    """Where the content that makes ``page`` is written, and what decides its address."""
    if page.template == "site/pagina.md.j2":
        guide = next(g for g in index.guide if g.name == page.context["source"])
        return Position(guide.shown), "hernoem het bestand: de bestandsnaam bepaalt het adres op de site"
    node = page.context.get("pijler") or page.context.get("node")
    if isinstance(node, Node):
        return node.file.source.pos(node.path + ("id",)), "kies een ander id: het id bepaalt het adres op de site"
    return None


def _described(index: Index, page: Page) -> str:
    origin = _origin(index, page)
    if origin is None:
        return f"de pagina '{page.title}' van de site"
    return f"de pagina '{page.title}' uit {origin[0].path}:{origin[0].line}"


def _document_page(index: Index, node: Node, pages: list[Page]) -> NavItem:
    """The one page of a decision document or of a document of a kind without a model."""
    path = f"stukken/{node.id}.md"
    context: dict[str, Any] = {"node": node, "doc": node.model}
    template = f"site/{node.kind}.md.j2"
    if isinstance(node.model, Stuk):
        soort = index.soort(node.model.soort)
        template = "site/stuk.md.j2"
        context["soort"] = soort
        context["kopvelden"] = [veld.sleutel for veld in soort.kopvelden] if soort else []
    pages.append(Page(
        path, document_label(index, node), template, context=context,
        owns=[(node.file.source.path, ())], roots={node.id}, footnotes_of=node.id,
        nav_title=short_document_label(index, node),
    ))
    return NavItem(short_document_label(index, node), path)


def _guide_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip() or None
    return None


def _plan_policy(index: Index, node: Node, pages: list[Page]) -> NavItem:
    doc = node.model
    source = node.file.source.path
    base = f"documenten/{node.id}"
    item = NavItem(node.title)
    index_page = Page(f"{base}/index.md", node.title, "site/document.md.j2",
                      context={"node": node, "doc": doc, "chapters": []},
                      owns=[(source, ())], roots={node.id}, footnotes_of=node.id, nav_title=node.title)
    pages.append(index_page)
    # The document's own page is its navigation section's index (navigation.indexes):
    # the section title links to it, and it is named by the document's title.
    item.children.append(NavItem(node.title, index_page.path))
    chapters = index_page.context["chapters"]
    used: set[str] = set()

    if getattr(doc, "pijlers", None):
        path = f"{base}/pijlers.md"
        pages.append(Page(path, "De pijlers", "site/pijlers.md.j2", context={"node": node, "doc": doc},
                          owns=[(source, ("pijlers",))], html_title=f"De pijlers – {node.title}"))
        item.children.append(NavItem("De pijlers", path))
        chapters.append(("De pijlers", path, []))

    for field_name, kind in (("hoofdstukken", "sectie"), ("bijlagen", "bijlage")):
        for i, sectie in enumerate(getattr(doc, field_name)):
            fallback = f"{'hoofdstuk' if kind == 'sectie' else 'bijlage'}-{sectie.nummer or i + 1}"
            name = _file_name(sectie, slug(fallback), used)
            label = plain_title(index, section_label(sectie, kind))  # a page title: plain text (see woo)
            split = bool(sectie.secties) and any(is_pijler_section(index, s) for s in sectie.secties)
            # A chapter split into pages is the index of its navigation section (same URL).
            path = f"{base}/{name}/index.md" if split else f"{base}/{name}.md"
            sub_pages = []
            if split:
                for j, sub in enumerate(sectie.secties):
                    sub_name = _file_name(sub, slug(f"{name}-{sub.nummer or j + 1}"), used)
                    sub_path = f"{base}/{sub_name}.md"
                    sub_pages.append((plain_title(index, section_label(sub)), sub_path))
            page = Page(path, label, "site/hoofdstuk.md.j2",
                        context={"node": node, "doc": doc, "sectie": sectie, "kind": kind,
                                 "sub_pages": sub_pages, "split": split},
                        owns=[(source, (field_name, i))], roots={sectie.id} if sectie.id else set(),
                        html_title=f"{label} – {node.title}")
            pages.append(page)
            chapters.append((label, path, sub_pages))
            if split:
                group = NavItem(label, None, [NavItem(label, path)])
                for j, (sub_label, sub_path) in enumerate(sub_pages):
                    sub = sectie.secties[j]
                    pages.append(Page(sub_path, sub_label, "site/hoofdstuk.md.j2",
                                      context={"node": node, "doc": doc, "sectie": sub, "kind": "sectie",
                                               "sub_pages": [], "split": False, "parent": (label, path)},
                                      owns=[(source, (field_name, i, "secties", j))],
                                      roots={sub.id} if sub.id else set(),
                                      html_title=f"{sub_label} – {node.title}"))
                    group.children.append(NavItem(sub_label, sub_path))
                item.children.append(group)
            else:
                item.children.append(NavItem(label, path))
    return item


def _locations(index: Index, pages: list[Page]) -> dict[str, Location]:
    owners: dict[str, list[tuple[PathKey, Page]]] = {}
    for page in pages:
        for source, prefix in page.owns:
            owners.setdefault(source, []).append((prefix, page))
    locations: dict[str, Location] = {}
    for node in index.nodes.values():
        best: tuple[int, Page] | None = None
        for prefix, page in owners.get(node.file.source.path, []):
            if node.path[: len(prefix)] == prefix and (best is None or len(prefix) > best[0]):
                best = (len(prefix), page)
        if best is None:
            continue
        page = best[1]
        locations[node.id] = Location(page.path, None if node.id in page.roots else node.id)
    return locations
