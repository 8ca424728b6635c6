"""The public build attacked as a hostile or careless writer would (issue 17): every withheld
passage below carries a word of its own (WOOGEHEIM + a tag), so each attack is judged on its own.

The corpus is tests/corpora/woo/ with extra files written here: withheld passages in a footnote, an
abbreviation's meaning, table titles, column heads, group titles, row labels, a partly withheld
amount, a chart, a total's label, a signature's aanhef/plaats_datum/functie/naam, a document's
subject referred to from another document, a code span, a link URL, image alt text; a passage
written across a folded line break or with a YAML escape (the source text then lacks '[[lak '),
a block withheld with an escaped 'lakken' key, and a withheld passage on a guide page. The
internal build is made first, with the cache, so the public build (cache on) is also the test
that nothing internal is reused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from haven_docs import markup, woo
from haven_docs.build import build
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.uitgave import Uitgave
from tests.conftest import ROOT
from tests.test_woo import SECRET, WOO, secret_places

AANVAL = r"""soort: raadsmededeling
id: raadsmededeling-aanval
onderwerp: Stand van [[lak E|WOOGEHEIMTITEL project]]
nummer: 2025-99
datum: 2025-07-01
portefeuillehouder: wethouder-beekwoude
secties:
  - titel: Hoofdstuk [[lak E|WOOGEHEIMKOP]]
    inhoud:
      - tekst: Een voetnoot[[aanval-voetnoot-1]] en de afkorting XQZ.
      - tekst: "Code `[[lak E|WOOGEHEIMCODE]]`, link [tekst](https://example.org/[[lak E|WOOGEHEIMURL]]) en ![Kaart [[lak E|WOOGEHEIMALT]]](assets/kiekendief-kaart.png)"
      - tekst: "Zie [[lak E|de brief [[brief-eigenaar|WOOGEHEIMINREF]]]]."
      - tabel:
          id: tabel-aanval
          titel: Kosten [[lak B|WOOGEHEIMTABELTITEL]]
          kolommen:
            - {sleutel: post, titel: Post}
            - {sleutel: bedrag, titel: "Bedrag [[lak B|WOOGEHEIMKOLOM]]", soort: bedrag}
          groepen:
            - titel: Groep [[lak B|WOOGEHEIMGROEP]]
              rijen:
                - cellen: {post: "[[lak B|WOOGEHEIMRIJ]]", bedrag: {waarde: 777001, tekst: "ca. [[lak B|WOOGEHEIMCEL € 777.001]]"}}
                - cellen: {post: Beveiliging, bedrag: 12000}
          grafiek: staaf
          totaal:
            titel: Totaal [[lak B|WOOGEHEIMTOTAAL]]
voetnoten:
  - id: aanval-voetnoot-1
    tekst: Bron [[lak E|WOOGEHEIMVOETNOOT]].
ondertekening:
  aanhef: Het college, [[lak E|WOOGEHEIMAANHEF]]
  plaats_datum: "[[lak E|WOOGEHEIMPLAATS]], 1 juli 2025"
  ondertekenaars:
    - functie: de secretaris [[lak E|WOOGEHEIMFUNCTIE]]
      naam: "[[lak E|WOOGEHEIMNAAM]]"
"""

# No '[[lak ' and no 'lakken' in this file's bytes: only in its parsed values.
GEVOUWEN = r"""soort: raadsmededeling
id: raadsmededeling-gevouwen
onderwerp: Gevouwen regel
nummer: 2025-98
datum: 2025-07-02
secties:
  - titel: Inhoud
    inhoud:
      - tekst: >-
          Een lange regel die de schrijver afbreekt midden in de weglakking [[lak
          E|WOOGEHEIMFOLD naam]] en verder.
      - tekst: "Een escape: \x5B[lak E|WOOGEHEIMESCAPE]]."
      - "lak\x6Ben": E
        inhoud:
          - tekst: WOOGEHEIMSLEUTEL in een weggelakt blok
"""

PAGINA = "---\ntitel: Proef\n---\n# Proef\n\nTekst [[lak E|WOOGEHEIMPAGINA]] hier.\n"

AFKORTING = """afkortingen:
  - afkorting: XQZ
    betekenis: "[[lak E|WOOGEHEIMAFKORTING]]"
"""

TAGS = ["TITEL", "KOP", "VOETNOOT", "AFKORTING", "CODE", "URL", "ALT", "INREF", "TABELTITEL", "KOLOM",
        "GROEP", "RIJ", "CEL", "TOTAAL", "AANHEF", "PLAATS", "FUNCTIE", "NAAM",
        "FOLD", "ESCAPE", "SLEUTEL", "PAGINA"]


def hostile_corpus(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(WOO, content)
    (content / "documenten" / "aanval.yaml").write_text(AANVAL, encoding="utf-8")
    (content / "documenten" / "gevouwen.yaml").write_text(GEVOUWEN, encoding="utf-8")
    (content / "paginas").mkdir()
    (content / "paginas" / "proef.md").write_text(PAGINA, encoding="utf-8")
    with (content / "registers" / "register.yaml").open("a", encoding="utf-8") as f:
        f.write(AFKORTING)
    return content


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(content, internal site, public site): internal first, both with the cache."""
    root = tmp_path_factory.mktemp("aanval")
    content = hostile_corpus(root)
    internal = root / "uit" / "site-intern"
    build(content, internal, jobs=1, use_cache=True, quiet=True, uitgave=Uitgave(intern=True))
    public = root / "uit" / "site"
    build(content, public, jobs=1, use_cache=True, quiet=True)
    return content, internal, public


@pytest.mark.parametrize("tag", TAGS)
def test_attack_leaks_nothing_into_the_public_build(builds, tag):
    _content, internal, public = builds
    assert secret_places(public, SECRET + tag) == []
    # The internal build shows it (code spans and guide pages are shown as written there too):
    # the search can see where the word would be.
    assert secret_places(internal, SECRET + tag) != []


def test_public_build_of_the_attacks_holds_no_withheld_byte(builds):
    _content, _internal, public = builds
    assert secret_places(public) == []
    for written in ("777001", "777.001"):  # the partly withheld amount
        assert secret_places(public, written) == []


def test_an_internal_build_then_a_public_one_into_the_same_folder(builds, tmp_path):
    # The internal output removed by hand; the public build into the very same path (cache on)
    # reuses nothing of it.
    content, _internal, _public = builds
    out = tmp_path / "site"
    build(content, out, jobs=1, use_cache=True, quiet=True, uitgave=Uitgave(intern=True))
    assert secret_places(out) != []
    shutil.rmtree(out)
    build(content, out, jobs=1, use_cache=True, quiet=True)
    assert secret_places(out) == []
    # And back: the internal build after the public one shows the passages again.
    shutil.rmtree(out)
    build(content, out, jobs=1, use_cache=True, quiet=True, uitgave=Uitgave(intern=True))
    assert any(p.startswith("stukken/raadsmededeling-aanval/") for p in secret_places(out))


def test_a_folded_passage_is_checked(tmp_path):
    content = hostile_corpus(tmp_path)
    path = content / "documenten" / "gevouwen.yaml"
    path.write_text(GEVOUWEN.replace("E|WOOGEHEIMFOLD", "Q|WOOGEHEIMFOLD"), encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        check_corpus(content)
    codes = [(Path(d.pos.path).name, d.code) for d in failure.value.diagnostics]
    assert ("gevouwen.yaml", "woo-grond") in codes


def test_a_partly_withheld_amount_leaves_the_public_model(tmp_path):
    index = check_corpus(hostile_corpus(tmp_path))
    woo.lak(index)
    cell = index.nodes["tabel-aanval"].model.groepen[0].rijen[0].cellen["bedrag"]
    assert (cell.waarde, cell.tekst) == (None, "ca. [[lak B]]")


def test_markdown_never_lays_out_a_passage_outside_the_internal_build():
    text = "Tekst [[lak E|WOOGEHEIM naam]] hier."
    assert SECRET not in markup.render(text)
    assert "weggelakt: </span>E" in markup.render(text)
    assert SECRET in markup.render(text, woo_intern=True)


@pytest.mark.parametrize("text", [
    "[[brief-eigenaar|[[lak E|WOOGEHEIM]]]]",        # inside a reference's label
    "[[[lak E|WOOGEHEIM]]](https://example.org)",   # as a link's text
    "![[[lak E|WOOGEHEIM]]](assets/x.png)",          # as an image's whole alt text
])
def test_odd_places_are_errors_for_the_writer(text):
    # Not published at all: the check reports the text (and so the build stops).
    _refs, problems = markup.scan(text)
    assert problems


def test_the_check_still_reads_references_inside_a_passage():
    refs, problems = markup.scan("[[lak E|zie [[doc-x]]]]")
    assert [r.target for r in refs] == ["doc-x"] and problems == []


# --- a withheld amount that the total gives away ------------------------------------------------


def _nota_total(content: Path, total: str) -> None:
    path = content / "documenten" / "nota.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("            waarden: {bedrag: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + "            waarden: {bedrag: " + total + "}" + text[end:], encoding="utf-8")


def test_a_withheld_amount_the_total_gives_away_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(WOO, content)
    _nota_total(content, "63017")  # 63017 - 12000 = the withheld 51017
    with pytest.raises(ContentError) as failure:
        check_corpus(content)
    found = [(Path(d.pos.path).name, d.pos.line, d.code) for d in failure.value.diagnostics]
    line = next(n for n, text in enumerate((content / "documenten" / "nota.yaml").read_text().splitlines(), 1)
                if "WOOGEHEIM € 51.017" in text)
    assert found == [("nota.yaml", line, "woo-afleidbaar")]


def test_a_total_over_two_withheld_amounts_gives_neither_away(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(WOO, content)
    _nota_total(content, "63017")
    path = content / "documenten" / "nota.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "bedrag: 12000}", 'bedrag: {waarde: 12000, tekst: "[[lak B|WOOGEHEIM € 12.000]]"}}'), encoding="utf-8")
    check_corpus(content)  # no error: only the sum of the two can be computed


def test_the_public_build_holds_no_withheld_total(builds):
    _content, _internal, public = builds
    for written in ("63017", "63.017"):
        assert secret_places(public, written) == []


def test_a_withheld_amount_the_total_per_code_gives_away_is_an_error(tmp_path):
    # The table's total is withheld, but its split per code (uitsplitsing I: 50000) is the one
    # I row's amount.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "corpora" / "mini", content)
    path = content / "documenten" / "programma.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("kosten: 50000, si: I}", 'kosten: "[[lak 5.1.2b|50000]]", si: I}')
    text = text.replace("waarden: {kosten: 250000}", 'waarden: {kosten: "[[lak 5.1.2b|250000]]"}')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        check_corpus(content)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "[[lak 5.1.2b|50000]]" in t)
    assert [(Path(d.pos.path).name, d.pos.line, d.code) for d in failure.value.diagnostics] == \
        [("programma.yaml", line, "woo-afleidbaar")]


def test_a_nested_passage_is_no_broken_reference():
    # '[[lak E|buiten [[lak B|...]] buiten]]': the inner passage was reported as an unclosed
    # reference; the public build shows only the outer code either way.
    refs, problems = markup.scan("[[lak E|buiten [[lak B|WOOGEHEIM [[doc-x]]]] buiten]]")
    assert [r.target for r in refs] == ["doc-x"] and problems == []
    assert woo.redact("a [[lak E|buiten [[lak B|WOOGEHEIM]] buiten]] b", intern=False) == "a [[lak E]] b"
    assert SECRET not in markup.render("a [[lak E|buiten [[lak B|WOOGEHEIM]] buiten]] b")
