"""The incremental build: the same output as a full build, never a stale page or PDF."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from haven_docs import pdf as pdf_package
from haven_docs.build import build
from tests.conftest import MINI


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def containing(folder: Path, text: str) -> set[str]:
    return {
        p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
        if text in p.read_text(encoding="utf-8")
    }


@pytest.fixture
def corpus(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    build(content, tmp_path / "site", jobs=1, quiet=True)  # fills the cache
    return content, tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_prose_change_renders_one_pdf_and_matches_a_full_build(corpus):
    content, tmp = corpus
    before = digests(tmp / "site")
    edit(content / "documenten" / "nota.yaml", "Begin 2022 is onze gemeente gestart",
         "Begin 2022 is de gemeente Deventer gestart")
    report = build(content, tmp / "site", jobs=1, quiet=True)
    assert report.pdfs_rendered == 1
    assert report.bundles_rendered == 1  # the nota with its bijlage (pdf/bundel/nota-test.pdf)
    after = digests(tmp / "site")
    changed = {name for name in after if after[name] != before.get(name)}
    own = {"pdf/nota-test.pdf", "pdf/bundel/nota-test.pdf"}
    assert own <= changed
    assert not any(name.startswith("pdf/") and name not in own for name in changed)

    full = build(content, tmp / "full", jobs=1, use_cache=False, quiet=True)
    assert full.pdfs_rendered == len(full.pdfs)
    assert digests(tmp / "full") == after  # incremental == full, byte for byte


def test_changed_title_reaches_every_page_and_pdf_that_shows_it(corpus):
    content, tmp = corpus
    old_pages = containing(tmp / "site", "KonnecteD")
    assert old_pages  # the organisation is shown somewhere
    before = digests(tmp / "site")

    edit(content / "registers" / "register.yaml", "naam: KonnecteD", "naam: KonnecteD Werkt")
    report = build(content, tmp / "site", jobs=1, quiet=True)
    after = digests(tmp / "site")

    new_pages = containing(tmp / "site", "KonnecteD Werkt")
    assert new_pages >= {page for page in old_pages if page != "404.html"}
    for page in new_pages:
        assert after[page] != before[page], f"{page} toont de nieuwe naam maar is niet herbouwd?"
    # Only the PDF of the programme names KonnecteD: exactly that one is rendered again.
    assert report.pdfs_rendered == 1
    assert after["pdf/programma-test.pdf"] != before["pdf/programma-test.pdf"]
    full = build(content, tmp / "full", jobs=1, use_cache=False, quiet=True)
    assert digests(tmp / "full") == after


def test_navigation_change_rebuilds_every_page(corpus):
    content, tmp = corpus
    edit(content / "documenten" / "visie.yaml", "titel: Taal als basis", "titel: Taal is de basis")
    build(content, tmp / "site", jobs=1, quiet=True)
    build(content, tmp / "full", jobs=1, use_cache=False, quiet=True)
    assert digests(tmp / "full") == digests(tmp / "site")
    assert len(containing(tmp / "site", "Taal is de basis")) > 5  # in the navigation of every page


def test_jobs_do_not_change_the_output(tmp_path):
    one = build(MINI, tmp_path / "one", jobs=1, use_cache=False, quiet=True)
    two = build(MINI, tmp_path / "two", jobs=2, use_cache=False, quiet=True)
    assert [p.name for p in one.pdfs] == [p.name for p in two.pdfs]
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_no_cache_renders_everything(corpus, monkeypatch):
    content, tmp = corpus
    report = build(content, tmp / "site", jobs=1, use_cache=False, quiet=True)
    assert report.pdfs_rendered == len(report.pdfs) == pdf_package.last_stats["documents"]


def test_the_cache_keeps_only_what_the_last_build_used(corpus):
    content, tmp = corpus
    cache = tmp / ".haven-cache" / "site"
    files = sorted(p.name for p in (content / "documenten").glob("*.yaml")) + \
        sorted(p.name for p in (content / "registers").glob("*.yaml")) + \
        sorted(p.name for p in content.glob("*.yaml"))  # instellingen.yaml
    before_pdfs = {p.name for p in (cache / "pdf").glob("*.pdf")}
    assert len(before_pdfs) == len(list((tmp / "site" / "pdf").glob("*.pdf")))
    assert len(list((cache / "parsed").glob("*.pickle"))) == len(files)

    edit(content / "documenten" / "nota.yaml", "Begin 2022 is onze gemeente gestart",
         "Begin 2022 is de gemeente Deventer gestart")
    report = build(content, tmp / "site", jobs=1, quiet=True)
    assert report.pdfs_rendered == 1
    after_pdfs = {p.name for p in (cache / "pdf").glob("*.pdf")}
    # The nota's old PDF is gone from the cache, its new one is there; the published copy is whole.
    assert len(after_pdfs) == len(before_pdfs) and len(after_pdfs - before_pdfs) == 1
    assert len(list((cache / "parsed").glob("*.pickle"))) == len(files)
    published = tmp / "site" / "pdf" / "nota-test.pdf"
    assert published.read_bytes().startswith(b"%PDF-") and published.stat().st_size > 1000


def test_a_touched_cached_page_is_not_rewritten_in_the_published_site(corpus):
    """MkDocs rewrites every page newer than its HTML, not only those the build changed."""
    content, tmp = corpus
    cached_page = tmp / ".haven-cache" / "site" / "site" / "docs" / "registers" / "afkortingen.md"
    published = tmp / "site" / "registers" / "afkortingen" / "index.html"
    assert cached_page.is_file() and published.is_file()
    keep = tmp / "kept.html"
    os.link(published, keep)  # our own name for the published file's inode
    old = keep.read_bytes()
    time.sleep(0.01)
    cached_page.touch()  # newer than its HTML, same bytes
    edit(content / "documenten" / "nota.yaml", "Begin 2022 is onze gemeente gestart",
         "Begin 2022 is de gemeente Deventer gestart")
    build(content, tmp / "site", jobs=1, quiet=True)
    assert keep.read_bytes() == old  # the old published file was left alone
    full = build(content, tmp / "full", jobs=1, use_cache=False, quiet=True)
    assert full.pdfs and digests(tmp / "full") == digests(tmp / "site")
