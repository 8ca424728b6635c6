"""How numbers as published are shown: list item numbers and footnote marks.

The site and the PDF both call these, so a list numbered "1)" with items a-d,
or a document with bracket endnotes "[1]", reads the same in both. Nothing is
ever renumbered: the number is the one the content gives (or, for a footnote
without one, its place in its document, which restarts at 1 per document).
"""

from __future__ import annotations

from typing import Literal

#: How a document marks its footnotes: a superscript digit with the note at the foot of
#: the page (cijfers), or "[1]" with the notes listed at the end of the document (haken).
Voetnootstijl = Literal["cijfers", "haken"]
VOETNOOTSTIJLEN: tuple[str, ...] = ("cijfers", "haken")


def lijstnummer(nummer: str | None) -> str:
    """A list item's number as shown: '1' -> '1.', 'b' -> 'b.', 'A' -> 'A.'; a number that
    carries its own punctuation as published ('1)', '3.') stays as it is."""
    if not nummer:
        return ""
    return nummer if nummer[-1] in ".)" else f"{nummer}."


def voetnootteken(nummer: str, stijl: str | None = "cijfers") -> str:
    """A footnote's mark (in the text and before the note): '1', or '[1]' for bracket endnotes."""
    return f"[{nummer}]" if stijl == "haken" else nummer


def voetnootstijl(model: object) -> str:
    """The footnote style of a document model (any kind; 'cijfers' unless it says otherwise)."""
    return getattr(model, "voetnootstijl", None) or "cijfers"


def voetnootnummers(model: object) -> dict[str, str]:
    """The number of each footnote of one document: as published, else its place (from 1)."""
    return {v.id: v.nummer or str(i + 1) for i, v in enumerate(getattr(model, "voetnoten", []))}
