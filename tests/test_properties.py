"""Property tests: whatever a writer (or a hostile pull request) types, the result is output or a
clean content error, never an unhandled exception; prose renders without live HTML.

Hypothesis runs EXAMPLES examples per property (300 unless HAVEN_DOCS_EXAMPLES says otherwise),
derandomized, so CI runs the same examples every time and a failure reproduces.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError, Diagnostics
from haven_docs.loader import load_bytes
from haven_docs.markup import image_problem, link_problem, render, scan
from haven_docs.model import FILE_MODELS
from tests.conftest import MINI

EXAMPLES = int(os.environ.get("HAVEN_DOCS_EXAMPLES", "300"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run: CI failures reproduce
    database=None,  # nothing written into the repository
    deadline=None,  # CI machines vary; speed is for benchmarks/
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

#: One error line: path:line:col: error[code]: message, optionally (tip: hint); never two lines.
LINE = re.compile(r"^[^\n]+:[1-9]\d*:[1-9]\d*: error\[[a-z0-9-]+\]: [^\n]+$")


def assert_clean(diagnostics, paths: set[str]) -> None:
    assert diagnostics, "a refused input must say why"
    for diagnostic in diagnostics:
        assert LINE.match(diagnostic.format()), diagnostic.format()
        assert diagnostic.pos.path in paths, diagnostic.format()
        assert diagnostic.message.strip()
        diagnostic.format_github()  # must not raise either


def _encode(text: str) -> bytes:
    """Text as bytes, lone surrogates included (hypothesis makes them; a file can hold them)."""
    return text.encode("utf-8", "surrogatepass")


# --- the loader -------------------------------------------------------------------

#: Pieces with a meaning in YAML, so that random text meets the parser's corners.
YAML_PIECES = [
    ":", ": ", "- ", "-", "? ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!", "!!str ", "!!python/object ",
    "<<: ", "|", ">", "|-", ">+", "'", '"', "\\", "\\x07", "\\ud800", "%YAML 1.2\n", "---\n", "...\n",
    "\n", "\n  ", "\n    ", "\t", "  ", "soort: ", "nota", "id: ", "titel: ", "tekst: ", "no", "on", "17:00",
    "010", "0x1F", "1_000", "1.632.050", "1.632", "2024-06-04", "2024-02-31", "04-06-2024", ".inf", "~",
    "null", "[[", "]]", "\ufeff", "\u2028", "\x85", "\r", "\r\n", "é", "😀", "\x00", "[" * 60, "{a: " * 60,
]

yamlish = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=6)), max_size=60).map("".join)


def check_loader(raw: bytes) -> None:
    diagnostics = Diagnostics()
    source = load_bytes(raw, "x.yaml", diagnostics)
    if source is None:
        assert_clean(diagnostics, {"x.yaml"})
        lines = raw.count(b"\n") + raw.count(b"\r") + 1
        for diagnostic in diagnostics:
            assert diagnostic.pos.line <= lines + 1, diagnostic.format()
    else:
        assert not diagnostics
        for info in source.values.values():
            assert info.line >= 1 and info.col >= 1


@PROPERTY
@given(st.binary(max_size=3000))
def test_loader_on_arbitrary_bytes(raw):
    check_loader(raw)


@PROPERTY
@given(yamlish)
def test_loader_on_yaml_like_text(text):
    check_loader(_encode(text))


# --- the whole check ------------------------------------------------------------------

FIELD_NAMES = sorted({name for model in FILE_MODELS.values() for name in model.model_fields} | {
    "inhoud", "secties", "items", "tabel", "kolommen", "groepen", "rijen", "cellen", "totaal", "waarden",
    "uitsplitsing", "afwijking", "sleutel", "opnemen", "lijst", "kop", "citaat", "nummer", "tekst", "ref",
    "pijler", "categorie", "uitgangspunten", "actielijnen", "rijsoort", "punten", "ondertekenaars", "functie",
    "totalen", "over", "niet_optellen", "waarde", "schatting", "voetnoot", "eenheid", "legenda", "basis", "decimalen",
})
IDS = ["visie-test", "programma-test", "nota-test", "raadsvoorstel-test", "pijler-opvang", "up-opvang-1",
       "al-opvang-bbb", "h-pijlers", "tabel-extra-inzet", "coa", "besluit-visie", "wethouder-test", "nope"]

plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
prose = st.lists(
    st.one_of(st.sampled_from(["[[", "]]", "|", "[x](", ")", "![i](", "javascript:", "assets/", "../", "<b>"]),
              st.sampled_from(IDS), st.text(max_size=8), plain_text),
    max_size=12,
).map("".join)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=True), st.dates(),
    st.text(max_size=20), st.sampled_from(IDS), st.sampled_from(sorted(FILE_MODELS)), prose,
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=4),
    max_leaves=12,
)
documents = st.builds(
    lambda head, body: {**head, **body},
    st.fixed_dictionaries(
        {"soort": st.sampled_from(sorted(FILE_MODELS)), "id": st.sampled_from(IDS + ["nieuw-document"])}
    ),
    st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=6),
)


def _dump(data, flow) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=flow)


def check_folder(content: Path) -> None:
    """check_corpus either succeeds or raises ContentError with clean lines; nothing else."""
    shown = {str(p) for p in content.rglob("*")} | {str(content)}
    try:
        check_corpus(content)
    except ContentError as exc:
        assert_clean(exc.diagnostics, shown)


@pytest.fixture(scope="module")
def lone_folder(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("lone") / "content"
    (content / "documenten").mkdir(parents=True)
    return content


@pytest.fixture(scope="module")
def mini_folder(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("mini") / "content"
    shutil.copytree(MINI, content)
    return content


@PROPERTY
@given(raw=st.one_of(
    st.binary(max_size=2000),
    yamlish.map(_encode),
    documents.map(lambda d: _encode(_dump(d, None))),
    documents.map(lambda d: _encode(_dump(d, True))),
))
def test_check_on_a_single_file(lone_folder, raw):
    (lone_folder / "documenten" / "case.yaml").write_bytes(raw)
    check_folder(lone_folder)


MINI_FILES = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yaml"))
MINI_DATA = {name: yaml.safe_load((MINI / name).read_text(encoding="utf-8")) for name in MINI_FILES}


def _paths(data, prefix=()):
    """Every place in ``data`` (mapping keys and list items), parents before children."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _similar(value):
    if isinstance(value, bool) or value is None:
        return scalars
    if isinstance(value, int):
        return st.one_of(st.integers(-3, 3).map(lambda d: value + d), st.integers(0, 10**9))
    if isinstance(value, dt.date):
        return st.integers(-40, 40).map(lambda d: value + dt.timedelta(days=d))
    if isinstance(value, str):
        return st.one_of(st.sampled_from(IDS), prose, plain_text, st.just(value[:-1] + "x" if value else "x"))
    return values


@st.composite
def mutated_mini_file(draw):
    """A mini-corpus file with one to three edits: mostly valid YAML that reaches resolve and checks."""
    name = draw(st.sampled_from(MINI_FILES))
    data = copy.deepcopy(MINI_DATA[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(data, path), path[-1]
        edit = draw(st.sampled_from(["similar", "similar", "similar", "replace", "delete", "duplicate", "rename"]))
        if edit == "similar":  # a value of the same type: mostly valid, so resolve and checks run
            parent[key] = draw(_similar(parent[key]))
        elif edit == "replace":
            parent[key] = draw(values)
        elif edit == "delete":
            del parent[key]
        elif edit == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif edit == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES))] = parent.pop(key)
    text = _dump(data, draw(st.sampled_from([False, None, True])))
    if draw(st.integers(0, 3)) == 0:  # and sometimes a raw slip of the keyboard
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(YAML_PIECES)) + text[at:]
    return name, text


@PROPERTY
@given(mutated_mini_file())
def test_check_on_a_mutated_corpus(mini_folder, case):
    name, text = case
    path = mini_folder / name
    original = path.read_bytes()
    try:
        path.write_bytes(_encode(text))
        check_folder(mini_folder)
    finally:
        path.write_bytes(original)


def test_mini_corpus_itself_is_clean():
    check_corpus(MINI)
    assert isinstance(MINI_DATA["documenten/nota.yaml"]["datum"], dt.date)  # the round trip keeps dates


# --- prose ---------------------------------------------------------------------------------

MARKDOWN_PIECES = [
    "[", "]", "(", ")", "[[", "]]", "|", "<", ">", "!", "![", "](", "javascript:", "JaVaScRiPt:", " javascript:",
    "java\tscript:", "vbscript:", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "http://x.nl/",
    "https://x.nl/a?b=<c>", "mailto:a@b.nl", "//evil.example/", "assets/", "assets/a.png", "../", "%2e%2e/", "\\",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>", "<iframe ",
    "<svg onload=alert(1)>", "<style>", "onerror=", '"', "'", "`", "```", "~~~", "*", "_", "**", "#", "> ",
    "- ", "1. ", "\n", "\n\n", "    ", "| a | b |\n|---|---|\n", "&#106;", "&#x3C;script&#x3E;", "&lt;", "&",
    "[x]: ", "[x]", "<!--", "-->", "<![CDATA[", "<?php ", "\u202e", "\u200b", "\x00", "😀",
]
markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=8)), max_size=50).map("".join)

#: What markdown-it (commonmark, tables, strikethrough) may produce, and nothing else.
ALLOWED_TAGS = {
    "p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "br", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "s",
}
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "class", "style", "start"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert set(attrs) <= ALLOWED_ATTRIBUTES, (tag, attrs)
        if "style" in attrs:
            assert re.fullmatch(r"text-align:(left|right|center)", attrs["style"]), attrs
        if tag == "a":
            href = attrs.get("href") or ""
            assert href == "#" or link_problem(href) is None, href
        if tag == "img":
            src = attrs.get("src") or ""
            assert src.startswith("assets/") and image_problem(src) is None, src


@PROPERTY
@given(markdown)
def test_rendered_prose_is_inert(text):
    assert_inert(render(text))
    assert_inert(render(text, inline=True))


@PROPERTY
@given(st.text(max_size=300))
def test_rendered_unicode_is_inert(text):
    assert_inert(render(text))


@PROPERTY
@given(markdown)
def test_check_finds_whatever_the_renderer_neutralizes(text):
    """The renderer's defence in depth never has to act on a text the check let through."""
    refs, problems = scan(text)
    for ref in refs:
        assert not set(ref.target) & set("[]|\n")
    for problem in problems:
        assert problem.kind in ("link", "image", "ref") and problem.reason
    if not problems:
        html = render(text)
        assert 'href="#"' not in html
        images = sum(1 for token in _inline_children(text) if token.type == "image")
        assert html.count("<img") == images


def _inline_children(text: str):
    from haven_docs.markup import _PARSER

    for block in _PARSER.parse(text, {}):
        yield from block.children or ()
