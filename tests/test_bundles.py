"""Bundles: a document with its bijlagen that are documents in content/, as one PDF.

A copy of the mini corpus gets a nested bijlage: nota-test has afspraken-test as Bijlage A,
which gets taken-test as its Bijlage 2 (its Bijlage 1 stays a title only). The bundle PDF
of nota-test is built once (``bundle``) and read by most tests here.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from haven_docs.bundles import bundle_parts, bundle_pdf_path
from haven_docs.corpus import check_corpus
from haven_docs.index import Index
from haven_docs.model.base import Id
from haven_docs.pdf import PdfPlan, build_pdfs, last_stats, start_pdfs
from haven_docs.pdf.html import HtmlBuilder
from haven_docs.site import build_site
from haven_docs.site.crawl import crawl
from tests.conftest import MINI
from tests.test_pdf import NS_PDFUAID, xmp, xmp_values

TAKEN = """\
# A bijlage of a bijlage (tests/test_bundles.py).
soort: factsheet
id: taken-test
titel: Overzicht van de taken van de regio
uitgever: coa
secties:
  - id: taken-verdeling
    titel: Verdeling
    inhoud:
      - tekst: De taken volgen uit [[afspraken-test|de afspraken]]; zie ook de [[nota-test|nota]].
"""


def nested_corpus(target: Path) -> Path:
    shutil.copytree(MINI, target)
    (target / "documenten" / "taken.yaml").write_text(TAKEN, encoding="utf-8")
    afspraken = target / "documenten" / "afspraken.yaml"
    text = afspraken.read_text(encoding="utf-8")
    text = text.replace("    vindplaats: Bij de griffie.\n",
                        "    vindplaats: Bij de griffie.\n  - nummer: \"2\"\n    document: taken-test\n")
    afspraken.write_text(text, encoding="utf-8")
    return target


@dataclass
class Bundle:
    content: Path
    out: Path
    index: Index
    path: Path
    cache: Path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    tmp = tmp_path_factory.mktemp("bundel")
    content = nested_corpus(tmp / "content")
    index = check_corpus(content)
    cache = tmp / "cache"
    build_pdfs(index, content, tmp / "out", jobs=2, cache_dir=cache)
    return Bundle(content, tmp / "out", index, tmp / "out" / "bundel" / "nota-test.pdf", cache)


PARTS = [("nota-test", 0, None), ("afspraken-test", 1, "A"), ("taken-test", 2, "2")]


def test_parts_in_print_order(bundle):
    parts = bundle_parts(bundle.index, bundle.index.get("nota-test"))
    assert [(p.doc_id, p.depth, p.nummer) for p in parts] == PARTS
    # The bijlage with only a title (Bijlage 1 of the afspraken) is no part.
    assert "Overzicht van taken" not in [p.titel for p in parts]


def test_only_documents_with_document_bijlagen_have_a_bundle(bundle):
    written = sorted(p.name for p in (bundle.out / "bundel").iterdir())
    # afspraken-test has a bijlage in content/ too (taken-test): its own, smaller bundle.
    assert written == ["afspraken-test.pdf", "nota-test.pdf"]
    assert last_stats["bundles"] == 2


def test_page_count_is_the_parts_plus_a_divider_per_bijlage(bundle):
    """Each part is laid out as in its own PDF (same template, same pages); each bijlage adds
    its divider page."""
    singles = [len(PdfReader(bundle.out / f"{doc_id}.pdf").pages) for doc_id, _, _ in PARTS]
    assert len(PdfReader(bundle.path).pages) == sum(singles) + len(PARTS) - 1


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 0-based page) of every bookmark, in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def test_outline_lists_every_part_in_order_with_its_headings_nested(bundle):
    marks = outline(bundle.path)
    index = bundle.index
    parts = [(level, title) for level, title, _ in marks
             if title == index.get("nota-test").label or title.startswith("Bijlage ")]
    assert parts == [
        (1, index.get("nota-test").label),
        (2, "Bijlage A — Bestuurlijke afspraken over de opvang"),
        (3, "Bijlage 2 — Overzicht van de taken van de regio"),
    ]
    # Each part's own headings sit one level under it, between it and the next part.
    titles = [title for _, title, _ in marks]
    levels = dict((title, level) for level, title, _ in marks)
    a, two = titles.index(parts[1][1]), titles.index(parts[2][1])
    assert "1 Inleiding" in titles[a:two] and levels["1 Inleiding"] == 3
    assert titles[two + 1:] == ["Verdeling"] and levels["Verdeling"] == 4
    # The part's bookmark opens its divider page; the text follows on the next page.
    pages = {title: page for _, title, page in marks}
    assert pages["Verdeling"] == pages[parts[2][1]] + 1


def test_each_part_has_its_own_page_numbers_and_divider(bundle):
    reader = PdfReader(bundle.path)
    texts = [page.extract_text() for page in reader.pages]
    starts = {title: page for _, title, page in outline(bundle.path)}
    for doc_id, depth, nummer in PARTS:
        single = len(PdfReader(bundle.out / f"{doc_id}.pdf").pages)
        if depth:
            title = next(t for t in starts if t.startswith(f"Bijlage {nummer} — "))
            divider = texts[starts[title]]
            assert f"Bijlage {nummer}" in divider and "pagina" not in divider  # no number on a divider
            first = starts[title] + 1
            for page in texts[first:first + single]:  # the running header names the part
                assert title in page, (doc_id, page[:80])
        else:
            first = 0
        assert f"pagina 1 van {single}" in texts[first], (doc_id, texts[first][-80:])
        assert f"pagina {single} van {single}" in texts[first + single - 1]


def test_bijlage_without_document_is_listed_not_invented(bundle):
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(bundle.path).pages)
    assert "Bijlage 1 Overzicht van taken (Bij de griffie.)" in text
    assert not any(title.startswith("Bijlage 1 ") for _, title, _ in outline(bundle.path))


def test_references_between_parts_are_links_into_the_bundle(bundle):
    builder = HtmlBuilder(bundle.index, bundle.content)
    html = builder.bundle_job(bundle.index.get("nota-test")).html
    # The nota's list of bijlagen and the bijlage's reference back: links to the parts.
    assert '<a class="ref deel-ref" href="#afspraken-test">' in html
    assert '<a class="ref deel-ref" href="#nota-test">nota</a>' in html
    # Ids the templates make are made unique per part; every id is printed once.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    with pikepdf.open(bundle.path) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert any("/Dest" in a or ("/A" in a and a.A.get("/S") == "/GoTo") for a in links)


def test_bundle_is_tagged_archival_and_carries_every_source(bundle):
    with pikepdf.open(bundle.path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3A"
        assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.K) > 0
        assert str(pdf.Root.Lang) in ("nl", "nl-NL") and bool(pdf.Root.MarkInfo.Marked)
        assert sorted(pdf.attachments) == ["afspraken.yaml", "nota.yaml", "taken.yaml"]
        for name in pdf.attachments:
            assert pdf.attachments[name].get_file().read_bytes() == (
                next(bundle.content.rglob(name)).read_bytes())
    packet = xmp(bundle.path)
    assert xmp_values(packet, "pdfuaid:part") == ["1"]
    assert NS_PDFUAID in xmp_values(packet, "pdfaSchema:namespaceURI")
    assert xmp_values(packet, "haven:documentId") == ["nota-test"]


def test_same_content_gives_the_same_bundle_bytes(bundle, tmp_path):
    again = tmp_path / "again"
    build_pdfs(bundle.index, bundle.content, again, jobs=1, cache_dir=None)
    assert (again / "bundel" / "nota-test.pdf").read_bytes() == bundle.path.read_bytes()


def test_bundle_is_rebuilt_when_a_part_changes_and_reused_otherwise(bundle, tmp_path):
    content = nested_corpus(tmp_path / "content")
    cache = tmp_path / "cache"

    def build() -> dict[str, int]:
        start_pdfs(check_corpus(content), content, jobs=2, cache_dir=cache).finish(tmp_path / "out")
        return dict(last_stats)

    assert build()["bundles_rendered"] == 2
    assert build()["bundles_rendered"] == 0
    # A document no part reads: nothing of the bundles.
    mededeling = content / "documenten" / "raadsmededeling.yaml"
    mededeling.write_text(mededeling.read_text(encoding="utf-8") + "\n# een opmerking\n", encoding="utf-8")
    stats = build()
    assert stats["rendered"] == 1 and stats["bundles_rendered"] == 0
    # The bijlage of the bijlage: its own PDF and both bundles that hold it.
    taken = content / "documenten" / "taken.yaml"
    taken.write_text(taken.read_text(encoding="utf-8").replace("De taken volgen", "Alle taken volgen"),
                     encoding="utf-8")
    stats = build()
    assert stats["rendered"] == 1 and stats["bundles_rendered"] == 2
    assert "Alle taken volgen" in " ".join(
        page.extract_text() for page in PdfReader(tmp_path / "out" / "bundel" / "nota-test.pdf").pages)


def test_bundle_path_cannot_be_a_document_pdf():
    """pdf/<id>.pdf is a document's PDF; a bundle is pdf/bundel/<id>.pdf, and an id has no '/'."""
    pattern = re.compile(Id.__metadata__[0].pattern)
    path = bundle_pdf_path("nota-test")
    assert path == "pdf/bundel/nota-test.pdf"
    assert not pattern.match(path.removeprefix("pdf/").removesuffix(".pdf"))
    # A document called 'bundel' keeps its own PDF beside the folder: pdf/bundel.pdf.
    assert pattern.match("bundel") and bundle_pdf_path("bundel") == "pdf/bundel/bundel.pdf"


def test_plan_names_bundles_apart_from_documents(bundle):
    plan = PdfPlan(bundle.index, bundle.content)
    assert sorted(plan.bundles) == ["bundel:afspraken-test", "bundel:nota-test"]
    assert plan.output("bundel:nota-test") == "bundel/nota-test" and plan.output("nota-test") == "nota-test"


# --- the site ---------------------------------------------------------------------------------


def test_document_page_shows_the_bundle_nested_and_links_its_pdf(bundle, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    build_site(bundle.index, bundle.content, out)
    site = crawl(out)
    page = next(p for url, p in site.pages.items() if url.rstrip("/").endswith("nota-test"))
    html = page.path.read_text(encoding="utf-8")
    section = html[html.index('id="hd--bundel"'):]
    section = section[:section.index("</div>")]
    # Bijlage A with, inside its item, its own Bijlage 2; both link to their pages.
    assert re.search(r'<span class="hd-nummer">Bijlage A</span> <a href="[^"]*afspraken-test/">', section)
    inner = section[section.index("Bijlage A"):]
    assert re.search(r'<ul class="hd-lijst">\s*<li><span class="hd-nummer">Bijlage 2</span> '
                     r'<a href="[^"]*taken-test/">', inner)
    assert "Overzicht van taken" not in section  # title only: in the list of bijlagen, not in the bundle
    links = [link for link in page.links if link.endswith("pdf/bundel/nota-test.pdf")]
    assert links and site.resolve(page, links[0]) == ("pdf/bundel/nota-test.pdf", "")
    # A document without bijlagen in content/ shows no bundle.
    visie = next(p for url, p in site.pages.items() if url.rstrip("/").endswith("visie-test"))
    assert 'id="hd--bundel"' not in visie.path.read_text(encoding="utf-8")


def test_an_ontwerp_part_says_so_in_its_header_not_with_a_watermark_over_the_bundle(tmp_path):
    """A fixed watermark would be drawn on every page of every part: the part's header says ONTWERP."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    nota = content / "documenten" / "nota.yaml"
    nota.write_text(nota.read_text(encoding="utf-8").replace(
        "    document: afspraken-test\n", "    document: afspraken-test\n  - nummer: B\n    document: raadsbesluit-test\n"),
        encoding="utf-8")
    index = check_corpus(content)
    html = HtmlBuilder(index, content).bundle_job(index.get("nota-test")).html
    sections = dict(re.findall(r'<section class="deel[^"]*" id="([^"]+)"[^>]*data-kop="([^"]*)"', html))
    assert sections["raadsbesluit-test"].startswith("Bijlage B — ") and sections["raadsbesluit-test"].endswith("| ONTWERP")
    assert "ONTWERP" not in sections["afspraken-test"]
    assert html.count('class="watermerk-ontwerp"') == 1  # in the part, hidden by bundel.css
    css = (Path(__file__).parents[1] / "templates" / "print" / "bundel.css").read_text(encoding="utf-8")
    assert "section.deel .watermerk-ontwerp { display: none; }" in css
