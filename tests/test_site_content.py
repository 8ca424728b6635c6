"""The site built from the real content/: complete, every link and anchor resolving."""

from __future__ import annotations

from pathlib import Path

import pytest

from haven_docs.site.crawl import crawl
from haven_docs.site.links import page_url
from haven_docs.site.plan import make_plan

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def built(real_content_site):
    index, out = real_content_site
    return index, out, crawl(out)


def test_real_content_links_and_anchors_resolve(built):
    _index, _out, site = built
    assert site.problems() == []


def test_every_node_of_the_real_content_is_linkable(built):
    index, _out, site = built
    plan = make_plan(index, CONTENT)
    missing = []
    for node_id in index.nodes:
        location = plan.locations.get(node_id)
        if location is None:
            missing.append(f"{node_id}: no page")
            continue
        page = site.pages.get(page_url(location.page))
        if page is None or (location.anchor and location.anchor not in page.ids):
            missing.append(f"{node_id}: not on {location.page}")
    assert missing == []


def test_every_document_has_a_page_with_its_pdf_link(built):
    index, _out, site = built
    for node in index.documents():
        pages = [p for p in site.pages.values() if any(l.endswith(f"pdf/{node.id}.pdf") for l in p.links)]
        assert pages, node.id


def test_an_organisation_named_by_its_abbreviation_is_not_named_twice(built):
    _index, out, _site = built
    page = (out / "registers" / "organisaties" / "index.html").read_text(encoding="utf-8")
    assert "Centraal Orgaan opvang asielzoekers (COA)" in page
    assert '<h2 id="asdd">ASDD<' in page
    assert "ASDD (ASDD)" not in page
