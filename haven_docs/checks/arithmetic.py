"""Financial tables: totals are computed; a published total is checked, never smoothed.

:func:`compute_table` is also what the site and the PDF show, so the figures
a reader sees are the figures that were checked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..diagnostics import Diagnostics
from ..formatting import cel, euro
from ..index import Index, walk
from ..model import NIET_GETALLEN, Tabel, Totaal
from ..model.blocks import TabelBlok

NUMERIC = ("bedrag", "aantal", "percentage")


@dataclass
class Sum:
    """A computed total: the sum of the numbers, and whether cells were unknown."""

    value: int = 0
    unknown: int = 0  # cells such as 'PM' or 'n.n.b.' that could not be counted

    def add(self, cell: int | str | None) -> None:
        if isinstance(cell, int):
            self.value += cell
        elif cell in ("PM", "n.n.b.", "p.m."):
            self.unknown += 1

    @property
    def complete(self) -> bool:
        return self.unknown == 0


@dataclass
class Comparison:
    label: str  # what was totalled, in Dutch
    column: str
    stated: int
    computed: Sum

    @property
    def differs(self) -> bool:
        return self.stated != self.computed.value


@dataclass
class TableFigures:
    group_sums: list[dict[str, Sum]] = field(default_factory=list)
    grand: dict[str, Sum] = field(default_factory=dict)
    split: dict[str, Sum] = field(default_factory=dict)  # per code, of the amount column
    comparisons: list[tuple[Totaal, list[Comparison], tuple]] = field(default_factory=list)


def numeric_columns(tabel: Tabel) -> list[str]:
    return [k.sleutel for k in tabel.kolommen if k.soort in NUMERIC]


def compute_table(tabel: Tabel) -> TableFigures:
    numeric = numeric_columns(tabel)
    figures = TableFigures(grand={key: Sum() for key in numeric})
    code_columns = [k.sleutel for k in tabel.kolommen if k.soort == "code"]
    amount_columns = [k.sleutel for k in tabel.kolommen if k.soort == "bedrag"]
    for g, groep in enumerate(tabel.groepen):
        sums = {key: Sum() for key in numeric}
        for rij in groep.rijen:
            for key in numeric:
                sums[key].add(rij.cellen.get(key))
                figures.grand[key].add(rij.cellen.get(key))
            if len(code_columns) == 1 and len(amount_columns) == 1:
                code = rij.cellen.get(code_columns[0])
                if isinstance(code, str):
                    figures.split.setdefault(code, Sum()).add(rij.cellen.get(amount_columns[0]))
        figures.group_sums.append(sums)
        if groep.totaal is not None:
            label = f"groep '{groep.titel}'" if groep.titel else f"groep {g + 1}"
            figures.comparisons.append((groep.totaal, _compare(groep.totaal, sums, {}, label), ("groepen", g, "totaal")))
    if tabel.totaal is not None:
        figures.comparisons.append((tabel.totaal, _compare(tabel.totaal, figures.grand, figures.split, "de tabel"), ("totaal",)))
    return figures


def _compare(totaal: Totaal, sums: dict[str, Sum], split: dict[str, Sum], label: str) -> list[Comparison]:
    result = []
    for key, stated in totaal.waarden.items():
        if key in sums:
            result.append(Comparison(label, key, stated, sums[key]))
    for code, stated in totaal.uitsplitsing.items():
        result.append(Comparison(f"{label}, code {code}", code, stated, split.get(code, Sum())))
    return result


def check_tables(index: Index, diagnostics: Diagnostics) -> None:
    for content in index.files:
        for model, path, _parent in walk(content.model):
            if isinstance(model, TabelBlok):
                check_table(model.tabel, content, path + ("tabel",), diagnostics)


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
                elif kolom.soort in NUMERIC and isinstance(cell, str) and cell not in NIET_GETALLEN:
                    digits = cell.replace(".", "").replace("€", "").replace("%", "").strip()
                    hint = (f"schrijf het getal zonder punten, € of %: {digits}" if digits.lstrip("-").isdigit()
                            else "vul een geheel getal in, of '-', 'PM' of 'n.n.b.'")
                    diagnostics.error(source.pos(cell_path), "wrong-type",
                                      f"'{cell}' in kolom '{kolom.titel}' is geen getal", hint)
                    ok = False
        if groep.totaal is not None:
            _check_total_columns(groep.totaal, kolommen, source, path + ("groepen", g, "totaal"), diagnostics)
    if tabel.totaal is not None:
        _check_total_columns(tabel.totaal, kolommen, source, path + ("totaal",), diagnostics)
        if tabel.totaal.uitsplitsing and (len(code_columns) != 1 or len(amount_columns) != 1):
            diagnostics.error(source.pos(path + ("totaal", "uitsplitsing")), "invalid-value",
                              "een uitsplitsing van het totaal vraagt precies één code-kolom en één bedrag-kolom",
                              "geef de kolommen 'soort: code' en 'soort: bedrag'")
            ok = False
    if not ok:
        return
    figures = compute_table(tabel)
    for totaal, comparisons, total_path in figures.comparisons:
        differing = [c for c in comparisons if c.differs]
        for c in differing:
            if totaal.afwijking:
                continue  # a known, explained difference: shown to readers, not an error
            split = c.column in totaal.uitsplitsing
            where = path + total_path + (("uitsplitsing", c.column) if split else ("waarden", c.column))
            unknown = f" (plus {c.computed.unknown} onbekende cel(len))" if c.computed.unknown else ""
            if split:  # a total per code of the single amount column
                what = f"het totaal voor code '{c.column}' van {c.label.split(', code ')[0]}"
                rows = f"de regels met code '{c.column}'"
                show = euro
            else:
                kolom = kolommen[c.column]
                what = f"totaal '{kolom.titel}' van {c.label}"
                rows = "de regels"
                show = lambda value, soort=kolom.soort: cel(value, soort)  # noqa: E731
            diagnostics.error(
                source.pos(where), "total-mismatch",
                f"{what} is {show(c.stated)}, maar {rows} tellen op tot "
                f"{show(c.computed.value)}{unknown} (verschil {show(c.stated - c.computed.value)})",
                "corrigeer het bedrag of de regels; klopt het gepubliceerde totaal echt niet, "
                "leg dat dan vast met 'afwijking:' en een korte uitleg",
            )
        if totaal.afwijking and not differing:
            diagnostics.error(
                source.pos(path + total_path + ("afwijking",)), "stale-remark",
                "er staat een 'afwijking' bij dit totaal, maar het totaal klopt met de regels",
                "haal 'afwijking:' weg",
            )


def _check_total_columns(totaal: Totaal, kolommen: dict, source, path: tuple, diagnostics: Diagnostics) -> None:
    for key in totaal.waarden:
        kolom = kolommen.get(key)
        if kolom is None or kolom.soort not in NUMERIC:
            close = difflib.get_close_matches(key, [k for k, v in kolommen.items() if v.soort in NUMERIC], n=1)
            diagnostics.error(source.pos(path + ("waarden", key), key=True), "unknown-field",
                              f"'{key}' is geen getalkolom van deze tabel",
                              f"bedoelde u '{close[0]}'?" if close else None)
