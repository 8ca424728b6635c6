"""Embargo and publication held for a decision (issue 17): what the public and internal editions show.

The Woo corpus tests/corpora/woo has (besides the redactions of tests/test_woo.py) a memo "openbaar met embargo tot 1 november 10 uur"
(memo-zonnepark-kiekendief), a college note held until the AB of a veiligheidsregio has decided
(nota-kazerne-hoornbeek, with the raadsvoorstel that takes its number from it), and a public
raadsmededeling and registers that refer to them. Before its moment a held-back document leaves no
trace in the public output: not its id, title or address in any file, PDF streams decompressed.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

CORPUS = ROOT / "tests" / "corpora" / "woo"
BEFORE, AT = "2024-11-01T09:59", "2024-11-01T10:00"
MEMO = "memo-zonnepark-kiekendief"
NOTA = "nota-kazerne-hoornbeek"
VOORSTEL = "raadsvoorstel-kazerne-hoornbeek"
#: What would betray the held-back documents: ids (theirs, their parts', the register decision
#: that records the nota), titles and words from them, their addresses and their image.
MEMO_TRACES = (MEMO, "Zonnepark Kiekendief", "Kiekendief", f"stukken/{MEMO}", "kiekendief-kaart")
NOTA_TRACES = (NOTA, VOORSTEL, "besluit-college-kazerne-hoornbeek", "kazerne-hoornbeek-inleiding", "Overdracht brandweerkazerne Hoornbeek",
               "Hoornbeek", f"stukken/{NOTA}", f"stukken/{VOORSTEL}")


def output_texts(folder: Path):
    """(name, bytes) of every file of an output, its name included; for a PDF also every stream
    decompressed (page content, metadata, bookmarks' strings live in objects, attachments)."""
    import pikepdf

    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        yield name, name.encode()
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield name, data
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                for obj in pdf.objects:
                    if isinstance(obj, pikepdf.Stream):
                        yield f"{name} (stroom)", obj.read_bytes()
                    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
                        yield f"{name} (object)", repr(obj).encode("utf-8", "replace")


def traces(folder: Path, words: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    needles = [(word, [word.lower().encode(), word.lower().encode("utf-16-be")]) for word in words]
    for name, data in output_texts(folder):
        low = data.lower()
        found += [(name, word) for word, encoded in needles if any(e in low for e in encoded)]
    return found


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(*args: str):
    result = run_build("--content", *args)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CORPUS, target)
    return target


# --- the moment and the conditions -------------------------------------------------------------


def test_who_is_held_back_at_which_moment():
    from haven_docs.corpus import check_corpus
    from haven_docs.openbaarheid import aanhoudingen
    from haven_docs.uitgave import parse_moment

    index = check_corpus(CORPUS)
    before = aanhoudingen(index, parse_moment(BEFORE))
    assert sorted(before) == [MEMO, NOTA, VOORSTEL]
    assert before[MEMO].reden == "embargo" and before[MEMO].tot == parse_moment(AT)
    assert before[NOTA].reden == "besluit" and before[NOTA].orgaan == "veiligheidsregio-waterland-ab"
    assert before[VOORSTEL].reden == "volgt" and before[VOORSTEL].volgt == NOTA
    at = aanhoudingen(index, parse_moment(AT))
    assert sorted(at) == [NOTA, VOORSTEL]
    # The same moment in UTC is the same moment: 09:00 UTC is 10:00 in Amsterdam in November.
    from datetime import timezone

    assert MEMO not in aanhoudingen(index, datetime(2024, 11, 1, 9, 0, tzinfo=timezone.utc))
    assert MEMO in aanhoudingen(index, datetime(2024, 11, 1, 8, 59, tzinfo=timezone.utc))


def test_the_preview_knows_when_the_site_changes_by_itself():
    # serve rebuilds at the end of an embargo, without an edit (haven_docs/serve.py).
    from haven_docs.corpus import check_corpus
    from haven_docs.openbaarheid import next_change, publiceerbaar
    from haven_docs.uitgave import Uitgave, parse_moment

    for intern in (False, True):
        index = publiceerbaar(check_corpus(CORPUS), Uitgave(intern=intern, nu=parse_moment(BEFORE)))
        assert next_change(index) == parse_moment(AT)
        index = publiceerbaar(check_corpus(CORPUS), Uitgave(intern=intern, nu=parse_moment(AT)))
        assert next_change(index) is None  # the held nota waits for an edit, not for a moment


def test_one_edit_releases_a_held_note(corpus):
    from haven_docs.corpus import check_corpus
    from haven_docs.openbaarheid import aanhoudingen
    from haven_docs.uitgave import parse_moment

    nota = corpus / "documenten" / f"{NOTA}.yaml"
    nota.write_text(nota.read_text(encoding="utf-8").replace(
        "  aangehouden_tot_besluit_van:", "  vrijgegeven: 2024-02-20\n  aangehouden_tot_besluit_van:"), encoding="utf-8")
    assert sorted(aanhoudingen(check_corpus(corpus), parse_moment(AT))) == []


# --- the public edition ---------------------------------------------------------------------------


def test_an_embargoed_document_is_nowhere_before_its_moment_and_there_after_it(tmp_path):
    out = tmp_path / "site"
    before = build(str(CORPUS), "--out", str(out), "--now", BEFORE)
    lines = [line for line in before.stderr.splitlines() if line.startswith("Nog niet openbaar")]
    assert lines == [
        "Nog niet openbaar, niet in deze uitgave: memo-zonnepark-kiekendief (embargo tot 1 november 2024 10:00), "
        "nota-kazerne-hoornbeek (tot besluit van Algemeen Bestuur Veiligheidsregio Waterland), "
        "raadsvoorstel-kazerne-hoornbeek (wacht op nota-kazerne-hoornbeek)."]
    assert traces(out, MEMO_TRACES + NOTA_TRACES) == []
    page = (out / "stukken" / "raadsmededeling-stand-van-zaken" / "index.html").read_text(encoding="utf-8")
    held = '<span class="hd-niet-openbaar-ref">nog niet openbaar</span>'
    assert f"Over het zonnepark leest u meer in {held}." in page
    assert f"Het college besloot over {held} ({held})." in page  # not even its own text
    assert f"<li>{held}</li>" in page
    meetings = (out / "registers" / "vergaderingen" / "index.html").read_text(encoding="utf-8")
    assert f"<td>{held}; <a href=" in meetings
    pdfs = {p.name for p in (out / "pdf").iterdir()}
    assert "raadsmededeling-stand-van-zaken.pdf" in pdfs and not {f"{MEMO}.pdf", f"{NOTA}.pdf", f"{VOORSTEL}.pdf"} & pdfs

    # The moment passes: the next build includes the memo, with no edit; incrementally, and
    # exactly as a build from scratch.
    after = build(str(CORPUS), "--out", str(out), "--now", AT)
    assert "memo-zonnepark-kiekendief" not in after.stderr.split("Gebouwd in")[0]
    assert traces(out, NOTA_TRACES) == []
    assert (out / "pdf" / f"{MEMO}.pdf").is_file()
    assert (out / "inhoud" / "assets" / "kiekendief-kaart.png").is_file()
    page = (out / "stukken" / "raadsmededeling-stand-van-zaken" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{MEMO}/">Informatie voor de raad: Zonnepark Kiekendief</a>' in page
    search = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Zonnepark Kiekendief" in search
    assert MEMO in (out / "open-data" / "haven-docs.json").read_text(encoding="utf-8")
    fresh = tmp_path / "vers"
    build(str(CORPUS), "--out", str(fresh), "--now", AT, "--no-cache")
    assert tree_digest(out) == tree_digest(fresh)


def test_a_held_note_appears_after_its_release(tmp_path, corpus):
    out = tmp_path / "site"
    build(str(corpus), "--out", str(out), "--now", AT)
    assert traces(out, NOTA_TRACES) == []
    nota = corpus / "documenten" / f"{NOTA}.yaml"
    nota.write_text(nota.read_text(encoding="utf-8").replace(
        "  aangehouden_tot_besluit_van:", "  vrijgegeven: 2024-02-20\n  aangehouden_tot_besluit_van:"), encoding="utf-8")
    released = build(str(corpus), "--out", str(out), "--now", AT)
    assert "Nog niet openbaar" not in released.stderr
    assert {f"{NOTA}.pdf", f"{VOORSTEL}.pdf"} <= {p.name for p in (out / "pdf").iterdir()}
    besluiten = (out / "registers" / "besluiten" / "index.html").read_text(encoding="utf-8")
    assert "Overdracht van de brandweerkazerne Hoornbeek" in besluiten
    page = (out / "stukken" / "raadsmededeling-stand-van-zaken" / "index.html").read_text(encoding="utf-8")
    assert "nog niet openbaar" not in page
    assert f'href="../{NOTA}/">de kazerne in Hoornbeek</a>' in page


# --- the internal edition -------------------------------------------------------------------------


def test_the_internal_edition_has_everything_marked_with_why(tmp_path):
    out = tmp_path / "intern"
    result = build(str(CORPUS), "--intern", "--out", str(out), "--now", BEFORE)
    assert ("Nog niet openbaar, in deze interne uitgave gemarkeerd: memo-zonnepark-kiekendief (embargo tot "
            "1 november 2024 10:00), nota-kazerne-hoornbeek") in result.stderr
    assert {f"{MEMO}.pdf", f"{NOTA}.pdf", f"{VOORSTEL}.pdf", "raadsmededeling-stand-van-zaken.pdf"} <= {
        p.name for p in (out / "pdf").iterdir()}
    memo = (out / "stukken" / MEMO / "index.html").read_text(encoding="utf-8")
    assert "Nog niet openbaar: embargo tot 1 november 2024 10:00." in memo
    nota = (out / "stukken" / NOTA / "index.html").read_text(encoding="utf-8")
    assert "Nog niet openbaar: aangehouden tot besluit van Algemeen Bestuur Veiligheidsregio Waterland." in nota
    assert "'vrijgegeven' is ingevuld" in nota
    voorstel = (out / "stukken" / VOORSTEL / "index.html").read_text(encoding="utf-8")
    assert "wordt openbaar met Nota 2024-07: Overdracht brandweerkazerne Hoornbeek" in voorstel
    from pypdf import PdfReader

    first_page = PdfReader(out / "pdf" / f"{NOTA}.pdf").pages[0].extract_text()
    assert "Interne uitgave. Nog niet openbaar: aangehouden tot besluit van" in first_page
    # After the embargo the internal edition no longer marks the memo.
    after = build(str(CORPUS), "--intern", "--out", str(out), "--now", AT)
    assert "memo-zonnepark-kiekendief (embargo" not in after.stderr
    assert "Nog niet openbaar" not in (out / "stukken" / MEMO / "index.html").read_text(encoding="utf-8")


def test_no_internal_bytes_reach_a_public_build(tmp_path):
    # The internal edition first, then the public one into another folder (and one next to it,
    # named alike): neither reuses anything rendered for the internal edition.
    internal = tmp_path / "a" / "site"
    build(str(CORPUS), "--intern", "--out", str(internal), "--now", BEFORE)
    public = tmp_path / "b" / "site"
    build(str(CORPUS), "--out", str(public), "--now", BEFORE)
    beside = tmp_path / "a" / "openbaar"
    build(str(CORPUS), "--out", str(beside), "--now", BEFORE)
    for out in (public, beside):
        assert traces(out, MEMO_TRACES + NOTA_TRACES + ("Interne uitgave",)) == []
    assert tree_digest(public) == tree_digest(beside)


# --- the content checks ---------------------------------------------------------------------------


@pytest.mark.parametrize("openbaarheid, expected", [
    ("{embargo: 2024-03-31T02:30}",
     "8:25: error[embargo-moment]: embargo: '2024-03-31T02:30' bestaat niet in Nederland (de klok springt "
     "dan een uur vooruit) (tip: schrijf een bestaande datum en tijd, bijv. 2024-11-01T10:00)"),
    ("{embargo: 2024-02-30T10:00}",
     "8:25: error[embargo-moment]: embargo: '2024-02-30T10:00' is geen bestaande datum en tijd "
     "(tip: schrijf een bestaande datum en tijd, bijv. 2024-11-01T10:00)"),
    ("{embargo: 1 november 10 uur}",
     "8:25: error[wrong-type]: '1 november 10 uur' is geen datum en tijd (tip: schrijf JJJJ-MM-DDTUU:MM in "
     "Nederlandse tijd, bijv. 2024-11-01T10:00 voor 1 november 10 uur)"),
    ("{toelichting: later}",
     "8:1: error[openbaarheid-leeg]: 'openbaarheid' zegt niet tot wanneer het document niet openbaar is "
     "(tip: geef 'embargo: JJJJ-MM-DDTUU:MM' of 'aangehouden_tot_besluit_van: <organisatie>')"),
    ("{embargo: 2024-11-01T10:00, vrijgegeven: true}",
     "8:56: error[vrijgegeven-zonder-aanhouding]: 'vrijgegeven' zonder 'aangehouden_tot_besluit_van': er is niets vrij "
     "te geven (tip: een embargo vervalt vanzelf; 'vrijgegeven' hoort bij een aangehouden document)"),
])
def test_a_bad_condition_is_an_error_at_its_place(corpus, openbaarheid, expected):
    memo = corpus / "documenten" / f"{MEMO}.yaml"
    text = memo.read_text(encoding="utf-8")
    start = text.index("openbaarheid:")
    end = text.index("kop:")
    memo.write_text(text[:start] + f"openbaarheid: {openbaarheid}\n" + text[end:], encoding="utf-8")
    result = run_build("check", "--content", str(corpus))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{memo}:{expected}"
