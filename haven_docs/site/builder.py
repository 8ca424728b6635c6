"""build_site: the checked corpus -> Markdown pages (Jinja2) -> MkDocs -> the site."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..dependencies import EVERYTHING, Digests, RecordingIndex, RecordingMap, Reads, RenderMemo, code_fingerprint, describe, own_digest
from .. import diagram
from ..diagnostics import ContentError
from .. import lifecycle
from ..formatting import datum
from ..index import Index
from ..model import DECISION_KINDS, POLICY_KINDS, datum_sort_key
from ..opendata import write_open_data
from ..model.documents import Organisatie, Register
from ..nummering import voetnootnummers, voetnootstijl, voetnootteken
from ..templating import TEMPLATES_DIR, make_environment
from .helpers import PageHelper, SiteData
from .links import Linker
from .incremental import SiteCache, TreeWriter, anchors_for_hook, fingerprint, link_site, merge_search_index
from ..huisstijl import site_css
from .mkdocs_run import ASSET_DIR, CONFIG_FILE, HOUSE_STYLE, mkdocs_settings, run_mkdocs, site_settings
from .plan import (NavItem, Page, Plan, decision_betreft, decision_order, document_date, documents_by_kind, kind_name,
                   make_plan, short_document_label, url_collisions)
from .text import Abbreviations, escape_text, finalize, inert_html, nav_title

SITE_TEMPLATES = TEMPLATES_DIR / "site"
#: How many changes the start page lists under "Wat is er veranderd" (the feed has them all).
RECENT_CHANGES = 8


def build_site(index: Index, content_dir: Path, out_dir: Path, cache_dir: Path | None = None) -> None:
    """Write the complete site into ``out_dir`` (an empty staging folder).

    With ``cache_dir``, only pages whose inputs changed are generated again
    and only pages whose Markdown changed are rendered again by MkDocs (see
    :mod:`haven_docs.dependencies` and :mod:`haven_docs.site.incremental`);
    the result is the same.
    """
    if cache_dir is None:
        with tempfile.TemporaryDirectory(prefix="haven-site-") as tmp:
            docs_dir = Path(tmp) / "docs"
            plan = write_docs(index, content_dir, docs_dir)
            run_mkdocs(docs_dir, Path(out_dir), mkdocs_nav(plan.nav), settings=_settings(index))
    else:
        cache = SiteCache(Path(cache_dir) / "site")
        cache.root.mkdir(parents=True, exist_ok=True)
        state = cache.load_state()
        cache.forget()  # until this build has finished
        plan = write_docs(index, content_dir, cache.docs, cache=cache)
        _build_incrementally(cache, state, Path(out_dir), mkdocs_nav(plan.nav), _settings(index), index.edition())
    # Open data and the feed go into the same staging folder: published with the site.
    write_open_data(index, plan.locations, Path(out_dir))


def _settings(index: Index) -> dict[str, Any]:
    """MkDocs' settings from content; the internal edition says what it is in the site's name."""
    settings = mkdocs_settings(index.settings())
    if index.edition() == "intern":
        settings["site_name"] = f"{settings.get('site_name') or site_settings()[0]} (interne uitgave)"
    return settings


def _build_incrementally(cache: SiteCache, state: dict[str, Any], out_dir: Path, nav: list[Any],
                         settings: dict[str, Any], edition: str) -> None:
    # The settings (site name, footer) are on every page MkDocs renders: part of the key; so is
    # the edition, so that a public build never starts from an internal site.
    key = fingerprint([nav, sorted(cache.docs_files), settings, edition], cache.snippets, CONFIG_FILE,
                      SITE_TEMPLATES)
    dirty = state.get("fingerprint") == key and cache.site.is_dir() and cache.search_index.is_file()
    if dirty and not cache.changed_docs:
        pass  # no page changed: MkDocs would write what the cached site already holds
    elif dirty:
        # MkDocs writes changed pages in place: the published site holds copies (link_site), not links.
        with anchors_for_hook(cache.anchors):
            run_mkdocs(cache.docs, cache.site, nav, dirty=True, settings=settings)
        built_index = cache.site / "search" / "search_index.json"
        merge_search_index(built_index, cache.search_index)
        shutil.copy2(built_index, cache.search_index)
    else:
        shutil.rmtree(cache.site, ignore_errors=True)
        cache.anchors.unlink(missing_ok=True)
        with anchors_for_hook(cache.anchors):
            run_mkdocs(cache.docs, cache.site, nav, dirty=False, settings=settings)
        shutil.copy2(cache.site / "search" / "search_index.json", cache.search_index)
    link_site(cache.site, out_dir)
    cache.save_state({"fingerprint": key})


def write_docs(index: Index, content_dir: Path, docs_dir: Path, config_file: Path = CONFIG_FILE,
               cache: SiteCache | None = None) -> Plan:
    """Generate the Markdown pages and the assets into ``docs_dir``.

    Files are only written when their bytes change, and files of pages that
    no longer exist are removed, so modification times tell MkDocs which pages
    changed. With ``cache``, a page whose inputs are unchanged since the last
    build is not generated at all (see :mod:`haven_docs.dependencies`).
    """
    plan = index.site_plan or make_plan(index, content_dir)  # the check made it already
    collisions = url_collisions(index, plan.pages)
    if collisions:  # found by the check already; never let MkDocs drop a page silently
        raise ContentError(collisions)
    docs_dir.mkdir(parents=True, exist_ok=True)
    settings = index.settings()
    site_name = settings.site.titel if settings is not None else site_settings(config_file)[0]
    gemeente = settings.gemeente if settings is not None else None
    site = SiteData(
        index=index,
        linker=Linker(plan.locations),
        abbreviations=Abbreviations(abbreviation_entries(index)),
        footnote_numbers=footnote_numbers(index),
        gemeente=gemeente,
        pages={p.path: p for p in plan.pages},
    )
    env = make_environment(TEMPLATES_DIR, finalize=finalize)
    docs = TreeWriter(docs_dir)
    memo = _page_memo(cache, site, plan, site_name) if cache is not None else None
    for page in plan.pages:
        if memo is None:
            docs.write(page.path, render_page(env, site, page, site_name=site_name))
        else:
            _write_or_reuse(env, site, page, site_name, memo, docs)

    for path in (SITE_TEMPLATES / "assets").rglob("*"):
        if path.is_file():
            docs.copy(path, "stylesheets/" + path.relative_to(SITE_TEMPLATES / "assets").as_posix())
    huisstijl = settings.huisstijl if settings is not None else None
    docs.write(HOUSE_STYLE, site_css(huisstijl.kleur if huisstijl is not None else None))
    # Only the images some text shows, as they were checked (see haven_docs.assets).
    for name, asset in sorted(index.assets.items()):
        docs.write_bytes(ASSET_DIR + name, asset.data)
    docs.finish()
    if cache is not None:
        cache.changed_docs, cache.docs_files = docs.written, docs.wanted
    if memo is not None:
        memo.save()
    return plan


def render_page(env, site: SiteData, page: Page, site_name: str) -> str:
    helper = PageHelper(site, page)
    context: dict[str, Any] = {"h": helper, "page": page, "site_name": site_name, "gemeente": site.gemeente}
    context.update(page.context)
    context.update(extra_context(site, page, helper))
    text = env.get_template(page.template).render(context)
    items = helper.footnote_items()
    if items:
        text += env.get_template("site/_voetnoten.md.j2").render(h=helper, items=items)
    node = page.context.get("node")  # a document's page (or one of its chapters): its Woo legend
    legenda = helper.woo_legenda((node.document or node.id) if node is not None else None)
    if legenda is not None:
        text += env.get_template("site/_woo_legenda.md.j2").render(h=helper, legenda=legenda)
    return front_matter(page) + normalize(text)


def front_matter(page: Page) -> str:
    """The page's full title for the browser tab (overrides/main.html), as MkDocs page metadata.

    The navigation keeps its short titles ("Pijler 1: Humane opvang"); the tab
    says what the page is ("Pijler 1: Humane opvang – Uitvoeringsprogramma ...").
    Material prints a page's metadata title as HTML (in the header), like the
    navigation titles: it is escaped text, written as a JSON string, which is a
    valid YAML scalar whatever the content's text holds.
    """
    if page.path == "index.md":  # the home page: the site's name
        return ""
    # escape_text, not only HTML escaping: no Markdown syntax from content, here either.
    return "---\ntitle: " + json.dumps(escape_text(page.full_title), ensure_ascii=False) + "\n---\n\n"


# --- reusing unchanged pages -----------------------------------------------------------


class RecordingSite:
    """SiteData as one page sees it: every read of the corpus noted in ``reads``."""

    def __init__(self, site: SiteData, reads: Reads):
        self._site = site
        self._reads = reads
        self.index = RecordingIndex(site.index, reads)
        self.linker = RecordingLinker(site.linker, reads)
        self.footnote_numbers = RecordingMap(site.footnote_numbers, reads)
        self.abbreviations = RecordingAbbreviations(site.abbreviations, reads)
        self.gemeente = site.gemeente

    @property
    def spoor(self):
        self._reads.add(EVERYTHING)
        return self._site.spoor

    @property
    def pages(self):
        # The pages hold nodes (everything) and titles, also of the guide pages (not in the index).
        self._reads.add(EVERYTHING)
        self._reads.add(("pages",))
        return self._site.pages


class RecordingAbbreviations:
    """The glossary as one page sees it: each abbreviation it marks is noted, so a new
    meaning re-renders only the pages that show that abbreviation."""

    def __init__(self, abbreviations: Abbreviations, reads: Reads):
        self._abbreviations = abbreviations
        self._reads = reads

    @property
    def titles(self) -> dict[str, str]:
        self._reads.add(("glossary",))
        return self._abbreviations.titles

    def mark(self, text: Any, collapse: bool = True) -> Markup:
        seen: set[str] = set()
        marked = self._abbreviations.mark(text, collapse, seen)
        for key in seen:
            self._reads.add(("abbr", key))
        return marked

    def __call__(self, fragment: str) -> Markup:
        return inert_html(fragment, self)


class RecordingLinker:
    def __init__(self, linker: Linker, reads: Reads):
        self._linker = linker
        self._reads = reads

    def location(self, node_id: str):
        self._reads.node(node_id)  # a node's location is part of its digest
        return self._linker.location(node_id)

    def href(self, node_id: str, from_page: str) -> str | None:
        self._reads.node(node_id)
        return self._linker.href(node_id, from_page)

    def url(self, from_page: str, to_page: str, anchor: str | None = None) -> str:
        return self._linker.url(from_page, to_page, anchor)


def _page_memo(cache: SiteCache, site: SiteData, plan: Plan, site_name: str) -> RenderMemo:
    def extra(node_id: str):  # what a page reads about a node besides the node itself
        return plan.locations.get(node_id), site.footnote_numbers.get(node_id)

    def pages():
        return [(p.path, p.title, p.nav_title, p.template) for p in plan.pages]

    fingerprint = hashlib.sha256(code_fingerprint(
        SITE_TEMPLATES, packages=("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "babel", "pydantic"),
    ).encode())
    # Which words are abbreviations decides where any page marks one; their meanings are
    # read per abbreviation ("abbr" keys), so a changed meaning re-renders only its pages.
    # The edition (public or internal) too: an internal page is never reused in a public build.
    fingerprint.update(json.dumps([site_name, site.gemeente, sorted(site.abbreviations.titles),
                                   site.index.edition()]).encode())
    named = {"pages": pages, "abbr": site.abbreviations.titles.get,
             "glossary": lambda: sorted(site.abbreviations.titles.items())}
    return RenderMemo(cache.root / "pages.json", Digests(site.index, extra, named), fingerprint.hexdigest())


def _write_or_reuse(env, site: SiteData, page: Page, site_name: str, memo: RenderMemo, docs: TreeWriter) -> None:
    reads = Reads()
    own = own_digest(describe(page, reads))
    stored = memo.lookup(page.path, own)
    # The memo notes the file as it was written; a file changed since is generated again.
    if stored is not None and stored == docs.stamp(page.path):
        docs.keep(page.path)
        return
    text = render_page(env, RecordingSite(site, reads), page, site_name=site_name)
    docs.write(page.path, text)
    memo.store(page.path, own, reads, docs.stamp(page.path))


def normalize(text: str) -> str:
    """Tidy blank lines and trailing spaces, except inside <pre> (content code)."""
    parts = re.split(r"(<pre[\s>].*?</pre>)", text, flags=re.S)
    for i in range(0, len(parts), 2):
        part = re.sub(r"[ \t]+\n", "\n", parts[i])
        parts[i] = re.sub(r"\n{3,}", "\n\n", part)
    return "".join(parts).strip() + "\n"


def mkdocs_nav(items: list[NavItem]) -> list[Any]:
    """The navigation as MkDocs' ``nav`` setting (titles HTML-escaped: Material prints them as HTML)."""
    result: list[Any] = []
    for item in items:
        if item.children:
            result.append({nav_title(item.title): mkdocs_nav(item.children)})
        elif item.page:
            result.append({nav_title(item.title): item.page})
    return result


def abbreviation_entries(index: Index) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    for content in index.files:
        if isinstance(content.model, Register):
            entries.extend((a.afkorting, a.betekenis) for a in content.model.afkortingen)
    for content in index.files:
        if isinstance(content.model, Register):
            entries.extend((o.afkorting, o.naam) for o in content.model.organisaties
                           if isinstance(o, Organisatie) and o.afkorting and o.afkorting != o.naam)
    return entries


def footnote_numbers(index: Index) -> dict[str, str]:
    """Every footnote's mark as shown: its number ("1"), or "[1]" in a document whose
    footnotes are bracket endnotes (the same marks as the PDF: haven_docs.nummering)."""
    numbers: dict[str, str] = {}
    for node in index.documents():
        stijl = voetnootstijl(node.model)
        for voetnoot_id, nummer in voetnootnummers(node.model).items():
            numbers[voetnoot_id] = voetnootteken(nummer, stijl)
    return numbers


# --- page-specific context -----------------------------------------------------------


def extra_context(site: SiteData, page: Page, h: PageHelper) -> dict[str, Any]:
    index = site.index
    if page.template == "site/start.md.j2":
        return start_context(site, h)
    if page.template == "site/document.md.j2":
        node = page.context["node"]
        doc = node.model
        gegevens = [
            ("Soort", kind_name(index, node.kind)),
            ("Datum", Markup.escape(datum(doc.datum)) if doc.datum else None),
            (h.vaststelling_label(node.id), h.vastgesteld_bij(node.id)),
        ]
        if getattr(doc, "visie", None):
            gegevens.append(("Werkt uit", h.link(doc.visie)))
        return {"gegevens": gegevens, "besluitstukken": related_decisions(index, node.id)}
    if page.template == "site/samenhang-overzicht.md.j2":
        spoor = site.spoor
        codes = sorted({code for p in spoor.pijlers for code in p.split})
        for code in codes:
            spoor.split.setdefault(code, type(spoor.totaal)())
        return {"spoor": spoor, "codes": codes}
    if page.template == "site/register-afkortingen.md.j2":
        entries = sorted(site.abbreviations.titles.items(), key=lambda kv: kv[0].casefold())
        return {"afkortingen": entries}
    return {}


def related_decisions(index: Index, doc_id: str) -> list:
    nodes = [n for n in index.documents() if n.kind in DECISION_KINDS and decision_betreft(index, n) == doc_id]
    return sorted(nodes, key=lambda n: decision_order(index, n))


def diagram_kind(index: Index, node: Any) -> str:
    """The first line of a document's box in the diagram: its kind (and number)."""
    if node.kind in DECISION_KINDS:
        return short_document_label(index, node)
    return kind_name(index, getattr(node.model, "soort", None) or node.kind)


def start_context(site: SiteData, h: PageHelper) -> dict[str, Any]:
    index = site.index
    documenten = []
    for page in site.pages.values():
        if page.template == "site/document.md.j2":
            node = page.context["node"]
            documenten.append({"node": node, "page": page.path, "soort": kind_name(index, node.kind)})

    relaties: list[Markup] = []
    for d in documenten:
        node = d["node"]
        if getattr(node.model, "visie", None):
            relaties.append(h.link(node.id) + Markup(" werkt ") + h.link(node.model.visie) + Markup(" uit."))
    for d in documenten:
        node = d["node"]
        vs = lifecycle.vaststelling(index, node.id)
        d["vaststelling"] = vs
        if vs.besluit is not None:
            relaties.append(h.link(node.id) + Markup(" is vastgesteld bij ") + h.link(vs.besluit.id) + Markup("."))
        for ontwerp in vs.ontwerpen:
            relaties.append(h.link(node.id) + Markup(" is in behandeling: ") + h.link(ontwerp.id) + Markup("."))
    decisions = sorted((n for n in index.documents() if n.kind in DECISION_KINDS),
                       key=lambda n: decision_order(index, n))
    for node in decisions:
        model = node.model
        if node.kind == "raadsvoorstel":
            relaties.append(h.link(node.id) + Markup(" volgt op ") + h.link(model.nota) + Markup("."))
        elif node.kind == "raadsbesluit":
            relaties.append(h.link(node.id) + Markup(" is het besluit op ") + h.link(model.raadsvoorstel) + Markup("."))
        elif node.kind == "raadsmededeling" and model.nota:
            relaties.append(h.link(node.id) + Markup(" volgt op ") + h.link(model.nota) + Markup("."))
        if model.betreft:
            relaties.append(h.link(node.id) + Markup(" gaat over ") + h.link(model.betreft) + Markup("."))
    for motie in index.of_kind("motie", "amendement"):
        if motie.model.afgedaan_met:
            relaties.append(h.link(motie.id) + Markup(" is afgedaan met ") + h.link(motie.model.afgedaan_met) + Markup("."))

    # The route: the decisions the documents follow from, and those that adopt them or are pending.
    route: list[dict[str, Any]] = []
    seen: set[str] = set()
    # Every document counts, not only the policy documents: a regional plan that a regional body agreed to too.
    policy = [d["node"] for d in documenten]
    policy_ids = {n.id for n in policy}
    for node in policy + sorted((n for n in index.documents() if n.id not in policy_ids), key=lambda n: n.id):
        vs = lifecycle.vaststelling(index, node.id)
        steps = [(s.besluit, s.omschrijving) for s in lifecycle.route_steps(node.model)]
        steps += [(lc.id, None) for lc in ((vs.besluit,) if vs.besluit else ()) + vs.ontwerpen]
        for besluit_id, omschrijving in steps:
            lc = lifecycle.levensloop(index, besluit_id)
            if lc is None or besluit_id in seen:
                continue
            seen.add(besluit_id)
            route.append({"lc": lc, "omschrijving": omschrijving})
    route.sort(key=lambda s: lifecycle.sort_key(s["lc"]))

    graph = diagram.samenhang(
        index, set(POLICY_KINDS),
        soort=lambda n: diagram_kind(index, n),
        titel=lambda n: n.title if n.kind in POLICY_KINDS else (getattr(n.model, "onderwerp", None) or n.title),
        href=lambda n: h.href(n.id),
    )
    # Titles in the SVG come from content: through inert_html like every HTML fragment on a page.
    # A wide variant and, for a phone, a narrow one with one box per row (readable text); the style sheet
    # shows one (display: none takes the other out of the accessibility tree too).
    samenhang = inert_html(
        diagram.svg(graph, "Hoe de documenten samenhangen", described_by="hd-samenhang-tekst",
                    css_class="hd-samenhang hd-samenhang--breed")
        + diagram.svg(graph, "Hoe de documenten samenhangen", described_by="hd-samenhang-tekst",
                      ident="hd-samenhang-smal", per_row=diagram.NARROW_PER_ROW,
                      css_class="hd-samenhang hd-samenhang--smal")
    ) if graph.edges else None

    verder = [(p.title, p.path) for p in site.pages.values()
              if p.path == "samenhang/index.md" or p.path.startswith(("registers/", "handleiding/"))]
    # What changed: the newest documents and decision steps, from the same derivation as the feed.
    veranderd = lifecycle.changes(index)[:RECENT_CHANGES]
    # Every published document, per kind (the kinds' plural names): the same index as the diagram.
    per_soort = [{"id": kind, "meervoud": meervoud,
                  "documenten": [{"node": n, "datum": document_date(n)} for n in nodes]}
                 for kind, meervoud, nodes in documents_by_kind(index)]
    return {"documenten": documenten, "per_soort": per_soort, "relaties": relaties, "route": route,
            "veranderd": veranderd, "samenhang": samenhang, "verder": verder}
