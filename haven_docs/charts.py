"""Budget charts as self-contained SVG, made at build time (no JavaScript).

``svg_chart(tabel, figures)`` draws a table as a pie (``grafiek: taart``) or as
horizontal bars (``grafiek: staaf``); ``chart_text`` says the same in Dutch
words, for readers who cannot see the chart. Both the site and the PDFs use
them, so the SVG carries its own size, font stack and colours: no external CSS
or fonts. Colours are dark enough for 3:1 contrast against white (WCAG 1.4.11)
and never carry meaning alone: every slice and bar is labelled in text.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Callable

from .checks.arithmetic import TableFigures, read_cell
from .formatting import cel, euro, procent
from .model import Tabel
from .tables import plain_markdown as _plain
from .tables import shown_number, shown_sum

#: Colours with at least 4.5:1 contrast against white (and so 3:1 between a
#: slice and the white gaps around it).
PALETTE = ("#1f4e79", "#b03a00", "#2e6b30", "#6a1b9a", "#a61b29", "#00695c", "#5d4037",
           "#37474f", "#ad1457", "#5f6300")
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
FONT = "Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif"

RefLabel = Callable[[str], str | None]

#: Width of every chart in px: on a phone (about 360 px of text width) the text
#: still shows at about 12 px.
WIDTH = 420


@dataclass
class Item:
    label: str
    value: int | None  # None: not a number ('PM', 'n.n.b.')
    shown: str  # the value as written in the table


def reference_labels(index, label: Callable[[str], str]) -> RefLabel:
    """How a chart names a reference: the target's label; a footnote mark is left out."""
    def name(node_id: str) -> str | None:
        node = index.get(node_id)
        return None if node is not None and node.kind == "voetnoot" else label(node_id)
    return name


def _value_column(tabel: Tabel):
    kinds = ("percentage", "bedrag", "aantal") if tabel.grafiek == "taart" else ("bedrag", "aantal", "percentage")
    for soort in kinds:
        columns = [k for k in tabel.kolommen if k.soort == soort]
        if columns:
            return columns
    return []


def _label_column(tabel: Tabel):
    return next((k for k in tabel.kolommen if k.soort == "tekst"), None)


def _series(tabel: Tabel, figures: TableFigures, ref_label: RefLabel | None):
    """(category labels, columns, values[category][column]) for the chart.

    Rows and groups marked niet_optellen are not parts of the whole: they are left out.
    Figures are shown the way the table shows them (its unit, its decimals).
    """
    columns = _value_column(tabel)
    if not columns:
        return [], [], []
    if tabel.grafiek == "taart":
        columns = columns[:1]
    label_column = _label_column(tabel)
    groepen = [(g, groep) for g, groep in enumerate(tabel.groepen) if not groep.niet_optellen]
    titled_groups = len(groepen) > 1 and all(groep.titel for _g, groep in groepen)
    categories: list[str] = []
    values: list[list[Item]] = []
    if tabel.grafiek == "staaf" and titled_groups:
        for g, groep in groepen:
            categories.append(_plain(groep.titel, ref_label))
            row = []
            for k in columns:
                total = figures.group_sums[g][k.sleutel]
                shown = shown_sum(total, k, tabel).replace(" plus onbekende bedragen", " + PM")
                row.append(Item(categories[-1], float(total.value) if total.counted else None, shown))
            values.append(row)
    else:
        for _g, groep in groepen:
            for rij in groep.rijen:
                if rij.niet_optellen:
                    continue
                raw = rij.cellen.get(label_column.sleutel) if label_column else None
                label = _plain(raw, ref_label) if isinstance(raw, str) and raw else f"Regel {len(categories) + 1}"
                categories.append(label)
                row = []
                for k in columns:
                    cell = read_cell(rij.cellen.get(k.sleutel))
                    number = float(cell.value) if cell.value is not None and cell.kind != "nihil" else None
                    row.append(Item(label, number, _plain(shown_number(cell, k, tabel), ref_label) or "leeg"))
                values.append(row)
    return categories, columns, values


def _stated_total(tabel: Tabel, kolom) -> str | None:
    """The table's own total for a column, as published; None when it states none."""
    for totaal in tabel.alle_totalen():
        if kolom.sleutel in totaal.waarden and not totaal.over:
            return _plain(shown_number(read_cell(totaal.waarden[kolom.sleutel]), kolom, tabel), None)
    return None


def _fmt(value: int, soort: str) -> str:
    if soort == "bedrag":
        return euro(value)
    if soort == "percentage":
        return procent(value)
    return cel(value, soort)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def wrap_words(text: str, width: int) -> list[str]:
    """Text in lines of at most ``width`` characters; a longer word keeps its own line, never cut."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _text_width(text: str, size: float) -> float:
    return len(text) * size * 0.56


def svg_chart(tabel: Tabel, figures: TableFigures, *, id_prefix: str | None = None,
              ref_label: RefLabel | None = None, font_family: str = FONT, alt_in_title: bool = False,
              name: str | None = None) -> str | None:
    """The table as an SVG chart, or None (no chart asked for, or nothing to draw).

    ``font_family``: the site's font stack by default; the PDF passes its one house typeface.
    ``alt_in_title``: the whole text alternative in the SVG's <title>, which WeasyPrint
    writes into the PDF's Figure tag as /Alt (the PDF prints no chart text).
    """
    if tabel.grafiek == "geen":
        return None
    categories, columns, values = _series(tabel, figures, ref_label)
    if not categories or not any(item.value for row in values for item in row):
        return None
    prefix = id_prefix or tabel.id
    title_id, desc_id = f"{prefix}--grafiek-titel", f"{prefix}--grafiek-tekst"
    kind = "Taartdiagram" if tabel.grafiek == "taart" else "Staafdiagram"
    text = chart_text(tabel, figures, ref_label=ref_label)
    # A table without a caption: the name its table view has (the heading it stands under).
    named = _plain(tabel.titel, ref_label) if tabel.titel else name
    title = f"{kind}: {named}" if named else kind
    if alt_in_title:
        title = f"{title}. {text}"
    head = (f'<title id="{_e(title_id)}">{_e(title)}</title>'
            f'<desc id="{_e(desc_id)}">{_e(text)}</desc>')
    if tabel.grafiek == "taart":
        body, width, height = _pie(categories, columns[0], values)
    else:
        body, width, height = _bars(categories, columns, values)
    if body is None:
        return None
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hd-grafiek" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{_e(title_id)} {_e(desc_id)}" '
        f'font-family="{_e(font_family)}" font-size="14">{head}'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


#: A slice smaller than this share gets its number outside the pie, on a leader line.
SMALL_SLICE = 0.06


def _pie(categories, column, values):
    """A pie with a numbered legend below it, narrow enough to stay legible on a phone.

    Every slice carries its legend number: inside a large slice, outside a small one on a
    short leader line. So slices that look alike (two of 1%, or in grey print) are still
    told apart, with one text size throughout.
    """
    items = [(label, row[0]) for label, row in zip(categories, values)]
    positive = [(label, item) for label, item in items if item.value and item.value > 0]
    total = sum(item.value for _label, item in positive)
    if total <= 0:
        return None, 0, 0
    width = WIDTH
    radius, cx, cy = 100, width / 2, 136
    line_height = 20
    legend_top = cy + radius + 40
    numbers = {id(item): n for n, (_label, item) in enumerate(positive, start=1)}
    legend_lines = [wrap_words(f"{label}: {item.shown}", 40) for label, item in items]
    height = legend_top + sum(len(lines) for lines in legend_lines) * line_height
    parts, marks = [], []
    angle = -math.pi / 2
    colour_of = {}
    for i, (label, item) in enumerate(positive):
        colour = PALETTE[i % len(PALETTE)]
        colour_of[id(item)] = colour
        share = item.value / total
        number = numbers[id(item)]
        if share >= 0.9999:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{colour}" stroke="#ffffff" stroke-width="2"/>')
            marks.append(f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" fill="#ffffff" font-weight="700">{number}</text>')
            continue
        end = angle + share * 2 * math.pi
        x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        x2, y2 = cx + radius * math.cos(end), cy + radius * math.sin(end)
        large = 1 if share > 0.5 else 0
        parts.append(
            f'<path d="M {cx} {cy} L {x1:.2f} {y1:.2f} A {radius} {radius} 0 {large} 1 {x2:.2f} {y2:.2f} Z" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="2"/>'
        )
        middle = (angle + end) / 2
        dx, dy = math.cos(middle), math.sin(middle)
        if share >= SMALL_SLICE:
            tx, ty = cx + radius * 0.62 * dx, cy + radius * 0.62 * dy
            marks.append(f'<text x="{tx:.1f}" y="{ty + 5:.1f}" text-anchor="middle" fill="#ffffff" '
                         f'font-weight="700">{number}</text>')
        else:  # outside, on a leader line from the slice's edge
            ex, ey = cx + (radius - 4) * dx, cy + (radius - 4) * dy
            lx, ly = cx + (radius + 14) * dx, cy + (radius + 14) * dy
            anchor = "start" if dx >= 0 else "end"
            tx = lx + (4 if dx >= 0 else -4)
            marks.append(f'<line x1="{ex:.1f}" y1="{ey:.1f}" x2="{lx:.1f}" y2="{ly:.1f}" stroke="{TEXT}" stroke-width="1"/>')
            marks.append(f'<text x="{tx:.1f}" y="{ly + 5:.1f}" text-anchor="{anchor}" fill="{TEXT}" '
                         f'font-weight="700">{number}</text>')
        angle = end
    parts.extend(marks)
    y = legend_top
    for (label, item), lines in zip(items, legend_lines):
        colour = colour_of.get(id(item))
        if colour:
            parts.append(f'<rect x="10" y="{y - 13}" width="16" height="16" fill="{colour}"/>')
            parts.append(f'<text x="40" y="{y}" text-anchor="end" fill="{TEXT}" font-weight="700">'
                         f'{numbers[id(item)]}</text>')
        for line in lines:
            parts.append(f'<text x="48" y="{y}" fill="{TEXT if colour else MUTED}">{_e(line)}</text>')
            y += line_height
    return "".join(parts), width, int(height - line_height + 12)


def _bars(categories, columns, values):
    width = WIDTH
    label_width = 150
    value_room = 105
    bar_area = width - label_width - value_room - 10
    bar_height = 20 if len(columns) == 1 else 16
    gap = 14
    maximum = max((item.value or 0) for row in values for item in row)
    if maximum <= 0:
        return None, 0, 0
    parts = []
    y = 12
    legend = len(columns) > 1
    if legend:
        x = label_width
        for c, column in enumerate(columns):
            colour = PALETTE[c % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>')
            parts.append(f'<text x="{x + 20}" y="{y + 12}" fill="{TEXT}">{_e(column.titel)}</text>')
            x += 34 + _text_width(column.titel, 14)
        y += 30
    for label, row in zip(categories, values):
        lines = wrap_words(label, 20)
        block = max(len(row) * (bar_height + 4), len(lines) * 17)
        for n, line in enumerate(lines[:4]):
            parts.append(f'<text x="{label_width - 10}" y="{y + 14 + n * 17}" text-anchor="end" fill="{TEXT}">{_e(line)}</text>')
        for c, item in enumerate(row):
            colour = PALETTE[c % len(PALETTE)] if legend else PALETTE[0]
            top = y + c * (bar_height + 4)
            length = bar_area * max(item.value or 0, 0) / maximum
            if item.value and length > 0:
                parts.append(f'<rect x="{label_width}" y="{top}" width="{length:.1f}" height="{bar_height}" fill="{colour}"/>')
            parts.append(f'<text x="{label_width + length + 6:.1f}" y="{top + bar_height - 5}" fill="{TEXT}">{_e(item.shown)}</text>')
        y += block + gap
    parts.insert(0, f'<line x1="{label_width}" y1="{4 if not legend else 38}" x2="{label_width}" y2="{y - gap + 4}" stroke="{MUTED}" stroke-width="1"/>')
    return "".join(parts), width, int(y)


def chart_text(tabel: Tabel, figures: TableFigures, *, ref_label: RefLabel | None = None) -> str:
    """The chart in words, in Dutch: what is shown and every value; a total only as published."""
    categories, columns, values = _series(tabel, figures, ref_label)
    titel = _plain(tabel.titel or "", ref_label)
    if not categories:
        named = f" '{titel}'" if titel else ""
        return f"Geen grafiek: de tabel{named} heeft geen getallen."
    if tabel.grafiek == "taart":
        column = columns[0]
        parts = [f"{label}: {row[0].shown}" for label, row in zip(categories, values)]
        text = f"Taartdiagram van '{_plain(column.titel, ref_label)}' in '{titel}'. " + "; ".join(parts) + "."
        if tabel.basis is not None and column.soort == "percentage":
            text += f" Percentages van {euro(tabel.basis) if isinstance(tabel.basis, int) else tabel.basis}."
        stated = _stated_total(tabel, column)
        return text + (f" Samen {stated}." if stated else "")
    per = "per groep" if len(tabel.groepen) > 1 and all(g.titel for g in tabel.groepen) else "per regel"
    column_names = ", ".join(f"'{_plain(k.titel, ref_label)}'" for k in columns)
    parts = []
    for label, row in zip(categories, values):
        if len(row) == 1:
            parts.append(f"{label}: {row[0].shown}")
        else:
            parts.append(f"{label}: " + ", ".join(f"{_plain(k.titel, ref_label)} {item.shown}"
                                                   for k, item in zip(columns, row)))
    text = f"Staafdiagram van {column_names} {per} in '{titel}'. " + "; ".join(parts) + "."
    totals = [_stated_total(tabel, k) for k in columns]
    if all(totals):
        text += f" Totaal: {', '.join(totals)}."
    return text
