"""The council website built from the mini corpus: links, anchors, backlinks, traceability, escaping.

Expected values are computed here from the content model, independently of
the site code, and compared with the built HTML.
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.formatting import euro
from haven_docs.index import walk
from haven_docs.model.blocks import Actielijnen, Tabel
from haven_docs.site import SiteBuildError, build_site, write_docs
from haven_docs.site.crawl import crawl
from haven_docs.site.links import page_url
from haven_docs.site.mkdocs_run import run_mkdocs
from haven_docs.site.plan import make_plan

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "corpora" / "mini"
HOSTILE = TESTS / "corpora" / "site-hostile"
GOLDEN = TESTS / "golden" / "site"

BACKLINK_KINDS = ("pijler", "uitgangspunt", "actielijn", "organisatie", "wet", "besluit", "motie", "amendement")


class Built:
    def __init__(self, content: Path, out: Path):
        self.content = content
        self.index = check_corpus(content)
        out.mkdir(parents=True, exist_ok=True)
        build_site(self.index, content, out)
        self.out = out
        self.crawl = crawl(out)
        self.plan = make_plan(self.index, content)

    def html(self, url: str) -> str:
        return self.crawl.pages[url].path.read_text(encoding="utf-8")

    def home(self, node_id: str) -> tuple[str, str | None]:
        location = self.plan.locations[node_id]
        return page_url(location.page), location.anchor


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Built:
    return Built(MINI, tmp_path_factory.mktemp("mini-site"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    return Built(HOSTILE, tmp_path_factory.mktemp("hostile-site"))


class Elements(HTMLParser):
    """Elements with their attributes, and the text inside elements of interest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.genoemd: dict[str, list[str]] = {}  # data-voor -> hrefs
        self.text_by_class: dict[str, list[str]] = {}
        self.script_text: list[str] = []
        self._genoemd_depth: list[tuple[str, int]] = []
        self._classes: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "rect", "path", "line", "circle"):
            if tag == "a":
                pass
            return
        self.stack.append((tag, attributes))
        depth = len(self.stack)
        if attributes.get("data-voor"):
            self._genoemd_depth.append((attributes["data-voor"], depth))
            self.genoemd.setdefault(attributes["data-voor"], [])
        if tag == "a" and self._genoemd_depth and attributes.get("href"):
            self.genoemd[self._genoemd_depth[-1][0]].append(attributes["href"])
        for cls in (attributes.get("class") or "").split():
            self._classes.append((cls, depth))
            self.text_by_class.setdefault(cls, []).append("")

    def handle_endtag(self, tag):
        if not self.stack:
            return
        depth = len(self.stack)
        self._genoemd_depth = [(k, d) for k, d in self._genoemd_depth if d < depth]
        self._classes = [(c, d) for c, d in self._classes if d < depth]
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.script_text.append(data)
        for cls, _depth in self._classes:
            self.text_by_class[cls][-1] += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


# --- links and anchors ---------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["mini", "hostile"])
def test_every_internal_link_and_anchor_resolves(fixture, request):
    built: Built = request.getfixturevalue(fixture)
    assert built.crawl.pages, "no pages built"
    assert built.crawl.problems() == []


def test_every_node_has_its_anchor_on_its_page(mini):
    for node_id in mini.index.nodes:
        url, anchor = mini.home(node_id)
        page = mini.crawl.pages.get(url)
        assert page is not None, f"{node_id}: page {url} missing"
        if anchor:
            assert anchor in page.ids, f"{node_id}: anchor missing on {url}"


def test_expected_pages_exist(mini):
    expected = {
        "", "documenten/visie-test/", "documenten/visie-test/pijlers/", "documenten/programma-test/",
        "documenten/programma-test/h-pijler-opvang/", "documenten/programma-test/h-pijler-taal/",
        "documenten/programma-test/h-financieel/", "documenten/programma-test/bijlage-bijeenkomst/",
        "stukken/nota-test/", "stukken/raadsvoorstel-test/", "stukken/raadsbesluit-test/",
        "stukken/raadsmededeling-test/", "samenhang/", "samenhang/pijler-opvang/", "samenhang/pijler-taal/",
        "registers/organisaties/", "registers/wetten-en-kaders/", "registers/besluiten/",
        "registers/moties-en-amendementen/", "registers/personen/", "registers/afkortingen/",
    }
    assert expected <= set(mini.crawl.pages)


def test_references_are_links_with_the_target_label(mini):
    html = mini.html("documenten/programma-test/h-visie-naar-uitvoering/")
    links = re.findall(r'<a class="hd-ref" href="([^"]+)">([^<]+)</a>', html)
    for target in ("pijler-opvang", "pijler-taal"):
        node = mini.index.nodes[target]
        url, anchor = mini.home(target)
        hrefs = [href for href, text in links if text == node.label]
        assert hrefs, f"no link labelled {node.label!r}"
        assert hrefs[0].endswith(f"{url.split('/')[-2]}/#{anchor}")
    assert "Pijler 1: Humane opvang" in [text for _href, text in links]


def test_footnote_reference_is_a_superscript_link_to_the_page_list(mini):
    html = mini.html("documenten/programma-test/h-visie-naar-uitvoering/")
    node = mini.index.nodes["voetnoot-asielwet"]
    assert re.search(rf'<sup class="hd-voetnootref" id="[^"]+"><a href="#voetnoot-asielwet"[^>]*>{node.number}</a></sup>', html)
    assert '<li id="voetnoot-asielwet">' in html
    # The document's own page lists every footnote of the document.
    assert '<li id="voetnoot-asielwet">' in mini.html("documenten/programma-test/")


def test_document_pages_link_their_pdf(mini):
    for node in mini.index.documents():
        url, _anchor = mini.home(node.id)
        page = mini.crawl.pages[url]
        pdfs = [link for link in page.links if link.endswith(f"pdf/{node.id}.pdf")]
        assert pdfs, f"{url} has no pdf link"
        resolved = mini.crawl.resolve(page, pdfs[0])
        assert resolved == (f"pdf/{node.id}.pdf", "")


# --- backlinks ----------------------------------------------------------------------


def test_backlinks_show_every_referring_part(mini):
    checked = 0
    for node in mini.index.nodes.values():
        if node.kind not in BACKLINK_KINDS:
            continue
        expected = set()
        for link in mini.index.backlinks.get(node.id, []):
            if link.source == node.id or link.source not in mini.plan.locations:
                continue
            source = mini.index.nodes[link.source]
            # Budget lines of an actielijn are shown with it under "Begroting" instead.
            if node.kind == "actielijn" and source.kind == "begrotingsregel":
                continue
            expected.add(mini.home(link.source))
        url, _anchor = mini.home(node.id)
        page = mini.crawl.pages[url]
        shown = parse(mini.html(url)).genoemd.get(node.id)
        if not expected:
            assert not shown, f"{node.id}: 'Genoemd in' without references"
            continue
        assert shown is not None, f"{node.id}: no 'Genoemd in' on {url}"
        resolved = {mini.crawl.resolve(page, href) for href in shown}
        resolved = {(path, anchor or None) for path, anchor in resolved}
        assert resolved == expected, node.id
        checked += 1
    assert checked >= 5


def test_budget_lines_are_shown_with_their_actielijn(mini):
    html = mini.html("documenten/programma-test/h-pijler-opvang/")
    assert "Begroting</dt>" in html
    assert "€ 200.000 (S)" in html


# --- traceability and tables ----------------------------------------------------------------


def _expected_traceability(index):
    """Per pijler: the sum of the budget lines tied to its actielijnen, and per code."""
    pijler_of: dict[str, str] = {}
    for content in index.files:
        for model, _path, _parent in walk(content.model):
            if isinstance(model, Actielijnen):
                for item in model.items:
                    pijler_of[item.id] = model.pijler
    totals: dict[str, int] = {}
    codes: dict[str, dict[str, int]] = {}
    for content in index.files:
        for model, _path, _parent in walk(content.model):
            if isinstance(model, Tabel) and model.rijsoort == "begrotingsregel":
                amount = next(k.sleutel for k in model.kolommen if k.soort == "bedrag")
                code = next((k.sleutel for k in model.kolommen if k.soort == "code"), None)
                for groep in model.groepen:
                    for rij in groep.rijen:
                        pijler = pijler_of.get(rij.actielijn or "")
                        value = rij.cellen.get(amount)
                        if pijler and isinstance(value, int):
                            totals[pijler] = totals.get(pijler, 0) + value
                            if code and isinstance(rij.cellen.get(code), str):
                                per = codes.setdefault(pijler, {})
                                per[rij.cellen[code]] = per.get(rij.cellen[code], 0) + value
    return totals, codes


def test_traceability_totals_are_computed_from_the_budget_lines(mini):
    totals, codes = _expected_traceability(mini.index)
    assert totals, "the mini corpus ties budget lines to actielijnen"
    for pijler in mini.index.of_kind("pijler"):
        html = mini.html(f"samenhang/{pijler.id}/")
        shown = parse(html).text_by_class.get("hd-pijlertotaal", [])
        assert shown and shown[0].strip() == euro(totals.get(pijler.id, 0)), pijler.id
        for code, value in codes.get(pijler.id, {}).items():
            assert f"waarvan {code}</th><td class=\"hd-getal\">{euro(value)}</td>" in html
    overview = parse(mini.html("samenhang/"))
    per_pijler = [t.strip() for t in overview.text_by_class["hd-pijlertotaal"]]
    assert per_pijler == [euro(totals.get(p.id, 0)) for p in mini.index.of_kind("pijler")]
    assert overview.text_by_class["hd-eindtotaal"][0].strip() == euro(sum(totals.values()))


def test_tables_show_the_published_totals_and_the_difference(mini):
    html = mini.html("documenten/programma-test/h-financieel/")
    tabel = mini.index.nodes["tabel-extra-inzet"].model
    stated = tabel.totaal.waarden["kosten"]
    assert f'<th scope="row" class="hd-tekst">Totaal</th><td class="hd-getal">{euro(stated)}</td>' in html
    assert "€ 200.000 (S)<br>€ 50.000 (I)" in html  # the split as published, in the code column
    assert "Subtotaal" not in html  # no row the YAML does not state
    # tabel-begroting states 101% where the rows add up to 100%: the 101% as published, marked,
    # and a note under it with the sum of the rows and the explanation.
    begroting = mini.index.nodes["tabel-begroting"].model
    stated = begroting.totaal.waarden["aandeel"]
    rows = sum(r.cellen["aandeel"] for g in begroting.groepen for r in g.rijen)
    assert stated != rows
    assert f'<td class="hd-getal hd-afwijking">{stated}%<span class="afwijking-teken">*</span></td>' in html
    remark = " ".join(parse(html).text_by_class["hd-opmerking"])
    assert f"de regels tellen op tot {rows}%" in remark
    assert begroting.totaal.afwijking["aandeel"] in remark


def test_charts_are_inline_svg_with_a_text_alternative(mini):
    html = mini.html("documenten/programma-test/h-financieel/")
    assert html.count('role="img"') >= 2
    assert "Grafiek in woorden" in html
    assert "<script" not in html.split('<article', 1)[1].split("</article>", 1)[0]


# --- escaping and empty values ----------------------------------------------------------------


class _Unsafe(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("b", "i", "img") and any("hd-xss" in (v or "") for _n, v in attrs):
            self.problems.append(f"<{tag}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "hd-xss" in data:
            self.problems.append(f"script: {data[:60]}")


def test_hostile_content_appears_as_text_never_as_markup(hostile):
    for url, page in hostile.crawl.pages.items():
        html = page.path.read_text(encoding="utf-8")
        checker = _Unsafe()
        checker.feed(html)
        assert checker.problems == [], url
        assert "<i>hd-xss" not in html and "<b onclick" not in html, url
        assert "onclick=\"alert" not in html, url
    # The hostile text is shown, as text.
    html = hostile.html("registers/organisaties/")
    assert "KonnecteD &lt;/title&gt;&lt;script&gt;" in html or "KonnecteD &#60;/title&#62;" in html
    program = hostile.html("documenten/programma-test/h-visie-naar-uitvoering/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in program
    # A title cannot end the <title> element.
    for url, page in hostile.crawl.pages.items():
        head = page.path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert head.count("<title>") == 1 and "<script>alert" not in head, url


def test_unknown_metadata_is_visibly_empty_never_none(mini):
    # The source shows the form line "Raadsvergadering :" empty: shown empty, as published.
    html = mini.html("stukken/raadsbesluit-test/")
    assert "Raadsvergadering</th><td></td>" in html and "nog niet bekend" not in html
    for url, page in mini.crawl.pages.items():
        text = re.sub(r"<[^>]+>", " ", page.path.read_text(encoding="utf-8"))
        assert not re.search(r"\bNone\b", text), url


def test_raadsbesluit_reads_the_voorstel_from_the_nota(mini):
    from haven_docs.checks.decisions import besluit_gegevens
    from haven_docs.formatting import datum

    besluit = mini.index.nodes["raadsbesluit-test"].model
    gegevens = besluit_gegevens(mini.index, besluit)
    html = mini.html("stukken/raadsbesluit-test/")
    assert (f"gelezen het voorstel van burgemeester en wethouders d.d. {datum(gegevens.datum_bw)}, "
            f"nummer {gegevens.nummer}") in html


def test_abbreviations_get_their_meaning(mini):
    html = mini.html("registers/organisaties/")
    assert '<abbr title="Centraal Orgaan opvang asielzoekers">COA</abbr>' in html


def test_search_is_dutch_and_present(mini):
    assert (mini.out / "search" / "search_index.json").is_file()
    assert '"lang":["nl"]' in (mini.out / "search" / "search_index.json").read_text().replace(" ", "")


# --- MkDocs strict mode ------------------------------------------------------------------------


@pytest.mark.parametrize("broken", [
    '<p><a href="../nergens/">kapot</a></p>',
    '<p><a href="../registers/organisaties/#bestaat-niet">kapot anker</a></p>',
    "[kapot](nergens.md)",
])
def test_a_broken_link_fails_the_build(tmp_path, broken):
    index = check_corpus(MINI)
    docs = tmp_path / "docs"
    docs.mkdir()
    plan = write_docs(index, MINI, docs)
    page = docs / "samenhang" / "index.md"
    page.write_text(page.read_text() + "\n\n" + broken + "\n")
    from haven_docs.site.builder import mkdocs_nav

    with pytest.raises(SiteBuildError) as info:
        run_mkdocs(docs, tmp_path / "site", mkdocs_nav(plan.nav))
    assert "samenhang/index.md" in str(info.value)


def test_pdfs_written_after_the_site_are_kept(tmp_path):
    index = check_corpus(MINI)
    out = tmp_path / "out"
    out.mkdir()
    build_site(index, MINI, out)
    (out / "pdf").mkdir()
    (out / "pdf" / "visie-test.pdf").write_bytes(b"%PDF-1.7\n")
    problems = crawl(out).problems(ignore_prefixes=())
    assert not [p for p in problems if "visie-test.pdf" in p]


# --- the writers' guide ------------------------------------------------------------------------


def test_guide_pages_from_content_paginas(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "paginas").mkdir()
    (content / "paginas" / "schrijfwijzer.md").write_text(
        "# Schrijfwijzer\n\nVerwijs met [[pijler-opvang]] of `[[id]]`.\n\n## Tabellen\n\n"
        "Tekst met <script>alert('hd-xss')</script> en [[bestaat-niet]].\n",
        encoding="utf-8",
    )
    index = check_corpus(content)
    out = tmp_path / "site"
    out.mkdir()
    build_site(index, content, out)
    html = (out / "handleiding" / "schrijfwijzer" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1 id="[^"]+">Schrijfwijzer', html)
    assert re.search(r'<h2 id="[^"]+">Tabellen', html)
    assert ">Pijler 1: Humane opvang</a>" in html
    # Markdown syntax in content is written as character references: the browser shows it as typed.
    assert "<code>&#91;&#91;id&#93;&#93;</code>" in html
    assert "&lt;script&gt;" in html and "&#91;&#91;bestaat-niet&#93;&#93;" in html
    assert crawl(out).problems() == []


# --- golden output ---------------------------------------------------------------------------


def _generated(tmp_path: Path) -> dict[str, str]:
    index = check_corpus(MINI)
    docs = tmp_path / "docs"
    docs.mkdir()
    write_docs(index, MINI, docs)
    files = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    return files


def test_golden_pages(tmp_path):
    """Every generated Markdown page (one or more per template) as committed in tests/golden/site.

    Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
    """
    generated = _generated(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in generated.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(generated) == sorted(expected)
    for name in generated:
        assert generated[name] == expected[name], f"{name} differs from tests/golden/site/{name} (UPDATE_GOLDEN=1)"


def test_every_page_template_has_golden_output():
    index = check_corpus(MINI)
    plan = make_plan(index, MINI)
    used = {page.template for page in plan.pages}
    templates = {f"site/{p.name}" for p in (TESTS.parent / "templates" / "site").glob("*.md.j2")
                 if not p.name.startswith("_")}
    # The guide page needs content/paginas, which the mini corpus lacks (tested above).
    assert templates - used == {"site/pagina.md.j2"}
