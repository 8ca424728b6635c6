"""Traceability: pijler -> uitgangspunten -> actielijnen -> begrotingsregels, with totals.

Totals are sums of the budget lines themselves (``arithmetic.Sum``), never a
published figure, so the traceability pages show what the rows add up to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks.arithmetic import Sum
from ..index import Index, Node, walk
from ..model.blocks import Actielijn, Actielijnen, Rij, Tabel


@dataclass
class Regel:
    """A budget line: a row of a table whose rows are begrotingsregels."""

    rij: Rij
    tabel: Tabel
    bedrag: int | str | None
    code: str | None
    node: Node | None  # None when the row has no id


@dataclass
class ActielijnSpoor:
    node: Node
    actielijn: Actielijn
    categorie: str  # lopend | extra-inzet
    regels: list[Regel] = field(default_factory=list)


@dataclass
class PijlerSpoor:
    pijler: Node
    uitgangspunten: list[Node]
    lopend: list[ActielijnSpoor] = field(default_factory=list)
    extra: list[ActielijnSpoor] = field(default_factory=list)
    totaal: Sum = field(default_factory=Sum)
    split: dict[str, Sum] = field(default_factory=dict)

    def actielijnen_voor(self, uitgangspunt_id: str) -> list[ActielijnSpoor]:
        return [a for a in self.lopend + self.extra if uitgangspunt_id in a.actielijn.uitgangspunten]

    @property
    def regels(self) -> list[Regel]:
        return [r for a in self.lopend + self.extra for r in a.regels]


@dataclass
class Spoor:
    pijlers: list[PijlerSpoor]
    los: list[Regel]  # lines of traced tables not linked to an actielijn of a pijler
    totaal: Sum
    split: dict[str, Sum]
    totaal_alle_regels: Sum  # every line of the traced tables, linked or not
    bedrag_kolommen: list[str]  # titles of the amount columns used


def _amount_and_code(tabel: Tabel) -> tuple[str | None, str | None]:
    amount = next((k.sleutel for k in tabel.kolommen if k.soort == "bedrag"), None)
    code = next((k.sleutel for k in tabel.kolommen if k.soort == "code"), None)
    return amount, code


def trace(index: Index) -> Spoor:
    regels_per_actielijn: dict[str, list[Regel]] = {}
    alle_regels: list[Regel] = []
    kolommen: list[str] = []
    actielijnen: list[tuple[Actielijnen, Actielijn]] = []
    for content in index.files:
        for model, _path, _parent in walk(content.model):
            if isinstance(model, Actielijnen):
                actielijnen.extend((model, item) for item in model.items)
            elif (isinstance(model, Tabel) and model.rijsoort == "begrotingsregel"
                  and any(rij.actielijn for groep in model.groepen for rij in groep.rijen)):
                # Only tables whose lines are tied to actielijnen take part in the traceability.
                amount, code = _amount_and_code(model)
                if amount is None:
                    continue
                titel = next(k.titel for k in model.kolommen if k.sleutel == amount)
                if titel not in kolommen:
                    kolommen.append(titel)
                for groep in model.groepen:
                    for rij in groep.rijen:
                        cell = rij.cellen.get(code) if code else None
                        regel = Regel(rij, model, rij.cellen.get(amount),
                                      cell if isinstance(cell, str) and cell not in ("-",) else None,
                                      index.get(rij.id) if rij.id else None)
                        alle_regels.append(regel)
                        if rij.actielijn:
                            regels_per_actielijn.setdefault(rij.actielijn, []).append(regel)

    sporen: dict[str, PijlerSpoor] = {}
    for pijler in index.of_kind("pijler"):
        uitgangspunten = [n for n in index.of_kind("uitgangspunt") if n.parent == pijler.id]
        sporen[pijler.id] = PijlerSpoor(pijler, uitgangspunten)

    gekoppeld: set[int] = set()
    for lijst, actielijn in actielijnen:
        spoor = sporen.get(lijst.pijler)
        node = index.get(actielijn.id)
        if spoor is None or node is None:
            continue
        item = ActielijnSpoor(node, actielijn, lijst.categorie, regels_per_actielijn.get(actielijn.id, []))
        (spoor.lopend if lijst.categorie == "lopend" else spoor.extra).append(item)
        for regel in item.regels:
            gekoppeld.add(id(regel))
            spoor.totaal.add(regel.bedrag)
            if regel.code:
                spoor.split.setdefault(regel.code, Sum()).add(regel.bedrag)

    totaal, split, alles = Sum(), {}, Sum()
    for spoor in sporen.values():
        for regel in spoor.regels:
            totaal.add(regel.bedrag)
            if regel.code:
                split.setdefault(regel.code, Sum()).add(regel.bedrag)
    for regel in alle_regels:
        alles.add(regel.bedrag)
    los = [r for r in alle_regels if id(r) not in gekoppeld]
    return Spoor(list(sporen.values()), los, totaal, dict(sorted(split.items())), alles, kolommen)
