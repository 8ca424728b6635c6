"""Atomic output: a failed or interrupted build leaves the previous site complete and unchanged."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from haven_docs.publish import MARKER, staged_output
from tests.conftest import MINI, ROOT


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_failure_inside_the_stage_keeps_the_old_output(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("oud")
    with pytest.raises(RuntimeError):
        with staged_output(out) as staging:
            (staging / "index.html").write_text("half")
            raise RuntimeError("render failed")
    assert (out / "index.html").read_text() == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_success_swaps_in_the_new_output(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("oud")
    with staged_output(out) as staging:
        (staging / "new.html").write_text("nieuw")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_interrupted_swap_is_repaired_on_the_next_run(tmp_path):
    out = tmp_path / "site"
    old = tmp_path / ".site.old-123"
    old.mkdir()
    (old / "index.html").write_text("oud")  # killed between the two renames
    with pytest.raises(RuntimeError):
        with staged_output(out):
            raise RuntimeError
    assert (out / "index.html").read_text() == "oud"


def test_content_error_writes_nothing(tmp_path, mini_copy):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("oud")
    (out / MARKER).write_text("")  # an earlier output of the build
    nota = mini_copy / "documenten" / "nota.yaml"
    nota.write_text(nota.read_text().replace("onderwerp:", "onderwrp:"))
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(mini_copy), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert tree_digest(out) == {"index.html": hashlib.sha256(b"oud").hexdigest(), MARKER: hashlib.sha256().hexdigest()}


def test_killing_the_build_at_random_points_leaves_the_previous_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "site"
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out), "--no-cache"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    assert "index.html" in before and any(name.startswith("pdf/") for name in before)

    # Change the content so that a completed build would change the output.
    visie = content / "documenten" / "visie.yaml"
    visie.write_text(visie.read_text().replace("titel: Humane opvang", "titel: Menswaardige opvang"))
    # What a completed build of the changed content publishes (a kill just after the
    # swap, while the process cleans up, legitimately leaves this).
    elsewhere = tmp_path / "elders"
    subprocess.run(command[:4] + ["--out", str(elsewhere), "--no-cache"], check=True, capture_output=True)
    after = tree_digest(elsewhere)
    assert after != before
    rng = random.Random(20261127)
    for attempt in range(8):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(rng.uniform(0.05, 4.0))
        if process.poll() is not None:
            # It finished before the kill: that build is complete; restore the old state and go on.
            assert process.returncode == 0
            shutil.rmtree(out)
            subprocess.run(command[:2] + ["--content", str(MINI), "--out", str(out), "--no-cache"], check=True,
                           capture_output=True)
            before = tree_digest(out)
            continue
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert tree_digest(out) in (before, after), f"site/ is half old, half new after a kill (poging {attempt})"

    final = subprocess.run(command, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert tree_digest(out) != before
    assert tree_digest(out) == after
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []
