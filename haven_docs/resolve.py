"""Resolve every reference, in structured fields and in prose, against the index.

A field declared ``Ref("actielijn")`` must name an actielijn; ``[[id]]`` in
prose may name anything. Unknown ids get the closest existing ids as a hint.
Every resolved reference becomes a backlink on its target.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from pydantic import BaseModel

from .diagnostics import Diagnostics, Position
from .index import Backlink, Index, Node, PathKey, node_of_path, walk
from .markup import scan
from .model import KIND_LABELS
from .model.base import Prose, RefTo
from .model.blocks import OpnemenBlok, Rij
from .validate import ContentFile


@dataclass(frozen=True)
class FieldMarkers:
    ref: RefTo | None
    prose: bool
    #: plain shown text (a title, caption, heading field, signature): only its [[id]] references count
    inline: bool = False


#: Every other text a page or PDF shows: its references are found and checked like those in prose.
INLINE = FieldMarkers(None, False, True)


def _markers(annotation: Any) -> tuple[RefTo | None, bool]:
    ref, prose = None, False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        for meta in args[1:]:
            if isinstance(meta, RefTo):
                ref = meta
            elif isinstance(meta, Prose):
                prose = True
        inner_ref, inner_prose = _markers(args[0])
        return ref or inner_ref, prose or inner_prose
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            inner_ref, inner_prose = _markers(arg)
            ref, prose = ref or inner_ref, prose or inner_prose
    return ref, prose


@lru_cache(maxsize=None)
def field_markers(cls: type[BaseModel]) -> dict[str, FieldMarkers]:
    result = {}
    for name, info in cls.model_fields.items():
        ref, prose = _markers(info.annotation)
        for meta in info.metadata:
            if isinstance(meta, RefTo):
                ref = meta
            elif isinstance(meta, Prose):
                prose = True
        if ref or prose:
            result[name] = FieldMarkers(ref, prose)
    return result


@dataclass(frozen=True)
class Occurrence:
    """One reference as written: where, to what, of which kinds."""

    file: ContentFile
    path: PathKey  # path of the value that holds it
    target: str
    kinds: tuple[str, ...]  # allowed kinds; empty: any
    pos: Position
    in_prose: bool
    keywords: tuple[str, ...] = ()  # values the field takes besides ids ('raad', 'college')


def marked_values(files: list[ContentFile]) -> Iterator[tuple[ContentFile, PathKey, str, FieldMarkers]]:
    """Every text that is a reference or prose (table text cells included), in file order."""
    prose = FieldMarkers(None, True)
    for content in files:
        for model, path, _parent in walk(content.model):
            for name, markers in field_markers(type(model)).items():
                value = getattr(model, name)
                values = value if isinstance(value, list) else [value]
                for i, item in enumerate(values):
                    if isinstance(item, str):
                        yield content, path + ((name, i) if isinstance(value, list) else (name,)), item, markers
            if isinstance(model, Rij):
                for key, cell in model.cellen.items():
                    if isinstance(cell, str):
                        yield content, path + ("cellen", key), cell, prose
            yield from _inline_texts(content, model, path)


def _inline_texts(content: ContentFile, model: BaseModel, path: PathKey) -> Iterator[tuple[ContentFile, PathKey, str, FieldMarkers]]:
    """Plain texts of ``model`` that hold '[[': titles, captions, heading values, signatures."""
    for name in _plain_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            if "[[" in value:
                yield content, path + (name,), value, INLINE
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and "[[" in item:
                    yield content, path + (name, i), item, INLINE
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and "[[" in item:
                    yield content, path + (name, key), item, INLINE


@lru_cache(maxsize=None)
def _plain_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Fields of ``cls`` that are neither references nor prose (table cells are prose already)."""
    marked = field_markers(cls)
    return tuple(name for name in cls.model_fields
                 if name not in marked and not (name == "cellen" and issubclass(cls, Rij)))


def references(files: list[ContentFile]) -> Iterator[Occurrence]:
    """Every reference in the corpus, in file order."""
    for content in files:
        yield from file_references(content)


def file_references(content: ContentFile) -> list[Occurrence]:
    """The references in one file (found once per file; kept with it in the parse cache)."""
    found = content.derived.get("references")
    if found is None:
        found = content.derived["references"] = []
        for _content, value_path, text, markers in marked_values([content]):
            if markers.ref and text not in markers.ref.keywords:
                found.append(Occurrence(content, value_path, text, markers.ref.kinds,
                                        content.source.pos(value_path), False, markers.ref.keywords))
            if markers.prose or markers.inline:
                found.extend(_prose_refs(content, value_path, text))
    return found


def _prose_refs(content: ContentFile, value_path: PathKey, text: str) -> Iterator[Occurrence]:
    if "[[" not in text:  # most prose has no references: skip the parse
        return
    refs, _problems = scan(text)
    if not refs:
        return
    start = content.source.values.get(value_path)
    lines = content.source.lines
    line = (start.line - 1) if start else 0
    col = (start.col - 1) if start else 0
    for ref in refs:
        # Find the reference as typed in the file, from where the last one was.
        needle = "[[" + ref.target
        pos = Position(content.source.path, line + 1, col + 1)
        for number in range(line, len(lines)):
            found = lines[number].find(needle, col if number == line else 0)
            if found >= 0:
                line, col = number, found + len(needle)
                pos = Position(content.source.path, number + 1, found + 1)
                break
        yield Occurrence(content, value_path, ref.target, (), pos, True)


def resolve(index: Index, diagnostics: Diagnostics) -> None:
    """Check every reference and record backlinks."""
    ids = list(index.nodes)
    # An id used twice is already an error at both places; a reference to it
    # would resolve to whichever came first and add a misleading second error.
    duplicated = _duplicated_ids(index) if any(d.code == "duplicate-id" for d in diagnostics) else set()
    suggestions: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for occ in references(index.files):
        if occ.target in duplicated:
            continue
        if not occ.target:
            diagnostics.error(occ.pos, "unknown-ref", "lege verwijzing '[[]]'",
                              "zet het id tussen de haken, bijvoorbeeld [[pijler-humane-opvang]]")
            continue
        node = index.nodes.get(occ.target)
        if node is None:
            # One misspelt id is often used in many places: look for close ids once.
            close = suggestions.get((occ.target, occ.kinds))
            if close is None:
                candidates = ids
                if occ.kinds:
                    candidates = [i for i in ids if kind_allowed(index.nodes[i], occ.kinds)] or ids
                close = difflib.get_close_matches(occ.target, candidates, n=3, cutoff=0.6)
                suggestions[(occ.target, occ.kinds)] = close
            wanted = " of ".join(KIND_LABELS.get(k, k) for k in occ.kinds) if occ.kinds else None
            if wanted and occ.keywords:  # 'raad, college of het id van een organisatie'
                wanted = f"{', '.join(occ.keywords[:-1])}{', ' if occ.keywords[:-1] else ''}{occ.keywords[-1]} of het id van een {wanted}"
            elif wanted:
                wanted = f"een {wanted}"
            message = f"onbekende verwijzing '{occ.target}'" + (f" (hier hoort {wanted})" if wanted else "")
            if close:
                hint = "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"
            else:
                hint = "controleer de spelling van het id; ids staan bij 'id:' in content/"
            diagnostics.error(occ.pos, "unknown-ref", message, hint)
            continue
        if occ.kinds and not kind_allowed(node, occ.kinds):
            wanted = " of ".join(KIND_LABELS.get(k, k) for k in occ.kinds)
            close = [
                n.id for n in index.nodes.values()
                if kind_allowed(n, occ.kinds)
            ]
            examples = close[:3]
            close = difflib.get_close_matches(occ.target, close, n=3, cutoff=0.3)
            if close:
                hint = "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"
            elif examples:
                hint = f"kies een {wanted}, bijvoorbeeld " + " of ".join(f"'{c}'" for c in examples)
            else:
                hint = f"er is nog geen {wanted} met een id"
            diagnostics.error(
                occ.pos, "wrong-ref-kind",
                f"'{occ.target}' is een {KIND_LABELS.get(node.kind, node.kind)}, hier hoort een {wanted}",
                hint,
            )
            continue
        holder = node_of_path(index, occ.file, occ.path)
        document = getattr(occ.file.model, "id", None) if type(occ.file.model).kind else None
        index.add_backlink(
            occ.target, Backlink(source=holder or document or occ.file.source.path, document=document,
                                 path=occ.path, file=occ.file)
        )
    _check_link_targets(index, diagnostics)
    _check_inclusions(index, diagnostics)


def kind_allowed(node: Node, kinds: tuple[str, ...]) -> bool:
    """Whether a reference that asks for ``kinds`` may name ``node`` ("document": any document)."""
    return node.kind in kinds or ("document" in kinds and node.document == node.id)


def _duplicated_ids(index: Index) -> set[str]:
    seen: set[str] = set()
    duplicated: set[str] = set()
    for content in index.files:
        for model, _path, _parent in walk(content.model):
            node_id = getattr(model, "id", None)
            if isinstance(node_id, str) and node_id:
                (duplicated if node_id in seen else seen).add(node_id)
    return duplicated


def _check_link_targets(index: Index, diagnostics: Diagnostics) -> None:
    """External links and images in prose: only safe schemes and our own assets."""
    for content in index.files:
        found = content.derived.get("link_problems")
        if found is None:
            own = Diagnostics()
            for _content, value_path, text, markers in marked_values([content]):
                if markers.prose:
                    _report_links(content, value_path, text, own)
            found = content.derived["link_problems"] = own.items
        diagnostics.extend(found)


def _report_links(content: ContentFile, value_path: PathKey, text: str, diagnostics: Diagnostics) -> None:
    if "](" not in text and "<" not in text and "]:" not in text and "[[" not in text:
        return  # no inline link, autolink, [x]: definition or reference
    _refs, problems = scan(text)
    for problem in problems:
        pos = locate(content, value_path, problem.url)
        if problem.kind == "ref":
            diagnostics.error(pos, "unknown-ref", f"onvolledige verwijzing '{problem.url}'", problem.reason)
            continue
        code = "unsafe-link" if problem.kind == "link" else "unsafe-resource"
        diagnostics.error(pos, code, f"{'link' if problem.kind == 'link' else 'afbeelding'} '{problem.url}' is niet toegestaan", problem.reason)


def locate(content: ContentFile, value_path: PathKey, needle: str) -> Position:
    """Where ``needle`` (part of the text at ``value_path``) is written: its first place from the value on."""
    pos = content.source.pos(value_path)
    if needle:
        for number, line in enumerate(content.source.lines[pos.line - 1:], start=pos.line):
            found = line.find(needle)
            if found >= 0:
                return Position(pos.path, number, found + 1)
    return pos


#: Deepest nesting of `opnemen`: a block that shows a part that itself shows a part, and so on.
MAX_INCLUDE_DEPTH = 10
#: Deepest nesting of a page once every `opnemen` is filled in, counted as the
#: loader counts a file (lists and fields: at most 50 in one file). Deeper
#: pages overflow the renderers.
MAX_EXPANDED_NESTING = 100
#: Most text (characters) that the `opnemen` blocks of one file show together,
#: everything they include in turn counted: as much as the largest file holds.
MAX_INCLUDED_CHARS = 2_000_000


@dataclass
class _Inclusion:
    content: ContentFile
    path: PathKey
    target: str
    chain: list[str]  # the identifiable nodes that contain the block, nearest first, then the document


def _check_inclusions(index: Index, diagnostics: Diagnostics) -> None:
    """`opnemen` shows another node: no cycles, a bounded depth and a bounded amount of text.

    Rendering a part renders every part it includes, which may include parts in
    turn: a chain that comes back to itself never ends, a long chain overflows
    the renderer, and parts that include the previous part twice double at each
    level. Depth and size are computed on the graph of inclusions (each node
    once, in linear time), never by expanding it.
    """
    blocks: list[_Inclusion] = []
    inside: dict[str, list[_Inclusion]] = {}  # node -> the blocks inside it
    for content in index.files:
        for model, path, _parent in walk(content.model):
            if isinstance(model, OpnemenBlok) and model.opnemen in index.nodes:
                holder = node_of_path(index, content, path)
                chain = ([holder] + index.ancestors.get(holder, [])) if holder else []
                document = getattr(content.model, "id", None)
                if document and document not in chain and document in index.nodes:
                    chain.append(document)
                block = _Inclusion(content, path, model.opnemen, chain)
                for ancestor in chain:
                    inside.setdefault(ancestor, []).append(block)
                blocks.append(block)
    if not blocks:
        return
    edges = {node: [b.target for b in found] for node, found in inside.items()}

    component = _components(edges)
    cyclic = {b.path + (b.content.source.path,) for b in blocks
              if b.target in b.chain or any(component.get(c) == component.get(b.target) for c in b.chain)}
    for b in blocks:
        if b.path + (b.content.source.path,) in cyclic:
            diagnostics.error(
                b.content.source.pos(b.path + ("opnemen",)), "ref-cycle",
                f"'opnemen: {b.target}' neemt uiteindelijk zichzelf op (een kringverwijzing)",
                "neem een onderdeel op dat dit blok niet zelf bevat",
            )
    in_cycle = {c for b in blocks if b.path + (b.content.source.path,) in cyclic for c in (b.target, *b.chain)}

    # Depth, nesting and size of every target, each computed once, deepest targets first.
    depth: dict[str, int] = {}
    nesting: dict[str, int] = {}
    size: dict[str, int] = {}
    for node in _post_order([b.target for b in blocks], edges):
        inner = [b for b in inside.get(node, ()) if b.target not in in_cycle and node not in in_cycle]
        own = index.nodes[node]
        depth[node] = max((1 + depth[b.target] for b in inner), default=0)
        nesting[node] = max([_nesting(own.model)] + [len(b.path) - len(own.path) + nesting[b.target]
                                                     for b in inner if b.content is own.file])
        size[node] = _text_size(own.model) + sum(size[b.target] for b in inner)

    live = [b for b in blocks if b.path + (b.content.source.path,) not in cyclic]
    too_deep = _outermost([b for b in live if 1 + depth[b.target] > MAX_INCLUDE_DEPTH])
    for b in too_deep:
        diagnostics.error(
            b.content.source.pos(b.path + ("opnemen",)), "include-depth",
            f"'opnemen: {b.target}' toont iets dat zelf weer iets opneemt, en zo verder: "
            f"{1 + depth[b.target]} niveaus diep (maximaal {MAX_INCLUDE_DEPTH})",
            "verwijs op een dieper niveau met [[id]] in plaats van het onderdeel op te nemen",
        )
    reported = {id(b) for b in too_deep}
    for b in _outermost([b for b in live if len(b.path) + nesting[b.target] > MAX_EXPANDED_NESTING]):
        if id(b) in reported:
            continue
        diagnostics.error(
            b.content.source.pos(b.path + ("opnemen",)), "include-depth",
            f"met wat 'opnemen: {b.target}' toont, is de tekst hier {len(b.path) + nesting[b.target]} niveaus "
            f"diep genest: hoofdstukken, lijsten en opgenomen delen samen (maximaal {MAX_EXPANDED_NESTING})",
            "neem een minder diep genest onderdeel op, of verwijs met [[id]] in plaats van het op te nemen",
        )

    per_file: dict[str, list[_Inclusion]] = {}
    for b in blocks:
        if b.path + (b.content.source.path,) not in cyclic:
            per_file.setdefault(b.content.source.path, []).append(b)
    for file_blocks in per_file.values():
        total = sum(size[b.target] for b in file_blocks)
        if total > MAX_INCLUDED_CHARS:
            largest = max(file_blocks, key=lambda b: size[b.target])
            diagnostics.error(
                largest.content.source.pos(largest.path + ("opnemen",)), "include-size",
                f"wat dit bestand met 'opnemen' toont, is samen {_count(total)} tekens "
                f"(maximaal {_count(MAX_INCLUDED_CHARS)}); 'opnemen: {largest.target}' toont er "
                f"{_count(size[largest.target])}",
                f"neem minder of kleinere onderdelen op, of verwijs met [[{largest.target}]] in plaats van opnemen",
            )


def _outermost(over: list[_Inclusion]) -> list[_Inclusion]:
    """The blocks of ``over`` that no other block of ``over`` shows: where a writer can fix the chain."""
    shown = {b.target for b in over}
    return [b for b in over if not shown.intersection(b.chain)]


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _components(edges: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (Tarjan, without recursion): node -> component number."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    for root in list(edges):
        if root in index_of:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index_of:
                    index_of[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(edges.get(succ, ()))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index_of[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index_of[node]
                    if member == node:
                        break
    return component


def _post_order(roots: list[str], edges: dict[str, list[str]]) -> list[str]:
    """Every node reachable from ``roots``, each after all it reaches (cycles cut), without recursion."""
    order: list[str] = []
    seen: set[str] = set()
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        work = [(root, iter(edges.get(root, ())))]
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in seen:
                    seen.add(succ)
                    work.append((succ, iter(edges.get(succ, ()))))
                    break
            else:
                work.pop()
                order.append(node)
    return order


def _nesting(model: Any) -> int:
    """How deep a part of the content is nested in itself, in lists and fields (as the loader counts)."""
    return 1 + max((len(path) for _model, path, _parent in walk(model)), default=0)


def _text_size(model: Any) -> int:
    """Characters of text in a part of the content (numbers count their digits)."""
    total = 0
    todo = [model]
    while todo:
        value = todo.pop()
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, BaseModel):
            todo.extend(getattr(value, name) for name in type(value).model_fields)
        elif isinstance(value, (list, tuple)):
            todo.extend(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif value is not None and not isinstance(value, bool):
            total += len(str(value))
    return total
