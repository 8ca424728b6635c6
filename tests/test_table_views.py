"""Every table of every corpus: the site and the PDF show the same cells in the same order.

Both outputs render the one table view (haven_docs/tables.py). This test reads
what they actually show: the cells of each table from the built site HTML, and
the cells of each table from the tagged PDF's structure tree (Table, TR, TH/TD,
with the text of their marked content), and compares them row by row.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

from haven_docs.build import build
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from tests.conftest import CONTENT, ROOT

CORPORA = {"content": CONTENT, **{p.name: p for p in sorted((ROOT / "tests" / "corpora").iterdir()) if p.is_dir()}}


# --- reading the site ---------------------------------------------------------------------


class _SiteTables(HTMLParser):
    """Caption and rows of cell texts of every table inside <div class="hd-tabel" id=...>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict] = {}
        self._current: dict | None = None
        self._depth = 0  # <div> depth inside the current table block
        self._hidden = 0  # inside a screen-reader-only span
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self._current is None:
            if tag == "div" and "hd-tabel" in classes and attrs.get("id"):
                self._current = self.tables.setdefault(attrs["id"], {"caption": "", "rows": []})
                self._depth = 1
            return
        if tag == "div":
            self._depth += 1
        elif tag == "span" and ("hd-sr" in classes or self._hidden):
            self._hidden += 1
        elif tag == "tr":
            self._current["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag):
        if self._current is None:
            return
        if tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self._current = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self._current["rows"][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self._current["caption"] = "".join(self._caption)
            self._caption = None

    def handle_data(self, data):
        if self._current is None or self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def site_tables(site: Path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for page in sorted(site.rglob("*.html")):
        if any(part.startswith(".") for part in page.relative_to(site).parts):
            continue  # the build's own cache and staging folders
        text = page.read_text(encoding="utf-8")
        if 'class="hd-tabel' not in text:
            continue
        parser = _SiteTables()
        parser.feed(text)
        for table_id, table in parser.tables.items():
            assert table_id not in found, f"tabel {table_id} staat met zijn id op twee pagina's"
            found[table_id] = table
    return found


# --- reading the tagged PDF -----------------------------------------------------------------


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn in that marked-content sequence."""
    texts: dict[tuple[int, int], str] = {}
    for p, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(op, args, _cm, _tm):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(int(props["/MCID"]) if isinstance(props, DictionaryObject) and "/MCID" in props else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value, _cm, _tm, _font, _size):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None and value:
                texts[(p, mcid)] = texts.get((p, mcid), "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def pdf_tables(path: Path) -> list[dict]:
    """Caption and rows of cell texts of every Table in the structure tree, in document order."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = _marked_texts(reader)

    def kids(element: DictionaryObject) -> list:
        k = element.get("/K")
        if k is None:
            return []
        k = k.get_object()
        return list(k) if isinstance(k, ArrayObject) else [k]

    def text_of(element, page: int | None = None) -> str:
        element = element.get_object() if isinstance(element, IndirectObject) else element
        if isinstance(element, (NumberObject, int)):
            return texts.get((page, int(element)), "")
        if not isinstance(element, DictionaryObject):
            return ""
        if "/Pg" in element:
            page = pages.get(element.raw_get("/Pg").idnum, page)
        if element.get("/Type") == "/MCR":
            return texts.get((page, int(element["/MCID"])), "")
        return "".join(text_of(kid, page) for kid in kids(element))

    def elements(element):
        element = element.get_object()
        if isinstance(element, DictionaryObject) and element.get("/Type") != "/MCR":
            yield element
            for kid in kids(element):
                yield from elements(kid)

    tables = []
    for element in elements(reader.trailer["/Root"]["/StructTreeRoot"]):
        if element.get("/S") != "/Table":
            continue
        table = {"caption": "", "rows": []}
        for part in elements(element):
            if part.get("/S") == "/Caption":
                table["caption"] = text_of(part)
            elif part.get("/S") == "/TR":
                table["rows"].append([text_of(cell) for cell in map(lambda c: c.get_object(), kids(part))
                                      if isinstance(cell, DictionaryObject) and cell.get("/S") in ("/TH", "/TD")])
        tables.append(table)
    return tables


# --- comparing ----------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Text as shown, without the layout: no whitespace, no '(zie pagina N)' of print
    references; in cells with letters no hyphens (print hyphenates words in narrow columns)."""
    text = re.sub(r"\(zie pagina \d+\)", "", text)
    text = re.sub(r"\s+", "", text)
    if re.search(r"[^\W\d_]", text):
        text = re.sub(r"[-\u00ad\u2010]", "", text)
    return text


def normalized(table: dict) -> dict:
    return {"caption": norm(table["caption"]), "rows": [[norm(c) for c in row] for row in table["rows"]]}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request, tmp_path_factory):
    content = CORPORA[request.param]
    try:
        index = check_corpus(content)
    except ContentError as exc:
        pytest.skip(f"{request.param} checkt niet ({len(exc.diagnostics)} fouten)")
    out = tmp_path_factory.mktemp(f"tabellen-{request.param}") / "site"
    build(content, out, jobs=2, use_cache=False, quiet=True)
    return request.param, index, out


def test_site_and_pdf_show_the_same_cells_in_the_same_order(corpus):
    name, index, out = corpus
    tables = index.of_kind("tabel")
    site = site_tables(out)
    pdfs: dict[str, list[dict]] = {}
    compared = 0
    for node in tables:
        assert node.id in site, f"{name}: tabel {node.id} staat niet op de site"
        shown = normalized(site[node.id])
        assert shown["rows"], f"{name}: tabel {node.id} heeft geen regels op de site"
        document = node.document
        if document not in pdfs:
            pdfs[document] = [normalized(t) for t in pdf_tables(out / "pdf" / f"{document}.pdf")]
        if node.model.titel:
            printed = [t for t in pdfs[document] if t["caption"] == shown["caption"]]
        else:  # no caption in the source, on neither output
            assert shown["caption"] == "", f"{name}: tabel {node.id} zonder titel heeft een bijschrift op de site"
            # The PDF's heading block is a table without caption too: an untitled table is the one
            # with its column heads; several with the same heads pair in their order.
            heads = shown["rows"][:1]
            same = [n.id for n in tables if n.document == document and not n.model.titel
                    and normalized(site[n.id])["rows"][:1] == heads]
            place = same.index(node.id)
            printed = [t for t in pdfs[document] if t["caption"] == "" and t["rows"][:1] == heads][place:place + 1]
        assert printed, f"{name}: tabel {node.id} ('{site[node.id]['caption']}') niet gevonden in pdf/{document}.pdf"
        for table in printed:  # a table shown twice (opnemen) is printed the same each time
            assert table["rows"] == shown["rows"], f"{name}: tabel {node.id} verschilt tussen site en pdf"
        compared += 1
    assert compared == len(tables)


def test_the_tables_corpus_has_the_tables_it_is_for(corpus):
    name, index, out = corpus
    if name != "tabellen":
        pytest.skip("alleen het tabellen-corpus")
    middelen = site_tables(out)["tabel-financiele-middelen"]
    rows = [[norm(c) for c in row] for row in middelen["rows"]]
    # As published: decimal commas, '-', '83 (str)', the total, and the leenfaciliteit under it.
    assert rows[1] == ["BDUR", "", "46", "57", "73", "83(str)"]
    assert rows[-2] == ["Totaalbegroting", "214,3", "161,3", "64,9", "145,9", "153,7"]
    assert rows[-1][0] == "BZKleenfaciliteit(inzetRVBpanden)"
    assert norm(middelen["caption"]) == "Tabelfinanciëlemiddelen(inmiljoenen)"
