"""The municipality is content: content/instellingen.yaml, never code, templates or mkdocs.yml."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.huisstijl import MIN_CONTRAST, contrast, kleuren
from tests.conftest import ROOT, run_build

LINDENDAL = ROOT / "tests" / "corpora" / "lindendal"
#: The municipality of the real content: named nowhere but in content/.
OTHER = "deventer"


def test_code_templates_and_mkdocs_name_no_municipality():
    files = [ROOT / "mkdocs.yml", *sorted((ROOT / "haven_docs").rglob("*")), *sorted((ROOT / "templates").rglob("*"))]
    named = [str(path.relative_to(ROOT)) for path in files
             if path.is_file() and path.suffix != ".pyc" and OTHER in path.read_bytes().decode("utf-8", "replace").lower()]
    assert named == []


@pytest.fixture(scope="module")
def lindendal(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lindendal") / "site"
    result = run_build("--content", str(LINDENDAL), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return out


def test_another_municipality_builds_without_a_trace_of_the_first(lindendal):
    texts = [path for path in lindendal.rglob("*") if path.is_file() and path.suffix != ".pdf"]
    assert [str(p.relative_to(lindendal)) for p in texts if OTHER in p.read_bytes().decode("utf-8", "replace").lower()] == []
    pdfs = sorted((lindendal / "pdf").glob("*.pdf"))
    assert len(pdfs) == 5
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert OTHER not in text.lower(), pdf.name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert OTHER not in info.lower(), pdf.name
    besluit = subprocess.run(["pdftotext", str(lindendal / "pdf" / "raadsbesluit-lindendal.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
    assert "De raad van de gemeente Lindendal," in besluit
    info = subprocess.run(["pdfinfo", str(lindendal / "pdf" / "woonvisie-lindendal.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"Author:\s+gemeente Lindendal", info)


def test_site_name_footer_and_colour_come_from_the_settings(lindendal):
    page = (lindendal / "index.html").read_text(encoding="utf-8")
    assert "<title>Wonen en welzijn in Lindendal</title>" in page
    assert re.search(r'md-copyright__highlight">\s*Gemeente Lindendal\s*<', page)
    css = (lindendal / "stylesheets" / "huisstijl.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #8a1538;" in css
    assert "huisstijl.css" in page


def test_house_colours_stay_readable():
    for kleur in ("#8a1538", "#ffd700", "#00a0e0", "#ffffff", "#000000", "#777777"):
        k = kleuren(kleur)
        assert contrast(k.op_kleur, k.kleur) >= MIN_CONTRAST, kleur
        assert contrast(k.tekst, "#ffffff") >= MIN_CONTRAST, kleur
    assert kleuren("#8a1538").tekst == "#8a1538"  # dark enough already: used as given


def test_settings_belong_in_one_file_in_the_content_folder(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LINDENDAL, content)
    (content / "instellingen.yaml").rename(content / "registers" / "instellingen.yaml")
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    (error,) = [d.format() for d in info.value.diagnostics]
    assert "registers/instellingen.yaml:4:8: error[layout]: instellingen horen in één bestand direct in de map content/" in error


def test_the_house_style_logo_heads_the_site_and_the_first_page_of_the_municipalitys_pdfs(lindendal):
    logo = (LINDENDAL / "assets" / "logo.svg").read_bytes()
    assert (lindendal / "inhoud" / "assets" / "logo.svg").read_bytes() == logo  # published as checked
    for page in (lindendal / "index.html", lindendal / "documenten" / "woonvisie-lindendal" / "index.html"):
        html = page.read_text(encoding="utf-8")
        # In the header's home link (named by the site name): a decorative image.
        header = html[html.index('class="md-header__button md-logo"'):]
        assert re.match(r'[^>]*>\s*<img src="[./]*inhoud/assets/logo\.svg" alt="">', header), header[:300]
    from pypdf import PdfReader

    def figures(name: str) -> list[str]:
        """The text alternatives of the figures in the PDF's structure tree (PDF/UA tags)."""
        found: list[str] = []

        def walk(element) -> None:
            element = element.get_object()
            if not isinstance(element, dict):
                return
            if element.get("/S") == "/Figure" and "/Alt" in element:
                found.append(str(element["/Alt"]))
            kids = element.get("/K")
            kids = kids.get_object() if kids is not None else []
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)
        walk(PdfReader(lindendal / "pdf" / name).trailer["/Root"]["/StructTreeRoot"])
        return found
    # The municipality's own documents carry it; the regional informatienota (an issuer of its own) does not.
    assert figures("nota-lindendal.pdf") == ["Logo gemeente Lindendal"]
    assert figures("woonvisie-lindendal.pdf") == ["Logo gemeente Lindendal"]
    assert figures("informatienota-heuvelland.pdf") == []
    page = subprocess.run(["pdftotext", "-l", "1", str(lindendal / "pdf" / "nota-lindendal.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Nota voor Burgemeester en Wethouders" in page


def test_a_logo_is_checked_like_every_image(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LINDENDAL, content)
    settings = content / "instellingen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("assets/logo.svg", "assets/logo.png"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    (error,) = [d.format() for d in info.value.diagnostics]
    assert re.search(r"instellingen\.yaml:\d+:9: error\[missing-image\]: afbeelding 'assets/logo\.png' bestaat niet", error)
    (content / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    settings.write_text(settings.read_text(encoding="utf-8").replace("assets/logo.png", "assets/logo.svg"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    (error,) = [d.format() for d in info.value.diagnostics]
    assert "error[bad-image]" in error and "instellingen.yaml" in error
    settings.write_text(settings.read_text(encoding="utf-8").replace("assets/logo.svg", "https://example.org/x.svg"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as info:
        check_corpus(content)
    assert any("error[unsafe-resource]" in d.format() for d in info.value.diagnostics)
