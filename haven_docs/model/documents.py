"""The document kinds: policy documents and the decision documents around them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator

from .base import Datum, Id, Markdown, Nummer, Ref, RefTo, Strict, WooCode, _number_as_text
from .blocks import Item, Sectie, Stap, Voetnoot
from .kinds import Soort
from ..nummering import Voetnootstijl

VOETNOOTSTIJL_BESCHRIJVING = (
    "Hoe de voetnoten zijn gepubliceerd: cijfers (standaard: een cijfer in de tekst, de noot onderaan "
    "de bladzijde) of haken ('[1]' in de tekst, de noten als eindnoten '[1] ...' aan het eind van het document)."
)

POLICY_REFS = ("visie", "beleidskader", "uitvoeringsprogramma")


class Bijlage(Strict):
    """An attachment of a document: a document in content/, or only its title as published."""

    beschrijving: ClassVar[str] = (
        "Een bijlage bij een document, met het nummer of de letter zoals gepubliceerd: "
        "een document in content/ (dat zelf weer bijlagen kan hebben), of alleen de titel."
    )
    kind: ClassVar[str] = "bijlage"

    id: Id | None = None
    nummer: Nummer | None = Field(None, description="Nummer of letter zoals gepubliceerd: 'A' voor 'Bijlage A', '1'.")
    titel: str | None = Field(
        None, description="Titel of bestandsnaam zoals vermeld; mag weg als 'document' is ingevuld."
    )
    document: Ref("document") | None = Field(None, description="Het document in content/ als de bijlage daar staat.")
    vindplaats: Markdown | None = Field(None, description="Waar het origineel te vinden is, als het niet in content/ staat.")
    lakken: WooCode | None = Field(
        None, description="De hele bijlage wordt op deze Woo-grond weggelakt: alleen haar nummer en de code blijven staan."
    )


class Ondertekenaar(Strict):
    beschrijving: ClassVar[str] = "Een ondertekenaar: functie zoals gepubliceerd en de persoon uit het register."

    functie: str = Field(description="Zoals gepubliceerd: 'de secretaris', 'de burgemeester', 'de griffier'.")
    persoon: Ref("persoon") | None = Field(None, description="De persoon uit het register; leeg als de naam niet bekend is.")
    naam: str | None = Field(None, description="De naam zoals gepubliceerd, als de persoon niet in het register staat.")
    lakken: WooCode | None = Field(
        None, description="Deze ondertekenaar (functie en naam) wordt op deze Woo-grond weggelakt."
    )


class Partij(Strict):
    beschrijving: ClassVar[str] = "Een partij die ondertekent, bijv. 'Namens het kabinet', met haar ondertekenaars."

    namens: str | None = Field(None, description="Zoals gepubliceerd, bijv. 'Namens het kabinet'.")
    organisatie: Ref("organisatie") | None = Field(None, description="De organisatie die ondertekent.")
    ondertekenaars: list[Ondertekenaar] = Field(min_length=1)


class Ondertekening(Strict):
    beschrijving: ClassVar[str] = (
        "Het ondertekeningsblok: ondertekenaars, of partijen met elk hun ondertekenaars, "
        "en de regel met plaats en datum zoals gepubliceerd."
    )

    aanhef: str | None = Field(None, description="Zoals gepubliceerd, bijv. 'Burgemeester en wethouders van de gemeente ...,'.")
    plaats_datum: str | None = Field(None, description="Zoals gepubliceerd, ook als het een invulregel is: 'Den Haag, DATUM'.")
    ondertekenaars: list[Ondertekenaar] = Field(default_factory=list)
    partijen: list[Partij] = Field(
        default_factory=list, description="Bij meer ondertekenende partijen ('Namens het kabinet', 'Namens de VNG')."
    )


# --- policy documents -------------------------------------------------------------


class Uitgangspunt(Strict):
    beschrijving: ClassVar[str] = "Een uitgangspunt van een pijler."

    kind: ClassVar[str] = "uitgangspunt"

    id: Id
    nummer: Nummer | None = None
    tekst: Markdown


class Pijler(Strict):
    beschrijving: ClassVar[str] = "Een pijler van de visie, met zijn uitgangspunten."

    kind: ClassVar[str] = "pijler"

    id: Id
    nummer: Nummer
    titel: str
    tekst: Markdown | None = None
    uitgangspunten: list[Uitgangspunt] = Field(default_factory=list)


# --- publication conditions (issue 17) -------------------------------------------

Moment = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"),
    Field(description="Datum en tijd in Nederlandse tijd als JJJJ-MM-DDTUU:MM, bijv. 2024-11-01T10:00."),
]


class Openbaarheid(Strict):
    """When a document may be published: an embargo, or held for another body's decision."""

    beschrijving: ClassVar[str] = (
        "Wanneer het document openbaar wordt. Zonder dit veld is het openbaar. Met 'embargo' blijft het "
        "tot dat moment uit de openbare site en de pdf's, en verschijnt het bij de eerste build daarna "
        "vanzelf. Met 'aangehouden_tot_besluit_van' blijft het eruit tot u 'vrijgegeven' invult."
    )

    embargo: Moment | None = Field(
        None, description="Openbaar vanaf dit moment (Nederlandse tijd), bijv. 2024-11-01T10:00 voor '1 november 10 uur'."
    )
    aangehouden_tot_besluit_van: Ref("organisatie") | None = Field(
        None, description="Het orgaan (id uit de organisaties) op wiens besluit de openbaarmaking wacht."
    )
    toelichting: str | None = Field(
        None, description="De voorwaarde zoals de bron haar noemt; de interne uitgave toont haar."
    )
    vrijgegeven: dt.date | bool | None = Field(
        None,
        description=(
            "Vrijgegeven: de datum waarop het document openbaar is gemaakt, of true als die datum niet "
            "bekend is. Eén regel: de volgende build publiceert het."
        ),
    )


class Beleidsdocument(Strict):
    """Fields shared by the visie, the beleidskader and the uitvoeringsprogramma."""

    id: Id
    titel: str
    ondertitel: str | None = None
    datum: Datum | None = Field(None, description="Datum of maand van publicatie.")
    vastgesteld_bij: Ref("besluit") | None = Field(None, description="Het besluit waarmee het document is vastgesteld.")
    openbaarheid: Openbaarheid | None = None
    samenvatting: Markdown | None = None
    route: list[Stap] = Field(
        default_factory=list,
        description="De route van besluiten waar dit document uit volgt; staat de route op een plek in de tekst, "
                    "gebruik dan het blok 'route:' in dat hoofdstuk.",
    )
    hoofdstukken: list[Sectie] = Field(default_factory=list)
    bijlagen: list[Sectie] = Field(default_factory=list)
    voetnoten: list[Voetnoot] = Field(default_factory=list)
    voetnootstijl: Voetnootstijl = Field("cijfers", description=VOETNOOTSTIJL_BESCHRIJVING)


class Visie(Beleidsdocument):
    beschrijving: ClassVar[str] = "De visie van de raad: ambitie, pijlers en uitgangspunten."

    kind: ClassVar[str] = "visie"
    soort: Literal["visie"]
    ambitie: Markdown | None = None
    pijlers: list[Pijler] = Field(default_factory=list)
    moties: list[Ref("motie", "amendement")] = Field(
        default_factory=list, description="Moties en amendementen die bij de vaststelling zijn aangenomen."
    )
    bron: Markdown | None = Field(None, description="Waar de tekst van dit document vandaan komt.")


class Beleidskader(Beleidsdocument):
    beschrijving: ClassVar[str] = "Een beleidskader: hoofdstukken, uitgangspunten, principes, financieel kader."

    kind: ClassVar[str] = "beleidskader"
    soort: Literal["beleidskader"]


class Uitvoeringsprogramma(Beleidsdocument):
    beschrijving: ClassVar[str] = "Een uitvoeringsprogramma: per pijler wat we al doen en de extra inzet, met de begroting."

    kind: ClassVar[str] = "uitvoeringsprogramma"
    soort: Literal["uitvoeringsprogramma"]
    visie: Ref("visie") | None = Field(None, description="De visie die dit programma uitvoert.")


# --- decision documents ---------------------------------------------------------


class Datumregel(Strict):
    beschrijving: ClassVar[str] = "Een datum met een rol (parafering, agendering)."

    datum: dt.date | None = None
    rol: str


class Besluit(Strict):
    beschrijving: ClassVar[str] = "De besluitpunten van een nota."

    punten: list[Item] = Field(default_factory=list, description="Genummerde besluitpunten.")
    openbaarmaking: str | None = Field(None, description="Bijv. 'De nota en het besluit openbaar te maken'.")


class Beslisdocument(Strict):
    """Fields shared by nota, raadsvoorstel, raadsbesluit and raadsmededeling."""

    id: Id
    onderwerp: str | None = Field(
        None, description="Het onderwerp zoals gepubliceerd ('Onderwerp:'); weglaten als de bron er geen heeft."
    )
    betreft: Ref(*POLICY_REFS) | None = Field(None, description="Het beleidsdocument waar dit stuk over gaat.")
    team: str | None = None
    openbaarheid: Openbaarheid | None = None
    secties: list[Sectie] = Field(default_factory=list, description="De vaste onderdelen, in volgorde.")
    voetnoten: list[Voetnoot] = Field(default_factory=list)
    voetnootstijl: Voetnootstijl = Field("cijfers", description=VOETNOOTSTIJL_BESCHRIJVING)


class Nota(Beslisdocument):
    """Nota voor Burgemeester en Wethouders."""

    beschrijving: ClassVar[str] = "Nota voor Burgemeester en Wethouders."
    kind: ClassVar[str] = "nota"
    soort: Literal["nota"]
    notanummer: str | None = None
    datum: dt.date | None = None
    bestuursorgaan: str | None = Field(None, description="Bijv. 'B-en-W'.")
    vergaderdatum: dt.date | None = Field(None, description="Datum van de collegevergadering.")
    programma: str | None = None
    portefeuillehouder: Ref("persoon") | None = None
    bijlagen: list[Bijlage] = Field(default_factory=list)
    parafering: list[Datumregel] = Field(default_factory=list)
    agendering: list[Datumregel] = Field(default_factory=list)
    definitief_akkoord: dt.date | None = None
    besluit_datum: dt.date | None = Field(None, description="'B & W d.d.': datum van het collegebesluit.")
    besluit: Besluit | None = Field(None, description="Leeg bij een nota zonder besluit.")


class Raadsvoorstel(Beslisdocument):
    beschrijving: ClassVar[str] = "Raadsvoorstel; voorstelnummer en datum komen uit de nota."

    kind: ClassVar[str] = "raadsvoorstel"
    soort: Literal["raadsvoorstel"]
    nota: Ref("nota") = Field(description="De nota voor B&W; voorstelnummer en datum komen daarvandaan.")
    portefeuillehouder: Ref("persoon") | None = None
    voorstelnummer: str | None = Field(None, description="Leeg laten: komt uit de nota. Ingevuld moet het gelijk zijn.")
    datum_bw_besluit: dt.date | None = Field(None, description="Leeg laten: komt uit de nota. Ingevuld moet het gelijk zijn.")
    voorstel: Markdown = Field(description="Wat de raad wordt voorgesteld.")
    ondertekening: Ondertekening


Uitkomst = Literal[
    "vastgesteld", "aangenomen", "geamendeerd", "ingestemd", "overeengekomen", "besloten", "verworpen", "aangehouden",
    "ingetrokken",
]


class Raadsbesluit(Beslisdocument):
    beschrijving: ClassVar[str] = "Raadsbesluit; 'gelezen het voorstel van B en W' komt uit het raadsvoorstel."

    kind: ClassVar[str] = "raadsbesluit"
    soort: Literal["raadsbesluit"]
    raadsvoorstel: Ref("raadsvoorstel")
    besluitnummer: str | None = None
    raadstafel: dt.date | None = None
    raadsvergadering: dt.date | None = Field(
        None, description="Leeg tot de raad heeft besloten; ingevuld is het besluit genomen (zie de schrijfwijzer)."
    )
    uitkomst: Uitkomst | None = Field(None, description="Met 'raadsvergadering': wat de raad besloot (standaard vastgesteld).")
    besluit: list[Item] = Field(min_length=1, description="Wat de raad besluit (één of meer punten).")
    ondertekening: Ondertekening


class Raadsmededeling(Beslisdocument):
    beschrijving: ClassVar[str] = "Raadsmededeling: informeert de raad, zonder besluit."

    kind: ClassVar[str] = "raadsmededeling"
    soort: Literal["raadsmededeling"]
    nota: Ref("nota") | None = None
    nummer: str | None = None
    datum: dt.date | None = None
    portefeuillehouder: Ref("persoon") | None = None
    ondertekening: Ondertekening | None = None


# --- documents of any other kind ---------------------------------------------------

KopWaarde = Annotated[
    dt.date | str,
    BeforeValidator(_number_as_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
    Field(description="Zoals gepubliceerd; een datum als JJJJ-MM-DD, een persoon of organisatie met haar id."),
]


class Stuk(Strict):
    """A document of any kind without a model of its own: its kind (data) gives its heading fields."""

    beschrijving: ClassVar[str] = (
        "Een document van een soort zonder eigen model (informatienota, factsheet, uitvoeringsplan, "
        "bestuurlijke afspraken, ...): 'soort' is het id van een soort uit 'soorten'."
    )
    kind: ClassVar[str] = "stuk"  # replaced by the document's soort when indexed

    soort: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] = Field(
        description="Het id van een soort document, bijv. informatienota (zie 'soorten')."
    )
    id: Id
    titel: str | None = Field(None, description="De titel zoals gepubliceerd; weglaten als de bron er geen heeft.")
    ondertitel: str | None = None
    onderwerp: str | None = Field(None, description="Het onderwerp zoals gepubliceerd, als de bron er een noemt.")
    openbaarheid: Openbaarheid | None = None
    uitgever: Ref("organisatie") | None = Field(
        None, description="Wie het document uitgeeft: een college, raad, regionaal orgaan, ministerie, de VNG."
    )
    kop: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")], KopWaarde] = Field(
        default_factory=dict,
        description="De kopvelden van de soort met hun waarde zoals gepubliceerd; wat de bron niet heeft, laat u weg.",
    )
    deelnemers: list[Ref("organisatie")] = Field(
        default_factory=list, description="Regionale documenten: de deelnemende gemeenten."
    )
    penvoerder: Ref("organisatie") | None = Field(None, description="De penvoerende gemeente, als de bron die noemt.")
    verdeelsleutel: str | None = Field(None, description="Hoe de kosten worden verdeeld, zoals gepubliceerd.")
    betreft: Ref("document") | None = Field(None, description="Het document waar dit stuk over gaat.")
    samenvatting: Markdown | None = None
    inleiding: Markdown | None = None
    besluit: Besluit | None = Field(None, description="Alleen bij een soort die een besluit heeft.")
    secties: list[Sectie] = Field(default_factory=list, description="De onderdelen, in volgorde.")
    bijlagen: list[Bijlage] = Field(default_factory=list, description="De bijlagen, met hun nummer of letter.")
    ondertekening: Ondertekening | None = None
    voetnoten: list[Voetnoot] = Field(default_factory=list)
    voetnootstijl: Voetnootstijl = Field("cijfers", description=VOETNOOTSTIJL_BESCHRIJVING)
    bron: Markdown | None = Field(None, description="Waar de tekst van dit document vandaan komt.")


# --- registries -------------------------------------------------------------------


class Organisatie(Strict):
    beschrijving: ClassVar[str] = "Een organisatie."

    kind: ClassVar[str] = "organisatie"
    id: Id
    naam: str
    afkorting: str | None = None
    soort: Literal[
        "gemeente", "college", "raad", "regio", "bestuursorgaan", "rijk", "ministerie", "koepel",
        "uitvoeringsorganisatie", "overig",
    ] | None = Field(None, description="Wat voor organisatie: gemeente, college, raad, regio, bestuursorgaan, rijk, ministerie, koepel, uitvoeringsorganisatie of overig.")
    onderdeel_van: Ref("organisatie") | None = Field(
        None, description="De organisatie waar deze deel van is, bijv. het Algemeen Bestuur van een veiligheidsregio."
    )
    omschrijving: Markdown | None = None


class Wet(Strict):
    """A law, regulation, directive or policy framework named under 'Kader'."""

    beschrijving: ClassVar[str] = "Een wet, richtlijn of beleidskader dat onder 'Kader' wordt genoemd."
    kind: ClassVar[str] = "wet"
    id: Id
    titel: str
    soort: Literal["wet", "verordening", "richtlijn", "beleid", "programma", "nota"] = Field(
        "wet", description="verordening: ook een EU-verordening."
    )
    jaar: int | None = None
    omschrijving: Markdown | None = None


#: Who decides or meets: the raad or the college of the municipality of this site, or any organisatie
#: of a register (a regional body, the Veiligheidsberaad, a college of another municipality, ...).
Orgaan = Annotated[
    str,
    RefTo(("organisatie",), keywords=("raad", "college")),
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    WithJsonSchema({"anyOf": [{"enum": ["raad", "college"]},
                              {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}]}),
    Field(description="raad of college (van deze gemeente), of het id van een organisatie, bijv. het "
                      "Algemeen Bestuur van een veiligheidsregio of het Veiligheidsberaad."),
]

#: The kind of a registered decision when ``soort`` is left out, by who took it.
BESLUIT_SOORT = {"raad": "raadsbesluit", "college": "collegebesluit"}


class Besluitregistratie(Strict):
    """A decision of the council, the college or any other body (an organisatie)."""

    beschrijving: ClassVar[str] = (
        "Een besluit van de raad, het college of een ander orgaan (een organisatie uit een register)."
    )
    kind: ClassVar[str] = "besluit"
    id: Id
    titel: str
    orgaan: Orgaan | Annotated[list[Orgaan], Field(min_length=2)] = Field(
        description="Wie besloot: raad, college of het id van een organisatie; bij een afspraak tussen "
                    "partijen (uitkomst overeengekomen) de lijst van partijen."
    )
    soort: Literal["raadsbesluit", "collegebesluit", "raadsmededeling", "besluit"] | None = Field(
        None, description="Standaard: raadsbesluit (orgaan raad), collegebesluit (orgaan college), anders besluit."
    )
    nummer: str | None = None
    datum: Datum | None = None
    uitkomst: Uitkomst | None = Field(None, description="Wat er besloten is (standaard vastgesteld).")
    document: Ref("document") | None = Field(
        None, description="Het document in content/ waar dit besluit over gaat (met vastgesteld of ingestemd: dat het vaststelt)."
    )
    omschrijving: Markdown | None = None

    @model_validator(mode="after")
    def _default_soort(self) -> "Besluitregistratie":
        if self.soort is None:
            self.soort = BESLUIT_SOORT.get(self.orgaan, "besluit") if isinstance(self.orgaan, str) else "besluit"
        return self


class Vergadering(Strict):
    """A meeting where a document was on the agenda or a decision was taken."""

    beschrijving: ClassVar[str] = (
        "Een vergadering: raadsvergadering, raadstafel, commissie, werksessie, collegevergadering, "
        "of de vergadering van een ander orgaan (soort vergadering)."
    )
    kind: ClassVar[str] = "vergadering"
    id: Id
    soort: Literal["raadsvergadering", "raadstafel", "commissie", "werksessie", "collegevergadering", "vergadering"]
    orgaan: Orgaan
    datum: dt.date
    agendapunt: str | None = Field(None, description="Het agendapunt zoals gepubliceerd.")
    stukken: list[Ref("document", "besluit")] = Field(
        default_factory=list, description="Wat er op de agenda stond of besloten werd: documenten en besluiten (ids)."
    )
    omschrijving: Markdown | None = None


class Stemming(Strict):
    beschrijving: ClassVar[str] = "De uitslag van een stemming zoals gepubliceerd."

    voor: int
    tegen: int


MotieStatus = Literal["aangenomen", "verworpen", "ingetrokken", "afgedaan"]


class Motie(Strict):
    beschrijving: ClassVar[str] = "Een motie of amendement."

    kind: ClassVar[str] = "motie"
    id: Id
    soort: Literal["motie", "amendement"]
    titel: str
    datum: dt.date | None = None
    nummer: str | None = None
    bij: Ref("besluit", "raadsbesluit") | None = Field(None, description="Het raadsbesluit waarbij de motie is ingediend.")
    voorstel: Ref("raadsvoorstel") | None = Field(None, description="Het raadsvoorstel waar de motie of het amendement over gaat.")
    indieners: list[str] = Field(default_factory=list, description="Indieners zoals gepubliceerd (naam en fractie).")
    stemming: Stemming | None = Field(None, description="Stemmen voor en tegen, alleen als de bron ze geeft.")
    status: MotieStatus | list[MotieStatus] | None = Field(
        None, description="Eén status, of meer in volgorde: [aangenomen, afgedaan]."
    )
    afgedaan_met: Ref(*POLICY_REFS) | None = None
    tekst: Markdown | None = None


class Persoon(Strict):
    beschrijving: ClassVar[str] = "Een persoon in een ondertekening of als portefeuillehouder."

    kind: ClassVar[str] = "persoon"
    id: Id
    naam: str | None = Field(None, description="Naam zoals gepubliceerd, bijv. 'R.C. König'.")
    functie: str = Field(description="Bijv. 'burgemeester', 'wethouder', 'griffier'.")


class Afkorting(Strict):
    beschrijving: ClassVar[str] = "Een afkorting en wat die betekent; de site toont de betekenis bij aanwijzen."

    afkorting: str
    betekenis: str


class WooGrond(Strict):
    """A ground for withholding under the Wet open overheid, with the code a document shows for it."""

    beschrijving: ClassVar[str] = (
        "Een grond om informatie op grond van de Woo niet openbaar te maken, met de code die "
        "documenten ervoor tonen. Neem met 'standaard' een grond uit de standaardlijst over onder "
        "een eigen code, of geef zelf 'artikel' en 'grond'."
    )
    code: WooCode = Field(description="De code zoals documenten hem tonen: '5.1.2e', of een eigen letter ('E').")
    standaard: WooCode | None = Field(
        None, description="De standaardgrond (bijv. 5.1.2e) waarvan artikel en omschrijving worden overgenomen."
    )
    artikel: str | None = Field(None, description="Het artikel, bijv. 'art. 5.1 lid 2 sub e Woo'.")
    grond: str | None = Field(None, description="Het belang, bijv. 'eerbiediging van de persoonlijke levenssfeer'.")


class Register(Strict):
    """Shared registries: one file may hold several lists."""

    beschrijving: ClassVar[str] = "Gedeelde registers: organisaties, wetten, besluiten, moties, vergaderingen, personen, afkortingen, soorten documenten."
    soort: Literal["register"]
    organisaties: list[Organisatie] = Field(default_factory=list)
    wetten: list[Wet] = Field(default_factory=list)
    besluiten: list[Besluitregistratie] = Field(default_factory=list)
    moties: list[Motie] = Field(default_factory=list)
    vergaderingen: list[Vergadering] = Field(default_factory=list)
    personen: list[Persoon] = Field(default_factory=list)
    afkortingen: list[Afkorting] = Field(default_factory=list)
    soorten: list[Soort] = Field(
        default_factory=list, description="Soorten documenten naast de standaardsoorten (of een standaardsoort anders genoemd)."
    )
    woo_gronden: list[WooGrond] = Field(
        default_factory=list,
        description=(
            "De Woo-gronden met de codes die deze gemeente gebruikt. Leeg: de standaardlijst "
            "(codes als 5.1.2e). Staat hier iets, dan gelden alleen deze codes."
        ),
    )


# --- settings -----------------------------------------------------------------------


class SiteInstellingen(Strict):
    beschrijving: ClassVar[str] = "Naam en beschrijving van de site."

    titel: str = Field(description="De naam van de site, bovenaan elke pagina.")
    omschrijving: str | None = Field(None, description="Eén zin over de site (voor zoekmachines).")
    copyright: str | None = Field(None, description="De regel onderaan elke pagina, bijv. 'Gemeente ...'.")


class Huisstijl(Strict):
    beschrijving: ClassVar[str] = "De huisstijl: kleur (en logo) van de site en de pdf's."

    kleur: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None,
        description=(
            "De huiskleur als #rrggbb. De build kiest zelf tekst die goed leesbaar is op die kleur, "
            "en een donkerder tint voor links en koppen als de kleur te licht is."
        ),
    )
    logo: str | None = Field(
        None,
        description=(
            "Het logo: een afbeelding in content/assets/ (svg, png, jpg of webp), geschreven als "
            "assets/logo.svg. Staat bovenaan elke pagina van de site en op de eerste pagina van de pdf's "
            "van de gemeente zelf."
        ),
    )


class Instellingen(Strict):
    """Settings of the whole site: which municipality publishes it, its name and house style."""

    beschrijving: ClassVar[str] = "Instellingen van de site: de gemeente, de naam van de site en de huisstijl."
    soort: Literal["instellingen"]
    gemeente: str = Field(description="De naam van de gemeente die deze documenten publiceert, zonder 'gemeente' ervoor.")
    site: SiteInstellingen
    huisstijl: Huisstijl | None = None
    dubbelzijdig: bool = Field(
        False,
        description=(
            "Pdf's voor dubbelzijdig afdrukken: gespiegelde marges (de bindrand binnen). Standaard (false) "
            "enkelzijdig: de bindrand links op elke pagina, voor perforeren aan de linkerkant."
        ),
    )


#: The model of a content file, by its ``soort``.
FILE_MODELS: dict[str, type[Strict]] = {
    "visie": Visie,
    "beleidskader": Beleidskader,
    "uitvoeringsprogramma": Uitvoeringsprogramma,
    "nota": Nota,
    "raadsvoorstel": Raadsvoorstel,
    "raadsbesluit": Raadsbesluit,
    "raadsmededeling": Raadsmededeling,
    "register": Register,
    "instellingen": Instellingen,
}

#: The model of a document whose soort has no model of its own.
GENERIC_MODEL = Stuk

Document = Visie | Beleidskader | Uitvoeringsprogramma | Nota | Raadsvoorstel | Raadsbesluit | Raadsmededeling | Stuk
