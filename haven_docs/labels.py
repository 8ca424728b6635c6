"""How documents are named in links, lists and page titles: their kind's label, from the kinds data.

``"{naam} {nummer}: {onderwerp}"`` with the document's values: 'Raadsbesluit 2024-468:
Beleidskader Inburgering'. A raadsvoorstel's number comes from its nota, so labels are
made once the whole corpus is indexed; each document node keeps its label (and its short
form, for the navigation) so a renderer reads it through the index.
"""

from __future__ import annotations

import re
from typing import Any

from . import formatting
from .checks.decisions import besluit_gegevens, voorstel_gegevens
from .index import Index, Node
from .lifecycle import orgaan_naam, taken
from .model import Nota, Raadsbesluit, Raadsmededeling, Raadsvoorstel, Stuk
from .model.kinds import Soort, format_label, label_fields


def document_number(index: Any, model: Any) -> str | None:
    """A decision document's number as published, or as it follows from its nota."""
    if isinstance(model, Nota):
        return model.notanummer
    if isinstance(model, Raadsvoorstel):
        return voorstel_gegevens(index, model).nummer
    if isinstance(model, Raadsbesluit):
        return model.besluitnummer  # never the voorstelnummer (see haven_docs.lifecycle)
    if isinstance(model, Raadsmededeling):
        if model.nummer:
            return model.nummer
        nota = index.get(model.nota) if model.nota else None
        return nota.model.notanummer if nota is not None and isinstance(nota.model, Nota) else None
    if isinstance(model, Stuk) and "nummer" in model.kop:
        return str(model.kop["nummer"])
    return None


def label_values(index: Any, node: Node, soort: Soort | None) -> dict[str, str | None]:
    model = node.model
    titel = getattr(model, "titel", None)
    onderwerp = getattr(model, "onderwerp", None)
    values: dict[str, str | None] = {
        "naam": soort.naam if soort else None,
        "titel": titel or onderwerp,
        "onderwerp": onderwerp or titel,
        "nummer": document_number(index, model),
    }
    if isinstance(model, Stuk):
        types = {veld.sleutel: veld.type for veld in soort.kopvelden} if soort else {}
        for key, value in model.kop.items():
            if types.get(key, "tekst") == "datum":
                values[key] = formatting.datum(value)
            elif types.get(key, "tekst") == "tekst":
                values[key] = str(value)
    return values


def short_template(template: str) -> str:
    """The label up to the title: 'Nota {nummer}: {onderwerp}' -> 'Nota {nummer}'."""
    cut = min((m.start() for m in re.finditer(r"\{(titel|onderwerp)\}", template)), default=len(template))
    return template[:cut]


def ontwerp_labels(index: Index, node: Node, template: str | None, values: dict[str, str | None]) -> tuple[str, str]:
    """A raadsbesluit not yet taken: 'Ontwerp-raadsbesluit: Beleidskader Inburgering (voorstel 2024-468)'.

    It has no besluitnummer; the voorstelnummer names it as the voorstel's, never as its own."""
    values = {**values, "nummer": None}
    voorstel = besluit_gegevens(index, node.model).nummer
    suffix = f" (voorstel {voorstel})" if voorstel else ""

    def ontwerp(label: str) -> str:
        return f"Ontwerp-{label[:1].lower()}{label[1:]}{suffix}"

    label = format_label(template, values)
    short = format_label(short_template(template), values) if template else ""
    return ontwerp(label), ontwerp(short) if short else ontwerp(label)


def untitled(model: Any) -> bool:
    """Whether a document has neither a title nor a subject in its source (the model allows it)."""
    return not getattr(model, "titel", None) and not getattr(model, "onderwerp", None)


def _own_title(node: Node) -> str | None:
    return getattr(node.model, "titel", None) or getattr(node.model, "onderwerp", None)


def related_title(index: Index, node: Node, seen: set[str] | None = None) -> str | None:
    """The published title an untitled document goes with: what it is about (``betreft``), else its
    first titled bijlage (nearest level first), else what its nota or raadsvoorstel goes with.

    Two cover notes without a title are then 'Nota bij Regionaal Transitieplan IJsselland' and
    'Nota bij Voorstel Overdracht Programma Vluchtelingen 2024 en verder': only published titles
    and the relations the content states are used. None when there is none."""
    seen = seen if seen is not None else {node.id}
    betreft = index.get(getattr(node.model, "betreft", None) or "")
    if betreft is not None and _own_title(betreft):
        return _own_title(betreft)
    queue = [node]
    while queue:
        current = queue.pop(0)
        for bijlage in getattr(current.model, "bijlagen", []):
            target = index.get(getattr(bijlage, "document", None) or "")
            if target is None or target.id in seen:
                continue
            seen.add(target.id)
            if _own_title(target):
                return _own_title(target)
            queue.append(target)
    for field in ("nota", "raadsvoorstel"):
        target = index.get(getattr(node.model, field, None) or "")
        if target is not None and target.id not in seen:
            seen.add(target.id)
            return _own_title(target) or related_title(index, target, seen)
    return None


def set_labels(index: Index) -> None:
    """Give every document node its label and short label from its kind (see :func:`name_untitled`)."""
    for node in index.documents():
        soort = index.soort(node.kind)
        template = soort.label if soort is not None else None
        if template is None and not isinstance(node.model, Stuk):
            continue  # a policy document is named by its title
        values = label_values(index, node, soort)
        if isinstance(node.model, Raadsbesluit) and not taken(node.model):
            node.document_label, node.short_label = ontwerp_labels(index, node, template, values)
            continue
        label = format_label(template, values) or (soort.naam if soort is not None else node.kind)
        short = format_label(short_template(template), values) if template else ""
        node.document_label, node.short_label = label, short or label
    name_untitled(index)
    set_body_labels(index)


def set_body_labels(index: Index) -> None:
    """Decisions and meetings of a body other than the raad and the college say whose they are:
    'Besluit Veiligheidsberaad: Transitieplan CNO', 'Vergadering Veiligheidsberaad 14 november 2022'
    (``model.orgaan in (...)`` is False for a list of parties, so their agreement is labelled too)."""
    for node in index.of_kind("besluit"):
        model = node.model
        if model.orgaan in ("raad", "college") or model.soort != "besluit":
            continue  # 'Raadsbesluit 2025-648: ...' (index.Node.label)
        nummer = f" {model.nummer}" if model.nummer else ""
        # An agreement between parties names them short: 'Afspraak VNG, Veiligheidsberaad, IPO en Rijk: ...'.
        wat, wie = ("Besluit", orgaan_naam(index, model.orgaan)) if isinstance(model.orgaan, str) else (
            "Afspraak", orgaan_naam(index, model.orgaan, kort=True))
        node.document_label = f"{wat} {wie}{nummer}: {node.title.rstrip(' .;,')}"
    for node in index.of_kind("vergadering"):
        model = node.model
        if model.orgaan not in ("raad", "college"):
            naam = model.soort.capitalize() if model.soort != "vergadering" else "Vergadering"
            node.document_label = f"{naam} {orgaan_naam(index, model.orgaan)} {formatting.datum(model.datum)}"


def name_untitled(index: Index) -> None:
    """Documents without a title or subject: named by their label ('Raadsmededeling'); where two
    or more have the same label, each is told apart by the title it goes with ('Nota bij ...')."""
    nodes = [node for node in index.documents() if node.document_label and untitled(node.model)]
    counts: dict[str, int] = {}
    for node in index.documents():
        if node.document_label:
            counts[node.document_label] = counts.get(node.document_label, 0) + 1
    for node in nodes:
        if counts[node.document_label] > 1:
            related = related_title(index, node)
            if related:
                node.document_label = f"{node.document_label} bij {related}"
        node.title = node.document_label
