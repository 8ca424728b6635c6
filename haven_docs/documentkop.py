"""The heading of a generic document: its kind's heading fields, in order, as far as it has them.

Shared by the site page and the print page, so both show the same fields in the same
order and leave out the same absent ones (no "nog niet bekend" for what the source lacks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .model.documents import Stuk

#: Heading fields that show a field of the document itself rather than a value under ``kop:``,
#: with the type they always have.
DOCUMENT_FIELDS = {"onderwerp": "tekst", "uitgever": "organisatie"}


@dataclass(frozen=True)
class KopRegel:
    label: str
    type: str  # tekst, datum, persoon, organisatie
    value: dt.date | str


def heading_fields(index: Any, node: Any) -> list[KopRegel]:
    """The heading rows of a generic document (``index``: the index or a recording view of it)."""
    model = node.model
    if not isinstance(model, Stuk):
        return []
    soort = index.soort(model.soort)
    rows = []
    for veld in soort.kopvelden if soort is not None else []:
        if veld.sleutel in DOCUMENT_FIELDS:
            value, type_ = getattr(model, veld.sleutel), DOCUMENT_FIELDS[veld.sleutel]
        else:
            value, type_ = model.kop.get(veld.sleutel), veld.type
        if value is not None and value != "":
            rows.append(KopRegel(veld.label, type_, value))
    return rows
