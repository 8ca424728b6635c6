"""Open data: the whole corpus as JSON (with its JSON Schema) and an Atom feed.

Written into the site's staging folder by the site build, so they are
published with the site in one swap:

- ``open-data/haven-docs.json``: documents, decisions (their lifecycle from
  :mod:`haven_docs.lifecycle`), meetings, moties and amendementen,
  organisations and persons, each with the URL of its page (and PDF);
- ``open-data/schema.json``: the JSON Schema (draft 2020-12) it validates against;
- ``feed.xml``: an Atom feed of documents and decision steps, newest first.

Names follow Popolo / Open Raadsinformatie where they fit (organizations,
persons, events for meetings, motions with vote counts); see README.md,
"Open data", for where and why they differ. Reproducible: the same content
gives the same bytes (no build time; ids derived from content ids; sorted).
URLs are relative to the site root (the site does not know where it is hosted).
"""

from __future__ import annotations

import datetime as dt
import json
import typing
import uuid
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from . import lifecycle
from .index import Index, Node
from .model import DECISION_KINDS, KIND_LABELS, POLICY_KINDS, Raadsbesluit, Stuk
from .model.documents import Motie, Organisatie, Persoon, Uitkomst, Vergadering

JSON_PATH = "open-data/haven-docs.json"
SCHEMA_PATH = "open-data/schema.json"
FEED_PATH = "feed.xml"
#: uuid5 namespace of every id in the feed: entry ids stay the same from build to build.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:haven-docs")


def _date(value: Any) -> str | None:
    """ISO date, or a partial date ('2026-01', '2025') as published."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _url(locations: dict, node_id: str | None) -> str | None:
    location = locations.get(node_id) if node_id else None
    return location.url if location is not None else None


def _organization(orgaan: str | tuple[str, ...]) -> str | list[str]:
    """'raad', 'college' or an organisatie id; the parties to an agreement as a list."""
    return orgaan if isinstance(orgaan, str) else list(orgaan)


def _document_title(index: Index, node: Node) -> str:
    from .site.plan import document_label

    return document_label(index, node) if node.kind in DECISION_KINDS else node.label


def corpus_data(index: Index, locations: dict, site_name: str, gemeente: str | None,
                pdf_ids: set[str] | None = None) -> dict[str, Any]:
    """The open data of the corpus: plain JSON values, in a stable order."""
    documents = sorted(index.documents(), key=lambda n: n.id)
    pdfs = {n.id for n in documents} if pdf_ids is None else pdf_ids

    def pdf_url(doc_id: str) -> str | None:
        return f"pdf/{doc_id}.pdf" if doc_id in pdfs else None

    result_documents = []
    for node in documents:
        model = node.model
        entry: dict[str, Any] = {
            "id": node.id,
            "classification": getattr(model, "soort", node.kind),
            "classification_label": (index.soort(model.soort).naam if isinstance(model, Stuk) and index.soort(model.soort)
                                     else KIND_LABELS.get(node.kind, node.kind)),
            "title": _document_title(index, node),
            "date": _date(lifecycle.document_date(index, node)),
            "publisher_id": getattr(model, "uitgever", None),
            "concerns_id": getattr(model, "betreft", None),
            "url": _url(locations, node.id),
            "pdf_url": pdf_url(node.id),
        }
        if node.kind in POLICY_KINDS or isinstance(model, Stuk):
            vs = lifecycle.vaststelling(index, node.id)
            entry["adopted_by_id"] = vs.besluit.id if vs.besluit else None
            entry["pending_decision_ids"] = [o.id for o in vs.ontwerpen]
        if isinstance(model, Raadsbesluit):
            entry["status"] = lifecycle.levensloop(index, node.id).status
        result_documents.append(entry)

    decisions = []
    for lc in sorted(lifecycle.all_decisions(index), key=lambda d: d.id):
        decisions.append({
            "id": lc.id,
            "classification": lc.soort,
            "title": _document_title(index, index.get(lc.id)),
            "organization": _organization(lc.orgaan),
            "phase": lc.fase,
            "status": lc.status,
            "status_text": lifecycle.status_tekst(lc),
            "date": _date(lc.datum),
            "decision_number": lc.besluitnummer,
            "proposal_number": lc.voorstelnummer,
            "proposal_id": lc.voorstel,
            "concerns_id": lc.betreft,
            "source": lc.bron,
            "steps": [{"phase": s.fase, "organization": _organization(s.orgaan), "date": _date(s.datum), "description": s.omschrijving,
                       "result": s.uitkomst, "event_id": s.vergadering} for s in lc.stappen],
            "url": _url(locations, lc.id),
            "pdf_url": pdf_url(lc.id),
        })

    def entries(cls: type) -> list[Node]:
        return sorted((n for n in index.nodes.values() if isinstance(n.model, cls)), key=lambda n: n.id)

    events = [{
        "id": n.id,
        "name": n.title,
        "classification": n.model.soort,
        "organization": n.model.orgaan,
        "start_date": _date(n.model.datum),
        "agenda_item": n.model.agendapunt,
        "document_ids": list(n.model.stukken),
        "url": _url(locations, n.id),
    } for n in entries(Vergadering)]

    motions = []
    for n in entries(Motie):
        m = n.model
        status = m.status if isinstance(m.status, list) else [m.status] if m.status else []
        motions.append({
            "id": n.id,
            "classification": m.soort,
            "title": m.titel,
            "date": _date(m.datum),
            "number": m.nummer,
            "decision_id": m.bij,
            "proposal_id": m.voorstel,
            "submitters": list(m.indieners),
            "status": status,
            "vote_count": {"yes": m.stemming.voor, "no": m.stemming.tegen} if m.stemming else None,
            "resolved_by_id": m.afgedaan_met,
            "url": _url(locations, n.id),
        })

    organizations = [{
        "id": n.id,
        "name": n.model.naam,
        "abbreviation": n.model.afkorting,
        "classification": n.model.soort,
        "parent_id": n.model.onderdeel_van,
        "url": _url(locations, n.id),
    } for n in entries(Organisatie)]

    persons = [{
        "id": n.id,
        "name": n.model.naam,
        "role": n.model.functie,
        "url": _url(locations, n.id),
    } for n in entries(Persoon)]

    return _without_withheld(index, {
        "$schema": "schema.json",
        "site": {"name": site_name, "municipality": gemeente, "feed_url": FEED_PATH},
        "documents": result_documents,
        "decisions": decisions,
        "events": events,
        "motions": motions,
        "organizations": organizations,
        "persons": persons,
    })


def _without_withheld(index: Index, value: Any) -> Any:
    """No id of a node the public edition holds back: dropped from a list, null as a field.

    Ids are unique across the corpus, so a value equal to one is a reference to it.
    """
    if not index.withheld:
        return value
    if isinstance(value, dict):
        return {key: (None if isinstance(v, str) and index.niet_openbaar(v) else _without_withheld(index, v))
                for key, v in value.items()}
    if isinstance(value, list):
        return [_without_withheld(index, v) for v in value if not (isinstance(v, str) and index.niet_openbaar(v))]
    return value


# --- JSON Schema ---------------------------------------------------------------------------

_S = {"type": "string"}
_SN = {"type": ["string", "null"]}
_URL = {"type": "string", "description": "URL relative to the site root"}
_URLN = {"type": ["string", "null"], "description": "URL relative to the site root"}
_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
         "description": "ISO 8601 date, or year-month / year as published"}
_IDS = {"type": "array", "items": _S}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": required if required is not None else sorted(properties)}


#: Who decided: 'raad', 'college', an organisation id, or the ids of the parties to an agreement.
_ORGAAN = {"oneOf": [_S, {"type": "array", "items": _S, "minItems": 2}],
           "description": "'raad', 'college' or an organization id; a list: the parties to an agreement"}


def json_schema() -> dict[str, Any]:
    step = _object({"phase": {"enum": ["concept", "voorgelegd", "besluit"]}, "organization": _ORGAAN, "date": _DATE,
                    "description": _S, "result": _SN, "event_id": _SN})
    document = _object({
        "id": _S, "classification": _S, "classification_label": _S, "title": _S, "date": _DATE,
        "publisher_id": _SN, "concerns_id": _SN, "url": _URL, "pdf_url": _URLN,
        "adopted_by_id": _SN, "pending_decision_ids": _IDS, "status": _S,
    }, ["id", "classification", "classification_label", "title", "date", "url", "pdf_url"])
    decision = _object({
        "id": _S, "classification": _S, "title": _S, "organization": _ORGAAN,
        "phase": {"enum": ["concept", "voorgelegd", "besluit"]},
        "status": {"enum": ["ontwerp", *typing.get_args(Uitkomst)]},
        "status_text": _S, "date": _DATE, "decision_number": _SN, "proposal_number": _SN, "proposal_id": _SN,
        "concerns_id": _SN, "source": _S, "steps": {"type": "array", "items": step}, "url": _URLN, "pdf_url": _URLN,
    })
    event = _object({"id": _S, "name": _S, "classification": _S, "organization": _S, "start_date": _DATE,
                     "agenda_item": _SN, "document_ids": _IDS, "url": _URL})
    motion = _object({
        "id": _S, "classification": {"enum": ["motie", "amendement"]}, "title": _S, "date": _DATE, "number": _SN,
        "decision_id": _SN, "proposal_id": _SN, "submitters": _IDS,
        "status": {"type": "array", "items": {"enum": ["aangenomen", "verworpen", "ingetrokken", "afgedaan"]}},
        "vote_count": {"oneOf": [{"type": "null"}, _object({"yes": {"type": "integer"}, "no": {"type": "integer"}})]},
        "resolved_by_id": _SN, "url": _URL,
    })
    organization = _object({"id": _S, "name": _S, "abbreviation": _SN, "classification": _SN, "parent_id": _SN,
                            "url": _URLN})
    person = _object({"id": _S, "name": _SN, "role": _S, "url": _URLN})
    schema = _object({
        "$schema": _S,
        "site": _object({"name": _S, "municipality": _SN, "feed_url": _S}),
        "documents": {"type": "array", "items": document},
        "decisions": {"type": "array", "items": decision},
        "events": {"type": "array", "items": event, "description": "Meetings (Popolo Event)"},
        "motions": {"type": "array", "items": motion, "description": "Moties and amendementen (Popolo Motion)"},
        "organizations": {"type": "array", "items": organization},
        "persons": {"type": "array", "items": person},
    })
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "schema.json",
            "title": "haven_docs open data", **schema}


# --- Atom feed -----------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def _moment(value: Any) -> str | None:
    """An Atom date-time for a (partial) date: its first day, midnight UTC."""
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    text = str(value) if value else ""
    if len(text) == 7:
        return f"{text}-01T00:00:00Z"
    if len(text) == 4 and text.isdigit():
        return f"{text}-01-01T00:00:00Z"
    return None


def feed_entries(data: dict[str, Any], changes: list[lifecycle.Wijziging]) -> list[dict[str, str]]:
    """What changed (lifecycle.changes, newest first) as feed entries, titled as in the open data."""
    documents = {d["id"]: d for d in data["documents"]}
    decisions = {d["id"]: d for d in data["decisions"]}
    events = {e["id"]: e for e in data["events"]}
    found = []
    for change in changes:
        when = _moment(change.datum)
        if change.levensloop is None:
            doc = documents[change.id]
            summary = doc["classification_label"]
            if change.via:  # no date of its own: dated by its last status change, and the entry says so
                source = decisions.get(change.via) or events[change.via]
                what = f"{source['title']}: {source['status_text']}" if "status_text" in source else source["name"]
                summary += f" (zonder eigen datum; datum van {what})"
            if when and doc["url"]:
                found.append({"id": f"document/{doc['id']}", "updated": when, "title": doc["title"],
                              "summary": summary, "url": doc["url"]})
            continue
        decision = decisions[change.id]
        step = decision["steps"][change.stap]
        if when and decision["url"]:
            found.append({"id": f"besluit/{decision['id']}/{change.stap}/{step['phase']}", "updated": when,
                          "title": f"{decision['title']}: {step['description']}",
                          "summary": decision["status_text"], "url": decision["url"]})
    return sorted(found, key=lambda e: (e["updated"], e["id"]), reverse=True)


def atom_feed(data: dict[str, Any], changes: list[lifecycle.Wijziging]) -> bytes:
    feed = Element("feed", {"xmlns": ATOM, "xml:lang": "nl"})
    SubElement(feed, "id").text = f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed')}"
    SubElement(feed, "title").text = data["site"]["name"]
    entries = feed_entries(data, changes)
    SubElement(feed, "updated").text = entries[0]["updated"] if entries else "1970-01-01T00:00:00Z"
    author = SubElement(feed, "author")
    SubElement(author, "name").text = (f"gemeente {data['site']['municipality']}" if data["site"]["municipality"]
                                       else data["site"]["name"])
    SubElement(feed, "link", {"rel": "self", "href": FEED_PATH})
    SubElement(feed, "link", {"rel": "alternate", "href": "./"})
    for item in entries:
        entry = SubElement(feed, "entry")
        SubElement(entry, "id").text = f"urn:uuid:{uuid.uuid5(NAMESPACE, item['id'])}"
        SubElement(entry, "title").text = item["title"]
        SubElement(entry, "updated").text = item["updated"]
        SubElement(entry, "link", {"rel": "alternate", "href": item["url"]})
        SubElement(entry, "summary").text = item["summary"]
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_open_data(index: Index, locations: dict, out_dir: Path) -> None:
    """Write the JSON, its schema and the feed into the site folder ``out_dir``."""
    from .site.mkdocs_run import site_settings

    settings = index.settings()  # content/instellingen.yaml, else mkdocs.yml's defaults
    site_name = settings.site.titel if settings is not None else site_settings()[0]
    data = corpus_data(index, locations, site_name, settings.gemeente if settings is not None else None)
    folder = Path(out_dir) / "open-data"
    folder.mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / JSON_PATH).write_bytes(_dump(data))
    (Path(out_dir) / SCHEMA_PATH).write_bytes(_dump(json_schema()))
    (Path(out_dir) / FEED_PATH).write_bytes(atom_feed(data, lifecycle.changes(index)))
