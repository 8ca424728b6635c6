"""Hostile files in content/: links out of the folder, FIFOs, folders named like files, huge files.

Git cannot hold these (or should not: a 3 GB file), so each test makes its
fixture in tmp_path. The catalogue in tests/bad/ holds the cases git can hold
(forbidden asset types, broken and hostile images, URL collisions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.site import write_docs
from tests.conftest import MINI, ROOT

BAD = ROOT / "tests" / "bad"
THREE_GB = 3 * 2**30


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of the mini corpus in tmp_path/content, with tmp_path as the working directory."""
    shutil.copytree(MINI, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def errors(folder: Path) -> list[str]:
    """The error lines of a check of folder/content (none: the check passed)."""
    try:
        check_corpus(Path("content"))
    except ContentError as exc:
        return [d.format() for d in exc.diagnostics]
    return []


def show_image(content: Path, src: str) -> None:
    path = content / "documenten" / "raadsmededeling.yaml"
    path.write_text(path.read_text() + f"      - tekst: 'Een kaart: ![kaart]({src})'\n")


def sparse(path: Path, size: int = THREE_GB) -> None:
    """A file of ``size`` bytes that takes no room on disk (and no time to write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)


# --- links out of content/ --------------------------------------------------------------------

OUTSIDE = "symbolische link naar '{}', buiten de map met inhoud; de build leest die niet " \
          "(tip: zet het bestand zelf in content/ in plaats van een link)"


@pytest.mark.parametrize("place", ["assets/passwd.png", "paginas/wachtwoorden.md", "documenten/geheim.yaml",
                                   "registers/geheim.yaml"])
def test_link_to_a_file_outside_content_is_refused(folder, place):
    secret = folder / "geheim.yaml"  # a valid file outside content/: it must not be read at all
    secret.write_text("soort: register\norganisaties:\n  - id: geheim\n    naam: GEHEIM-UIT-DE-MAP\n")
    link = folder / "content" / place
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    assert errors(folder) == [f"content/{place}:1:1: error[symlink]: " + OUTSIDE.format(secret)]


def test_link_to_etc_passwd_in_assets_is_refused_even_when_shown(folder):
    (folder / "content" / "assets").mkdir()
    (folder / "content" / "assets" / "kaart.png").symlink_to("/etc/passwd")
    show_image(folder / "content", "assets/kaart.png")
    assert errors(folder) == ["content/assets/kaart.png:1:1: error[symlink]: " + OUTSIDE.format("/etc/passwd")]


def test_relative_link_that_climbs_out_is_refused(folder):
    (folder / "buiten.md").write_text("# Buiten\n")
    (folder / "content" / "paginas").mkdir()
    (folder / "content" / "paginas" / "buiten.md").symlink_to("../../buiten.md")
    assert errors(folder) == ["content/paginas/buiten.md:1:1: error[symlink]: " + OUTSIDE.format("../../buiten.md")]


def test_linked_folder_is_not_followed(folder):
    """A link to /etc (or to any folder) is reported, and nothing below it is listed or read."""
    (folder / "content" / "assets").mkdir()
    (folder / "content" / "assets" / "etc").symlink_to("/etc")
    (folder / "content" / "assets" / "documenten").symlink_to("../documenten")
    assert errors(folder) == [
        "content/assets/documenten:1:1: error[symlink]: symbolische link naar de map '../documenten'; "
        "de build volgt die niet (tip: zet de bestanden zelf in deze map)",
        "content/assets/etc:1:1: error[symlink]: " + OUTSIDE.format("/etc"),
    ]


def test_broken_link_is_an_error(folder):
    (folder / "content" / "paginas").mkdir()
    (folder / "content" / "paginas" / "weg.md").symlink_to("bestaat-niet.md")
    assert errors(folder) == [
        "content/paginas/weg.md:1:1: error[symlink]: symbolische link naar 'bestaat-niet.md', dat niet bestaat "
        "(tip: verwijs naar een bestaand bestand, of haal de link weg)"]


def test_link_inside_content_is_followed(folder, tmp_path):
    """A link whose target lies inside content/ is read as the file it points to."""
    content = folder / "content"
    case = BAD / "image-svg-clean" / "content" / "assets"
    shutil.copytree(case, content / "assets")
    (content / "assets" / "ook-de-kaart.svg").symlink_to("kaart.svg")
    show_image(content, "assets/ook-de-kaart.svg")
    assert errors(folder) == []
    index = check_corpus(Path("content"))
    assert index.assets["ook-de-kaart.svg"].data == (case / "kaart.svg").read_bytes()


# --- what is not a regular file -----------------------------------------------------------------

NOT_A_FILE = "dit is een named pipe (FIFO), geen gewoon bestand; de build leest het niet " \
             "(tip: vervang het door een gewoon bestand, of haal het weg)"


@pytest.mark.parametrize("place", ["paginas/uitleg.md", "documenten/nota-2.yaml", "assets/kaart.png"])
def test_fifo_is_refused_without_reading_it(folder, place):
    """Reading a FIFO waits for a writer forever: the check must never open it for reading and wait."""
    fifo = folder / "content" / place
    fifo.parent.mkdir(exist_ok=True)
    os.mkfifo(fifo)
    if place.startswith("assets/"):
        show_image(folder / "content", "assets/kaart.png")
    assert errors(folder) == [f"content/{place}:1:1: error[not-a-file]: " + NOT_A_FILE]


def test_link_to_a_fifo_inside_content_is_refused(folder):
    content = folder / "content"
    os.mkfifo(content / "pijp")
    (content / "paginas").mkdir()
    (content / "paginas" / "uitleg.md").symlink_to("../pijp")
    assert errors(folder) == [
        "content/paginas/uitleg.md:1:1: error[not-a-file]: " + NOT_A_FILE,
        "content/pijp:1:1: error[not-a-file]: " + NOT_A_FILE,
    ]


def test_reader_refuses_a_fifo_it_is_handed(tmp_path):
    """The reader itself checks the open file's type (a file can be swapped after the listing)."""
    from haven_docs.contentdir import FileRefused, read_file

    os.mkfifo(tmp_path / "pijp")
    with pytest.raises(FileRefused) as refused:
        read_file(tmp_path / "pijp", 100, "")
    assert refused.value.code == "not-a-file"
    (tmp_path / "link").symlink_to(tmp_path / "pijp")
    with pytest.raises(FileRefused) as refused:
        read_file(tmp_path / "link", 100, "")  # O_NOFOLLOW: a link is not opened
    assert refused.value.code == "file-unreadable"


@pytest.mark.parametrize("name", ["uitleg.md", "nota-2.yaml"])
def test_folder_named_like_a_file_is_an_error(folder, name):
    top = "paginas" if name.endswith(".md") else "documenten"
    (folder / "content" / top / name).mkdir(parents=True)
    assert errors(folder) == [
        f"content/{top}/{name}:1:1: error[not-a-file]: '{name}' is een map, geen bestand; de build leest het niet "
        "(tip: hernoem de map, of vervang hem door een bestand)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_page_is_an_error(folder):
    page = folder / "content" / "paginas" / "uitleg.md"
    page.parent.mkdir()
    page.write_text("# Uitleg\n")
    page.chmod(0)
    assert errors(folder) == [
        "content/paginas/uitleg.md:1:1: error[file-unreadable]: bestand kan niet worden gelezen: Permission denied "
        "(tip: controleer of het bestand bestaat en of je het mag lezen)"]


def test_file_that_cannot_be_opened_is_an_error(folder, monkeypatch):
    """As root the test above is skipped: the same path, with the refusal made by a stand-in for os.open."""
    import haven_docs.contentdir as contentdir

    page = folder / "content" / "paginas" / "uitleg.md"
    page.parent.mkdir()
    page.write_text("# Uitleg\n")
    real_open = os.open

    def refusing_open(path, flags, *args):
        if Path(path).name == "uitleg.md":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(contentdir.os, "open", refusing_open)
    assert errors(folder) == [
        "content/paginas/uitleg.md:1:1: error[file-unreadable]: bestand kan niet worden gelezen: Permission denied "
        "(tip: controleer of het bestand bestaat en of je het mag lezen)"]


# --- size: judged before reading ------------------------------------------------------------------

MEASURE = """
import resource, sys
from pathlib import Path
from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
try:
    check_corpus(Path("content"))
except ContentError as exc:
    for d in exc.diagnostics:
        print(d.format())
print("maxrss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_three_gigabyte_files_are_refused_without_reading_them(folder):
    """Sparse files of 3 GB: each refused by its size; the check's memory stays that of a normal check."""
    content = folder / "content"
    for place in ("documenten/groot.yaml", "paginas/groot.md", "assets/groot.png"):
        sparse(content / place)
    result = subprocess.run([sys.executable, "-c", MEASURE], cwd=folder, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    *lines, rss = result.stdout.splitlines()
    size = f"{THREE_GB:,}".replace(",", ".")
    assert lines == [
        f"content/assets/groot.png:1:1: error[file-too-large]: bestand is te groot ({size} bytes; maximaal 10.485.760) "
        "(tip: verklein de afbeelding of het bestand)",
        f"content/documenten/groot.yaml:1:1: error[file-too-large]: bestand is te groot ({size} bytes; maximaal "
        "2.097.152) (tip: splits het document in meerdere bestanden of verplaats grote bijlagen naar content/assets/)",
        f"content/paginas/groot.md:1:1: error[file-too-large]: bestand is te groot ({size} bytes; maximaal 2.097.152) "
        "(tip: splits de pagina in meerdere pagina's)",
    ]
    assert int(rss.split()[1]) < 300_000  # kB: reading one of them whole would take 3.000.000


# --- end to end ----------------------------------------------------------------------------------


def test_build_py_check_reports_every_hostile_file_and_returns(folder):
    """Through the command line, as a writer or CI runs it: exit 1, one line each, no traceback."""
    content = folder / "content"
    (content / "assets").mkdir()
    (content / "paginas").mkdir()
    (content / "assets" / "passwd.png").symlink_to("/etc/passwd")
    (content / "paginas" / "passwd.md").symlink_to("/etc/passwd")
    os.mkfifo(content / "paginas" / "pijp.md")
    (content / "paginas" / "map.md").mkdir()
    sparse(content / "documenten" / "groot.yaml")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=folder,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    codes = [line.split("error[")[1].split("]")[0] for line in result.stderr.splitlines() if "error[" in line]
    assert codes == ["symlink", "file-too-large", "not-a-file", "symlink", "not-a-file"]
    assert "root:" not in result.stderr + result.stdout


def test_only_shown_and_checked_images_are_published(tmp_path, monkeypatch):
    """The clean SVG case: its two shown images are published with the checked bytes; the unused one is not."""
    case = BAD / "image-svg-clean"
    monkeypatch.chdir(case)
    index = check_corpus(Path("content"))
    docs = tmp_path / "docs"
    write_docs(index, Path("content"), docs)
    published = sorted(p.relative_to(docs).as_posix() for p in (docs / "inhoud").rglob("*") if p.is_file())
    assert published == ["inhoud/assets/foto.png", "inhoud/assets/kaart.svg"]
    for name in ("foto.png", "kaart.svg"):
        assert (docs / "inhoud" / "assets" / name).read_bytes() == (case / "content" / "assets" / name).read_bytes()


def test_link_from_assets_to_elsewhere_in_content_is_refused(folder):
    """The PDFs read images from content/assets/ only: a link out of it would pass the check and fail the build."""
    content = folder / "content"
    (content / "assets").mkdir()
    (content / "assets" / "kaart.png").symlink_to("../documenten/nota.yaml")
    show_image(content, "assets/kaart.png")
    assert errors(folder) == [
        "content/assets/kaart.png:1:1: error[symlink]: symbolische link naar een bestand buiten content/assets/ "
        "(tip: zet het bestand zelf in content/assets/ in plaats van een link)"]
