"""PDFs of the mini corpus: layout facts, metadata, tagging, attachment, determinism, safety.

One set of PDFs is built per session (``mini_pdfs``) and every check reads it;
the determinism tests build the same corpus again with another number of
workers and from the cache. The real content has its own module
(test_pdf_content.py) that reuses the checks defined here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.index import Index, Node
from haven_docs.model import POLICY_KINDS, Stuk
from haven_docs.pdf import build_pdfs, print_jobs
from haven_docs.pdf.fetcher import AssetFetcher, ResourceRefused
from haven_docs.pdf.html import HOUSE_FONT, HtmlBuilder, PRINT_DIR, document_info
from haven_docs.pdf.render import NS_HAVEN, NS_PDFUAID, TOC_MIN_PAGES, RenderError, render_pdf
from tests.conftest import MINI

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": NS_PDFUAID,
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "haven": NS_HAVEN,
}

#: Page counts of the mini corpus's PDFs: (at least, at most).
MINI_PAGES = {
    "nota-test": (1, 2),
    "raadsvoorstel-test": (1, 2),
    "raadsbesluit-test": (1, 1),
    "raadsmededeling-test": (1, 1),
    # Cover and text; a table of contents only from 5 pages of text (render.TOC_MIN_PAGES).
    "visie-test": (2, 4),
    "programma-test": (3, 7),
    "afspraken-test": (1, 2),
}


# --- a built set of PDFs, shared ----------------------------------------------------------


@dataclasses.dataclass
class Built:
    content: Path
    out: Path
    index: Index
    paths: dict[str, Path]
    html: dict[str, str]

    def documents(self) -> list[Node]:
        return self.index.documents()


def build_set(content: Path, out: Path, jobs: int | None = 2, cache_dir: Path | None = None) -> Built:
    index = check_corpus(content)
    paths = build_pdfs(index, content, out, jobs=jobs, cache_dir=cache_dir, refresh_cache=False)
    html = {job.doc_id: job.html for job in print_jobs(index, content)}
    return Built(content, out, index, {p.stem: p for p in paths}, html)


@pytest.fixture(scope="session")
def mini_pdfs(tmp_path_factory) -> Built:
    return build_set(MINI, tmp_path_factory.mktemp("pdf-mini"), jobs=2)


# --- reading PDFs --------------------------------------------------------------------------


def norm(text: str) -> str:
    """Whitespace collapsed, case folded, soft hyphens and line-end hyphenation undone."""
    text = text.replace("\u00ad", "").replace("\u2011", "-")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return " ".join(text.split()).casefold()


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def full_text(path: Path) -> str:
    return norm("\n".join(page_texts(path)))


def outline_pages(path: Path) -> list[tuple[str, int]]:
    """(bookmark title, 1-based page) for every heading, in order."""
    reader = PdfReader(path)
    result: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                result.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return result


def xmp(path: Path) -> ET.Element:
    with pikepdf.open(path) as pdf:
        raw = bytes(pdf.Root.Metadata.read_bytes())
    return ET.fromstring(raw)


def xmp_values(root: ET.Element, tag: str) -> list[str]:
    """Text of every element or attribute ``prefix:name`` anywhere in the packet."""
    prefix, name = tag.split(":")
    qualified = f"{{{NS[prefix]}}}{name}"
    values = []
    for element in root.iter():
        if element.tag == qualified:
            texts = [li.text for li in element.iter(f"{{{NS['rdf']}}}li")]
            values.extend([t for t in texts if t] or ([element.text] if element.text else []))
        if qualified in element.attrib:
            values.append(element.attrib[qualified])
    return values


def section_titles(sections) -> list[str]:
    titles = []
    for sectie in sections:
        titles.append(sectie.titel)
        titles.extend(section_titles(sectie.secties))
    return titles


def expected_headings(node: Node) -> list[str]:
    """Every section heading the PDF must show, and the fixed headings of its kind."""
    model = node.model
    if node.kind in POLICY_KINDS:  # the table of contents only where it helps: check_toc
        return [*section_titles(model.hoofdstukken), *section_titles(model.bijlagen)]
    if isinstance(model, Stuk):  # a kind without a model: a Besluit heading only with a decision
        return [*(["Besluit"] if model.besluit else []), *section_titles(model.secties),
                *(["Bijlagen"] if model.bijlagen else [])]
    # A nota's form parts that the source does not have are left out.
    nota_parts = [title for title, present in (
        ("Notagegevens", node.kind == "nota" and (model.bijlagen or any(
            getattr(model, f) is not None for f in ("bestuursorgaan", "vergaderdatum", "notanummer", "datum",
                                                    "programma", "portefeuillehouder")))),
        ("Parafering", node.kind == "nota" and model.parafering),
        ("Agendering", node.kind == "nota" and model.agendering),
    ) if present]
    fixed = {
        "nota": ["Nota voor Burgemeester en Wethouders", *nota_parts,
                 *(["Besluit"] if getattr(model, "besluit", None) else [])],
        "raadsvoorstel": ["Raadsvoorstel"],
        "raadsbesluit": ["Raadsbesluit", "Besluit"],
        "raadsmededeling": ["Raadsmededeling"],
    }[node.kind]
    return [*fixed, *section_titles(model.secties)]


def expected_metadata_text(built: Built, node: Node) -> list[str]:
    info = document_info(built.index, node)
    # A document without title or subject in its source is headed by its kind (expected_headings).
    titel = getattr(node.model, "titel", None) or node.model.onderwerp
    expected = [titel] if titel else []
    if info.number and node.kind not in POLICY_KINDS:
        expected.append(info.number)
    if isinstance(node.model, Stuk):
        expected.append(info.kind_label)  # the kind's name, from the kinds data
    if node.kind in POLICY_KINDS:
        expected.append("gemeente Deventer")
    return expected


# --- checks, shared with test_pdf_content.py --------------------------------------------------


def check_text(built: Built, node: Node) -> None:
    text = full_text(built.paths[node.id])
    for wanted in expected_metadata_text(built, node) + expected_headings(node):
        # A footnote mark in a heading prints as its number after the words, not as [[id]].
        wanted = re.sub(r"\[\[([^\]|]+)\]\]",
                        lambda m: "" if (built.index.get(m.group(1)) or node).kind == "voetnoot" else m.group(0),
                        wanted)
        assert norm(wanted) in text, f"{node.id}: '{wanted}' not in the PDF text"
    assert "none" not in text.split(), f"{node.id}: prints 'None'"


def check_toc(built: Built, node: Node) -> None:
    """Printed TOC numbers = the bookmark's page = the page whose text holds the heading."""
    path = built.paths[node.id]
    pages = [norm(t) for t in page_texts(path)]
    toc_page = next((i for i, t in enumerate(pages) if "inhoudsopgave" in t), None)
    # Only where it helps (render.TOC_MIN_PAGES): the text after the cover (and the TOC) is long enough.
    if toc_page is None:
        assert len(pages) - 1 < TOC_MIN_PAGES, f"{node.id}: {len(pages)} pages and no table of contents"
        return
    assert len(pages) - (toc_page + 1) >= TOC_MIN_PAGES, f"{node.id}: a table of contents for a short text"
    toc_text = pages[toc_page]
    bookmarks = outline_pages(path)
    model = node.model
    nav = re.search(r'<nav class="inhoudsopgave">(.*?)</nav>', built.html[node.id], re.S).group(1)
    printed = [unescape(re.sub(r"<[^>]+>", "", text)) for text in re.findall(r"<a [^>]*>(.*?)</a>", nav)]
    # Chapters and their sections are listed (deeper sections are not), and the bijlagen.
    wanted = [*(s.titel for s in model.hoofdstukken), *(s.titel for h in model.hoofdstukken for s in h.secties),
              *(s.titel for s in model.bijlagen)]
    if node.kind == "visie":
        wanted += [f"Pijler {p.nummer}: {p.titel}" for p in model.pijlers]
    for titel in wanted:
        assert any(norm(e).endswith(norm(titel)) for e in printed), f"{node.id}: '{titel}' not in the TOC"
    assert printed, f"{node.id}: nothing in the table of contents"
    for entry in printed:
        titel = next((t for t in wanted if norm(entry).endswith(norm(t))), entry)
        match = re.search(re.escape(norm(titel)) + r"[\s.]*?(\d+)(?!\d)", toc_text)
        assert match, f"{node.id}: '{titel}' has no page number in the table of contents"
        page = int(match.group(1))
        marks = [p for title, p in bookmarks if norm(title).endswith(norm(titel))]
        assert page in marks, f"{node.id}: TOC says page {page} for '{titel}', bookmarks say {marks}"
        assert norm(titel) in pages[page - 1], f"{node.id}: '{titel}' is not on page {page}"


def check_references(built: Built, node: Node) -> None:
    """Every cross-reference link says the page of its target: '(zie pagina N)'."""
    path = built.paths[node.id]
    targets = set(re.findall(r'<a class="ref" href="#([^"]+)"', built.html[node.id]))
    reader = PdfReader(path)
    names = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    texts = [norm(t) for t in page_texts(path)]
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if annot.get("/Subtype") != "/Link" or dest is None or str(dest) not in targets:
                continue
            target_page = names[str(dest)]
            assert f"(zie pagina {target_page})" in texts[number], (
                f"{node.id} page {number + 1}: link to '{dest}' (page {target_page}) without '(zie pagina {target_page})'")


def check_footnotes(built: Built, node: Node) -> None:
    """A footnote's text stands at the foot of the page that calls it."""
    html = built.html[node.id]
    texts = [norm(t) for t in page_texts(built.paths[node.id])]
    pattern = r'((?:[^<>]|<[^>]*>){0,200})<span class="voetnoot" id="([^"]+)" data-nummer="[^"]*">(.*?)</span>'
    for before, note_id, body in re.findall(pattern, html):
        words = norm(unescape(re.sub(r"<[^>]+>", "", body)))[:40]
        call = " ".join(norm(unescape(re.sub(r"<[^>]+>", " ", before))).split()[-2:])
        on = [i for i, t in enumerate(texts) if words in t]
        assert len(on) == 1, f"{node.id}: footnote {note_id} found on pages {on}"
        assert call in texts[on[0]], f"{node.id}: footnote {note_id} is not on the page of its call ('{call}')"


def check_metadata(built: Built, node: Node) -> None:
    path = built.paths[node.id]
    info = document_info(built.index, node)
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata().pdfa_status == "3A"
        root = pdf.Root
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) in ("nl", "nl-NL")
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo["/Title"]) == info.title
        # The issuer of a document of another kind (none without `uitgever`: a factsheet), else the
        # municipality of the settings.
        if isinstance(node.model, Stuk):
            expected = built.index.get(node.model.uitgever).title if node.model.uitgever else None
        else:
            expected = "gemeente Deventer"
        author = pdf.docinfo.get("/Author")
        assert (str(author) if author is not None else None) == info.author == expected
        # One rule for every PDF's dates (pdf/dates.py): present, and the document's own date where it has one.
        created = str(pdf.docinfo["/CreationDate"])
        assert str(pdf.docinfo["/ModDate"]) == created
        if info.date_text is not None:  # with the precision the content has ("2024-05": D:202405)
            assert created.startswith("D:" + info.date_text.replace("-", "")), (node.id, created)
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
        assert fonts and all("Open-Sans" in font for font in fonts), fonts
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant.FontDescriptor or "/FontFile3" in descendant.FontDescriptor
    packet = xmp(path)
    assert xmp_values(packet, "dc:title") == [info.title]
    assert xmp_values(packet, "dc:creator") == ([info.author] if info.author else [])
    assert xmp_values(packet, "dc:description") == [info.subject]
    assert xmp_values(packet, "pdfaid:part") == ["3"] and xmp_values(packet, "pdfaid:conformance") == ["A"]
    assert xmp_values(packet, "pdfuaid:part") == ["1"]
    assert NS_PDFUAID in xmp_values(packet, "pdfaSchema:namespaceURI")  # PDF/A extension schema
    assert len(packet.findall(f"{{{NS['rdf']}}}RDF")) == 1
    assert xmp_values(packet, "haven:documentId") == [node.id]
    if info.number:
        assert xmp_values(packet, "haven:documentNummer") == [info.number]
    assert xmp_values(packet, "dc:identifier") == [info.number or node.id]


def check_attachment(built: Built, node: Node) -> None:
    source = node.file.source
    with pikepdf.open(built.paths[node.id]) as pdf:
        name = Path(source.path).name
        assert list(pdf.attachments) == [name]
        spec = pdf.attachments[name]
        assert str(spec.obj.AFRelationship) == "/Source"
        attached = spec.get_file()
        data = attached.read_bytes()
        assert data == Path(source.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source.digest
        assert attached.mime_type == "application/yaml"
        date = document_info(built.index, node).date
        if date is not None:
            assert attached.creation_date.date() == date
            assert attached.mod_date.date() == date
        assert len(pdf.Root.AF) == 1


ALL_CHECKS = (check_text, check_metadata, check_attachment, check_references, check_footnotes)


# --- the mini corpus -----------------------------------------------------------------------


def test_one_pdf_per_document(mini_pdfs):
    assert sorted(mini_pdfs.paths) == sorted(node.id for node in mini_pdfs.documents())
    # and the folder of the bundles (a nota with a bijlage in content/: tests/test_bundles.py)
    assert sorted(p.name for p in mini_pdfs.out.iterdir()) == sorted([f"{i}.pdf" for i in MINI_PAGES] + ["bundel"])


@pytest.mark.parametrize("doc_id", sorted(MINI_PAGES))
def test_page_count(mini_pdfs, doc_id):
    low, high = MINI_PAGES[doc_id]
    pages = len(PdfReader(mini_pdfs.paths[doc_id]).pages)
    assert low <= pages <= high
    with pikepdf.open(mini_pdfs.paths[doc_id]) as pdf:
        for page in pdf.pages:  # A4
            assert [round(float(v)) for v in page.MediaBox] == [0, 0, 595, 842]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("doc_id", sorted(MINI_PAGES))
def test_mini_document(mini_pdfs, doc_id, check):
    check(mini_pdfs, mini_pdfs.index.get(doc_id))


@pytest.mark.parametrize("doc_id", ["visie-test", "programma-test"])
def test_table_of_contents(mini_pdfs, doc_id):
    check_toc(mini_pdfs, mini_pdfs.index.get(doc_id))


def test_running_header_and_page_numbers(mini_pdfs):
    texts = [norm(t) for t in page_texts(mini_pdfs.paths["programma-test"])]
    assert len(texts) >= 3
    assert "pagina" not in texts[0]  # the cover has no header or page number
    for number, text in enumerate(texts[1:], start=2):
        assert f"pagina {number} van {len(texts)}" in text
        assert norm("Uitvoeringsprogramma 'Deventer, een veilige haven'") in text
    voorstel = norm(page_texts(mini_pdfs.paths["raadsvoorstel-test"])[0])
    assert "voorstelnummer 2024-468" in voorstel and "pagina 1 van 1" in voorstel


def test_decision_documents_as_published(mini_pdfs):
    voorstel = full_text(mini_pdfs.paths["raadsvoorstel-test"])
    for wanted in ("Onderwerp: Beleidskader Inburgering", "Portefeuillehouder: Wethouder De Geest",
                   "Voorstelnummer: 2024-468", "Datum B en W besluit: 4 juni 2024", "Team: DEV-BLD-MO",
                   "Burgemeester en wethouders van de gemeente Deventer,", "de secretaris,",
                   "de burgemeester,", "J.P. Wassens", "R.C. König"):
        assert norm(wanted) in voorstel, wanted
    assert voorstel.index("inleiding") < voorstel.index(norm("Het beleidskader vast te stellen"))
    besluit = full_text(mini_pdfs.paths["raadsbesluit-test"])
    for wanted in ("De raad van de gemeente Deventer,",
                   "Gelezen het voorstel van burgemeester en wethouders d.d. 4 juni 2024, nummer 2024-468",
                   "BESLUIT", "Het beleidskader vast te stellen.",
                   "Aldus vastgesteld in de openbare raadsvergadering van", "De raad voornoemd,",
                   "de griffier,", "de voorzitter,", "A. Kerver", "R.C. König"):
        assert norm(wanted) in besluit, wanted
    nota = full_text(mini_pdfs.paths["nota-test"])
    for wanted in ("Bestuursorgaan: B-en-W 4 juni 2024", "Notanummer: 2024-468", "30 mei 2024: Wethouder",
                   "B & W d.d.: 4 juni 2024", "1. de raad voor te stellen het beleidskader vast te stellen",
                   "De nota en het besluit openbaar te maken"):
        assert norm(wanted) in nota, wanted


def test_unknown_fields_are_blank_lines_not_none(mini_pdfs):
    # The raadsbesluit has no dates of raadstafel and raadsvergadering yet (lines of its form to
    # write on); the nota shows its team empty ("" in the content).
    for doc_id in ("raadsbesluit-test", "nota-test"):
        html = mini_pdfs.html[doc_id]
        assert html.count('<span class="invullen"></span>') >= 1
        assert "None" not in html
        assert "none" not in full_text(mini_pdfs.paths[doc_id]).split()
    besluit = full_text(mini_pdfs.paths["raadsbesluit-test"])
    assert "raadstafel d.d.: raadsvergadering:" in besluit  # both empty: a line to write on


def test_fields_the_source_lacks_are_left_out(mini_pdfs):
    # The raadsmededeling has no portefeuillehouder, date or team in its source: no lines for them
    # (its number comes from its nota).
    html = mini_pdfs.html["raadsmededeling-test"]
    assert '<span class="invullen"></span>' not in html and "None" not in html
    text = full_text(mini_pdfs.paths["raadsmededeling-test"])
    assert "nummer: 2024-468" in text
    for label in ("portefeuillehouder:", "datum:", "team:"):
        assert label not in text, label


def test_tables_print_published_totals_and_differences(mini_pdfs):
    text = full_text(mini_pdfs.paths["programma-test"])
    # The published total and split per code, as published (S first).
    assert norm("Totaal € 250.000 € 200.000 (S) € 50.000 (I)") in text
    # A known difference: the published figure, marked, and a note with the sum of the rows.
    assert "101%*" in text
    assert norm("* Zoals gepubliceerd; de regels tellen op tot 100%.") in text
    assert norm("De gepubliceerde percentages tellen op tot 100; dit is een testgeval.") in text


def test_charts_in_the_house_typeface(mini_pdfs):
    html = mini_pdfs.html["programma-test"]
    if "<svg" not in html:
        pytest.skip("haven_docs.charts is not there yet")
    assert html.count('<figure class="grafiek">') == 2
    assert f'font-family="{HOUSE_FONT}"' in html
    with pikepdf.open(mini_pdfs.paths["programma-test"]) as pdf:
        alts = [str(e.get("/Alt")) for e in _struct_elements(pdf.Root.StructTreeRoot) if str(e.get("/S")) == "/Figure"]
    assert any("Staafdiagram" in alt for alt in alts) and any("Taartdiagram" in alt for alt in alts)


def _struct_elements(node):
    stack = [node.K]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            yield item
            if "/K" in item:
                stack.append(item.K)


def test_tagged_structure(mini_pdfs):
    with pikepdf.open(mini_pdfs.paths["programma-test"]) as pdf:
        elements = list(_struct_elements(pdf.Root.StructTreeRoot))
        kinds = {str(e.S) for e in elements}
        scopes = {str(e.A.Scope) for e in elements if str(e.S) == "/TH"}
        assert all("/Scope" in e.A for e in elements if str(e.S) == "/TH")
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/Caption"} <= kinds
    assert scopes == {"/Column", "/Row"}  # column heads, group titles; row heads


def test_references_link_inside_and_name_outside(mini_pdfs):
    html = mini_pdfs.html["programma-test"]
    # A pijler shown here through 'opnemen' is a link target in this PDF ...
    assert '<a class="ref" href="#pijler-opvang">Pijler 1: Humane opvang</a>' in html
    # ... an organisation in the register is plain text: the PDF has no page for it.
    assert "Centraal Orgaan opvang asielzoekers" in html and 'href="#coa"' not in html
    # Raw HTML in prose stays text.
    assert "&lt;script&gt;" in html and "<script>" not in html
    text = full_text(mini_pdfs.paths["programma-test"])
    # The page the reference names is the page that shows the pijler's heading.
    page = int(re.search(r"pijler 1: humane opvang \(zie pagina (\d+)\)", text).group(1))
    shown = [i + 1 for i, t in enumerate(page_texts(mini_pdfs.paths["programma-test"]))
             if re.search(r"pijler 1: humane opvang(?! \(zie pagina)", norm(t))]
    assert page in shown


def test_footnote_is_a_real_footnote(mini_pdfs):
    texts = page_texts(mini_pdfs.paths["programma-test"])
    page = next(i for i, t in enumerate(texts) if "asielwet" in t and "Zie ook" in t)
    lines = [line for line in texts[page].splitlines() if line.strip()]
    note = next(i for i, line in enumerate(lines) if "reeks wetsvoorstellen" in line)
    body = next(i for i, line in enumerate(lines) if "Zie ook" in line)
    assert note > body  # below the text that calls it, on the same page


# --- determinism and the cache ------------------------------------------------------------


def _digests(paths) -> dict[str, str]:
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def test_identical_bytes_with_one_worker_and_across_builds(mini_pdfs, tmp_path):
    again = build_set(MINI, tmp_path / "one", jobs=1)
    assert _digests(again.paths.values()) == _digests(mini_pdfs.paths.values())


def test_cache_gives_the_same_bytes_and_refresh_rebuilds(mini_pdfs, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = build_set(MINI, tmp_path / "a", jobs=1, cache_dir=cache)
    assert len(list((cache / "pdf").glob("*.pdf"))) == len(MINI_PAGES)

    from haven_docs import pdf as pdf_package

    rendered: list[str] = []
    original = pdf_package.submit

    def counting(job, jobs=None, needed=None):
        rendered.append(job.doc_id)
        return original(job, jobs, needed)

    monkeypatch.setattr(pdf_package, "submit", counting)
    second = build_set(MINI, tmp_path / "b", jobs=1, cache_dir=cache)
    assert rendered == []
    assert _digests(second.paths.values()) == _digests(first.paths.values()) == _digests(mini_pdfs.paths.values())
    build_pdfs(second.index, MINI, tmp_path / "c", jobs=1, cache_dir=cache, refresh_cache=True)
    # every document, and the bundle of nota-test (pdf/bundel/nota-test.pdf, a job of that document)
    assert sorted(rendered) == sorted([*MINI_PAGES, "nota-test"])
    assert _digests((tmp_path / "c").glob("*.pdf")) == _digests(first.paths.values())


def test_dates_come_from_the_content(mini_pdfs):
    with pikepdf.open(mini_pdfs.paths["raadsvoorstel-test"]) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20240604")
    packet = xmp(mini_pdfs.paths["programma-test"])
    assert packet.find(".//{http://ns.adobe.com/xap/1.0/}CreateDate").text == "2026-01"


# --- the fetcher ------------------------------------------------------------------------------


@pytest.fixture
def fetcher(tmp_path) -> AssetFetcher:
    assets = tmp_path / "content" / "assets"
    assets.mkdir(parents=True)
    (assets / "kaart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "geheim.css").write_text("body{}")
    (assets / "link.css").symlink_to(tmp_path / "geheim.css")
    return AssetFetcher([PRINT_DIR, assets])


def test_fetcher_serves_own_assets(fetcher, tmp_path):
    css = fetcher.fetch((PRINT_DIR / "print.css").as_uri())
    assert css.content_type == "text/css" and b"@page" in css.read()
    image = fetcher.fetch((tmp_path / "content" / "assets" / "kaart.png").as_uri())
    assert image.content_type == "image/png"


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "buiten"),
    ("http://example.org/x.png", "netwerkadressen"),
    ("https://example.org/x.css", "netwerkadressen"),
    ("ftp://example.org/x.css", "netwerkadressen"),
    ("data:text/css,body{}", "'data:'"),
    (PRINT_DIR.as_uri() + "/../../../../../../etc/passwd", "buiten"),
    (PRINT_DIR.as_uri() + "/%2e%2e/%2e%2e/haven_docs/__init__.py", "buiten"),
    (PRINT_DIR.as_uri() + "/nota.html", "type '.html'"),
    (PRINT_DIR.as_uri() + "/bestaat-niet.css", "niet gevonden"),
    ("file://otherhost/etc/passwd", "andere machine"),
])
def test_fetcher_refuses(fetcher, url, reason):
    with pytest.raises(ResourceRefused) as caught:
        fetcher.fetch(url)
    assert reason in str(caught.value)
    assert "bron geweigerd" in str(caught.value)


def test_fetcher_refuses_symlink_out_of_assets(fetcher, tmp_path):
    with pytest.raises(ResourceRefused, match="buiten"):
        fetcher.fetch((tmp_path / "content" / "assets" / "link.css").as_uri())


HOSTILE = {
    "img-file": '<img src="file:///etc/passwd" alt="x">',
    "img-http": '<img src="http://example.org/x.png" alt="x">',
    "img-traversal": '<img src="../../../../../../etc/passwd" alt="x">',
    "img-data": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
    "stylesheet-http": '<link rel="stylesheet" href="http://example.org/x.css">',
    "stylesheet-traversal": '<link rel="stylesheet" href="../../haven_docs/../../../etc/passwd">',
    "css-import": '<style>@import url("https://example.org/x.css");</style>',
    "css-background": '<style>body { background: url("../../haven_docs/__init__.py") }</style>',
    "css-font": '<style>@font-face { font-family: X; src: url("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") }'
                " p { font-family: X }</style>",
    "svg-image": '<svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>',
    "attachment-link": '<link rel="attachment" href="file:///etc/passwd">',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_html_is_refused_end_to_end(mini_pdfs, name):
    node = mini_pdfs.index.get("raadsbesluit-test")
    job = HtmlBuilder(mini_pdfs.index, MINI).job(node)
    hostile = job.html.replace("</head>", HOSTILE[name] + "</head>", 1) if "link" in name or "css" in name \
        else job.html.replace("<h1>", HOSTILE[name] + "<h1>", 1)
    with pytest.raises(RenderError) as caught:
        render_pdf(dataclasses.replace(job, html=hostile))
    assert "bron geweigerd" in caught.value.message
    assert caught.value.source.endswith("raadsbesluit.yaml")


def _with_image(content: Path, src: str) -> None:
    path = content / "documenten" / "raadsmededeling.yaml"
    path.write_text(path.read_text() + f"      - tekst: 'Een kaart: ![kaart van de opvanglocaties]({src})'\n")


def test_missing_asset_is_a_content_error(mini_copy, tmp_path):
    """Found by the check, at the text that shows it, before any PDF is rendered."""
    _with_image(mini_copy, "assets/kaart.png")
    with pytest.raises(ContentError) as caught:
        check_corpus(mini_copy)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "missing-image"
    assert diagnostic.pos.path.endswith("raadsmededeling.yaml")
    assert "bestaat niet" in diagnostic.message


def test_fetcher_still_refuses_a_missing_asset(mini_copy, tmp_path):
    """Defence in depth: should an image go missing after the check, the render stops."""
    _with_image(mini_copy, "assets/kaart.png")
    (mini_copy / "assets").mkdir()
    (mini_copy / "assets" / "kaart.png").write_bytes(ONE_PIXEL_PNG)
    index = check_corpus(mini_copy)
    (mini_copy / "assets" / "kaart.png").unlink()
    with pytest.raises(ContentError) as caught:
        build_pdfs(index, mini_copy, tmp_path / "out", jobs=1, cache_dir=None, refresh_cache=False)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "pdf-error"
    assert "niet gevonden" in diagnostic.message


def _one_pixel_png() -> bytes:
    # Made by Pillow: the check refuses a PNG with a bad checksum (as a hand-written one had).
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (1, 1)).save(out, "PNG")
    return out.getvalue()


ONE_PIXEL_PNG = _one_pixel_png()


def test_own_asset_is_printed(mini_copy, tmp_path):
    (mini_copy / "assets").mkdir(exist_ok=True)
    (mini_copy / "assets" / "kaart.png").write_bytes(ONE_PIXEL_PNG)
    _with_image(mini_copy, "assets/kaart.png")
    index = check_corpus(mini_copy)
    [path] = [p for p in build_pdfs(index, mini_copy, tmp_path / "out", jobs=1) if p.stem == "raadsmededeling-test"]
    with pikepdf.open(path) as pdf:
        alts = [str(e.get("/Alt")) for e in _struct_elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    assert "kaart van de opvanglocaties" in alts


def test_policy_document_without_date_is_still_reproducible(mini_copy, tmp_path):
    path = mini_copy / "documenten" / "programma.yaml"
    path.write_text(path.read_text().replace("datum: 2026-01\n", ""))
    index = check_corpus(mini_copy)
    first = build_pdfs(index, mini_copy, tmp_path / "a", jobs=1)
    second = build_pdfs(index, mini_copy, tmp_path / "b", jobs=2)
    assert _digests(first) == _digests(second)
    with pikepdf.open(tmp_path / "a" / "programma-test.pdf") as pdf:
        # Outside git (a temporary copy): the stand-in date of pdf/dates.py, the same in both builds.
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:19800101")
        attached = pdf.attachments["programma.yaml"].get_file()
        assert attached.creation_date.date() == dt.date(1980, 1, 1)
