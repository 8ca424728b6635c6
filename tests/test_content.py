"""The real content is complete: counts and figures as in the published sources.

The expected numbers are what the sources in ../shared/seeds/ publish (counted
by hand from them); the build computes the sums these are compared with.
"""

from __future__ import annotations

import pytest

from haven_docs.checks.arithmetic import compute_table
from haven_docs.corpus import check_corpus
from haven_docs.index import walk
from haven_docs.model.blocks import Actielijnen
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def index():
    return check_corpus(CONTENT)


def kinds_in(index, document: str, kind: str) -> list:
    return [n for n in index.nodes.values() if n.kind == kind and n.document == document]


def test_documents(index):
    assert {n.id: n.kind for n in index.documents()} == {
        "visie-veilige-haven": "visie",
        "uitvoeringsprogramma-veilige-haven": "uitvoeringsprogramma",
        "nota-uitvoeringsprogramma-veilige-haven": "nota",
        "raadsmededeling-uitvoeringsprogramma-veilige-haven": "raadsmededeling",
        "beleidskader-inburgering": "beleidskader",
        "nota-2024-468": "nota",
        "raadsvoorstel-2024-468": "raadsvoorstel",
        "raadsbesluit-2024-468": "raadsbesluit",
        **SEED_003,
        **SEED_002,
    }


def test_beleidskader_counts(index):
    doc = "beleidskader-inburgering"
    assert len(kinds_in(index, doc, "uitgangspunt")) == 3
    principles = kinds_in(index, doc, "leidend-principe")
    assert [p.number for p in principles] == [str(i) for i in range(1, 12)]
    assert principles[5].label == "Leidend principe 6: Begeleiding op maat"
    assert len(kinds_in(index, doc, "accent")) == 5
    assert len(kinds_in(index, doc, "randvoorwaarde")) == 6
    assert len(kinds_in(index, doc, "voetnoot")) == 3
    chapters = index.get(doc).model.hoofdstukken
    assert [c.nummer for c in chapters] == ["1", "2", "3", "4", "5"]
    assert [s.nummer for s in chapters[4].secties] == ["5.1", "5.2", "5.3"]


def test_beleidskader_financial_framework(index):
    (tabel,) = [n.model for n in kinds_in(index, "beleidskader-inburgering", "tabel")]
    figures = compute_table(tabel)
    assert [len(g.rijen) for g in tabel.groepen] == [4, 5]
    # The published totals are kept; the rows are what the build adds up.
    uitgaven = figures.group_sums[1]
    assert [uitgaven[k].value for k in sorted(uitgaven)] == [1628793, 2329473, 2329473]
    stated = [t.waarden for t, _, _ in figures.comparisons]
    assert stated[1] == {"j2024": 1628793, "j2025": 2329472, "j2026": 2329472}
    inkomsten_2024 = figures.group_sums[0]["j2024"].value
    assert inkomsten_2024 == 1547698 and stated[0]["j2024"] == 1930679
    assert all(t.afwijking for t, comparisons, _ in figures.comparisons if any(c.differs for c in comparisons))


def test_pillars_and_actielijnen(index):
    pijlers = kinds_in(index, "visie-veilige-haven", "pijler")
    assert [p.label for p in pijlers] == [
        "Pijler 1: Humane opvang", "Pijler 2: Iedereen telt en doet mee", "Pijler 3: Taal als basis"]
    assert [len(p.model.uitgangspunten) for p in pijlers] == [7, 4, 3]
    counts = {}
    up = index.get("uitvoeringsprogramma-veilige-haven")
    for model, _path, _parent in walk(up.model):
        if isinstance(model, Actielijnen):
            counts[(model.pijler, model.categorie)] = len(model.items)
    assert counts == {
        ("pijler-humane-opvang", "lopend"): 6, ("pijler-humane-opvang", "extra-inzet"): 4,
        ("pijler-iedereen-telt-en-doet-mee", "lopend"): 5, ("pijler-iedereen-telt-en-doet-mee", "extra-inzet"): 3,
        ("pijler-taal-als-basis", "lopend"): 4, ("pijler-taal-als-basis", "extra-inzet"): 3,
    }


def test_extra_inzet_budget_sums_to_the_published_totals(index):
    lines = kinds_in(index, "uitvoeringsprogramma-veilige-haven", "begrotingsregel")
    assert len(lines) == 10
    assert all(index.get(line.model.actielijn).kind == "actielijn" for line in lines)
    (tabel,) = [n.model for n in kinds_in(index, "uitvoeringsprogramma-veilige-haven", "tabel")
                if n.model.rijsoort == "begrotingsregel"]
    figures = compute_table(tabel)
    assert figures.grand["kosten"].value == 1140000 == tabel.totaal.waarden["kosten"]
    assert {c: s.value for c, s in figures.split.items()} == {"S": 520000, "I": 620000} == tabel.totaal.uitsplitsing


def test_programmes(index):
    assert len(kinds_in(index, "uitvoeringsprogramma-veilige-haven", "programma")) == 17


def test_moties_and_visie(index):
    visie = index.get("visie-veilige-haven").model
    assert [index.get(m).kind for m in visie.moties] == ["motie", "amendement"]
    assert index.get(visie.vastgesteld_bij).model.nummer == "2025-648"


STANDARD_NOTA_SECTIONS = [
    "Inleiding", "Beoogd maatschappelijk resultaat", "Kader", "Betrokken partijen en participatie",
    "Toelichting op participatiebeleid", "Argumenten voor en tegen",
]


@pytest.mark.parametrize("nota", ["nota-2024-468", "nota-uitvoeringsprogramma-veilige-haven"])
def test_nota_has_the_standard_sections(index, nota):
    titles = [s.titel for s in index.get(nota).model.secties]
    for title in STANDARD_NOTA_SECTIONS + ["Openbaarmaking en communicatie", "Aanpak en uitvoering"]:
        assert title in titles
    assert index.get(nota).model.besluit.punten


def test_decision_chain_2024_468(index):
    from haven_docs.checks.decisions import besluit_gegevens

    rv = index.get("raadsvoorstel-2024-468").model
    assert [s.titel for s in rv.secties][:2] == ["Inleiding", "Kern raadsvoorstel"]
    assert len(rv.ondertekening.ondertekenaars) == 2
    gegevens = besluit_gegevens(index, index.get("raadsbesluit-2024-468").model)
    assert (gegevens.nummer, str(gegevens.datum_bw)) == ("2024-468", "2024-06-04")
    rb = index.get("raadsbesluit-2024-468").model
    assert rb.raadsvergadering is None  # not yet known: printed as a blank line


def test_raadsmededeling_sections(index):
    titles = [s.titel for s in index.get("raadsmededeling-uitvoeringsprogramma-veilige-haven").model.secties]
    assert titles == ["Inleiding", "Kader", "Kern van de boodschap", "Nadere toelichting"]


# --- seed 003: the bundle of the Regionaal Transitieplan IJsselland -----------------------------
# Counted by hand from ../shared/seeds/003_ed44f04e96c68ab4.txt.

SEED_003 = {
    "nota-transitieplan-ijsselland": "nota",
    "informatienota-vluchtelingen-ijsselland-2023": "informatienota",
    "bestuurlijke-afspraken-doorstroom-migratie-2022": "bestuurlijke-afspraken",
    "factsheet-opvang-en-huisvesting-vluchtelingen": "factsheet",
    "regionaal-transitieplan-ijsselland": "transitieplan",
}


def test_seed_003_documents_and_bundle(index):
    kinds = {n.id: n.kind for n in index.documents()}
    assert {doc: kinds.get(doc) for doc in SEED_003} == SEED_003
    nota = index.get("nota-transitieplan-ijsselland").model
    assert nota.besluit is None  # a nota without a decision
    assert [b.document for b in nota.bijlagen] == [
        "informatienota-vluchtelingen-ijsselland-2023", "regionaal-transitieplan-ijsselland"]
    informatienota = index.get("informatienota-vluchtelingen-ijsselland-2023").model
    assert [b.document for b in informatienota.bijlagen] == [
        "bestuurlijke-afspraken-doorstroom-migratie-2022", "factsheet-opvang-en-huisvesting-vluchtelingen"]
    assert len(informatienota.deelnemers) == 11
    assert len(index.get("regionaal-transitieplan-ijsselland").model.deelnemers) == 11
    assert str(index.get("bestuurlijke-afspraken-doorstroom-migratie-2022").model.kop["datum"]) == "2022-08-26"


def test_seed_003_nota_sections(index):
    nota = index.get("nota-transitieplan-ijsselland").model
    assert [s.titel for s in nota.secties] == [
        "Inleiding", "Beoogd maatschappelijk resultaat", "Kader", "Betrokken partijen en participatie",
        "Argumenten voor en tegen", "Financiële consequenties en dekking", "Openbaarmaking en communicatie",
        "Aanpak en uitvoering"]
    assert len(kinds_in(index, "nota-transitieplan-ijsselland", "argument")) == 4 + 3
    titles = [s.titel for s in index.get("informatienota-vluchtelingen-ijsselland-2023").model.secties]
    assert titles == ["Inleiding", "Kader", "Kern van de boodschap", "Nadere toelichting"]


@pytest.mark.parametrize("document, numbers", [
    ("nota-transitieplan-ijsselland", []),
    ("informatienota-vluchtelingen-ijsselland-2023", ["1", "2"]),  # published as [1] and [2]
    ("bestuurlijke-afspraken-doorstroom-migratie-2022", ["1", "2", "3", "4"]),
    ("factsheet-opvang-en-huisvesting-vluchtelingen", ["*"]),
    ("regionaal-transitieplan-ijsselland", [str(n) for n in range(1, 13)]),
])
def test_seed_003_footnotes(index, document, numbers):
    notes = index.get(document).model.voetnoten
    assert [v.nummer for v in notes] == numbers
    # every footnote is marked in its document (text, list, cell, total or heading)
    assert [v.id for v in notes if not index.backlinks.get(v.id)] == []


def test_seed_003_numbered_lists(index):
    deel_2 = index.get("bafm-lijst-deel-2").model.items
    assert [i.nummer for i in deel_2] == [str(n) for n in range(1, 10)]
    assert [i.nummer for i in deel_2[7].items] == [str(n) for n in range(1, 8)]
    deel_3 = index.get("bafm-lijst-deel-3").model.items
    assert [i.nummer for i in deel_3] == [str(n) for n in range(1, 16)]
    assert {i.nummer: len(i.items) for i in deel_3 if i.items} == {"1": 6, "2": 4, "7": 6, "12": 5}
    assert len(index.get("bafm-lijst-deel-1").model.items) == 1
    assert [i.nummer for i in index.get("rtp-lijst-conclusie").model.items] == ["1)", "2)", "3)", "4)", "5)"]
    assert [i.nummer for i in index.get("rtp-lijst-constateringen").model.items] == ["1", "2", "3"]
    chapters = index.get("rtp-bouwstenen").model.secties
    assert [c.nummer for c in chapters] == ["1", "2", "3"]
    assert [s.nummer for s in chapters[0].secties] == ["1.1", "1.2"]


def _tables(index, document):
    return {n.id: n.model for n in kinds_in(index, document, "tabel")}


def test_seed_003_tables_and_stated_totals(index):
    from decimal import Decimal

    tables = _tables(index, "bestuurlijke-afspraken-doorstroom-migratie-2022")
    tables.update(_tables(index, "regionaal-transitieplan-ijsselland"))
    assert {t: [len(g.rijen) for g in tabel.groepen] for t, tabel in tables.items()} == {
        "bafm-tabel-financiele-middelen": [8, 1],  # the leenfaciliteit below the total
        "rtp-tabel-capaciteitsbesluit": [3],
        "rtp-tabel-azc-locaties": [8],
        "rtp-tabel-taakstelling-statushouders": [4],
        "rtp-tabel-cno-locaties": [11],
    }
    stated = {}
    for table_id, tabel in tables.items():
        for totaal, comparisons, _path in compute_table(tabel).comparisons:
            assert not any(c.differs for c in comparisons), (table_id, totaal.titel)
            stated[table_id] = {c.column: c.computed.value for c in comparisons if c.computed.counted}
    # what the rows add up to, equal to the published totals (the leenfaciliteit not counted)
    assert stated["bafm-tabel-financiele-middelen"] == {
        "j2022": Decimal("214.3"), "j2023": Decimal("161.3"), "j2024": Decimal("64.9"),
        "j2025": Decimal("145.9"), "j2026": Decimal("153.7")}
    assert stated["rtp-tabel-azc-locaties"] == {"plekken_jan23": 1665, "plekken_jul23": 1965}
    assert list(stated["rtp-tabel-cno-locaties"].values()) == [591, 691, 638, 595, 361, 100, 100, 100, 100]
    assert set(stated) == {"bafm-tabel-financiele-middelen", "rtp-tabel-azc-locaties", "rtp-tabel-cno-locaties"}


# --- seed 002: the handover of the Programma Vluchtelingen IJsselland to Deventer -------------------
# Counted by hand from ../shared/seeds/002_058846666ee73230.txt.

SEED_002 = {
    "nota-overdracht-programma-vluchtelingen": "nota",
    "raadsmededeling-overdracht-programma-vluchtelingen": "raadsmededeling",
    "uitvoeringsplan-2024-vluchtelingen-ijsselland": "uitvoeringsplan",
    "bak-ontheemden-oekraine-2024": "bestuurlijk-afsprakenkader",
    "bak-ontheemden-oekraine-2024-bijlage-1": "overzicht",
}


def numbers(items) -> list:
    return [item.nummer for item in items]


def test_seed_002_documents(index):
    kinds = {n.id: n.kind for n in index.documents()}
    assert {doc: kinds.get(doc) for doc in SEED_002} == SEED_002


def test_seed_002_bundle(index):
    nota = index.get("nota-overdracht-programma-vluchtelingen").model
    assert [b.document for b in nota.bijlagen] == [
        "raadsmededeling-overdracht-programma-vluchtelingen", "uitvoeringsplan-2024-vluchtelingen-ijsselland"]
    plan = index.get("uitvoeringsplan-2024-vluchtelingen-ijsselland").model
    assert [b.document for b in plan.bijlagen] == ["bak-ontheemden-oekraine-2024"]
    bak = index.get("bak-ontheemden-oekraine-2024").model
    assert [(b.nummer, b.document) for b in bak.bijlagen] == [("1", "bak-ontheemden-oekraine-2024-bijlage-1")]
    assert index.get("raadsmededeling-overdracht-programma-vluchtelingen").model.nota == (
        "nota-overdracht-programma-vluchtelingen")


def test_seed_002_nota(index):
    nota = index.get("nota-overdracht-programma-vluchtelingen").model
    assert numbers(nota.besluit.punten) == ["1", "2", "3", "4", "5"]
    assert [s.titel for s in nota.secties] == STANDARD_NOTA_SECTIONS + [
        "Financiële consequenties en dekking", "Openbaarmaking en communicatie", "Aanpak en uitvoering"]
    # Published without text under the heading.
    assert nota.secties[4].inhoud == []
    assert len(index.get("pv-nota-argumenten-voor").model.items) == 3
    assert len(index.get("pv-nota-argumenten-tegen").model.items) == 2
    assert len(index.get("pv-nota-kader").model.items) == 3
    for lijst in ("pv-nota-regionale-taken", "pv-rm-regionale-taken", "pv-plan-regionale-taken"):
        assert numbers(index.get(lijst).model.items) == [str(i) for i in range(1, 12)]


def test_seed_002_raadsmededeling(index):
    rm = index.get("raadsmededeling-overdracht-programma-vluchtelingen").model
    assert [s.titel for s in rm.secties] == ["Inleiding", "Kader", "Kern van de boodschap", "Nadere toelichting"]


def test_seed_002_uitvoeringsplan(index):
    doc = "uitvoeringsplan-2024-vluchtelingen-ijsselland"
    plan = index.get(doc).model
    assert plan.penvoerder == "gemeente-deventer"
    assert [s.nummer for s in plan.secties] == ["1", "2", "3", "4"]
    assert [s.nummer for s in plan.secties[1].secties] == ["2a", "2b", "2c", "2d"]
    assert [s.nummer for s in plan.secties[2].secties] == ["3a", "3b"]
    assert [n.number for n in kinds_in(index, doc, "voetnoot")] == ["1", "2", "3"]
    opdracht = index.get("pv-plan-opdracht-rrvij").model.items
    assert numbers(opdracht) == ["1)", "2)", "3)", "4)", "5)", "6)"]
    assert numbers(opdracht[0].items) == ["a", "b", "c", "d"]
    assert numbers(index.get("pv-plan-afspraken-gemeentesecretarissen").model.items) == [
        str(i) for i in range(1, 7)]
    kernteam = index.get("pv-plan-kernteam").model.items
    assert [len(item.items) for item in kernteam] == [4, 6, 6, 4]
    assert len(index.get("pv-plan-coordinatoren").model.items) == 7
    borgen = index.get("pv-plan-borgen-bij-gemeenten").model.items
    assert [len(item.items) for item in borgen] == [0, 0, 4, 4]
    assert len(index.get("pv-plan-toelichting-begroting").model.items) == 6


def test_seed_002_begroting(index):
    (node,) = kinds_in(index, "uitvoeringsplan-2024-vluchtelingen-ijsselland", "tabel")
    tabel = node.model
    assert [len(g.rijen) for g in tabel.groepen] == [5, 2, 3, 1, 3]
    stated = [g.totaal.waarden["kosten"] for g in tabel.groepen]
    assert stated == [538026, 344476, 532212, "n.n.b.", 130000]
    assert [(t.titel, t.waarden["kosten"]) for t in tabel.totalen] == [
        ("Totale Personeelskosten", 1414714),
        ("Totale Overige kosten", 130000),
        ("Totale kosten Programma Vluchtelingen", 1544714),
    ]
    # The build adds up the rows (n.n.b. cells are unknown, not counted) and finds every stated
    # total; no total is marked as differing.
    computed = {}
    for totaal, comparisons, _path in compute_table(tabel).comparisons:
        assert not any(c.differs for c in comparisons), totaal.titel
        computed[totaal.titel] = [(c.computed.value, c.computed.counted) for c in comparisons]
    assert computed == {
        "Kosten Kernteam": [(538026, 5)],
        "Kosten RCVS": [(344476, 2)],
        "Kosten Coördinatoren/Aanspreekpunten": [(532212, 3)],
        "Kosten Bijkomend personeel": [(0, 0)],  # stated as n.n.b., its one row is n.n.b.
        "Kosten Overig": [(130000, 2)],
        "Totale Personeelskosten": [(1414714, 10)],
        "Totale Overige kosten": [(130000, 2)],
        "Totale kosten Programma Vluchtelingen": [(1544714, 12)],
    }
    assert not any(t.afwijking for t in tabel.totalen)


def test_seed_002_bestuurlijk_afsprakenkader(index):
    doc = "bak-ontheemden-oekraine-2024"
    bak = index.get(doc).model
    assert [s.nummer for s in bak.secties] == ["I", "II", "III", "IV"]
    assert [s.nummer for s in bak.secties[2].secties] == [str(i) for i in range(1, 8)]
    assert [s.titel for s in bak.secties[3].secties] == ["Looptijd", "Evaluatie"]
    assert numbers(index.get("bak-overwegingen").model.items) == list("abcdefghij")
    lists = {f"bak-afspraken-{i}-lijst": n for i, n in ((1, 5), (2, 7), (3, 5), (4, 5), (5, 3))}
    for lijst, count in lists.items():
        assert numbers(index.get(lijst).model.items) == list("abcdefg"[:count])
    assert [n.number for n in kinds_in(index, doc, "voetnoot")] == ["1", "2"]
    ondertekening = bak.ondertekening
    assert ondertekening.plaats_datum == "Den Haag, DATUM"
    assert [p.organisatie for p in ondertekening.partijen] == ["kabinet", "vng", "veiligheidsberaad"]
    signatories = [index.get(o.persoon).model.naam for p in ondertekening.partijen for o in p.ondertekenaars]
    assert signatories == ["E. van der Burg", "S.A.M. Dijksma", "A.W. Kolff"]


def test_seed_002_bak_bijlage(index):
    taken = index.get("bak-bijlage-1-taken").model.items
    assert numbers(taken) == list("ABCDEF")
    assert numbers(taken[0].items) == ["1", "2", "3", "4", "5"]
    assert numbers(taken[0].items[1].items) == ["a", "b", "c"]


# --- numbering as shown: the site and the PDF, as the build computes them --------------------------
# The lists, sections and footnotes of the seeds at their published numbering, read from what the
# build writes: the site's HTML and the tagged PDF's structure tree (as tests/test_table_views.py
# does for tables). A list is a tree: [(number, [(number, [...]), ...]), ...].

from html.parser import HTMLParser  # noqa: E402

from pypdf import PdfReader  # noqa: E402
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject  # noqa: E402

from haven_docs.build import build  # noqa: E402
from haven_docs.pdf.html import HtmlBuilder  # noqa: E402


@pytest.fixture(scope="module")
def built(index, tmp_path_factory):
    out = tmp_path_factory.mktemp("nummering") / "site"
    build(CONTENT, out, jobs=2, use_cache=False, quiet=True)
    return out


class _SiteList(HTMLParser):
    """The number tree of the list inside <div id=...> on a site page (span.hd-nummer of each li)."""

    def __init__(self, list_id: str):
        super().__init__(convert_charrefs=True)
        self.list_id, self.tree, self._stack, self._depth, self._number = list_id, None, [], 0, None
        self._lists: list[bool] = []  # open lists: is it a list of the content (ul.hd-lijst)?
        self._items: list[bool] = []  # open list items: is it an item of such a list?

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.tree is None:
            if tag == "div" and attrs.get("id") == self.list_id:
                self.tree, self._stack, self._depth = [], [], 1
            return
        if self._depth == 0:
            return
        if tag == "div":
            self._depth += 1
        elif tag in ("ul", "ol"):
            self._lists.append("hd-lijst" in (attrs.get("class") or "").split())
        elif tag == "li" and self._lists and self._lists[-1]:
            siblings = self._stack[-1][1] if self._stack else self.tree
            siblings.append(["", []])
            self._stack.append(siblings[-1])
            self._items.append(True)
        elif tag == "li":
            self._items.append(False)
        elif tag == "span" and "hd-nummer" in (attrs.get("class") or "").split() and self._stack:
            self._number = self._stack[-1]

    def handle_endtag(self, tag):
        if self._depth == 0:
            return
        if tag == "div":
            self._depth -= 1
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        elif tag == "li" and self._items and self._items.pop():
            self._stack.pop()
        elif tag == "span":
            self._number = None

    def handle_data(self, data):
        if self._number is not None:
            self._number[0] += data.strip()


def _tuples(tree) -> list:
    return [(number, _tuples(children)) for number, children in tree]


def site_list(site, list_id: str) -> list:
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if f'id="{list_id}"' in text:
            parser = _SiteList(list_id)
            parser.feed(text)
            if parser.tree is not None:
                return _tuples(parser.tree)
    raise AssertionError(f"lijst {list_id} staat niet op de site")


class _PrintLists(HTMLParser):
    """Ids of the lists of the print HTML, by the place of their <ol>/<ul> among the lists that
    stand in no list item (the order in which the tagged PDF holds its top-level L elements)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.order: list[str | None] = []
        self._pending: list[str | None] = []
        self._li = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "lijst" in (attrs.get("class") or "").split():
            self._pending.append(attrs.get("id"))
        elif tag in ("ol", "ul") and self._li == 0:
            self.order.append(self._pending.pop() if self._pending else None)
        elif tag == "li":
            self._li += 1

    def handle_endtag(self, tag):
        if tag == "li":
            self._li -= 1


def pdf_lists(path) -> list:
    """The number tree of every top-level list (L) of a tagged PDF, in document order.

    An item's number is its first marked text when that is one word (the number is a box
    of its own at the start of the item's first line); a bullet has a label (Lbl) instead.
    WeasyPrint tags the part of a list on the next page as a list of its own, and the rest
    of an item as an item of its own: a list on the next page that follows another list in
    the structure tree with no part of a section between them (only footnotes or a watermark),
    both in a section, continues it; an item there that starts with neither a number nor a label continues the
    item before it.
    """
    from tests.test_table_views import _marked_texts

    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = _marked_texts(reader)
    leaves: list[tuple[int, int, bool]] = []  # (page, MCID, in a section) of every marked text, in order
    span: dict[int, tuple[int, int]] = {}  # id of a top-level L -> (first, last) leaf index

    def kids(element) -> list:
        k = element.get("/K")
        if k is None:
            return []
        k = k.get_object()
        return list(k) if isinstance(k, ArrayObject) else [k]

    def visit(element, page=None, in_list=False, in_sect=False):
        element = element.get_object() if isinstance(element, IndirectObject) else element
        if isinstance(element, (NumberObject, int)):
            leaves.append((page, int(element), in_sect))
            return
        if not isinstance(element, DictionaryObject):
            return
        if "/Pg" in element:
            page = pages.get(element.raw_get("/Pg").idnum, page)
        if element.get("/Type") == "/MCR":
            leaves.append((page, int(element["/MCID"]), in_sect))
            return
        top = element.get("/S") == "/L" and not in_list
        first = len(leaves)
        for kid in kids(element):
            visit(kid, page, in_list or element.get("/S") == "/L", in_sect or element.get("/S") == "/Sect")
        if top:
            span[id(element)] = (first, len(leaves) - 1)
            tops.append(element)
            if in_sect:
                in_section.add(id(element))

    def own_leaves(element, page=None) -> list[str]:  # texts of an element, its sublists left out
        element = element.get_object() if isinstance(element, IndirectObject) else element
        if isinstance(element, (NumberObject, int)):
            return [texts.get((page, int(element)), "")]
        if not isinstance(element, DictionaryObject) or element.get("/S") == "/L":
            return []
        if "/Pg" in element:
            page = pages.get(element.raw_get("/Pg").idnum, page)
        if element.get("/Type") == "/MCR":
            return [texts.get((page, int(element["/MCID"])), "")]
        return [t for kid in kids(element) for t in own_leaves(kid, page)]

    def sublists(element):
        for kid in kids(element):
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/MCR":
                if kid.get("/S") == "/L":
                    yield kid
                else:
                    yield from sublists(kid)

    def items(lst) -> list:
        result: list = []
        for li in kids(lst):
            li = li.get_object()
            if not (isinstance(li, DictionaryObject) and li.get("/S") == "/LI"):
                continue
            labelled = any(isinstance(k.get_object(), DictionaryObject) and k.get_object().get("/S") == "/Lbl"
                           for k in kids(li))
            texts_of_li = [t.strip() for t in own_leaves(li) if t.strip()]
            first = texts_of_li[0] if texts_of_li else ""
            children = [item for sub in sublists(li) for item in items(sub)]
            if labelled:
                result.append(["", children])
            elif first and " " not in first:
                result.append([first, children])
            elif result:  # the rest of the item before, after a page break
                _continue(result[-1][1], children)
            else:
                result.append([None, children])  # continues an item of the list before
        return result

    def continues(before, lst) -> bool:
        end, start = span[id(before)][1], span[id(lst)][0]
        page = leaves[start][0]
        return (id(before) in in_section and id(lst) in in_section and page == leaves[end][0] + 1
                and not any(leaf[2] for leaf in leaves[end + 1:start]))

    tops: list = []
    in_section: set[int] = set()  # the lists that stand in a section (not a table of contents)
    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    merged: list = []
    for i, lst in enumerate(tops):
        found = items(lst)
        if merged and continues(tops[i - 1], lst):
            if found and found[0][0] is None:
                _continue(merged[-1][-1][1], found.pop(0)[1])
            merged[-1].extend(found)
        else:
            merged.append(found)
    return [_tuples(tree) for tree in merged]


def _continue(children: list, more: list) -> None:
    """Join the rest of a list item (its sublist items after a page break) to what it had."""
    if more and more[0][0] is None and children:
        _continue(children[-1][1], more.pop(0)[1])
    children.extend(more)


def pdf_list(index, built, list_id: str) -> list:
    document = index.get(list_id).document
    parser = _PrintLists()
    parser.feed(HtmlBuilder(index, CONTENT).html(index.get(document)))  # the HTML the PDF is made of
    printed = pdf_lists(built / "pdf" / f"{document}.pdf")
    assert len(printed) == len(parser.order), f"{document}: de lijsten van de pdf tellen anders dan de print-HTML"
    return printed[parser.order.index(list_id)]


def numbered(numbers: list[str], children: dict[int, list] | None = None) -> list:
    """A number tree: the numbers of one level, some items with a level below them."""
    return [(n, (children or {}).get(i, [])) for i, n in enumerate(numbers)]


# Published lists at their numbering (../shared/seeds/), as shown: 'a' becomes 'a.', '1)' stays.
PUBLISHED_LISTS = {
    # 002, uitvoeringsplan 2c: "1) Voeren van bestuurlijke regie ..." with a-d under it
    "pv-plan-opdracht-rrvij": numbered(["1)", "2)", "3)", "4)", "5)", "6)"], {0: numbered(["a.", "b.", "c.", "d."])}),
    # 002, bijlage 1 of the Bestuurlijk afsprakenkader: A-F, under A 1-5, under 2 a-c (three levels)
    "bak-bijlage-1-taken": numbered([f"{c}." for c in "ABCDEF"], {0: numbered(
        ["1.", "2.", "3.", "4.", "5."], {1: numbered(["a.", "b.", "c."])})}),
    # 002, Bestuurlijk afsprakenkader II. Overwegingen: a-j
    "bak-overwegingen": numbered([f"{c}." for c in "abcdefghij"]),
    # 003, regionaal transitieplan, conclusion: "1)" to "5)"
    "rtp-lijst-conclusie": numbered(["1)", "2)", "3)", "4)", "5)"]),
    # 003, bestuurlijke afspraken Deel II: 1-9, under 8 its own 1-7 (the source skips no number here)
    "bafm-lijst-deel-2": numbered([f"{n}." for n in range(1, 10)], {7: numbered([f"{n}." for n in range(1, 8)])}),
}


@pytest.mark.parametrize("list_id", sorted(PUBLISHED_LISTS))
def test_published_lists_are_shown_at_their_numbering(index, built, list_id):
    assert site_list(built, list_id) == PUBLISHED_LISTS[list_id]
    assert pdf_list(index, built, list_id) == PUBLISHED_LISTS[list_id]


def test_every_numbered_list_reads_the_same_on_the_site_and_in_the_pdf(index, built):
    lists = [n for n in index.of_kind("lijst") if n.id in _numbered_list_ids(index)]
    assert len(lists) > 20
    for node in lists:
        assert site_list(built, node.id) == pdf_list(index, built, node.id), node.id


def _numbered_list_ids(index) -> set[str]:
    from haven_docs.model.blocks import Lijst

    return {n.id for n in index.of_kind("lijst")
            if isinstance(n.model, Lijst) and any(item.nummer for item in n.model.items)}


def _outline(path) -> list[str]:
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(PdfReader(path).outline)
    return titles


def test_sections_at_their_published_numbering_in_the_pdf(built):
    plan = _outline(built / "pdf" / "uitvoeringsplan-2024-vluchtelingen-ijsselland.pdf")
    assert [t.split()[0] for t in plan if t[:2] in ("2a", "2b", "2c", "2d", "3a", "3b")] == [
        "2a", "2b", "2c", "2d", "3a", "3b"]
    bak = _outline(built / "pdf" / "bak-ontheemden-oekraine-2024.pdf")
    assert [t.split()[0] for t in bak if t.split()[0] in ("I", "II", "III", "IV")] == ["I", "II", "III", "IV"]


def test_bracket_endnotes_on_the_site_and_in_the_pdf(index, built):
    doc = "informatienota-vluchtelingen-ijsselland-2023"
    assert index.get(doc).model.voetnootstijl == "haken"
    page = (built / "stukken" / doc / "index.html").read_text(encoding="utf-8")
    import html as htmllib
    import re

    marks = [htmllib.unescape(m) for m in re.findall(r'<sup class="hd-voetnootref"[^>]*><a [^>]*>([^<]*)</a>', page)]
    assert marks == ["[1]", "[2]"]
    notes = [htmllib.unescape(m) for m in re.findall(r'<ul class="hd-voetnoten">.*?</ul>', page, re.S)[0]
             .split('<span class="hd-nummer">')[1:]]
    assert [n.split("<", 1)[0] for n in notes] == ["[1]", "[2]"]
    assert ">Noten<" in page
    text = " ".join("".join(p.extract_text() for p in PdfReader(built / "pdf" / f"{doc}.pdf").pages).split())
    assert "75.500[1] benodigde" in text and "afspraken[2] zijn" in text
    # the endnotes at the end of the text, as published: after the last section, before the bijlagen list
    last = text.index("extra inzet van personeel en middelen te bekostigen.")
    first, second = text.index("[1] Dit wil niet zeggen"), text.index("[2] Veel van de bestuurlijke afspraken")
    assert last < first < second < text.index("Bijlagen", second)
    # a document without the setting keeps its footnotes at the foot of the page
    assert index.get("regionaal-transitieplan-ijsselland").model.voetnootstijl == "cijfers"


def test_a_footnote_mark_in_a_heading(built):
    doc = "regionaal-transitieplan-ijsselland"
    heading = "Deelconclusie bouwsteen AZC-plekken (korte termijn)"
    # The PDF: the mark and its note on the heading's page; the bookmark without the mark.
    assert heading in _outline(built / "pdf" / f"{doc}.pdf")
    assert not any(t.startswith(heading) and t != heading for t in _outline(built / "pdf" / f"{doc}.pdf"))
    reader = PdfReader(built / "pdf" / f"{doc}.pdf")
    (page,) = [" ".join(p.extract_text().split()) for p in reader.pages if heading + "7" in " ".join(p.extract_text().split())]
    assert "7 Deze constatering is gebaseerd op de huidige verdeelsystematiek" in page
    # The site: the mark in the heading, the page's table of contents without it.
    import re

    html = (built / "stukken" / doc / "index.html").read_text(encoding="utf-8")
    (shown,) = re.findall(r'<h\d id="rtp-deelconclusie-azc-korte-termijn">(.*?)</h\d>', html)
    assert '<sup class="hd-voetnootref"' in shown and ">7</a></sup>" in shown
    entries = [" ".join(e.split()) for e in re.findall(
        r'href="#rtp-deelconclusie-azc-korte-termijn" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', html, re.S)]
    assert entries and all(e == heading for e in entries)


def test_footnotes_restart_per_document_on_the_site_and_in_the_pdf(index, built):
    """Every note of every document under its own number (restarting at 1 per document, as
    published): the site lists it with its mark, the PDF prints the mark before its text."""
    import html as htmllib
    import re

    from haven_docs.nummering import voetnootnummers, voetnootstijl, voetnootteken

    pages = {p: p.read_text(encoding="utf-8") for p in built.rglob("*.html") if "hd-voetnoten" in p.read_text(encoding="utf-8")}
    checked = 0
    for node in index.documents():
        notes = getattr(node.model, "voetnoten", [])
        if not notes:
            continue
        numbers = voetnootnummers(node.model)
        assert list(numbers.values())[0] == "1" or notes[0].nummer, node.id  # restarts (or as published)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(built / "pdf" / f"{node.id}.pdf").pages).split())
        for voetnoot in notes:
            mark = voetnootteken(numbers[voetnoot.id], voetnootstijl(node.model))
            shown = [htmllib.unescape(m) for page in pages.values() for m in re.findall(
                rf'<li id="{voetnoot.id}"><span class="hd-nummer">([^<]*)</span>', page)]
            assert shown and set(shown) == {mark}, (voetnoot.id, shown)
            words = voetnoot.tekst.split("[[")[0].split()[:3]
            assert f"{mark} {' '.join(words)}".strip() in text, (voetnoot.id, mark, words)
            checked += 1
    assert checked >= 28


def test_a_footnote_mark_in_a_chapter_title_stays_out_of_page_titles(tmp_path):
    """A chapter of a policy document is a page of its own: its title in the navigation and the
    browser tab, and in the PDF's table of contents and bookmarks, reads without the mark."""
    import shutil

    from haven_docs.site.plan import make_plan

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    source = content / "documenten" / "beleidskader-inburgering.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count("    titel: Bouwstenen beleidskader\n") == 1
    source.write_text(text.replace("    titel: Bouwstenen beleidskader\n",
                                   "    titel: Bouwstenen beleidskader[[inburgering-voetnoot-1]]\n"), encoding="utf-8")
    index = check_corpus(content)
    (page,) = [p for p in make_plan(index, content).pages if p.path.endswith("/inburgering-bouwstenen.md")]
    assert page.title == "2 Bouwstenen beleidskader"
    assert page.html_title.startswith("2 Bouwstenen beleidskader – ")
    html = HtmlBuilder(index, content).html(index.get("beleidskader-inburgering"))
    assert '<h2 id="inburgering-bouwstenen" data-bookmark="2 Bouwstenen beleidskader">' in html
    assert '<a href="#inburgering-bouwstenen"><span class="nr">2</span> Bouwstenen beleidskader</a>' in html
    assert 'class="voetnoot" id="inburgering-voetnoot-1"' in html  # the heading calls the note
