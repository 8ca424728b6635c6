"""One lifecycle per decision (haven_docs.lifecycle), and every place that shows it follows it.

Fast: the site's Markdown pages (write_docs) and the print HTML (print_jobs), no MkDocs, no
WeasyPrint. The ONTWERP marking of the real PDF is tested in test_pdf_content-style at the end.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest

from haven_docs import lifecycle
from haven_docs.corpus import check_corpus
from haven_docs.formatting import datum
from haven_docs.pdf import print_jobs
from haven_docs.site import write_docs
from haven_docs.site.plan import document_label

from .conftest import CONTENT


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


class Rendered:
    """The real content (or a changed copy): lifecycles, site pages and print HTML."""

    def __init__(self, content: Path, out: Path):
        self.index = check_corpus(content)
        self.plan = write_docs(self.index, content, out)
        self.docs = out
        jobs = print_jobs(self.index, content)
        self.prints = {job.doc_id: _plain(job.html) for job in jobs}
        self.headers = {job.doc_id: job.info.header for job in jobs}  # the running header of every PDF page

    def page_of(self, node_id: str) -> str:
        return _plain((self.docs / self.plan.locations[node_id].page).read_text(encoding="utf-8"))

    def page(self, path: str) -> str:
        return _plain((self.docs / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Rendered:
    return Rendered(CONTENT, tmp_path_factory.mktemp("docs"))


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_raadsbesluit_2024_468_is_an_ontwerp_with_a_voorstelnummer_and_no_besluitnummer(real):
    lc = lifecycle.levensloop(real.index, "raadsbesluit-2024-468")
    assert lc.ontwerp and lc.status == "ontwerp" and lc.datum is None
    assert lc.besluitnummer is None and lc.voorstelnummer == "2024-468"
    # Submitted by the college on the date of its nota; no raadstafel or meeting in the source.
    assert [(s.fase, s.orgaan, s.datum) for s in lc.stappen] == [("voorgelegd", "college", dt.date(2024, 6, 4))]
    label = document_label(real.index, real.index.get("raadsbesluit-2024-468"))
    assert label == "Ontwerp-raadsbesluit: Beleidskader Inburgering (voorstel 2024-468)"
    assert "Raadsbesluit 2024-468" not in real.page_of("raadsbesluit-2024-468")


def test_every_place_agrees_on_the_ontwerp(real):
    status = lifecycle.status_tekst(lifecycle.levensloop(real.index, "raadsbesluit-2024-468"))
    besluit = real.page_of("raadsbesluit-2024-468")
    assert "ONTWERP" in besluit and f"Status: {status}." in besluit
    assert "Bron: documenten/raadsbesluit-2024-468.yaml" in besluit
    assert "Besluitnummer" not in besluit  # not in the source: left out, never 'nog niet bekend'
    assert "nog niet bekend" not in besluit
    kader = real.page_of("beleidskader-inburgering")
    assert "Vastgesteld bij nog niet; in behandeling: Ontwerp-raadsbesluit: Beleidskader Inburgering (voorstel 2024-468)" in kader
    register = real.page("registers/besluiten.md")
    assert "Ontwerp-raadsbesluit: Beleidskader Inburgering (voorstel 2024-468)" in register and status in register
    start = real.page("index.md")
    route = start[start.index("Route van besluiten"):]
    assert "Ontwerp-raadsbesluit: Beleidskader Inburgering (voorstel 2024-468)" in route and status in route
    assert "nog niet bekend" not in start
    voorstel = real.page_of("raadsvoorstel-2024-468")
    assert status in voorstel
    # The print: the heading, the running header (document_info) and the watermark.
    pdf = real.prints["raadsbesluit-2024-468"]
    assert "ONTWERP-RAADSBESLUIT" in pdf and "ONTWERP" in pdf.split("ONTWERP-RAADSBESLUIT")[0]


def test_a_policy_document_adopted_by_a_register_decision_says_so_everywhere(real):
    visie = real.page_of("visie-veilige-haven")
    assert "Vastgesteld bij Raadsbesluit 2025-648: Visie ‘Deventer, een veilige haven’ (15 oktober 2025)" in visie
    assert "Datum" not in visie.split("Download")[0]  # the visie has no date of its own: no row
    assert "Vastgesteld bij raadsbesluit 2025-648 van 15 oktober 2025" in real.prints["visie-veilige-haven"]


def test_changing_one_date_changes_every_place(tmp_path):
    content = _copy(tmp_path)
    _edit(content / "registers" / "veilige-haven.yaml", "    datum: 2025-10-15\n    document: visie-veilige-haven",
          "    datum: 2025-11-12\n    document: visie-veilige-haven")
    # The raadsvergadering that took it moves with it (on another date it would contradict the
    # besluit: checks.consistency.check_meetings).
    _edit(content / "registers" / "veilige-haven.yaml", "    datum: 2025-10-15\n    stukken: [raadsbesluit-2025-648]",
          "    datum: 2025-11-12\n    stukken: [raadsbesluit-2025-648]")
    changed = Rendered(content, tmp_path / "docs")
    lc = lifecycle.levensloop(changed.index, "raadsbesluit-2025-648")
    assert lc.datum == dt.date(2025, 11, 12)
    new, old = datum(lc.datum), "15 oktober 2025"
    assert new == "12 november 2025"
    register = changed.page("registers/besluiten.md")
    entry = register[register.index("{#raadsbesluit-2025-648}"):][:400]
    start = changed.page("index.md")
    row = start[start.index("Route van besluiten"):]
    row = row[row.index(new) - 5:][:300]
    for shown in (changed.page_of("visie-veilige-haven"), entry, row, changed.prints["visie-veilige-haven"]):
        assert new in shown
    assert "Raadsbesluit 2025-648" in row
    assert old not in changed.page_of("visie-veilige-haven")
    # The undated visie is in the feed on the date of the decision that adopted it: that moves too.
    data, feed = _open_data(changed)
    assert next(d for d in data["decisions"] if d["id"] == "raadsbesluit-2025-648")["date"] == "2025-11-12"
    visie = next(e for e in feed.entries if e.id == _entry_id("document/visie-veilige-haven"))
    assert visie.updated.startswith("2025-11-12") and new in visie.summary


def test_recording_a_besluit_is_one_edit_and_every_place_follows(tmp_path):
    """The writers' guide: fill raadsvergadering (and besluitnummer) on the raadsbesluit."""
    content = _copy(tmp_path)
    _edit(content / "documenten" / "raadsbesluit-2024-468.yaml", "betreft: beleidskader-inburgering\n",
          "betreft: beleidskader-inburgering\nraadsvergadering: 2024-07-03\nbesluitnummer: \"2024-777\"\n")
    changed = Rendered(content, tmp_path / "docs")
    lc = lifecycle.levensloop(changed.index, "raadsbesluit-2024-468")
    assert lc.genomen and lc.status == "vastgesteld" and lc.besluitnummer == "2024-777"
    assert lc.voorstelnummer == "2024-468"
    label = "Raadsbesluit 2024-777: Beleidskader Inburgering"
    assert document_label(changed.index, changed.index.get("raadsbesluit-2024-468")) == label
    status = lifecycle.status_tekst(lc)
    assert status == "Vastgesteld door de raad op 3 juli 2024"
    kader = changed.page_of("beleidskader-inburgering")
    assert f"Vastgesteld bij {label} (3 juli 2024)" in kader
    besluit = changed.page_of("raadsbesluit-2024-468")
    assert "ONTWERP" not in besluit and f"Status: {status}." in besluit
    assert "Aldus vastgesteld in de openbare raadsvergadering van 3 juli 2024" in besluit
    assert status in changed.page("registers/besluiten.md")
    start = changed.page("index.md")
    assert f"{label} is vastgesteld bij" not in start
    assert status in start[start.index("Route van besluiten"):]
    pdf = changed.prints["raadsbesluit-2024-468"]
    assert "ONTWERP" not in pdf and "Besluitnummer 2024-777" in pdf.replace(":", "")
    assert "Vastgesteld bij raadsbesluit 2024-777 van 3 juli 2024" in changed.prints["beleidskader-inburgering"]


def test_meetings_link_voorstel_and_besluit_and_moties_show_on_the_besluit(real):
    # The college meeting that offered raadsvoorstel 2024-468 (nota: "B & W d.d.: 4-06-2024").
    lc = lifecycle.levensloop(real.index, "raadsbesluit-2024-468")
    assert [s.vergadering for s in lc.stappen] == ["collegevergadering-2024-06-04"]
    assert lifecycle.meetings_of(real.index, "raadsvoorstel-2024-468") == ["collegevergadering-2024-06-04"]
    assert "Vergaderingen: Collegevergadering 4 juni 2024" in real.page_of("raadsvoorstel-2024-468")
    # The raadsvergadering that took raadsbesluit 2025-648, with the motie and amendement filed there.
    visie = lifecycle.levensloop(real.index, "raadsbesluit-2025-648")
    assert visie.stappen[-1].vergadering == "raadsvergadering-2025-10-15"
    register = real.page("registers/besluiten.md")
    entry = register[register.index("{#raadsbesluit-2025-648}"):].split("\n## ")[0]
    assert "Raadsvergadering 15 oktober 2025" in entry and "Oog voor mentale gezondheid" in entry
    moties = real.page("registers/moties-en-amendementen.md")
    assert "Status aangenomen en afgedaan" in moties  # a motie can be both
    # Nothing the sources do not state: no votes, no indieners, no agenda items.
    assert "Stemming" not in moties and "Indieners" not in moties
    assert "Agendapunt" not in real.page("registers/vergaderingen.md")


# --- decisions of other bodies (a regional body, the Veiligheidsberaad, parties to an agreement) -----

BAO = "besluit-bao-2022-12-07-regionaal-transitieplan"
BAO_LABEL = "Besluit Bestuurlijk Afstemmingsoverleg Oekraïne: Regionaal Transitieplan IJsselland"


def _open_data(r: Rendered) -> tuple[dict, object]:
    """The open data of a rendered corpus, validated against its schema, and its feed parsed as Atom."""
    import feedparser
    import jsonschema

    from haven_docs.opendata import atom_feed, corpus_data, json_schema

    data = corpus_data(r.index, r.plan.locations, "Site", "Deventer")
    jsonschema.Draft202012Validator(json_schema()).validate(data)
    feed = feedparser.parse(atom_feed(data, lifecycle.changes(r.index)))
    assert not feed.bozo, feed.get("bozo_exception")
    return data, feed


def _register_entry(r: Rendered, node_id: str, page: str = "registers/besluiten.md") -> str:
    register = r.page(page)
    return register[register.index("{#" + node_id + "}"):].split(" ## ")[0]


def test_a_decision_of_a_regional_body_shows_in_every_place(real):
    lc = lifecycle.levensloop(real.index, BAO)
    assert lc.genomen and lc.status == "ingestemd" and lc.orgaan == "bestuurlijk-afstemmingsoverleg-oekraine"
    assert lc.datum == dt.date(2022, 12, 7) and lc.betreft == "regionaal-transitieplan-ijsselland"
    assert lc.stappen[-1].vergadering == "vergadering-bao-2022-12-07"
    status = lifecycle.status_tekst(lc)
    assert status == "Ingestemd door Bestuurlijk Afstemmingsoverleg Oekraïne op 7 december 2022"
    # The register: who, when, the status, the meeting and the document.
    entry = _register_entry(real, BAO)
    for shown in ("Door Bestuurlijk Afstemmingsoverleg Oekraïne", "Soort besluit", "Datum 7 december 2022",
                  f"Status {status}", "Vergadering Bestuurlijk Afstemmingsoverleg Oekraïne 7 december 2022",
                  "Stuk op deze site Regionaal Transitieplan IJsselland"):
        assert shown in entry, shown
    meeting = _register_entry(real, "vergadering-bao-2022-12-07", "registers/vergaderingen.md")
    assert "Orgaan Bestuurlijk Afstemmingsoverleg Oekraïne" in meeting and BAO_LABEL in meeting
    # The document the body agreed to says so in its heading; the start page's route lists it.
    plan = real.page_of("regionaal-transitieplan-ijsselland")
    assert f"Instemming {BAO_LABEL} (7 december 2022)" in plan.split("Download")[0]
    route = real.page("index.md").split("Route van besluiten")[1]
    assert f"7 december 2022 {BAO_LABEL} Bestuurlijk Afstemmingsoverleg Oekraïne {status}" in route
    # Open data (valid against its schema) and the feed.
    data, feed = _open_data(real)
    decision = next(d for d in data["decisions"] if d["id"] == BAO)
    assert (decision["organization"], decision["status"], decision["date"], decision["concerns_id"]) == (
        "bestuurlijk-afstemmingsoverleg-oekraine", "ingestemd", "2022-12-07", "regionaal-transitieplan-ijsselland")
    assert decision["steps"][0]["event_id"] == "vergadering-bao-2022-12-07"
    document = next(d for d in data["documents"] if d["id"] == "regionaal-transitieplan-ijsselland")
    assert document["adopted_by_id"] == BAO
    event = next(e for e in data["events"] if e["id"] == "vergadering-bao-2022-12-07")
    assert event["organization"] == "bestuurlijk-afstemmingsoverleg-oekraine" and event["classification"] == "vergadering"
    entry = next(e for e in feed.entries if e.title.startswith(BAO_LABEL))
    assert entry.updated.startswith("2022-12-07") and status in entry.summary


def test_an_agreement_between_parties_is_one_decision_of_all_of_them(real):
    lc = lifecycle.levensloop(real.index, "afspraken-doorstroom-migratie-2022-08-26")
    assert lc.orgaan == ("vng", "veiligheidsberaad", "ipo", "rijk") and lc.status == "overeengekomen"
    status = lifecycle.status_tekst(lc)
    assert status == ("Overeengekomen door Vereniging van Nederlandse Gemeenten, Veiligheidsberaad, "
                      "Interprovinciaal Overleg en Rijk op 26 augustus 2022")
    label = "Afspraak VNG, Veiligheidsberaad, IPO en Rijk: Bestuurlijke afspraken over de doorstroom migratie"
    page = real.page_of("bestuurlijke-afspraken-doorstroom-migratie-2022").split("Download")[0]
    assert f"Overeengekomen {label} (26 augustus 2022)" in page.replace(" ,", ",")
    entry = _register_entry(real, "afspraken-doorstroom-migratie-2022-08-26")
    assert f"Status {status}" in entry
    data, _feed = _open_data(real)
    decision = next(d for d in data["decisions"] if d["id"] == "afspraken-doorstroom-migratie-2022-08-26")
    assert decision["organization"] == ["vng", "veiligheidsberaad", "ipo", "rijk"]


def test_changing_the_date_of_a_regional_decision_changes_every_place(tmp_path):
    content = _copy(tmp_path)
    _edit(content / "registers" / "transitie-ijsselland.yaml",
          "    datum: 2022-12-07\n    uitkomst: ingestemd\n", "    datum: 2022-12-09\n    uitkomst: ingestemd\n")
    _edit(content / "registers" / "transitie-ijsselland.yaml",  # its meeting moves with it (check_meetings)
          "    datum: 2022-12-07\n    stukken: [besluit-bao", "    datum: 2022-12-09\n    stukken: [besluit-bao")
    changed = Rendered(content, tmp_path / "docs")
    lc = lifecycle.levensloop(changed.index, BAO)
    new, old = datum(lc.datum), "7 december 2022"
    assert new == "9 december 2022"
    status = lifecycle.status_tekst(lc)
    assert new in status
    plan = changed.page_of("regionaal-transitieplan-ijsselland").split("Download")[0]
    entry = _register_entry(changed, BAO)
    route = changed.page("index.md").split("Route van besluiten")[1]
    assert f"{BAO_LABEL} ({new})" in plan
    for shown in (entry, route):
        assert f"Datum {new}" in shown or new in shown.split(BAO_LABEL)[0][-20:], shown[:200]
        assert status in shown
    assert old not in plan and f"Datum {old}" not in entry
    data, feed = _open_data(changed)
    assert next(d for d in data["decisions"] if d["id"] == BAO)["date"] == "2022-12-09"
    assert next(e for e in feed.entries if e.title.startswith(BAO_LABEL)).updated.startswith("2022-12-09")


# --- a raadsvoorstel not yet decided is a draft (lifecycle.is_ontwerp), on its page and every PDF page ----

def _pdf_pages(index, content: Path, doc_id: str, tmp_path: Path) -> list[str]:
    """The text of every page of one document's PDF, page by page (pdftotext -f N -l N)."""
    import subprocess

    from haven_docs.pdf.render import render_pdf

    job = next(j for j in print_jobs(index, content) if j.doc_id == doc_id)
    pdf = tmp_path / f"{doc_id}.pdf"
    pdf.write_bytes(render_pdf(job))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout for n in range(1, count + 1)]


def test_the_raadsvoorstel_not_yet_decided_is_an_ontwerp_on_its_page_and_every_pdf_page(real, tmp_path):
    node = real.index.get("raadsvoorstel-2024-468")
    # Seed 001: the raadsbesluit on it is an ontwerp (no raadsvergadering), so the voorstel is not decided.
    assert lifecycle.voorstel_levensloop(real.index, node.id).ontwerp and lifecycle.is_ontwerp(real.index, node)
    assert not lifecycle.is_ontwerp(real.index, real.index.get("nota-2024-468"))
    page = real.page_of(node.id)
    assert "ONTWERP — de raad heeft nog niet over dit voorstel besloten." in page
    assert "ONTWERP" in real.prints[node.id].split("RAADSVOORSTEL")[0]  # the watermark, before the heading
    pages = _pdf_pages(real.index, CONTENT, node.id, tmp_path)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert "ONTWERP-raadsvoorstel | Beleidskader Inburgering" in text, f"page {number}"
    # The ontwerp-raadsbesluit is marked the same way (one rule for both).
    for text in _pdf_pages(real.index, CONTENT, "raadsbesluit-2024-468", tmp_path):
        assert "ONTWERP-raadsbesluit | Beleidskader Inburgering" in text


def test_once_the_raad_decides_the_raadsvoorstel_is_no_ontwerp(tmp_path):
    content = _copy(tmp_path)
    _edit(content / "documenten" / "raadsbesluit-2024-468.yaml", "betreft: beleidskader-inburgering\n",
          "betreft: beleidskader-inburgering\nraadsvergadering: 2024-07-03\n")
    changed = Rendered(content, tmp_path / "docs")
    node = changed.index.get("raadsvoorstel-2024-468")
    assert not lifecycle.is_ontwerp(changed.index, node)
    assert "ONTWERP" not in changed.page_of(node.id) and "ONTWERP" not in changed.prints[node.id]
    assert "Vastgesteld door de raad op 3 juli 2024" in changed.page_of(node.id)
    for text in _pdf_pages(changed.index, content, node.id, tmp_path):
        assert "ONTWERP" not in text and "Raadsvoorstel | Beleidskader Inburgering" in text


def test_a_raadsvoorstel_without_any_decision_on_it_is_an_ontwerp(tmp_path):
    content = _copy(tmp_path)
    (content / "documenten" / "raadsbesluit-2024-468.yaml").unlink()
    _edit(content / "documenten" / "nota-2024-468.yaml", "[[raadsbesluit-2024-468|ontwerp-raadsbesluit]]",
          "ontwerp-raadsbesluit")
    changed = Rendered(content, tmp_path / "docs")
    node = changed.index.get("raadsvoorstel-2024-468")
    assert lifecycle.voorstel_levensloop(changed.index, node.id) is None and lifecycle.is_ontwerp(changed.index, node)
    page = changed.page_of(node.id)
    assert "ONTWERP — de raad heeft nog niet over dit voorstel besloten." in page and "Status:" not in page
    assert changed.headers[node.id] == "ONTWERP-raadsvoorstel | Beleidskader Inburgering"
    assert "ONTWERP" in changed.prints[node.id].split("Raadsvoorstel Onderwerp")[0]  # the watermark


# --- the feed: every document with a date the content gives; undated ones are in the open data --------

def _entry_id(key: str) -> str:
    import uuid

    from haven_docs.opendata import NAMESPACE

    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def test_documents_in_the_feed_by_their_date_or_their_last_status_change(real):
    data, feed = _open_data(real)
    documents = {d["id"]: d for d in data["documents"]}
    assert set(documents) == {n.id for n in real.index.documents()}  # every document is open data
    moments = {n.id: lifecycle.document_moment(real.index, n) for n in real.index.documents()}
    in_feed = {e.id for e in feed.entries}
    for doc_id, moment in moments.items():
        own_steps = moment is not None and moment[1] == doc_id  # an undated raadsbesluit: its steps are listed
        assert (_entry_id(f"document/{doc_id}") in in_feed) == (moment is not None and not own_steps), doc_id
        if own_steps:
            assert any(e.link.endswith(documents[doc_id]["url"]) and e.updated.startswith(moment[0].isoformat())
                       for e in feed.entries), doc_id
        assert documents[doc_id]["url"]
    # A raadsvoorstel's own date is its "Datum B en W besluit".
    assert documents["raadsvoorstel-2024-468"]["date"] == "2024-06-04"
    # Undated, dated by what happened to it: the visie by the raadsbesluit that adopted it, the
    # regional plan by the regional body that agreed to it; the entry says where the date comes from.
    for doc_id, when, via in (("visie-veilige-haven", "2025-10-15", "Raadsbesluit 2025-648"),
                              ("regionaal-transitieplan-ijsselland", "2022-12-07", BAO_LABEL)):
        assert documents[doc_id]["date"] is None and moments[doc_id][0].isoformat() == when
        entry = next(e for e in feed.entries if e.id == _entry_id(f"document/{doc_id}"))
        assert entry.updated.startswith(when) and "zonder eigen datum" in entry.summary and via in entry.summary
    # Without any date in the content: not in the feed (no date is invented), but in the open data.
    undated = [i for i, m in moments.items() if m is None]
    assert "nota-transitieplan-ijsselland" in undated
    for doc_id in undated:
        assert documents[doc_id]["date"] is None and documents[doc_id]["pdf_url"] == f"pdf/{doc_id}.pdf"


@pytest.mark.parametrize("meeting_day, linked", [("2025-10-15", True), ("2025-11-03", False)])
def test_a_decision_dated_by_month_is_taken_in_its_meeting_of_that_month(mini_copy, meeting_day, linked):
    """A besluit the source dates only by month ('oktober 2025') is taken in the raad's meeting of
    that month that lists it; a meeting of another month contradicts it (meeting-date)."""
    from haven_docs.diagnostics import ContentError

    register = mini_copy / "registers" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    assert text.count("    datum: 2025-10-15\n    document: visie-test") == 1
    text = text.replace("    datum: 2025-10-15\n    document: visie-test", "    datum: 2025-10\n    document: visie-test")
    text = text.replace("vergaderingen:\n", "vergaderingen:\n  - id: raadsvergadering-visie\n    soort: raadsvergadering\n"
                        f"    orgaan: raad\n    datum: {meeting_day}\n    stukken: [besluit-visie]\n", 1)
    register.write_text(text, encoding="utf-8")
    if not linked:
        with pytest.raises(ContentError) as exc:
            check_corpus(mini_copy)
        assert [d.code for d in exc.value.diagnostics] == ["meeting-date"]
        return
    lc = lifecycle.levensloop(check_corpus(mini_copy), "besluit-visie")
    assert lc.datum == "2025-10" and lc.stappen[-1].vergadering == "raadsvergadering-visie"
