"""The kinds register: the standard kinds shipped with the project plus those content adds.

``haven_docs/soorten.yaml`` is loaded and validated like a content register, once per
process. A content register may add kinds, or replace a standard one by giving its id
(to relabel it); two content entries with one id are an error (see :mod:`.checks.kinds`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .diagnostics import ContentError, Diagnostics
from .loader import load_file
from .model.documents import Register
from .model.kinds import Soort
from .validate import validate_file

STANDARD_FILE = Path(__file__).resolve().parent / "soorten.yaml"


@lru_cache(maxsize=1)
def standard_kinds() -> dict[str, Soort]:
    """The standard kinds by id; a mistake in the shipped file is a programming error."""
    diagnostics = Diagnostics()
    source = load_file(STANDARD_FILE, diagnostics, shown="haven_docs/soorten.yaml")
    model = validate_file(source, diagnostics) if source is not None else None
    if diagnostics or not isinstance(model, Register):
        raise ContentError(diagnostics.sorted())
    return {soort.id: soort for soort in model.soorten}


def declared_kind_ids(data: Iterable[Any]) -> set[str]:
    """Kind ids that register files (raw loaded data) declare under ``soorten:``."""
    found: set[str] = set()
    for item in data:
        if not isinstance(item, dict) or item.get("soort") != "register":
            continue
        soorten = item.get("soorten")
        if isinstance(soorten, list):
            found.update(s["id"] for s in soorten if isinstance(s, dict) and isinstance(s.get("id"), str))
    return found
