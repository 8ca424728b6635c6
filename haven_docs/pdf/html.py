"""Print HTML: one document of the checked corpus as an HTML page for WeasyPrint.

The templates in ``templates/print/`` hold the markup and the house style; this
module prepares what they show (numbers, dates, tables with computed totals,
references) and keeps references honest:

* a reference to something that is printed in the same PDF becomes a link,
  and the stylesheet adds "(zie pagina N)";
* a reference to a footnote of the document becomes a real footnote, or with
  ``voetnootstijl: haken`` a mark "[1]" and an endnote listed at the end;
* a reference to anything else (a register entry, another document) is its
  label as plain text: a PDF cannot link to a page it does not contain.

Whether a target is printed is only known when the whole page is rendered,
so references are placeholders until then (the same two-pass idea as the
resolver: collect first, then decide).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import charts, lifecycle
from ..checks.decisions import besluit_gegevens, nota_bw_datum, voorstel_gegevens
from ..index import Index, Node
from .. import markup
from ..assets import logo_name
from ..markup import LAK_CLOSE_HTML, LAK_OPEN, REF_RE, find_laks, lak_box_html, lak_open_html, plain_laks
from ..openbaarheid import NIET_OPENBAAR, names_withheld
from ..markup import render as render_markdown
from ..nummering import lijstnummer, voetnootnummers, voetnootstijl, voetnootteken
from ..bundles import Part, bundle_parts
from ..documentkop import heading_fields
from ..huisstijl import kleuren
from ..model import POLICY_KINDS, Nota, Raadsbesluit, Raadsmededeling, Raadsvoorstel, Stuk
from ..model.blocks import BLOCK_TYPES, Actielijnen, Item, Lijst, Sectie, Tabel, Voetnoot
from ..model.documents import Pijler
from ..tables import TableView, nearest_heading, print_layout, table_view
from ..templating import TEMPLATES_DIR, make_environment
from .dates import fallback_date, last_commit_dates

PRINT_DIR = TEMPLATES_DIR / "print"

#: Template per document kind; a kind without a model of its own: GENERIC_TEMPLATE.
GENERIC_TEMPLATE = "print/stuk.html"
TEMPLATES = {
    "nota": "print/nota.html",
    "raadsvoorstel": "print/raadsvoorstel.html",
    "raadsbesluit": "print/raadsbesluit.html",
    "raadsmededeling": "print/raadsmededeling.html",
    "visie": "print/beleidsdocument.html",
    "beleidskader": "print/beleidsdocument.html",
    "uitvoeringsprogramma": "print/beleidsdocument.html",
}

_BLOCK_NAMES = {cls: name for name, cls in BLOCK_TYPES.items()}
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_MAX_INCLUDE_DEPTH = 8


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself: metadata, running header, reproducible date."""

    id: str
    kind: str
    kind_label: str  # "Raadsvoorstel", "Beleidskader"
    title: str  # metadata title
    subject: str
    keywords: tuple[str, ...]
    number: str | None
    number_label: str | None  # "Voorstelnummer", "Raadsbesluit"
    date: dt.date | None  # the content's own date; fixes every date in the PDF
    date_text: str | None  # as W3C date with the precision the content has ("2024-05")
    header: str  # running header, left
    #: who publishes it: the issuer of a generic document, else the municipality of the settings
    author: str | None = None
    kleur: str | None = None  # the house colour for text on white (accents), from the settings
    #: a draft (lifecycle.is_ontwerp): the running header says so and every page carries the watermark
    ontwerp: bool = False


@dataclass(frozen=True)
class PrintJob:
    """Everything a worker process needs to render one PDF; no index, no models."""

    doc_id: str
    html: str
    info: DocumentInfo
    base_url: str
    roots: tuple[str, ...]
    source_name: str  # file name of the attached YAML
    source_shown: str  # path within the content folder, for the attachment description
    source_path: str  # the path as the writer sees it, for error messages
    source_bytes: bytes
    #: a bundle (pdf/bundel/<id>.pdf): one entry per part, in print order (see render.render_bundle)
    parts: tuple["PartInfo", ...] = ()
    #: the YAML sources of a bundle's other parts: (file name, path in content/, bytes)
    attachments: tuple[tuple[str, str, bytes], ...] = ()


@dataclass(frozen=True)
class PartInfo:
    """Where one part of a bundle is in its print HTML: ``<section class="deel" data-deel="N">``."""

    index: int
    doc_id: str
    prefix: str  # its own ids that start with "_" are printed as prefix + id ("_d2_romp")


PDF_VARIANT = "pdf/a-3a"
#: 1980-01-01, the earliest date ZIP can store: used for a document that has no date at all.
FALLBACK_EPOCH = 315532800


class RenderError(Exception):
    """A document could not be rendered; the message says which and why (in Dutch)."""

    def __init__(self, doc_id: str, source: str, message: str):
        self.doc_id, self.source, self.message = doc_id, source, message
        super().__init__(f"{source}: {message}")

    def __reduce__(self):
        return (type(self), (self.doc_id, self.source, self.message))


def epoch_of(job: PrintJob) -> int:
    date = job.info.date
    if date is None:
        return FALLBACK_EPOCH
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())


# --- document facts ----------------------------------------------------------------


def _partial_date(value: dt.date | str | None) -> tuple[dt.date | None, str | None]:
    """A full or partial date ("2024-05", "2025") as (first day, W3C text)."""
    if value is None:
        return None, None
    if isinstance(value, dt.date):
        return value, value.isoformat()
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1), value


def _persoon_naam(index: Index, persoon_id: str | None, with_function: bool = False) -> str | None:
    if not persoon_id:
        return None
    node = index.get(persoon_id)
    if node is None:
        return None
    naam = getattr(node.model, "naam", None)
    if not with_function:
        return naam
    functie = getattr(node.model, "functie", "") or ""
    text = " ".join(part for part in (functie[:1].upper() + functie[1:], naam or "") if part)
    return text or None


def publisher(index: Index, node: Node) -> str | None:
    """Who publishes a document: its issuer; for a kind with a model of its own (the municipality's
    visie, nota, raadsbesluit, ...) the municipality of content/instellingen.yaml.

    A generic document without ``uitgever`` has no issuer in its source (a factsheet): no sender
    line is printed and none is put in the metadata."""
    if isinstance(node.model, Stuk):
        uitgever = index.get(node.model.uitgever or "")
        return uitgever.title if uitgever is not None else None
    settings = index.settings()
    return f"gemeente {settings.gemeente}" if settings is not None else None


def document_info(index: Index, node: Node) -> DocumentInfo:
    model = node.model
    author = publisher(index, node)
    kind = node.kind
    kind_label = _kind_name(index, kind)
    number = number_label = None
    date_value: dt.date | str | None = None
    if isinstance(model, Nota):
        number, number_label = model.notanummer, "Notanummer"
        date_value = model.datum or nota_bw_datum(model)
        kind_label = "Nota voor B&W"
    elif isinstance(model, Raadsvoorstel):
        gegevens = voorstel_gegevens(index, model)
        number, number_label = gegevens.nummer, "Voorstelnummer"
        date_value = gegevens.datum_bw
    elif isinstance(model, Raadsbesluit):
        gegevens = besluit_gegevens(index, model)
        if model.besluitnummer:
            number, number_label = model.besluitnummer, "Besluitnummer"
        else:
            number, number_label = gegevens.nummer, "Voorstelnummer"
        date_value = model.raadsvergadering or gegevens.datum_bw
    elif isinstance(model, Raadsmededeling):
        nota = _nota_of(index, model)
        number, number_label = model.nummer or (nota.notanummer if nota else None), "Nummer"
        date_value = model.datum or (nota_bw_datum(nota) if nota else None)
    elif isinstance(model, Stuk):
        soort = index.soort(model.soort)
        velden = {veld.sleutel: veld for veld in soort.kopvelden} if soort is not None else {}
        if "nummer" in model.kop and "nummer" in velden:
            number, number_label = str(model.kop["nummer"]), velden["nummer"].label
        date_value = next((r.value for r in heading_fields(index, node) if r.type == "datum"), None)
    else:  # policy documents
        date_value = model.datum
        besluit = lifecycle.vaststelling(index, node.id).besluit
        if besluit is not None and besluit.besluitnummer:
            number, number_label = besluit.besluitnummer, besluit.soort[:1].upper() + besluit.soort[1:]
    date, date_text = _partial_date(date_value)
    ontwerp = lifecycle.is_ontwerp(index, node)
    if ontwerp:  # every page's running header says it is an ontwerp: 'ONTWERP-raadsbesluit | ...'
        kind_label = f"ONTWERP-{kind_label[:1].lower()}{kind_label[1:]}"

    if isinstance(model, Stuk):
        topic = model.titel or model.onderwerp or node.title
        title = node.label
        subject = model.onderwerp or model.ondertitel or topic
        header = f"{kind_label} | {topic}" if model.titel or model.onderwerp else topic
    elif kind in POLICY_KINDS:
        title = model.titel + (f" – {model.ondertitel}" if model.ondertitel else "")
        subject = model.ondertitel or (f"{kind_label} van de {author}" if author else kind_label)
        header = model.titel + (f" | {model.ondertitel}" if model.ondertitel else "")
        topic = model.titel
    else:
        heading = _kind_name(index, kind)
        named = f"Ontwerp-{heading[:1].lower()}{heading[1:]}" if ontwerp else heading
        topic = model.onderwerp or node.title  # without a subject in its source: its label
        title = f"{named}: {model.onderwerp}" if model.onderwerp else topic
        subject = topic
        header = f"{kind_label} | {model.onderwerp}" if model.onderwerp else topic
    # Metadata and the running header are plain text: a withheld passage reads '[weggelakt: E]'.
    title, subject, header, topic = (plain_laks(text) for text in (title, subject, header, topic))
    keywords = [kind_label, topic, *([author] if author else [])]
    if number:
        keywords.append(f"{(number_label or 'nummer').lower()} {number}")
    return DocumentInfo(
        id=node.id, kind=kind, kind_label=kind_label, title=title, subject=subject,
        keywords=tuple(dict.fromkeys(keywords)), number=number, number_label=number_label,
        date=date, date_text=date_text, header=header, author=author, kleur=_house_text_colour(index),
        ontwerp=ontwerp,
    )


def _kind_name(index: Index, kind: str) -> str:
    """How a kind is called at the top of its documents ('Nota voor Burgemeester en Wethouders')."""
    soort = index.soort(kind)
    return soort.naam if soort is not None else kind


def _house_text_colour(index: Index) -> str | None:
    settings = index.settings()
    kleur = settings.huisstijl.kleur if settings is not None and settings.huisstijl is not None else None
    return kleuren(kleur).tekst if kleur else None


def _nota_of(index: Index, model: Any) -> Nota | None:
    nota_id = getattr(model, "nota", None)
    node = index.get(nota_id) if nota_id else None
    return node.model if node is not None and isinstance(node.model, Nota) else None


# --- tables ------------------------------------------------------------------------------


#: The one typeface of the PDFs: Open Sans shipped in templates/print/fonts/, under a family
#: name of its own (print.css declares it with @font-face; no system font can stand in).
HOUSE_FONT = "Haven Open Sans"

#: Tables up to about this many printed lines are kept on one page: moved
#: whole to the next page rather than split (WeasyPrint honours break-inside:
#: avoid on every row group but the first, so the table gets it). Longer
#: tables split between rows, under a repeated header.
SHORT_TABLE_LINES = 40


# --- the renderer the templates use -------------------------------------------------------


class PrintRenderer:
    """Renders one document's parts; the templates call it as ``r``."""

    def __init__(self, index: Index, node: Node, asset_prefix: str = "", bundle: "BundleAnchors | None" = None,
                 part: int = 0):
        self.index = index
        self.node = node
        self.doc_id = node.id
        self.asset_prefix = asset_prefix
        self._refs: list[tuple[str, str | None]] = []
        #: printed ids -> the part of the bundle that prints them (a single PDF: part 0 only);
        #: a bundle's parts share it, so an id is printed once and a reference finds any part
        self.bundle = bundle
        self.part = part
        self._anchors: dict[str, int] = bundle.printed if bundle is not None else {}
        self._footnotes_called: set[str] = set()
        self._synthetic = 0
        self._section_ids: dict[int, str] = {}
        self._include_depth = 0
        self.voetnoten: dict[str, Voetnoot] = {v.id: v for v in getattr(node.model, "voetnoten", [])}
        self._voetnootnummers = voetnootnummers(node.model)
        self.voetnootstijl = voetnootstijl(node.model)
        self._endnotes_printed = False

    # ids and anchors

    def anchor(self, node_id: str | None) -> str | None:
        """The id to print on an element, once per id; None when it is already printed."""
        if not node_id or node_id in self._anchors:
            return None
        self._anchors[node_id] = self.part
        return node_id

    def sectie_id(self, sectie: Sectie) -> str:
        """A section's anchor; sections without an id get one too, for the table of contents."""
        known = self._section_ids.get(id(sectie))
        if known is None:
            known = self.anchor(sectie.id)
            if known is None:
                self._synthetic += 1
                known = f"_s{self._synthetic}"  # content ids never contain '_'
            self._section_ids[id(sectie)] = known
        return known

    # prose and references

    def prose(self, text: str | None, inline: bool = False) -> Markup:
        if not text:
            return Markup("")
        return Markup(render_markdown(text, render_ref=self._ref_placeholder, inline=inline,
                                      asset_prefix=self.asset_prefix,
                                      woo_gronden=self.index.woo_titels() if LAK_OPEN in text else None,
                                      woo_intern=self.index.edition() == "intern").strip())

    def text(self, value: Any) -> Markup:
        """A plain shown text (title, heading, heading field): escaped, its [[id]] references resolved."""
        if value is None:
            return Markup("")
        if isinstance(value, Markup) or not isinstance(value, str) or "[[" not in value:
            return escape(value)
        if LAK_OPEN in value:
            return self._text_with_laks(value)
        parts: list[Markup] = []
        last = 0
        for match in REF_RE.finditer(value):
            parts.append(escape(value[last:match.start()]))
            target, label = match.group(1).strip(), (match.group(2) or "").strip() or None
            parts.append(Markup(self._ref_placeholder(target, label)))
            last = match.end()
        parts.append(escape(value[last:]))
        return Markup("").join(parts)

    def _text_with_laks(self, value: str) -> Markup:
        """A shown text with withheld Woo passages: their box (public) or highlighted (internal)."""
        parts: list[Markup] = []
        last = 0
        titels = self.index.woo_titels() or {}
        for lak in find_laks(value):
            parts.append(self.text(value[last:lak.start]))
            if lak.problem is not None:  # not in checked content
                parts.append(escape(value[lak.start:lak.end]))
            elif lak.passage is None:
                parts.append(Markup(lak_box_html(lak.code, titels.get(lak.code))))
            else:
                parts.append(Markup(lak_open_html(lak.code, titels.get(lak.code))) + self.text(lak.passage)
                             + Markup(LAK_CLOSE_HTML))
            last = lak.end
        parts.append(self.text(value[last:]))
        return Markup("").join(parts)

    def woo_legenda(self, doc_id: str | None) -> Any:
        """The grounds of the withheld passages a document shows (the legend at its end)."""
        return self.index.woo_legenda(doc_id) if doc_id else None

    def plain(self, value: Any) -> Markup:
        """A shown text inside a link (the table of contents) or a bookmark: references as their
        label, not as links; a footnote mark has no words and is left out."""
        if not isinstance(value, str) or "[[" not in value:
            return escape(value) if value is not None else Markup("")
        value = plain_laks(value)

        def label(match: re.Match) -> str:
            target, own = match.group(1).strip(), (match.group(2) or "").strip()
            if self.index.niet_openbaar(target):  # held back: not even a text of its own
                return NIET_OPENBAAR
            if own:
                return own
            return "" if target in self.voetnoten else self.label(target)

        return escape(REF_RE.sub(label, value))

    def _shown_label(self, target: str, own: str | None) -> str:
        """A reference's text: its own or the target's label; for a held-back target neither."""
        if self.index.niet_openbaar(target):
            return NIET_OPENBAAR
        return own or self.label(target)

    def calls_footnote(self, value: Any) -> bool:
        """Whether a shown text (a heading) holds a mark of one of this document's footnotes."""
        return isinstance(value, str) and any(
            m.group(1).strip() in self.voetnoten and not m.group(2) for m in REF_RE.finditer(value))

    def lookup(self, node_id: str) -> Node | None:
        """A node of the index (a decision of a route, with its kind, date and number)."""
        return self.index.get(node_id)

    def ref(self, target: str | None, label: str | None = None) -> Markup:
        """A structured reference (an item's ``ref``, a citation's ``bron``)."""
        if not target:
            return Markup("")
        return Markup(self._ref_placeholder(target, label))

    def _ref_placeholder(self, target: str, label: str | None) -> str:
        voetnoot = self.voetnoten.get(target)
        if voetnoot is not None and label is None:
            return self._footnote(voetnoot)
        self._refs.append((target, label))
        return f"\ue000{len(self._refs) - 1}\ue001"

    def _footnote(self, voetnoot: Voetnoot) -> str:
        nummer = self._voetnootnummers[voetnoot.id]
        if self.voetnootstijl == "haken":
            # An endnote: its mark "[1]" links to the note in the list at the end (endnotes()).
            self._footnotes_called.add(voetnoot.id)
            teken = escape(voetnootteken(nummer, "haken"))
            return f'<a class="eindnootteken" href="#{escape(voetnoot.id)}">{teken}</a>'
        if voetnoot.id in self._footnotes_called:
            # A second call of the same note: its number, linked to the note.
            return f'<sup class="noot-herhaald"><a href="#{escape(voetnoot.id)}">{escape(nummer)}</a></sup>'
        self._footnotes_called.add(voetnoot.id)
        self._anchors[voetnoot.id] = self.part
        paragraphs = [p for p in re.split(r"\n\s*\n", voetnoot.tekst.strip()) if p.strip()]
        body = "<br>".join(self.prose(p, inline=True) for p in paragraphs)
        return (f'<span class="voetnoot" id="{escape(voetnoot.id)}" data-nummer="{escape(nummer)}">'
                f"{body}</span>")

    def uncalled_footnotes(self) -> list[tuple[str, Voetnoot]]:
        """Footnotes no text refers to: printed as notes at the end, so none is lost
        (endnotes are all listed at the end anyway: see endnotes())."""
        if self.voetnootstijl == "haken":
            return []
        return [(self._voetnootnummers[v.id], v) for v in self.voetnoten.values() if v.id not in self._footnotes_called]

    def endnotes(self) -> list[tuple[str, Voetnoot]]:
        """With ``voetnootstijl: haken``: every note with its mark "[1]", in the document's order,
        for the list at the end of the document (as published); otherwise, or once printed, none."""
        if self.voetnootstijl != "haken" or self._endnotes_printed:
            return []
        self._endnotes_printed = True
        for voetnoot_id in self.voetnoten:
            self._anchors[voetnoot_id] = self.part
        return [(voetnootteken(self._voetnootnummers[v.id], "haken"), v) for v in self.voetnoten.values()]

    def label(self, target: str) -> str:
        node = self.index.get(target)
        if node is None:
            return NIET_OPENBAAR if self.index.niet_openbaar(target) else target
        return node.label

    def finish(self, html: str) -> str:
        """Replace reference placeholders: a link where the target is printed, else text."""

        def replace(match: re.Match) -> str:
            target, label = self._refs[int(match.group(1))]
            if self.index.niet_openbaar(target):
                return f'<span class="niet-openbaar-ref">{escape(NIET_OPENBAAR)}</span>'
            text = escape(self._shown_label(target, label))
            if target in self._anchors and target != self.doc_id:
                part = self._anchors[target]
                if self.bundle is None or part == self.part:
                    return f'<a class="ref" href="#{escape(target)}">{text}</a>'
                if target in self.bundle.parts:  # a whole part: its page 1, named by the link
                    return f'<a class="ref deel-ref" href="#{escape(target)}">{text}</a>'
                # another part's page numbers: "(zie bijlage B, pagina 3)"
                return (f'<a class="ref" href="#{escape(target)}" data-deel="{escape(self.bundle.names[part])}">'
                        f"{text}</a>")
            return str(text)

        return _PLACEHOLDER.sub(replace, html)

    # small helpers for templates

    def block_kind(self, block: Any) -> str:
        return _BLOCK_NAMES[type(block)]

    def openbaarheid(self) -> str | None:
        """The internal edition's note on this document if it is not public yet (None: it is public)."""
        aanhouding = self.index.aanhouding(self.doc_id)
        return aanhouding.uitleg(self.index) if aanhouding is not None else None

    def lookup(self, node_id: str | None) -> Node | None:
        return self.index.get(node_id) if node_id else None

    def persoon(self, persoon_id: str | None, with_function: bool = False) -> str | None:
        return _persoon_naam(self.index, persoon_id, with_function)

    @staticmethod
    def nummer(value: str | None) -> str:
        """'1' -> '1.', 'b' -> 'b.', '1)' stays; numbering is printed as published, never recomputed."""
        return lijstnummer(value)

    @staticmethod
    def attach(text: str | None) -> str:
        """Text that follows a title: no space before punctuation (';', ',', '.')."""
        if not text:
            return ""
        return text if text[0] in ";,.:)" else f" {text}"

    @staticmethod
    def numbered(html: Markup, nr: str | None) -> Markup:
        """Put an item's number into its first paragraph, hanging in the margin.

        Inside the first line, the number always goes where that line goes
        (a floated or generated number can stay behind at a page break).
        """
        if not nr:
            return html
        span = Markup('<span class="nr-hang">') + escape(nr) + Markup("</span>")
        match = re.match(r"<p(\s[^>]*)?>", html)
        if match:
            return Markup(html[: match.end()]) + span + Markup(html[match.end():])
        return Markup('<p class="nr-alleen">') + span + Markup("</p>") + html

    def titles(self, target: str) -> list[SimpleNamespace]:
        """``weergave: titels``: the parts of a list, section or pijler as items with a title only."""
        from ..index import title_of

        node = self.index.get(target)
        model = node.model if node is not None else None
        parts: list[Any] = []
        if isinstance(model, Pijler):
            parts = model.uitgangspunten
        elif isinstance(model, (Lijst, Actielijnen)):
            parts = model.items
        elif isinstance(model, Sectie):
            parts = model.secties
        result = []
        for part in parts:
            if getattr(part, "ref", None) and not getattr(part, "titel", None):
                titel = self.label(part.ref)
            else:
                titel = title_of(part)
            result.append(SimpleNamespace(id=None, nummer=getattr(part, "nummer", None), titel=titel, ref=None,
                                          vermelding=getattr(part, "vermelding", None), tekst=None, items=[]))
        return result

    def item_title(self, item: Item) -> Markup:
        """An item's title: its own, or that of the thing it names (``ref``)."""
        if item.ref:
            return self.ref(item.ref, item.titel) + Markup(escape(self.attach(item.vermelding)))
        if item.titel:
            return self.text(item.titel) + Markup(escape(self.attach(item.vermelding)))
        return self.text(item.vermelding or "")

    def include(self, target: str) -> dict[str, Any] | None:
        """What an ``opnemen`` block shows: a kind for the template, and the model.

        Kinds: pijler, tabel, sectie, actielijnen, lijst, or item (any single
        item, given the fields of a list item so one macro prints them all).
        """
        node = self.index.get(target)
        if node is None or self._include_depth >= _MAX_INCLUDE_DEPTH:
            return None
        model = node.model
        if isinstance(model, Pijler):
            kind = "pijler"
        elif isinstance(model, Tabel):
            kind = "tabel"
        elif isinstance(model, Sectie):
            kind = "sectie"
        elif isinstance(model, Actielijnen):
            kind = "actielijnen"
        elif isinstance(model, Lijst):
            kind = "lijst"
        else:
            kind = "item"
            model = SimpleNamespace(
                id=getattr(model, "id", None), nummer=getattr(model, "nummer", None),
                titel=getattr(model, "titel", None), ref=getattr(model, "ref", None),
                vermelding=getattr(model, "vermelding", None), tekst=getattr(model, "tekst", None),
                items=getattr(model, "items", []),
            )
        return {"kind": kind, "soort": node.kind, "model": model}

    def enter(self) -> str:
        self._include_depth += 1
        return ""

    def leave(self) -> str:
        self._include_depth -= 1
        return ""

    def pijler_of(self, actielijnen: Actielijnen) -> Node | None:
        return self.index.get(actielijnen.pijler)

    # tables

    def table(self, tabel: Tabel) -> TableView:
        """The one table view (shared with the site), with this PDF's references and footnotes."""
        return table_view(tabel, inline=lambda text: self.prose(text, inline=True), plain=escape,
                          label=None if tabel.titel else nearest_heading(self.index, tabel.id))

    def layout(self, tabel: Tabel) -> str:
        return print_layout(tabel)

    def short(self, view: TableView) -> bool:
        return view.lines <= SHORT_TABLE_LINES

    @property
    def chart_labels(self):
        return charts.reference_labels(self.index, self.label)

    def chart(self, tabel: Tabel, view: TableView) -> Markup | None:
        """The chart in the house typeface; its text alternative is the SVG's title, which
        WeasyPrint writes into the PDF tag (/Alt), not printed text."""
        figures = view.figures
        svg = charts.svg_chart(tabel, figures, id_prefix=f"pdf-{tabel.id}", ref_label=self.chart_labels,
                               font_family=HOUSE_FONT, alt_in_title=True, name=view.label)
        return Markup(svg) if svg else None


# --- the page --------------------------------------------------------------------------------


def toc_entries(r: PrintRenderer, sections: list[Sectie], depth: int = 2, level: int = 1) -> list[dict[str, Any]]:
    """Table of contents: chapters and their sections, numbered as published."""
    return [
        {"nummer": s.nummer, "titel": s.titel, "href": r.sectie_id(s), "level": level,
         "children": toc_entries(r, s.secties, depth, level + 1) if level < depth else []}
        for s in sections
    ]


class HtmlBuilder:
    """Renders print HTML for the documents of one checked corpus."""

    def __init__(self, index: Index, content_dir: Path, environment: jinja2.Environment | None = None):
        self.index = index
        self.content_dir = Path(content_dir).resolve()
        self.env = environment or make_environment()
        self.base_url = PRINT_DIR.resolve().as_uri() + "/"
        self.roots = (str(PRINT_DIR.resolve()), str(self.content_dir / "assets"))

    def reading_through(self, index: Any) -> "HtmlBuilder":
        """The same builder, reading the corpus through another view of the index."""
        other = copy.copy(self)
        other.index = index
        return other

    @cached_property
    def commit_dates(self) -> dict[str, dt.date]:
        return last_commit_dates(self.content_dir)

    def undated(self, node: Node) -> dt.date:
        """The PDF date of a document without a date of its own (see pdf/dates.py)."""
        return fallback_date(self.commit_dates, node.file.source.path)

    def info(self, node: Node) -> DocumentInfo:
        info = document_info(self.index, node)
        if info.date is None:  # one rule for every PDF's dates: pdf/dates.py
            undated = self.undated(node)
            info = replace(info, date=undated, date_text=undated.isoformat())
        return info

    def _source(self, node: Node) -> tuple[str, str, bytes]:
        """A document's YAML as it is attached: (file name, path in the content folder, bytes)."""
        source = node.file.source
        raw = source.text.encode("utf-8")  # the loader's text is the file's bytes, decoded once
        legenda = self.index.woo_legenda(node.id)
        if legenda is not None and not legenda.intern:
            # The YAML holds the withheld passages: the public PDF of such a document carries no
            # source at all, rather than a copy that is not the source (see haven_docs/woo.py).
            raw = b""
        if names_withheld(self.index, node.file):
            raw = b""  # its YAML names a document this edition holds back: no source attached
        try:  # relative to the content folder: the same bytes from whatever directory one builds
            shown = Path(source.path).resolve().relative_to(self.content_dir).as_posix()
        except ValueError:
            shown = Path(source.path).name
        return Path(source.path).name, shown, raw

    def job(self, node: Node) -> PrintJob:
        info = self.info(node)
        html = self.html(node, info)
        name, shown, raw = self._source(node)
        return PrintJob(
            doc_id=node.id, html=html, info=info, base_url=self.base_url, roots=self.roots,
            source_name=name, source_shown=shown, source_path=node.file.source.path, source_bytes=raw,
        )

    def logo(self, node: Node) -> str | None:
        """The house-style logo (content/instellingen.yaml, checked like every image) for the first page
        of the municipality's own documents; a document with an issuer of its own (uitgever) or none
        (a factsheet) is not printed under the municipality's logo."""
        name = logo_name(self.index.settings())  # checked with the corpus: a bad logo stops the build before
        if name is None or isinstance(node.model, Stuk):
            return None
        return f"{self.content_dir.as_uri()}/{markup.ASSETS_PREFIX}{name}"

    def html(self, node: Node, info: DocumentInfo | None = None) -> str:
        info = info or document_info(self.index, node)
        r = PrintRenderer(self.index, node, asset_prefix=self.content_dir.as_uri() + "/")
        return r.finish(self._render(node, info, r))

    def _render(self, node: Node, info: DocumentInfo, r: PrintRenderer) -> str:
        template = self.env.get_template(TEMPLATES.get(node.kind, GENERIC_TEMPLATE))
        return template.render(**self._context(node, info, r))

    # --- bundles ------------------------------------------------------------------------

    def bundle_job(self, node: Node) -> PrintJob:
        """The print job of a document's bundle: the document and its bijlagen in one HTML.

        Each part is its own print HTML (the same template, so the same pages as its own
        PDF), rendered with a shared record of printed ids: a reference to another part
        becomes a link, and an id is printed once. Ids the templates make (``_romp``,
        ``_s3``) get a prefix per part. WeasyPrint renders the one page (render.render_bundle).
        """
        parts = bundle_parts(self.index, node)
        nodes = [self.index.get(part.doc_id) for part in parts]
        anchors = BundleAnchors({}, [self._part_name(part, n) for part, n in zip(parts, nodes)],
                                {part.doc_id for part in parts})
        for i, part in enumerate(parts):
            anchors.printed.setdefault(part.doc_id, i)  # the part's section carries the document's id
        asset_prefix = self.content_dir.as_uri() + "/"
        rendered = []
        for i, (part, part_node) in enumerate(zip(parts, nodes)):
            info = self.info(part_node)
            r = PrintRenderer(self.index, part_node, asset_prefix=asset_prefix, bundle=anchors, part=i)
            rendered.append((part, part_node, info, r, self._render(part_node, info, r)))
        root_info = rendered[0][2]
        info = replace(root_info, title=f"{root_info.title} (met bijlagen)")
        sections, infos = [], []
        for i, (part, part_node, part_info, r, html) in enumerate(rendered):
            prefix = f"_d{i}"
            sections.append(self._section(i, part, part_node, part_info, _prefixed(r.finish(html), prefix),
                                          nodes, parts))
            infos.append(PartInfo(i, part.doc_id, prefix))
        template = self.env.get_template("print/bundel.html")
        page = template.render(info=info, author=info.author, sections=sections,
                               dubbelzijdig=self._settings_dubbelzijdig())
        name, shown, raw = self._source(node)
        extra: list[tuple[str, str, bytes]] = []
        names = {name}
        for part_node in {n.id: n for n in nodes[1:] if n.id != node.id}.values():
            part_name, part_shown, part_raw = self._source(part_node)
            if part_name in names:  # two files of one name in different folders
                part_name = part_shown.replace("/", "-")
            names.add(part_name)
            extra.append((part_name, part_shown, part_raw))
        return PrintJob(
            doc_id=node.id, html=page, info=info, base_url=self.base_url, roots=self.roots,
            source_name=name, source_shown=shown, source_path=node.file.source.path, source_bytes=raw,
            parts=tuple(infos), attachments=tuple(extra),
        )

    def _settings_dubbelzijdig(self) -> bool:
        settings = self.index.settings()
        return settings.dubbelzijdig if settings is not None else False

    def _part_name(self, part: Part, node: Node) -> str:
        """How a reference from another part names this one: 'bijlage B' (else the document's short label)."""
        if part.depth == 0 or not part.nummer:
            return node.short_label or node.label
        return f"bijlage {part.nummer}"

    def _section(self, i: int, part: Part, node: Node, info: DocumentInfo, html: str,
                 nodes: list[Node], parts: list[Part]) -> dict[str, Any]:
        body = _BODY.search(html)
        attributes = dict(_ATTRIBUTE.findall(body.group(1)))
        # The part is the document: its own title (a bijlage's listed title may be a file name).
        # Plain text (a header, a bookmark): a withheld passage reads '[weggelakt: E]'.
        titel = plain_laks(node.title)
        parent = nodes[[p.doc_id for p in parts].index(part.parent)] if part.parent else None
        kop = (f"{part.heading} — {titel}" if part.nummer else f"Bijlage: {titel}") if part.depth else info.header
        if part.depth and info.ontwerp:  # the header says so (the watermark cannot: see bundel.css)
            kop = f"{kop} | ONTWERP"
        return {
            "index": i, "id": part.doc_id, "depth": part.depth, "part": part, "titel": titel,
            "bij": plain_laks(parent.label) if parent is not None else None,
            "bladwijzer": kop if part.depth else plain_laks(node.label),
            # attribute values as printed: already escaped
            "kop": kop, "nummer": Markup(attributes.get("data-nummer", "")),
            "class": Markup(attributes.get("class", "")), "body": Markup(body.group(2)),
        }


    def _context(self, node: Node, info: DocumentInfo, r: PrintRenderer) -> dict[str, Any]:
        model = node.model
        settings = self.index.settings()
        context: dict[str, Any] = {
            "doc": model, "node": node, "info": info, "r": r, "author": info.author,
            "gemeente": settings.gemeente if settings is not None else None,
            "dubbelzijdig": settings.dubbelzijdig if settings is not None else False,
            # The ontwerp-raadsbesluit is named so by its nota; a raadsvoorstel keeps its published heading.
            "heading": ("ONTWERP-RAADSBESLUIT" if info.ontwerp and isinstance(model, Raadsbesluit)
                        else _kind_name(self.index, node.kind)),
            "betreft": self.index.get(getattr(model, "betreft", None) or ""),
            "logo": self.logo(node),
        }
        if isinstance(model, Raadsvoorstel):
            context["gegevens"] = voorstel_gegevens(self.index, model)
            # As published: the Inleiding, then the proposal, then the other sections.
            first = model.secties[:1] if model.secties and model.secties[0].titel.lower() == "inleiding" else []
            context["secties_voor"] = first
            context["secties_na"] = model.secties[len(first):]
        elif isinstance(model, Raadsbesluit):
            context["gegevens"] = besluit_gegevens(self.index, model)
        elif isinstance(model, Raadsmededeling):
            context["nota"] = _nota_of(self.index, model)
        elif isinstance(model, Stuk):
            context["soort"] = self.index.soort(model.soort)
            context["kop"] = heading_fields(self.index, node)
            context["toc"] = toc_entries(r, model.secties)
        if node.kind in POLICY_KINDS:
            context["toc"] = toc_entries(r, model.hoofdstukken)
            context["toc_bijlagen"] = toc_entries(r, model.bijlagen, depth=1)
            context["route"] = bool(model.route)  # the cover's route (a route block prints at its place)
            context["vastgesteld"] = lifecycle.vaststelling(self.index, node.id).besluit
        return context


@dataclass
class BundleAnchors:
    """What the parts of one bundle share while they are rendered."""

    printed: dict[str, int]  # id -> the part that prints it
    names: list[str]  # per part: how a reference from another part names it ("bijlage B")
    parts: set[str]  # the documents that are parts (their section carries their id)


_BODY = re.compile(r"<body\b([^>]*)>(.*)</body>", re.S)
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
#: Ids the templates make start with "_" (content ids never do): one bundle part's must not meet another's.
_OWN_IDS = re.compile(r'(\s(?:id="|href="#))_')


def _prefixed(html: str, prefix: str) -> str:
    return _OWN_IDS.sub(lambda m: f"{m.group(1)}{prefix}_", html)
