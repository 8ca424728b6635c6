"""Woo redaction (issue 17): the syntax, the grounds register, and no withheld byte in the public build.

tests/corpora/woo/ uses every kind of withheld passage; each contains the word WOOGEHEIM. The
public build of it must hold that word in no output byte: every file is searched, compressed files
unpacked, and every PDF opened: each stream decompressed, each string decoded, each page's text
extracted, each attachment read. The internal build, searched the same way, must hold it: that
proves the search can see where the word would be.
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from haven_docs import markup, woo
from haven_docs.build import build
from haven_docs.corpus import check_corpus
from haven_docs.uitgave import Uitgave
from tests.conftest import ROOT

WOO = ROOT / "tests" / "corpora" / "woo"
SECRET = "WOOGEHEIM"


# --- searching every output byte ----------------------------------------------------------------


def _pdf_texts(path: Path) -> list[tuple[str, str]]:
    """Every text a PDF holds, as (where, text): streams decompressed, strings decoded, page text, attachments."""
    found: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()

    def visit(obj, where: str) -> None:
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            key = obj.objgen
            if key in seen:
                return
            seen.add(key)
        if isinstance(obj, pikepdf.Stream):
            try:
                data = obj.read_bytes()
            except pikepdf.PdfError:
                data = obj.read_raw_bytes()
            found.append((f"{where} stream", data.decode("latin-1")))
            found.append((f"{where} stream utf-8", data.decode("utf-8", "replace")))
            visit(obj.stream_dict, where)
        elif isinstance(obj, pikepdf.Dictionary):
            for key in obj.keys():
                visit(obj[key], f"{where}{key}")
        elif isinstance(obj, pikepdf.Array):
            for i, item in enumerate(obj):
                visit(item, f"{where}[{i}]")
        elif isinstance(obj, pikepdf.String):
            found.append((where, str(obj)))
            found.append((where + " bytes", bytes(obj).decode("latin-1")))
        elif isinstance(obj, pikepdf.Name):
            found.append((where, str(obj)))

    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            visit(obj, "object")
        visit(pdf.trailer, "trailer")
        for name, spec in pdf.attachments.items():
            found.append((f"attachment {name}", spec.get_file().read_bytes().decode("utf-8", "replace")))
        meta = pdf.open_metadata()
        found.append(("xmp", str(meta)))
    reader = PdfReader(path)
    for number, page in enumerate(reader.pages, start=1):
        found.append((f"page {number} text", page.extract_text() or ""))
    for item in _outline_titles(reader.outline):
        found.append(("bookmark", item))
    return found


def _outline_titles(outline) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_outline_titles(item))
        else:
            titles.append(item.title)
    return titles


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def secret_places(out: Path, secret: str = SECRET) -> list[str]:
    """Where the secret word is in a built output: '<file>: <place>' for each hit (any case)."""
    hits: list[str] = []
    needle = secret.lower()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files, f"no output in {out}"
    for path in files:
        data = path.read_bytes()
        texts = [("bytes", data.decode("utf-8", "replace")), ("bytes latin-1", data.decode("latin-1"))]
        if path.suffix == ".gz":
            texts.append(("gunzipped", gzip.decompress(data).decode("utf-8", "replace")))
        if path.suffix == ".pdf":
            texts.extend(_pdf_texts(path))
        for where, text in texts:
            # Entities and JSON escapes would hide the word from a byte search.
            for variant in (text, html.unescape(text), _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)):
                if needle in variant.lower():
                    hits.append(f"{path.relative_to(out)}: {where}")
                    break
    return sorted(set(hits))


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("openbaar") / "site"
    build(WOO, out, jobs=1, use_cache=False, quiet=True)
    return out


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("intern") / "site-intern"
    build(WOO, out, jobs=1, use_cache=False, quiet=True, uitgave=Uitgave(intern=True))
    return out


def test_the_corpus_marks_every_withheld_passage_with_the_secret_word():
    index = check_corpus(WOO)
    passages, wholes = 0, 0
    for content in index.files:
        for _holder, _path, _name, _key, text in woo.texts(content.model):
            for lak in markup.find_laks(text):
                passages += 1
                assert lak.passage is not None and SECRET in lak.passage, (content.source.path, text)
        for whole, _path in woo.wholes(content.model):
            wholes += 1
            assert SECRET in whole.model_dump_json(), (content.source.path, whole)
    kinds = {type(whole).__name__ for content in index.files for whole, _ in woo.wholes(content.model)}
    assert kinds == {"LakBlok", "Sectie", "Bijlage", "Ondertekenaar"}
    assert passages >= 10 and wholes >= 6


def test_public_build_holds_no_withheld_byte(public_site):
    assert secret_places(public_site) == []
    # It did build what the test searched: every page and PDF, the search index, open data, feed.
    for name in ("search/search_index.json", "open-data/haven-docs.json", "feed.xml", "sitemap.xml",
                 "pdf/nota-opvanglocatie.pdf", "pdf/brief-eigenaar.pdf", "stukken/nota-opvanglocatie/index.html"):
        assert (public_site / name).is_file(), name


def test_public_build_holds_no_withheld_amount(public_site, internal_site):
    # The nota's table withholds the amount 51017 ({waarde: 51017, tekst: "[[lak B|...]]"}): not
    # even the number that counts in the total may reach the public build (open data, charts).
    for written in ("51017", "51.017"):
        assert secret_places(public_site, written) == []
    assert any(p.startswith("stukken/nota-opvanglocatie/") for p in secret_places(internal_site, "51.017"))
    page = (public_site / "stukken" / "nota-opvanglocatie" / "index.html").read_text(encoding="utf-8")
    assert "Zoals gepubliceerd" not in page  # the published total is not marked as differing


def test_a_withheld_amount_leaves_the_public_model():
    index = check_corpus(WOO)
    woo.lak(index)
    tabel = index.nodes["tabel-kosten-opvang"].model
    cell = tabel.groepen[0].rijen[0].cellen["bedrag"]
    assert (cell.waarde, cell.tekst) == (None, "[[lak B]]")


def test_internal_build_holds_the_withheld_text(internal_site):
    places = secret_places(internal_site)
    for name in ("stukken/nota-opvanglocatie/index.html", "stukken/brief-eigenaar/index.html",
                 "search/search_index.json", "open-data/haven-docs.json"):
        assert any(place.startswith(name + ":") for place in places), (name, places)
    # The search sees the PDF's text layer and its attached source.
    for pdf in ("pdf/nota-opvanglocatie.pdf", "pdf/brief-eigenaar.pdf"):
        assert any(place.startswith(f"{pdf}: page") for place in places), (pdf, places)
        assert any(place.startswith(f"{pdf}: attachment") for place in places), (pdf, places)


def test_public_pdfs_of_redacted_documents_carry_no_source(public_site):
    for doc_id, attached in (("nota-opvanglocatie", False), ("brief-eigenaar", False), ("raadsmededeling-opvang", True)):
        with pikepdf.open(public_site / "pdf" / f"{doc_id}.pdf") as pdf:
            assert bool(pdf.attachments) is attached, doc_id


def _site_legend(page: Path) -> list[tuple[str, str]]:
    text = page.read_text(encoding="utf-8")
    table = text[text.index('class="hd-woo-legenda__tabel"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", table)
    return [(html.unescape(code), html.unescape(ground)) for code, ground in rows]


def _pdf_legend(pdf: Path, codes: list[str]) -> list[tuple[str, str]]:
    reader = PdfReader(pdf)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    legend = text[text.rindex("Weggelakte informatie (Woo)"):]
    grounds = woo.register(check_corpus(WOO))
    shown = [(code, g.artikel + ": " + g.grond) for code, g in grounds.items()
             if f"{code} {g.artikel}: {g.grond}" in legend]
    assert all(code in grounds for code in codes)
    return shown


@pytest.mark.parametrize("doc_id, codes", [("nota-opvanglocatie", ["E", "B", "I", "P"]), ("brief-eigenaar", ["E"])])
def test_site_and_pdf_show_the_same_legend(public_site, doc_id, codes):
    site = _site_legend(public_site / "stukken" / doc_id / "index.html")
    assert [code for code, _ in site] == codes  # in the order of the municipality's register
    assert site[0][1].startswith("art. 5.1 lid 2 sub e Woo: eerbiediging van de persoonlijke levenssfeer")
    assert _pdf_legend(public_site / "pdf" / f"{doc_id}.pdf", codes) == site


def test_no_legend_where_nothing_is_withheld(public_site):
    page = (public_site / "stukken" / "raadsmededeling-opvang" / "index.html").read_text(encoding="utf-8")
    assert "hd-woo-legenda" not in page


def test_public_box_has_text_for_a_screen_reader(public_site):
    page = (public_site / "stukken" / "brief-eigenaar" / "index.html").read_text(encoding="utf-8")
    assert '<span class="woo-verborgen">weggelakt: </span>E</span>' in page
    # The title names the ground, the label of the document names no withheld text.
    assert "<title>Informatienota 14: Aanbod van [weggelakt: E] voor de Molenweg" in html.unescape(page)


def test_backlinks_from_withheld_passages_are_gone(public_site, internal_site):
    # The nota mentions the raadsmededeling only inside a withheld passage.
    public = (public_site / "stukken" / "raadsmededeling-opvang" / "index.html").read_text(encoding="utf-8")
    internal = (internal_site / "stukken" / "raadsmededeling-opvang" / "index.html").read_text(encoding="utf-8")
    assert 'data-voor="raadsmededeling-opvang"' not in public
    assert 'data-voor="raadsmededeling-opvang"' in internal


# --- syntax and register -----------------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("a [[lak 5.1.2e|J. Jansen]] b", [("5.1.2e", "J. Jansen", None)]),
    ("[[lak E]]", [("E", None, None)]),
    ("[[lak E|zie [[doc-x]] hier]] en [[lak B|y]]", [("E", "zie [[doc-x]] hier", None), ("B", "y", None)]),
    ("[[lak E|open", [("E", None, "de weggelakte tekst wordt niet afgesloten met ']]'")]),
    ("[[lak |x]]", [("", None, "na '[[lak ' hoort de code van een Woo-grond")]),
    ("[[lak E x]]", [("E", None, "na '[[lak E' hoort '|' en de weggelakte tekst, of ']]'")]),
])
def test_syntax(text, found):
    assert [(lak.code, lak.passage, lak.problem) for lak in markup.find_laks(text)] == found


def test_public_text_keeps_only_the_code():
    assert woo.redact("De eigenaar, [[lak E|J. [[x]] Jansen]], en [[lak B]].", intern=False) == \
        "De eigenaar, [[lak E]], en [[lak B]]."
    assert woo.redact("[[lak E|J. Jansen]]", intern=True) == "[[lak E|J. Jansen]]"


def test_a_reference_is_never_a_withheld_passage():
    refs, problems = markup.scan("[[lak E|zie [[doc-x]]]] en [[doc-y|tekst]]")
    assert [r.target for r in refs] == ["doc-x", "doc-y"] and problems == []


def test_standard_grounds_and_relabelled_codes():
    standard = woo.standard_grounds()
    assert standard["5.1.2e"].tekst == "art. 5.1 lid 2 sub e Woo — eerbiediging van de persoonlijke levenssfeer"
    assert {"5.1.1a", "5.1.1e", "5.1.2a", "5.1.2i", "5.2.1"} <= set(standard)
    own = woo.register(check_corpus(WOO))
    assert list(own) == ["E", "B", "I", "P", "H"]  # the municipality's letters replace the standard codes
    assert own["E"].grond == standard["5.1.2e"].grond and own["E"].artikel == standard["5.1.2e"].artikel
