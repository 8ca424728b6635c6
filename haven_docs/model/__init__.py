"""The content model: what a content file may contain, as typed, strict models."""

from .base import (
    DECISION_KINDS,
    DOCUMENT_KINDS,
    KIND_LABELS,
    PART_KINDS,
    POLICY_KINDS,
    RefTo,
    Strict,
    datum_is_on,
    datum_sort_key,
)
from .blocks import (
    BLOCK_TYPES,
    NIET_GETALLEN,
    Actielijn,
    Actielijnen,
    CelWaarde,
    Groep,
    Item,
    Kolom,
    Lijst,
    Rij,
    Sectie,
    Tabel,
    Totaal,
    Voetnoot,
)
from .documents import (
    FILE_MODELS,
    Beleidsdocument,
    Beslisdocument,
    Document,
    Nota,
    Pijler,
    Raadsbesluit,
    Raadsmededeling,
    Raadsvoorstel,
    Register,
    Stuk,
    Uitgangspunt,
    Uitvoeringsprogramma,
    Visie,
)

__all__ = [
    "BLOCK_TYPES", "CelWaarde", "Groep", "DECISION_KINDS", "DOCUMENT_KINDS", "FILE_MODELS", "KIND_LABELS", "NIET_GETALLEN",
    "PART_KINDS", "POLICY_KINDS", "Actielijn", "Actielijnen", "Beleidsdocument", "Beslisdocument", "Document",
    "Item", "Kolom", "Lijst", "Nota", "Pijler", "Raadsbesluit", "Raadsmededeling", "Raadsvoorstel",
    "RefTo", "Register", "Rij", "Sectie", "Strict", "Stuk", "Tabel", "Totaal", "Uitgangspunt",
    "Uitvoeringsprogramma", "Visie", "Voetnoot", "datum_is_on", "datum_sort_key",
]
