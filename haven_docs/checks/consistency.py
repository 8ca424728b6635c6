"""Consistency of structured links that the reference kinds alone cannot see."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..index import Index, walk
from ..model.blocks import Actielijnen
from ..model.documents import Besluitregistratie, Motie


def check_actielijnen(index: Index, diagnostics: Diagnostics) -> None:
    """An actielijn carries out uitgangspunten of its own pijler."""
    for content in index.files:
        for model, path, _parent in walk(content.model):
            if not isinstance(model, Actielijnen):
                continue
            pijler = index.get(model.pijler)
            if pijler is None or pijler.kind != "pijler":
                continue  # already reported by resolve
            for a, actielijn in enumerate(model.items):
                for u, target in enumerate(actielijn.uitgangspunten):
                    node = index.get(target)
                    if node is None or node.kind != "uitgangspunt":
                        continue
                    if node.parent != model.pijler:
                        diagnostics.error(
                            content.source.pos(path + ("items", a, "uitgangspunten", u)), "wrong-pillar",
                            f"uitgangspunt '{target}' hoort bij pijler '{node.parent}', "
                            f"deze actielijnen bij pijler '{model.pijler}'",
                            "kies een uitgangspunt van dezelfde pijler",
                        )


def check_registries(index: Index, diagnostics: Diagnostics) -> None:
    for node in index.of_kind("besluit"):
        besluit: Besluitregistratie = node.model
        if besluit.document:
            doc = index.get(besluit.document)
            vastgesteld = getattr(doc.model, "vastgesteld_bij", None) if doc else None
            if vastgesteld and vastgesteld != besluit.id:
                diagnostics.error(
                    node.file.source.pos(node.path + ("document",)), "decision-mismatch",
                    f"besluit '{besluit.id}' wijst naar '{besluit.document}', maar dat document is vastgesteld bij '{vastgesteld}'",
                    "maak 'document' en 'vastgesteld_bij' met elkaar in overeenstemming",
                )
    for node in index.of_kind("motie", "amendement"):
        motie: Motie = node.model
        if motie.bij:
            target = index.get(motie.bij)
            orgaan = target.model.orgaan if target is not None and target.kind == "besluit" else "raad"
            if orgaan != "raad" and (orgaan == "college" or not isinstance(orgaan, str) or index.get(orgaan)):
                # (an unknown orgaan is reported where it is written, once)
                diagnostics.error(
                    node.file.source.pos(node.path + ("bij",)), "wrong-ref-kind",
                    f"een {motie.soort} hoort bij een raadsbesluit, '{motie.bij}' is een besluit van "
                    + ("het college" if orgaan == "college" else f"'{orgaan}'"),
                    "verwijs naar het raadsbesluit waarbij de motie is ingediend",
                )
