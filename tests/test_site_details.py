"""What a council member notices: page titles, English left over, repeated labels, search snippets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from haven_docs.site.links import page_url
from haven_docs.site.mkdocs_hooks import separate_fields
from haven_docs.site.plan import make_plan

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
_TAGS = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub("", html)).split())


@pytest.fixture(scope="module")
def built(real_content_site):
    index, out = real_content_site
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    return index, out, pages


def test_every_page_title_is_unique(built):
    _index, _out, pages = built
    titles = {path: _text(re.search(r"<title>(.*?)</title>", html, re.S).group(1)) for path, html in pages.items()}
    counts = Counter(titles.values())
    assert [(path, t) for path, t in titles.items() if counts[t] > 1] == []
    assert not any(t.startswith("Over dit document") for t in titles.values())


def test_a_chapter_tab_names_its_document(built):
    index, _out, pages = built
    plan = make_plan(index, CONTENT)
    for page in plan.pages:
        if page.template == "site/hoofdstuk.md.j2":
            doc = page.context["node"]
            html = pages[page_url(page.path) + "index.html"]
            assert _text(doc.title) in _text(re.search(r"<title>(.*?)</title>", html, re.S).group(1)), page.path


#: What Material and argparse say in English where nobody translated them.
ENGLISH = ("404 - Not found", 'aria-label="Header"', 'aria-label="Footer"', ">Skip to content<",
           "Back to top", "Copy to clipboard")


def test_no_english_interface_text_on_the_site(built):
    _index, _out, pages = built
    found = [(path, s) for path, html in pages.items() for s in ENGLISH if s in html]
    assert found == []
    assert "Pagina niet gevonden" in pages["404.html"]


@pytest.mark.parametrize("args", [[], ["build"], ["check"], ["serve"]])
def test_help_is_dutch(args):
    out = subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--help"],
                         capture_output=True, text=True, cwd=ROOT).stdout
    assert out.startswith("gebruik: build.py")
    for english in ("usage:", "show this help message", "options:", "positional arguments", "optional arguments"):
        assert english not in out


def test_argparse_errors_are_dutch():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--bla"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "onbekende argumenten: --bla" in result.stderr
    assert "unrecognized" not in result.stderr and "usage:" not in result.stderr


def test_mentions_read_distinguishably(built):
    """Within one 'Genoemd in' list no two entries read alike, and none is a bare first word."""
    _index, _out, pages = built
    problems = []
    for path, html in pages.items():
        for block in re.findall(r'<div class="hd-genoemd".*?</div>', html, re.S):
            entries = [_text(li) for li in re.findall(r"<li>(.*?)</li>", block, re.S)]
            problems += [(path, e) for e, n in Counter(entries).items() if n > 1]
            problems += [(path, e) for e in entries if re.match(r"Voetnoot \S+: \S+$", e)]
    assert problems == []


def test_no_navigation_section_repeats_itself_as_its_first_page(built):
    index, _out, _pages = built
    plan = make_plan(index, CONTENT)

    def walk(items):
        for item in items:
            if item.children:
                first = item.children[0]
                if first.title == item.title:
                    # Only as the section's own index page (navigation.indexes shows it once).
                    assert first.page and first.page.endswith("index.md"), item.title
                yield from walk(item.children)
            yield item

    assert list(walk(plan.nav))


def test_search_index_separates_cells_and_fields(built):
    _index, out, pages = built
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(_text(d["text"]) for d in index["docs"])
    joined = []
    for html in pages.values():
        for a, b in re.findall(r"<(?:td|th|dt|dd)[^>]*>([^<]{2,})</(?:td|th|dt|dd)><(?:td|th|dt|dd)[^>]*>([^<]{2,})<", html):
            a, b = unescape(a).strip(), unescape(b).strip()
            if a and b and (a[-12:] + b[:12]) in text:
                joined.append(a[-12:] + b[:12])
    assert joined == [], joined[:5]
    assert "Besluitnummernog" not in text


def test_separating_fields_leaves_code_alone():
    html = "<table><tr><td>a</td><td>b</td></tr></table><pre><code></td><td></code></pre>"
    assert separate_fields(html) == ("<table><tr><td>a</td>\n<td>b</td></tr></table>"
                                     "<pre><code></td><td></code></pre>")


def test_published_pages_keep_their_html(built):
    """The separators are for the search index only: the pages are as generated."""
    _index, _out, pages = built
    assert any("</td><td" in html for html in pages.values())


def test_serve_error_banner_leaves_the_header_free():
    from haven_docs.serve import _with_banner

    page = ('<html><body><header class="md-header">zoeken</header>'
            '<div class="md-container" data-md-component="container"><main>titel</main></div></body></html>')
    shown = _with_banner(page, ["content/x.yaml:1:1: error[x]: <fout>"])
    assert shown.index("md-header") < shown.index('role="alert"') < shown.index("<main>")
    assert "position:fixed" not in shown and "&lt;fout&gt;" in shown


def test_start_page_draws_how_the_documents_hang_together(built):
    from haven_docs import diagram

    index, _out, pages = built
    html = pages["index.html"]
    svg = re.search(r'<svg[^>]*class="hd-samenhang hd-samenhang--breed".*?</svg>', html, re.S).group(0)
    documents, edges = diagram.document_graph(index)
    # Each document is a box that links to its page; the arrows are the relations between them.
    related = {i for edge in edges for i in edge}
    assert len(re.findall(r"<a href=", svg)) == len(related) > 1
    assert svg.count("<line ") == len(edges) > 0
    # The sentences are its description.
    described = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
    assert re.search(rf'<ul[^>]*id="{described}"', html)
    assert "visie-veilige-haven" not in {v for _u, v in edges}  # nothing comes before the visie
    # The phone's variant: the same boxes and arrows, one box per row, no id shared with the wide one.
    narrow = re.search(r'<svg[^>]*class="hd-samenhang hd-samenhang--smal".*?</svg>', html, re.S).group(0)
    assert len(re.findall(r"<a href=", narrow)) == len(related) and narrow.count("<line ") == len(edges)
    assert not set(re.findall(r' id="([^"]+)"', svg)) & set(re.findall(r' id="([^"]+)"', narrow))
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', narrow).group(1))
    assert width == 2 * diagram.PAD + diagram.BOX_W


def test_diagram_follows_the_content_not_a_fixed_list():
    from haven_docs import diagram

    boxes = [diagram.Box(i, i, i, None, "beleid") for i in ("a", "b", "c", "d")]
    edges = diagram._reduce([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "c")])
    assert edges == [("a", "b"), ("b", "c")]  # a -> c is implied by a -> b -> c; c <-> d is a cycle: not drawn
    width, height = diagram.layout(boxes, [("a", "b"), ("b", "c")])
    assert [b.rank for b in boxes] == [0, 1, 2, 0]
    assert width > diagram.BOX_W and height > 2 * diagram.BOX_H
    many = [diagram.Box(str(i), "Nota", f"Nota {i}", "x/", "besluit") for i in range(7)]
    width, _ = diagram.layout(many, [])
    assert width <= 2 * diagram.PAD + diagram.PER_ROW * (diagram.BOX_W + diagram.GAP_X)  # wraps, never wider
