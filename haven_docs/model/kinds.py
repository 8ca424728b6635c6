"""Document kinds as data: what a kind is called, its heading fields, who decides, its label.

The standard Dutch kinds ship with the project in ``haven_docs/soorten.yaml`` (a register
file, loaded and validated like content); a content register may add kinds or relabel a
standard one with ``soorten:``. A new kind of document needs a content entry, not code.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from .base import Id, Strict

#: Navigation groups of kinds, with their titles on the site.
GROEPEN: dict[str, str] = {
    "beleid": "Beleid",
    "besluit": "Besluitstukken",
    "informatie": "Informatie",
    "afspraak": "Afspraken",
    "overig": "Overige documenten",
}

Groep = Literal["beleid", "besluit", "informatie", "afspraak", "overig"]


class Kopveld(Strict):
    """One heading field of a kind: the key a document fills in, and its printed label."""

    beschrijving: ClassVar[str] = "Een veld in de kop van een document van deze soort, in de gepubliceerde volgorde."

    sleutel: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", description="De sleutel onder 'kop:' van een document, bijv. nummer.")]
    label: str = Field(description="Zoals gepubliceerd, bijv. 'Portefeuillehouder'.")
    type: Literal["tekst", "datum", "persoon", "organisatie"] = Field(
        "tekst", description="datum: JJJJ-MM-DD (of JJJJ-MM, JJJJ); persoon en organisatie: een id uit het register."
    )


class Soort(Strict):
    """A document kind."""

    beschrijving: ClassVar[str] = (
        "Een soort document (informatienota, factsheet, ...): naam, kopvelden, wie besluit, hoe het heet in verwijzingen."
    )

    id: Id = Field(description="Wat 'soort:' van een document zegt, bijv. informatienota.")
    naam: str = Field(description="Naam van de soort, bijv. 'Informatienota'.")
    meervoud: str | None = Field(None, description="Meervoud, bijv. 'Informatienota's'.")
    groep: Groep = Field("overig", description="Waar de soort in de navigatie staat.")
    kopvelden: list[Kopveld] = Field(
        default_factory=list, description="De velden van de kop, in de volgorde waarin ze gepubliceerd worden."
    )
    besluit: str = Field(
        "geen",
        description="Wie besluit: geen (het document heeft geen besluit), college, raad of het id van een organisatie.",
    )
    label: str | None = Field(
        None,
        description=(
            "Hoe verwijzingen en lijsten het document noemen, bijv. '{naam} {nummer}: {onderwerp}'. "
            "Tussen { } staan naam, titel, onderwerp, nummer of een kopveld; een leeg veld valt weg. "
            "Standaard: de titel (of het onderwerp)."
        ),
    )


_PLACEHOLDER = re.compile(r"\s*\{([a-z0-9_]+)\}")


def label_fields(template: str) -> list[str]:
    """The names between braces in a label template."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template)]


def format_label(template: str | None, values: dict[str, str | None]) -> str:
    """A document's label from its kind's template; an empty field drops out with its space.

    ``"{naam} {nummer}: {onderwerp}"`` without a nummer reads ``"Informatienota: Onderwerp"``.
    A title that already starts with the kind's name is not named twice
    ("Collegebesluit 2024-137: Voorkeursscenario", not "...: Collegebesluit Voorkeursscenario").
    """
    if not template:
        template = "{titel}"
    naam = values.get("naam")
    if naam and "{naam}" in template:
        values = {key: without_prefix(text, naam) if key in ("titel", "onderwerp") else text
                  for key, text in values.items()}

    def value(match: re.Match) -> str:
        text = values.get(match.group(1))
        if not text:
            return ""
        return match.group(0)[: match.start(1) - 1 - match.start(0)] + text

    text = _PLACEHOLDER.sub(value, template).strip()
    text = re.sub(r"^[\s:;,–-]+|[\s:;,–-]+$", "", text)
    return text or (values.get("titel") or "")


def without_prefix(title: str | None, name: str) -> str | None:
    """``title`` without a leading ``name`` that a label already says ('Collegebesluit X' -> 'X')."""
    if title and title.casefold().startswith(name.casefold() + " ") and len(title) > len(name) + 1:
        rest = title[len(name) + 1:].lstrip()
        return rest[:1].upper() + rest[1:]
    return title
