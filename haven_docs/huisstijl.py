"""The house style from the settings: colours that stay readable (WCAG 2.1 AA) on site and PDF.

A municipality gives one colour (``huisstijl.kleur``). The site's header gets that colour
with white or black text, whichever contrasts more; links and headings on white paper get
the colour itself when it contrasts enough (4.5:1), else a darker shade of it that does.
"""

from __future__ import annotations

from dataclasses import dataclass

#: WCAG 2.1 AA for normal text.
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darker(colour: str, factor: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))


@dataclass(frozen=True)
class Kleuren:
    kleur: str  # the house colour as given: header background
    op_kleur: str  # text on the house colour
    tekst: str  # the house colour, or a darker shade, for text and lines on white


def kleuren(kleur: str) -> Kleuren:
    kleur = kleur.lower()
    op_kleur = "#ffffff" if contrast("#ffffff", kleur) >= contrast("#000000", kleur) else "#000000"
    tekst, factor = kleur, 1.0
    while contrast(tekst, "#ffffff") < MIN_CONTRAST:
        factor -= 0.05
        tekst = darker(kleur, factor)
    return Kleuren(kleur, op_kleur, tekst)


def site_css(kleur: str | None) -> str:
    """Material's colour variables for the house colour (empty: Material's palette from mkdocs.yml)."""
    if not kleur:
        return "/* Geen huiskleur in content/instellingen.yaml: het palet van mkdocs.yml. */\n"
    k = kleuren(kleur)
    return (
        "/* Generated from huisstijl.kleur in content/instellingen.yaml. */\n"
        ":root, [data-md-color-scheme=\"default\"] {\n"
        f"  --md-primary-fg-color: {k.kleur};\n"
        f"  --md-primary-fg-color--light: {k.kleur};\n"
        f"  --md-primary-fg-color--dark: {k.tekst};\n"
        f"  --md-primary-bg-color: {k.op_kleur};\n"
        f"  --md-primary-bg-color--light: {k.op_kleur};\n"
        f"  --md-accent-fg-color: {k.tekst};\n"
        f"  --md-typeset-a-color: {k.tekst};\n"
        f"  --hd-accent: {k.tekst};\n"
        "}\n"
    )
