"""The content folder as the build sees it: every entry listed, every file read safely.

Everything under ``content/`` arrives in pull requests, so only regular files
inside that folder are ever read:

* a symbolic link is followed only when its target is a file inside the
  content folder (a link to ``/etc/passwd`` would publish that file); a link
  out of the folder, a broken link or a link to a folder is an error at the
  link's own path;
* a named pipe, a socket or a device is an error and is never read (reading a
  FIFO waits forever), and so is a folder named like a file (``x.md``);
* a file is opened with O_NOFOLLOW and O_NONBLOCK and its size is judged from
  its status before a byte is read, so a 3 GB file costs no memory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, Position

#: Names that look like files; a folder with such a name is a mistake (or a trap).
FILE_SUFFIXES = (".yaml", ".yml", ".md", ".png", ".jpg", ".jpeg", ".webp", ".svg", ".pdf")

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

_KINDS = (
    (stat.S_ISFIFO, "een named pipe (FIFO)"),
    (stat.S_ISSOCK, "een socket"),
    (stat.S_ISCHR, "een apparaat"),
    (stat.S_ISBLK, "een apparaat"),
    (stat.S_ISDIR, "een map"),
)


class FileRefused(Exception):
    """A file the build does not read; ``code``, ``message`` and ``hint`` make its diagnostic."""

    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class ContentEntry:
    """One file of the content folder."""

    parts: tuple[str, ...]  # its path below the content folder, as named (a link by its own name)
    path: Path  # the file to read: the link's target for a link inside the folder
    shown: str  # as shown to the writer

    @property
    def relative(self) -> str:
        return "/".join(self.parts)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "geen gewoon bestand")


def _not_a_file(kind: str) -> FileRefused:
    return FileRefused("not-a-file", f"dit is {kind}, geen gewoon bestand; de build leest het niet",
                       "vervang het door een gewoon bestand, of haal het weg")


def read_file(path: Path, limit: int, too_large_hint: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; else FileRefused.

    The file is opened without following a link and without waiting for a
    writer (a FIFO), and its type and size are taken from the open file before
    anything is read.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileRefused("file-unreadable", f"bestand kan niet worden gelezen: {exc.strerror}",
                          "controleer of het bestand bestaat en of je het mag lezen") from None
    try:
        status = os.fstat(fd)
        kind = _kind(status.st_mode)
        if kind is not None:
            raise _not_a_file(kind)
        if status.st_size > limit:
            raise too_large(status.st_size, limit, too_large_hint)
        chunks = []
        remaining = limit + 1  # a file that grows while it is read is still cut off
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise FileRefused("file-unreadable", f"bestand kan niet worden gelezen: {exc.strerror}",
                          "controleer of je het bestand mag lezen") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise too_large(len(data), limit, too_large_hint)
    return data


def too_large(size: int, limit: int, hint: str) -> FileRefused:
    return FileRefused(
        "file-too-large", f"bestand is te groot ({size:,} bytes; maximaal {limit:,})".replace(",", "."), hint)


def survey(content_dir: Path, shown_root: str, diagnostics: Diagnostics) -> list[ContentEntry]:
    """Every file below ``content_dir`` in a stable order; whatever cannot be read safely is reported.

    Names starting with '.' (``.gitkeep``, an editor's swap file) are passed over, as before.
    """
    root = Path(os.path.realpath(content_dir))
    entries: list[ContentEntry] = []
    todo: list[tuple[str, ...]] = [()]  # folders to list, as parts below the content folder
    while todo:
        folder = todo.pop()
        try:
            with os.scandir(content_dir.joinpath(*folder)) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            shown = "/".join((shown_root,) + folder)
            diagnostics.error(Position(shown), "file-unreadable", f"map kan niet worden gelezen: {exc.strerror}",
                              "controleer of je de map mag lezen")
            continue
        subfolders = []
        for item in found:
            if item.name.startswith("."):
                continue
            parts = folder + (item.name,)
            shown = "/".join((shown_root,) + parts)
            try:
                if item.is_symlink():
                    entry = _follow_link(Path(item.path), root, parts, shown)
                    if entry is not None:
                        entries.append(entry)
                    continue
                mode = item.stat(follow_symlinks=False).st_mode
            except FileRefused as refused:
                diagnostics.error(Position(shown), refused.code, refused.message, refused.hint)
                continue
            except OSError as exc:
                diagnostics.error(Position(shown), "file-unreadable", f"kan niet worden gelezen: {exc.strerror}",
                                  "controleer of je het mag lezen")
                continue
            if stat.S_ISDIR(mode):
                if item.name.lower().endswith(FILE_SUFFIXES):
                    diagnostics.error(Position(shown), "not-a-file",
                                      f"'{item.name}' is een map, geen bestand; de build leest het niet",
                                      "hernoem de map, of vervang hem door een bestand")
                subfolders.append(parts)
                continue
            kind = _kind(mode)
            if kind is not None:
                refused = _not_a_file(kind)
                diagnostics.error(Position(shown), refused.code, refused.message, refused.hint)
                continue
            entries.append(ContentEntry(parts, Path(item.path), shown))
        todo.extend(reversed(subfolders))
    entries.sort(key=lambda e: e.parts)
    return entries


def _follow_link(link: Path, root: Path, parts: tuple[str, ...], shown: str) -> ContentEntry | None:
    """The entry for a link to a regular file inside the content folder; FileRefused for any other link."""
    try:
        written = os.readlink(link)
    except OSError:
        written = "?"
    target = Path(os.path.realpath(link))
    if not target.is_relative_to(root):
        raise FileRefused(
            "symlink", f"symbolische link naar '{written}', buiten de map met inhoud; de build leest die niet",
            "zet het bestand zelf in content/ in plaats van een link")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        raise FileRefused("symlink", f"symbolische link naar '{written}', dat niet bestaat",
                          "verwijs naar een bestaand bestand, of haal de link weg") from None
    if stat.S_ISDIR(mode):
        raise FileRefused("symlink", f"symbolische link naar de map '{written}'; de build volgt die niet",
                          "zet de bestanden zelf in deze map")
    kind = _kind(mode)
    if kind is not None:
        raise _not_a_file(kind)
    return ContentEntry(parts, target, shown)
