"""Passages withheld under the Wet open overheid (Woo): the grounds, the check, the redaction.

A writer marks a withheld passage in any text with ``[[lak CODE|tekst]]`` and a
whole block, section, bijlage or signatory with ``lakken: CODE``; ``[[lak CODE]]``
alone records a passage that was already withheld in the published source. CODE
names a ground of the register: the Woo's articles shipped in ``woo_gronden.yaml``,
or a municipality's own codes (``woo_gronden:`` in a content register).

:func:`lak` is applied once to the checked corpus before anything is rendered. The
public build replaces every withheld passage by its bare marker and empties every
withheld whole, so no renderer (site, search, PDF, open data, feed) ever sees the
text; the internal build keeps the text for the renderers to highlight. Both record
per document the legend of the codes it shows (:class:`Woo`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from .diagnostics import ContentError, Diagnostics, Position
from .index import Actielijnen, Index, PathKey, title_of, walk
from .markup import LAK_OPEN, Lak, find_laks, plain_laks
from .model.blocks import CelWaarde, LakBlok, Sectie, Tabel
from .model.documents import Bijlage, Ondertekenaar, Register, WooGrond
from .validate import ContentFile

STANDARD_FILE = Path(__file__).resolve().parent / "woo_gronden.yaml"

#: Models that can be withheld whole with ``lakken: CODE``.
WHOLE_MODELS = (LakBlok, Sectie, Bijlage, Ondertekenaar)


@dataclass(frozen=True)
class Grond:
    """A ground as documents show it: its code, its article and the interest it protects."""

    code: str
    artikel: str
    grond: str

    @property
    def tekst(self) -> str:
        return f"{self.artikel} — {self.grond}"


@dataclass(frozen=True)
class Legenda:
    """The legend under a document: the grounds it shows, and whether this is the internal build."""

    intern: bool
    gronden: tuple[Grond, ...]


@dataclass
class Woo:
    """What the redaction did to the corpus, for the renderers."""

    intern: bool
    gronden: dict[str, Grond]
    #: per document id: the grounds of the withheld passages it shows, in the register's order
    legenda: dict[str, list[Grond]] = field(default_factory=dict)

    @property
    def titels(self) -> dict[str, str]:
        """Code -> the ground's full text (the title of a box)."""
        return {code: grond.tekst for code, grond in self.gronden.items()}

    def legenda_van(self, doc_id: str) -> Legenda | None:
        """The legend of a document; None if it withholds nothing."""
        gronden = self.legenda.get(doc_id)
        return Legenda(self.intern, tuple(gronden)) if gronden else None


@lru_cache(maxsize=1)
def standard_grounds() -> dict[str, Grond]:
    """The Woo's grounds as shipped; a mistake in the shipped file is a programming error."""
    from .loader import load_file
    from .validate import validate_file

    diagnostics = Diagnostics()
    source = load_file(STANDARD_FILE, diagnostics, shown="haven_docs/woo_gronden.yaml")
    model = validate_file(source, diagnostics) if source is not None else None
    if diagnostics or not isinstance(model, Register):
        raise ContentError(diagnostics.sorted())
    return {g.code: Grond(g.code, g.artikel or "", g.grond or "") for g in model.woo_gronden}


def register(index: Index, diagnostics: Diagnostics | None = None) -> dict[str, Grond]:
    """The grounds in force: a content register's own list if one gives it, else the standard list."""
    standard = standard_grounds()
    own: dict[str, Grond] = {}
    seen: dict[str, Position] = {}
    declared = False
    for content in index.files:
        if not isinstance(content.model, Register):
            continue
        for i, entry in enumerate(content.model.woo_gronden):
            declared = True
            path = ("woo_gronden", i)
            grond = _own_ground(content, path, entry, standard, diagnostics)
            if entry.code in seen:
                if diagnostics is not None:
                    first = seen[entry.code]
                    diagnostics.error(content.source.pos(path + ("code",)), "woo-register",
                                      f"de Woo-code '{entry.code}' staat al in {first.path}:{first.line}",
                                      "geef elke grond een eigen code")
                continue
            seen[entry.code] = content.source.pos(path + ("code",))
            if grond is not None:
                own[entry.code] = grond
    return own if declared else dict(standard)


def _own_ground(content: ContentFile, path: PathKey, entry: WooGrond, standard: dict[str, Grond],
                diagnostics: Diagnostics | None) -> Grond | None:
    if entry.standaard is not None:
        base = standard.get(entry.standaard)
        if base is None:
            if diagnostics is not None:
                close = difflib.get_close_matches(entry.standaard, list(standard), n=3, cutoff=0.6)
                diagnostics.error(content.source.pos(path + ("standaard",)), "woo-register",
                                  f"'{entry.standaard}' is geen standaardgrond van de Woo",
                                  _hint(close, standard))
            return None
        return Grond(entry.code, entry.artikel or base.artikel, entry.grond or base.grond)
    if not entry.artikel or not entry.grond:
        if diagnostics is not None:
            diagnostics.error(content.source.pos(path), "woo-register",
                              f"bij de Woo-code '{entry.code}' ontbreken 'artikel' en 'grond'",
                              "neem een standaardgrond over met 'standaard: 5.1.2e', of vul 'artikel' en 'grond' in")
        return None
    return Grond(entry.code, entry.artikel, entry.grond)


def _hint(close: list[str], gronden: dict[str, Any]) -> str:
    if close:
        return "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"
    codes = list(gronden)
    shown = ", ".join(codes[:6]) + (", ..." if len(codes) > 6 else "")
    return f"gebruik een code uit de lijst van Woo-gronden ({shown}); zie de schrijfwijzer"


# --- where withheld passages are written ---------------------------------------------------


def texts(model: Any) -> Iterator[tuple[Any, PathKey, str | None, str | int | None, str]]:
    """Every text of a file: (holding model, its path, field name, list index or dict key, text)."""
    for holder, path, _parent in walk(model):
        for name in type(holder).model_fields:
            value = getattr(holder, name)
            if isinstance(value, str):
                yield holder, path, name, None, value
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield holder, path, name, i, item
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, str):
                        yield holder, path, name, key, item


def _all_laks(text: str) -> Iterator[Lak]:
    """The withheld passages of ``text`` and those inside them, in the order they are written."""
    for lak in find_laks(text):
        yield lak
        if lak.passage is not None:
            yield from _all_laks(lak.passage)


def _value_path(path: PathKey, name: str, key: str | int | None) -> PathKey:
    return path + ((name,) if key is None else (name, key))


def _positions(content: ContentFile, value_path: PathKey, laks: list[Lak]) -> Iterator[tuple[Lak, Position]]:
    """Where each passage is typed: found in the file from the value on, one after the other."""
    start = content.source.pos(value_path)
    lines = content.source.lines
    line, col = start.line - 1, start.col - 1
    for lak in laks:
        pos = Position(content.source.path, line + 1, col + 1)
        for number in range(line, len(lines)):
            found = lines[number].find("[[lak", col if number == line else 0)
            if found >= 0:
                line, col = number, found + len(LAK_OPEN)
                pos = Position(content.source.path, number + 1, found + 1)
                break
        yield lak, pos


def wholes(model: Any) -> list[tuple[Any, PathKey]]:
    """Every part withheld whole (``lakken: CODE``), with its path, outermost first."""
    return [(m, path) for m, path, _parent in walk(model)
            if isinstance(m, WHOLE_MODELS) and getattr(m, "lakken", None)]


def withholds(content: ContentFile) -> bool:
    """Whether a file withholds anything, judged on its parsed values: the source text may spell
    '[[lak ' or 'lakken' otherwise (a folded line break after '[[lak', a YAML escape)."""
    if LAK_OPEN in content.source.text or "lakken" in content.source.text:
        return True
    return any(LAK_OPEN in text for *_, text in texts(content.model)) or bool(wholes(content.model))


def _inside(path: PathKey, outer: PathKey) -> bool:
    return len(path) > len(outer) and path[:len(outer)] == outer


# --- the check ---------------------------------------------------------------------------


def check_woo(index: Index, diagnostics: Diagnostics) -> None:
    """Every withheld passage is well formed and names a ground of the register."""
    gronden = register(index, diagnostics)
    for content in index.files:
        if not withholds(content):
            continue
        for _holder, path, name, key, text in texts(content.model):
            if LAK_OPEN not in text:
                continue
            value_path = _value_path(path, name, key)
            for lak, pos in _positions(content, value_path, list(_all_laks(text))):
                if lak.problem is not None:
                    diagnostics.error(pos, "woo-lakken", f"onvolledige weglakking: {lak.problem}",
                                      "schrijf [[lak CODE|tekst die weg moet]], bijvoorbeeld [[lak 5.1.2e|J. Jansen]]")
                elif lak.code not in gronden:
                    _unknown(diagnostics, pos, lak.code, gronden)
        for whole, path in wholes(content.model):
            if whole.lakken not in gronden:
                _unknown(diagnostics, content.source.pos(path + ("lakken",)), whole.lakken, gronden)
            if isinstance(whole, Bijlage) and whole.document:
                # The bijlage is a document of its own: its page and PDF would still be published.
                diagnostics.error(
                    content.source.pos(path + ("lakken",)), "woo-lakken",
                    f"de bijlage '{whole.document}' is een document in content/: 'lakken' hier houdt "
                    f"dat document niet uit de openbare versie",
                    "lak in dat document zelf weg wat niet openbaar is, of noem hier alleen de titel "
                    "zonder 'document:'",
                )
    _check_references(index, diagnostics)
    _check_derivable(index, diagnostics)


def _unknown(diagnostics: Diagnostics, pos: Position, code: str, gronden: dict[str, Grond]) -> None:
    close = difflib.get_close_matches(code, list(gronden), n=3, cutoff=0.6)
    diagnostics.error(pos, "woo-grond", f"onbekende Woo-grond '{code}'", _hint(close, gronden))


def _check_references(index: Index, diagnostics: Diagnostics) -> None:
    """Nothing outside a withheld whole refers to what is inside it: the reference would show it."""
    from .resolve import references

    withheld: dict[str, list[PathKey]] = {}
    for content in index.files:
        if withholds(content):
            found = [path for _whole, path in wholes(content.model)]
            if found:
                withheld[content.source.path] = found
    if not withheld:
        return
    for occ in references(index.files):
        node = index.nodes.get(occ.target)
        if node is None:
            continue
        for outer in withheld.get(node.file.source.path, ()):
            if _inside(node.path, outer) and not (occ.file is node.file and _inside(occ.path, outer)):
                diagnostics.error(
                    occ.pos, "woo-verwijzing",
                    f"'{occ.target}' staat in een deel dat wordt weggelakt; de verwijzing zou het "
                    f"in de openbare versie laten zien",
                    "verwijs naar het weggelakte deel zelf, of lak ook deze verwijzing weg met [[lak CODE|...]]",
                )
                break


def _check_derivable(index: Index, diagnostics: Diagnostics) -> None:
    """No withheld amount that a published total and the other cells give away (total minus the rest)."""
    for content in index.files:
        if withholds(content):
            for model, path, _parent in walk(content.model):
                if isinstance(model, Tabel):
                    _derivable(model, content, path, diagnostics)


def _withheld_cell(cell: Any) -> bool:
    text = cell.tekst if isinstance(cell, CelWaarde) else cell
    return isinstance(text, str) and LAK_OPEN in text


def _derivable(tabel: Tabel, content: ContentFile, path: PathKey, diagnostics: Diagnostics) -> None:
    from .checks.arithmetic import NUMERIC, read_cell, summed_groups

    scopes = [(groep.totaal, [g]) for g, groep in enumerate(tabel.groepen) if groep.totaal is not None]
    scopes += [(totaal, summed_groups(tabel, totaal)) for totaal in tabel.alle_totalen()]
    reported: set[PathKey] = set()
    for totaal, groups in scopes:
        for kolom in tabel.kolommen:
            stated = totaal.waarden.get(kolom.sleutel)
            if kolom.soort not in NUMERIC or _withheld_cell(stated) or read_cell(stated).value is None:
                continue
            withheld: list[PathKey] = []
            unknown = False
            for g in groups:
                for r, rij in enumerate(tabel.groepen[g].rijen):
                    cell = rij.cellen.get(kolom.sleutel)
                    if rij.niet_optellen:
                        continue
                    if _withheld_cell(cell):
                        withheld.append(path + ("groepen", g, "rijen", r, "cellen", kolom.sleutel))
                    elif read_cell(cell).kind == "onbekend":
                        unknown = True
            _report_derivable(withheld, unknown, reported, content, diagnostics)
    codes = [k.sleutel for k in tabel.kolommen if k.soort == "code"]
    amounts = [k.sleutel for k in tabel.kolommen if k.soort == "bedrag"]
    for totaal in tabel.alle_totalen():
        if totaal.over or len(codes) != 1 or len(amounts) != 1:
            continue
        for code in totaal.uitsplitsing:  # the published total per code: its rows' amounts
            withheld, unknown = [], False
            for g, groep in enumerate(tabel.groepen):
                for r, rij in enumerate(groep.rijen):
                    cell = rij.cellen.get(amounts[0])
                    if groep.niet_optellen or rij.niet_optellen or str(rij.cellen.get(codes[0], "")).strip() != code:
                        continue
                    if _withheld_cell(cell):
                        withheld.append(path + ("groepen", g, "rijen", r, "cellen", amounts[0]))
                    elif read_cell(cell).kind == "onbekend":
                        unknown = True
            _report_derivable(withheld, unknown, reported, content, diagnostics)


def _report_derivable(withheld: list[PathKey], unknown: bool, reported: set[PathKey], content: ContentFile,
                      diagnostics: Diagnostics) -> None:
    if len(withheld) == 1 and not unknown and withheld[0] not in reported:
        reported.add(withheld[0])
        diagnostics.error(content.source.pos(withheld[0]), "woo-afleidbaar",
                          "het weggelakte bedrag is af te leiden uit het totaal en de andere cellen",
                          "lak het totaal ook weg, met dezelfde grond: "
                          "{waarde: ..., tekst: \"[[lak CODE|...]]\"}")


# --- the redaction ---------------------------------------------------------------------------


def lak(index: Index, intern: bool = False) -> Woo:
    """Redact the checked corpus in place, once, before rendering (see the module's docstring).

    Public: each ``[[lak CODE|tekst]]`` becomes ``[[lak CODE]]``, each withheld whole
    keeps only its code (and number), the nodes inside it leave the index, and no
    backlink remains from a reference that stood in a withheld passage. Internal: the
    text stays; a withheld whole's title or signatory is marked as withheld.
    """
    gronden = register(index)
    woo = Woo(intern=intern, gronden=gronden)
    removed: set[str] = set()
    touched = False
    for content in index.files:
        if not withholds(content):
            continue
        touched = True
        for holder, path, name, key, text in list(texts(content.model)):
            if LAK_OPEN in text:
                _set(holder, name, key, redact(text, intern))
        if not intern:
            _withhold_numbers(content.model)
        for whole, path in wholes(content.model):
            _redact_whole(whole, intern)
            if not intern:
                removed.update(node_id for (file_path, node_path), node_id in index.by_path.items()
                               if file_path == content.source.path and _inside(node_path, path))
        document = getattr(content.model, "id", None) if type(content.model).kind else None
        if document:
            used = set(codes_used(content.model))
            # In the register's order: the legend reads like the municipality's list of grounds.
            woo.legenda[document] = [grond for code, grond in gronden.items() if code in used]
    index.woo = woo
    if not touched:  # nothing withheld anywhere: the index stays as the check made it
        return woo
    _forget(index, removed)
    if not intern:
        _drop_withheld_backlinks(index)
    _retitle(index)
    return woo


def redact(text: str, intern: bool) -> str:
    """``text`` as a build shows it: internal unchanged, public with every passage replaced by its marker."""
    if intern or LAK_OPEN not in text:
        return text
    parts, last = [], 0
    for found in find_laks(text):
        parts.append(text[last:found.start])
        parts.append(f"[[lak {found.code}]]")
        last = found.end
    parts.append(text[last:])
    return "".join(parts)


def _withhold_numbers(model: Any) -> None:
    """A table cell whose shown text withholds anything (``{waarde: 51017, tekst: "[[lak B|...]]"}``,
    or ``"ca. [[lak B|€ 51.017]]"``) loses its number too: open data, charts and sums would show it."""
    for holder, _path, _parent in walk(model):
        if isinstance(holder, CelWaarde) and holder.tekst and holder.waarde is not None:
            if find_laks(holder.tekst):
                holder.waarde = None


def _set(holder: BaseModel, name: str, key: str | int | None, value: str) -> None:
    if key is None:
        setattr(holder, name, value)
    else:
        getattr(holder, name)[key] = value


def _redact_whole(whole: Any, intern: bool) -> None:
    code = whole.lakken
    if intern:
        # The text stays; its title or signatory is marked like a passage, with the ground.
        if isinstance(whole, (Sectie, Bijlage)) and whole.titel:
            whole.titel = f"[[lak {code}|{whole.titel}]]"
        elif isinstance(whole, Ondertekenaar):
            whole.functie = f"[[lak {code}|{whole.functie}]]"
            if whole.naam:
                whole.naam = f"[[lak {code}|{whole.naam}]]"
        return
    marker = f"[[lak {code}]]"
    if isinstance(whole, LakBlok):
        whole.inhoud = []
    elif isinstance(whole, Sectie):
        whole.titel, whole.inhoud, whole.secties = marker, [], []
    elif isinstance(whole, Bijlage):
        whole.titel, whole.document, whole.vindplaats = marker, None, None
    elif isinstance(whole, Ondertekenaar):
        whole.functie, whole.persoon, whole.naam = marker, None, None


def codes_used(model: Any) -> list[str]:
    """The codes of the withheld passages and wholes a (redacted) document shows, in order of first use."""
    seen: dict[str, None] = {}
    for holder, _path, _parent in walk(model):
        if isinstance(holder, WHOLE_MODELS) and getattr(holder, "lakken", None):
            seen.setdefault(holder.lakken)
        for name in type(holder).model_fields:
            value = getattr(holder, name)
            values = value if isinstance(value, list) else value.values() if isinstance(value, dict) else [value]
            for item in values:
                if isinstance(item, str) and LAK_OPEN in item:
                    for found in _all_laks(item):
                        if found.problem is None:
                            seen.setdefault(found.code)
    return list(seen)


def _forget(index: Index, removed: set[str]) -> None:
    """Take the nodes inside withheld wholes out of the index, and every link to or from them."""
    if not removed:
        return
    for node_id in removed:
        node = index.nodes.pop(node_id)
        index.by_path.pop((node.file.source.path, node.path), None)
        index.ancestors.pop(node_id, None)
        index.backlinks.pop(node_id, None)
    for target, links in list(index.backlinks.items()):
        index.backlinks[target] = [link for link in links if link.source not in removed]


def _drop_withheld_backlinks(index: Index) -> None:
    """A backlink stays only where the redacted text still refers to its target."""
    for target, links in list(index.backlinks.items()):
        kept = [link for link in links if _still_refers(_value_at(link.file.model, link.path), target)]
        if len(kept) != len(links):
            index.backlinks[target] = kept


def _value_at(model: Any, path: PathKey) -> Any:
    value = model
    for part in path:
        try:
            if isinstance(value, BaseModel):
                value = getattr(value, part)
            else:
                value = value[part]
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return value


def _still_refers(value: Any, target: str) -> bool:
    if isinstance(value, str):
        return value == target or f"[[{target}" in value
    return False


def _retitle(index: Index) -> None:
    """Titles and labels (navigation, <title>, references, bookmarks) from the redacted model, as plain text."""
    from .labels import set_labels

    for node in index.nodes.values():
        if not isinstance(node.model, Actielijnen):
            node.title = plain_laks(title_of(node.model))
    set_labels(index)
    for node in index.nodes.values():
        if node.document_label:
            node.document_label = plain_laks(node.document_label)
        if node.short_label:
            node.short_label = plain_laks(node.short_label)
    if index.site_plan is not None:
        from .site.plan import make_plan

        index.site_plan = make_plan(index)
