"""build_site: the checked corpus -> Markdown pages (Jinja2) -> MkDocs -> the site."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..formatting import datum
from ..index import Index
from ..model import DECISION_KINDS, datum_sort_key
from ..model.documents import Organisatie, Register
from ..templating import TEMPLATES_DIR, make_environment
from .helpers import PageHelper, SiteData
from .links import Linker
from .incremental import SiteCache, anchors_for_hook, copy_site, fingerprint, merge_search_index, sync_tree
from .mkdocs_run import CONFIG_FILE, load_site_config, run_mkdocs
from .plan import POLICY_TITLES, NavItem, Page, Plan, decision_betreft, decision_order, make_plan
from .text import Abbreviations, nav_title
from .trace import trace

SITE_TEMPLATES = TEMPLATES_DIR / "site"
GLOSSARY = "afkortingen.md"


def build_site(index: Index, content_dir: Path, out_dir: Path, cache_dir: Path | None = None) -> None:
    """Write the complete site into ``out_dir`` (an empty staging folder).

    With ``cache_dir``, only pages whose Markdown changed are rendered again
    (see :mod:`haven_docs.site.incremental`); the result is the same.
    """
    with tempfile.TemporaryDirectory(prefix="haven-site-") as tmp:
        docs_dir = Path(tmp) / "docs"
        docs_dir.mkdir()
        plan = write_docs(index, content_dir, docs_dir)
        nav = mkdocs_nav(plan.nav)
        if cache_dir is None:
            run_mkdocs(docs_dir, Path(out_dir), nav)
            return
        _build_incrementally(SiteCache(Path(cache_dir) / "site"), docs_dir, Path(out_dir), nav)


def _build_incrementally(cache: SiteCache, fresh_docs: Path, out_dir: Path, nav: list[Any]) -> None:
    cache.root.mkdir(parents=True, exist_ok=True)
    state = cache.load_state()
    cache.forget()  # until this build has finished
    sync_tree(fresh_docs, cache.docs)
    sync_tree(fresh_docs.parent / "snippets", cache.snippets)
    key = fingerprint(nav, cache.snippets, CONFIG_FILE, SITE_TEMPLATES)
    dirty = state.get("fingerprint") == key and cache.site.is_dir() and cache.search_index.is_file()
    if not dirty:
        shutil.rmtree(cache.site, ignore_errors=True)
        cache.anchors.unlink(missing_ok=True)
    with anchors_for_hook(cache.anchors):
        run_mkdocs(cache.docs, cache.site, nav, dirty=dirty)
    built_index = cache.site / "search" / "search_index.json"
    if dirty:
        merge_search_index(built_index, cache.search_index)
    shutil.copy2(built_index, cache.search_index)
    copy_site(cache.site, out_dir)
    cache.save_state({"fingerprint": key})


def write_docs(index: Index, content_dir: Path, docs_dir: Path, config_file: Path = CONFIG_FILE) -> Plan:
    """Generate the Markdown pages, the glossary snippet and the assets into ``docs_dir``."""
    plan = make_plan(index, content_dir)
    config = load_site_config(docs_dir, docs_dir.parent / "site", config_file=config_file)
    site = SiteData(
        index=index,
        linker=Linker(plan.locations),
        abbreviations=Abbreviations(abbreviation_entries(index)),
        spoor=trace(index),
        footnote_numbers=footnote_numbers(index),
        gemeente=(config.extra or {}).get("gemeente"),
        pages={p.path: p for p in plan.pages},
    )
    env = make_environment(TEMPLATES_DIR)
    for page in plan.pages:
        text = render_page(env, site, page, site_name=config.site_name)
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    snippets = docs_dir.parent / "snippets"
    snippets.mkdir(exist_ok=True)
    (snippets / GLOSSARY).write_text(site.abbreviations.glossary(), encoding="utf-8")

    shutil.copytree(SITE_TEMPLATES / "assets", docs_dir / "stylesheets", dirs_exist_ok=True)
    assets = content_dir / "assets"
    if assets.is_dir() and any(assets.iterdir()):
        shutil.copytree(assets, docs_dir / "inhoud" / "assets", dirs_exist_ok=True)
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
    return normalize(text)


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
    numbers: dict[str, str] = {}
    for node in index.documents():
        for i, voetnoot in enumerate(getattr(node.model, "voetnoten", [])):
            numbers[voetnoot.id] = voetnoot.nummer or str(i + 1)
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
            ("Soort", POLICY_TITLES.get(node.kind, node.kind)),
            ("Datum", Markup.escape(datum(doc.datum)) if doc.datum else None),
            ("Vastgesteld bij", h.link(doc.vastgesteld_bij) if doc.vastgesteld_bij else None),
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


def start_context(site: SiteData, h: PageHelper) -> dict[str, Any]:
    index = site.index
    documenten = []
    for page in site.pages.values():
        if page.template == "site/document.md.j2":
            node = page.context["node"]
            documenten.append({"node": node, "page": page.path, "soort": POLICY_TITLES.get(node.kind, node.kind)})

    relaties: list[Markup] = []
    for d in documenten:
        node = d["node"]
        if getattr(node.model, "visie", None):
            relaties.append(h.link(node.id) + Markup(" werkt ") + h.link(node.model.visie) + Markup(" uit."))
    for d in documenten:
        node = d["node"]
        if node.model.vastgesteld_bij:
            relaties.append(h.link(node.id) + Markup(" is vastgesteld bij ") + h.link(node.model.vastgesteld_bij) + Markup("."))
        else:
            relaties.append(Markup("Vaststelling van ") + h.link(node.id) + Markup(": ") + h.empty + Markup("."))
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

    route: list[dict[str, Any]] = []
    seen: set[str] = set()
    for d in documenten:
        model = d["node"].model
        steps = [(s.besluit, s.omschrijving) for s in model.route]
        if model.vastgesteld_bij:
            steps.append((model.vastgesteld_bij, None))
        for besluit_id, omschrijving in steps:
            node = index.get(besluit_id)
            if node is None or besluit_id in seen:
                continue
            seen.add(besluit_id)
            route.append({"node": node, "besluit": node.model, "omschrijving": omschrijving,
                          "orgaan": "gemeenteraad" if node.model.orgaan == "raad" else "college"})
    route.sort(key=lambda s: (datum_sort_key(s["besluit"].datum) or (9999, 0, 0), s["besluit"].titel))

    verder = [(p.title, p.path) for p in site.pages.values()
              if p.path == "samenhang/index.md" or p.path.startswith(("registers/", "handleiding/"))]
    return {"documenten": documenten, "relaties": relaties, "route": route,
            "besluitstukken": decisions, "verder": verder}
