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
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .contentdir import ContentEntry, FileRefused, read_file, survey, too_large
from .diagnostics import Diagnostics, Position

MAX_FILE_BYTES = 2 * 1024 * 1024
TOO_LARGE_HINT = "splits het document in meerdere bestanden of verplaats grote bijlagen naar content/assets/"
#: Deepest nesting of lists and mappings accepted. Real content stays below 20;
#: a limit keeps the recursive composers (libyaml's crashes the process) safe.
MAX_DEPTH = 50
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

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

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


def _depth_error(mark) -> _Reject:
    return _Reject(
        mark, "yaml-depth",
        f"lijsten en velden zijn hier dieper genest dan {MAX_DEPTH} niveaus",
        "controleer de inspringing en de haakjes '[' en '{'; splits een heel diep document op",
    )


def _shown_tag(tag: str) -> str:
    """A tag as the writer typed it: '!!python/object', not 'tag:yaml.org,2002:python/object'."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses tags, anchors, aliases and too deep nesting while composing."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, CollectionStartEvent) and self._depth >= MAX_DEPTH:
            raise _depth_error(event.start_mark)
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
                f"YAML-tag '{_shown_tag(tag)}' is niet toegestaan",
                "haal de tag (het woord met '!') weg; de inhoud bestaat alleen uit tekst, getallen, lijsten en velden",
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
                depth = 0
                while scanner.check_event():
                    event = scanner.get_event()
                    if isinstance(event, CollectionStartEvent):
                        depth += 1
                    elif isinstance(event, CollectionEndEvent):
                        depth -= 1
                    if (depth > MAX_DEPTH or isinstance(event, AliasEvent) or getattr(event, "anchor", None)
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


_ODD_BREAKS = "\x85\u2028\u2029"
_ODD_BREAK_RE = re.compile(f"[{_ODD_BREAKS}]")
#: Characters no content text may hold, typed or written as an escape ("\r",
#: "\u202e"): they are invisible in an editor and in a review, yet change what a
#: page shows or how it is read. Control characters (C0 but tab and line feed,
#: DEL, C1), line and paragraph separators, bidirectional overrides and isolates,
#: zero-width characters and the byte-order mark inside text, lone surrogates
#: and non-characters.
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufffe\uffff]"
)
_CHAR_NAMES = {
    "\x00": "nul-teken", "\r": "regelterugloop (CR)", "\x1b": "escape-teken", "\x7f": "delete-teken",
    "\x85": "regeleinde NEL", "\u2028": "regelscheiding (LS)", "\u2029": "alineascheiding (PS)",
    "\u200b": "breedteloze spatie", "\u200c": "breedteloze niet-verbinder", "\u200d": "breedteloze verbinder",
    "\u2060": "woordverbinder", "\ufeff": "byte-order-mark",
}


def describe_char(char: str) -> str:
    """What a forbidden character is, for a writer: 'het besturingsteken U+000D (regelterugloop (CR))'."""
    code = ord(char)
    name = _CHAR_NAMES.get(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        what = "het onzichtbare richtingsteken"
        name = name or "laat tekst in een andere volgorde zien dan hij er staat"
    elif char in _ODD_BREAKS:
        what = "het onzichtbare regeleinde-teken"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        what = "het besturingsteken"
    elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        what = "het ongeldige teken"
    else:
        what = "het onzichtbare teken"
    return f"{what} U+{code:04X}" + (f" ({name})" if name else "")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


_SYNTAX_HINTS = {
    # most specific first: the first needle found in PyYAML's problem wins
    "but found '<scalar>'": (
        "hier staat tekst die YAML niet verwacht",
        "staat er tekst na een afsluitend aanhalingsteken? Zet dan de hele tekst tussen aanhalingstekens "
        "('...' of \"...\"); controleer anders de inspringing",
    ),
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
    "found character '\\t' that cannot start any token": (
        "hier staat een tab",
        "gebruik spaties in plaats van tabs",
    ),
    "that cannot start any token": (
        "dit teken kan hier niet staan",
        "zet de waarde tussen aanhalingstekens",
    ),
    "expected ',' or ']'": (
        "de lijst tussen [ ] is niet goed afgesloten",
        "sluit de lijst af met ']' en zet tekst met een komma of dubbele punt tussen aanhalingstekens",
    ),
    "expected ',' or '}'": (
        "de velden tussen { } zijn niet goed afgesloten",
        "sluit af met '}' en zet tekst met een komma of dubbele punt tussen aanhalingstekens",
    ),
    "expected '<document start>'": (
        "na het einde van het document staat nog iets",
        "een bestand bevat één document: haal '---' en '...' weg, en wat daarna staat",
    ),
    "found unexpected document separator": (
        "hier staat '---' of '...' (het einde van een document)",
        "een bestand bevat één document: haal '---' en '...' weg",
    ),
    "sequence entries are not allowed here": (
        "een lijstitem ('- ') staat hier op een verkeerde plek",
        "begin een lijstitem op een eigen regel; zet tekst die met '- ' begint tussen aanhalingstekens",
    ),
    "expected the node content": (
        "hier ontbreekt een waarde",
        "zet tekst die met een leesteken begint tussen aanhalingstekens",
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


def load_file(path: Path, diagnostics: Diagnostics, shown: str | None = None,
              known: Callable[[str, bytes], SourceFile | None] = lambda shown, raw: None) -> SourceFile | None:
    """Load one YAML file; on any problem report it and return None."""
    shown = shown or display_path(path)
    try:
        raw = read_file(path, MAX_FILE_BYTES, TOO_LARGE_HINT)
    except FileRefused as refused:
        diagnostics.error(Position(shown), refused.code, refused.message, refused.hint)
        return None
    return known(shown, raw) or load_bytes(raw, shown, diagnostics)


def decode_text(raw: bytes, shown: str, diagnostics: Diagnostics) -> str | None:
    """The text of a content file's bytes: UTF-8 without a BOM (UTF-16 has one); else report and None."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.error(
            Position(shown), "encoding", "bestand is opgeslagen als UTF-16",
            "sla het bestand op als 'UTF-8' (zonder BOM)",
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
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(
            Position(shown, line, col), "encoding",
            f"ongeldige UTF-8 (byte 0x{raw[exc.start]:02x})",
            "sla het bestand op als 'UTF-8'; plak tekst uit Word of PDF opnieuw als platte tekst",
        )
        return None


def load_bytes(raw: bytes, shown: str, diagnostics: Diagnostics) -> SourceFile | None:
    if len(raw) > MAX_FILE_BYTES:
        refused = too_large(len(raw), MAX_FILE_BYTES, TOO_LARGE_HINT)
        diagnostics.error(Position(shown), refused.code, refused.message, refused.hint)
        return None
    text = decode_text(raw, shown, diagnostics)
    if text is None:
        return None

    if not text.strip():
        diagnostics.error(Position(shown), "empty-file", "bestand is leeg", "verwijder het bestand of vul het in")
        return None

    # One kind of line break, so that every position below counts lines as an
    # editor does. YAML also breaks lines at NEL, LS and PS, editors do not:
    # refuse those (they come from pasted Word or PDF text).
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    odd_breaks = 0
    for number, line in enumerate(text.split("\n") if _ODD_BREAK_RE.search(text) else (), start=1):
        for col, char in enumerate(line, start=1):
            if char in _ODD_BREAKS:
                odd_breaks += 1
                diagnostics.error(
                    Position(shown, number, col), "encoding",
                    f"onzichtbaar regeleinde-teken U+{ord(char):04X}",
                    "verwijder het teken, of vervang het door een spatie of een gewone nieuwe regel",
                )
    if odd_breaks:
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
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        if FORBIDDEN_CHARS.match(char):
            diagnostics.error(Position(shown, line, col), "invisible-char", f"tekst bevat {describe_char(char)}",
                              "verwijder het teken; plak tekst uit Word of pdf opnieuw als platte tekst")
        else:
            diagnostics.error(
                Position(shown, line, col), "encoding", f"teken U+{ord(char):04X} is niet toegestaan in YAML",
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
        context = exc.context_mark
        if context is not None and "end of stream" in problem and "quoted scalar" in (exc.context or ""):
            # An unclosed quote runs to the end of the file: point at where it starts.
            line, col = context.line + 1, context.column + 1
            message = "YAML-syntaxfout: het aanhalingsteken wordt niet gesloten"
            hint = "sluit de tekst af met hetzelfde aanhalingsteken (\" of ') waarmee hij begint"
        elif context is not None and "flow" in (exc.context or "") and context.line + 1 != line:
            hint += f" (de haakjes beginnen op regel {context.line + 1}, kolom {context.column + 1})"
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
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. an impossible date such as 2024-02-31, or a number of 5000 digits
            shown_value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            if node.tag.endswith(":timestamp"):
                message = f"datum '{shown_value}' bestaat niet"
                hint = "controleer dag en maand (JJJJ-MM-DD); is het tekst, zet het dan tussen aanhalingstekens"
            else:
                message = f"waarde '{shown_value}' kan niet worden gelezen"
                hint = "zet de waarde tussen aanhalingstekens als het tekst is"
            diagnostics.error(Position(source.path, line, col), "yaml-value", message, hint)
            value = node.value
        if FORBIDDEN_CHARS.search(node.value):
            _report_forbidden_char(node, source, diagnostics)
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
        if FORBIDDEN_CHARS.search(key):
            _report_forbidden_char(key_node_, source, diagnostics, "veldnaam")
            continue
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


# --- forbidden characters in text ------------------------------------------------------

#: YAML's escapes in double-quoted text, as far as they give a single character.
_YAML_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _offset(starts: list[int], text: str, mark) -> int:
    """Index in ``text`` of a PyYAML or libyaml mark (by line and column: both count characters)."""
    return min(starts[min(mark.line, len(starts) - 1)] + mark.column, len(text))


def _report_forbidden_char(node, source: SourceFile, diagnostics: Diagnostics, what: str = "tekst") -> None:
    """The first forbidden character of a scalar, at the place it was typed or escaped."""
    starts = [0]
    for line in source.lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    start, end = _offset(starts, source.text, node.start_mark), _offset(starts, source.text, node.end_mark)
    span = source.text[start:end]
    typed = FORBIDDEN_CHARS.search(span)
    escaped = None
    if getattr(node, "style", None) == '"':
        for match in _ESCAPE_RE.finditer(span):
            code = match.group(1)
            char = _YAML_ESCAPES.get(code) if len(code) == 1 else chr(int(code[1:], 16))
            if char and FORBIDDEN_CHARS.match(char):
                escaped = (match.start(), char)
                break
    if typed is not None and (escaped is None or typed.start() < escaped[0]):
        index, char, via = typed.start(), typed.group(), ""
        hint = "verwijder het teken; plak tekst uit Word of pdf opnieuw als platte tekst"
    elif escaped is not None:
        index, (char, via) = escaped[0], (escaped[1], " (via een escape-reeks met '\\')")
        hint = "haal de escape-reeks weg" + ("; een nieuwe regel schrijf je door de tekst als blok te schrijven "
                                            "(zie 'Lange tekst: een blok' in de schrijfwijzer)" if char == "\r" else "")
    else:  # pragma: no cover - a forbidden character comes from the span, typed or escaped
        index, char, via = 0, FORBIDDEN_CHARS.search(node.value).group(), ""
        hint = "verwijder het teken"
    line, col = _line_col(source.text, start + index)
    diagnostics.error(Position(source.path, line, col), "invisible-char", f"{what} bevat {describe_char(char)}{via}", hint)


def text_chars_ok(text: str, shown: str, diagnostics: Diagnostics) -> bool:
    """A whole text file (a guide page): every forbidden character an error, the first of each line."""
    if not FORBIDDEN_CHARS.search(text):
        return True
    for number, line in enumerate(text.split("\n"), start=1):
        found = FORBIDDEN_CHARS.search(line)
        if found:
            diagnostics.error(Position(shown, number, found.start() + 1), "invisible-char",
                              f"tekst bevat {describe_char(found.group())}",
                              "verwijder het teken; plak tekst uit Word of pdf opnieuw als platte tekst")
    return False


# --- the content folder --------------------------------------------------------

#: Where each kind of file lives in the content folder.
LAYOUT = {
    "documenten": "één YAML-bestand per document (soort: nota, raadsvoorstel, beleidskader, ...)",
    "registers": "gedeelde registers (soort: register): organisaties, wetten, besluiten, moties, personen, afkortingen",
    "assets": "afbeeldingen en andere bestanden waarnaar de inhoud verwijst",
    "paginas": "losse Markdown-pagina's voor de site, zoals de schrijfwijzer",
}

#: The one settings file (soort: instellingen), directly in the content folder.
SETTINGS_FILE = "instellingen.yaml"


@dataclass
class GuidePage:
    """A Markdown page of the writers' guide (content/paginas/*.md), read and decoded."""

    name: str  # file name, e.g. 'schrijfwijzer.md'
    shown: str  # as shown to the writer
    text: str


@dataclass
class LoadedFolder:
    """Everything the check read from the content folder; later stages read no file again."""

    sources: list[SourceFile] = field(default_factory=list)
    pages: list[GuidePage] = field(default_factory=list)
    assets: list[ContentEntry] = field(default_factory=list)  # listed, not read: see :mod:`.assets`


def load_corpus(content_dir: Path, diagnostics: Diagnostics,
                known: Callable[[str, bytes], SourceFile | None] = lambda shown, raw: None) -> LoadedFolder:
    """Load every file of the content folder, in a stable order.

    ``known`` gives the already loaded source of a file an earlier build has
    seen with the same name and bytes (see :mod:`.filecache`).
    """
    loaded = LoadedFolder()
    for entry in survey(content_dir, display_path(content_dir), diagnostics):
        parts = entry.parts
        path = Path(*parts)
        top = parts[0] if len(parts) > 1 else ""
        if top == "assets":
            loaded.assets.append(entry)
            continue
        if top == "paginas" and len(parts) == 2 and path.suffix == ".md":
            page = load_page(entry, diagnostics)
            if page is not None:
                loaded.pages.append(page)
            continue
        if (top in ("documenten", "registers") and len(parts) == 2 and path.suffix == ".yaml") \
                or parts == (SETTINGS_FILE,):
            source = load_file(entry.path, diagnostics, entry.shown, known)
            if source is not None:
                loaded.sources.append(source)
            continue
        if path.suffix == ".yml":
            hint = f"hernoem het naar {path.stem}.yaml"
        else:
            hint = "zet het in " + " of ".join(f"content/{name}/" for name in LAYOUT) + " (zie de schrijfwijzer)"
        if path.suffix in (".yaml", ".yml") and top not in ("documenten", "registers"):
            hint = ("documenten horen in content/documenten/, registers in content/registers/, "
                    f"de instellingen in content/{SETTINGS_FILE}")
        elif path.suffix == ".yaml" and top in ("documenten", "registers"):
            hint = f"zet het direct in content/{top}/: submappen worden niet gelezen"
        diagnostics.error(
            Position(entry.shown), "layout",
            "bestand staat niet op een plek die de build kent",
            hint,
        )
    return loaded


def load_page(entry: ContentEntry, diagnostics: Diagnostics) -> GuidePage | None:
    """A guide page, read and decoded like a YAML file (size, BOM, UTF-8)."""
    try:
        raw = read_file(entry.path, MAX_FILE_BYTES, "splits de pagina in meerdere pagina's")
    except FileRefused as refused:
        diagnostics.error(Position(entry.shown), refused.code, refused.message, refused.hint)
        return None
    text = decode_text(raw, entry.shown, diagnostics)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text_chars_ok(text, entry.shown, diagnostics):
        return None
    return GuidePage(entry.parts[-1], entry.shown, text)
