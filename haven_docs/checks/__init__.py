"""Checks across the resolved corpus: arithmetic and consistency.

Each check reports through the same diagnostics as the earlier stages, each
with its own code, and runs only on a corpus whose references resolve.
"""

from __future__ import annotations

from ..bundles import check_bundles
from ..diagnostics import Diagnostics
from ..index import Index
from ..openbaarheid import check_openbaarheid
from .arithmetic import check_tables
from .consistency import check_actielijnen, check_meetings, check_registries
from .decisions import check_decisions
from .kinds import check_kinds
from ..woo import check_woo


def run_checks(index: Index, diagnostics: Diagnostics) -> None:
    check_kinds(index, diagnostics)
    check_bundles(index, diagnostics)
    check_tables(index, diagnostics)
    check_decisions(index, diagnostics)
    check_actielijnen(index, diagnostics)
    check_registries(index, diagnostics)
    check_meetings(index, diagnostics)
    check_woo(index, diagnostics)
    check_openbaarheid(index, diagnostics)
