"""The bad-input catalogue (tests/bad/): every mistake gives its exact error line, never a traceback.

Each case folder holds a ``content/`` folder with one mistake and an ``expected.txt`` with the
exact lines ``build.py check`` prints when run from the case folder (see tests/bad/README.md). Every case runs in-process
(fast); a representative subset also runs through ``build.py`` as a writer would.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from haven_docs.corpus import check_corpus
from haven_docs.diagnostics import ContentError
from haven_docs.loader import MAX_FILE_BYTES
from tests.conftest import MINI, ROOT

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())

#: path:line:col: error[code]: message (tip: hint)
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z0-9-]+)\]: (?P<message>.+?)"
                  r" \(tip: (?P<hint>.+)\)$")

#: One case per stage and per kind of input, through the real command line. deep-nesting
#: matters most here: libyaml used to crash the whole process on it, with no message at all.
SUBPROCESS_CASES = [
    "syntax-unclosed-quote", "control-char", "invalid-utf8", "deep-nesting", "syntax-flow-comma",
    "duplicate-id-files", "unknown-ref-prose", "total-mismatch", "link-javascript", "raw-html",
    "empty-content",
]


def expected(case: str) -> tuple[str, list[str]]:
    lines = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    description = lines[0].removeprefix("# ") if lines and lines[0].startswith("#") else ""
    return description, [line for line in lines if line and not line.startswith("#")]


def check_in_process(folder: Path, monkeypatch) -> tuple[int, list[str]]:
    """Exit code and error lines of ``build.py check`` run in ``folder``, without starting a process.

    Paths are shown relative to the working directory, as a writer sees them from the
    repository root: content/documenten/nota.yaml. Anything but a ContentError propagates
    and fails the test: that would be a traceback.
    """
    monkeypatch.chdir(folder)
    try:
        check_corpus(Path("content"))
    except ContentError as exc:
        return exc.exit_code, [d.format() for d in exc.diagnostics]
    return 0, []


def run_check(folder: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python build.py check`` in ``folder``: the default --content is content/."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        cwd=folder, capture_output=True, text=True, timeout=120,
        env={**os.environ, "GITHUB_ACTIONS": "false", **(env or {})},
    )


def test_catalogue_is_complete():
    assert len(CASES) >= 40
    for case in CASES:
        description, lines = expected(case)
        assert description, f"{case}/expected.txt: first line must be '# description'"
        assert (BAD / case / "content" / "documenten").is_dir()
        for line in lines:
            assert LINE.match(line), f"{case}: not 'path:line:col: error[code]: message (tip: hint)': {line}"


@pytest.mark.parametrize("case", CASES)
def test_case(case, monkeypatch):
    _description, want = expected(case)
    code, got = check_in_process(BAD / case, monkeypatch)
    assert got == want
    assert code == (1 if want else 0)


@pytest.fixture(scope="module")
def through_build_py() -> dict[str, subprocess.CompletedProcess]:
    """The subprocess runs, started together: each spends most of its time starting Python."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = {case: pool.submit(run_check, BAD / case) for case in SUBPROCESS_CASES}
        return {case: run.result() for case, run in runs.items()}


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_case_through_build_py(case, through_build_py):
    _description, want = expected(case)
    result = through_build_py[case]
    assert "Traceback" not in result.stderr
    assert result.returncode == (1 if want else 0), result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error[" in line]
    assert errors == want
    if want:
        count = len(want)
        assert result.stderr.rstrip().endswith(f"{count} {'fout' if count == 1 else 'fouten'} gevonden.")


def test_github_annotations_for_a_catalogue_case():
    result = run_check(BAD / "syntax-flow-comma", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotation.startswith("::error file=content/documenten/nota.yaml,line=15,col=50,title=haven-docs yaml-comma::")


def test_line_ending_fixtures_kept_their_bytes():
    # If git converted these, the cases would pass without testing anything.
    documents = "content/documenten/raadsmededeling.yaml"
    assert b"\r\n" in (BAD / "crlf-line-endings" / documents).read_bytes()
    cr_only = (BAD / "cr-line-endings" / documents).read_bytes()
    assert b"\r" in cr_only and b"\n" not in cr_only
    assert (BAD / "bom" / documents).read_bytes().startswith(b"\xef\xbb\xbf")


def test_very_large_file(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    big = "soort: raadsmededeling\nid: groot\nonderwerp: Groot\n# " + "x" * MAX_FILE_BYTES + "\n"
    (content / "documenten" / "groot.yaml").write_text(big, encoding="utf-8")
    code, got = check_in_process(tmp_path, monkeypatch)
    size = f"{len(big.encode()):,}".replace(",", ".")
    assert code == 1
    assert got == [
        f"content/documenten/groot.yaml:1:1: error[file-too-large]: bestand is te groot ({size} bytes; maximaal 2.097.152) "
        "(tip: splits het document in meerdere bestanden of verplaats grote bijlagen naar content/assets/)"
    ]


def test_very_long_text(tmp_path, monkeypatch):
    """One text of more than 50.000 characters: refused before the Markdown parser sees it."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "documenten" / "raadsvoorstel.yaml"
    path.write_text(path.read_text().replace("voorstel: Het beleidskader", "voorstel: Het " + "[" * 60_000))
    code, got = check_in_process(tmp_path, monkeypatch)
    assert (code, got) == (1, [
        "content/documenten/raadsvoorstel.yaml:8:11: error[invalid-value]: tekst is te lang (60.021 tekens; "
        "maximaal 50.000) (tip: verdeel de tekst over meerdere tekstblokken of hoofdstukken)"
    ])


def test_large_file_below_the_limit_is_checked(tmp_path, monkeypatch):
    """Some 1.6 MB of real structure (3000 chapters, each with a reference): checked, not refused."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    text = "Deventer is en blijft een gastvrije Hanzestad. " * 8
    chapters = "".join(
        f"  - id: h-{i}\n    titel: Hoofdstuk {i}\n    inhoud:\n      - tekst: {text}[[pijler-opvang]]\n"
        for i in range(3000)
    )
    document = "soort: beleidskader\nid: groot\ntitel: Groot\nhoofdstukken:\n" + chapters
    assert 1_000_000 < len(document.encode()) < MAX_FILE_BYTES
    (content / "documenten" / "groot.yaml").write_text(document, encoding="utf-8")
    assert check_in_process(tmp_path, monkeypatch) == (0, [])
    # ... and one mistake at its end is still found at its place
    (content / "documenten" / "groot.yaml").write_text(document.replace("[[pijler-opvang]]\n", "[[pijler-opvnag]]\n"))
    code, got = check_in_process(tmp_path, monkeypatch)
    assert code == 1 and len(got) == 3000
    assert got[-1].startswith(f"content/documenten/groot.yaml:{4 + 4 * 3000}:")


def test_raw_html_is_shown_as_text():
    """The raw-html case checks clean; its prose renders with every tag escaped."""
    from haven_docs.markup import render

    text = (BAD / "raw-html" / "content" / "documenten" / "raadsmededeling.yaml").read_text(encoding="utf-8")
    prose = text.split("- tekst: ", 1)[1]
    html = render(prose)
    for tag in ("<img", "<a href=\"javascript", "<iframe", "<script", "<b>"):
        assert tag not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;het programma&lt;/b&gt;" in html  # the [[id|label]] label, escaped
