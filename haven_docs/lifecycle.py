"""The lifecycle of each decision, derived in one place.

A decision is either a raadsbesluit document in content/ or an entry of a
``besluiten:`` register, taken by the raad, the college or any other body (an
organisatie: a regional body, the Veiligheidsberaad, ...). Its lifecycle runs concept -> voorgelegd (by the
college, at a raadstafel) -> besluit (vastgesteld, aangenomen, geamendeerd,
verworpen, aangehouden or ingetrokken) with date, body and besluitnummer.

Everything that says whether or when a decision was taken reads it here: the
"Vastgesteld bij" of a policy document (site and PDF cover), the decision's own
page and PDF (an ONTWERP marking while it is not taken), the decisions
register, the start page's route of decisions and what changed, and the open
data. A writer records that the raad took a besluit with one edit in one place:
``raadsvergadering:`` (and ``besluitnummer:`` once known) on the raadsbesluit; a
decision of any other body is one register entry (``orgaan:``, ``datum:``, and
``document:`` for the document it concerns, which then shows it).

The voorstelnummer (the number of the college's proposal) is never shown as a
besluitnummer: a raadsbesluit without ``besluitnummer`` has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from .checks.decisions import besluit_gegevens, voorstel_gegevens
from .model import Raadsbesluit, Raadsvoorstel, datum_is_on, datum_sort_key
from .model.blocks import RouteBlok, Stap

#: Outcomes that adopt the document a decision concerns.
ADOPTING = ("vastgesteld", "aangenomen", "geamendeerd", "ingestemd", "overeengekomen")

#: The label of a document's row naming the decision that adopted it, by outcome (default: 'Vastgesteld bij').
VASTSTELLING_LABELS = {"ingestemd": "Instemming", "overeengekomen": "Overeengekomen"}

#: Kinds of meetings and the step a proposal takes there.
MEETING_STEPS = {
    "collegevergadering": "Behandeld in de collegevergadering",
    "raadstafel": "Besproken aan de raadstafel",
    "commissie": "Besproken in de commissie",
    "werksessie": "Besproken in een werksessie",
    "raadsvergadering": "Geagendeerd in de raadsvergadering",
    "vergadering": "Besproken in de vergadering",
}

#: Who decides, as a reader names them.
ORGAAN_NAMEN = {"raad": "de gemeenteraad", "college": "het college van burgemeester en wethouders"}


@dataclass(frozen=True)
class Stap:
    """One step of a lifecycle."""

    fase: str  # concept | voorgelegd | besluit
    orgaan: str | tuple[str, ...]  # raad | college | an organisatie id | the parties to an agreement
    datum: dt.date | str | None
    omschrijving: str  # Dutch, for a reader: "Voorgelegd aan de raad door het college"
    uitkomst: str | None = None  # with fase besluit
    vergadering: str | None = None  # the meeting (``vergaderingen:``) where it happened, if registered


@dataclass(frozen=True)
class Levensloop:
    """One decision: where it stands and where it came from."""

    id: str  # the raadsbesluit document or the register entry
    soort: str  # raadsbesluit | collegebesluit | raadsmededeling
    titel: str
    orgaan: str | tuple[str, ...]  # who decides: raad, college, an organisatie id, or the parties to an agreement
    fase: str  # concept | voorgelegd | besluit
    uitkomst: str | None  # with fase besluit: vastgesteld, aangenomen, ...
    datum: dt.date | str | None  # the date the decision was taken
    besluitnummer: str | None
    voorstelnummer: str | None
    voorstel: str | None  # the raadsvoorstel document it decides on
    betreft: str | None  # the (policy) document it concerns
    bron: str  # the content file it comes from
    stappen: tuple[Stap, ...] = field(default_factory=tuple)
    orgaan_naam: str = ""  # who decides, as a sentence names them: 'de raad', 'Veiligheidsberaad'

    @property
    def genomen(self) -> bool:
        return self.fase == "besluit"

    @property
    def ontwerp(self) -> bool:
        return not self.genomen

    @property
    def stelt_vast(self) -> bool:
        return self.genomen and self.uitkomst in ADOPTING

    @property
    def status(self) -> str:
        """One word for lists and open data: 'ontwerp' or the outcome."""
        return self.uitkomst if self.genomen and self.uitkomst else "ontwerp"

    @property
    def laatste(self) -> Stap | None:
        return self.stappen[-1] if self.stappen else None


def organen(orgaan: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The bodies of a decision: one, or the parties to an agreement."""
    return (orgaan,) if isinstance(orgaan, str) else tuple(orgaan)


def orgaan_naam(index: Any, orgaan: str | tuple[str, ...] | list[str], kort: bool = False) -> str:
    """Who decides, as a sentence names them: 'de raad', 'het college', the organisatie's name, or
    'A, B en C' for the parties to an agreement (``kort``: their abbreviations where they have one)."""
    names = []
    for one in organen(orgaan):
        if one in ("raad", "college"):
            names.append({"raad": "de raad", "college": "het college"}[one])
            continue
        node = index.get(one)
        model = node.model if node is not None else None
        names.append((kort and getattr(model, "afkorting", None)) or (node.title if node is not None else one))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def status_tekst(levensloop: Levensloop, datum_fmt=None) -> str:
    """'Ontwerp: voorgelegd aan de raad door het college op 4 juni 2024' / 'Vastgesteld door de raad op ...'."""
    from .formatting import datum

    fmt = datum_fmt or datum
    stap = levensloop.laatste
    if levensloop.genomen:
        text = f"{(levensloop.uitkomst or 'vastgesteld').capitalize()} door {levensloop.orgaan_naam or levensloop.orgaan}"
        return text + (f" op {fmt(levensloop.datum)}" if isinstance(levensloop.datum, dt.date) else
                       f" in {fmt(levensloop.datum)}" if levensloop.datum else "")
    if stap is None:
        return "Ontwerp"
    text = f"Ontwerp, {stap.omschrijving[:1].lower()}{stap.omschrijving[1:]}"
    return text + (f" op {fmt(stap.datum)}" if isinstance(stap.datum, dt.date) else "")


def taken(model: Raadsbesluit) -> bool:
    """The one rule: a raadsbesluit is taken once its raadsvergadering is filled in."""
    return model.raadsvergadering is not None


def of_raadsbesluit(index: Any, node: Any) -> Levensloop:
    model: Raadsbesluit = node.model
    gegevens = besluit_gegevens(index, model)
    meetings = {soort: [] for soort in MEETING_STEPS}
    for meeting_id in meetings_of(index, model.raadsvoorstel) + meetings_of(index, node.id):
        meeting = index.get(meeting_id).model
        meetings[meeting.soort].append((meeting.datum, meeting_id))

    def at(soort: str, when: dt.date | None) -> str | None:  # the registered meeting of that kind on that date
        return next((i for d, i in meetings[soort] if d == when), None)

    stappen: list[Stap] = []
    if gegevens.datum_bw:
        stappen.append(Stap("voorgelegd", "college", gegevens.datum_bw, "Voorgelegd aan de raad door het college",
                            vergadering=at("collegevergadering", gegevens.datum_bw)))
    if model.raadstafel:
        stappen.append(Stap("voorgelegd", "raad", model.raadstafel, "Besproken aan de raadstafel",
                            vergadering=at("raadstafel", model.raadstafel)))
    for soort in ("raadstafel", "commissie", "werksessie"):  # registered meetings the raadsbesluit lacks
        for when, meeting_id in meetings[soort]:
            if not any(s.vergadering == meeting_id for s in stappen):
                stappen.append(Stap("voorgelegd", "raad", when, MEETING_STEPS[soort], vergadering=meeting_id))
    uitkomst = None
    if taken(model):
        uitkomst = model.uitkomst or "vastgesteld"
        stappen.append(Stap("besluit", "raad", model.raadsvergadering,
                            f"{uitkomst.capitalize()} in de raadsvergadering", uitkomst,
                            vergadering=at("raadsvergadering", model.raadsvergadering)))
    stappen.sort(key=lambda s: (s.fase == "besluit", s.datum or dt.date.max))
    fase = stappen[-1].fase if stappen else "concept"
    return Levensloop(
        id=node.id, soort="raadsbesluit", titel=model.onderwerp or node.title, orgaan="raad", fase=fase, uitkomst=uitkomst,
        datum=model.raadsvergadering, besluitnummer=model.besluitnummer, voorstelnummer=gegevens.nummer,
        voorstel=model.raadsvoorstel, betreft=_betreft(index, node), bron=_bron(node),
        stappen=tuple(stappen), orgaan_naam=orgaan_naam(index, "raad"),
    )


def of_registered(index: Any, node: Any) -> Levensloop:
    """A decision in a ``besluiten:`` register (of the raad, the college or any body): taken, on its date."""
    model = node.model
    uitkomst = getattr(model, "uitkomst", None) or "vastgesteld"
    # The meeting that took it: one that lists it on its date (an earlier one only discussed it;
    # checks.consistency.check_meetings reports a deciding meeting on another date).
    meeting = next((i for i in meetings_of(index, node.id) if datum_is_on(model.datum, index.get(i).model.datum)), None)
    naam = orgaan_naam(index, model.orgaan)
    orgaan = model.orgaan if isinstance(model.orgaan, str) else tuple(model.orgaan)
    stappen = (Stap("besluit", orgaan, model.datum, f"{uitkomst.capitalize()} door {naam}",
                    uitkomst, vergadering=meeting),)
    return Levensloop(
        id=node.id, soort=model.soort, titel=model.titel, orgaan=orgaan, fase="besluit", uitkomst=uitkomst,
        datum=model.datum, besluitnummer=model.nummer, voorstelnummer=None, voorstel=None,
        betreft=model.document, bron=_bron(node), stappen=stappen, orgaan_naam=naam,
    )


def _bron(node: Any) -> str:
    """The content file a decision comes from, as a writer sees it ('documenten/x.yaml'), never a machine path."""
    parts = PurePath(node.file.source.path).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in ("documenten", "registers"):
            return "/".join(parts[i:])
    return parts[-1]


def _betreft(index: Any, node: Any) -> str | None:
    from .site.plan import decision_betreft

    return decision_betreft(index, node)


def levensloop(index: Any, node_id: str) -> Levensloop | None:
    """The lifecycle of a decision (a raadsbesluit document or a register entry); None for anything else."""
    node = index.get(node_id)
    if node is None:
        return None
    if isinstance(node.model, Raadsbesluit):
        return of_raadsbesluit(index, node)
    if node.kind == "besluit":
        return of_registered(index, node)
    return None


def all_decisions(index: Any) -> list[Levensloop]:
    """Every decision of the corpus, on date (taken ones by their date, ontwerpen by their last step)."""
    found = [of_raadsbesluit(index, n) for n in index.documents() if isinstance(n.model, Raadsbesluit)]
    found += [of_registered(index, n) for n in index.of_kind("besluit")]
    return sorted(found, key=sort_key)


def sort_key(levensloop: Levensloop) -> tuple:
    stap = levensloop.laatste
    when = levensloop.datum if levensloop.genomen else (stap.datum if stap else None)
    return (datum_sort_key(when) or (9999, 0, 0), levensloop.titel, levensloop.id)


def decisions_about(index: Any, doc_id: str) -> list[Levensloop]:
    """The raadsbesluiten in content/ that concern ``doc_id``, found through references to it."""
    seen: set[str] = set()
    result: list[Levensloop] = []
    queue = [doc_id]
    while queue:
        target = queue.pop()
        for link in index.backlinks.get(target, []):
            source = link.document
            if source is None or source in seen:
                continue
            seen.add(source)
            node = index.get(source)
            if node is None:
                continue
            if isinstance(node.model, Raadsvoorstel) and node.model.betreft == doc_id:
                queue.append(source)  # its raadsbesluit refers to the voorstel
            elif isinstance(node.model, Raadsbesluit):
                found = of_raadsbesluit(index, node)
                if found.betreft == doc_id:
                    result.append(found)
    return sorted(result, key=sort_key)


@dataclass(frozen=True)
class Vaststelling:
    """How a policy document stands: the decision that adopted it, or the ontwerpen it awaits."""

    besluit: Levensloop | None
    ontwerpen: tuple[Levensloop, ...]


def vaststelling_label(vs: Vaststelling) -> str:
    """The label of the row that names the adopting decision: 'Vastgesteld bij', or 'Instemming'
    when a body agreed to the document (uitkomst ingestemd), 'Overeengekomen' for an agreement."""
    return VASTSTELLING_LABELS.get(vs.besluit.uitkomst if vs.besluit is not None else "", "Vastgesteld bij")


def registered_about(index: Any, doc_id: str) -> list[Levensloop]:
    """The register decisions (of any body) whose ``document:`` is ``doc_id``, on date."""
    found = {link.source for link in index.backlinks.get(doc_id, [])}
    nodes = [index.get(i) for i in sorted(found)]
    return sorted((of_registered(index, n) for n in nodes
                   if n is not None and n.kind == "besluit" and n.model.document == doc_id), key=sort_key)


def vaststelling(index: Any, doc_id: str) -> Vaststelling:
    """'Vastgesteld bij' of a document: its ``vastgesteld_bij`` register entry, else the latest
    register decision (of any body) on it that adopts it, else a taken raadsbesluit in content/
    that adopts it; ontwerpen that concern it are 'in behandeling'."""
    node = index.get(doc_id)
    about = decisions_about(index, doc_id)
    besluit = None
    ref = getattr(node.model, "vastgesteld_bij", None) if node is not None else None
    if ref:
        besluit = levensloop(index, ref)
    if besluit is None:
        besluit = next((d for d in reversed(registered_about(index, doc_id)) if d.stelt_vast), None)
    if besluit is None:
        besluit = next((d for d in about if d.stelt_vast), None)
    return Vaststelling(besluit, tuple(d for d in about if d.ontwerp))


def voorstel_levensloop(index: Any, voorstel_id: str) -> Levensloop | None:
    """The decision on a raadsvoorstel: its raadsbesluit in content/, else the latest register
    decision whose ``document:`` is the voorstel; None if there is neither."""
    for link in index.backlinks.get(voorstel_id, []):
        node = index.get(link.document) if link.document else None
        if node is not None and isinstance(node.model, Raadsbesluit) and node.model.raadsvoorstel == voorstel_id:
            return of_raadsbesluit(index, node)
    registered = registered_about(index, voorstel_id)
    return registered[-1] if registered else None


def is_ontwerp(index: Any, node: Any) -> bool:
    """Whether a document is a draft, marked ONTWERP on its page and on every page of its PDF:
    a raadsbesluit not yet taken, or a raadsvoorstel on which no decision has been taken
    (no raadsbesluit or register decision on it, or only an ontwerp)."""
    if isinstance(node.model, Raadsbesluit):
        return not taken(node.model)
    if isinstance(node.model, Raadsvoorstel):
        besluit = voorstel_levensloop(index, node.id)
        return besluit is None or besluit.ontwerp
    return False


@dataclass(frozen=True)
class Wijziging:
    """Something that happened, for "what changed" and the feed: a document appeared, a decision took a step."""

    datum: dt.date | str
    id: str  # the document or the decision
    stap: int | None = None  # with a decision: the index of its step
    levensloop: Levensloop | None = None
    #: with a document without a date of its own: the decision or meeting whose date dates it
    via: str | None = None


def document_date(index: Any, node: Any) -> dt.date | str | None:
    """The date a document carries (its own, a raadsvoorstel's college date, its heading field), if any."""
    from .model import Stuk

    model = node.model
    if isinstance(model, Stuk):
        value = model.kop.get("datum")
        return value if isinstance(value, dt.date) else None
    if isinstance(model, Raadsvoorstel):  # "Datum B en W besluit" in its heading (or from its nota)
        return voorstel_gegevens(index, model).datum_bw
    for name in ("datum", "besluit_datum", "vergaderdatum", "raadsvergadering"):
        value = getattr(model, name, None)
        if value:
            return value
    return None


def document_moment(index: Any, node: Any) -> tuple[dt.date | str, str | None] | None:
    """When a document last changed, for the feed and "what changed": its own date (with None), else
    the date of its last status change with where that date comes from: the latest dated step of a
    decision on it (its own lifecycle for a raadsbesluit; one that adopts it or awaits it; a register
    decision with ``document:`` it) or of a meeting that lists it. None when the content gives no
    date at all: such a document is not in the feed (it is in the open data, with date null)."""
    own = document_date(index, node)
    if own:
        return own, None
    vs = vaststelling(index, node.id)
    decisions = [levensloop(index, node.id), vs.besluit, *vs.ontwerpen, *registered_about(index, node.id)]
    found = [(step.datum, lc.id) for lc in decisions if lc is not None for step in lc.stappen if step.datum]
    found += [(index.get(m).model.datum, m) for m in meetings_of(index, node.id)]
    if not found:
        return None
    return max(found, key=lambda f: (datum_sort_key(f[0]) or (0, 0, 0), f[1]))


def changes(index: Any) -> list[Wijziging]:
    """Documents and decision steps on their dates, newest first. A document without a date of its
    own is dated by its last status change (``via``: the decision or meeting that gives the date);
    one without any date in the content is left out (see document_moment)."""
    # An undated raadsbesluit is dated by its own steps, which are listed below: not twice.
    found = [Wijziging(moment[0], n.id, via=moment[1]) for n in index.documents()
             if (moment := document_moment(index, n)) and moment[1] != n.id]
    for lc in all_decisions(index):
        found += [Wijziging(s.datum, lc.id, i, lc) for i, s in enumerate(lc.stappen) if s.datum]
    return sorted(found, key=lambda w: (datum_sort_key(w.datum) or (0, 0, 0), w.id, w.stap or 0), reverse=True)


def meetings_of(index: Any, node_id: str) -> list[str]:
    """Ids of the meetings (``vergaderingen:``) that list ``node_id`` under ``stukken``, on date."""
    found = {link.source for link in index.backlinks.get(node_id, [])}
    nodes = [index.get(i) for i in sorted(found)]
    meetings = [n for n in nodes if n is not None and n.kind == "vergadering" and node_id in n.model.stukken]
    return [n.id for n in sorted(meetings, key=lambda n: (n.model.datum, n.id))]


def voorstelnummer(index: Any, voorstel: Raadsvoorstel) -> str | None:
    return voorstel_gegevens(index, voorstel).nummer


def route_steps(model: Any) -> list[Stap]:
    """A document's route of decisions: its ``route:`` field, then the route blocks in its chapters
    (the route at its place in the text), in document order."""
    from .index import walk  # the index imports this module's callers

    steps = list(getattr(model, "route", None) or [])
    for part, _path, _parent in walk(model):
        if isinstance(part, RouteBlok):
            steps.extend(part.route)
    return steps
