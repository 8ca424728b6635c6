"""PDFs of the real content: every document through every check of test_pdf.py.

Built once per session. Skipped (with the reason) while the content does not
pass ``build.py check``: the content tests report that.
"""

from __future__ import annotations

import hashlib

import pytest
from pypdf import PdfReader

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.model import POLICY_KINDS
from haven_docs.pdf import print_jobs
from haven_docs.pdf.render import render_pdf
from tests.conftest import CONTENT
from tests.test_pdf import ALL_CHECKS, Built, build_set, check_toc, full_text, norm, page_texts

#: Pages per kind of document: (at least, at most). Generous: content grows.
PAGES_BY_KIND = {
    "nota": (1, 10),
    "raadsvoorstel": (1, 10),
    "raadsbesluit": (1, 2),
    "raadsmededeling": (1, 6),
    "visie": (3, 30),
    "beleidskader": (3, 30),
    "uitvoeringsprogramma": (3, 40),
    "uitvoeringsplan": (3, 30),
    "bestuurlijk-afsprakenkader": (2, 15),
    "overzicht": (1, 5),
    "informatienota": (1, 15),
    "bestuurlijke-afspraken": (2, 20),
    "factsheet": (1, 5),
    "transitieplan": (3, 40),
}
#: Documents whose published originals we know: their length as published, give or take.
PAGES_OF = {
    "raadsbesluit-2024-468": (1, 1),
    "raadsvoorstel-2024-468": (3, 7),
    "beleidskader-inburgering": (9, 13),  # the original has 10 pages
}


def _document_ids(*kinds: str) -> list[str]:
    try:
        return sorted(node.id for node in check_corpus(CONTENT).documents() if not kinds or node.kind in kinds)
    except ContentError:
        return []


DOCUMENTS = _document_ids()
POLICY_DOCUMENTS = _document_ids(*POLICY_KINDS)


@pytest.fixture(scope="session")
def content_pdfs(tmp_path_factory) -> Built:
    try:
        return build_set(CONTENT, tmp_path_factory.mktemp("pdf-content"), jobs=None)
    except ContentError as exc:
        pytest.skip(f"content/ does not check yet: {exc}")


def test_there_are_documents():
    if not DOCUMENTS:
        pytest.skip("content/ does not check yet")
    kinds = {doc_id.split("-")[0] for doc_id in DOCUMENTS}
    assert {"nota", "raadsvoorstel", "raadsbesluit"} <= kinds


@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_page_count(content_pdfs, doc_id):
    node = content_pdfs.index.get(doc_id)
    low, high = PAGES_OF.get(doc_id, PAGES_BY_KIND[node.kind])
    assert low <= len(PdfReader(content_pdfs.paths[doc_id]).pages) <= high


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_document(content_pdfs, doc_id, check):
    check(content_pdfs, content_pdfs.index.get(doc_id))


@pytest.mark.parametrize("doc_id", POLICY_DOCUMENTS)
def test_table_of_contents(content_pdfs, doc_id):
    check_toc(content_pdfs, content_pdfs.index.get(doc_id))


def test_raadsbesluit_formula(content_pdfs):
    if "raadsbesluit-2024-468" not in content_pdfs.paths:
        pytest.skip("no raadsbesluit 2024-468")
    text = full_text(content_pdfs.paths["raadsbesluit-2024-468"])
    assert norm("Gelezen het voorstel van burgemeester en wethouders d.d. 4 juni 2024, nummer 2024-468") in text
    assert norm("Aldus vastgesteld in de openbare raadsvergadering van") in text
    assert "none" not in text.split()
    # An ontwerp (no raadsvergadering in the source): every page says so, in the header and a watermark.
    import pypdf

    pages = pypdf.PdfReader(content_pdfs.paths["raadsbesluit-2024-468"]).pages
    for page in pages:
        page_text = page.extract_text()
        assert "ONTWERP" in page_text and "ONTWERP-raadsbesluit | Beleidskader Inburgering" in page_text


def test_beleidskader_footnotes_and_table(content_pdfs):
    if "beleidskader-inburgering" not in content_pdfs.paths:
        pytest.skip("no beleidskader")
    texts = [norm(t) for t in page_texts(content_pdfs.paths["beleidskader-inburgering"])]
    page = next(i for i, t in enumerate(texts) if "2.1 inrichtingskeuzes 2021" in t and "inhoudsopgave" not in t)
    assert "1 zie: raadsmededeling" in texts[page]  # footnote 1 at the foot of its page
    text = " ".join(texts)
    # The published 2024 income total differs from its rows: shown as published, marked,
    # with the sum of the rows in a note under it.
    assert norm("Totaal € 1.930.679*") in text
    assert norm("* Zoals gepubliceerd; de regels tellen op tot € 1.547.698 (2024).") in text


def test_same_bytes_when_rendered_again_alone(content_pdfs):
    job = next(j for j in print_jobs(content_pdfs.index, CONTENT) if j.doc_id == content_pdfs.documents()[0].id)
    again = render_pdf(job)
    assert hashlib.sha256(again).digest() == hashlib.sha256(content_pdfs.paths[job.doc_id].read_bytes()).digest()


def test_every_document_page_opens_its_pdf_at_its_place(content_pdfs, tmp_path):
    """Each page of a document links to its PDF; a chapter's link names a destination that the PDF has."""
    import html
    import re

    import pikepdf

    from haven_docs.site.builder import write_docs
    from haven_docs.site.plan import make_plan

    write_docs(content_pdfs.index, CONTENT, tmp_path / "docs")
    plan = make_plan(content_pdfs.index, CONTENT)
    destinations: dict[str, set[str]] = {}
    anchored = 0
    for page in plan.pages:
        node = page.context.get("node")
        if node is None:
            continue
        text = (tmp_path / "docs" / page.path).read_text(encoding="utf-8")
        links = re.findall(r'href="[^"]*pdf/([^"#]+)\.pdf(?:#([^"]*))?"', text)
        assert any(doc == node.id for doc, _ in links), f"{page.path}: no link to its pdf"
        for doc, fragment in links:
            fragment = html.unescape(fragment)  # the page's HTML escapes it ('&#95;')
            if not fragment:
                continue
            if doc not in destinations:
                with pikepdf.open(content_pdfs.paths[doc]) as pdf:
                    destinations[doc] = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
            assert fragment in destinations[doc], f"{page.path}: {doc}.pdf has no destination '{fragment}'"
            anchored += 1
    assert anchored
