"""Document bodies: sections, and the blocks a section holds (text, lists, tables)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import Discriminator, Field, Tag

from .base import Id, Markdown, Nummer, Ref, Strict, WooCode

# --- lists ---------------------------------------------------------------------

#: List kinds whose items are nodes of that kind (a list of leidende principes, ...).
ItemSoort = Literal[
    "opsomming", "uitgangspunt", "leidend-principe", "accent", "randvoorwaarde",
    "argument", "kanttekening", "besluitpunt",
]


class Item(Strict):
    """One item of a list, with the numbering as published."""

    beschrijving: ClassVar[str] = "Een onderdeel van een lijst, met het nummer zoals gepubliceerd."
    kind: ClassVar[str] = "lijstitem"  # replaced by the list's soort when indexed

    id: Id | None = None
    nummer: Nummer | None = Field(None, description="Nummer of letter zoals gepubliceerd (1, 2, a, b).")
    titel: str | None = Field(None, description="Korte titel, in de bron vaak cursief of vet.")
    tekst: Markdown | None = None
    ref: Ref() | None = Field(
        None, description="Dit onderdeel noemt iets uit een register of document; de titel komt dan daarvandaan."
    )
    vermelding: str | None = Field(
        None, description="Tekst die in de bron na de genoemde titel staat, bijv. '(raadsbesluit 2025-648)'."
    )
    items: list[Item] = Field(default_factory=list, description="Onderdelen van dit onderdeel (a, b, c).")


class Lijst(Strict):
    """A numbered or bulleted list; its ``soort`` gives its items a kind."""

    beschrijving: ClassVar[str] = "Een genummerde of ongenummerde lijst; 'soort' zegt wat de onderdelen zijn (bijv. leidend-principe)."
    kind: ClassVar[str] = "lijst"

    id: Id | None = None
    soort: ItemSoort = Field("opsomming", description="Wat de onderdelen zijn; bepaalt naar welk soort je kunt verwijzen.")
    inleiding: Markdown | None = Field(None, description="Zin vóór de lijst.")
    items: list[Item] = Field(min_length=1)


class Actielijn(Strict):
    """What the municipality does or proposes to do under a pijler."""

    beschrijving: ClassVar[str] = "Wat de gemeente al doet of extra wil doen binnen een pijler."
    kind: ClassVar[str] = "actielijn"

    id: Id
    nummer: Nummer | None = None
    tekst: Markdown
    uitgangspunten: list[Ref("uitgangspunt")] = Field(
        default_factory=list, description="Uitgangspunten (van dezelfde pijler) die deze actielijn uitvoert."
    )
    organisaties: list[Ref("organisatie")] = Field(default_factory=list, description="Betrokken organisaties.")


class Actielijnen(Strict):
    """The actielijnen of one pijler: what is already done, or the proposed extra inzet."""

    beschrijving: ClassVar[str] = "De actielijnen van één pijler: 'Wat doen we al?' (lopend) of 'Voorstel voor extra inzet'."
    kind: ClassVar[str] = "lijst"

    id: Id | None = None
    pijler: Ref("pijler")
    categorie: Literal["lopend", "extra-inzet"] = Field(
        description="lopend = 'Wat doen we al?'; extra-inzet = 'Voorstel voor extra inzet'."
    )
    items: list[Actielijn] = Field(min_length=1)


# --- tables --------------------------------------------------------------------

Kolomsoort = Literal["tekst", "bedrag", "aantal", "percentage", "code"]

#: Texts that number cells may hold as published (besides estimates such as "100?", "ca. 300").
#: "-" counts as zero, "" is an empty cell, the others are unknown values.
NIET_GETALLEN = ("-", "", "PM", "p.m.", "P.M.", "n.n.b.", "?")


class Kolom(Strict):
    beschrijving: ClassVar[str] = "Een kolom van een tabel."

    sleutel: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", description="Korte naam waarmee rijen de cel vullen.")]
    titel: Markdown = Field(description="Kolomkop zoals gepubliceerd; een voetnoot met [[voetnoot-id]].")
    soort: Kolomsoort = Field("tekst", description="bedrag, aantal en percentage worden opgeteld.")
    eenheid: str | None = Field(
        None,
        description=(
            "Eenheid zoals gepubliceerd als het geen hele euro's zijn, bijv. '(x € 1 mln)' of 'personen'; "
            "staat onder de kolomkop. Een bedrag-kolom met een eenheid toont de getallen zonder €."
        ),
    )
    decimalen: Annotated[int, Field(ge=0, le=4)] | None = Field(
        None, description="Toon precies zoveel cijfers achter de komma (15.70 met decimalen: 2 wordt 15,70)."
    )


Getal = Annotated[
    int | Annotated[float, Field(allow_inf_nan=False)],
    Field(description="Getal; decimalen met een punt (98.5 wordt getoond als 98,5)."),
]


class CelWaarde(Strict):
    """A cell that needs more than a number: shown as published, an estimate, a footnote."""

    beschrijving: ClassVar[str] = (
        "Een cel met meer dan een getal: wat telt (waarde), wat er staat (tekst), een schatting of een voetnoot."
    )

    waarde: Getal | None = Field(None, description="Het getal dat meetelt in de totalen.")
    tekst: Markdown | None = Field(
        None, description="Wat er in de bron staat als dat niet het getal zelf is, bijv. '83 (str)' of 'PM'."
    )
    schatting: bool = Field(False, description="In de bron gemarkeerd (gearceerd) als schatting.")
    voetnoot: Ref("voetnoot") | None = Field(None, description="Voetnootteken achter de cel.")


Cel = Annotated[
    int | Annotated[float, Field(allow_inf_nan=False)] | str | CelWaarde,
    Field(
        description=(
            "Getal (bedragen in hele euro's, zonder punten; decimalen met een punt), of tekst zoals gepubliceerd. "
            "In getalkolommen mag ook: '-', leeg, 'PM', 'n.n.b.', '?' (onbekend) en schattingen als "
            "'100?', '+/- 650', 'ca. 300'; of een object {waarde, tekst, schatting, voetnoot}."
        )
    ),
]


class Rij(Strict):
    beschrijving: ClassVar[str] = "Een regel van een tabel: per kolomsleutel een cel."

    kind: ClassVar[str] = "rij"  # the table's rijsoort when indexed

    id: Id | None = None
    cellen: dict[str, Cel]
    niet_optellen: bool = Field(False, description="Deze regel staat in de tabel maar telt niet mee in de totalen.")
    actielijn: Ref("actielijn") | None = Field(None, description="De actielijn waar deze begrotingsregel bij hoort.")
    organisaties: list[Ref("organisatie")] = Field(default_factory=list)


class Totaal(Strict):
    """A total as published. It is checked against the sum of the rows."""

    beschrijving: ClassVar[str] = "Een totaal zoals gepubliceerd; de build telt de regels op en vergelijkt."
    titel: Markdown = "Totaal"
    waarden: dict[str, Cel] = Field(
        default_factory=dict,
        description="Gepubliceerd totaal per kolom: een getal, of tekst zoals gepubliceerd ('PM', 'n.n.b.').",
    )
    uitsplitsing: dict[str, int] = Field(
        default_factory=dict,
        description="Gepubliceerd totaal per code in de code-kolom, bijv. {S: 520000, I: 620000}.",
    )
    over: list[str] = Field(
        default_factory=list,
        description=(
            "Alleen bij 'totalen': de titels van de groepen die dit totaal optelt. "
            "Leeg = alle groepen (behalve die met niet_optellen)."
        ),
    )
    afwijking: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Alleen invullen als het gepubliceerde totaal in een kolom afwijkt van de som van de rijen: "
            "per kolomsleutel (of code van de uitsplitsing) een korte uitleg. "
            "De site en pdf tonen het gepubliceerde bedrag, gemarkeerd, met wat de regels optellen."
        ),
    )


class Groep(Strict):
    beschrijving: ClassVar[str] = "Een groep regels in een tabel (bijv. Inkomsten, Uitgaven), met een eigen subtotaal."

    titel: Markdown | None = None
    rijen: list[Rij] = Field(min_length=1)
    totaal: Totaal | None = None
    niet_optellen: bool = Field(
        False,
        description=(
            "De regels van deze groep tellen niet mee in de totalen van de tabel. Staat de groep na de laatste "
            "groep die wel meetelt, dan komt ze onder de totalen (bijv. een leenfaciliteit onder 'Totaal begroting')."
        ),
    )


class Tabel(Strict):
    beschrijving: ClassVar[str] = "Een tabel met kolommen, groepen en totalen; getallen worden door de build opgeteld."

    kind: ClassVar[str] = "tabel"

    id: Id
    titel: Markdown | None = Field(
        None, description="Het bijschrift boven de tabel zoals gepubliceerd; weglaten als de bron er geen heeft."
    )
    eenheid: str | None = Field(
        None, description="Eenheid van de hele tabel zoals gepubliceerd, bijv. '(in miljoenen)'; staat achter de titel."
    )
    kolommen: list[Kolom] = Field(min_length=1)
    rijsoort: Literal["rij", "begrotingsregel", "programma"] = "rij"
    groepen: list[Groep] = Field(min_length=1)
    totaal: Totaal | None = Field(None, description="Eindtotaal van alle groepen, zoals gepubliceerd.")
    totalen: list[Totaal] = Field(
        default_factory=list,
        description="Meer totaalregels onder de groepen, elk met 'over' (welke groepen). Gebruik 'totaal' of 'totalen'.",
    )
    basis: Getal | None = Field(None, description="Bij percentages: het bedrag waarvan de percentages een deel zijn.")
    legenda: Markdown | None = Field(None, description="Uitleg van markeringen zoals gepubliceerd, bijv. 'Geel gearceerd zijn schattingen'.")
    grafiek: Literal["geen", "taart", "staaf"] = Field("geen", description="Toon de tabel ook als grafiek.")
    bijschrift: Markdown | None = None
    bron: Markdown | None = None

    def alle_totalen(self) -> list[Totaal]:
        """The table's own total rows, in order ('totaal' is the one-total form of 'totalen')."""
        return [self.totaal] if self.totaal is not None else list(self.totalen)


# --- blocks --------------------------------------------------------------------


class TekstBlok(Strict):
    beschrijving: ClassVar[str] = "Tekst in Markdown."

    tekst: Markdown


class KopBlok(Strict):
    """An unnumbered heading inside a section ("Wat doen we al?")."""

    beschrijving: ClassVar[str] = "Een tussenkop zonder nummer, bijv. 'Wat doen we al?'."
    kop: str


class LijstBlok(Strict):
    beschrijving: ClassVar[str] = "Een lijst."

    lijst: Lijst


class ActielijnenBlok(Strict):
    beschrijving: ClassVar[str] = "De actielijnen van een pijler."

    actielijnen: Actielijnen


class TabelBlok(Strict):
    beschrijving: ClassVar[str] = "Een tabel."

    tabel: Tabel


class CitaatBlok(Strict):
    beschrijving: ClassVar[str] = "Een citaat, met de bron waar het vandaan komt."

    citaat: Markdown
    bron: Ref() | None = Field(None, description="Waar het citaat vandaan komt.")


class OpnemenBlok(Strict):
    """Shows a node from elsewhere (a pijler's uitgangspunten, a list) instead of copying it."""

    beschrijving: ClassVar[str] = "Toont een onderdeel van elders (bijv. de uitgangspunten van een pijler) in plaats van het te kopiëren."
    opnemen: Ref("pijler", "lijst", "sectie", "tabel", "lijstitem", "uitgangspunt", "leidend-principe",
                 "accent", "randvoorwaarde")
    weergave: Literal["volledig", "titels"] = Field(
        "volledig", description="titels = alleen nummer en titel van de onderdelen."
    )


class Stap(Strict):
    """A step in the route of decisions."""

    beschrijving: ClassVar[str] = "Een stap in de route van besluiten."
    besluit: Ref("besluit")
    omschrijving: str | None = None


class RouteBlok(Strict):
    """The route of decisions at its place in a chapter, as the source shows it there."""

    beschrijving: ClassVar[str] = (
        "De route van besluiten op de plek in een hoofdstuk waar het origineel haar toont; elke stap een "
        "besluit uit het register."
    )
    route: list[Stap] = Field(min_length=1, description="De besluiten, in de volgorde van het origineel.")


class LakBlok(Strict):
    """Blocks withheld under the Wet open overheid: the public build shows a box with the code."""

    beschrijving: ClassVar[str] = (
        "Blokken die op grond van de Woo worden weggelakt: de openbare versie toont op hun plaats "
        "een vak met de code van de grond."
    )
    lakken: WooCode
    inhoud: list[Blok] = Field(min_length=1, description="De blokken die worden weggelakt.")


_BLOCK_KEYS = {
    "tekst": "tekst", "kop": "kop", "lijst": "lijst", "actielijnen": "actielijnen",
    "tabel": "tabel", "citaat": "citaat", "opnemen": "opnemen", "lakken": "lakken", "route": "route",
}


def _block_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in value:
            if key in _BLOCK_KEYS:
                return _BLOCK_KEYS[key]
        return None
    if isinstance(value, Strict):
        return next(k for k, cls in BLOCK_TYPES.items() if isinstance(value, cls))
    return None


BLOCK_TYPES: dict[str, type[Strict]] = {
    "tekst": TekstBlok, "kop": KopBlok, "lijst": LijstBlok, "actielijnen": ActielijnenBlok,
    "tabel": TabelBlok, "citaat": CitaatBlok, "opnemen": OpnemenBlok, "lakken": LakBlok, "route": RouteBlok,
}

Blok = Annotated[
    Union[tuple(Annotated[cls, Tag(tag)] for tag, cls in BLOCK_TYPES.items())],  # type: ignore[misc]
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="onbekend soort blok",
        custom_error_context={"keys": ", ".join(BLOCK_TYPES)},
    ),
]


class Sectie(Strict):
    """A chapter, section or bijlage: numbered as published, with blocks and subsections."""

    beschrijving: ClassVar[str] = "Een hoofdstuk, paragraaf of bijlage, genummerd zoals gepubliceerd."
    kind: ClassVar[str] = "sectie"

    id: Id | None = None
    nummer: Nummer | None = None
    titel: str
    lakken: WooCode | None = Field(
        None, description="Het hele onderdeel (titel en inhoud) wordt op deze Woo-grond weggelakt; het nummer blijft staan."
    )
    inhoud: list[Blok] = Field(default_factory=list)
    secties: list[Sectie] = Field(default_factory=list)


class Voetnoot(Strict):
    beschrijving: ClassVar[str] = "Een voetnoot; verwijs ernaar in de tekst met [[id]]."

    kind: ClassVar[str] = "voetnoot"

    id: Id
    nummer: Nummer | None = Field(None, description="Nummer zoals gepubliceerd; leeg = volgorde in het document.")
    tekst: Markdown


LakBlok.model_rebuild()
