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
