"""Decision documents: numbers and dates that must agree, and come in order.

The raadsvoorstel takes its voorstelnummer and B&W date from its nota, and the
raadsbesluit's "gelezen het voorstel van burgemeester en wethouders d.d. ...,
nummer ..." from the raadsvoorstel: :func:`voorstel_gegevens` is that one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..diagnostics import Diagnostics
from ..index import Index
from ..model import Nota, Raadsbesluit, Raadsmededeling, Raadsvoorstel


@dataclass(frozen=True)
class VoorstelGegevens:
    nummer: str | None
    datum_bw: dt.date | None


def nota_bw_datum(nota: Nota) -> dt.date | None:
    """The date of the college's decision on a nota."""
    return nota.besluit_datum or nota.vergaderdatum


def voorstel_gegevens(index: Index, voorstel: Raadsvoorstel) -> VoorstelGegevens:
    node = index.get(voorstel.nota)
    nota = node.model if node is not None and isinstance(node.model, Nota) else None
    nummer = voorstel.voorstelnummer or (nota.notanummer if nota else None)
    datum = voorstel.datum_bw_besluit or (nota_bw_datum(nota) if nota else None)
    return VoorstelGegevens(nummer, datum)


def besluit_gegevens(index: Index, besluit: Raadsbesluit) -> VoorstelGegevens:
    node = index.get(besluit.raadsvoorstel)
    if node is None or not isinstance(node.model, Raadsvoorstel):
        return VoorstelGegevens(None, None)
    return voorstel_gegevens(index, node.model)


def _fmt(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def check_decisions(index: Index, diagnostics: Diagnostics) -> None:
    for node in index.documents():
        model, source = node.model, node.file.source
        if isinstance(model, Nota):
            _check_nota(model, source, diagnostics)
        elif isinstance(model, Raadsvoorstel):
            nota_node = index.get(model.nota)
            if nota_node is None or not isinstance(nota_node.model, Nota):
                continue
            nota = nota_node.model
            if model.voorstelnummer and nota.notanummer and model.voorstelnummer != nota.notanummer:
                diagnostics.error(
                    source.pos(("voorstelnummer",)), "decision-mismatch",
                    f"voorstelnummer {model.voorstelnummer} verschilt van het notanummer {nota.notanummer} van '{nota.id}'",
                    "laat 'voorstelnummer' weg: het komt dan uit de nota",
                )
            bw = nota_bw_datum(nota)
            if model.datum_bw_besluit and bw and model.datum_bw_besluit != bw:
                diagnostics.error(
                    source.pos(("datum_bw_besluit",)), "decision-mismatch",
                    f"datum B en W besluit {_fmt(model.datum_bw_besluit)} verschilt van de besluitdatum "
                    f"{_fmt(bw)} in '{nota.id}'",
                    "laat 'datum_bw_besluit' weg: de datum komt dan uit de nota",
                )
            # A subject that a source does not have is left out: only stated ones must agree.
            if model.onderwerp is not None and nota.onderwerp is not None and model.onderwerp != nota.onderwerp:
                diagnostics.error(
                    source.pos(("onderwerp",)), "decision-mismatch",
                    f"onderwerp '{model.onderwerp}' verschilt van het onderwerp van de nota ('{nota.onderwerp}')",
                    "gebruik hetzelfde onderwerp in nota, raadsvoorstel en raadsbesluit",
                )
        elif isinstance(model, Raadsbesluit):
            rv_node = index.get(model.raadsvoorstel)
            if rv_node is None or not isinstance(rv_node.model, Raadsvoorstel):
                continue
            gegevens = voorstel_gegevens(index, rv_node.model)
            nota_node = index.get(rv_node.model.nota)
            nota_onderwerp = getattr(nota_node.model, "onderwerp", None) if nota_node else None
            # When only the raadsvoorstel differs from the nota, that is the one error.
            voorstel_is_odd = nota_onderwerp is not None and rv_node.model.onderwerp != nota_onderwerp
            stated = model.onderwerp is not None and rv_node.model.onderwerp is not None
            if stated and model.onderwerp != rv_node.model.onderwerp and not (
                    voorstel_is_odd and model.onderwerp == nota_onderwerp):
                diagnostics.error(
                    source.pos(("onderwerp",)), "decision-mismatch",
                    f"onderwerp '{model.onderwerp}' verschilt van het raadsvoorstel ('{rv_node.model.onderwerp}')",
                    "gebruik hetzelfde onderwerp in nota, raadsvoorstel en raadsbesluit",
                )
            for field in ("raadstafel", "raadsvergadering"):
                value = getattr(model, field)
                if value and gegevens.datum_bw and value < gegevens.datum_bw:
                    diagnostics.error(
                        source.pos((field,)), "date-order",
                        f"{field} {_fmt(value)} ligt vóór het besluit van B en W ({_fmt(gegevens.datum_bw)})",
                        "de raad besluit na het college; controleer beide datums",
                    )
            if model.raadstafel and model.raadsvergadering and model.raadsvergadering < model.raadstafel:
                diagnostics.error(
                    source.pos(("raadsvergadering",)), "date-order",
                    f"raadsvergadering {_fmt(model.raadsvergadering)} ligt vóór de raadstafel ({_fmt(model.raadstafel)})",
                    "controleer beide datums",
                )
        elif isinstance(model, Raadsmededeling) and model.nota:
            nota_node = index.get(model.nota)
            if nota_node is None or not isinstance(nota_node.model, Nota):
                continue
            nota = nota_node.model
            if model.nummer and nota.notanummer and model.nummer != nota.notanummer:
                diagnostics.error(
                    source.pos(("nummer",)), "decision-mismatch",
                    f"nummer {model.nummer} verschilt van het notanummer {nota.notanummer} van '{nota.id}'",
                    "laat 'nummer' weg of maak het gelijk aan de nota",
                )
            bw = nota_bw_datum(nota)
            if model.datum and bw and model.datum < bw:
                diagnostics.error(
                    source.pos(("datum",)), "date-order",
                    f"de raadsmededeling ({_fmt(model.datum)}) is gedateerd vóór het collegebesluit ({_fmt(bw)})",
                    "controleer beide datums",
                )


def _check_nota(nota: Nota, source, diagnostics: Diagnostics) -> None:
    decided = nota_bw_datum(nota)
    if decided is None:
        return
    for field in ("parafering", "agendering"):
        for i, regel in enumerate(getattr(nota, field)):
            if regel.datum and regel.datum > decided:
                diagnostics.error(
                    source.pos((field, i, "datum")), "date-order",
                    f"{field} op {_fmt(regel.datum)} ligt na het collegebesluit ({_fmt(decided)})",
                    "controleer beide datums",
                )
    if nota.definitief_akkoord and nota.definitief_akkoord > decided:
        diagnostics.error(
            source.pos(("definitief_akkoord",)), "date-order",
            f"definitief akkoord ({_fmt(nota.definitief_akkoord)}) ligt na het collegebesluit ({_fmt(decided)})",
            "controleer beide datums",
        )
    if nota.datum and nota.datum > decided:
        diagnostics.error(
            source.pos(("datum",)), "date-order",
            f"de nota ({_fmt(nota.datum)}) is gedateerd na het collegebesluit ({_fmt(decided)})",
            "controleer beide datums",
        )
