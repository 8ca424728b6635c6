"""What the build writes, deletes and leaves behind, whatever it is given (issue 13, output side).

Each test here failed on the code before the fix it guards:
- data loss: ``--out`` at the content, at a folder holding it, at a git work tree or at a
  folder the build did not make; the cache folder; two builds into one output at once;
- a full disk (injected, and a real small tmpfs where the test may mount one);
- PDF workers after a build killed at several moments, the first just after the first fork;
- the modes of the published files; published files shared with the cache (hard links);
- PDFs without the house font on the system (another font, or none at all).
(Two builds at once and the kills at fixed moments passed by luck too on the old code.)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, run_build


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def assert_refused(result) -> str:
    """Exit 2 with one Dutch line naming the usage error."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("build.py: gebruiksfout: --out "), result.stderr
    return lines[0]


# --- data loss: --out -----------------------------------------------------------------------


def test_out_equal_to_content_is_refused_and_nothing_is_deleted(mini_copy):
    before = tree_digest(mini_copy)
    line = assert_refused(run_build("--content", str(mini_copy), "--out", str(mini_copy)))
    assert "map met inhoud" in line
    assert tree_digest(mini_copy) == before


def test_out_holding_the_content_is_refused(tmp_path, mini_copy):
    before = tree_digest(mini_copy)
    assert_refused(run_build("--content", str(mini_copy), "--out", str(tmp_path)))
    assert tree_digest(mini_copy) == before


def test_out_inside_the_content_is_refused(mini_copy):
    before = tree_digest(mini_copy)
    assert_refused(run_build("--content", str(mini_copy), "--out", str(mini_copy / "documenten")))
    assert_refused(run_build("--content", str(mini_copy), "--out", str(mini_copy / "nieuw")))
    assert tree_digest(mini_copy) == before


def test_out_at_a_checkout_is_refused(tmp_path, mini_copy):
    # A checkout of haven_docs (build.py, the package, .git) with `--out .`: the old build
    # deleted it, .git included. A copy, so that the old code can only delete the copy.
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("build.py", "mkdocs.yml"):
        shutil.copy2(ROOT / name, checkout / name)
    for name in ("haven_docs", "templates"):
        shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    before = tree_digest(checkout)
    result = subprocess.run([sys.executable, "build.py", "--content", str(mini_copy), "--out", "."],
                            cwd=checkout, capture_output=True, text=True)
    assert "git-werkmap" in assert_refused(result)
    assert tree_digest(checkout) == before


def test_out_at_or_around_this_checkout_is_refused(tmp_path):
    from haven_docs.diagnostics import UsageError
    from haven_docs.publish import CHECKOUT, check_output_dir

    assert CHECKOUT == ROOT
    content = tmp_path / "content"
    for out in (ROOT, ROOT.parent):
        # A checkout in the temp folder (as a CI clone may be) has the content under its parent
        # too: then that is the first reason given.
        reason = "inhoud" if content.resolve().is_relative_to(out.resolve()) else "git-werkmap"
        with pytest.raises(UsageError, match=reason):
            check_output_dir(out, content)


def test_a_marked_output_that_is_a_git_work_tree_is_refused(tmp_path, mini_copy):
    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out)).returncode == 0
    subprocess.run(["git", "init", "-q", str(out)], check=True)  # say, to publish it as gh-pages
    assert_refused(run_build("--content", str(mini_copy), "--out", str(out)))
    assert (out / ".git" / "HEAD").is_file()


def test_a_folder_the_build_did_not_make_is_refused(tmp_path, mini_copy):
    out = tmp_path / "stukken"
    out.mkdir()
    (out / "notities.txt").write_text("mijn werk")
    (out / "index.html").write_text("<p>met de hand</p>")
    line = assert_refused(run_build("--content", str(mini_copy), "--out", str(out)))
    assert ".haven-docs-uitvoer" in line
    assert tree_digest(out) == {"index.html": hashlib.sha256(b"<p>met de hand</p>").hexdigest(),
                                "notities.txt": hashlib.sha256(b"mijn werk").hexdigest()}
    file = tmp_path / "bestand"
    file.write_text("x")
    assert_refused(run_build("--content", str(mini_copy), "--out", str(file)))
    assert file.read_text() == "x"


def test_missing_empty_and_own_outputs_are_replaced_and_marked(tmp_path, mini_copy):
    from haven_docs.publish import MARKER

    out = tmp_path / "site"
    first = run_build("--content", str(mini_copy), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert (out / MARKER).is_file()
    again = run_build("--content", str(mini_copy), "--out", str(out))
    assert again.returncode == 0, again.stderr
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert run_build("--content", str(mini_copy), "--out", str(empty)).returncode == 0
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()


def test_an_output_of_the_old_build_without_marker_is_replaced_once(tmp_path, mini_copy):
    from haven_docs.publish import MARKER

    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out)).returncode == 0
    (out / MARKER).unlink()  # as the builds before the marker left it
    result = run_build("--content", str(mini_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / MARKER).is_file()
    # Only that shape: an index.html alone is not an output of ours.
    (out / MARKER).unlink()
    shutil.rmtree(out / "pdf")
    assert_refused(run_build("--content", str(mini_copy), "--out", str(out)))


def test_serve_refuses_the_same_outputs(mini_copy):
    from haven_docs.diagnostics import UsageError
    from haven_docs.serve import serve

    before = tree_digest(mini_copy)
    stop = threading.Event()
    stop.set()  # the old serve would build (and delete) once, then stop here
    with pytest.raises(UsageError):
        serve(mini_copy, mini_copy, port=0, stop=stop)
    assert tree_digest(mini_copy) == before


def test_the_cache_folder_never_holds_the_content(tmp_path):
    # The cache lives next to the output, in .haven-cache/<name of the output>.
    content = tmp_path / ".haven-cache" / "site"
    shutil.copytree(MINI, content)
    before = tree_digest(content)
    assert_refused(run_build("--content", str(content), "--out", str(tmp_path / "site"), "--no-cache"))
    assert tree_digest(content) == before


def test_leftovers_of_other_programs_next_to_the_output_stay(tmp_path, mini_copy):
    look_alike = tmp_path / ".site.new-mijn-werk"
    look_alike.mkdir()
    (look_alike / "belangrijk.txt").write_text("niet van haven_docs")
    assert run_build("--content", str(mini_copy), "--out", str(tmp_path / "site")).returncode == 0
    assert (look_alike / "belangrijk.txt").read_text() == "niet van haven_docs"


# --- data loss: two builds at once ------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path, mini_copy):
    from haven_docs.publish import LOCK_NAME

    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out)).returncode == 0
    before = tree_digest(out)
    lock = tmp_path / ".haven-cache" / "site" / LOCK_NAME
    with open(lock, "ab") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX)  # as a running build (or serve's rebuild) holds it
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(mini_copy),
                                    "--out", str(out)], stderr=subprocess.PIPE, text=True)
        first_line = process.stderr.readline()
        assert "Er loopt al een build" in first_line, first_line
        assert process.poll() is None and tree_digest(out) == before
        fcntl.lockf(handle, fcntl.LOCK_UN)
    rest = process.stderr.read()
    assert process.wait() == 0, rest
    assert "Gebouwd in" in rest


def test_two_builds_into_one_output_at_once_both_succeed(tmp_path, mini_copy):
    reference = tmp_path / "referentie"
    assert run_build("--content", str(mini_copy), "--out", str(reference), "--no-cache").returncode == 0
    out = tmp_path / "site"
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(mini_copy), "--out", str(out)]
    processes = [subprocess.Popen(command + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for extra in ([], ["--no-cache"])]
    for process in processes:
        _, err = process.communicate()
        assert process.returncode == 0, err
    assert tree_digest(out) == tree_digest(reference)


# --- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_is_reported_as_such_and_changes_nothing(tmp_path, mini_copy, monkeypatch, capsys):
    import errno

    from haven_docs import cli, publish

    out = tmp_path / "site"
    assert cli.main(["--content", str(mini_copy), "--out", str(out)]) == 0
    before = tree_digest(out)
    capsys.readouterr()

    def no_space(source, target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    # Every file of the output is written through publish_copy (the site and the PDFs).
    monkeypatch.setattr(publish.shutil, "copyfile", no_space)
    monkeypatch.setattr(publish.fcntl, "ioctl", no_space)
    assert cli.main(["--content", str(mini_copy), "--out", str(out), "--no-cache"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("build.py: schijf vol"), lines
    assert "vorige uitvoer is ongewijzigd" in lines[0]
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".haven-cache", "content", "site"]


def test_a_full_cache_write_leaves_no_half_file(tmp_path, monkeypatch):
    import errno

    from haven_docs import publish

    target = tmp_path / "cache" / "a.pdf"
    publish.write_atomic(target, b"oud")

    real_write = Path.write_bytes

    def no_space(self, data):
        real_write(self, data[:1])  # a part is written, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(publish.Path, "write_bytes", no_space)
    with pytest.raises(OSError):
        publish.write_atomic(target, b"nieuw")
    monkeypatch.undo()
    assert target.read_bytes() == b"oud"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True)
    return result.returncode == 0


def test_a_really_full_disk(tmp_path, mini_copy):
    # A real file system that fills up (needs root to mount a small tmpfs; the test above
    # covers the same path without one).
    disk = tmp_path / "schijf"
    if not _mount_tmpfs(disk, "64m"):
        pytest.skip("geen tmpfs te koppelen (alleen als root)")
    try:
        out = disk / "site"
        first = run_build("--content", str(mini_copy), "--out", str(out))
        assert first.returncode == 0, first.stderr
        before = tree_digest(out)
        free = shutil.disk_usage(disk).free
        with open(disk / "vulling", "wb") as filler:  # leave 100 KB: less than one more site
            filler.truncate(0)
            filler.write(b"\0" * max(0, free - 100_000))
        result = run_build("--content", str(mini_copy), "--out", str(out), "--no-cache")
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith("build.py: schijf vol") and "ongewijzigd" in lines[-1], result.stderr
        assert "interne fout" not in result.stderr
        assert tree_digest(out) == before
        assert sorted(p.name for p in disk.iterdir()) == [".haven-cache", "site", "vulling"]
        (disk / "vulling").unlink()
        again = run_build("--content", str(mini_copy), "--out", str(out))
        assert again.returncode == 0, again.stderr
        assert tree_digest(out) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# --- PDF workers ------------------------------------------------------------------------------


def _group_members(group: int) -> list[int]:
    """Live processes of a process group (read from /proc; zombies are not alive)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("moment", ["0.05", "0.3", "1", "first-worker", "2"])
def test_no_pdf_worker_outlives_a_killed_build(tmp_path, mini_copy, moment):
    import signal
    import time

    out = tmp_path / "site"
    # Its own process group, so that every process it starts can be found (and, after the test, ended).
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(mini_copy),
                                "--out", str(out), "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if moment == "first-worker":  # just after the first fork: the window the old workers missed
            while process.poll() is None and not _children(process.pid):
                time.sleep(0.005)
        else:
            time.sleep(float(moment))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Bounded polling, not a timing assertion: on Linux the kernel ends the workers at once.
        for _ in range(200):
            left = _group_members(process.pid)
            if not left:
                break
            time.sleep(0.1)
        assert left == [], f"pdf-werkers leven nog na het doden van de build ({moment} s): {left}"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_published_folders_and_files_are_readable_as_the_umask_allows(tmp_path, mini_copy, umask):
    out = tmp_path / "site"
    for path in mini_copy.rglob("*"):  # private in the content is not private in the site
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    result = subprocess.run(["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", sys.executable,
                             str(ROOT / "build.py"), "--content", str(mini_copy), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    modes = {}
    for path in [out, *out.rglob("*")]:
        modes.setdefault(path.is_dir(), set()).add(path.stat().st_mode & 0o7777)
    assert modes[True] == {0o777 & ~umask}
    assert modes[False] == {0o666 & ~umask}


# --- hard links -------------------------------------------------------------------------------


def test_an_edit_of_the_published_site_is_not_published_again(tmp_path, mini_copy):
    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out)).returncode == 0
    before = tree_digest(out)
    pdf = sorted((out / "pdf").glob("*.pdf"))[0]
    page = out / "index.html"
    # Edits on the web server, in place (as an editor or `sed -i`-less tools do).
    with open(pdf, "r+b") as handle:
        handle.seek(0, os.SEEK_END)
        handle.write(b"%% aangepast op de server\n")
    with open(page, "r+b") as handle:
        handle.write(b"<!-- X -->")
    assert all(path.stat().st_nlink == 1 for path in out.rglob("*") if path.is_file())
    again = run_build("--content", str(mini_copy), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "ongewijzigd uit de cache" in again.stderr  # the incremental path
    assert tree_digest(out) == before


# --- fonts ------------------------------------------------------------------------------------


def _embedded_fonts(folder: Path) -> set[str]:
    import pikepdf

    names = set()
    for path in folder.glob("*.pdf"):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    names.add(str(font.BaseFont).split("+", 1)[-1])  # without the subset tag
    return names


def test_pdfs_are_the_same_bytes_without_any_system_font(tmp_path, mini_copy):
    # A machine without Open Sans (or with no fonts at all): the old build fell back to DejaVu
    # silently, or died with an AssertionError. The house font ships with the project.
    config = tmp_path / "geen-fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>'
                      f'{tmp_path / "fc-cache"}</cachedir></fontconfig>\n')
    usual = tmp_path / "gewoon"
    bare = tmp_path / "kaal"
    assert run_build("--content", str(mini_copy), "--out", str(usual)).returncode == 0
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(mini_copy), "--out", str(bare)],
                            capture_output=True, text=True, env={**os.environ, "FONTCONFIG_FILE": str(config)})
    assert result.returncode == 0, result.stderr
    assert "Expect ugly output" not in result.stderr
    assert tree_digest(bare / "pdf") == tree_digest(usual / "pdf")
    from haven_docs.pdf.html import HOUSE_FONT

    family = HOUSE_FONT.replace(" ", "-")
    fonts = _embedded_fonts(bare / "pdf")
    assert fonts and all(name.startswith(family) for name in fonts), fonts
    assert {"Haven-Open-Sans", "Haven-Open-Sans-Semi-Bold"} <= fonts


def test_the_house_font_ships_with_its_licence():
    from haven_docs.pdf.html import PRINT_DIR

    fonts = PRINT_DIR / "fonts"
    css = (PRINT_DIR / "print.css").read_text(encoding="utf-8")
    for name in sorted(path.name for path in fonts.glob("*.ttf")):
        assert f'url("fonts/{name}")' in css, name
    assert (fonts / "LICENSE-Apache-2.0.txt").is_file() and "Apache" in (fonts / "README.md").read_text()


def test_a_font_that_cannot_be_loaded_stops_the_render(monkeypatch):
    from haven_docs.corpus import check_corpus
    from haven_docs.pdf import print_jobs, render
    from haven_docs.pdf.fetcher import AssetFetcher, ResourceRefused

    job = print_jobs(check_corpus(MINI), MINI)[0]
    real_resolve = AssetFetcher.resolve

    def no_fonts(self, url):
        if url.endswith(".ttf"):
            raise ResourceRefused(url, "bestand niet gevonden")
        return real_resolve(self, url)

    monkeypatch.setattr(AssetFetcher, "resolve", no_fonts)
    monkeypatch.setattr(render, "_STYLESHEET", {})
    with pytest.raises(render.RenderError, match=r"OpenSans-.*\.ttf: bestand niet gevonden"):
        render.render_pdf(job)
