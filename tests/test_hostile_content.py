"""Hostile content text: what a pull request can put in a text must stay text.

A copy of the mini corpus gets a payload appended to every text of the
registers (names, titles, meanings, numbers, descriptions) and to the texts of
the documents: HTML, Markdown and Python-Markdown syntax (attribute lists,
abbreviation definitions, snippets), javascript: links, line breaks. The
corpus must still check clean, and no built page (nor the search index) may
hold a script, an ``on*=`` attribute or a ``javascript:`` URL made from it.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from haven_docs.corpus import check_corpus
from haven_docs.site.builder import build_site, write_docs
from haven_docs.site.text import Abbreviations, escape_text, inert_html

from .conftest import MINI

MARK = "hd-xss"
#: Markup for Markdown-prose fields (a javascript: link there is a check error, see tests/bad/link-javascript).
PAYLOAD = "\n".join([
    f'<script>alert("{MARK}")</script>',
    f'{{: onclick="alert(\'{MARK}\')" }}',
    f'<img src=x onerror=alert("{MARK}")>',
    f'*[COA]: <script>alert("{MARK}")</script>',
    '--8<-- "mkdocs.yml"',
    f'\n\n<script>alert("{MARK}")</script>\n\n',
    f'<a href="javascript:alert(\'{MARK}\')">a</a>',
    f'`c` \\*d\\* **e**{{: onmouseover="alert(\'{MARK}\')" }}',
    f'"><svg onload=alert("{MARK}")>',
    f'&lt;script&gt;alert("{MARK}")&lt;/script&gt; &#60;script&#62;',
])
#: For the names in the registers (plain text): also Markdown links that Python-Markdown would make live.
PLAIN_PAYLOAD = PAYLOAD + f'\n[klik](javascript:alert("{MARK}")) ![b](javascript:alert("{MARK}")) <javascript:x>'
PLAIN_FIELDS = {"naam", "titel", "betekenis", "functie"}
#: Text fields that take the payload (ids, references, enums and dates cannot).
TEXT_FIELDS = PLAIN_FIELDS | {"omschrijving", "tekst", "inleiding", "bijschrift", "samenvatting", "ambitie",
                              "toelichting", "citaat", "ondertitel", "kop", "onderwerp", "vermelding", "aanhef",
                              "openbaarmaking"}


def _poison(data, plain: set[str], key=None):
    if isinstance(data, dict):
        return {k: _poison(v, plain, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_poison(v, plain, key) for v in data]
    if isinstance(data, str) and key in TEXT_FIELDS:
        return f"{data} {PLAIN_PAYLOAD if key in plain else PAYLOAD}"
    return data


def hostile_corpus(target: Path) -> Path:
    shutil.copytree(MINI, target)
    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        register = data.get("soort") == "register"
        data = _poison(data, PLAIN_FIELDS if register else set())
        if register:
            # The name of an organisation is also the meaning of its abbreviation.
            data["afkortingen"].append({"afkorting": "KD", "betekenis": f"Konnected {PLAIN_PAYLOAD}"})
            data["afkortingen"].append({"afkorting": "<b>X</b>", "betekenis": PLAIN_PAYLOAD})
            for org in data["organisaties"]:
                org.setdefault("afkorting", "KD")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


class Unsafe(HTMLParser):
    """Scripts, event handlers and javascript: URLs in HTML (entities decoded, as a browser does)."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in self.URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and any(MARK in (v or "") for _n, v in attrs):
            self.problems.append(f"<script {attrs!r}>")
        if tag in ("img", "svg", "iframe", "object", "embed") and any(MARK in (v or "") for _n, v in attrs):
            self.problems.append(f"<{tag} {attrs!r}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and MARK in data:
            self.problems.append(f"script: {data[:80]!r}")
        self.text.append(data)


def unsafe(html: str) -> Unsafe:
    checker = Unsafe()
    checker.feed(html)
    checker.close()
    return checker


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    content = hostile_corpus(tmp_path_factory.mktemp("hostile") / "content")
    index = check_corpus(content)  # the payloads are text: the corpus checks clean
    out = tmp_path_factory.mktemp("hostile-out")
    build_site(index, content, out)
    return out


def _assert_safe(site: Path, pages_with_payload: int) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    shown = 0
    for page in pages:
        checker = unsafe(page.read_text(encoding="utf-8"))
        assert checker.problems == [], page.relative_to(site)
        shown += MARK in "".join(checker.text)
    assert shown >= pages_with_payload  # the payloads are on the pages, as text


def test_no_script_handler_or_javascript_url_from_content_on_any_page(hostile_site):
    _assert_safe(hostile_site, 15)


def test_escaping_does_not_rely_on_the_loader(tmp_path):
    """Control characters are content errors; even a CR that got past the loader stays text.

    (Before, "Bed, Bad\r<script>" in an abbreviation's meaning became a live
    script on every page through the snippets glossary.)
    """
    from haven_docs.index import walk
    from haven_docs.model.documents import Register

    index = check_corpus(MINI)
    for content in index.files:
        if isinstance(content.model, Register):
            for model, _path, _parent in walk(content.model):
                for name in ("naam", "titel", "betekenis", "functie", "afkorting"):
                    value = getattr(model, name, None)
                    if isinstance(value, str):
                        payload = "\r" + PLAIN_PAYLOAD.replace("\n", "\r")
                        object.__setattr__(model, name, value if name == "afkorting" else value + payload)
    out = tmp_path / "site"
    out.mkdir()
    build_site(index, MINI, out)
    _assert_safe(out, 5)


def test_generated_markdown_holds_no_syntax_from_content(tmp_path):
    """What MkDocs reads: no attribute list, abbreviation, snippet, link, raw HTML or escape from content."""
    content = hostile_corpus(tmp_path / "content")
    docs = tmp_path / "docs"
    write_docs(check_corpus(content), content, docs)
    pages = sorted(docs.rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for syntax in ("{:", "*[", "--8<--", "](", "<script", "<img src=x", "<svg onload", "\\*", "`c`", "**e**"):
            assert syntax not in text, (page.relative_to(docs), syntax)


def test_payload_is_shown_as_typed(hostile_site):
    html = (hostile_site / "registers" / "afkortingen" / "index.html").read_text(encoding="utf-8")
    text = "".join(unsafe(html).text)
    assert f'<script>alert("{MARK}")</script>' in text
    assert f'{{: onclick="alert(\'{MARK}\')" }}' in text


def test_abbreviation_meanings_are_escaped_titles(hostile_site):
    html = (hostile_site / "registers" / "organisaties" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<abbr title="([^"]*)">KD</abbr>', html)
    assert titles and all("<" not in t and "{" not in t for t in titles)


def test_search_index_holds_no_markup_from_content(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            checker = unsafe(doc[field])  # Material shows these as HTML
            assert checker.problems == [], (doc["location"], field)


# --- the escaping functions ----------------------------------------------------------------


@pytest.mark.parametrize("text", [PAYLOAD, "a\r<script>x</script>", "# kop {#id}", "x\n\n    code", "[a]: b"])
def test_escaped_text_has_no_markdown_or_html_syntax(text):
    escaped = escape_text(text)
    assert not re.search(r"[<>\\`*_\[\]{}#!|~^=\"\n\r]", escaped.replace("&#", "").replace(";", ""))
    import html

    assert html.unescape(escaped) == " ".join(text.split())


def test_inert_html_keeps_tags_and_escapes_their_text():
    fragment = '<p>a *b* {: onclick=x } <a href="https://x/[y]">c</a></p>\n<pre><code>d\n\n  e</code></pre>'
    result = str(inert_html(fragment))
    assert result.startswith("<p>a &#42;b&#42; &#123;: onclick&#61;x &#125; <a href=\"https://x/&#91;y&#93;\">c</a></p>")
    assert "<pre><code>d\n\n  e</code></pre>" in result


# --- the glossary is linear ----------------------------------------------------------------


def _entries(n: int) -> list[tuple[str, str]]:
    return [(f"AB{i:05d}", f"Betekenis {i}") for i in range(n)]


def test_marking_abbreviations_does_not_depend_on_the_number_of_entries():
    text = " ".join(f"woord AB{i:05d} en B&W" for i in range(0, 400, 7)) * 5
    small, large = Abbreviations(_entries(400)), Abbreviations(_entries(20_000))
    assert small.mark(text) == large.mark(text)
    assert small.lookups == large.lookups  # per candidate word, not per entry
    assert 0 < large.lookups <= 2 * len(text.split())


def test_marking_is_leftmost_longest_and_whole_words():
    abbreviations = Abbreviations([("B&W", "burgemeester en wethouders"), ("B", "b"), ("COA", "<coa>"),
                                   ("Tw Oek", "Tijdelijke wet opvang Oekraïners")])
    result = str(abbreviations.mark("B&W, COA-locatie, xCOA, COA. B, de Tw Oek en Tw Oekr"))
    assert result == ('<abbr title="burgemeester en wethouders">B&amp;W</abbr>, COA-locatie, xCOA, '
                      '<abbr title="&lt;coa&gt;">COA</abbr>. <abbr title="b">B</abbr>, de '
                      '<abbr title="Tijdelijke wet opvang Oekraïners">Tw Oek</abbr> en Tw Oekr')


def test_no_page_grows_with_the_glossary(tmp_path):
    """The glossary is one page: the other pages are the same with 10 or 3,000 entries."""
    generated = []
    for n in (10, 3000):
        content = tmp_path / f"content-{n}"
        shutil.copytree(MINI, content)
        register = content / "registers" / "register.yaml"
        register.write_text(register.read_text(encoding="utf-8") + "".join(
            f"  - afkorting: AB{i:05d}\n    betekenis: Betekenis {i}\n" for i in range(n)), encoding="utf-8")
        docs = tmp_path / f"docs-{n}"
        write_docs(check_corpus(content), content, docs)
        generated.append({p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")})
    few, many = generated
    assert sorted(few) == sorted(many)
    differing = [name for name in few if few[name] != many[name]]
    assert differing == ["registers/afkortingen.md"]


# --- invisible characters are content errors ----------------------------------------------------

#: One or more characters of every forbidden class.
FORBIDDEN = {
    "C0": ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f"],
    "DEL and C1": ["\x7f", "\x80", "\x85", "\x9b", "\x9f"],
    "line separators": ["\u2028", "\u2029"],
    "bidi overrides and isolates": [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)],
    "zero-width": ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"],
}
ALLOWED = ["\t", "\u00a0", "\u200e", "é", "€", "‘", "—", "😀"]


def _load(text: str):
    from haven_docs.diagnostics import Diagnostics
    from haven_docs.loader import load_bytes

    diagnostics = Diagnostics()
    source = load_bytes(text.encode("utf-8", "surrogatepass"), "x.yaml", diagnostics)
    return source, [d.format() for d in diagnostics]


@pytest.mark.parametrize("char", [c for chars in FORBIDDEN.values() for c in chars], ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("how", ["escaped", "typed", "block", "key"])
def test_every_forbidden_character_is_an_error_at_its_place(char, how):
    escape = f"\\u{ord(char):04x}"
    if how == "escaped":
        text, where = f'soort: register\nnaam: "Bed, {escape}Bad"\n', "x.yaml:2:13:"
    elif how == "typed":
        text, where = f"soort: register\nnaam: Bed, {char}Bad\n", "x.yaml:2:12:"
    elif how == "block":
        text, where = f"soort: register\ntekst: |\n  Eerste regel.\n  Bed, Bad {char}en Brood\n", "x.yaml:4:12:"
    else:
        text, where = f"soort: register\nna{char}am: Bed\n", "x.yaml:2:3:"
    if how != "escaped" and char in "\r\x85\u2028\u2029":
        return  # typed, these are line breaks: the loader reads CR as one, and refuses the others as such
    source, errors = _load(text)
    assert source is None
    assert len(errors) == 1, errors
    assert errors[0].startswith(where), errors
    assert "error[invisible-char]" in errors[0] and f"U+{ord(char):04X}" in errors[0], errors


@pytest.mark.parametrize("char", ALLOWED, ids=lambda c: f"U+{ord(c):04X}")
def test_ordinary_characters_are_text(char):
    source, errors = _load(f'soort: register\nnaam: "Bed, {char}Bad"\ntekst: |\n  Bed, {char}Bad\n')
    assert errors == [] and source.data["naam"] == f"Bed, {char}Bad"


# --- opnemen: depth, nesting and size are limited, and computed without expanding -------------


def opnemen_corpus(target: Path, levels: int, fanout: int, text: str = "Iets.") -> Path:
    """The mini corpus plus sections deel-0..deel-N, each showing the previous one ``fanout`` times."""
    shutil.copytree(MINI, target)
    path = target / "documenten" / "programma.yaml"
    parts = ["  - id: h-keten\n    titel: Keten\n    secties:\n",
             f"      - id: deel-0\n        titel: Deel 0\n        inhoud:\n          - tekst: {text}\n"]
    for k in range(1, levels + 1):
        parts.append(f"      - id: deel-{k}\n        titel: Deel {k}\n        inhoud:\n")
        parts.extend(f"          - opnemen: deel-{k - 1}\n" for _ in range(fanout))
    text = path.read_text(encoding="utf-8")
    assert "\nbijlagen:\n" in text
    path.write_text(text.replace("\nbijlagen:\n", "\n" + "".join(parts) + "bijlagen:\n", 1), encoding="utf-8")
    return target


def _errors(content: Path) -> list[str]:
    from haven_docs.diagnostics import ContentError

    try:
        check_corpus(content)
    except ContentError as exc:
        return [d.format() for d in exc.diagnostics]
    return []


def test_a_chain_at_the_limit_checks_and_builds(tmp_path):
    from haven_docs.resolve import MAX_INCLUDE_DEPTH

    content = opnemen_corpus(tmp_path / "content", MAX_INCLUDE_DEPTH, 2)
    index = check_corpus(content)
    out = tmp_path / "site"
    out.mkdir()
    build_site(index, content, out)  # no RecursionError in the templates
    html = (out / "documenten" / "programma-test" / "h-keten" / "index.html").read_text(encoding="utf-8")
    assert html.count("Iets.") == sum(2 ** k for k in range(MAX_INCLUDE_DEPTH + 1))


@pytest.mark.parametrize("levels", [11, 100, 2000])
def test_a_long_chain_is_one_error_at_its_start(tmp_path, levels):
    errors = [e for e in _errors(opnemen_corpus(tmp_path / "content", levels, 1)) if "[include-depth]" in e]
    assert len(errors) == 1, errors
    assert f"error[include-depth]: 'opnemen: deel-{levels - 1}' toont" in errors[0]
    assert f"{levels} niveaus diep (maximaal 10)" in errors[0]


def test_doubling_is_an_error_computed_once_per_part(tmp_path, monkeypatch):
    """60 levels that each show the previous level twice: 2^60 parts if expanded."""
    from haven_docs import resolve

    calls = []
    original = resolve._text_size
    monkeypatch.setattr(resolve, "_text_size", lambda model: calls.append(1) or original(model))
    errors = _errors(opnemen_corpus(tmp_path / "content", 60, 2))
    assert any("error[include-size]" in e for e in errors), errors
    assert any("error[include-depth]" in e for e in errors), errors
    # Once per included part (deel-0 .. deel-59, and the two pillars the mini corpus shows), never per copy.
    assert len(calls) == 60 + 2


def test_within_the_depth_but_too_much_text(tmp_path):
    errors = _errors(opnemen_corpus(tmp_path / "content", 8, 4, text="Tekst " * 40))
    assert len(errors) == 1 and "error[include-size]" in errors[0], errors
    assert "(maximaal 2.000.000)" in errors[0]
