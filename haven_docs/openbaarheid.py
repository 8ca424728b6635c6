"""Which documents an edition may show: embargo and publication held for another body's decision.

A document's ``openbaarheid`` says when it becomes public: at an ``embargo``
moment (Europe/Amsterdam; the first build after it includes the document with
no edit), or when a writer records ``vrijgegeven`` after the body named in
``aangehouden_tot_besluit_van`` has decided.

:func:`publiceerbaar` is the one step that applies this, right after the check
and before anything is rendered. For the public edition it returns an index
from which every held-back document is gone: its nodes, its file, its
backlinks, the register decisions that record it, its images, its place in
the site plan. Nothing downstream (site pages, navigation, search, sitemap,
registers, start page and diagram, PDFs, open data, feed) can show what it
never sees; a reference to a held-back node reads "nog niet openbaar", without
link or title (:meth:`~haven_docs.index.Index.niet_openbaar`). The internal
edition keeps everything and knows per document why it is held
(:meth:`~haven_docs.index.Index.aanhouding`), for the renderers to show.

The render caches see the change: a page or PDF that read a held-back node
read its digest, which is "withheld" in the public index and the node itself
once it is public (see :mod:`haven_docs.dependencies`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .diagnostics import Diagnostics
from .index import Index, Node
from .model.documents import Openbaarheid, Raadsbesluit, Raadsmededeling, Raadsvoorstel
from .uitgave import Uitgave, format_moment, parse_moment
from .validate import ContentFile  # noqa: TC001 - a type in a signature

#: What a reference to a held-back node shows in the public edition: no link, no title.
NIET_OPENBAAR = "nog niet openbaar"


@dataclass(frozen=True)
class Aanhouding:
    """Why a document is not (yet) public at the moment of a build."""

    document: str
    reden: Literal["embargo", "besluit", "volgt"]
    #: embargo: the moment it becomes public
    tot: datetime | None = None
    #: besluit: the organisation whose decision it waits for, and the condition as the source has it
    orgaan: str | None = None
    toelichting: str | None = None
    #: volgt: the document it cannot be published without (a raadsvoorstel's nota)
    volgt: str | None = None

    def zin(self, index: Index) -> str:
        """Dutch: 'embargo tot 1 november 2024 10:00', 'tot besluit van ...', 'met nota-x (...)'."""
        if self.reden == "embargo":
            return f"embargo tot {format_moment(self.tot)}"
        if self.reden == "besluit":
            orgaan = index.get(self.orgaan) if self.orgaan else None
            return f"tot besluit van {orgaan.title if orgaan is not None else self.orgaan}"
        return f"wacht op {self.volgt}"


    def uitleg(self, index: Index) -> str:
        """The internal edition's note on the document: why it is not public and until when."""
        if self.reden == "embargo":
            return (f"Nog niet openbaar: embargo tot {format_moment(self.tot)}. De openbare uitgave laat "
                    "dit document tot dan weg en neemt het daarna vanzelf op.")
        if self.reden == "besluit":
            text = f"Nog niet openbaar: aangehouden {self.zin(index)}."
            if self.toelichting:
                text += f" {self.toelichting.strip()}"
            return (text.rstrip(".") + ". De openbare uitgave neemt het op zodra bij 'openbaarheid' "
                    "'vrijgegeven' is ingevuld.")
        source = index.get(self.volgt)
        name = source.label if source is not None else self.volgt
        followed = index.aanhouding(self.volgt)
        why = f" ({followed.zin(index)})" if followed is not None and followed.reden != "volgt" else ""
        return f"Nog niet openbaar: wordt openbaar met {name}{why}."


def aanhoudingen(index: Index, nu: datetime) -> dict[str, Aanhouding]:
    """The documents that are not public at ``nu``, by id, in corpus order.

    A raadsvoorstel and a raadsmededeling take their number (and date) from
    their nota, a raadsbesluit reads its raadsvoorstel: they cannot be
    published before what they read, so they are held with it.
    """
    held: dict[str, Aanhouding] = {}
    for node in index.documents():
        found = _own(node, nu)
        if found is not None:
            held[node.id] = found
    changed = True
    while changed:
        changed = False
        for node in index.documents():
            if node.id in held:
                continue
            source = _depends_on(node)
            if source is not None and source in held:
                held[node.id] = Aanhouding(node.id, "volgt", volgt=source)
                changed = True
    return {node.id: held[node.id] for node in index.documents() if node.id in held}


def _own(node: Node, nu: datetime) -> Aanhouding | None:
    openbaarheid: Openbaarheid | None = getattr(node.model, "openbaarheid", None)
    if openbaarheid is None:
        return None
    if openbaarheid.embargo is not None:
        moment = parse_moment(openbaarheid.embargo)  # checked by check_openbaarheid
        if nu < moment:
            return Aanhouding(node.id, "embargo", tot=moment)
    vrijgegeven = openbaarheid.vrijgegeven
    if openbaarheid.aangehouden_tot_besluit_van and (vrijgegeven is None or vrijgegeven is False):
        return Aanhouding(node.id, "besluit", orgaan=openbaarheid.aangehouden_tot_besluit_van,
                          toelichting=openbaarheid.toelichting)
    return None


def _depends_on(node: Node) -> str | None:
    if isinstance(node.model, (Raadsvoorstel, Raadsmededeling)):
        return node.model.nota
    if isinstance(node.model, Raadsbesluit):
        return node.model.raadsvoorstel
    return None


def publiceerbaar(index: Index, uitgave: Uitgave) -> Index:
    """The index the renderers of this edition see (see the module's text).

    Its redaction step follows: withheld Woo passages (haven_docs.woo) leave the
    model of the documents this edition shows, or are marked in the internal one.
    """
    from . import woo

    held = aanhoudingen(index, uitgave.nu)
    if uitgave.intern:
        edition = index
        edition.aanhoudingen = held
    else:
        edition = _without(index, set(held)) if held else index
        edition.aanhoudingen = {}
        edition.achtergehouden = held
    edition.uitgave = uitgave
    woo.lak(edition, intern=uitgave.intern)
    return edition


def _without(index: Index, held: set[str]) -> Index:
    """A copy of ``index`` without the held documents and everything that is part of them."""
    withheld = {node.id for node in index.nodes.values() if node.document in held}
    # A register decision that records a held document (its 'Vastgesteld bij') is held with it.
    withheld |= {node.id for node in index.of_kind("besluit")
                 if getattr(node.model, "document", None) in held}
    withheld |= {node_id for node_id, ancestors in index.ancestors.items()
                 if any(ancestor in withheld for ancestor in ancestors)}
    backlinks = {}
    for target, links in index.backlinks.items():
        if target in withheld:
            continue
        kept = [link for link in links if link.source not in withheld and link.document not in held]
        if kept:
            backlinks[target] = kept
    public = dataclasses.replace(
        index,
        nodes={node_id: node for node_id, node in index.nodes.items() if node_id not in withheld},
        files=[content for content in index.files if getattr(content.model, "id", None) not in held],
        backlinks=backlinks,
        ancestors={node_id: a for node_id, a in index.ancestors.items() if node_id not in withheld},
        by_path={key: node_id for key, node_id in index.by_path.items() if node_id not in withheld},
        _backlink_keys=set(),
    )
    public.withheld = frozenset(withheld)
    public.withheld_titles = frozenset(index.nodes[doc_id].title for doc_id in held if index.nodes[doc_id].title)
    public.assets = _assets_shown(public)
    from .site.plan import make_plan

    public.site_plan = make_plan(public)
    return public


def _assets_shown(index: Index) -> dict:
    """The images the remaining documents and the guide still show (no image only a held one uses)."""
    from urllib.parse import unquote

    from .assets import image_references
    from .markup import ASSETS_PREFIX

    names = {unquote(src.strip())[len(ASSETS_PREFIX):]
             for src, _pos in image_references(index.files, index.guide, Diagnostics())}
    return {name: asset for name, asset in index.assets.items() if name in names}


def next_change(index: Index) -> datetime | None:
    """The first moment after this build at which an embargo ends (None: no embargo is running)."""
    held = index.aanhoudingen if index.uitgave is not None and index.uitgave.intern else index.achtergehouden
    moments = [aanhouding.tot for aanhouding in held.values() if aanhouding.reden == "embargo"]
    return min(moments) if moments else None


def names_withheld(index: Index, content: ContentFile) -> bool:
    """Whether a content file's text names what this edition holds back: the id of a held-back
    node or the title of a held-back document, in a value or in a comment. Then its source,
    attached to its PDF, would name it."""
    pattern = index.withheld_pattern()
    return pattern is not None and pattern.search(content.source.text) is not None


def bericht(index: Index) -> str | None:
    """The build's one line about the documents this edition holds back or marks; None if none."""
    intern = index.uitgave is not None and index.uitgave.intern
    held = index.aanhoudingen if intern else index.achtergehouden
    if not held:
        return None
    parts = ", ".join(f"{doc_id} ({aanhouding.zin(index)})" for doc_id, aanhouding in held.items())
    if intern:
        return f"Nog niet openbaar, in deze interne uitgave gemarkeerd: {parts}."
    return f"Nog niet openbaar, niet in deze uitgave: {parts}."


def check_openbaarheid(index: Index, diagnostics: Diagnostics) -> None:
    """A document's publication condition must say something, and its moment must exist."""
    for node in index.documents():
        openbaarheid = getattr(node.model, "openbaarheid", None)
        if openbaarheid is None:
            continue
        path = node.path + ("openbaarheid",)
        pos = node.file.source.pos
        if openbaarheid.embargo is not None:
            try:
                parse_moment(openbaarheid.embargo)
            except ValueError as exc:
                diagnostics.error(pos(path + ("embargo",)), "embargo-moment", f"embargo: {exc}",
                                  "schrijf een bestaande datum en tijd, bijv. 2024-11-01T10:00")
        if openbaarheid.embargo is None and openbaarheid.aangehouden_tot_besluit_van is None:
            diagnostics.error(pos(path, key=True), "openbaarheid-leeg",
                              "'openbaarheid' zegt niet tot wanneer het document niet openbaar is",
                              "geef 'embargo: JJJJ-MM-DDTUU:MM' of 'aangehouden_tot_besluit_van: <organisatie>'")
        elif openbaarheid.vrijgegeven is not None and openbaarheid.aangehouden_tot_besluit_van is None:
            diagnostics.error(pos(path + ("vrijgegeven",)), "vrijgegeven-zonder-aanhouding",
                              "'vrijgegeven' zonder 'aangehouden_tot_besluit_van': er is niets vrij te geven",
                              "een embargo vervalt vanzelf; 'vrijgegeven' hoort bij een aangehouden document")
