"""The 402 inputs of the official YAML test suite, each dropped into a content folder as
content/documenten/case.yaml: every one gives a clean exit (0 or 1), and every error names
file:line:col. Never a traceback, never a crash, never a hang.

The suite lives beside the repository (../shared/corpora/yaml-test-suite/, as in CI's checkout)
or at /work/shared/corpora/yaml-test-suite/; without it these tests are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from tests.conftest import ROOT

CANDIDATES = [
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite",
    Path("/work/shared/corpora/yaml-test-suite"),
]
SUITE = next((path for path in CANDIDATES if path.is_dir() and any(path.glob("*.yaml"))), None)
INPUTS = sorted(SUITE.glob("*.yaml")) if SUITE else []
#: Ids whose input is invalid YAML (the suite's own list).
INVALID = set((SUITE / "ERRORS.txt").read_text().split()) if SUITE and (SUITE / "ERRORS.txt").exists() else set()

SKIP_REASON = "YAML test suite not found in " + " or ".join(str(path) for path in CANDIDATES)
needs_suite = pytest.mark.skipif(SUITE is None, reason=SKIP_REASON)

#: One error line as printed: path:line:col: error[code]: message.
LINE = re.compile(r"^(?P<path>[^\n]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): error\[[a-z0-9-]+\]: [^\n]+$")


@needs_suite
def test_the_suite_is_all_there():
    assert len(INPUTS) == 402
    assert INVALID and INVALID <= {path.stem for path in INPUTS}


@needs_suite
@pytest.mark.parametrize("case", INPUTS, ids=lambda path: path.stem)
def test_suite_input_as_a_document(case, tmp_path, monkeypatch):
    (tmp_path / "content" / "documenten").mkdir(parents=True)
    shutil.copyfile(case, tmp_path / "content" / "documenten" / "case.yaml")
    monkeypatch.chdir(tmp_path)
    lines = len(case.read_bytes().splitlines()) + 1
    try:
        check_corpus(Path("content"))  # any exception but ContentError fails the test
    except ContentError as exc:
        assert exc.diagnostics
        for diagnostic in exc.diagnostics:
            text = diagnostic.format()
            assert LINE.match(text), text
            assert diagnostic.pos.path == "content/documenten/case.yaml", text
            assert diagnostic.pos.line <= lines, text
            assert diagnostic.hint, f"no hint: {text}"
    else:
        assert case.stem not in INVALID, "invalid YAML was accepted"


@needs_suite
def test_whole_suite_through_build_py(tmp_path):
    """All 402 inputs in one content folder, through build.py: one clean report, exit 1."""
    documents = tmp_path / "content" / "documenten"
    documents.mkdir(parents=True)
    for case in INPUTS:
        shutil.copyfile(case, documents / case.name)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "GITHUB_ACTIONS": "false"},  # no workflow commands from a test
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "interne fout" not in result.stderr
    *errors, summary = result.stderr.strip().splitlines()
    assert summary == f"{len(errors)} fouten gevonden."
    named = set()
    for line in errors:
        match = LINE.match(line)
        assert match, line
        named.add(Path(match["path"]).name)
    assert named == {case.name for case in INPUTS}  # every input is refused, each at a position
