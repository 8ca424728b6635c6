"""Consistency of structured links that the reference kinds alone cannot see."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..formatting import datum
from ..index import Index, walk
from ..model.blocks import Actielijnen
from ..model import datum_is_on
from ..model.documents import Besluitregistratie, Motie, Vergadering

#: The meetings where a body takes its decisions. A raadstafel, commissie or werksessie prepares
#: and discusses; so does the meeting of another body: they take no decision of this one.
DECIDING_MEETINGS = {"raadsvergadering", "collegevergadering", "vergadering"}


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


def check_meetings(index: Index, diagnostics: Diagnostics) -> None:
    """The meeting that took a registered decision has the decision's date.

    The model does not say in so many words whether a meeting that lists a besluit took it or only
    discussed it; it follows from the meeting: a deciding meeting of the deciding body on the
    decision's date took it (the lifecycle links that one, lifecycle.of_registered), an earlier or
    later one of that body only discussed it (held over), and a raadstafel, commissie, werksessie or
    a meeting of another body never takes it. So when the body's deciding meetings list the besluit
    and none is on its date, the dates contradict each other and no meeting is linked: an error at
    each of those meetings. A besluit without a date contradicts none."""
    listed: dict[str, list[tuple[object, int]]] = {}
    for node in index.of_kind("vergadering"):
        for i, ref in enumerate(node.model.stukken):
            listed.setdefault(ref, []).append((node, i))
    for node in index.of_kind("besluit"):
        besluit: Besluitregistratie = node.model
        if besluit.datum is None or node.id not in listed:
            continue
        organen = [besluit.orgaan] if isinstance(besluit.orgaan, str) else besluit.orgaan
        deciding = [(m, i) for m, i in listed[node.id]
                    if m.model.soort in DECIDING_MEETINGS and m.model.orgaan in organen]
        if not deciding or any(datum_is_on(besluit.datum, m.model.datum) for m, _i in listed[node.id]):
            continue
        for meeting, i in deciding:
            vergadering: Vergadering = meeting.model
            diagnostics.error(
                meeting.file.source.pos(meeting.path + ("stukken", i)), "meeting-date",
                f"vergadering '{vergadering.id}' ({datum(vergadering.datum)}) noemt besluit '{besluit.id}', "
                f"maar dat besluit heeft datum {datum(besluit.datum)} en geen vergadering op die datum noemt het",
                "nam deze vergadering het besluit, maak de datums dan gelijk; besprak ze het alleen (bijv. "
                "aangehouden), neem dan ook de vergadering op waarin het genomen is",
            )
