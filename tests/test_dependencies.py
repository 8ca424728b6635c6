"""The render memo (haven_docs.dependencies) never gives a stale result.

The memo reuses a page's Markdown, or a PDF's cache key, when the digests of
everything the render read are unchanged. These tests edit content step by
step and compare the memo's output after every step with a fresh render that
uses no memo at all: the two must be byte for byte the same. They also check
that the memo really reuses work (so they cannot pass by rendering everything
again), and that an incremental build never writes the published output in
place.

Fast: only write_docs and PdfPlan/print_jobs (no MkDocs, no WeasyPrint), except
for the last test, which runs two full builds of the mini corpus.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from haven_docs.build import build
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.pdf import PdfPlan, _cache_key, _renderer_fingerprint, bundle_jobs, print_jobs
from haven_docs.site import builder
from haven_docs.site.builder import write_docs
from haven_docs.site.incremental import SiteCache
from tests.conftest import CONTENT, MINI

SEED = 4682024
#: Mutations attempted in the randomized sequence, and how many must be applied.
STEPS = 14
MIN_APPLIED = 12


# --- comparing a memo render with a fresh one -----------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(memo: Path, fresh: Path, context: str) -> None:
    """Same file names, same bytes; on a difference, show the first differing file as a diff."""
    got, want = tree(memo), tree(fresh)
    assert sorted(got) == sorted(want), f"{context}: other files than a fresh render: " \
        f"only memo {sorted(set(got) - set(want))}, only fresh {sorted(set(want) - set(got))}"
    stale = [name for name in want if got[name] != want[name]]
    if stale:
        name = stale[0]
        diff = "".join(difflib.unified_diff(
            got[name].decode("utf-8", "replace").splitlines(True),
            want[name].decode("utf-8", "replace").splitlines(True),
            f"memo/{name}", f"fresh/{name}", n=1))
        pytest.fail(f"{context}: STALE output from the memo in {len(stale)} file(s) {stale[:8]}:\n{diff[:4000]}")


@dataclass
class Rendered:
    """The pages render_page was called for (the memo path calls it only for pages it cannot reuse)."""

    paths: list[str] = field(default_factory=list)


@pytest.fixture
def rendered(monkeypatch) -> Rendered:
    found = Rendered()
    original = builder.render_page

    def counting(env, site, page, site_name):
        found.paths.append(page.path)
        return original(env, site, page, site_name=site_name)

    monkeypatch.setattr(builder, "render_page", counting)
    return found


@dataclass
class Round:
    what: str
    pages: int
    rendered: set[str]
    documents: int
    printed: set[str]
    fresh_docs: dict[str, bytes]
    fresh_keys: dict[str, str]


def memo_round(content: Path, work: Path, rendered: Rendered, what: str) -> Round:
    """Render through the memo (same cache every round) and afresh; assert both agree.

    Site: write_docs with a SiteCache against write_docs into an empty folder.
    PDF: PdfPlan's keys (from the memo where it can) against _cache_key of every
    print job of print_jobs (no memo). Only print.json is needed for the memo path.
    """
    index = check_corpus(content)
    cache = SiteCache(work / "site-cache")
    rendered.paths.clear()
    plan = write_docs(index, content, cache.docs, cache=cache)
    memo_rendered = list(rendered.paths)
    assert len(memo_rendered) == len(set(memo_rendered)), "a page rendered twice in one build"

    fresh = work / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    write_docs(index, content, fresh / "docs")
    assert_same_tree(cache.docs, fresh / "docs", f"site docs after {what}")
    assert_same_tree(cache.snippets, fresh / "snippets", f"site snippets after {what}")

    pdf_plan = PdfPlan(index, content, work / "pdf-cache")
    pdf_plan.save()
    fingerprint = _renderer_fingerprint(content)
    fresh_keys = {job.doc_id: _cache_key(job, fingerprint) for job in print_jobs(index, content)}
    fresh_keys.update({name: _cache_key(job, fingerprint) for name, job in bundle_jobs(index, content).items()})
    stale = sorted(d for d in fresh_keys if pdf_plan.keys.get(d) != fresh_keys[d])
    assert set(pdf_plan.keys) == set(fresh_keys), f"PDF documents differ after {what}"
    assert not stale, f"after {what}: STALE PDF cache key from the memo for {stale}"

    return Round(what, len(plan.pages), set(memo_rendered), len(fresh_keys),
                 set(pdf_plan._jobs),  # documents turned into print HTML this round (not from the memo)
                 tree(fresh / "docs"), fresh_keys)


# --- editing the YAML as a writer would, line by line ------------------------------------------

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[a-z_]+):(?P<rest>.*)$")
BLOCK = re.compile(r"^ *[|>][+-]?$")
WORDS = ("herzien", "aangepast", "nieuw", "concept", "COA", "gewijzigd", "tijdelijk", "Deventer")


@dataclass
class Edit:
    what: str
    before: dict[Path, str | None]  # file -> text before the edit (None: there was no such file)
    target: str | None = None  # of a reference added

    def revert(self) -> None:
        for path, text in self.before.items():
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")


class Mutator:
    """Random but valid-looking edits of a content folder; every edit can be reverted."""

    def __init__(self, content: Path, rng: random.Random):
        self.content = content
        self.rng = rng
        self.counter = 0
        self.added_refs: list[tuple[Path, str]] = []  # (file, exact text appended)
        self.listed_backlinks: dict[str, set[str]] = {}  # id -> pages that show its "Genoemd in" list
        self.page_reads: dict[str, set[tuple[str, ...]]] = {}  # page -> what its last render read

    # files and lines

    def files(self, *folders: str) -> list[Path]:
        folders = folders or ("documenten", "registers")
        return sorted(p for folder in folders for p in (self.content / folder).glob("*.yaml"))

    @staticmethod
    def lines(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return (text if text.endswith("\n") else text + "\n").splitlines(True)

    def write(self, changes: dict[Path, list[str] | None], what: str) -> Edit:
        """Write the new lines of each file (None: remove the file); the Edit can undo it."""
        before = {path: path.read_text(encoding="utf-8") if path.exists() else None for path in changes}
        for path, lines in changes.items():
            if lines is None:
                path.unlink()
            else:
                path.write_text("".join(lines), encoding="utf-8")
        return Edit(what, before)

    def suffix(self) -> str:
        self.counter += 1
        return f" {self.rng.choice(WORDS)} {self.counter}"

    @staticmethod
    def section_of(lines: list[str], i: int) -> str | None:
        """The top-level key a line belongs to (organisaties, voetnoten, secties, ...)."""
        for j in range(i, -1, -1):
            match = re.match(r"^([a-z_]+):", lines[j])
            if match:
                return match.group(1)
        return None

    @staticmethod
    def block_lines(lines: list[str], i: int) -> list[int]:
        """Indexes of the non-blank content lines of the block scalar started by the key on line ``i``."""
        match = KEY_LINE.match(lines[i])
        key_indent = len(match["indent"]) + len(match["dash"] or "")
        found = []
        for j in range(i + 1, len(lines)):
            if not lines[j].strip():
                continue
            if len(lines[j]) - len(lines[j].lstrip(" ")) <= key_indent:
                break
            found.append(j)
        return found

    def value_lines(self, path: Path, keys: tuple[str, ...], sections: tuple[str, ...] | None = None) -> list[int]:
        lines = self.lines(path)
        result = []
        for i, line in enumerate(lines):
            match = KEY_LINE.match(line)
            if match and match["key"] in keys and match["rest"].strip():
                if sections is None or self.section_of(lines, i) in sections:
                    result.append(i)
        return result

    def change_value(self, path: Path, i: int, suffix: str, what: str) -> Edit | None:
        """Add ``suffix`` to the value on line ``i``: plain, quoted or block scalar."""
        lines = self.lines(path)
        match = KEY_LINE.match(lines[i])
        value = match["rest"].strip()
        head = lines[i][: lines[i].index(":") + 1]
        if BLOCK.match(value):
            content = self.block_lines(lines, i)
            if not content:
                return None
            j = content[0]
            lines[j] = lines[j].rstrip("\n").rstrip() + suffix + "\n"
        elif value[0] in "\"'":
            quote = value[0]
            if len(value) < 2 or value[-1] != quote or value.endswith("\\" + quote):
                return None  # a quoted value over more lines
            lines[i] = f"{head} {value[:-1]}{suffix}{quote}\n"
        elif value[0] in "[{&*!%@`#" or " #" in value or value.endswith(":"):
            return None
        else:
            lines[i] = f"{head} {value}{suffix}\n"
        return self.write({path: lines}, f"{what}: {path.relative_to(self.content)}:{i + 1} += {suffix.strip()!r}")

    # the mutations

    def field(self, index) -> Edit | None:
        """A titel/naam/onderwerp/tekst value of a random line of a random document or register."""
        path = self.rng.choice(self.files())
        candidates = self.value_lines(path, ("titel", "naam", "onderwerp", "tekst"))
        if not candidates:
            return None
        i = self.rng.choice(candidates)
        key = KEY_LINE.match(self.lines(path)[i])["key"]
        return self.change_value(path, i, self.suffix(), f"field {key}")

    def org_name(self, index) -> Edit | None:
        """The name of an organisation in a register."""
        path = self.rng.choice(self.files("registers"))
        candidates = self.value_lines(path, ("naam",), sections=("organisaties",))
        if not candidates:
            return None
        return self.change_value(path, self.rng.choice(candidates), self.suffix(), "organisation naam")

    def org_afkorting(self, index) -> Edit | None:
        """The abbreviation of an organisation (the glossary and every <abbr> change)."""
        path = self.rng.choice(self.files("registers"))
        candidates = self.value_lines(path, ("afkorting",), sections=("organisaties",))
        if not candidates:
            return None
        i = self.rng.choice(candidates)
        self.counter += 1
        return self.change_value(path, i, "X" * (1 + self.counter % 2), "organisation afkorting")

    def notanummer(self, index) -> Edit | None:
        """A nota's number, which raadsvoorstel, raadsbesluit and raadsmededeling take over."""
        notas = [n for n in index.documents() if n.kind == "nota"]
        node = self.rng.choice(notas)
        path = next(p for p in self.files("documenten") if f"id: {node.id}\n" in p.read_text(encoding="utf-8"))
        self.counter += 1
        number = f"{2030 + self.counter}-{self.rng.randrange(100, 999)}"
        lines = self.lines(path)
        changes: dict[Path, list[str]] = {}
        at = next((i for i, l in enumerate(lines) if l.startswith("notanummer:")), None)
        if at is None:
            at = next(i for i, l in enumerate(lines) if l.startswith("onderwerp:"))
            lines.insert(at + 1, f'notanummer: "{number}"\n')
        else:
            lines[at] = f'notanummer: "{number}"\n'
        changes[path] = lines
        # A raadsvoorstel that repeats the number must agree: let it take the number from the nota.
        for other in self.files("documenten"):
            other_lines = self.lines(other)
            if any(l.startswith(f"nota: {node.id}") for l in other_lines) and \
                    any(l.startswith("voorstelnummer:") for l in other_lines):
                changes[other] = [l for l in other_lines if not l.startswith("voorstelnummer:")]
        return self.write(changes, f"notanummer of {node.id} -> {number}"
                          + (" (voorstelnummer dropped)" if len(changes) > 1 else ""))

    def footnote(self, index) -> Edit | None:
        """The text of a footnote."""
        candidates = [(p, i) for p in self.files("documenten")
                      for i in self.value_lines(p, ("tekst",), sections=("voetnoten",))]
        if not candidates:
            return None
        path, i = self.rng.choice(candidates)
        return self.change_value(path, i, self.suffix(), "footnote tekst")

    def prose_lines(self, folders: tuple[str, ...] = ("documenten", "registers")) -> list[tuple[Path, int]]:
        """First content line of every block-scalar tekst/omschrijving."""
        found = []
        for path in self.files(*folders):
            lines = self.lines(path)
            for i, line in enumerate(lines):
                match = KEY_LINE.match(line)
                if match and match["key"] in ("tekst", "omschrijving") and BLOCK.match(match["rest"].strip()):
                    content = self.block_lines(lines, i)
                    if content:
                        found.append((path, content[0]))
        return found

    def add_ref(self, index) -> Edit | None:
        """Append [[some-existing-id]] to a prose text: a new backlink on the target's page.

        Mostly a target whose page lists where it is mentioned ("Genoemd in"),
        from a text in a file of which that page read nothing: then only the
        target's backlinks key can tell the page that it changed.
        """
        prose = self.prose_lines()
        file_nodes: dict[str, set[str]] = {}
        for node in index.nodes.values():
            file_nodes.setdefault(Path(node.file.source.path).name, set()).add(node.id)
        blind = []  # (prose line, target) where no page listing the target read the prose's file
        for path, j in prose:
            unread = {("node", n) for n in file_nodes.get(path.name, ())}
            for target, pages in sorted(self.listed_backlinks.items()):
                if target in file_nodes.get(path.name, ()):
                    continue
                if all(not (self.page_reads.get(page, {("everything",)}) & unread)
                       and not any(k[0] in ("everything", "documents") or (k[0] == "file" and k[1].endswith(path.name))
                                   for k in self.page_reads.get(page, {("everything",)}))
                       for page in pages):
                    blind.append(((path, j), target))
        if blind and self.rng.random() < 0.8:
            (path, j), target = self.rng.choice(blind)
        else:
            path, j = self.rng.choice(prose)
            target = self.rng.choice(sorted(n.id for n in index.nodes.values() if n.kind != "voetnoot"))
        self.counter += 1
        added = f" Zie ook [[{target}]] ({self.counter})."
        lines = self.lines(path)
        lines[j] = lines[j].rstrip("\n").rstrip() + added + "\n"
        edit = self.write({path: lines}, f"add ref [[{target}]] in {path.relative_to(self.content)}:{j + 1}")
        edit.target = target
        self.added_refs.append((path, added))
        return edit

    def remove_ref(self, index) -> Edit | None:
        """Remove a reference added before (else unlink an existing [[id|label]]): a backlink goes."""
        while self.added_refs:
            path, added = self.added_refs.pop(self.rng.randrange(len(self.added_refs)))
            text = path.read_text(encoding="utf-8")
            if text.count(added) == 1:
                return self.write({path: text.replace(added, "").splitlines(True)},
                                  f"remove added ref {added.strip()!r} in {path.relative_to(self.content)}")
        path, j = self.rng.choice(self.prose_lines(("documenten",)))
        lines = self.lines(path)
        refs = list(re.finditer(r"\[\[([^\]|]+)\|([^\]]+)\]\]", lines[j]))
        if not refs:
            return None
        ref = self.rng.choice(refs)
        lines[j] = lines[j][: ref.start()] + ref.group(2) + lines[j][ref.end():]
        return self.write({path: lines}, f"unlink [[{ref.group(1)}|...]] in {path.relative_to(self.content)}:{j + 1}")

    @staticmethod
    def item_end(lines: list[str], i: int, indent: int) -> int:
        for j in range(i + 1, len(lines)):
            stripped = lines[j].strip()
            if not stripped or stripped.startswith("#"):
                continue
            if len(lines[j]) - len(lines[j].lstrip(" ")) <= indent:
                return j
        return len(lines)

    def reorder(self, index) -> Edit | None:
        """Swap two adjacent items of a YAML list (sections, entries, list items, rows, ...)."""
        path = self.rng.choice(self.files())
        lines = self.lines(path)
        pairs = []
        for i, line in enumerate(lines):
            match = re.match(r"^( *)- ", line)
            if not match:
                continue
            indent = len(match.group(1))
            end = self.item_end(lines, i, indent)
            if end < len(lines) and re.match(rf"^ {{{indent}}}- ", lines[end]):
                pairs.append((i, end, self.item_end(lines, end, indent)))
        if not pairs:
            return None
        a, b, c = self.rng.choice(pairs)
        # Trailing blank lines and comments stay where they are.
        while c > b + 1 and (not lines[c - 1].strip() or lines[c - 1].strip().startswith("#")):
            c -= 1
        while b > a + 1 and (not lines[b - 1].strip() or lines[b - 1].strip().startswith("#")):
            b -= 1
        gap = self.item_end(lines, a, len(lines[a]) - len(lines[a].lstrip(" ")))
        first, between, second = lines[a:b], lines[b:gap], lines[gap:c]
        new = lines[:a] + second + between + first + lines[c:]
        return self.write({path: new}, f"swap items at {path.relative_to(self.content)}:{a + 1} and :{gap + 1}")

    def datum(self, index) -> Edit | None:
        """Move the date of a register decision by a few days (it orders lists and routes)."""
        candidates = [(p, i) for p in self.files("registers")
                      for i in self.value_lines(p, ("datum",), sections=("besluiten",))]
        if not candidates:
            return None
        path, i = self.rng.choice(candidates)
        lines = self.lines(path)
        match = re.match(r"^(\s*(?:- +)?datum:) (\d{4}-\d{2}-\d{2})\s*$", lines[i])
        if not match:
            return None
        new = dt.date.fromisoformat(match.group(2)) + dt.timedelta(days=self.rng.choice((-400, -3, 5, 200)))
        lines[i] = f"{match.group(1)} {new.isoformat()}\n"
        return self.write({path: lines}, f"datum {path.relative_to(self.content)}:{i + 1} -> {new}")

    def guide(self, index) -> Edit | None:
        """A guide page (content/paginas/*.md, not in the index): a new title, a new page, a page removed."""
        folder = self.content / "paginas"
        extra = sorted(folder.glob("extra-*.md"))
        choice = self.rng.random()
        self.counter += 1
        if extra and choice < 0.3:
            path = self.rng.choice(extra)
            return self.write({path: None}, f"guide page {path.name} removed")
        if choice < 0.65:
            path = folder / "schrijfwijzer.md"
            lines = self.lines(path)
            i = next(i for i, line in enumerate(lines) if line.startswith("# "))
            lines[i] = lines[i].rstrip("\n") + self.suffix() + "\n"
            return self.write({path: lines}, f"guide page title: {lines[i].strip()!r}")
        target = self.rng.choice(sorted(index.nodes))
        path = folder / f"extra-{self.counter}.md"
        return self.write({path: [f"# Extra pagina {self.counter}\n", "\n", f"Zie [[{target}]].\n"]},
                          f"guide page {path.name} added")


KINDS = ("field", "org_name", "org_afkorting", "notanummer", "footnote", "add_ref", "remove_ref", "reorder", "datum",
         "guide")


def schedule(rng: random.Random) -> list[str]:
    """Every kind once, in a random order, then random extras; a reference is added before one is removed."""
    kinds = list(KINDS)
    rng.shuffle(kinds)
    extras = ["field", "field", "add_ref", "remove_ref", "reorder", "org_name", "footnote", "guide"]
    rng.shuffle(extras)
    kinds += extras[: STEPS - len(kinds)]
    first_add, first_remove = kinds.index("add_ref"), kinds.index("remove_ref")
    if first_remove < first_add:
        kinds[first_add], kinds[first_remove] = kinds[first_remove], kinds[first_add]
    return kinds


def shown_backlinks(docs: dict[str, bytes]) -> dict[str, set[str]]:
    """Node id -> the pages that list where it is mentioned ("Genoemd in")."""
    found: dict[str, set[str]] = {}
    for page, data in docs.items():
        for target in re.findall(rb'data-voor="([^"]+)"', data):
            found.setdefault(target.decode(), set()).add(page)
    return found


def memo_reads(cache_root: Path) -> dict[str, set[tuple[str, ...]]]:
    """Per page, the keys its last render read (the memo's own file)."""
    state = json.loads((cache_root / "pages.json").read_text(encoding="utf-8"))
    return {name: {tuple(key) for key in entry["reads"]} for name, entry in state["entries"].items()}


# --- the tests -------------------------------------------------------------------------------


def test_random_edits_never_give_stale_pages_or_pdf_keys(tmp_path, rendered):
    """After each of ~14 cumulative random edits of the real content, the memo gives what a fresh render gives.

    Proves, for every step: the generated Markdown (every docs file and the
    snippets) written through the render memo is byte-identical to a render
    without memo, with the same file set; and PdfPlan's cache key of every
    document (from the memo where nothing it read changed) equals the key of
    a fresh print job. Edits: titel/naam/onderwerp/tekst values (plain, quoted
    and block scalars), organisation names and abbreviations, a nota's number
    (flows into the labels of raadsvoorstel, raadsbesluit, raadsmededeling), a
    footnote's text, adding and removing [[references]] (a new backlink is
    mostly one that only the target's backlinks key can notice), swapping two
    list items, moving a decision's date, a guide page's title (content/paginas,
    outside the index) and adding or removing a guide page. Edits that make the
    corpus invalid are reverted and another is tried; at least MIN_APPLIED
    must apply, every kind at least once. Also proves the memo reuses work:
    a good part of the pages and most print jobs are not rendered again, and
    every page whose fresh Markdown changed was rendered again.
    """
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    work = tmp_path / "work"
    rng = random.Random(SEED)
    mutator = Mutator(content, rng)

    first = memo_round(content, work, rendered, "the first build")
    assert len(first.rendered) == first.pages  # empty memo: everything rendered
    assert first.printed == set(first.fresh_keys)

    rounds: list[Round] = []
    backlinks_listed = 0
    applied: list[tuple[str, str]] = []
    rejected: list[str] = []
    previous = first
    for kind in schedule(rng):
        mutator.listed_backlinks = shown_backlinks(previous.fresh_docs)
        mutator.page_reads = memo_reads(work / "site-cache")
        edit = None
        for _attempt in range(10):
            index = check_corpus(content)
            edit = getattr(mutator, kind)(index)
            if edit is None:
                continue
            try:
                check_corpus(content)
            except ContentError:
                rejected.append(edit.what)
                edit.revert()
                edit = None
                continue
            break
        if edit is None:
            continue
        applied.append((kind, edit.what))
        current = memo_round(content, work, rendered, f"edit {len(applied)} ({edit.what})")
        # Exactness the other way round too: a page whose fresh Markdown changed was rendered again.
        changed = {p for p in current.fresh_docs if current.fresh_docs[p] != previous.fresh_docs.get(p)}
        missed = {p for p in changed if p.endswith(".md") and not p.startswith("inhoud/assets/")} - current.rendered
        assert not missed, f"{edit.what}: pages changed but were reused: {sorted(missed)}"
        changed_keys = {d for d in current.fresh_keys if current.fresh_keys[d] != previous.fresh_keys.get(d)}
        assert changed_keys <= current.printed, f"{edit.what}: PDF keys changed without a print job"
        if edit.target in mutator.listed_backlinks:  # the new backlink is listed on the target's page
            listing = {p for p, data in current.fresh_docs.items() if f'data-voor="{edit.target}"'.encode() in data}
            assert listing & changed, f"{edit.what}: no page lists the new backlink"
            backlinks_listed += 1
        if kind == "notanummer":  # the number reaches the pages of the documents that take it over
            number = re.search(r"-> (\S+)", edit.what).group(1)
            showing = {p for p, data in current.fresh_docs.items() if number.encode() in data}
            assert len(showing - {p for p in showing if p.startswith("stukken/nota-")}) >= 1, showing
        rounds.append(current)
        previous = current

    summary = "\n".join(f"  {k:14} pages rendered {len(r.rendered):3}/{r.pages}, "
                        f"print jobs {len(r.printed)}/{r.documents}: {w}" for (k, w), r in zip(applied, rounds))
    assert len(applied) >= MIN_APPLIED, f"only {len(applied)} edits applied; rejected: {rejected}\n{summary}"
    assert {k for k, _ in applied} == set(KINDS), f"not every kind of edit was applied:\n{summary}"
    assert backlinks_listed >= 1, f"no added reference showed up in a 'Genoemd in' list:\n{summary}"

    # The memo must have saved real work, or this test would prove nothing. A changed
    # abbreviation changes the memo's fingerprint (every page is rendered again); any
    # other edit must leave a good part of the site alone. (A node's digest covers its
    # whole model, so a prose edit in a document also renders every page that links to
    # that document again: that is why "a good part" is not "almost all".)
    pages = sum(r.pages for r in rounds)
    reused = pages - sum(len(r.rendered) for r in rounds)
    assert reused >= pages / 3, f"the memo reused only {reused} of {pages} pages:\n{summary}"
    for (kind, what), r in zip(applied, rounds):
        if kind != "org_afkorting":
            assert r.pages - len(r.rendered) >= r.pages / 5, f"hardly any page reused after {what}:\n{summary}"
    documents = sum(r.documents for r in rounds)
    assert sum(len(r.printed) for r in rounds) <= documents / 2, f"the PDF memo hardly reused a key:\n{summary}"


def test_renamed_organisation_renders_exactly_the_pages_that_show_it(tmp_path, rendered):
    """Renaming one organisation (KonnecteD, mini corpus) renders again exactly the pages whose Markdown changed.

    Proves the memo is exact in both directions for a register edit: every page
    whose fresh Markdown changed was rendered again (and the result equals a
    fresh render), and every other page was reused, except pages that read the
    whole corpus ("everything": the start page, the traceability pages) and
    the register pages (they depend on the whole register file, see below).
    In particular, document pages that do not show the organisation are not
    rendered again. The same for the PDFs: print HTML is made again for exactly the
    documents whose cache key changed.
    """
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    work = tmp_path / "work"
    before = memo_round(content, work, rendered, "the first build")
    reads = memo_reads(work / "site-cache")
    everything = {page for page, keys in reads.items() if ("everything",) in keys}
    # Register pages get their entries as (content file, i, entry) in the page's own context, so
    # they depend on the whole register file: any register edit renders all of them again.
    # Coarse, but never stale; noted here so that nothing else may be coarse.
    whole_register = {page for page, keys in reads.items()
                      if any(k[0] == "file" and k[1].endswith("registers/register.yaml") for k in keys)}
    assert whole_register <= {p for p in reads if p.startswith("registers/")}
    coarse = everything | whole_register

    register = content / "registers" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    assert text.count("naam: KonnecteD\n") == 1
    register.write_text(text.replace("naam: KonnecteD\n", "naam: KonnecteD Werkt\n"), encoding="utf-8")
    after = memo_round(content, work, rendered, "renaming KonnecteD")

    changed = {p for p in after.fresh_docs if after.fresh_docs[p] != before.fresh_docs.get(p)}
    assert changed, "the new name is shown nowhere?"
    assert all(b"KonnecteD Werkt" in after.fresh_docs[p] for p in changed - everything)
    assert changed <= after.rendered
    assert after.rendered - changed <= coarse, \
        f"rendered again without need: {sorted(after.rendered - changed - coarse)}"
    not_showing = {p for p, data in after.fresh_docs.items() if p.endswith(".md") and b"KonnecteD" not in data}
    assert not_showing - coarse and not (not_showing - coarse) & after.rendered
    assert len(after.rendered) < after.pages / 2

    changed_keys = {d for d in after.fresh_keys if after.fresh_keys[d] != before.fresh_keys[d]}
    assert changed_keys == after.printed == {"programma-test"}


def test_guide_page_title_change_reaches_the_start_page(tmp_path, rendered):
    """A new title of a guide page (content/paginas/*.md) reaches the start page, which lists it.

    Regression test for a stale page found while writing these tests: the
    start page lists every page under "Verder op deze site" with its title,
    read through ``site.pages``, which the memo noted only as ("everything",).
    That digest covers the YAML files of the index, not the Markdown guide
    pages, and the start page's own description does not hold their titles:
    after "# Schrijfwijzer" became "# Schrijfwijzer voor iedereen" the memo
    reused index.md with the old title. (Since RecordingSite.pages also notes
    ("pages",), whose digest is the list of pages with their titles, this passes.)
    """
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    work = tmp_path / "work"
    memo_round(content, work, rendered, "the first build")
    guide = content / "paginas" / "schrijfwijzer.md"
    text = guide.read_text(encoding="utf-8")
    assert text.startswith("# Schrijfwijzer\n")
    guide.write_text(text.replace("# Schrijfwijzer\n", "# Schrijfwijzer voor iedereen\n", 1), encoding="utf-8")
    # Was: STALE output from the memo in 1 file(s) ['index.md'] (the old title under "Verder op deze site").
    memo_round(content, work, rendered, "a new title of content/paginas/schrijfwijzer.md")


def test_dirty_build_never_writes_the_published_site_in_place(tmp_path):
    """A second, incremental build (one line of prose changed) leaves every file of the previous output as it was.

    The published site and PDFs are hard links into the build cache, and a
    dirty MkDocs build rewrites some cached files. Before the second build,
    every published file gets an extra hard link of our own, with its inode,
    size, modification time and SHA-256 noted. Afterwards each of those
    inodes must still hold exactly the old bytes: whatever the build changed,
    it changed by writing new files, never the old ones in place. Also proves
    the case is real: the output was published as hard links, the second build
    was incremental (unchanged files of the new output are the very same
    inodes), and the changed page and PDF are new files with the new text.
    """
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "site"
    build(content, out, jobs=1, quiet=True)

    old: dict[str, tuple[int, int, int, str]] = {}
    keep = tmp_path / "kept"
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(out).as_posix()
            stat = path.stat()
            old[name] = (stat.st_ino, stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            (keep / name).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, keep / name)
    # The published files are copies of the cache now (publish.publish_copy), not hard links.
    assert old and all(os.stat(keep / name).st_nlink == 2 for name in old), "published files share an inode"

    nota = content / "documenten" / "nota.yaml"
    text = nota.read_text(encoding="utf-8")
    assert text.count("Begin 2022 is onze gemeente gestart") == 1
    nota.write_text(text.replace("Begin 2022 is onze gemeente gestart", "Begin 2022 is de gemeente Deventer gestart"),
                    encoding="utf-8")
    report = build(content, out, jobs=1, quiet=True)
    assert report.pdfs_rendered == 1

    in_place = []
    for name, (inode, size, mtime, sha) in old.items():
        stat = (keep / name).stat()
        assert stat.st_ino == inode
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime) or \
                hashlib.sha256((keep / name).read_bytes()).hexdigest() != sha:
            in_place.append(name)
    assert not in_place, f"previously published files changed in place: {in_place}"

    new = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    same_inode = {name for name, path in new.items() if name in old and path.stat().st_ino == old[name][0]}
    new_inode = set(new) - same_inode
    # (Incremental: report.pdfs_rendered above. Every published file is a new copy now.)
    assert "pdf/nota-test.pdf" in new_inode
    pages = {name for name in new_inode if name.endswith(".html")
             and "de gemeente Deventer gestart" in new[name].read_text(encoding="utf-8")}
    assert pages, "the changed page is not in the new output"
    for name in pages:
        assert "de gemeente Deventer gestart" not in (keep / name).read_text(encoding="utf-8")
