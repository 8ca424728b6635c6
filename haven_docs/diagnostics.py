"""One record for every problem a writer can cause, and its two printers.

Every stage reports through :class:`Diagnostics`; nothing prints or raises one
error at a time, so a writer sees every problem of a run at once.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Iterable, TextIO


@dataclass(frozen=True, order=True)
class Position:
    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


#: Characters that would break the one-line format or a terminal: shown as escapes.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _printable(text: str) -> str:
    """``text`` on one line: a newline or control character in a quoted value shows as \\n or \\x07."""
    def escape(match: re.Match) -> str:
        char = match.group()
        return {"\n": "\\n", "\r": "\\r"}.get(char) or (
            f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        )

    return _UNPRINTABLE.sub(escape, text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A content error: where, which kind (``code``), what, and how to fix it."""

    pos: Position
    code: str
    message: str
    hint: str | None = None

    def format(self) -> str:
        text = f"{self.pos}: error[{self.code}]: {self.message}"
        if self.hint:
            text += f" (tip: {self.hint})"
        return _printable(text)

    def format_github(self) -> str:
        # Workflow commands: properties and message need their own escaping.
        def esc(value: str, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        message = _printable(self.message + (f" (tip: {self.hint})" if self.hint else ""))
        return (
            f"::error file={esc(_printable(self.pos.path), True)},line={self.pos.line},"
            f"col={self.pos.col},title={esc('haven-docs ' + self.code, True)}::{esc(message)}"
        )


@dataclass
class Diagnostics:
    """Collects diagnostics of one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self, pos: Position, code: str, message: str, hint: str | None = None
    ) -> None:
        self.items.append(Diagnostic(pos, code, message, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def sorted(self) -> list[Diagnostic]:
        # Stable, reading order: per file, per line; duplicates dropped.
        return sorted(set(self.items))


class ContentError(Exception):
    """The content has errors: the build stops with exit code 1 and writes nothing."""

    exit_code = 1

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__(f"{len(self.diagnostics)} fout(en) in de inhoud")


class UsageError(Exception):
    """The command line was wrong (exit code 2)."""

    exit_code = 2


def print_diagnostics(diagnostics: Iterable[Diagnostic], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    items = sorted(set(diagnostics))
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for item in items:
        print(item.format(), file=stream)
    if github:
        # Workflow commands are read from standard output.
        for item in items:
            print(item.format_github(), file=sys.stdout)
    if items:
        count = len(items)
        print(f"{count} {'fout' if count == 1 else 'fouten'} gevonden.", file=stream)
