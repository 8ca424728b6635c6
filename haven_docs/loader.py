"""Strict YAML loading with the position of every key and value.

PyYAML composes the node tree (which carries line and column marks); this
module turns it into plain Python data plus a map from each value's path
(``("hoofdstukken", 0, "titel")``) to where it was written. It refuses what
would silently lose or change a writer's text: duplicate keys, tabs used for
indentation, tags, anchors and aliases, invalid UTF-8, a BOM.

YAML 1.1 scalars are resolved as PyYAML does (``NO`` is a bool, ``17:00`` is
1020); the raw text is kept so the validator can say *why* a value that should
be text is not, and how to quote it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .diagnostics import Diagnostics, Position

MAX_FILE_BYTES = 2 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
STR_TAG = "tag:yaml.org,2002:str"

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class ValueInfo:
    """Where a value was written and, for scalars, how."""

    line: int
    col: int
    key_line: int | None = None  # position of the mapping key, if any
    key_col: int | None = None
    raw: str | None = None  # the scalar as typed
    tag: str | None = None  # YAML 1.1 tag PyYAML resolved
    plain: bool = False  # unquoted scalar


@dataclass
class SourceFile:
    """One loaded content file."""

    path: str  # as shown to the writer
    data: Any
    values: dict[PathKey, ValueInfo] = field(default_factory=dict)
    text: str = ""  # the file as read, to place references inside prose
    digest: str = ""  # sha256 of the bytes, for the incremental cache

    def pos(self, path: PathKey = (), key: bool = False) -> Position:
        """Best position for ``path``: the value (or its key), else the nearest parent."""
        probe = tuple(path)
        while True:
            info = self.values.get(probe)
            if info is not None:
                if key and info.key_line is not None and probe == tuple(path):
                    return Position(self.path, info.key_line, info.key_col or 1)
                return Position(self.path, info.line, info.col)
            if not probe:
                return Position(self.path, 1, 1)
            probe = probe[:-1]


class _Reject(Exception):
    def __init__(self, mark, code: str, message: str, hint: str | None = None):
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses tags, anchors and aliases while composing."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Reject(
                event.start_mark, "yaml-alias",
                "verwijzingen met '*' (YAML-aliassen) zijn niet toegestaan",
                "schrijf de tekst voluit; verwijs naar iets anders met [[id]] in tekst of met een id in een veld",
            )
        if getattr(event, "anchor", None):
            raise _Reject(
                event.start_mark, "yaml-alias",
                f"ankers ('&{event.anchor}') zijn niet toegestaan",
                "haal '&...' weg; gebruik een id om ergens naar te verwijzen",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", STR_TAG):
            raise _Reject(
                event.start_mark, "yaml-tag",
                f"YAML-tag '{tag}' is niet toegestaan",
                "haal de tag (het woord met '!') weg; de inhoud bestaat alleen uit tekst, getallen, lijsten en velden",
            )
        return super().compose_node(parent, index)


_FastLoader = getattr(yaml, "CSafeLoader", None)


def _compose(text: str):
    """The node tree of ``text`` and the loader that made it (to construct scalars).

    libyaml (PyYAML's C parser) is some 25 times faster than the pure-Python
    one, which matters for corpora of hundreds of documents. It cannot be
    hooked like _StrictLoader, so a first pass over its events refuses tags,
    anchors and aliases; any error is re-parsed by _StrictLoader, whose
    messages and positions the hints are written for.
    """
    if _FastLoader is not None:
        try:
            scanner = _FastLoader(text)
            try:
                while scanner.check_event():
                    event = scanner.get_event()
                    if (isinstance(event, AliasEvent) or getattr(event, "anchor", None)
                            or getattr(event, "tag", None) not in (None, "!", STR_TAG)):
                        raise yaml.YAMLError("refused construct")
            finally:
                scanner.dispose()
            loader = _FastLoader(text)
            return loader, loader.get_single_node()
        except yaml.YAMLError:
            pass  # fall through for the precise message
    loader = _StrictLoader(text)
    return loader, loader.get_single_node()


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


_SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "hier staat een ':' waar YAML die niet verwacht",
        "zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing",
    ),
    "could not find expected ':'": (
        "na een veldnaam ontbreekt ':'",
        "schrijf 'veld: waarde'; controleer ook de inspringing van de regel ervoor",
    ),
    "found unexpected end of stream": (
        "het bestand houdt onverwacht op",
        "ontbreekt er een afsluitend aanhalingsteken of haakje?",
    ),
    "found unknown escape character": (
        "onbekende escape-reeks met '\\' in tekst tussen dubbele aanhalingstekens",
        "gebruik enkele aanhalingstekens, of schrijf '\\\\' voor een backslash",
    ),
    "expected <block end>": (
        "de inspringing klopt niet",
        "velden op hetzelfde niveau moeten precies even ver inspringen (met spaties)",
    ),
    "did not find expected key": (
        "de inspringing klopt niet",
        "velden op hetzelfde niveau moeten precies even ver inspringen (met spaties)",
    ),
    "did not find expected '-' indicator": (
        "de lijst is onderbroken",
        "elk lijstitem begint met '- ' op dezelfde inspringing",
    ),
    "found character that cannot start any token": (
        "dit teken kan hier niet staan",
        "zet de waarde tussen aanhalingstekens",
    ),
    "expected a single document": (
        "het bestand bevat meer dan één YAML-document ('---')",
        "zet elk document in een eigen bestand",
    ),
}


def _syntax_message(problem: str) -> tuple[str, str]:
    for needle, (message, hint) in _SYNTAX_HINTS.items():
        if needle in problem:
            return f"YAML-syntaxfout: {message} ({problem})", hint
    return f"YAML-syntaxfout: {problem}", "controleer aanhalingstekens, dubbele punten en inspringing"


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: Path, diagnostics: Diagnostics, shown: str | None = None) -> SourceFile | None:
    """Load one YAML file; on any problem report it and return None."""
    shown = shown or display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Position(shown), "file-unreadable", f"bestand kan niet worden gelezen: {exc.strerror}")
        return None
    return load_bytes(raw, shown, diagnostics)


def load_bytes(raw: bytes, shown: str, diagnostics: Diagnostics) -> SourceFile | None:
    if len(raw) > MAX_FILE_BYTES:
        diagnostics.error(
            Position(shown), "file-too-large",
            f"bestand is te groot ({len(raw):,} bytes; maximaal {MAX_FILE_BYTES:,})".replace(",", "."),
            "splits het document in meerdere bestanden of verplaats grote bijlagen naar content/assets/",
        )
        return None
    if raw.startswith(BOM):
        diagnostics.error(
            Position(shown), "bom",
            "bestand begint met een byte-order-mark (BOM)",
            "sla het bestand op als 'UTF-8' zonder BOM",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(
            Position(shown, line, col), "encoding",
            f"ongeldige UTF-8 (byte 0x{raw[exc.start]:02x})",
            "sla het bestand op als 'UTF-8'; plak tekst uit Word of PDF opnieuw als platte tekst",
        )
        return None

    if not text.strip():
        diagnostics.error(Position(shown), "empty-file", "bestand is leeg", "verwijder het bestand of vul het in")
        return None

    # Tabs in indentation: YAML forbids them, and editors show them unlike
    # what YAML reads. Report each line, before the parser's cryptic message.
    tab_lines = 0
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            tab_lines += 1
            diagnostics.error(
                Position(shown, number, indent.index("\t") + 1), "tab-indent",
                "tab gebruikt voor inspringing",
                "spring in met spaties (stel de editor in op 'spaties in plaats van tabs')",
            )
    if tab_lines:
        return None

    loader = None
    try:
        # The reader checks for control characters already while constructing.
        loader, node = _compose(text)
    except _Reject as exc:
        diagnostics.error(
            Position(shown, exc.mark.line + 1, exc.mark.column + 1), exc.code, exc.message, exc.hint
        )
        return None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        diagnostics.error(
            Position(shown, line, col), "encoding",
            f"teken U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} is niet toegestaan in YAML",
            "verwijder het onzichtbare of besturingsteken",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "onbekend probleem"
        if isinstance(exc, ComposerError) and "single document" in (exc.context or ""):
            problem = "expected a single document"
        message, hint = _syntax_message(problem)
        diagnostics.error(Position(shown, line, col), "yaml-syntax", message, hint)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks its errors
        diagnostics.error(Position(shown), "yaml-syntax", f"YAML-syntaxfout: {exc}")
        return None
    finally:
        if loader is not None:
            loader.dispose()

    if node is None:
        diagnostics.error(Position(shown), "empty-file", "bestand bevat alleen commentaar", "vul het document in")
        return None

    source = SourceFile(shown, None, text=text, digest=hashlib.sha256(raw).hexdigest())
    before = len(diagnostics)
    source.data = _build(node, (), source, loader, diagnostics, None)
    if len(diagnostics) > before:
        return None
    return source


def _build(node, path: PathKey, source: SourceFile, loader, diagnostics: Diagnostics, key_node) -> Any:
    key_line = key_node.start_mark.line + 1 if key_node is not None else None
    key_col = key_node.start_mark.column + 1 if key_node is not None else None
    line, col = node.start_mark.line + 1, node.start_mark.column + 1

    if isinstance(node, ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            # e.g. an impossible date such as 2024-02-31
            diagnostics.error(
                Position(source.path, line, col), "yaml-value",
                f"waarde '{node.value}' kan niet worden gelezen ({exc.__class__.__name__})",
                "zet de waarde tussen aanhalingstekens als het tekst is; controleer anders de datum",
            )
            value = node.value
        source.values[path] = ValueInfo(
            line, col, key_line, key_col, raw=node.value, tag=node.tag, plain=not node.style
        )
        return value

    source.values[path] = ValueInfo(line, col, key_line, key_col)
    if isinstance(node, SequenceNode):
        return [
            _build(item, path + (index,), source, loader, diagnostics, None)
            for index, item in enumerate(node.value)
        ]

    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    first_seen: dict[str, Any] = {}
    for key_node_, value_node in node.value:
        if not isinstance(key_node_, ScalarNode):
            diagnostics.error(
                Position(source.path, key_node_.start_mark.line + 1, key_node_.start_mark.column + 1),
                "yaml-key", "een veldnaam moet gewone tekst zijn", "schrijf 'veldnaam: waarde'",
            )
            continue
        # Keys are field names: take them as typed (no YAML 1.1 'on' -> True).
        key = key_node_.value
        if key == "<<":
            diagnostics.error(
                Position(source.path, key_node_.start_mark.line + 1, key_node_.start_mark.column + 1),
                "yaml-alias", "samenvoegen met '<<' is niet toegestaan", "schrijf de velden voluit",
            )
            continue
        if key in first_seen:
            earlier = first_seen[key]
            diagnostics.error(
                Position(source.path, key_node_.start_mark.line + 1, key_node_.start_mark.column + 1),
                "duplicate-key",
                f"veld '{key}' staat twee keer in dezelfde map; YAML zou de eerste waarde stil weggooien",
                f"de eerste staat op regel {earlier.start_mark.line + 1}; voeg de twee samen of hernoem er een",
            )
            continue
        first_seen[key] = key_node_
        result[key] = _build(value_node, path + (key,), source, loader, diagnostics, key_node_)
    return result


# --- the content folder --------------------------------------------------------

#: Where each kind of file lives in the content folder.
LAYOUT = {
    "documenten": "één YAML-bestand per document (soort: nota, raadsvoorstel, beleidskader, ...)",
    "registers": "gedeelde registers (soort: register): organisaties, wetten, besluiten, moties, personen, afkortingen",
    "assets": "afbeeldingen en andere bestanden waarnaar de inhoud verwijst",
    "paginas": "losse Markdown-pagina's voor de site, zoals de schrijfwijzer",
}


def load_corpus(content_dir: Path, diagnostics: Diagnostics) -> list[SourceFile]:
    """Load every YAML file of the content folder, in a stable order."""
    sources: list[SourceFile] = []
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        top = relative.parts[0] if len(relative.parts) > 1 else ""
        shown = display_path(path)
        if top == "assets":
            continue
        if top == "paginas" and len(relative.parts) == 2 and path.suffix == ".md":
            continue
        if top in ("documenten", "registers") and len(relative.parts) == 2 and path.suffix == ".yaml":
            source = load_file(path, diagnostics, shown)
            if source is not None:
                sources.append(source)
            continue
        if path.suffix == ".yml":
            hint = f"hernoem het naar {path.stem}.yaml"
        else:
            hint = "zet het in " + " of ".join(f"content/{name}/" for name in LAYOUT) + " (zie de schrijfwijzer)"
        if path.suffix in (".yaml", ".yml") and top not in ("documenten", "registers"):
            hint = "documenten horen in content/documenten/, registers in content/registers/"
        diagnostics.error(
            Position(shown), "layout",
            "bestand staat niet op een plek die de build kent",
            hint,
        )
    return sources
