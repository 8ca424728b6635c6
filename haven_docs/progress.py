"""Progress of long steps: a bar on a terminal, a few plain lines in CI logs."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class Progress:
    """Counts finished items of one step: ``start(total)``, then ``advance()`` after each."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label, self.total, self.done = label, 0, 0
        self.stream = stream or sys.stderr
        self._bar = None
        self._next_line = 0
        self.closed = False

    def start(self, total: int) -> None:
        self.total, self.done, self._next_line = total, 0, 0
        interactive = self.stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
        if interactive and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), transient=True, console=None)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=total)

    def advance(self, count: int = 1) -> None:
        if self.closed:  # a render that ended after its build failed
            return
        self.done += count
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
        elif self.total >= 20 and (self.done >= self._next_line or self.done == self.total):
            # Plain lines for logs: at most about ten per step.
            print(f"{self.label}: {self.done}/{self.total}", file=self.stream, flush=True)
            self._next_line = self.done + max(1, self.total // 10)

    def close(self) -> None:
        self.closed = True
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
