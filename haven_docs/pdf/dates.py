"""The date a PDF says it was made (CreationDate, ModDate, XMP, the attachment's dates).

One rule for every PDF, so that the same content gives the same bytes:

1. the document's own date, as the content gives it (a nota's date, a
   raadsbesluit's meeting, a policy document's ``datum``; "2024-05" is the
   first of May);
2. a document without a date of its own: the date of the last commit that
   changed its YAML file (git), the content's last change;
3. outside git, or a file not yet committed: 1980-01-01, the earliest date
   a ZIP archive can hold (the usual stand-in of reproducible builds).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

#: 1980-01-01 (rule 3).
FALLBACK_DATE = dt.date(1980, 1, 1)


def last_commit_dates(content_dir: Path) -> dict[str, dt.date]:
    """Resolved path of every committed file under ``content_dir`` -> the date of its last commit."""
    content_dir = Path(content_dir).resolve()
    try:
        result = subprocess.run(
            ["git", "-C", str(content_dir), "log", "--format=%x00%cd", "--date=short", "--name-only",
             "--relative", "--no-renames", "--", "."],
            capture_output=True, text=True, timeout=120, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            try:
                current = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line.strip() and current is not None:
            dates.setdefault(str(content_dir / line.strip()), current)  # newest first
    return dates


def fallback_date(dates: dict[str, dt.date], source_path: str) -> dt.date:
    """Rules 2 and 3: the date of a document that has none of its own."""
    return dates.get(str(Path(source_path).resolve()), FALLBACK_DATE)
