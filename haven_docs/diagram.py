"""How the documents hang together, as a self-contained SVG made at build time (like charts.py).

The graph comes from the index: every document is a box, every relation
between two documents that says which came first is an arrow from the
earlier to the later one:

- a document that works out another (``visie:``): visie -> that document;
- a document about another (``betreft:``): the policy document -> it;
- a raadsvoorstel or raadsmededeling on a nota (``nota:``): nota -> it;
- a raadsbesluit on a raadsvoorstel (``raadsvoorstel:``): voorstel -> besluit.

The fields are read from any kind of document that has them, so a new kind
with such a field takes part without code; a document related to no other is
not drawn (the page lists every document). Boxes are placed in rows by the
longest chain of arrows that leads to them (the first documents on top), at
most ``PER_ROW`` side by side; an arrow that a longer path already implies is
not drawn. Each box links to the document's page. The picture never stands
alone: the page gives the same relations in sentences, which the figure names
as its description.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable

from .charts import wrap_words
from .index import Index, Node

#: Fields of a document that point to an earlier document (the arrow's source).
EARLIER = ("visie", "betreft", "nota", "raadsvoorstel")

BOX_W, BOX_H = 220, 58
GAP_X, GAP_Y = 20, 34
PAD = 10
PER_ROW = 2  # at most two boxes side by side (the wide variant)
#: The narrow variant (a phone) puts one box per row: 240 px wide, shown at its size or larger,
#: so its 11-12 px text is not scaled down (two side by side on a 390 px phone gave about 9 px).
NARROW_PER_ROW = 1
LINE_CHARS = 27  # characters per line at 12 px in a box (up to ~7.2 px each in a wide sans-serif)
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
EDGE = "#4d4d4d"
FILL = {"beleid": "#e3ecf6", "besluit": "#f4f1e8"}
STROKE = {"beleid": "#1f4e79", "besluit": "#6b5a1e"}
FONT = "Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif"


@dataclass
class Box:
    id: str
    soort: str  # the first line: kind and number ("Nota 2024-468")
    titel: str  # the document's title or subject
    href: str | None
    groep: str  # "beleid" or "besluit": the box colour
    rank: int = 0
    x: float = 0
    y: float = 0


@dataclass
class Graph:
    boxes: list[Box]
    edges: list[tuple[str, str]] = field(default_factory=list)


def document_graph(index: Index) -> tuple[list[Node], list[tuple[str, str]]]:
    """The documents and the arrows between them (earlier id, later id), in corpus order."""
    documents = index.documents()
    ids = {n.id for n in documents}
    edges: list[tuple[str, str]] = []
    for node in documents:
        for name in EARLIER:
            earlier = getattr(node.model, name, None)
            if isinstance(earlier, str) and earlier in ids and earlier != node.id and (earlier, node.id) not in edges:
                edges.append((earlier, node.id))
    return documents, _reduce(edges)


def _reduce(edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leave out an arrow u -> v where a longer path from u reaches v (and arrows closing a cycle)."""
    succ: dict[str, list[str]] = {}
    for u, v in edges:
        succ.setdefault(u, []).append(v)

    def reaches(start: str, goal: str, skip: tuple[str, str]) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            for nxt in succ.get(current, []):
                if (current, nxt) == skip or nxt in seen:
                    continue
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    kept = []
    for u, v in edges:
        if reaches(v, u, ("", "")):  # part of a cycle: the content says both came first
            continue
        if not reaches(u, v, (u, v)):
            kept.append((u, v))
    return kept


def layout(boxes: list[Box], edges: list[tuple[str, str]], box_h: float = BOX_H,
           per_row: int = PER_ROW) -> tuple[float, float]:
    """Rows by longest path; within a row, in the order of the boxes above them. Returns (width, height)."""
    parents: dict[str, list[str]] = {}
    for u, v in edges:
        parents.setdefault(v, []).append(u)
    rank: dict[str, int] = {}

    def rank_of(box_id: str, path: tuple[str, ...] = ()) -> int:
        if box_id not in rank:
            ups = [p for p in parents.get(box_id, []) if p not in path]
            rank[box_id] = 1 + max((rank_of(p, path + (box_id,)) for p in ups), default=-1)
        return rank[box_id]

    for box in boxes:
        box.rank = rank_of(box.id)
    rows: list[list[Box]] = []
    order: dict[str, float] = {}
    for r in range(max((b.rank for b in boxes), default=-1) + 1):
        members = [b for b in boxes if b.rank == r]

        def key(b: Box) -> tuple:
            ups = [order[p] for p in parents.get(b.id, []) if p in order]
            return (sum(ups) / len(ups) if ups else len(order) + boxes.index(b), boxes.index(b))

        members.sort(key=key)
        for start in range(0, len(members), per_row):  # a wide rank wraps into more rows
            row = members[start:start + per_row]
            rows.append(row)
            for i, b in enumerate(row):
                order[b.id] = len(rows) * 100 + i
    columns = max((len(row) for row in rows), default=0)
    width = PAD * 2 + columns * BOX_W + max(columns - 1, 0) * GAP_X
    for y, row in enumerate(rows):
        used = len(row) * BOX_W + (len(row) - 1) * GAP_X
        left = (width - used) / 2
        for i, b in enumerate(row):
            b.x = left + i * (BOX_W + GAP_X)
            b.y = PAD + y * (box_h + GAP_Y)
    height = PAD * 2 + len(rows) * box_h + max(len(rows) - 1, 0) * GAP_Y
    return width, height


def _title_lines(box: Box) -> list[str]:
    return wrap_words(box.titel, LINE_CHARS) if box.titel and box.titel != box.soort else []


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def svg(graph: Graph, title: str, described_by: str | None = None, ident: str = "hd-samenhang",
        per_row: int = PER_ROW, css_class: str = "hd-samenhang") -> str:
    """The diagram as an SVG element. Boxes are links; a link's name is the text it shows.

    ``per_row`` boxes side by side at most: the site makes a wide and a narrow (phone) variant,
    with different ``ident`` and ``css_class``, and its style sheet shows one of them."""
    # Every box as high as the longest title needs: titles are never cut.
    box_h = 28 + 15 * max((len(_title_lines(b)) for b in graph.boxes), default=1)
    width, height = layout(graph.boxes, graph.edges, box_h, per_row)
    by_id = {b.id: b for b in graph.boxes}
    parts = [
        f'<defs><marker id="{ident}-pijl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>'
    ]
    for u, v in graph.edges:
        a, b = by_id[u], by_id[v]
        x1, y1 = a.x + BOX_W / 2, a.y + box_h
        x2, y2 = b.x + BOX_W / 2, b.y
        if b.y <= a.y:  # same row (a wrapped rank): side by side
            x1, y1 = (a.x + BOX_W, a.y + box_h / 2) if a.x < b.x else (a.x, a.y + box_h / 2)
            x2, y2 = (b.x, b.y + box_h / 2) if a.x < b.x else (b.x + BOX_W, b.y + box_h / 2)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{EDGE}" '
                     f'stroke-width="1.3" marker-end="url(#{ident}-pijl)"/>')
    for box in graph.boxes:
        label = " ".join([box.soort, *_title_lines(box)])  # the visible text: the link's name
        inner = [f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{box_h}" rx="4" '
                 f'fill="{FILL[box.groep]}" stroke="{STROKE[box.groep]}" stroke-width="1.2"/>',
                 f'<text x="{box.x + 8:.1f}" y="{box.y + 16:.1f}" font-size="11" fill="{MUTED}">{_e(box.soort)}</text>']
        for i, line in enumerate(_title_lines(box)):
            inner.append(f'<text x="{box.x + 8:.1f}" y="{box.y + 33 + i * 15:.1f}" font-size="12" '
                         f'font-weight="600" fill="{TEXT}">{_e(line)}</text>')
        body = "".join(inner)
        if box.href:
            parts.append(f'<a href="{_e(box.href)}"><title>{_e(label)}</title>{body}</a>')
        else:
            parts.append(f'<g><title>{_e(label)}</title>{body}</g>')
    described = f' aria-describedby="{_e(described_by)}"' if described_by else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{_e(css_class)}" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="group" aria-labelledby="{ident}-titel"{described} '
            f'font-family="{_e(FONT)}"><title id="{ident}-titel">{_e(title)}</title>{"".join(parts)}</svg>')


def samenhang(index: Index, policy_kinds: set[str], soort: Callable[[Node], str], titel: Callable[[Node], str],
              href: Callable[[Node], str | None]) -> Graph:
    """The graph of the documents that are related to another, with the texts and links the page gives them.

    A document without any such relation is not drawn (the page lists every document)."""
    documents, edges = document_graph(index)
    related = {i for edge in edges for i in edge}
    boxes = [Box(n.id, soort(n), titel(n), href(n), "beleid" if n.kind in policy_kinds else "besluit")
             for n in documents if n.id in related]
    return Graph(boxes, edges)
