"""The start page lists every published document, per kind, as a council member expects."""

from __future__ import annotations

import re

from haven_docs.corpus import check_corpus
from haven_docs.site import write_docs
from haven_docs.site.helpers import display_label
from haven_docs.site.text import escape_text
from tests.conftest import CONTENT


def test_the_start_page_lists_every_document_under_its_kind(tmp_path):
    index = check_corpus(CONTENT)
    write_docs(index, CONTENT, tmp_path / "docs")
    page = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    section = page[page.index("{#hd--documenten}"):page.index("{#hd--samenhang}")]
    headings = re.findall(r"^### (.+?) \{#hd--documenten-([a-z0-9-]+)\}$", section, re.M)
    kinds = {node.kind for node in index.documents()}
    # One heading per kind that has documents, with the kind's plural name from the kinds data.
    assert sorted(kind for _, kind in headings) == sorted(kinds)
    for title, kind in headings:
        assert title == index.soort(kind).meervoud
    # Every document once, under its own kind's heading, by its label.
    parts = re.split(r"^### .+$", section, flags=re.M)[1:]
    for (_, kind), part in zip(headings, parts):
        shown = re.findall(r'class="hd-kaart__titel"><a href="([^"]+)"', part)
        nodes = [n for n in index.documents() if n.kind == kind]
        assert len(shown) == len(nodes), kind
        for node in nodes:
            assert f"{node.id}/" in " ".join(shown), node.id
            assert str(escape_text(display_label(index, node))) in part, node.id
    assert len(re.findall(r'class="hd-kaart"', section)) == len(index.documents())
