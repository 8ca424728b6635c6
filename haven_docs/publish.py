"""Write the output atomically: build into a temporary folder, then swap it in.

A failed or interrupted build leaves the previous output complete and
unchanged: the new tree is only moved into place once it is whole, and the
old one is removed only after that.

The build replaces only what it made itself (:func:`check_output_dir`): every
output it publishes holds :data:`MARKER`, and a folder without it is replaced
only when it is empty or missing. One build at a time writes an output and its
cache (:func:`output_lock`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .diagnostics import UsageError

#: Written into every output the build publishes: only a folder holding it is ever replaced.
MARKER = ".haven-docs-uitvoer"
MARKER_TEXT = (
    "Deze map is gemaakt door haven_docs (python build.py). De volgende build vervangt haar\n"
    "in haar geheel: wijzigingen hier gaan verloren. Bewerk de bronnen in content/.\n"
    "(This folder was made by haven_docs; the next build replaces it whole.)\n"
)
#: The line of the marker that records which kind of build wrote the folder (see uitgave.Uitgave.soort).
MARKER_KIND = "uitgave: "
#: A build of one kind never writes into the output of the other: an internal site
#: published over the public one would publish what is withheld.
_KIND_NAMES = {"openbaar": "openbare", "intern": "interne"}
#: The checkout of haven_docs (the folder holding build.py): never an output, never inside one.
CHECKOUT = Path(__file__).resolve().parents[1]
LOCK_NAME = "build.lock"
#: What follows ".<output name>" in the names of a staging folder (tempfile.mkdtemp) and an old tree.
_LEFTOVER = re.compile(r"\.new-[a-z0-9_]{8}|\.old-[0-9]+")


def check_output_dir(out_dir: Path, content_dir: Path, cache_dir: Path | None = None,
                     soort: str = "openbaar") -> None:
    """Refuse (UsageError, one Dutch line) an output the build must not replace.

    Refused: an output that is, holds or lies inside the content; that is or
    holds the checkout or any git work tree; the root of the file system; a
    file; a non-empty folder the build did not make (no :data:`MARKER`, and not
    an output of the versions before the marker, see :func:`_old_output`).
    The cache folder next to the output must not be or hold the content either.
    An output written by the other kind of build (``soort``: 'openbaar' or
    'intern', recorded in the marker) is refused too.
    """
    out = Path(os.path.realpath(out_dir))
    content = Path(os.path.realpath(content_dir))
    shown = f"--out {_shown(out_dir)}"
    if out == content:
        raise UsageError(f"{shown} is de map met inhoud (--content); kies een andere map, bijvoorbeeld site/")
    if out.is_relative_to(content):
        raise UsageError(f"{shown} ligt in de map met inhoud {_shown(content)}/; kies een map daarbuiten, "
                         "bijvoorbeeld site/")
    if content.is_relative_to(out):
        raise UsageError(f"{shown} bevat de map met inhoud {_shown(content)}/, die de build dan zou wissen; "
                         "kies een andere map, bijvoorbeeld site/")
    if out.parent == out:
        raise UsageError(f"{shown} is de hoofdmap van het bestandssysteem; kies een andere map, bijvoorbeeld site/")
    for root in _work_trees(content):
        if root.is_relative_to(out):
            what = "is een git-werkmap" if root == out else f"bevat de git-werkmap {_shown(root)}/"
            raise UsageError(f"{shown} {what}, die de build dan zou wissen; kies een andere map, bijvoorbeeld site/")
    if cache_dir is not None and content.is_relative_to(Path(os.path.realpath(cache_dir))):
        raise UsageError(f"{shown}: de cache-map {_shown(cache_dir)}/ bevat de map met inhoud; "
                         "kies een andere map voor --out")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{shown} is een bestand, geen map; kies een map, bijvoorbeeld site/")
    if out.is_dir() and not made_by_us(out):
        raise UsageError(f"{shown} is niet leeg en niet door haven_docs gemaakt (het bestand {MARKER} ontbreekt); "
                         "kies een lege of nieuwe map, of verwijder deze map zelf als hij weg mag")
    written_by = output_kind(out)
    if written_by is not None and written_by != soort:
        other = "site-intern/" if soort == "intern" else "site/"
        raise UsageError(f"{shown} bevat de {_KIND_NAMES[written_by]} uitvoer; een {_KIND_NAMES[soort]} build "
                         f"schrijft daar niet overheen; kies een andere map, bijvoorbeeld {other}")


def output_kind(folder: Path) -> str | None:
    """Which kind of build wrote ``folder``: 'openbaar' or 'intern' (None: not an output of ours, or empty).

    Outputs from before the kind was recorded were all public.
    """
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except FileNotFoundError:
        return "openbaar" if folder.is_dir() and made_by_us(folder) and any(folder.iterdir()) else None
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith(MARKER_KIND):
            kind = line[len(MARKER_KIND):].strip()
            # A marker edited by hand: the strictest reading, so that no public build overwrites it.
            return kind if kind in _KIND_NAMES else "intern"
    return "openbaar"


def marker_text(soort: str) -> str:
    return f"{MARKER_TEXT}{MARKER_KIND}{soort}\n"


def made_by_us(folder: Path) -> bool:
    """An output of ours (marked, or from before the marker), or an empty folder; never a git work tree."""
    try:
        entries = {entry.name for entry in os.scandir(folder)}
    except OSError:
        return False
    if ".git" in entries:
        return False
    return not entries or MARKER in entries or _old_output(folder, entries)


def _old_output(folder: Path, entries: set[str]) -> bool:
    """An output of haven_docs from before the marker: MkDocs' site (index, sitemap, search)
    with our pdf/ folder. Nothing else has this shape; the next build marks it."""
    return ({"index.html", "sitemap.xml", "search", "pdf"} <= entries
            and (folder / "search" / "search_index.json").is_file() and (folder / "pdf").is_dir())


def _work_trees(content: Path) -> set[Path]:
    """The checkout of haven_docs and the git work trees holding the working folder or the content."""
    roots = {CHECKOUT}
    for start in (Path.cwd().resolve(), content):
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                roots.add(folder)
                break
    return roots


def _shown(path: Path) -> str:
    from .loader import display_path

    return display_path(Path(path))


@contextmanager
def output_lock(cache_dir: Path, out_dir: Path) -> Iterator[None]:
    """One build at a time per output: a second one (``serve`` and a CLI build) waits, and says so.

    A POSIX record lock (``lockf``) belongs to this process only: the PDF
    workers forked meanwhile do not inherit it, and the kernel drops it when
    the build ends in any way, also when it is killed.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / LOCK_NAME, "ab") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            print(f"Er loopt al een build naar {_shown(out_dir)}/; deze build wacht tot die klaar is ...",
                  file=sys.stderr, flush=True)
            fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


@contextmanager
def staged_output(out_dir: Path, soort: str = "openbaar") -> Iterator[Path]:
    """Yield a fresh folder next to ``out_dir``; on success it replaces ``out_dir``.

    Its marker records ``soort``, the kind of build that wrote it (see :func:`output_kind`)."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        (staging / MARKER).write_text(marker_text(soort), encoding="utf-8")
        yield staging
        publish_modes(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_into_place(staging, out_dir)


def publish_modes(folder: Path) -> None:
    """Folders 0777 and files 0666 less the umask (0755/0644 as usual), for a web server of another user.

    tempfile.mkdtemp makes the staging folder 0700, and a file copied with
    its mode from content/ could be private too.
    """
    umask = current_umask()
    folder_mode, file_mode = 0o777 & ~umask, 0o666 & ~umask
    for root, folders, files in os.walk(folder):
        for name, mode in [(root, folder_mode)] + [(os.path.join(root, f), file_mode) for f in files]:
            if os.lstat(name).st_mode & 0o7777 != mode and not os.path.islink(name):
                os.chmod(name, mode)


def current_umask() -> int:
    """The process's umask, read without changing it (another thread may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    umask = os.umask(0o022)  # not Linux: the classic way
    os.umask(umask)
    return umask


def swap_into_place(staging: Path, out_dir: Path) -> None:
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        # Two renames within one folder: at every moment either the old or
        # the new tree is at out_dir, except for the instant between them,
        # which _remove_leftovers repairs on the next run.
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


#: Errors that say the disk (or the user's quota) is full: not a bug, nothing to fix in the content.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full_message(exc: BaseException) -> str | None:
    """One Dutch line if ``exc`` (or an error it came from) is a full disk, else None."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            what = "schijfquotum vol" if exc.errno == errno.EDQUOT else "schijf vol"
            where = f" bij het schrijven van {_shown(Path(exc.filename))}" if exc.filename else ""
            return (f"{what}{where}; maak ruimte vrij en bouw opnieuw. "
                    "De vorige uitvoer is ongewijzigd.")
        exc = exc.__cause__ or exc.__context__
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` whole: a reader never sees half of it, and a failed write (a full
    disk) leaves the old file and no temporary one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: ioctl FICLONE (linux/fs.h): a copy-on-write clone of a whole file (Btrfs, XFS, bcachefs).
FICLONE = 0x40049409


def publish_copy(source: Path | str, target: Path | str) -> None:
    """Put a cached file into the output as a file of its own.

    Not a hard link: the published file and the cache would share one inode, so
    an edit of the published site (or of a PDF) would change the cache and be
    published again by the next build. A copy-on-write clone where the file
    system offers one (no data copied), else a plain copy (the kernel copies,
    with ``copy_file_range``/``sendfile``).
    """
    with open(source, "rb") as src, open(target, "wb") as dst:
        try:
            fcntl.ioctl(dst.fileno(), FICLONE, src.fileno())
            return
        except OSError:
            pass  # no clones on this file system (ext4, tmpfs, overlayfs): copy
    shutil.copyfile(source, target)


def _remove_leftovers(out_dir: Path) -> None:
    """Clean up after an interrupted run; restore the old tree if the swap was cut short.

    Only folders with the names this module gives (a kill during a removal may
    have taken the marker already) are touched.
    """
    parent = out_dir.parent

    def ours(pattern: str) -> list[Path]:
        return [path for path in sorted(parent.glob(f".{out_dir.name}.{pattern}-*"))
                if _LEFTOVER.fullmatch(path.name[len(out_dir.name) + 1:]) and not path.is_symlink()]

    olds = ours("old")
    if not out_dir.exists() and olds:
        os.replace(olds[-1], out_dir)
        olds = olds[:-1]
    for leftover in olds + ours("new"):
        shutil.rmtree(leftover, ignore_errors=True)
