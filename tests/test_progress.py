"""Progress of a long step: plain lines in a log, nothing after the step has ended."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from haven_docs.progress import Progress
from tests.conftest import MINI, ROOT


def test_plain_lines_in_a_log_at_most_about_ten():
    log = io.StringIO()  # not a terminal
    with Progress("pdf's renderen", stream=log) as progress:
        progress.start(40)
        for _ in range(40):
            progress.advance()
    lines = log.getvalue().splitlines()
    assert lines[0] == "pdf's renderen: 1/40" and lines[-1] == "pdf's renderen: 40/40"
    assert 5 <= len(lines) <= 11


def test_nothing_is_counted_after_the_step_has_ended():
    # A render that finishes after its build failed must not print into the next build's output.
    log = io.StringIO()
    with Progress("pdf's renderen", stream=log) as progress:
        progress.start(20)
    progress.advance()
    assert log.getvalue() == "" and progress.done == 0


def test_no_pdf_worker_outlives_the_build(tmp_path):
    # The workers share the build's stdout and stderr: a reader of a pipe (CI logs) would wait
    # for them. The build ends them before it leaves.
    out = tmp_path / "site"
    with open(tmp_path / "log", "w") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(MINI),
                                    "--out", str(out)], stdout=log, stderr=log)
        assert process.wait(timeout=300) == 0, (tmp_path / "log").read_text()
    left = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(out) in (entry / "cmdline").read_text().replace("\0", " "):
                left.append(entry.name)
        except OSError:
            continue
    assert left == []
    assert "Gebouwd in" in (tmp_path / "log").read_text()
