"""What the page templates call: prose, links, backlinks, tables, charts, footnotes.

One :class:`PageHelper` per page (links are relative to the page, footnotes
are numbered per page). Everything it returns is ``Markup`` made from escaped
text or from :func:`markup.render`, so templates never insert raw content.
"""

from __future__ import annotations

import html
import re
from functools import cached_property
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .. import lifecycle, markup
from ..bundles import bundle_parts, bundle_pdf_path, has_bundle
from ..charts import chart_text, reference_labels, svg_chart
from ..checks.arithmetic import Sum, compute_table
from ..checks.decisions import besluit_gegevens, voorstel_gegevens
from ..documentkop import heading_fields
from ..formatting import cel, datum
from ..index import Index, Node
from ..tables import TableView, nearest_heading, table_view
from ..openbaarheid import NIET_OPENBAAR

#: A reference to what the public edition holds back: plain text, set apart from the sentence.
_NIET_OPENBAAR_HTML = f'<span class="hd-niet-openbaar-ref">{NIET_OPENBAAR}</span>'
from ..model import DECISION_KINDS, KIND_LABELS, datum_sort_key
from ..model.blocks import KopBlok, Sectie, Tabel
from ..nummering import voetnootstijl
from .guide import guide_parts
from .links import Linker, relative_url
from .plan import Page, document_label, document_number, section_label, short_document_label
from .text import Abbreviations, inert_html, slug
from .trace import Spoor, trace

EMPTY = Markup('<span class="hd-leeg">nog niet bekend</span>')
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class SiteData:
    """What all pages share."""

    index: Index
    linker: Linker
    abbreviations: Abbreviations
    footnote_numbers: dict[str, str]
    gemeente: str | None
    pages: dict[str, Page] = field(default_factory=dict)

    @cached_property
    def spoor(self) -> Spoor:
        """From uitgangspunt to budget line (only computed when a page shows it)."""
        return trace(self.index)


def mention_place(model: Any, path: tuple) -> tuple[str | None, str | None]:
    """The innermost titled section on ``path`` in a content model, and the heading
    (``kop`` block) above the part ``path`` leads to within that section."""
    place = kop = None
    current, name = model, None
    for part in path:
        if isinstance(part, int):
            if not isinstance(current, list) or part >= len(current):
                break
            if name == "inhoud":
                kop = next((b.kop for b in reversed(current[:part]) if isinstance(b, KopBlok)), None)
            current = current[part]
        else:
            name, current = part, getattr(current, part, None)
            if current is None:
                break
        if isinstance(current, Sectie) and current.titel:
            place, kop = section_label(current), None
    # Shown in link texts ('Genoemd in'): plain text, a withheld passage as '[weggelakt: E]'.
    return (markup.plain_laks(place) if place else place), (markup.plain_laks(kop) if kop else kop)


def display_label(index: Index, node: Node) -> str:
    """How a link to a node reads."""
    if node.kind in DECISION_KINDS:
        return document_label(index, node)
    if node.title and node.title != node.id:
        return node.label
    # No title of its own (a list, a table row without text): name its context.
    kind = KIND_LABELS.get(node.kind, node.kind)
    for ancestor in index.ancestors.get(node.id, []):
        parent = index.nodes[ancestor]
        if parent.title and parent.title != parent.id:
            return f"{kind[0].upper()}{kind[1:]} in {display_label(index, parent)}"
    return node.id


class PageHelper:
    def __init__(self, site: SiteData, page: Page):
        self.site = site
        self.index = site.index
        self.page = page
        self.path = page.path
        self.footnotes: dict[str, int] = {}
        self._ids: set[str] = set()
        if page.footnotes_of:
            doc = self.index.get(page.footnotes_of)
            for voetnoot in getattr(doc.model, "voetnoten", []) if doc else []:
                self.footnotes.setdefault(voetnoot.id, 0)

    # --- text ------------------------------------------------------------------

    def text(self, value: Any) -> Markup:
        """Plain text for HTML: escaped, abbreviations marked, [[id]] references as links,
        withheld Woo passages as their box (public) or highlighted (internal)."""
        if value is None:
            return Markup("")
        if isinstance(value, str) and "[[" in value and not isinstance(value, Markup):
            if markup.LAK_OPEN in value:
                return self._text_with_laks(value)
            return self._text_with_refs(value)
        return self.site.abbreviations.mark(value)

    def _text_with_laks(self, value: str) -> Markup:
        parts: list[Markup] = []
        last = 0
        titels = self.index.woo_titels() or {}

        def plain(piece: str) -> None:  # as in _text_with_refs: keep a space at either end
            lead, trail = piece[:1].isspace(), piece[-1:].isspace()
            parts.append(Markup(" " if lead else "") + self.text(piece.strip())
                         + Markup(" " if trail and piece.strip() else ""))

        for lak in markup.find_laks(value):
            plain(value[last:lak.start])
            if lak.problem is not None:  # not in checked content: the text as it is
                parts.append(self.site.abbreviations.mark(value[lak.start:lak.end]))
            elif lak.passage is None:
                parts.append(inert_html(markup.lak_box_html(lak.code, titels.get(lak.code))))
            else:
                parts.append(inert_html(markup.lak_open_html(lak.code, titels.get(lak.code)))
                             + self.text(lak.passage) + Markup(markup.LAK_CLOSE_HTML))
            last = lak.end
        plain(value[last:])
        return Markup("").join(parts)

    def woo_legenda(self, doc_id: str | None) -> Any:
        """The grounds of the withheld passages a document shows (the legend under it)."""
        return self.index.woo_legenda(doc_id) if doc_id else None

    def _text_with_refs(self, value: str) -> Markup:
        # A title or caption is no Markdown: only its references (checked by resolve) become links.
        parts: list[Markup] = []
        last = 0

        def plain(piece: str) -> None:  # the escaping folds white space: keep a space at either end
            lead, trail = piece[:1].isspace(), piece[-1:].isspace()
            parts.append(Markup(" " if lead else "") + self.site.abbreviations.mark(piece)
                         + Markup(" " if trail and piece.strip() else ""))

        for match in markup.REF_RE.finditer(value):
            plain(value[last:match.start()])
            target, label = match.group(1).strip(), (match.group(2) or "").strip() or None
            parts.append(Markup(self._render_ref(target, label)))
            last = match.end()
        plain(value[last:])
        return Markup("").join(parts)

    def prose(self, value: str | None, inline: bool = False) -> Markup:
        """Markdown from content, through markup.render (raw HTML off)."""
        if not value:
            return Markup("")
        rendered = markup.render(value, render_ref=self._render_ref, inline=inline,
                                 asset_prefix=relative_url(self.path, "inhoud/"),
                                 woo_gronden=self.index.woo_titels() if markup.LAK_OPEN in value else None,
                                 woo_intern=self.index.edition() == "intern")
        return self.site.abbreviations(rendered.strip())

    def plain(self, value: str | None) -> str:
        """Markdown from content as plain text (for charts and labels)."""
        if not value:
            return ""
        rendered = markup.render(value, render_ref=lambda t, l: html.escape(l or self.label(t)), inline=True,
                                 woo_intern=self.index.edition() == "intern")
        return html.unescape(_TAGS.sub("", rendered)).strip()

    def heading(self, level: int, title: str, anchor: str | None = None, markdown: bool = True) -> Markup:
        """A heading: a Markdown line (in the page's table of contents) or an HTML tag."""
        level = max(1, min(level, 6))
        if anchor is None:
            anchor = self.unique_id("hd--" + slug(title))
        else:
            self._ids.add(anchor)
        if markdown:
            return Markup(f"\n\n{'#' * level} ") + self.text(title) + Markup(f" {{#{anchor}}}\n\n")
        return Markup(f'<h{level} id="{anchor}">') + self.text(title) + Markup(f"</h{level}>")

    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self._ids:
            candidate = f"{base}-{n}"
            n += 1
        self._ids.add(candidate)
        return candidate

    def anchor(self, node_id: str | None, anchors: bool = True) -> Markup:
        """` id="..."` for an element that is the home of a node."""
        if not node_id or not anchors:
            return Markup("")
        location = self.site.linker.location(node_id)
        if location is not None and location.page != self.path:
            return Markup("")  # shown here, but its home is elsewhere
        self._ids.add(node_id)
        return Markup(' id="') + Markup.escape(node_id) + Markup('"')

    # --- links ----------------------------------------------------------------

    def node(self, node_id: str | None) -> Node | None:
        return self.index.get(node_id) if node_id else None

    def label(self, node_id: str) -> str:
        node = self.index.get(node_id)
        if node is None:
            return NIET_OPENBAAR if self.index.niet_openbaar(node_id) else node_id
        return display_label(self.index, node)

    def short_label(self, node_id: str) -> str:
        node = self.index.get(node_id)
        if node is None:
            return NIET_OPENBAAR if self.index.niet_openbaar(node_id) else node_id
        return short_document_label(self.index, node)

    def href(self, node_id: str) -> str | None:
        return self.site.linker.href(node_id, self.path)

    def link(self, node_id: str | None, text: str | None = None) -> Markup:
        if not node_id:
            return EMPTY
        if self.index.niet_openbaar(node_id):  # held back: no link, no title, not even a text of its own
            return Markup(_NIET_OPENBAAR_HTML)
        href = self.href(node_id)
        shown = self.text(text if text is not None else self.label(node_id))
        if href is None:
            return shown
        return Markup('<a href="') + Markup.escape(href) + Markup('">') + shown + Markup("</a>")

    def openbaarheid(self, doc_id: str) -> str | None:
        """The internal edition's note on a document that is not public yet (None: it is public)."""
        aanhouding = self.index.aanhouding(doc_id)
        return aanhouding.uitleg(self.index) if aanhouding is not None else None

    def url(self, to_page: str, anchor: str | None = None) -> str:
        return self.site.linker.url(self.path, to_page, anchor)

    def pdf(self, doc_id: str) -> str:
        """The document's PDF: written into pdf/<id>.pdf after the site is built."""
        return relative_url(self.path, f"pdf/{doc_id}.pdf")

    def bundle_pdf(self, doc_id: str) -> str:
        """The document's bundle PDF (the document with its bijlagen): pdf/bundel/<id>.pdf."""
        return relative_url(self.path, bundle_pdf_path(doc_id))

    def bundle(self, doc_id: str) -> list[dict[str, Any]]:
        """A document's bundle as a tree of its bijlagen that are documents in content/ (empty: no
        bundle): per bijlage its letter as published, its document and its own bijlagen."""
        node = self.index.get(doc_id)
        if node is None or not has_bundle(self.index, node):
            return []
        top: list[dict[str, Any]] = []
        stack = [top]  # stack[d]: the list the parts of depth d + 1 go into
        for part in bundle_parts(self.index, node)[1:]:  # depth first, so a part follows its parent
            entry = {"nummer": part.nummer, "document": part.doc_id, "titel": part.titel, "bijlagen": []}
            del stack[part.depth:]
            stack[-1].append(entry)
            stack.append(entry["bijlagen"])
        return top

    def site_file(self, path: str) -> str:
        """A file the build writes beside the pages (feed.xml, open-data/...), relative to this page."""
        return relative_url(self.path, path)

    def _render_ref(self, target: str, own_label: str | None) -> str:
        node = self.index.get(target)
        if node is None and self.index.niet_openbaar(target):
            return _NIET_OPENBAAR_HTML  # held back: no link, no title, not even a text of its own
        if node is None:  # only possible outside the checked content (the guide pages)
            return html.escape(f"[[{target}{'|' + own_label if own_label else ''}]]")
        if node.kind == "voetnoot":
            return self.footnote_ref(target)
        text = own_label or display_label(self.index, node)
        href = self.href(target)
        if href is None:
            return html.escape(text)
        return f'<a class="hd-ref" href="{html.escape(href)}">{html.escape(text)}</a>'

    # --- footnotes ---------------------------------------------------------------

    def footnote_number(self, node_id: str) -> str:
        return self.site.footnote_numbers.get(node_id, "?")

    def footnote_ref(self, node_id: str) -> str:
        count = self.footnotes.get(node_id, 0) + 1
        self.footnotes[node_id] = count
        mark = self.footnote_number(node_id)  # "1", or "[1]" for bracket endnotes
        spoken = html.escape(mark.removeprefix("[").removesuffix("]"))
        return (f'<sup class="hd-voetnootref" id="hd--ref-{node_id}-{count}">'
                f'<a href="#{node_id}" aria-label="Voetnoot {spoken}">{html.escape(mark)}</a></sup>')

    def footnotes_heading(self) -> str:
        """'Voetnoten'; 'Noten' on the page of a document whose notes are endnotes ('[1]')."""
        doc = self.index.get(self.page.footnotes_of) if self.page.footnotes_of else None
        return "Noten" if doc is not None and voetnootstijl(doc.model) == "haken" else "Voetnoten"

    def footnote_items(self) -> list[dict[str, Any]]:
        """The footnotes of this page, in order; rendering one may add another."""
        done: list[dict[str, Any]] = []
        seen: set[str] = set()
        while True:
            todo = [fid for fid in self.footnotes if fid not in seen]
            if not todo:
                break
            for fid in todo:
                seen.add(fid)
                node = self.index.get(fid)
                done.append({
                    "id": fid,
                    "number": self.footnote_number(fid),
                    "tekst": self.prose(node.model.tekst) if node is not None else Markup(""),
                    "referenced": self.footnotes.get(fid, 0) > 0,
                })
        for item in done:
            item["referenced"] = self.footnotes.get(item["id"], 0) > 0
            self._ids.add(item["id"])
        return done

    # --- backlinks -------------------------------------------------------------

    def backlinks(self, node_id: str, exclude: Any = ()) -> list[dict[str, Any]]:
        """Where a node is mentioned: one entry per referring part, in corpus order.

        Each entry's link text says where the mention is, distinguishably: a part
        without a title of its own is named by the section it stands in, a
        footnote by the section of its call, and two entries that would still
        read alike get the heading above them ("Actielijnen – Wat doen we al?").
        """
        result: list[dict[str, Any]] = []
        seen: set[str] = set(exclude)
        for link in self.index.backlinks.get(node_id, []):
            source = self.index.get(link.source)
            if source is None or source.id == node_id or source.id in seen:
                continue
            seen.add(source.id)
            doc = self.index.get(link.document) if link.document else None
            context = None
            if doc is not None and doc.id != source.id and doc.id != self.page_document:
                context = short_document_label(self.index, doc)
            place, kop = mention_place(link.file.model, link.path)
            result.append({"source": source, "text": self._mention_text(source, place),
                           "context": context, "place": kop or place, "doc": doc})

        def alike() -> list[dict[str, Any]]:
            counts: dict[tuple, int] = {}
            for entry in result:
                counts[(entry["text"], entry["context"])] = counts.get((entry["text"], entry["context"]), 0) + 1
            return [entry for entry in result if counts[(entry["text"], entry["context"])] > 1]

        for entry in alike():  # two documents with the same short label ("Nota"): their full labels
            if entry["context"] and entry["doc"] is not None:
                entry["context"] = document_label(self.index, entry["doc"])
        for entry in alike():  # two parts of one document: the heading they stand under
            if entry["place"] and entry["place"] not in entry["text"]:
                entry["text"] = f"{entry['text']} – {entry['place']}"
        for entry in result:
            entry["link"] = self.link(entry["source"].id, entry["text"])
        return result

    def _mention_text(self, source: Node, place: str | None) -> str:
        if source.kind == "voetnoot":
            # A footnote is named by its number and where it is called, not by its first word.
            calls = [c for c in self.index.backlinks.get(source.id, []) if c.source != source.id]
            where = mention_place(calls[0].file.model, calls[0].path)[0] if calls else None
            text = f"Voetnoot {self.footnote_number(source.id)}"
            return f"{text} bij ‘{where}’" if where else text
        if (not source.title or source.title == source.id) and place:
            kind = KIND_LABELS.get(source.kind, source.kind)
            return f"{kind[:1].upper()}{kind[1:]} in ‘{place}’"
        return display_label(self.index, source)

    # --- tables and charts --------------------------------------------------------

    def table(self, tabel: Tabel) -> TableView:
        """The one table view (shared with the PDF), with this page's links and footnotes."""
        return table_view(tabel, inline=lambda text: self.prose(text, inline=True), plain=self.text,
                          label=None if tabel.titel else nearest_heading(self.index, tabel.id))

    @cached_property
    def chart_labels(self):
        return reference_labels(self.index, self.label)

    def chart(self, tabel: Tabel) -> dict[str, Any] | None:
        figures = compute_table(tabel)
        prefix = self.unique_id(f"{tabel.id}--grafiek").removesuffix("--grafiek")
        svg = svg_chart(tabel, figures, id_prefix=prefix, ref_label=self.chart_labels,
                        name=None if tabel.titel else nearest_heading(self.index, tabel.id))
        if svg is None:
            return None
        # The chart's titles and labels are content text: made inert like all HTML on a page.
        return {"svg": inert_html(svg), "text": chart_text(tabel, figures, ref_label=self.chart_labels)}

    # --- traceability -----------------------------------------------------------

    def regels_van(self, actielijn_id: str) -> list[Any]:
        for pijler in self.site.spoor.pijlers:
            for spoor in pijler.lopend + pijler.extra:
                if spoor.node.id == actielijn_id:
                    return spoor.regels
        return []

    def spoor(self, pijler_id: str | None = None):
        if pijler_id is None:
            return self.site.spoor
        return next(p for p in self.site.spoor.pijlers if p.pijler.id == pijler_id)

    def som(self, value: Sum, soort: str = "bedrag") -> Markup:
        return format_sum(value, soort)


    # --- small lookups ------------------------------------------------------------

    empty = EMPTY

    @property
    def page_document(self) -> str | None:
        node = self.page.context.get("node")
        return node.id if node is not None else None

    def blok_soort(self, blok: Any) -> str:
        return _BLOCK_NAMES[type(blok).__name__]

    def section_label(self, sectie: Any, kind: str = "sectie") -> str:
        return section_label(sectie, kind)

    def persoon(self, persoon_id: str) -> Markup:
        node = self.index.get(persoon_id)
        if node is None:
            return EMPTY
        model = node.model
        text = f"{model.functie} {model.naam}" if model.naam else f"{model.functie} (naam nog niet bekend)"
        return self.link(persoon_id, text[0].upper() + text[1:])

    def datumregels(self, nota: Any) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = []
        for regel in nota.parafering:
            rows.append(("Parafering", self.text(f"{datum(regel.datum) or '—'}: {regel.rol}")))
        for regel in nota.agendering:
            rows.append(("Agendering", self.text(f"{datum(regel.datum) or '—'}: {regel.rol}")))
        rows.append(("Definitief akkoord", datum(nota.definitief_akkoord) or None))
        rows.append(("B & W d.d.", datum(nota.besluit_datum) or None))
        return rows

    def voorstel(self, model: Any) -> Any:
        return voorstel_gegevens(self.index, model)

    def besluit(self, model: Any) -> Any:
        return besluit_gegevens(self.index, model)

    def nummer(self, node: Node) -> str | None:
        return document_number(self.index, node.model)

    def wet_soort(self, soort: str) -> str:
        return _WET_SOORTEN.get(soort, soort)

    def organisatie_soort(self, soort: str) -> str:
        return _ORGANISATIE_SOORTEN.get(soort, soort)

    def kop(self, node: Node) -> list[tuple[str, Markup]]:
        """A generic document's heading fields in its kind's order; absent fields are left out."""
        rows = []
        for regel in heading_fields(self.index, node):
            if regel.type == "datum":
                shown = self.text(datum(regel.value))
            elif regel.type == "persoon":
                shown = self.persoon(regel.value)
            elif regel.type == "organisatie":
                shown = self.link(regel.value)
            else:
                shown = self.text(regel.value)
            rows.append((regel.label, shown))
        return rows

    def sort_dated(self, entries: list) -> list:
        return sorted(entries, key=lambda e: (datum_sort_key(e[2].datum) or (9999, 0, 0),
                                              (getattr(e[2], "titel", None) or e[2].id).casefold()))

    def moties_bij(self, besluit_id: str) -> list[Node]:
        return [n for n in self.index.of_kind("motie", "amendement") if n.model.bij == besluit_id]

    def guide(self, text: str) -> list[dict[str, Any]]:
        return guide_parts(self, text)

    # --- decisions: all from haven_docs.lifecycle ---

    def levensloop(self, node_id: str) -> lifecycle.Levensloop | None:
        return lifecycle.levensloop(self.index, node_id)

    def voorstel_levensloop(self, voorstel_id: str) -> lifecycle.Levensloop | None:
        return lifecycle.voorstel_levensloop(self.index, voorstel_id)

    def ontwerp(self, doc_id: str) -> bool:
        """Whether a document is a draft (an ontwerp-raadsbesluit, a raadsvoorstel not yet decided)."""
        node = self.index.get(doc_id)
        return node is not None and lifecycle.is_ontwerp(self.index, node)

    def vaststelling(self, doc_id: str) -> lifecycle.Vaststelling:
        return lifecycle.vaststelling(self.index, doc_id)

    def vaststelling_label(self, doc_id: str) -> str:
        return lifecycle.vaststelling_label(lifecycle.vaststelling(self.index, doc_id))

    def vastgesteld_bij(self, doc_id: str) -> Markup | None:
        """'Vastgesteld bij' of a document: the decision that adopted it (with its date), else the
        ontwerpen it awaits with their status; None when there is neither (the row is left out)."""
        vs = lifecycle.vaststelling(self.index, doc_id)
        if vs.besluit is not None:
            when = datum(vs.besluit.datum)
            return self.link(vs.besluit.id) + (Markup(" ") + self.text(f"({when})") if when else Markup(""))
        if vs.ontwerpen:
            parts = [self.link(o.id) + Markup(" ") + self.text(f"({lifecycle.status_tekst(o)})") for o in vs.ontwerpen]
            return Markup("nog niet; in behandeling: ") + Markup("; ").join(parts)
        return None

    def join_links(self, ids: list[str]) -> Markup:
        return Markup("; ").join(self.link(i) for i in ids)

    def vergaderingen(self, node_id: str) -> list[Node]:
        """The meetings that list ``node_id`` (a document or a decision), on date."""
        return [self.index.get(i) for i in lifecycle.meetings_of(self.index, node_id)]

    def moties_over(self, ids: list[str]) -> list[Node]:
        """Moties and amendementen on any of ``ids`` (their voorstel or the besluit they were filed with)."""
        wanted = set(ids)
        return [n for n in self.index.of_kind("motie", "amendement") if {n.model.bij, n.model.voorstel} & wanted]

    def motie_status(self, motie: Any) -> Markup:
        """'aangenomen en afgedaan'; a motie can be both."""
        status = motie.status if isinstance(motie.status, list) else [motie.status] if motie.status else []
        return self.text(" en ".join(status) if status else "")

    def besluiten(self) -> list[lifecycle.Levensloop]:
        return lifecycle.all_decisions(self.index)

    def status(self, levensloop: lifecycle.Levensloop) -> Markup:
        return self.text(lifecycle.status_tekst(levensloop))

    def orgaan(self, orgaan: str | tuple[str, ...]) -> Markup:
        """'de gemeenteraad', 'het college van burgemeester en wethouders', or a link to the organisatie;
        the parties to an agreement each linked."""
        parts = [self.text(lifecycle.ORGAAN_NAMEN[one]) if one in lifecycle.ORGAAN_NAMEN else self.link(one)
                 for one in lifecycle.organen(orgaan)]
        return Markup(", ").join(parts)

    def bron(self, path: str) -> Markup:
        """Where a fact comes from: the content file, as the writer knows it."""
        return Markup("<code>") + self.text(path) + Markup("</code>")


def format_sum(value: Sum, soort: str = "bedrag") -> Markup:
    shown = cel(value.value, soort)
    if value.unknown:
        return Markup.escape(shown) + Markup(' <span class="hd-pm">+ PM</span>')
    return Markup.escape(shown)


_BLOCK_NAMES = {
    "TekstBlok": "tekst", "KopBlok": "kop", "LijstBlok": "lijst", "ActielijnenBlok": "actielijnen",
    "TabelBlok": "tabel", "CitaatBlok": "citaat", "OpnemenBlok": "opnemen", "LakBlok": "lakken",
    "RouteBlok": "route",
}
_WET_SOORTEN = {"wet": "Wet", "verordening": "Verordening", "richtlijn": "Richtlijn", "beleid": "Beleid",
                "programma": "Programma", "nota": "Nota"}
_ORGANISATIE_SOORTEN = {
    "gemeente": "Gemeente", "college": "College van burgemeester en wethouders", "raad": "Gemeenteraad",
    "regio": "Regionaal samenwerkingsverband", "bestuursorgaan": "Bestuursorgaan", "rijk": "Rijksoverheid",
    "ministerie": "Ministerie", "koepel": "Koepelorganisatie", "uitvoeringsorganisatie": "Uitvoeringsorganisatie",
    "overig": "Organisatie",
}
