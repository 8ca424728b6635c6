"""Shared fixtures: paths of the repository, the real content and the mini corpus."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
MINI = ROOT / "tests" / "corpora" / "mini"


def run_build(*args: str, cwd: Path = ROOT):
    """Run build.py as a writer would, returning the CompletedProcess."""
    import subprocess

    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=1800,
    )


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini corpus."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def real_content_site(tmp_path_factory):
    """The real content's site, built once for every test that only reads it: (index, out)."""
    from haven_docs.corpus import check_corpus
    from haven_docs.diagnostics import ContentError
    from haven_docs.site import build_site

    try:
        index = check_corpus(CONTENT)
    except ContentError as exc:
        pytest.skip(f"content/ is not valid at the moment ({len(exc.diagnostics)} fouten)")
    out = tmp_path_factory.mktemp("real-site")
    build_site(index, CONTENT, out)
    return index, out
