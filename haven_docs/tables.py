"""One table view: what a table shows, computed once for the site and for the PDF.

:func:`table_view` turns a table of the content into rows of cells: the column
heads, each group with its title, rows and published total, the table's own
total rows, and the groups that stand under the totals without being summed,
in the order the YAML gives them. Every cell carries its display text (Dutch
formatting), its alignment and its flags (an estimate, an unknown value, a
published total that differs from its rows). Nothing is added that the YAML
does not state: no computed subtotal, no "Totaal" row, no label.

A published total that differs from the sum of its rows is shown as published,
marked with ``*``, and a note right under it says what the rows add up to,
with the explanation the YAML records under ``afwijking``.

The two outputs differ only in how Markdown and plain text become HTML (links
and footnotes work differently on a site page and in a PDF), so they pass
those two functions in; the templates only loop over the view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup

from .checks.arithmetic import NUMERIC, CellValue, Comparison, Sum, TableFigures, compute_table, read_cell
from .formatting import cel
from .model.blocks import CelWaarde, Kolom, Tabel, Totaal

#: Markdown from content (a cell, a title) -> inline HTML with its [[id]] references.
Inline = Callable[[str], Markup]
#: Plain text from content or code -> escaped HTML.
Plain = Callable[[str], Markup]

#: The mark of a published total that differs from its rows.
MARK = "*"
#: From this many columns on a table is wide: a landscape page in print,
#: a scrolling table with a fixed first column on a phone.
WIDE_COLUMNS = 7
#: A text cell longer than this many characters is marked 'lang'.
LONG_TEXT = 60
#: A number cell shown with a text longer than this is marked 'woorden' (it may wrap).
SHORT_NUMBER = 12


@dataclass(frozen=True)
class Cell:
    html: Markup
    css: tuple[str, ...] = ()  # getal, code, tekst; schatting, gearceerd, onbekend, nihil, leeg, afwijking, lang, woorden
    header: bool = False  # a row header (the row's label) or a column head
    colspan: int = 1

    @property
    def classes(self) -> str:
        return " ".join(self.css)


@dataclass(frozen=True)
class Row:
    kind: str  # regel, groep (a group's title), groepstotaal, totaal, opmerking (about a total)
    cells: tuple[Cell, ...]
    id: str | None = None  # the row's node id (its anchor)
    niet_opgeteld: bool = False


@dataclass(frozen=True)
class Body:
    """One <tbody>: a group (with its total), the table's totals, or a group below them."""

    kind: str  # regels (a group), totalen, onder-totalen (groups under the totals, not summed)
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TableView:
    id: str
    caption: Markup | None  # the title and, when stated, the table's unit; None: the source has none
    #: the accessible name of a table without caption (never shown): the heading it stands under
    label: str | None
    columns: tuple[Cell, ...]
    bodies: tuple[Body, ...]
    legend: Markup | None
    bijschrift: Markup | None
    bron: Markup | None
    wide: bool
    long_text: bool  # a text column besides the row labels (remarks, dates): wants room
    shaded: bool  # some cells are shaded as estimates (the legend explains them)
    lines: int  # a rough printed height, in lines
    figures: TableFigures = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def rows(self) -> list[Row]:
        return [row for body in self.bodies for row in body.rows]


# --- cells ------------------------------------------------------------------------------


def _unit(tabel: Tabel, kolom: Kolom) -> bool:
    return bool(kolom.eenheid or tabel.eenheid)


def _alignment(kolom: Kolom) -> str:
    if kolom.soort in NUMERIC:
        return "getal"
    return "code" if kolom.soort == "code" else "tekst"


def shown_number(value: CellValue, kolom: Kolom, tabel: Tabel) -> str:
    """A number cell as plain text: as published, else the number in Dutch notation."""
    if value.text is not None:
        return cel(value.text, kolom.soort, unit=_unit(tabel, kolom))  # '-' is '€ -' in whole euros
    if value.number is None:
        return ""
    return cel(value.number, kolom.soort, kolom.decimalen, _unit(tabel, kolom))


def shown_sum(total: Sum, kolom: Kolom, tabel: Tabel) -> str:
    text = cel(total.value, kolom.soort, kolom.decimalen if kolom.decimalen is not None else total.places or None,
               _unit(tabel, kolom))
    return text + (" plus onbekende bedragen" if total.unknown else "")


def _flags(value: CellValue, cell: Any) -> tuple[str, ...]:
    flags = []
    if value.estimate:
        flags.append("schatting")
    if isinstance(cell, CelWaarde) and cell.schatting:
        flags.append("gearceerd")  # shaded in the source; the legend explains it
    if value.kind in ("onbekend", "nihil", "leeg"):
        flags.append(value.kind)
    return tuple(flags)


class _Builder:
    def __init__(self, tabel: Tabel, inline: Inline, plain: Plain):
        self.tabel, self.inline, self.plain = tabel, inline, plain
        self.kolommen = tabel.kolommen
        self.label_column = next((i for i, k in enumerate(self.kolommen) if k.soort == "tekst"), None)
        self.code_column = next((i for i, k in enumerate(self.kolommen) if k.soort == "code"), None)
        self.amount = next((k for k in self.kolommen if k.soort == "bedrag"), None)
        self.figures = compute_table(tabel)
        self.shaded = False

    def footnote(self, value: CellValue) -> Markup:
        return self.inline(f"[[{value.footnote}]]") if value.footnote else Markup("")

    def markdown(self, text: str) -> Markup:
        return self.inline(text) if text else Markup("")

    def cell(self, raw: Any, i: int) -> Cell:
        kolom = self.kolommen[i]
        value = read_cell(raw)
        align = _alignment(kolom)
        flags = _flags(value, raw)
        self.shaded |= "gearceerd" in flags
        if kolom.soort in NUMERIC:
            if isinstance(raw, CelWaarde) and raw.tekst is not None:
                html = self.markdown(raw.tekst)  # as published, footnote marks included
            else:
                html = self.plain(shown_number(value, kolom, self.tabel))
        elif isinstance(raw, CelWaarde):
            html = self.markdown(raw.tekst) if raw.tekst is not None else self.plain(
                shown_number(value, kolom, self.tabel))
        elif isinstance(raw, str):
            html = self.markdown(raw) if kolom.soort == "tekst" else self.plain(raw)
        else:
            html = self.plain(cel(raw, kolom.soort, kolom.decimalen)) if raw is not None else Markup("")
        if align == "tekst" and isinstance(raw, str) and len(raw) > LONG_TEXT:
            flags = (*flags, "lang")  # wants a wider column than a number (site: a minimum width)
        elif align == "getal" and isinstance(raw, CelWaarde) and raw.tekst and len(raw.tekst) > SHORT_NUMBER:
            flags = (*flags, "woorden")  # '1581 (excl. Zwolle en Raalte)': may wrap like text
        return Cell(html + self.footnote(value), (align, *flags), header=(i == self.label_column))

    # rows

    def row(self, rij) -> Row:
        cells = tuple(self.cell(rij.cellen.get(k.sleutel), i) for i, k in enumerate(self.kolommen))
        return Row("regel", cells, id=rij.id, niet_opgeteld=rij.niet_optellen)

    def group_title(self, titel: str) -> Row:
        return Row("groep", (Cell(self.markdown(titel), ("groep",), header=True, colspan=len(self.kolommen)),))

    def total_rows(self, totaal: Totaal, kind: str) -> list[Row]:
        """The total as published; a differing column marked, and the note about it under the row."""
        comparisons = self.figures.of(totaal).comparisons if self.figures.of(totaal) else []
        differing = {c.column: c for c in comparisons if c.differs}
        cells = []
        for i, kolom in enumerate(self.kolommen):
            if i == self.label_column:
                cells.append(Cell(self.markdown(totaal.titel), ("tekst",), header=True))
            elif kolom.sleutel in totaal.waarden:
                raw = totaal.waarden[kolom.sleutel]
                cell = self.cell(raw, i)
                if kolom.sleutel in differing:
                    cell = Cell(cell.html + _mark(), cell.css + ("afwijking",), cell.header)
                cells.append(cell)
            elif i == self.code_column and totaal.uitsplitsing:
                cells.append(self.split_cell(totaal, differing))
            else:
                cells.append(Cell(Markup(""), (_alignment(kolom), "leeg")))
        rows = [Row(kind, tuple(cells))]
        if differing:
            rows.append(Row("opmerking", (Cell(self.note(totaal, list(differing.values())), ("opmerking",),
                                               colspan=len(self.kolommen)),)))
        return rows

    def split_cell(self, totaal: Totaal, differing: dict[str, Comparison]) -> Cell:
        """The published total per code, in the code column: '520.000 (S)' under each other."""
        lines = []
        for code, stated in totaal.uitsplitsing.items():
            text = shown_number(read_cell(stated), self.amount, self.tabel) if self.amount else str(stated)
            line = self.plain(f"{text} ({code})")
            lines.append(line + _mark() if code in differing else line)
        flags = ("afwijking",) if any(code in differing for code in totaal.uitsplitsing) else ()
        return Cell(Markup("<br>").join(lines), ("code", *flags))

    def note(self, totaal: Totaal, differing: list[Comparison]) -> Markup:
        """'* Zoals gepubliceerd; de regels tellen op tot € 1.547.698 (2024). <toelichting>'."""
        names = {k.sleutel: k for k in self.kolommen}
        several = len(differing) > 1 or sum(k.soort in NUMERIC for k in self.kolommen) > 1
        parts = []
        for c in differing:
            kolom = names.get(c.column)
            if kolom is None:  # a code of the split: the amount column's notation
                what, sum_text = f"code {c.column}", shown_sum(c.computed, self.amount, self.tabel)
            else:
                what, sum_text = (self.plain_title(kolom) or f"kolom {self.kolommen.index(kolom) + 1}",
                                  shown_sum(c.computed, kolom, self.tabel))
            parts.append(f"{sum_text} ({what})" if several else sum_text)
        text = f"{MARK} Zoals gepubliceerd; de regels tellen op tot " + ", ".join(parts) + "."
        html = self.plain(text)
        explanations = list(dict.fromkeys(totaal.afwijking[c.column] for c in differing if c.column in totaal.afwijking))
        for explanation in explanations:
            html += Markup(" ") + self.markdown(explanation)
        return html

    def plain_title(self, kolom: Kolom) -> str:
        return kolom.titel.strip()

    # the table

    def columns(self) -> tuple[Cell, ...]:
        heads = []
        for kolom in self.kolommen:
            html = self.markdown(kolom.titel)
            if kolom.eenheid:
                html += Markup(" ") + Markup('<span class="eenheid">') + self.plain(kolom.eenheid) + Markup("</span>")
            heads.append(Cell(html, (_alignment(kolom),), header=True))
        return tuple(heads)

    def bodies(self) -> tuple[Body, ...]:
        groepen = self.tabel.groepen
        summed = [g for g, groep in enumerate(groepen) if not groep.niet_optellen]
        last = summed[-1] if summed else len(groepen) - 1
        bodies = []
        for g, groep in enumerate(groepen):
            if g > last:
                break
            bodies.append(self.group_body(groep, "regels"))
        totals = [row for totaal in self.tabel.alle_totalen() for row in self.total_rows(totaal, "totaal")]
        if totals:
            bodies.append(Body("totalen", tuple(totals)))
        for groep in groepen[last + 1:]:
            bodies.append(self.group_body(groep, "onder-totalen"))
        return tuple(bodies)

    def group_body(self, groep, kind: str) -> Body:
        rows = []
        if groep.titel:
            rows.append(self.group_title(groep.titel))
        rows.extend(self.row(rij) for rij in groep.rijen)
        if groep.totaal is not None:
            rows.extend(self.total_rows(groep.totaal, "groepstotaal"))
        return Body(kind, tuple(rows))


def _mark() -> Markup:
    return Markup(f'<span class="afwijking-teken">{MARK}</span>')


def is_wide(tabel: Tabel) -> bool:
    return len(tabel.kolommen) >= WIDE_COLUMNS


def has_long_text(tabel: Tabel) -> bool:
    """A text column besides the row labels (remarks, dates): such a table wants room."""
    first = next((i for i, k in enumerate(tabel.kolommen) if k.soort == "tekst"), None)
    return any(k.soort == "tekst" for i, k in enumerate(tabel.kolommen) if i != first)


def print_layout(tabel: Tabel) -> str:
    """'liggend' (a landscape page), 'breed' (condensed) or '' for print."""
    if not is_wide(tabel):
        return ""
    return "liggend" if has_long_text(tabel) else "breed"


def nearest_heading(index: Any, tabel_id: str) -> str | None:
    """The accessible name of a table without a caption, computed from the content and never shown:
    the title of the innermost section (else the document) that holds it, as plain text. Where
    several untitled tables stand under one heading: 'Korte termijn (tot 1 jan. 2024), tabel 2 van 2'
    (a page's landmarks need different names)."""
    node = index.get(tabel_id)
    if node is None:
        return None
    heading = _heading_above(index, node)
    if heading is None:
        return None
    same = [t.id for t in index.of_kind("tabel")
            if t.document == node.document and not t.model.titel and _heading_above(index, t) == heading]
    return f"{heading}, tabel {same.index(tabel_id) + 1} van {len(same)}" if len(same) > 1 else heading


def _heading_above(index: Any, node: Any) -> str | None:
    model, titles = node.file.model, []
    for step in node.path:
        model = model[step] if isinstance(step, int) else getattr(model, step, None)
        titel = getattr(model, "titel", None) if model is not node.model else None
        if isinstance(titel, str) and titel:
            titles.append(titel)
    if not titles:
        document = index.get(node.document or "")
        return document.label if document is not None else None

    def label(node_id: str) -> str | None:  # a footnote mark has no words
        target = index.get(node_id)
        return target.label if target is not None and target.kind != "voetnoot" else None
    return plain_markdown(titles[-1], label)


def plain_markdown(text: str, ref_label: Callable[[str], str | None] | None) -> str:
    """Table cell or title Markdown as plain text: [[id|label]] -> label, [[id]] -> the target's label
    (nothing where ``ref_label`` gives None: a footnote mark has no words)."""
    def ref(match: re.Match) -> str:
        if match.group(2):
            return match.group(2)
        return (ref_label(match.group(1)) or "") if ref_label else match.group(1)

    text = re.sub(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]", ref, text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.replace("\\", "").split())


def table_view(tabel: Tabel, inline: Inline, plain: Plain, label: str | None = None) -> TableView:
    """The presentation of ``tabel``; ``inline`` renders Markdown, ``plain`` escapes text.

    A table without ``titel`` gets no caption (none is made up); ``label`` (see :func:`nearest_heading`)
    is then its accessible name."""
    b = _Builder(tabel, inline, plain)
    caption = b.markdown(tabel.titel) if tabel.titel else None
    if tabel.eenheid:
        unit = Markup('<span class="eenheid">') + plain(tabel.eenheid) + Markup("</span>")
        caption = caption + Markup(" ") + unit if caption is not None else unit
    bodies = b.bodies()
    columns = b.columns()

    def height(row: Row) -> int:  # long text wraps, the more the narrower its column
        longest = max((len(str(c.html)) for c in row.cells if "getal" not in c.css), default=0)
        return 1 + longest * len(tabel.kolommen) // 200
    lines = 2 + sum(height(row) for body in bodies for row in body.rows)
    return TableView(
        id=tabel.id, caption=caption, label=None if caption is not None else label, columns=columns, bodies=bodies,
        legend=b.markdown(tabel.legenda) if tabel.legenda else None,
        bijschrift=b.markdown(tabel.bijschrift) if tabel.bijschrift else None,
        bron=b.markdown(tabel.bron) if tabel.bron else None,
        wide=is_wide(tabel), long_text=has_long_text(tabel),
        shaded=b.shaded, lines=lines, figures=b.figures,
    )
