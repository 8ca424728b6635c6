"""SVG charts: self-contained, accessible, Dutch, and the same figures as the table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from haven_docs.charts import MUTED, PALETTE, TEXT, chart_text, svg_chart
from haven_docs.checks.arithmetic import compute_table
from haven_docs.model import Tabel

SVG = "{http://www.w3.org/2000/svg}"


def tabel(grafiek: str, groepen: list, kolommen: list | None = None, **extra) -> Tabel:
    return Tabel.model_validate({
        "id": "t-test", "titel": "Begroting <2026> & meer", "grafiek": grafiek,
        "kolommen": kolommen or [
            {"sleutel": "onderdeel", "titel": "Onderdeel"},
            {"sleutel": "bedrag", "titel": "Bedrag", "soort": "bedrag"},
        ],
        "groepen": groepen, **extra,
    })


def rows(*pairs):
    return [{"cellen": {"onderdeel": label, "bedrag": value}} for label, value in pairs]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def check_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("width") and root.get("height")
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_no_chart_when_not_asked():
    t = tabel("geen", [{"rijen": rows(("a", 1))}])
    assert svg_chart(t, compute_table(t)) is None


def test_pie_of_a_percentage_column():
    t = tabel("taart", [{"rijen": [
        {"cellen": {"onderdeel": "Opvang Oekraïners", "aandeel": 59}},
        {"cellen": {"onderdeel": "Bed, Bad en Brood", "aandeel": 41}},
    ]}], kolommen=[{"sleutel": "onderdeel", "titel": "Onderdeel"},
                   {"sleutel": "aandeel", "titel": "Aandeel", "soort": "percentage"}],
        totaal={"waarden": {"aandeel": 100}}, basis=16066990)
    figures = compute_table(t)
    svg = svg_chart(t, figures)
    root = parse(svg)
    check_accessible(root)
    assert len(root.findall(f"{SVG}path")) == 2
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert "Opvang Oekraïners: 59%" in texts and "Bed, Bad en Brood: 41%" in texts
    text = chart_text(t, figures)
    assert text.startswith("Taartdiagram") and "59%" in text and "Samen 100%" in text  # the stated total
    assert "Percentages van € 16.066.990" in text
    assert root.find(f"{SVG}desc").text == text
    # Every slice carries its legend number, so slices that look alike are told apart.
    assert [e.text for e in root.iter(f"{SVG}text") if e.get("font-weight") == "700"] == ["1", "2", "1", "2"]


def test_small_slices_are_numbered_outside_and_no_total_is_invented():
    t = tabel("taart", [{"rijen": rows(("a", 1), ("b", 98), ("c", 1))}])
    root = parse(svg_chart(t, compute_table(t)))
    assert len(root.findall(f"{SVG}line")) == 2  # leader lines to the two 1% slices
    assert "Samen" not in chart_text(t, compute_table(t))  # the table states no total


def test_bars_per_group_use_the_computed_group_sums():
    t = tabel("staaf", [
        {"titel": "1. Humane opvang", "rijen": rows(("a", 250000), ("b", 20000))},
        {"titel": "2. Taal als basis", "rijen": rows(("c", 50000), ("d", "PM"))},
    ])
    figures = compute_table(t)
    root = parse(svg_chart(t, figures))
    check_accessible(root)
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert "€ 270.000" in texts and "€ 50.000 + PM" in texts
    assert "1. Humane opvang" in texts
    text = chart_text(t, figures)
    assert "per groep" in text and "€ 270.000" in text and "€ 50.000 + PM" in text and "Totaal" not in text


def test_bars_per_row_with_several_year_columns_have_a_legend():
    kolommen = [{"sleutel": "onderdeel", "titel": "Onderdeel"},
                {"sleutel": "j2025", "titel": "2025", "soort": "bedrag"},
                {"sleutel": "j2026", "titel": "2026", "soort": "bedrag"}]
    t = tabel("staaf", [{"rijen": [
        {"cellen": {"onderdeel": "Uitvoering [[x|met link]]", "j2025": 1000, "j2026": 2000}},
        {"cellen": {"onderdeel": "Trajecten", "j2025": "-", "j2026": 1500}},
    ]}], kolommen=kolommen)
    root = parse(svg_chart(t, compute_table(t)))
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert "2025" in texts and "2026" in texts  # legend
    assert "Uitvoering met link" in texts  # references read as their text
    assert len([r for r in root.findall(f"{SVG}rect") if r.get("height") == "16"]) == 3  # '-' draws no bar


def test_text_is_escaped_and_the_svg_is_self_contained():
    t = tabel("staaf", [{"rijen": rows(("<script>alert(1)</script> & co", 10))}])
    svg = svg_chart(t, compute_table(t), id_prefix="p")
    root = parse(svg)  # well-formed XML: everything escaped
    assert "<script>" not in svg
    assert "href" not in svg and "@import" not in svg and "<style" not in svg
    assert root.find(f"{SVG}title").get("id") == "p--grafiek-titel"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("colour", PALETTE)
def test_chart_colours_contrast_with_white(colour):
    assert _contrast(colour, "#ffffff") >= 3.0  # WCAG 1.4.11 non-text contrast


@pytest.mark.parametrize("colour", [TEXT, MUTED])
def test_chart_text_contrast(colour):
    assert _contrast(colour, "#ffffff") >= 4.5


def test_nothing_to_draw_gives_no_chart():
    t = tabel("taart", [{"rijen": rows(("a", "PM"), ("b", "n.n.b."))}])
    assert svg_chart(t, compute_table(t)) is None
    assert "PM" in chart_text(t, compute_table(t))


def test_footnote_marks_are_no_words_in_a_chart():
    from types import SimpleNamespace

    from haven_docs.charts import reference_labels

    nodes = {"vn-3": SimpleNamespace(kind="voetnoot"), "coa": SimpleNamespace(kind="organisatie")}
    labels = reference_labels(SimpleNamespace(get=nodes.get), lambda node_id: f"label van {node_id}")
    t = tabel("staaf", [{"rijen": rows(("Opvang [[coa]][[vn-3]]", 10))}], titel="Begroting[[vn-3]]")
    text = chart_text(t, compute_table(t), ref_label=labels)
    assert "'Begroting'" in text and "Opvang label van coa: € 10" in text and "vn-3" not in text
