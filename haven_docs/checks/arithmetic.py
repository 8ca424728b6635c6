"""Financial tables: totals are computed; every published total is checked, never smoothed.

:func:`read_cell` says what a cell is (a number, nil, unknown, an estimate, text);
:func:`compute_table` adds up the rows the way the YAML says (groups, several
totals, rows that are not summed). The table view (``haven_docs.tables``) shows
the same figures, so what a reader sees is what was checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..diagnostics import Diagnostics
from ..formatting import cel, euro
from ..index import Index, walk
from ..markup import LAK_OPEN, find_laks
from ..model import Tabel, Totaal
from ..model.blocks import CelWaarde, TabelBlok

NUMERIC = ("bedrag", "aantal", "percentage")

#: Cell texts that stand for a value that is not known yet.
UNKNOWN_TEXTS = ("PM", "P.M.", "p.m.", "pm", "n.n.b.", "N.N.B.", "nnb", "?", "onbekend")
_NUMBER = r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?"
#: Estimates as published: "100?", "+/- 650", "± 650", "ca. 300", "circa 1.000".
_ESTIMATE = re.compile(rf"^(?:(?:\+/-|\+-|±|ca\.?|circa)\s*({_NUMBER})|({_NUMBER})\s*\?)$")


def dutch_number(text: str) -> Decimal:
    """'1.234,5' -> Decimal('1234.5')."""
    return Decimal(text.replace(".", "").replace(",", "."))


@dataclass(frozen=True)
class CellValue:
    """What a cell is, once: the sums, the checks and the table view all read it so."""

    kind: str  # getal, nihil ('-'), leeg, onbekend, schatting, tekst, weggelakt (Woo: only its code is public)
    value: Decimal | None = None  # what counts in a total
    text: str | None = None  # shown as published instead of the formatted number
    estimate: bool = False
    footnote: str | None = None
    number: int | float | Decimal | None = None  # the number as written, for formatting

    @property
    def counts(self) -> bool:
        return self.value is not None


def read_cell(cell: Any) -> CellValue:
    if cell is None:
        return CellValue("leeg")
    if isinstance(cell, CelWaarde):
        if cell.waarde is not None:
            base = CellValue("getal", Decimal(str(cell.waarde)), number=cell.waarde)
        else:
            base = read_cell(cell.tekst)  # {tekst: PM, voetnoot: ...}
        return CellValue(
            "schatting" if cell.schatting and base.kind == "getal" else base.kind,
            base.value, cell.tekst if cell.tekst is not None else base.text,
            estimate=cell.schatting or base.estimate, footnote=cell.voetnoot, number=base.number,
        )
    if isinstance(cell, bool):  # never a number (the model rejects it; be safe)
        return CellValue("tekst", text=str(cell))
    if isinstance(cell, (int, float, Decimal)):
        return CellValue("getal", Decimal(str(cell)), number=cell)
    text = str(cell)
    stripped = text.strip()
    if stripped.startswith(LAK_OPEN):
        laks = find_laks(stripped)
        if len(laks) == 1 and laks[0].end == len(stripped) and laks[0].problem is None:
            # A withheld cell (haven_docs.woo): the check counts what it holds; the public
            # build, where only the code is left, can neither count nor compare it.
            if laks[0].passage is None:
                return CellValue("weggelakt", text=text)
            inner = read_cell(laks[0].passage)
            whole = laks[0].passage.replace("€", "").replace(".", "").replace(" ", "")
            if inner.kind == "tekst" and re.fullmatch(r"-?\d+", whole):  # '51017', '€ 51.017'
                inner = CellValue("getal", Decimal(whole), number=int(whole))
            return CellValue(inner.kind, inner.value, text=text, estimate=inner.estimate, number=inner.number)
    if stripped == "":
        return CellValue("leeg", text=text)
    if stripped == "-":
        return CellValue("nihil", Decimal(0), text=text)
    if stripped in UNKNOWN_TEXTS:
        return CellValue("onbekend", text=text)
    match = _ESTIMATE.match(stripped)
    if match:
        return CellValue("schatting", dutch_number(match.group(1) or match.group(2)), text=text, estimate=True)
    return CellValue("tekst", text=text)


@dataclass
class Sum:
    """A computed total: the sum of the numbers, and whether cells were unknown."""

    value: Decimal | int = 0
    unknown: int = 0  # cells such as 'PM' or 'n.n.b.' that could not be counted
    counted: int = 0  # cells that held a number (or '-')
    withheld: int = 0  # cells withheld under the Woo: the total cannot be compared
    places: int = 0  # most decimals of any counted number

    def add(self, cell: Any) -> None:
        self.add_value(cell if isinstance(cell, CellValue) else read_cell(cell))

    def add_value(self, value: CellValue) -> None:
        if value.kind == "onbekend":
            self.unknown += 1
        elif value.kind == "weggelakt":
            self.withheld += 1
        elif value.value is not None:
            self.value = self.value + value.value
            self.counted += 1
            exponent = value.value.as_tuple().exponent
            if isinstance(exponent, int):
                self.places = max(self.places, -exponent)
        if isinstance(self.value, Decimal) and self.value == self.value.to_integral_value() and self.places == 0:
            self.value = int(self.value)

    @property
    def complete(self) -> bool:
        return self.unknown == 0


@dataclass
class Comparison:
    label: str  # what was totalled, in Dutch
    column: str
    stated: CellValue
    computed: Sum

    @property
    def differs(self) -> bool:
        if self.computed.withheld:
            return False  # a withheld amount is in the total as published
        if self.stated.kind == "onbekend":  # 'PM' as a total: right while a row is unknown too
            return self.computed.unknown == 0
        if self.stated.value is None:
            return False
        if self.computed.counted == 0 and self.computed.unknown == 0:
            return False  # the column has a value only in the total row: nothing to compare with
        return self.stated.value != self.computed.value


@dataclass
class TotalFigures:
    """One published total row and the sums it is compared with."""

    totaal: Totaal
    path: tuple  # within the table
    sums: dict[str, Sum]
    comparisons: list[Comparison]
    groups: list[int]  # the groups it adds up


@dataclass
class TableFigures:
    group_sums: list[dict[str, Sum]] = field(default_factory=list)
    grand: dict[str, Sum] = field(default_factory=dict)  # every row that is summed
    split: dict[str, Sum] = field(default_factory=dict)  # per code, of the amount column
    totals: list[TotalFigures] = field(default_factory=list)  # group totals, then the table's

    @property
    def comparisons(self) -> list[tuple[Totaal, list[Comparison], tuple]]:
        return [(t.totaal, t.comparisons, t.path) for t in self.totals]

    def of(self, totaal: Totaal) -> TotalFigures | None:
        return next((t for t in self.totals if t.totaal is totaal), None)


def numeric_columns(tabel: Tabel) -> list[str]:
    return [k.sleutel for k in tabel.kolommen if k.soort in NUMERIC]


def summed_groups(tabel: Tabel, totaal: Totaal) -> list[int]:
    """The groups a table total adds up: those named in 'over', else every group that counts."""
    if totaal.over:
        return [g for g, groep in enumerate(tabel.groepen) if groep.titel in totaal.over]
    return [g for g, groep in enumerate(tabel.groepen) if not groep.niet_optellen]


def compute_table(tabel: Tabel) -> TableFigures:
    numeric = numeric_columns(tabel)
    figures = TableFigures(grand={key: Sum() for key in numeric})
    code_columns = [k.sleutel for k in tabel.kolommen if k.soort == "code"]
    amount_columns = [k.sleutel for k in tabel.kolommen if k.soort == "bedrag"]
    for g, groep in enumerate(tabel.groepen):
        sums = {key: Sum() for key in numeric}
        for rij in groep.rijen:
            if rij.niet_optellen:
                continue
            for key in numeric:
                value = read_cell(rij.cellen.get(key))
                sums[key].add_value(value)
                if not groep.niet_optellen:
                    figures.grand[key].add_value(value)
            if len(code_columns) == 1 and len(amount_columns) == 1 and not groep.niet_optellen:
                code = rij.cellen.get(code_columns[0])
                if isinstance(code, str) and code.strip() not in ("", "-"):
                    figures.split.setdefault(code, Sum()).add(rij.cellen.get(amount_columns[0]))
        figures.group_sums.append(sums)
        if groep.totaal is not None:
            label = f"groep '{groep.titel}'" if groep.titel else f"groep {g + 1}"
            figures.totals.append(TotalFigures(groep.totaal, ("groepen", g, "totaal"), sums,
                                               _compare(groep.totaal, sums, {}, label), [g]))
    own = tabel.alle_totalen()
    for t, totaal in enumerate(own):
        groups = summed_groups(tabel, totaal)
        sums = {key: Sum() for key in numeric}
        for g in groups:
            for rij in tabel.groepen[g].rijen:
                if not rij.niet_optellen:
                    for key in numeric:
                        sums[key].add(rij.cellen.get(key))
        split = figures.split if not totaal.over else {}
        path = ("totaal",) if tabel.totaal is not None else ("totalen", t)
        label = "de tabel" if len(own) == 1 else f"totaal '{totaal.titel}'"
        figures.totals.append(TotalFigures(totaal, path, sums, _compare(totaal, sums, split, label), groups))
    return figures


def _compare(totaal: Totaal, sums: dict[str, Sum], split: dict[str, Sum], label: str) -> list[Comparison]:
    result = []
    for key, stated in totaal.waarden.items():
        if key in sums:
            value = read_cell(stated)
            if value.kind != "leeg":
                result.append(Comparison(label, key, value, sums[key]))
    for code, stated in totaal.uitsplitsing.items():
        result.append(Comparison(f"{label}, code {code}", code, read_cell(stated), split.get(code, Sum())))
    return result


# --- the check -------------------------------------------------------------------------


def check_tables(index: Index, diagnostics: Diagnostics) -> None:
    for content in index.files:
        for model, path, _parent in walk(content.model):
            if isinstance(model, TabelBlok):
                check_table(model.tabel, content, path + ("tabel",), diagnostics)


def _unit(tabel: Tabel, kolom) -> bool:
    return bool(kolom.eenheid or tabel.eenheid)


def show(value: Decimal | int, kolom, tabel: Tabel) -> str:
    """A computed figure the way the column shows its numbers."""
    return cel(value, kolom.soort, kolom.decimalen, _unit(tabel, kolom))


def check_table(tabel: Tabel, content, path: tuple, diagnostics: Diagnostics) -> None:
    source = content.source
    kolommen = {k.sleutel: k for k in tabel.kolommen}
    ok = True
    seen: set[str] = set()
    for k, kolom in enumerate(tabel.kolommen):
        if kolom.sleutel in seen:
            diagnostics.error(source.pos(path + ("kolommen", k, "sleutel")), "duplicate-key",
                              f"kolom '{kolom.sleutel}' staat twee keer in de tabel", "geef elke kolom een eigen sleutel")
            ok = False
        seen.add(kolom.sleutel)
    if tabel.totaal is not None and tabel.totalen:
        diagnostics.error(source.pos(path + ("totalen",), key=True), "invalid-value",
                          "een tabel heeft 'totaal' of 'totalen', niet allebei",
                          "zet het totaal als eerste of laatste in de lijst 'totalen'")
        ok = False
    code_columns = [k for k in tabel.kolommen if k.soort == "code"]
    amount_columns = [k for k in tabel.kolommen if k.soort == "bedrag"]
    for g, groep in enumerate(tabel.groepen):
        for r, rij in enumerate(groep.rijen):
            for key, cell in rij.cellen.items():
                cell_path = path + ("groepen", g, "rijen", r, "cellen", key)
                kolom = kolommen.get(key)
                if kolom is None:
                    close = difflib.get_close_matches(key, kolommen, n=1)
                    diagnostics.error(source.pos(cell_path, key=True), "unknown-field",
                                      f"tabel heeft geen kolom '{key}'",
                                      f"bedoelde u '{close[0]}'?" if close else "kolommen: " + ", ".join(kolommen))
                    ok = False
                elif kolom.soort in NUMERIC:
                    ok &= _check_number_cell(cell, kolom, source, cell_path, diagnostics, _unit(tabel, kolom))
        if groep.totaal is not None:
            ok &= _check_total(groep.totaal, tabel, kolommen, source, path + ("groepen", g, "totaal"), diagnostics,
                               own=False)
    titles = [groep.titel for groep in tabel.groepen if groep.titel]
    for t, totaal in enumerate(tabel.alle_totalen()):
        total_path = path + (("totaal",) if tabel.totaal is not None else ("totalen", t))
        ok &= _check_total(totaal, tabel, kolommen, source, total_path, diagnostics, own=True)
        for o, name in enumerate(totaal.over):
            if name not in titles:
                close = difflib.get_close_matches(name, titles, n=1)
                diagnostics.error(source.pos(total_path + ("over", o)), "unknown-field",
                                  f"de tabel heeft geen groep met de titel '{name}'",
                                  f"bedoelde u '{close[0]}'?" if close else "groepen: " + ", ".join(titles))
                ok = False
        if totaal.uitsplitsing and (len(code_columns) != 1 or len(amount_columns) != 1):
            diagnostics.error(source.pos(total_path + ("uitsplitsing",)), "invalid-value",
                              "een uitsplitsing van het totaal vraagt precies één code-kolom en één bedrag-kolom",
                              "geef de kolommen 'soort: code' en 'soort: bedrag'")
            ok = False
    if not ok:
        return
    figures = compute_table(tabel)
    amount = amount_columns[0] if amount_columns else None
    for total in figures.totals:
        totaal = total.totaal
        differing = [c for c in total.comparisons if c.differs]
        for c in differing:
            if c.column in totaal.afwijking:
                continue  # a known, explained difference in this column: shown to readers, not an error
            split = c.column in totaal.uitsplitsing
            where = path + total.path + (("uitsplitsing", c.column) if split else ("waarden", c.column))
            unknown = f" (plus {c.computed.unknown} onbekende cel(len))" if c.computed.unknown else ""
            if split:  # a total per code of the single amount column
                what = f"het totaal voor code '{c.column}' van {c.label.split(', code ')[0]}"
                rows = f"de regels met code '{c.column}'"
                fmt = (lambda value: show(value, amount, tabel)) if amount else euro
            else:
                kolom = kolommen[c.column]
                what = f"totaal '{kolom.titel}' van {c.label}"
                rows = "de regels"
                fmt = lambda value, kolom=kolom: show(value, kolom, tabel)  # noqa: E731
            if c.stated.kind == "onbekend":
                message = (f"{what} is '{c.stated.text}', maar alle regels zijn bekend: ze tellen op tot "
                           f"{fmt(c.computed.value)}")
            else:
                message = (f"{what} is {fmt(c.stated.value)}, maar {rows} tellen op tot "
                           f"{fmt(c.computed.value)}{unknown} (verschil {fmt(c.stated.value - c.computed.value)})")
            diagnostics.error(
                source.pos(where), "total-mismatch", message,
                "corrigeer het bedrag of de regels; klopt het gepubliceerde totaal echt niet, "
                f"leg dat dan vast met 'afwijking: {{{c.column}: ...}}' en een korte uitleg",
            )
        known = {c.column for c in differing}
        for key in totaal.afwijking:
            if key not in known:
                diagnostics.error(
                    source.pos(path + total.path + ("afwijking", key), key=True), "stale-remark",
                    f"er staat een 'afwijking' voor '{key}' bij dit totaal, maar dat totaal klopt met de regels",
                    f"haal '{key}' weg onder 'afwijking:'",
                )


def _check_number_cell(cell: Any, kolom, source, cell_path: tuple, diagnostics: Diagnostics,
                       unit: bool = False) -> bool:
    value = read_cell(cell)
    number = cell.waarde if isinstance(cell, CelWaarde) else cell
    if (isinstance(number, float) and kolom.soort == "bedrag" and not unit and kolom.decimalen is None):
        # Whole euros: 1.632 is Dutch for 1632, not a decimal number.
        where = cell_path + (("waarde",) if isinstance(cell, CelWaarde) else ())
        info = source.values.get(where)
        raw = info.raw if info is not None and info.raw else str(number)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
            hint = f"schrijf bedragen in hele euro's zonder punten: {raw.replace('.', '')}"
        else:
            hint = ("schrijf een geheel getal (bedragen in hele euro's); staan de bedragen in een andere eenheid, "
                    "geef de kolom of tabel dan 'eenheid:'")
        diagnostics.error(source.pos(where), "wrong-type",
                          f"'{raw}' wordt gelezen als kommagetal {number}, niet als geheel getal", hint)
        return False
    if isinstance(cell, CelWaarde):
        if cell.waarde is None and cell.tekst is None:
            diagnostics.error(source.pos(cell_path), "invalid-value",
                              "deze cel heeft geen 'waarde' en geen 'tekst'",
                              "geef 'waarde:' (het getal) of 'tekst:' (zoals gepubliceerd)")
            return False
        if cell.waarde is None and value.kind == "tekst":
            diagnostics.error(source.pos(cell_path + ("tekst",)), "wrong-type",
                              f"'{cell.tekst}' in kolom '{kolom.titel}' is geen getal",
                              "zet het getal dat meetelt in 'waarde:' en laat 'tekst:' tonen wat er staat")
            return False
        return True
    if value.kind != "tekst":
        return True
    text = str(cell)
    digits = text.replace(".", "").replace("€", "").replace("%", "").strip()
    if digits.lstrip("-").isdigit():
        hint = f"schrijf het getal zonder punten, € of %: {digits}"
    elif re.fullmatch(_NUMBER, text.strip()):
        hint = f"schrijf een decimaal getal met een punt: {dutch_number(text.strip())}"
    else:
        hint = ("vul een getal in, of '-', 'PM', 'n.n.b.', '?', een schatting als '100?' of 'ca. 300', "
                "of een object met 'waarde:' en 'tekst:'")
    diagnostics.error(source.pos(cell_path), "wrong-type", f"'{text}' in kolom '{kolom.titel}' is geen getal", hint)
    return False


def _check_total(totaal: Totaal, tabel: Tabel, kolommen: dict, source, path: tuple, diagnostics: Diagnostics,
                 own: bool) -> bool:
    ok = True
    numeric = [k for k, v in kolommen.items() if v.soort in NUMERIC]
    for key, stated in totaal.waarden.items():
        kolom = kolommen.get(key)
        if kolom is None or kolom.soort not in NUMERIC:
            close = difflib.get_close_matches(key, numeric, n=1)
            diagnostics.error(source.pos(path + ("waarden", key), key=True), "unknown-field",
                              f"'{key}' is geen getalkolom van deze tabel",
                              f"bedoelde u '{close[0]}'?" if close else None)
            ok = False
        else:
            ok &= _check_number_cell(stated, kolom, source, path + ("waarden", key), diagnostics,
                                     _unit(tabel, kolom))
    allowed = set(totaal.waarden) | set(totaal.uitsplitsing)
    for key in totaal.afwijking:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            diagnostics.error(source.pos(path + ("afwijking", key), key=True), "unknown-field",
                              f"'{key}' heeft geen gepubliceerd totaal in deze totaalregel",
                              f"bedoelde u '{close[0]}'?" if close else "een afwijking hoort bij een kolom onder 'waarden'")
            ok = False
    if totaal.over and not own:
        diagnostics.error(source.pos(path + ("over",), key=True), "invalid-value",
                          "'over' hoort alleen bij de totalen van de tabel, niet bij het totaal van een groep",
                          "haal 'over:' weg: een groepstotaal telt de regels van zijn groep")
        ok = False
    return ok
