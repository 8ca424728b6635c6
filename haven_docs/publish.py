"""Write the output atomically: build into a temporary folder, then swap it in.

A failed or interrupted build leaves the previous output complete and
unchanged: the new tree is only moved into place once it is whole, and the
old one is removed only after that.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder next to ``out_dir``; on success it replaces ``out_dir``."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_into_place(staging, out_dir)


def swap_into_place(staging: Path, out_dir: Path) -> None:
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        # Two renames within one folder: at every moment either the old or
        # the new tree is at out_dir, except for the instant between them,
        # which _remove_leftovers repairs on the next run.
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` whole: a reader (or a hard link to the old file) never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link to a file that is only ever replaced, never written in place; a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not supported
        shutil.copyfile(source, target)


def _remove_leftovers(out_dir: Path) -> None:
    """Clean up after an interrupted run; restore the old tree if the swap was cut short."""
    parent = out_dir.parent
    olds = sorted(parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists() and olds:
        os.replace(olds[-1], out_dir)
        olds = olds[:-1]
    for leftover in olds + sorted(parent.glob(f".{out_dir.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)
