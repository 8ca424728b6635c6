"""Which edition a build makes: the public site (default) or the internal one, and at which moment.

The public build publishes what is public at :attr:`Uitgave.nu`: a document under
embargo until a later moment, or held for another body's decision, is left out
(:mod:`haven_docs.openbaarheid`). The internal build (``--intern``, for the griffie
and the Woo coordinator) shows everything, marked, and goes into a folder and a
cache of its own: nothing it rendered can reach a public build.

Moments are wall-clock times in Europe/Amsterdam, as a writer reads them in a
letter ("embargo tot 1 november 10 uur"). ``zoneinfo`` reads the system's time
zone database, or the ``tzdata`` package where a system has none (pyproject.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")

#: The form of ``--now`` and of a moment in content: 2024-11-01T10:00.
MOMENT_FORM = "JJJJ-MM-DDTUU:MM"
_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})")


def now() -> datetime:
    return datetime.now(ZONE)


@dataclass(frozen=True)
class Uitgave:
    """One build's edition: internal or public, and the moment embargoes are judged against."""

    intern: bool = False  # internal build for the griffie / Woo coordinator
    nu: datetime = field(default_factory=now)  # aware, Europe/Amsterdam; from --now or the clock

    def __post_init__(self) -> None:
        if self.nu.tzinfo is None:
            raise ValueError("Uitgave.nu must be an aware datetime")

    @property
    def soort(self) -> str:
        """'intern' or 'openbaar': what the output marker and the caches record."""
        return "intern" if self.intern else "openbaar"


def parse_moment(text: str) -> datetime:
    """``2024-11-01T10:00`` as an aware moment in Europe/Amsterdam; ValueError (Dutch) otherwise.

    A time that does not exist on the clock there (the hour skipped when summer
    time starts) is refused; of the hour that occurs twice when it ends, the
    first (summer time) is meant.
    """
    match = _MOMENT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is geen moment van de vorm {MOMENT_FORM}, bijvoorbeeld 2024-11-01T10:00")
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        moment = datetime(year, month, day, hour, minute, tzinfo=ZONE)
    except ValueError:
        raise ValueError(f"'{text}' is geen bestaande datum en tijd") from None
    # A wall-clock time skipped by the change to summer time does not survive a round trip.
    if moment.astimezone(timezone.utc).astimezone(ZONE).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError(f"'{text}' bestaat niet in Nederland (de klok springt dan een uur vooruit)")
    return moment


def format_moment(moment: datetime) -> str:
    """How the build and the site say a moment: '1 november 2024 10:00'."""
    from .formatting import datum

    return f"{datum(moment.date())} {moment:%H:%M}"
