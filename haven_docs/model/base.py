"""Building blocks of the content model: strict models, ids, references, dates.

Field names are the YAML keys a writer types (Dutch, snake_case). Every model
forbids unknown fields and coerces nothing: ``NO`` is not text and ``"12"`` is
not a number. Descriptions are in Dutch because editors show them to writers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

#: Every kind of thing that has an id, and so can be referred to.
Kind = Literal[
    # documents
    "visie", "beleidskader", "uitvoeringsprogramma",
    "nota", "raadsvoorstel", "raadsbesluit", "raadsmededeling",
    # parts of documents
    "sectie", "bijlage", "lijst", "lijstitem", "tabel", "rij", "voetnoot",
    "pijler", "uitgangspunt", "leidend-principe", "accent", "randvoorwaarde",
    "actielijn", "begrotingsregel", "programma", "argument", "kanttekening", "besluitpunt",
    # registries
    "organisatie", "wet", "besluit", "motie", "amendement", "persoon", "afkorting", "vergadering",
]

#: Kinds of nodes that are not document kinds: a document kind may not take one of these ids.
PART_KINDS = (
    "sectie", "bijlage", "lijst", "lijstitem", "tabel", "rij", "voetnoot", "pijler", "uitgangspunt",
    "leidend-principe", "accent", "randvoorwaarde", "actielijn", "begrotingsregel", "programma", "argument",
    "kanttekening", "besluitpunt", "organisatie", "wet", "besluit", "motie", "amendement", "persoon",
    "afkorting", "vergadering", "document", "register", "instellingen",
)

POLICY_KINDS = ("visie", "beleidskader", "uitvoeringsprogramma")
DECISION_KINDS = ("nota", "raadsvoorstel", "raadsbesluit", "raadsmededeling")
DOCUMENT_KINDS = POLICY_KINDS + DECISION_KINDS

#: Dutch names of kinds, for messages and labels.
KIND_LABELS: dict[str, str] = {
    "visie": "visie", "beleidskader": "beleidskader", "uitvoeringsprogramma": "uitvoeringsprogramma",
    "nota": "nota", "raadsvoorstel": "raadsvoorstel", "raadsbesluit": "raadsbesluit",
    "raadsmededeling": "raadsmededeling", "sectie": "hoofdstuk", "bijlage": "bijlage",
    "lijst": "lijst", "lijstitem": "onderdeel", "tabel": "tabel", "rij": "tabelregel",
    "voetnoot": "voetnoot", "pijler": "pijler", "uitgangspunt": "uitgangspunt",
    "leidend-principe": "leidend principe", "accent": "accent", "randvoorwaarde": "randvoorwaarde",
    "actielijn": "actielijn", "begrotingsregel": "begrotingsregel", "programma": "programma",
    "argument": "argument", "kanttekening": "kanttekening", "besluitpunt": "besluitpunt",
    "organisatie": "organisatie", "wet": "wet of kader", "besluit": "besluit", "motie": "motie",
    "amendement": "amendement", "persoon": "persoon", "afkorting": "afkorting",
    "vergadering": "vergadering", "document": "document",
}


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_default=False)

    #: Kind of node this model is when it has an id (``None``: never indexed).
    kind: ClassVar[str | None] = None
    #: Dutch description for editors (the JSON Schema); docstrings stay English.
    beschrijving: ClassVar[str | None] = None


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Vaste, unieke naam: kleine letters, cijfers en '-' (bijv. pijler-humane-opvang)."),
]


def _number_as_text(value: Any) -> Any:
    # "nummer: 3" is what a writer types; numbering stays text ("2a", "III").
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Nummer = Annotated[
    str,
    BeforeValidator(_number_as_text),
    # The editor accepts what the build accepts: "nummer: 3" is read as the text "3".
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
    Field(description="Nummer zoals gepubliceerd: 1, 2a, 5.1, III, b. Wordt nooit hernummerd."),
]

@dataclass(frozen=True)
class Prose:
    """Marks a text field as Markdown prose that may hold [[id]] references."""


Markdown = Annotated[
    str,
    Prose(),
    Field(
        description=(
            "Tekst in Markdown. Verwijs naar iets met [[id]], bijvoorbeeld [[pijler-humane-opvang]]. "
            "HTML wordt als gewone tekst getoond."
        )
    ),
]


WooCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", max_length=20),
    Field(description=(
        "De code van een Woo-grond waarop dit deel wordt weggelakt, bijv. '5.1.2e' "
        "(of de letter die de gemeente ervoor gebruikt; zie 'woo_gronden' in een register)."
    )),
]


@dataclass(frozen=True)
class RefTo:
    """Marks a field as a reference to nodes of the given kinds (empty: any kind).

    ``keywords`` are values the field also takes that are not ids (``raad``, ``college``)."""

    kinds: tuple[str, ...]
    keywords: tuple[str, ...] = ()


def Ref(*kinds: str):
    """A reference by id to a node of one of ``kinds``."""
    wanted = ", ".join(kinds) if kinds else "iets met een id"
    return Annotated[
        str,
        RefTo(tuple(kinds)),
        StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        Field(description=f"Id van een {wanted}."),
    ]


def _year_or_month(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    return value


Periode = Annotated[
    str,
    BeforeValidator(_year_or_month),
    StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$"),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$"},
                              {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
    Field(description="Jaar (2025) of jaar en maand (2024-05) als een precieze datum niet bekend is."),
]

#: A date, or only a year or month where that is all the source says.
Datum = dt.date | Periode


def datum_is_on(value: dt.date | str | None, day: dt.date) -> bool:
    """Whether a full or partial date (only a month or year) is, or contains, that day."""
    if value is None:
        return False
    return value == day if isinstance(value, dt.date) else day.isoformat().startswith(value)


def datum_sort_key(value: dt.date | str | None) -> tuple[int, int, int] | None:
    """Comparable (year, month, day) for a full or partial date; None if unknown."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    parts = [int(p) for p in value.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 0, 0)
