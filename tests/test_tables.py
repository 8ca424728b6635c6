"""Tables: what cells are, what the build adds up, and which published totals it accepts.

The corpus tests/corpora/tabellen/ holds tables as published in the sources
(seeds 002 and 003); every test here changes one thing in a copy of it and
reads the errors a writer would see.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from haven_docs.checks.arithmetic import compute_table, read_cell
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.model.blocks import CelWaarde
from tests.conftest import ROOT

TABELLEN = ROOT / "tests" / "corpora" / "tabellen"
DOC = "documenten/tabellen.yaml"


def errors_after(tmp_path: Path, old: str, new: str) -> list[str]:
    """The error lines of a check of the tables corpus with ``old`` replaced by ``new`` once."""
    content = tmp_path / "content"
    shutil.copytree(TABELLEN, content)
    path = content / DOC
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"not exactly once in the corpus: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    try:
        check_corpus(content)
    except ContentError as exc:
        return [d.format() for d in exc.diagnostics]
    return []


@pytest.fixture(scope="module")
def tables():
    from haven_docs.corpus import check_corpus as check
    index = check(TABELLEN)
    return {n.id: n.model for n in index.of_kind("tabel")}


# --- what a cell is ------------------------------------------------------------------


@pytest.mark.parametrize("cell, kind, value, estimate", [
    (250000, "getal", Decimal(250000), False),
    (98.5, "getal", Decimal("98.5"), False),
    (-140.3, "getal", Decimal("-140.3"), False),
    ("-", "nihil", Decimal(0), False),
    ("", "leeg", None, False),
    ("PM", "onbekend", None, False),
    ("n.n.b.", "onbekend", None, False),
    ("?", "onbekend", None, False),
    ("100?", "schatting", Decimal(100), True),
    ("+/- 650", "schatting", Decimal(650), True),
    ("ca. 1.000", "schatting", Decimal(1000), True),
    ("± 6,5", "schatting", Decimal("6.5"), True),
    ("ongeveer vijftig", "tekst", None, False),
    (CelWaarde(waarde=83, tekst="83 (str)"), "getal", Decimal(83), False),
    (CelWaarde(waarde=300, schatting=True), "schatting", Decimal(300), True),
    (CelWaarde(tekst="PM", voetnoot="vn"), "onbekend", None, False),
])
def test_read_cell(cell, kind, value, estimate):
    read = read_cell(cell)
    assert (read.kind, read.value, read.estimate) == (kind, value, estimate)


# --- the published tables add up as published ---------------------------------------------


def test_corpus_checks_clean():
    check_corpus(TABELLEN)  # every stated total of the corpus is checked and agrees


def test_several_totals_over_named_groups(tables):
    figures = compute_table(tables["tabel-begroting-regionale-coordinatie"])
    own = figures.totals[-3:]
    assert [t.totaal.titel for t in own] == [
        "Totale Personeelskosten", "Totale Overige kosten", "Totale kosten Programma Vluchtelingen"]
    assert [t.sums["kosten"].value for t in own] == [1414714, 130000, 1544714]
    assert [t.sums["kosten"].unknown for t in own] == [1, 1, 2]  # the n.n.b. rows
    assert own[0].groups == [0, 1, 2, 3] and own[1].groups == [4]
    # The group total 'n.n.b.' over an n.n.b. row is as published, not an error.
    nnb = figures.totals[3]
    assert nnb.comparisons[0].stated.kind == "onbekend" and not nnb.comparisons[0].differs


def test_decimal_amounts_and_a_row_not_summed(tables):
    tabel = tables["tabel-financiele-middelen"]
    figures = compute_table(tabel)
    grand = [figures.grand[k].value for k in ("j2022", "j2023", "j2024", "j2025", "j2026")]
    assert grand == [Decimal("214.3"), Decimal("161.3"), Decimal("64.9"), Decimal("145.9"), Decimal("153.7")]
    (total,) = [t for t in figures.totals if t.totaal is tabel.totaal]
    assert total.groups == [0]  # the leenfaciliteit below the total is not summed
    assert not any(c.differs for c in total.comparisons)


def test_estimates_count_with_their_number(tables):
    figures = compute_table(tables["tabel-azc-locaties"])
    assert figures.grand["p2307"].value == 1965  # 550 + 100? + 100? + 700 + 25 + 300 + 80? + 110
    assert figures.grand["p2301"].value == 1665
    assert figures.grand["opgave"].counted == 0  # its only value is in the total row


# --- mistakes a writer can make ------------------------------------------------------------


def test_a_known_difference_in_one_column_does_not_silence_another(tmp_path):
    errors = errors_after(
        tmp_path, "waarden: {nov15: 591, dec1: 691,",
        "afwijking: {nov15: Testgeval.}\n            waarden: {nov15: 592, dec1: 692,")
    assert len(errors) == 1, errors
    assert "error[total-mismatch]: totaal '1-dec' van de tabel is 692, maar de regels tellen op tot 691" in errors[0]


def test_stale_remark_names_the_column(tmp_path):
    errors = errors_after(tmp_path, "waarden: {nov15: 591,", "afwijking: {dec1: Testgeval.}\n            waarden: {nov15: 591,")
    assert len(errors) == 1 and "error[stale-remark]" in errors[0] and "'dec1'" in errors[0], errors


def test_a_decimal_total_is_checked(tmp_path):
    errors = errors_after(tmp_path, "j2022: 214.3,", "j2022: 214.4,")
    assert len(errors) == 1, errors
    assert ("totaal '2022' van de tabel is 214,4, maar de regels tellen op tot 214,3 (verschil 0,1)") in errors[0]


def test_a_row_not_summed_counts_when_summed(tmp_path):
    errors = errors_after(tmp_path, "            - niet_optellen: true\n", "            - niet_optellen: false\n")
    assert any("totaal '2023' van de tabel is 161,3, maar de regels tellen op tot 228,3" in e for e in errors), errors


def test_unknown_total_over_known_rows(tmp_path):
    errors = errors_after(tmp_path, "kosten: n.n.b.}\n              totaal:", "kosten: 5}\n              totaal:")
    # The group total, and the two table totals over that group, are now 5 off.
    assert len(errors) == 3, errors
    assert "is 'n.n.b.', maar alle regels zijn bekend: ze tellen op tot € 5" in errors[0]


def test_over_names_a_group_that_does_not_exist(tmp_path):
    errors = errors_after(tmp_path, "over: [Overige kosten]", "over: [Overige kost]")
    assert len(errors) == 1 and "error[unknown-field]" in errors[0] and "bedoelde u 'Overige kosten'?" in errors[0]


def test_a_decimal_in_whole_euros_is_refused(tmp_path):
    errors = errors_after(tmp_path, "kosten: 128011}", "kosten: 128.011}")
    assert len(errors) == 1, errors
    assert "error[wrong-type]: '128.011' wordt gelezen als kommagetal" in errors[0]
    assert "zonder punten: 128011" in errors[0]


def test_a_text_in_a_number_column(tmp_path):
    errors = errors_after(tmp_path, "j2024: 57,", "j2024: ongeveer 57,")
    assert len(errors) == 1 and "error[wrong-type]: 'ongeveer 57' in kolom '2024' is geen getal" in errors[0]


def test_totaal_and_totalen_together(tmp_path):
    errors = errors_after(tmp_path, "          totalen:\n", "          totaal: {waarden: {}}\n          totalen:\n")
    assert len(errors) == 1 and "'totaal' of 'totalen', niet allebei" in errors[0], errors


# --- the one table view -----------------------------------------------------------------------


def view_of(tabel):
    from markupsafe import Markup, escape

    from haven_docs.tables import table_view
    return table_view(tabel, inline=lambda text: Markup(escape(text)), plain=escape)


def cells(row) -> list[str]:
    return [str(c.html) for c in row.cells]


def test_view_has_only_the_rows_the_yaml_states(tables):
    tabel = tables["tabel-begroting-regionale-coordinatie"]
    view = view_of(tabel)
    stated = sum(len(g.rijen) + bool(g.titel) + bool(g.totaal) for g in tabel.groepen) + len(tabel.totalen)
    assert len(view.rows) == stated  # no computed subtotal, no extra 'Totaal'
    assert [b.kind for b in view.bodies] == ["regels"] * 5 + ["totalen"]
    assert cells(view.rows[-1]) == ["Totale kosten Programma Vluchtelingen", "€ 1.544.714"]
    nnb = next(r for r in view.rows if cells(r)[0] == "Kosten Bijkomend personeel")
    assert cells(nnb)[1] == "n.n.b." and "onbekend" in nnb.cells[1].css


def test_view_puts_groups_not_summed_under_the_totals(tables):
    view = view_of(tables["tabel-financiele-middelen"])
    assert [b.kind for b in view.bodies] == ["regels", "totalen", "onder-totalen"]
    assert cells(view.bodies[1].rows[0])[1:] == ["214,3", "161,3", "64,9", "145,9", "153,7"]
    assert cells(view.rows[0])[1:] == ["", "46", "57", "73", "83 (str)"]  # as published, no €: a unit
    assert "(in miljoenen)" in str(view.caption)


def test_view_marks_estimates_and_footnotes(tables):
    view = view_of(tables["tabel-azc-locaties"])
    zwolle = next(r for r in view.rows if cells(r)[0] == "Zwolle")
    assert "gearceerd" in zwolle.cells[3].css and view.shaded and view.wide and view.long_text
    assert "schatting" in view.rows[1].cells[3].css and cells(view.rows[1])[3] == "100?"
    assert cells(view.rows[-1])[3] == "1.965[[vn-scenario]]"  # the footnote mark, rendered by the output


def test_view_shows_a_differing_total_as_published_with_a_note(tmp_path):
    from haven_docs.model.blocks import Tabel

    tabel = Tabel.model_validate({
        "id": "t", "titel": "Financieel kader",
        "kolommen": [{"sleutel": "post", "titel": ""}, {"sleutel": "j2024", "titel": "2024", "soort": "bedrag"},
                     {"sleutel": "j2025", "titel": "2025", "soort": "bedrag"}],
        "groepen": [{"titel": "Inkomsten", "rijen": [{"cellen": {"post": "a", "j2024": 1547698, "j2025": 5}}],
                     "totaal": {"waarden": {"j2024": 1930679, "j2025": 5},
                                "afwijking": {"j2024": "De bron verklaart dit verschil niet."}}}],
    })
    view = view_of(tabel)
    total, note = view.rows[-2], view.rows[-1]
    assert cells(total) == ["Totaal", '€ 1.930.679<span class="afwijking-teken">*</span>', "€ 5"]
    assert "afwijking" in total.cells[1].css and "afwijking" not in total.cells[2].css
    assert note.kind == "opmerking" and note.cells[0].colspan == 3
    assert cells(note) == ["* Zoals gepubliceerd; de regels tellen op tot € 1.547.698 (2024). "
                           "De bron verklaart dit verschil niet."]
