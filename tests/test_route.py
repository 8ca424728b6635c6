"""The route of decisions at its place in a chapter (a `route:` block), as the source shows it."""

from __future__ import annotations

import re

from haven_docs import lifecycle
from haven_docs.corpus import check_corpus
from haven_docs.pdf.html import HtmlBuilder
from haven_docs.site import write_docs
from tests.conftest import CONTENT

DOC = "uitvoeringsprogramma-veilige-haven"
STEPS = ["raadsbesluit-2025-5", "raadsbesluit-2025-648", "collegebesluit-2026-uitvoeringsprogramma-veilige-haven"]


def test_a_route_block_stands_at_its_place_on_the_site_and_in_print(tmp_path):
    index = check_corpus(CONTENT)
    node = index.get(DOC)
    assert not node.model.route  # not on the cover: in hoofdstuk 1
    assert [s.besluit for s in lifecycle.route_steps(node.model)] == STEPS

    write_docs(index, CONTENT, tmp_path / "docs")
    pages = sorted((tmp_path / "docs" / "documenten" / DOC).glob("*.md"))
    [page] = [p.read_text(encoding="utf-8") for p in pages if "volgende route gevolgd" in p.read_text(encoding="utf-8")]
    before, after = page.index("volgende route gevolgd"), page.index("Onze ambitie")
    route = re.search(r'<ol class="hd-route">.*?</ol>', page, re.S)
    assert route and before < route.start() < after
    assert [re.search(r"#([a-z0-9-]+)\"", li).group(1) for li in re.findall(r"<li>.*?</li>", route.group(0))] == STEPS
    assert "(19 maart 2025)" in route.group(0)
    # The start page's route of decisions has its steps.
    start = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    table = start[start.index("{#hd--route}"):]
    for step in STEPS:
        assert f"#{step}" in table or f"/{step}/" in table, step

    html = HtmlBuilder(index, CONTENT).html(node)
    before, after = html.index("volgende route gevolgd"), html.index("Onze ambitie")
    printed = re.search(r'<ol class="route">.*?</ol>', html, re.S)
    assert printed and before < printed.start() < after
    assert "Uitgangspuntennotitie voor de visie" in printed.group(0) and "(19 maart 2025)" in printed.group(0)
    assert "Route van besluitvorming" not in html  # the cover has no route of its own now
