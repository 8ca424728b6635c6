"""Document kinds as data: a new kind is a content entry, checked like any content."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.model.kinds import format_label
from tests.conftest import run_build

#: A kind the project does not ship, declared in a content register.
NEW_KIND = """
soorten:
  - id: werkbezoekverslag
    naam: Verslag van een werkbezoek
    meervoud: Werkbezoekverslagen
    groep: informatie
    kopvelden:
      - {sleutel: datum, label: Datum bezoek, type: datum}
      - {sleutel: onderwerp, label: Onderwerp}
      - {sleutel: locatie, label: Locatie}
      - {sleutel: gastheer, label: Gastheer, type: organisatie}
    label: "Werkbezoek {datum}: {onderwerp}"
"""

VERSLAG = """soort: werkbezoekverslag
id: verslag-werkbezoek
onderwerp: Bezoek aan de opvang
kop:
  gastheer: coa
  datum: 2023-02-01
secties:
  - titel: Verslag
    inhoud:
      - tekst: Het bezoek aan [[coa]].
"""

INFORMATIENOTA = """soort: informatienota
id: informatienota-regio
titel: Transitieplan in de regio
onderwerp: Opvang in de regio
uitgever: coa
kop:
  datum: 2023-01-10
deelnemers: [coa, konnected]
bijlagen:
  - nummer: A
    document: verslag-werkbezoek
  - nummer: B
    titel: Opvang en huisvesting
    vindplaats: Bij de griffie
ondertekening:
  plaats_datum: "Den Haag, DATUM"
  partijen:
    - namens: Namens het kabinet
      ondertekenaars:
        - functie: De Minister van Justitie en Veiligheid
    - namens: Namens de VNG
      ondertekenaars:
        - functie: De voorzitter
          naam: A. Voorzitter
"""


def add_documents(content: Path, **documents: str) -> None:
    register = content / "registers" / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + NEW_KIND, encoding="utf-8")
    for name, text in documents.items():
        (content / "documenten" / f"{name}.yaml").write_text(text, encoding="utf-8")


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    return [d.format() for d in info.value.diagnostics]


def test_a_new_kind_needs_only_content(mini_copy, tmp_path):
    """A kind the code has never heard of builds, site and PDF, with its fields in its order."""
    add_documents(mini_copy, verslag=VERSLAG, informatienota=INFORMATIENOTA)
    out = tmp_path / "site"
    result = run_build("--content", str(mini_copy), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr

    page = (out / "stukken" / "verslag-werkbezoek" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))
    # The heading fields in the kind's order, the absent one (locatie) left out.
    assert re.search(r"Datum bezoek 1 februari 2023 Onderwerp Bezoek aan de opvang Gastheer Centraal Orgaan", text), text
    assert "Locatie" not in text and "nog niet bekend" not in text
    assert "Besluit" not in text  # the kind has no decision: no empty section
    assert "Verslag van een werkbezoek" in text

    nota = (out / "stukken" / "informatienota-regio" / "index.html").read_text(encoding="utf-8")
    # The bijlage that is a document links to it, by its kind's label; the other is its title.
    assert re.search(r'Bijlage A</span> <a href="[^"]*verslag-werkbezoek/">Werkbezoek 1 februari 2023: Bezoek aan de opvang</a>', nota)
    assert "Bijlage B</span> Opvang en huisvesting" in nota
    assert "Namens het kabinet" in nota and "Den Haag, DATUM" in nota and "nog niet bekend" not in nota

    pdf = subprocess.run(["pdftotext", "-layout", str(out / "pdf" / "verslag-werkbezoek.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    fields = [pdf.index(label) for label in ("Datum bezoek", "Onderwerp", "Gastheer")]
    assert fields == sorted(fields) and "Locatie" not in pdf and "Besluit" not in pdf
    pdf = subprocess.run(["pdftotext", str(out / "pdf" / "informatienota-regio.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "Namens de VNG" in pdf and "A. Voorzitter" in pdf and "Bijlage A" in pdf


def test_heading_fields_are_checked_against_the_kind(mini_copy):
    verslag = VERSLAG.replace("  datum: 2023-02-01", "  datum: begin februari\n  gastvrouw: coa")
    nota = INFORMATIENOTA.replace("  datum: 2023-01-10", "  datum: 2023-01-10\n  portefeuillehouder: coa")
    nota += "besluit:\n  punten:\n    - tekst: iets\n"
    add_documents(mini_copy, verslag=verslag, informatienota=nota)
    errors = errors_of(mini_copy)
    assert any("verslag.yaml:6:10: error[wrong-type]: verwacht een datum, maar kreeg 'begin februari'" in e for e in errors), errors
    assert any("verslag.yaml:7:3: error[unknown-field]: 'gastvrouw' is geen kopveld van een verslag van een werkbezoek (tip: een verslag van een werkbezoek heeft als kopvelden: datum, locatie, gastheer)" in e for e in errors), errors
    assert any("informatienota.yaml:8:23: error[wrong-ref-kind]: 'coa' is geen persoon uit het register" in e for e in errors), errors
    assert any("informatienota.yaml:26:1: error[invalid-value]: een informatienota heeft geen besluit" in e for e in errors), errors
    assert len(errors) == 4, errors


def test_the_kinds_register_is_checked(mini_copy):
    register = mini_copy / "registers" / "register.yaml"
    add_documents(mini_copy)
    text = register.read_text(encoding="utf-8")
    text = text.replace('label: "Werkbezoek {datum}: {onderwerp}"', 'label: "Werkbezoek {datm}: {onderwerp}"\n    besluit: wethouder-test')
    text += "  - id: tabel\n    naam: Tabel\n  - id: werkbezoekverslag\n    naam: Nog een keer\n"
    register.write_text(text, encoding="utf-8")
    errors = errors_of(mini_copy)
    assert any("error[invalid-value]: '{datm}' in het label is geen veld van soort 'werkbezoekverslag' (tip: bedoelde u '{datum}'?)" in e for e in errors), errors
    assert any("error[unknown-ref]: 'wethouder-test' is geen organisatie" in e for e in errors), errors
    assert any("error[invalid-id]: 'tabel' is al de naam van een onderdeel" in e for e in errors), errors
    assert any("error[duplicate-id]: soort 'werkbezoekverslag' staat al in" in e for e in errors), errors


def test_a_document_of_an_undeclared_kind_is_an_error_at_its_soort(mini_copy):
    (mini_copy / "documenten" / "verslag.yaml").write_text(VERSLAG, encoding="utf-8")
    (error,) = errors_of(mini_copy)
    assert "verslag.yaml:1:8: error[invalid-value]: onbekende soort 'werkbezoekverslag'" in error
    assert "voeg de soort toe onder 'soorten:' in een register" in error


def test_labels_leave_out_what_is_absent_and_do_not_repeat_the_kind():
    assert format_label("{naam} {nummer}: {onderwerp}", {"naam": "Informatienota", "onderwerp": "X"}) == "Informatienota: X"
    assert format_label("{naam} {nummer}: {onderwerp}", {
        "naam": "Collegebesluit", "nummer": "2024-137", "onderwerp": "Collegebesluit Voorkeursscenario",
    }) == "Collegebesluit 2024-137: Voorkeursscenario"
    assert format_label(None, {"naam": "Factsheet", "titel": "Cijfers"}) == "Cijfers"


def test_a_standard_kind_is_relabelled_by_content(mini_copy):
    """The names of the seven kinds with a model of their own come from the kinds data too."""
    register = mini_copy / "registers" / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + """
soorten:
  - id: raadsbesluit
    naam: Besluit van de raad
    groep: besluit
    besluit: raad
    label: "Besluit {nummer} van de raad: {onderwerp}"
""", encoding="utf-8")
    index = check_corpus(mini_copy)
    besluit = index.get("raadsbesluit-test")
    # Not taken (no raadsvergadering): an ontwerp; 2024-468 is its voorstel's number, not its own.
    assert besluit.label == "Ontwerp-besluit van de raad: Beleidskader Inburgering (voorstel 2024-468)"
    assert besluit.short_label == "Ontwerp-besluit van de raad (voorstel 2024-468)"
    assert index.get("nota-test").label == "Nota 2024-468: Beleidskader Inburgering"  # the standard label


def test_references_in_headings_and_heading_fields_are_checked_and_linked(mini_copy, tmp_path):
    """A title or a heading value takes [[id]] like prose: checked, and a link on the site."""
    afspraken = mini_copy / "documenten" / "afspraken.yaml"
    text = afspraken.read_text(encoding="utf-8")
    afspraken.write_text(text.replace("    titel: Afspraken\n", "    titel: Afspraken met [[coa]]\n")
                         .replace("    titel: Overzicht van taken", "    titel: Overzicht van taken [[bestaat-niet]]"),
                         encoding="utf-8")
    (error,) = errors_of(mini_copy)
    assert "afspraken.yaml:29:32: error[unknown-ref]: onbekende verwijzing 'bestaat-niet'" in error

    afspraken.write_text(afspraken.read_text(encoding="utf-8").replace(" [[bestaat-niet]]", ""), encoding="utf-8")
    from haven_docs.site import write_docs

    index = check_corpus(mini_copy)
    assert "afspraken-test" in {link.document for link in index.backlinks["coa"]}
    write_docs(index, mini_copy, tmp_path / "docs")
    page = (tmp_path / "docs" / "stukken" / "afspraken-test.md").read_text(encoding="utf-8")
    assert re.search(r'## 2 Afspraken met <a class="hd-ref" href="[^"]*organisaties/#coa">Centraal Orgaan opvang asielzoekers</a>', page), page
    assert "[[" not in page

    from haven_docs.pdf.html import HtmlBuilder

    html = HtmlBuilder(index, mini_copy).html(index.get("afspraken-test"))
    assert re.search(r"<h2[^>]*><span class=\"nr\">2</span> Afspraken met Centraal Orgaan opvang asielzoekers</h2>", html)
    assert "[[" not in html
