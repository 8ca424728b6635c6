"""Document kinds as data: the kinds register itself, and each document against its kind.

A generic document (:class:`~haven_docs.model.documents.Stuk`) is validated per file
without knowing its kind; here, with the whole corpus indexed, its heading fields are
checked against the kind's ``kopvelden`` (keys and types), a decision against whether the
kind has one, and person and organisation values are resolved like references.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ..diagnostics import Diagnostics
from ..documentkop import DOCUMENT_FIELDS
from ..index import Backlink, Index, PathKey
from ..model import PART_KINDS, KIND_LABELS
from ..model.documents import Bijlage, Ondertekening, Stuk
from ..model.kinds import label_fields
from ..validate import ContentFile

_PERIODE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


def check_kinds(index: Index, diagnostics: Diagnostics) -> None:
    _check_register(index, diagnostics)
    for content in index.files:
        document = content.model
        if isinstance(document, Stuk):
            _check_document(index, content, document, (), diagnostics)
        # Bijlagen and the signature stand at the top of a document (nota, raadsvoorstel, ... or Stuk).
        parts = [(bijlage, ("bijlagen", i)) for i, bijlage in enumerate(getattr(document, "bijlagen", []))]
        if getattr(document, "ondertekening", None) is not None:
            parts.append((document.ondertekening, ("ondertekening",)))
        for model, path in parts:
            if isinstance(model, Bijlage) and not model.titel and not model.document:
                diagnostics.error(content.source.pos(path), "missing-field",
                                  "een bijlage heeft een 'titel' of een 'document' nodig",
                                  "zet de titel zoals gepubliceerd bij 'titel:', of het id van het document bij 'document:'")
            elif isinstance(model, Ondertekening) and not model.ondertekenaars and not model.partijen:
                diagnostics.error(content.source.pos(path), "missing-field",
                                  "de ondertekening noemt geen ondertekenaars",
                                  "voeg 'ondertekenaars:' toe, of 'partijen:' met elk hun ondertekenaars")


def _check_register(index: Index, diagnostics: Diagnostics) -> None:
    for soort_id, places in index.soort_sources.items():
        for content, path in places[1:]:
            first, first_path = places[0]
            diagnostics.error(content.source.pos(path + ("id",)), "duplicate-id",
                              f"soort '{soort_id}' staat al in {first.source.path}:{first.source.pos(first_path).line}",
                              "geef elke soort één plaats; met hetzelfde id als een standaardsoort vervangt u die")
        for content, path in places:
            _check_kind(index, content, path, diagnostics)


def _check_kind(index: Index, content: ContentFile, path: PathKey, diagnostics: Diagnostics) -> None:
    soort = content.model.soorten[path[1]]
    soort_id = soort.id
    if soort_id in PART_KINDS:
        diagnostics.error(content.source.pos(path + ("id",)), "invalid-id",
                          f"'{soort_id}' is al de naam van een onderdeel ({KIND_LABELS.get(soort_id, soort_id)}), geen soort document",
                          "kies een ander id voor de soort")
    keys = [veld.sleutel for veld in soort.kopvelden]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            diagnostics.error(content.source.pos(path + ("kopvelden", i, "sleutel")), "invalid-value",
                              f"kopveld '{key}' staat twee keer in soort '{soort_id}'", "noem elk kopveld één keer")
    if soort.label:
        allowed = {"naam", "titel", "onderwerp", "nummer", *keys}
        for name in label_fields(soort.label):
            if name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), n=1)
                diagnostics.error(content.source.pos(path + ("label",)), "invalid-value",
                                  f"'{{{name}}}' in het label is geen veld van soort '{soort_id}'",
                                  f"bedoelde u '{{{close[0]}}}'?" if close else
                                  "gebruik {naam}, {titel}, {onderwerp} of een kopveld, bijv. {nummer}")
    if soort.besluit not in ("geen", "college", "raad"):
        node = index.get(soort.besluit)
        if node is None or node.kind != "organisatie":
            diagnostics.error(content.source.pos(path + ("besluit",)), "unknown-ref",
                              f"'{soort.besluit}' is geen organisatie (wie besluit over een {soort.naam.lower()})",
                              "schrijf geen, college, raad of het id van een organisatie uit het register")


def _check_document(index: Index, content: ContentFile, doc: Stuk, path: PathKey, diagnostics: Diagnostics) -> None:
    source = content.source
    soort = index.soort(doc.soort)
    if soort is None:  # only reachable through a parse cache that outlived the kind
        close = difflib.get_close_matches(doc.soort, sorted(index.soorten), n=1)
        diagnostics.error(source.pos(path + ("soort",)), "invalid-value", f"onbekende soort '{doc.soort}'",
                          f"bedoelde u '{close[0]}'?" if close else "voeg de soort toe onder 'soorten:' in een register")
        return
    if doc.besluit is not None and soort.besluit == "geen":
        diagnostics.error(source.pos(path + ("besluit",), key=True), "invalid-value",
                          f"een {soort.naam.lower()} heeft geen besluit (soort '{soort.id}')",
                          "laat 'besluit:' weg, of kies een soort met een besluit")
    types = {veld.sleutel: veld.type for veld in soort.kopvelden}
    fields = [key for key in types if key not in DOCUMENT_FIELDS]
    for key, value in doc.kop.items():
        at = path + ("kop", key)
        if key in DOCUMENT_FIELDS:
            diagnostics.error(source.pos(at, key=True), "unknown-field",
                              f"'{key}' hoort niet onder 'kop:' maar bij het document zelf",
                              f"zet '{key}:' op het niveau van 'soort:' en 'id:'")
            continue
        if key not in types:
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
            if close:
                hint = f"bedoelde u '{close[0]}'?"
            elif fields:
                hint = f"een {soort.naam.lower()} heeft als kopvelden: {', '.join(fields)}"
            else:
                hint = f"een {soort.naam.lower()} heeft geen kopvelden; voeg ze toe aan soort '{soort.id}'"
            diagnostics.error(source.pos(at, key=True), "unknown-field",
                              f"'{key}' is geen kopveld van een {soort.naam.lower()}", hint)
            continue
        _check_value(index, content, doc, at, types[key], value, diagnostics)


def _check_value(index: Index, content: ContentFile, doc: Stuk, at: PathKey, type_: str, value: object,
                 diagnostics: Diagnostics) -> None:
    source = content.source
    if type_ == "datum":
        if not isinstance(value, dt.date) and not (isinstance(value, str) and _PERIODE.match(value)):
            diagnostics.error(source.pos(at), "wrong-type", f"verwacht een datum, maar kreeg '{value}'",
                              "schrijf 2024-06-04, een maand als 2024-05 of een jaar (2025)")
        return
    if type_ == "tekst":
        return
    wanted = type_  # persoon or organisatie: an id from the register
    node = index.get(value) if isinstance(value, str) else None
    if node is None or node.kind != wanted:
        close = difflib.get_close_matches(str(value), [n.id for n in index.of_kind(wanted)], n=1)
        code = "unknown-ref" if node is None else "wrong-ref-kind"
        diagnostics.error(source.pos(at), code, f"'{value}' is geen {wanted} uit het register",
                          f"bedoelde u '{close[0]}'?" if close else f"schrijf het id van een {wanted}")
        return
    index.add_backlink(node.id, Backlink(source=doc.id, document=doc.id, path=at, file=content))
