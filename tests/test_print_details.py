"""What the griffie notices in the printed documents: margins, heading blocks, empty bijlagen, dates."""

from __future__ import annotations

import datetime as dt
import re

import pikepdf
import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.pdf.dates import FALLBACK_DATE, fallback_date, last_commit_dates
from haven_docs.pdf.html import HtmlBuilder, document_info
from haven_docs.pdf.render import _house_style, toc_helps
from haven_docs.pdf.fetcher import AssetFetcher
from haven_docs.templating import BIJLAGE_ZONDER_INHOUD
from tests.conftest import CONTENT, MINI

MM = 96 / 25.4  # CSS px per mm


@pytest.fixture(scope="module")
def real():
    try:
        index = check_corpus(CONTENT)
    except ContentError:
        pytest.skip("content/ does not check yet")
    return index, HtmlBuilder(index, CONTENT)


def _render(builder: HtmlBuilder, html: str):
    from weasyprint import HTML

    fetcher = AssetFetcher(builder.roots)
    stylesheet, font_config = _house_style(fetcher)
    return HTML(string=html, base_url=builder.base_url, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=font_config)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def _longest(index):
    return max((n for n in index.documents()), key=lambda n: len(n.file.source.text))


def test_binding_margin_is_on_the_left_of_every_page(real):
    index, builder = real
    node = _longest(index)
    document = _render(builder, builder.html(node))
    assert len(document.pages) > 2
    for page in document.pages:
        assert page._page_box.margin_left == pytest.approx(27 * MM)
        assert page._page_box.margin_right == pytest.approx(20 * MM)


def test_mirrored_margins_are_a_setting_for_double_sided_print(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = content / "instellingen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "dubbelzijdig: true\n", encoding="utf-8")
    index = check_corpus(content)
    builder = HtmlBuilder(index, content)
    node = _longest(index)
    html = builder.html(node)
    assert re.search(r'<body class="[^"]*\bdubbelzijdig\b', html)
    document = _render(builder, html)
    lefts = [page._page_box.margin_left for page in document.pages[1:]]
    assert lefts[0] != lefts[1]  # pages 2 and 3: a left-hand and a right-hand page
    assert sorted({round(v / MM) for v in lefts}) == [20, 27]


def test_nota_heading_block_has_one_value_column_and_no_lines_for_absent_fields(real):
    index, builder = real
    notas = [n for n in index.documents() if n.kind == "nota"]
    assert notas
    for node in notas:
        html = builder.html(node)
        model = node.model
        absent = [name for name in ("team", "bestuursorgaan", "notanummer", "datum", "programma",
                                    "portefeuillehouder") if getattr(model, name) is None]
        for name in absent:  # a field the source does not have is left out
            label = {"team": "Team", "bestuursorgaan": "Bestuursorgaan", "notanummer": "Notanummer",
                     "datum": "Datum", "programma": "Programma", "portefeuillehouder": "Portefeuillehouder"}[name]
            if name != "bestuursorgaan" or model.vergaderdatum is None:
                assert f'<th scope="row">{label}</th>' not in html, (node.id, label)
        if model.team == "":  # shown empty in the source: an empty line, as published
            assert '<th scope="row">Team</th><td><span class="invullen"></span>' in html
        if not any(getattr(model, name) not in (None, []) for name in (
                "onderwerp", "team", "bestuursorgaan", "vergaderdatum", "notanummer", "datum", "programma",
                "portefeuillehouder", "bijlagen")):
            # Nothing of the heading block in the source: no empty table of heading fields either.
            assert 'class="gegevens"' not in html, node.id
            continue
        document = _render(builder, html)
        tables = [box for box in _boxes(document.pages[0]._page_box)
                  if getattr(box, "element_tag", None) == "table" and "gegevens" in (box.element.get("class") or "")]
        assert tables, node.id
        starts = {round(cell.content_box_x(), 1) for table in tables for cell in _boxes(table)
                  if getattr(cell, "element_tag", None) == "td"}
        assert len(starts) == 1, (node.id, starts)


def test_an_empty_bijlage_says_why(real):
    index, builder = real
    empty = [n for n in index.documents()
             if any(not b.inhoud and not b.secties for b in getattr(n.model, "bijlagen", []) if hasattr(b, "inhoud"))]
    if not empty:
        pytest.skip("no bijlage without content")
    for node in empty:
        assert BIJLAGE_ZONDER_INHOUD in builder.html(node)


def test_toc_rule(real):
    index, builder = real
    for node in index.documents():
        if "_inhoudsopgave" not in builder.html(node):
            continue
        document = _render(builder, builder.html(node))
        ids = [set(page.anchors) for page in document.pages]
        body = next(i for i, a in enumerate(ids) if "_romp" in a)
        assert toc_helps(document) == (len(ids) - body >= 5), node.id


def test_undated_documents_get_the_date_of_their_files_last_commit(real):
    index, builder = real
    dates = last_commit_dates(CONTENT)
    for node in index.documents():
        info = document_info(index, node)
        job = builder.job(node)
        if info.date is not None:
            assert job.info.date == info.date
        else:
            assert job.info.date == fallback_date(dates, node.file.source.path)
            assert job.info.date_text == job.info.date.isoformat()


def test_outside_git_the_stand_in_date():
    assert last_commit_dates(MINI.parent.parent.parent / "nonexistent") == {}
    assert fallback_date({}, "x.yaml") == FALLBACK_DATE == dt.date(1980, 1, 1)


def test_no_page_ends_in_a_hyphenated_word(real):
    from weasyprint import HTML

    from haven_docs.pdf.render import hyphenated_page_ends, no_hyphen_at_page_end

    index, builder = real
    seen = 0
    for node in index.documents():
        fetcher = AssetFetcher(builder.roots)
        page = HTML(string=builder.html(node), base_url=builder.base_url, url_fetcher=fetcher)
        stylesheet, font_config = _house_style(fetcher)

        def render():
            return page.render(stylesheets=[stylesheet], font_config=font_config)

        document = render()
        seen += len(hyphenated_page_ends(document))
        document = no_hyphen_at_page_end(document, render)
        assert hyphenated_page_ends(document) == [], node.id
    if not seen:
        pytest.skip("no page of the content ends in a hyphenated word without the fix: nothing was tested")
