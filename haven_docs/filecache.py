"""Validated content files kept between builds, by file name and bytes.

Loading and validating 500 files takes about half a second, and a writer
changes one. A file that passed a whole check is kept here as a pickle named
by a hash of its name as shown, its bytes and this package's code; the next
build takes it from here instead of parsing and validating it again. What is
kept includes the facts that follow from the file alone (its references and
link problems, see ``ContentFile.derived``). A changed byte, a different
working directory (positions name the file as shown) or a change in the code
gives another name, so a kept file is never stale.

The folder is private to the build (``.haven-cache/``), like the PDF cache.
Pickles are code as much as data: never restore this folder from somewhere
others can write to (a shared CI cache, say).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

from .dependencies import code_fingerprint
from .loader import SourceFile
from .publish import write_atomic
from .validate import ContentFile


class ParsedFiles:
    def __init__(self, folder: Path, read: bool = True):
        self.folder = folder
        self.read = read  # False: parse everything anew (--no-cache), still keep the results
        self.version = code_fingerprint(packages=("pydantic", "pyyaml", "markdown-it-py", "mdit-py-plugins"))
        self.version += f"-py{sys.version_info[0]}.{sys.version_info[1]}"
        self._found: dict[int, ContentFile] = {}  # id(source) -> its content file

    def _path(self, shown: str, digest: str) -> Path:
        name = hashlib.sha256(f"{self.version}\0{shown}\0{digest}".encode()).hexdigest()
        return self.folder / f"{name}.pickle"

    def source(self, shown: str, raw: bytes) -> SourceFile | None:
        """The loaded source of a file seen before with these bytes (for ``load_corpus``)."""
        if not self.read:
            return None
        try:
            content = pickle.loads(self._path(shown, hashlib.sha256(raw).hexdigest()).read_bytes())
        except Exception:  # noqa: BLE001 - missing, corrupt or from other code: parse the file again
            return None
        if not isinstance(content, ContentFile):
            return None
        self._found[id(content.source)] = content
        return content.source

    def content(self, source: SourceFile) -> ContentFile | None:
        """The validated file of a source that came from here (for ``validate``)."""
        return self._found.get(id(source))

    def keep(self, files: list[ContentFile]) -> None:
        """After a successful check: keep the files that were parsed this time, forget the others."""
        kept = {id(content) for content in self._found.values()}
        wanted = set()
        for content in files:
            path = self._path(content.source.path, content.source.digest)
            wanted.add(path.name)
            if id(content) in kept:
                continue
            write_atomic(path, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        # Older versions of the files are of no use any more: the cache stays as large as the content.
        for path in self.folder.glob("*.pickle"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
