"""What the build writes, deletes and leaves behind, whatever it is given (issue 13, output side).

Each test here failed on the code before the fix it guards:
- data loss: ``--out`` at the content, at a folder holding it, at a git work tree or at a
  folder the build did not make; the cache folder; two builds into one output at once;
- (further cases are added below with their fixes).
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
    for out in (ROOT, ROOT.parent):
        with pytest.raises(UsageError, match="git-werkmap"):
            check_output_dir(out, tmp_path / "content")


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
