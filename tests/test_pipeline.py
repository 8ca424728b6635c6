"""Index, resolve and checks on the mini corpus, and the check command end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from haven_docs.checks.arithmetic import compute_table
from haven_docs.checks.decisions import besluit_gegevens
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from tests.conftest import MINI, run_build


@pytest.fixture(scope="module")
def index():
    return check_corpus(MINI)


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    return [d.format() for d in info.value.diagnostics]


def test_kinds_titles_and_labels(index):
    assert index.get("pijler-opvang").label == "Pijler 1: Humane opvang"
    assert index.get("up-opvang-1").kind == "uitgangspunt"
    assert index.get("up-opvang-1").parent == "pijler-opvang"
    assert index.get("br-bbb").kind == "begrotingsregel"
    assert index.get("bijlage-bijeenkomst").kind == "bijlage"
    assert index.get("motie-mentale-gezondheid").kind == "motie"
    assert index.get("al-opvang-bbb").document == "programma-test"
    assert index.get("coa").document is None
    assert {n.id for n in index.documents()} == {
        "visie-test", "programma-test", "nota-test", "raadsvoorstel-test", "raadsbesluit-test",
        "raadsmededeling-test", "afspraken-test",
    }
    assert index.get("afspraken-test").kind == "bestuurlijke-afspraken"  # a kind without a model of its own


def test_backlinks_come_from_fields_and_prose(index):
    sources = {link.source for link in index.backlinks["coa"]}
    # prose [[coa]] and the organisaties field, one holder; the issuer field and prose of a document
    assert sources == {"al-opvang-coa", "afspraken-test"}
    assert {link.source for link in index.backlinks["pijler-opvang"]} >= {"h-visie-naar-uitvoering", "h-pijler-opvang"}
    assert {link.source for link in index.backlinks["al-opvang-bbb"]} == {"br-bbb"}


def test_decision_facts_come_from_the_nota(index):
    gegevens = besluit_gegevens(index, index.get("raadsbesluit-test").model)
    assert gegevens.nummer == "2024-468"
    assert str(gegevens.datum_bw) == "2024-06-04"


def test_table_totals_are_computed(index):
    figures = compute_table(index.get("tabel-extra-inzet").model)
    assert figures.grand["kosten"].value == 250000
    assert {code: s.value for code, s in figures.split.items()} == {"S": 200000, "I": 50000}
    begroting = compute_table(index.get("tabel-begroting").model)
    (totaal, comparisons, _), = begroting.comparisons
    assert comparisons[0].stated.value == 101 and comparisons[0].computed.value == 100
    assert totaal.afwijking  # a known difference is accepted, not hidden


def test_unknown_reference_gets_closest_ids(mini_copy):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("[[pijler-taal]]", "[[pijler-tal]]"))
    (error,) = errors_of(mini_copy)
    assert "documenten/programma.yaml:18:51: error[unknown-ref]: onbekende verwijzing 'pijler-tal'" in error
    assert "bedoelde u 'pijler-taal'" in error


def test_reference_of_the_wrong_kind(mini_copy):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("actielijn: al-opvang-bbb", "actielijn: pijler-opvang"))
    (error,) = errors_of(mini_copy)
    assert "error[wrong-ref-kind]: 'pijler-opvang' is een pijler, hier hoort een actielijn" in error


def test_duplicate_id_reported_at_both_places(mini_copy):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("id: al-opvang-coa", "id: up-opvang-1"))
    errors = errors_of(mini_copy)
    assert len([e for e in errors if "duplicate-id" in e]) == 2
    assert any("documenten/visie.yaml:14:" in e for e in errors)


def test_total_that_does_not_add_up(mini_copy):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("waarden: {kosten: 250000}", "waarden: {kosten: 260000}"))
    (error,) = errors_of(mini_copy)
    assert "error[total-mismatch]" in error and "260.000" in error and "250.000" in error


def test_decision_number_disagrees(mini_copy):
    path = mini_copy / "documenten" / "raadsvoorstel.yaml"
    path.write_text(path.read_text().replace("team: DEV-BLD-MO", "team: DEV-BLD-MO\nvoorstelnummer: '2024-999'"))
    (error,) = errors_of(mini_copy)
    assert "raadsvoorstel.yaml:8:17: error[decision-mismatch]: voorstelnummer 2024-999" in error


def test_council_date_before_college_date(mini_copy):
    path = mini_copy / "documenten" / "raadsbesluit.yaml"
    path.write_text(path.read_text().replace("onderwerp:", "raadsvergadering: 2024-05-01\nonderwerp:"))
    (error,) = errors_of(mini_copy)
    assert "error[date-order]" in error


def test_inclusion_cycle(mini_copy):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("- opnemen: pijler-taal", "- opnemen: h-pijlers"))
    (error,) = errors_of(mini_copy)
    assert "error[ref-cycle]" in error


def test_check_command_end_to_end(tmp_path, mini_copy):
    ok = run_build("check", "--content", str(MINI))
    assert ok.returncode == 0, ok.stderr
    path = mini_copy / "documenten" / "nota.yaml"
    path.write_text(path.read_text().replace("onderwerp:", "onderwrp:"))
    voorstel = mini_copy / "documenten" / "raadsvoorstel.yaml"
    voorstel.write_text(voorstel.read_text().replace("voorstel: Het", "voorstl: Het"))
    bad = run_build("check", "--content", str(mini_copy))
    assert bad.returncode == 1
    assert "nota.yaml:4:1: error[unknown-field]: onbekend veld 'onderwrp' (tip: bedoelde u 'onderwerp'?)" in bad.stderr
    assert "raadsvoorstel.yaml:2:1: error[missing-field]: verplicht veld 'voorstel' ontbreekt" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = run_build("check", "--content", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    usage = run_build("bouw")
    assert usage.returncode == 2


def test_github_annotations(mini_copy):
    import os
    import subprocess
    import sys

    path = mini_copy / "documenten" / "nota.yaml"
    path.write_text(path.read_text().replace("onderwerp:", "onderwrp:"))
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(mini_copy)],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "unknown-field" in l)
    assert line.startswith("::error file=")
    assert ",line=4,col=1,title=haven-docs unknown-field::onbekend veld 'onderwrp'" in line


def test_real_content_checks_clean():
    result = run_build("check")
    assert result.returncode == 0, result.stderr
