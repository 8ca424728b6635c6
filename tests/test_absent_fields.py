"""What a source does not have is not printed: no subject, no issuer, no table caption.

Rendered in-process (site Markdown and print HTML), without a full build.
"""

from __future__ import annotations

import re
from pathlib import Path

from haven_docs.corpus import check_corpus
from haven_docs.pdf.html import HtmlBuilder, document_info
from haven_docs.site import write_docs


def _drop_line(path: Path, prefix: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(prefix)]
    assert len(kept) == len(lines) - 1, f"{prefix!r} not found once in {path}"
    path.write_text("".join(kept), encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_decision_document_without_subject_is_named_by_its_kind(mini_copy, tmp_path):
    """No 'Onderwerp:' line the source lacks; the document is still named in links and lists."""
    docs = mini_copy / "documenten"
    _drop_line(docs / "raadsmededeling.yaml", "onderwerp:")
    index = check_corpus(mini_copy)
    node = index.get("raadsmededeling-test")
    # The number comes from its nota, as before; the subject is left out, not made up.
    assert node.label == "Raadsmededeling 2024-468" and node.title == node.label

    write_docs(index, mini_copy, tmp_path / "docs")
    page = (tmp_path / "docs" / "stukken" / "raadsmededeling-test.md").read_text(encoding="utf-8")
    assert "Onderwerp" not in page
    assert re.search(r"^# Raadsmededeling 2024-468", page, re.M), page

    builder = HtmlBuilder(index, mini_copy)
    html = builder.html(node)
    assert "Onderwerp" not in _text(html)
    info = document_info(index, node)
    assert "None" not in f"{info.title} {info.header} {info.subject}"


def test_two_untitled_documents_of_one_kind_are_told_apart_by_what_they_go_with(mini_copy):
    docs = mini_copy / "documenten"
    _drop_line(docs / "raadsmededeling.yaml", "onderwerp:")
    second = (docs / "raadsmededeling.yaml").read_text(encoding="utf-8")
    (docs / "raadsmededeling-2.yaml").write_text(
        second.replace("id: raadsmededeling-test", "id: raadsmededeling-tweede")
        .replace("nota: nota-test\n", "nota: nota-test\nbetreft: programma-test\n"), encoding="utf-8")
    index = check_corpus(mini_copy)
    # Both would read 'Raadsmededeling 2024-468'. The first goes with its nota, whose subject is
    # published; the second is about the programma (betreft).
    assert index.get("raadsmededeling-test").label == "Raadsmededeling 2024-468 bij Beleidskader Inburgering"
    assert index.get("raadsmededeling-tweede").label == (
        "Raadsmededeling 2024-468 bij Uitvoeringsprogramma 'Deventer, een veilige haven'")


def test_a_generic_document_without_title_or_subject_checks_and_prints_its_kind_once(mini_copy):
    docs = mini_copy / "documenten"
    _drop_line(docs / "afspraken.yaml", "titel: Bestuurlijke afspraken over de opvang")
    index = check_corpus(mini_copy)
    node = index.get("afspraken-test")
    soort = index.soort("bestuurlijke-afspraken")
    assert node.title == soort.naam
    html = HtmlBuilder(index, mini_copy).html(node)
    header = html[html.index('<header class="documentkop">'):html.index("</header>")]
    assert _text(header).count(soort.naam) == 1, header
    assert f"<h1>{soort.naam}</h1>" in header


def test_a_generic_document_without_issuer_has_no_sender_line(mini_copy):
    """The factsheet case: no uitgever in the source, so no 'gemeente ...' line and no PDF author."""
    docs = mini_copy / "documenten"
    _drop_line(docs / "afspraken.yaml", "uitgever:")
    index = check_corpus(mini_copy)
    node = index.get("afspraken-test")
    info = document_info(index, node)
    assert info.author is None
    html = HtmlBuilder(index, mini_copy).html(node)
    assert 'class="afzender"' not in html
    gemeente = index.settings().gemeente
    assert gemeente.casefold() not in _text(html).casefold()
    # A document of the municipality's own kinds still names it as sender.
    nota = document_info(index, index.get("nota-test"))
    assert nota.author == f"gemeente {gemeente}"


def test_a_table_without_title_has_no_caption_but_a_name_for_screen_readers(tmp_path):
    """The tables corpus, as the transitieplan: a table without a caption in the source."""
    from tests.conftest import ROOT

    content = ROOT / "tests" / "corpora" / "tabellen"
    index = check_corpus(content)
    write_docs(index, content, tmp_path / "docs")
    pages = tmp_path / "docs" / "documenten" / "tabellen-test"
    page = (pages / "h-statushouders.md").read_text(encoding="utf-8")
    block = page[page.index('id="tabel-taakstelling"'):]
    block = block[:block.index("</table>")]
    assert "<caption" not in block
    # The heading it stands under names it (not shown): on the scrolling region and on the table.
    assert block.count('aria-label="Basis bouwsteen huisvesting statushouders"') == 2, block
    titled = (pages / "h-cno.md").read_text(encoding="utf-8")
    assert "<caption" in titled

    html = HtmlBuilder(index, content).html(index.get("tabellen-test"))
    tables = re.findall(r"<table[^>]*>.*?</table>", html, re.S)
    untitled = [t for t in tables if "2e helft 2022 formeel" in t]
    assert len(untitled) == 1 and "<caption" not in untitled[0]
    assert sum("<caption" in t for t in tables) == len(tables) - 1


def test_the_agreement_between_parties_prints_no_sender_its_source_lacks(tmp_path):
    """Seed 003: the Bestuurlijke afspraken of 26 augustus 2022 are made between four parties, and
    their first page names none of them as sender (title, 'Datum: 26 augustus 2022'). Neither does
    page 1 of the PDF, its metadata or the site page: not the site's municipality, not a party."""
    import subprocess

    from haven_docs.pdf.render import render_pdf
    from tests.conftest import ROOT

    content = ROOT / "content"
    index = check_corpus(content)
    node = index.get("bestuurlijke-afspraken-doorstroom-migratie-2022")
    assert node.model.uitgever is None
    gemeente = index.settings().gemeente
    # The agreement as registered: its parties, none of them the issuer of the document.
    afspraak = next(n for n in index.of_kind("besluit") if getattr(n.model, "document", None) == node.id)
    partijen = [index.get(p).title for p in afspraak.model.orgaan]
    assert len(partijen) == 4

    info = document_info(index, node)
    assert info.author is None
    builder = HtmlBuilder(index, content)
    html = builder.html(node, info)
    assert 'class="afzender"' not in html
    pdf = tmp_path / "afspraken.pdf"
    pdf.write_bytes(render_pdf(builder.job(node)))
    page1 = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Datum:\s+26 augustus 2022", page1), page1
    assert gemeente.casefold() not in page1.casefold()
    title = re.sub(r"\s+", " ", page1.split("Datum:")[0])
    # Above the date only the kind and the title (which names the parties as the source does).
    assert re.sub(r"\s+", " ", node.title).upper() in title.upper()
    for partij in partijen:
        assert partij.upper() not in title.upper().replace(node.title.upper(), ""), partij
    pdfinfo = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"^Author:", pdfinfo, re.M), pdfinfo

    write_docs(index, content, tmp_path / "docs")
    page = next((tmp_path / "docs").rglob(f"{node.id}.md")).read_text(encoding="utf-8")
    assert gemeente not in page
