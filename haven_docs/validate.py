"""Validate loaded data against the content model, with messages in Dutch.

Pydantic does the checking; this module turns each of its errors into a
diagnostic at the position the writer typed, and says why a value that looks
like text is not (YAML 1.1 reads ``NO`` as false and ``17:00`` as 1020).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics
from .loader import SourceFile, ValueInfo
from .model import FILE_MODELS, Strict
from .model.documents import GENERIC_MODEL
from .model.blocks import BLOCK_TYPES, _block_tag


@dataclass
class ContentFile:
    """A validated content file: its source (for positions) and its model."""

    source: SourceFile
    model: Strict
    #: facts that follow from this file alone (its references, its link problems),
    #: computed once and kept with the file in the parse cache (see :mod:`.filecache`)
    derived: dict[str, Any] = field(default_factory=dict)

    @property
    def soort(self) -> str:
        return self.model.soort  # type: ignore[attr-defined]


#: Longest text in one value. The longest in the real content is under 2.000 characters; the
#: Markdown parser takes time quadratic in the length for some inputs (thousands of '['), so a
#: hostile text of a megabyte would stall every build.
MAX_TEXT_CHARS = 50_000
#: Numbers (amounts, counts, estimates in a table cell) stay below a billiard:
#: fifteen digits, exact in every format and sum the build uses. Larger ones
#: are typing errors, or belong in a table with an 'eenheid' (in miljoenen).
MAX_NUMBER = 10 ** 15


def validate(sources: list[SourceFile], diagnostics: Diagnostics,
             known: Callable[[SourceFile], ContentFile | None] = lambda source: None) -> list[ContentFile]:
    """The content files of ``sources``; ``known`` gives those validated by an earlier build."""
    from .soorten import declared_kind_ids, standard_kinds

    # A document of a kind without a model of its own needs that kind to exist: a standard
    # kind, or one a register declares (its full check comes with the index: checks.kinds).
    kinds = set(standard_kinds()) | declared_kind_ids(source.data for source in sources)
    files: list[ContentFile] = []
    for source in sources:
        content = known(source)
        if content is not None:
            files.append(content)
            continue
        model = validate_file(source, diagnostics, kinds)
        if model is not None:
            files.append(ContentFile(source, model))
    return files


def validate_file(source: SourceFile, diagnostics: Diagnostics, kinds: set[str] = frozenset()) -> Strict | None:
    """The model of one file; ``kinds``: the document kinds without a model of their own."""
    data = source.data
    if not isinstance(data, dict):
        diagnostics.error(
            source.pos(()), "wrong-type",
            "een contentbestand bestaat uit velden (veld: waarde), geen losse tekst of lijst",
            "begin met 'soort: ...' en 'id: ...'",
        )
        return None
    soort = data.get("soort")
    known_kinds = [*FILE_MODELS, *sorted(set(kinds) - set(FILE_MODELS))]
    if soort is None:
        diagnostics.error(
            source.pos(()), "missing-field", "verplicht veld 'soort' ontbreekt",
            f"zet bovenaan 'soort:' met één van: {', '.join(known_kinds)}",
        )
        return None
    if not isinstance(soort, str) or (soort not in FILE_MODELS and soort not in kinds):
        close = difflib.get_close_matches(str(soort), known_kinds, n=1)
        diagnostics.error(
            source.pos(("soort",)), "invalid-value", f"onbekende soort '{soort}'",
            f"bedoelde u '{close[0]}'?" if close else
            f"kies uit: {', '.join(known_kinds)}; of voeg de soort toe onder 'soorten:' in een register",
        )
        return None
    model_cls = FILE_MODELS.get(soort, GENERIC_MODEL)
    # Text that YAML quietly split or turned into a number: reported here, and
    # the schema's complaints about the same values are left out.
    split = _comma_splits(source)
    try:
        model = model_cls.model_validate(data)
        reported: set[tuple] = set()
    except ValidationError as exc:
        reported = report_validation_error(exc, model_cls, source, diagnostics, skip=set(split))
        model = None
    for path, (message, hint) in split.items():
        if hint is not None:  # None: a later piece of the same split text
            diagnostics.error(source.pos(path, key=True), "yaml-comma", message, hint)
    odd = _odd_numbers(source, reported | set(split))
    for path, info in odd:
        value = _value_at(data, path)
        diagnostics.error(
            source.pos(path), "yaml-coercion",
            f"'{info.raw}' wordt in YAML gelezen als het getal {value}",
            f"bedoelt u de tekst {info.raw}, zet die dan tussen aanhalingstekens: \"{info.raw}\"; "
            "schrijf een getal zonder voorloopnul, ':' of '_'",
        )
    long = [(path, info) for path, info in source.values.items() if info.raw and len(info.raw) > MAX_TEXT_CHARS]
    for path, info in long:
        diagnostics.error(
            source.pos(path), "invalid-value",
            f"tekst is te lang ({len(info.raw):,} tekens; maximaal {MAX_TEXT_CHARS:,})".replace(",", "."),
            "verdeel de tekst over meerdere tekstblokken of hoofdstukken",
        )
    large = _too_large_numbers(source)
    for path, shown in large:
        diagnostics.error(
            source.pos(path), "number-too-large",
            f"getal '{shown}' is te groot (het moet kleiner zijn dan 1.000.000.000.000.000, een biljard)",
            "controleer het getal; staan de getallen van een tabel in een grotere eenheid, "
            "geef de tabel dan 'eenheid:', bijvoorbeeld '(in miljoenen)'",
        )
    return None if split or odd or long or large else model


def report_validation_error(
    exc: ValidationError, model_cls: type[BaseModel], source: SourceFile, diagnostics: Diagnostics,
    skip: set[tuple] = frozenset(),  # type: ignore[assignment]
) -> set[tuple]:
    """Report each error of ``exc`` once per place; returns the data paths reported."""
    seen: set[tuple] = set()
    errors = exc.errors(include_url=False)
    paths = [_data_path(source.data, error["loc"]) for error in errors]
    unknown: dict[tuple, list[str]] = {}  # parent path -> unknown keys, for typos of required fields
    periode: set[tuple] = set()  # paths where a year or month is also accepted
    for error, path in zip(errors, paths):
        if error["type"] == "extra_forbidden" and path:
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
        if error["type"] == "string_pattern_mismatch" and "\\d{4}" in (error.get("ctx") or {}).get("pattern", ""):
            periode.add(path)
    for error, path in zip(errors, paths):
        if path in skip or any(path[: len(s)] == s for s in skip if s):
            continue
        if error["type"] == "extra_forbidden":
            key = path  # the unknown key itself
        else:
            key = None
        # One message per place: unions report once per member.
        marker = (path, error["type"] == "extra_forbidden")
        if marker in seen:
            continue
        seen.add(marker)
        code, message, hint = _describe(error, path, model_cls, source, path in periode)
        if error["type"] == "missing":
            typo = difflib.get_close_matches(str(error["loc"][-1]), unknown.get(path, []), n=1, cutoff=0.6)
            if typo:
                line = source.pos(path + (typo[0],), key=True).line
                hint = f"staat het er met een tikfout, als '{typo[0]}' op regel {line}?"
        diagnostics.error(source.pos(path, key=key is not None), code, message, hint)
    return set(paths)


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_INT = re.compile(r"-?(0|[1-9][0-9]*)\Z")


def _odd_numbers(source: SourceFile, skip: set[tuple]) -> list[tuple[tuple, ValueInfo]]:
    """Unquoted values that YAML 1.1 reads as a number other than the digits typed.

    ``010`` is 8 (octal), ``1:30`` is 90 (base 60), ``0x1F`` is 31 and ``1_000``
    is 1000. Fields that take numbers as text (a nummer, a year) would silently
    show the changed value, so these are refused wherever they appear.
    """
    return [
        (path, info) for path, info in source.values.items()
        if info.plain and info.tag == _INT_TAG and info.raw is not None
        and not _PLAIN_INT.match(info.raw) and path not in skip
    ]


def _too_large_numbers(source: SourceFile) -> list[tuple[tuple, str]]:
    """Numbers of at least MAX_NUMBER: YAML numbers anywhere, and numbers in table cell texts ('ca. 300')."""
    from .checks.arithmetic import read_cell

    found = []
    for path, info in source.values.items():
        if info.raw is None or not any(c.isdigit() for c in info.raw[:40]):
            continue
        value = _value_at(source.data, path)
        if isinstance(value, str) and "cellen" in path:
            value = read_cell(value).value
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            continue
        if not abs(value) < MAX_NUMBER:  # also NaN and infinity
            found.append((path, _short(info.raw, 40)))
    return found


_NULL_TAG = "tag:yaml.org,2002:null"


def _comma_splits(source: SourceFile) -> dict[tuple, tuple[str, str | None]]:
    """Keys of ``{a: b, c}`` that a comma split off the text before them.

    ``{rol: Secretaris, algemeen directeur}`` is the mapping
    ``{rol: Secretaris, "algemeen directeur": null}``. Returns, per split-off
    key, a message and a hint; the hint is None for the later pieces of one
    split text, which are reported with the first.
    """
    def split_off(path: tuple) -> bool:
        info = source.values.get(path)
        if info is None or info.raw != "" or info.tag != _NULL_TAG or info.key_line is None:
            return False
        line = source.lines[info.key_line - 1] if info.key_line <= len(source.lines) else ""
        rest = line[(info.key_col or 1) - 1 + len(str(path[-1])):].lstrip(" ")
        return rest[:1] in (",", "}")

    found: dict[tuple, tuple[str, str | None]] = {}
    for path in [p for p in source.values if p and isinstance(p[-1], str)]:
        if not split_off(path):
            continue
        parent = path[:-1]
        mapping = _value_at(source.data, parent)
        keys = list(mapping)
        i = keys.index(path[-1])
        if i > 0 and split_off(parent + (keys[i - 1],)):
            found[path] = ("", None)
            continue
        last = i
        while last + 1 < len(keys) and split_off(parent + (keys[last + 1],)):
            last += 1
        message = f"'{path[-1]}' staat als los veld binnen {{ ... }}: een komma heeft de tekst ervoor gesplitst"
        hint = "binnen { ... } scheidt een komma de velden: zet tekst met een komma tussen aanhalingstekens"
        owner = parent + (keys[i - 1],) if i > 0 else None
        start = source.values.get(owner) if owner else None
        end = source.values[parent + (keys[last],)]
        if start is not None and start.plain and start.raw and start.line == end.key_line:
            text = source.lines[start.line - 1][start.col - 1 : (end.key_col or 1) - 1 + len(str(keys[last]))]
            hint = f"binnen {{ ... }} scheidt een komma de velden; schrijf {owner[-1]}: \"{text}\""
        found[path] = (message, hint)
    return found


def _data_path(data: Any, loc: tuple) -> tuple:
    """The loc of a pydantic error as a path into the data (union tags dropped)."""
    path: list = []
    current = data
    for part in loc:
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
        # anything else is a union member or tag name: not part of the data
    return tuple(path)


_YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "een ja/nee-waarde",
    "tag:yaml.org,2002:int": "een getal",
    "tag:yaml.org,2002:float": "een kommagetal",
    "tag:yaml.org,2002:timestamp": "een datum",
    "tag:yaml.org,2002:null": "leeg",
}


def _coercion(info: ValueInfo | None) -> str | None:
    """Why YAML read a plain value as something else than text, if it did."""
    if info is None or not info.plain or info.tag not in _YAML_TYPE_NAMES:
        return None
    return _YAML_TYPE_NAMES[info.tag]


def _describe(
    error: dict, path: tuple, model_cls: type[BaseModel], source: SourceFile, periode: bool = False
) -> tuple[str, str, str | None]:
    kind = error["type"]
    value = error.get("input")
    info = source.values.get(path)
    raw = info.raw if info else None
    field = str(path[-1]) if path else "document"
    ctx = error.get("ctx") or {}

    if kind == "missing":
        name = str(error["loc"][-1])
        description = _field_description(model_cls, source.data, path + (name,))
        return (
            "missing-field",
            f"verplicht veld '{name}' ontbreekt",
            f"voeg '{name}:' toe" + (f" ({description})" if description else ""),
        )
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model_cls, source.data, path[:-1])
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        if close:
            hint = f"bedoelde u '{close[0]}'?"
        elif allowed:
            hint = "toegestaan zijn: " + ", ".join(sorted(allowed))
        else:
            hint = None
        return "unknown-field", f"onbekend veld '{field}'", hint
    if kind == "block_kind":
        return (
            "unknown-field",
            "onbekend soort blok" + (f" (velden: {', '.join(map(str, value))})" if isinstance(value, dict) else ""),
            "een blok in 'inhoud' begint met één van: " + ", ".join(BLOCK_TYPES),
        )

    read_as = _coercion(info)
    if isinstance(value, list) and kind.endswith(("_type", "_parsing")) and info is not None:
        typed = source.lines[info.line - 1][info.col - 1:].rstrip()
        if typed.startswith("[["):
            # A text that starts with a reference is a YAML list unless quoted.
            return (
                "yaml-coercion",
                f"'{_short(typed)}' wordt in YAML gelezen als een lijst, niet als tekst",
                "tekst die met [[ begint moet tussen aanhalingstekens: \"" + _short(typed) + "\"",
            )
    if value is None and kind.endswith(("_type", "_parsing")):
        return "wrong-type", f"'{field}' is leeg", "vul een waarde in, of laat het veld weg als het niet verplicht is"
    if kind in ("string_type", "str_type"):
        if read_as:
            return (
                "yaml-coercion",
                f"'{raw}' wordt in YAML gelezen als {read_as} ({_show(value)}), niet als tekst",
                f"zet de tekst tussen aanhalingstekens: \"{raw}\"",
            )
        return "wrong-type", f"verwacht tekst, maar kreeg {_type_name(value)}", "zet de tekst tussen aanhalingstekens"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and value.replace(".", "").replace("€", "").strip().lstrip("-").isdigit():
            digits = value.replace(".", "").replace("€", "").strip()
            return (
                "wrong-type",
                f"'{value}' is tekst, geen geheel getal",
                f"schrijf bedragen in hele euro's zonder punten of €-teken: {digits}",
            )
        if isinstance(value, float):
            if raw and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):  # 1.632 is Dutch for 1632
                hint = f"schrijf bedragen in hele euro's zonder punten: {raw.replace('.', '')}"
            else:
                hint = "schrijf een geheel getal, zonder punt of komma (bedragen in hele euro's)"
            return "wrong-type", f"'{raw}' wordt gelezen als kommagetal {value}, niet als geheel getal", hint
        if read_as:
            return "yaml-coercion", f"'{raw}' wordt in YAML gelezen als {read_as}, niet als geheel getal", "schrijf een geheel getal"
        return (
            "wrong-type", f"verwacht een geheel getal, maar kreeg {_type_name(value)}",
            "schrijf het getal in cijfers, zonder punten en zonder aanhalingstekens",
        )
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        suggestion = _iso_date(str(value), periode) if isinstance(value, str) else None
        if suggestion:
            hint = f"schrijf datums als JJJJ-MM-DD{', een maand als JJJJ-MM' if periode else ''}: {suggestion}"
        elif periode:
            hint = "schrijf een datum als JJJJ-MM-DD (2024-06-04), een maand als JJJJ-MM (2024-05) of een jaar (2025)"
        else:
            hint = "schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2024-06-04"
        return "wrong-type", f"verwacht een datum, maar kreeg {_show(value)}", hint
    if kind in ("bool_type", "bool_parsing"):
        return "wrong-type", f"verwacht ja/nee (true of false), maar kreeg {_show(value)}", "schrijf true of false"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1)
        return (
            "invalid-value",
            f"waarde '{raw if raw is not None else value}' is hier niet toegestaan",
            f"bedoelde u '{close[0]}'?" if close else "kies uit: " + ", ".join(options),
        )
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern.startswith("^[a-z0-9]+(-"):
            return (
                "invalid-id",
                f"'{value}' is geen geldig id",
                "gebruik alleen kleine letters, cijfers en '-', bijv. pijler-humane-opvang",
            )
        if "\\d{4}" in pattern:
            return "wrong-type", f"'{value}' is geen datum, jaar of maand", "schrijf 2024-06-04, 2024-05 of 2025"
        if "T[0-9]{2}:" in pattern:
            return ("wrong-type", f"'{value}' is geen datum en tijd",
                    "schrijf JJJJ-MM-DDTUU:MM in Nederlandse tijd, bijv. 2024-11-01T10:00 voor 1 november 10 uur")
        return "invalid-value", f"'{value}' heeft niet de juiste vorm", None
    if kind == "string_too_long":
        return "invalid-value", f"'{field}' is te lang", f"maximaal {ctx.get('max_length')} tekens"
    if kind in ("too_short",):
        return "missing-field", f"'{field}' mag niet leeg zijn", "voeg minstens één onderdeel toe"
    if kind == "list_type":
        if value is None:
            return "wrong-type", f"'{field}' is leeg", "vul de lijst (regels die met '- ' beginnen) of laat het veld weg"
        return (
            "wrong-type", f"'{field}' moet een lijst zijn (regels die met '- ' beginnen)",
            f"zet elk onderdeel op een eigen regel onder '{field}:', beginnend met '- '",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if value is None:
            return "wrong-type", f"'{field}' is leeg", "vul de velden in of laat het veld weg"
        return (
            "wrong-type", f"'{field}' moet velden bevatten (veld: waarde), geen {_type_name(value)}",
            f"zet de velden ingesprongen op de regels onder '{field}:'",
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "invalid-value", "onbekend soort onderdeel", None
    return "invalid-value", f"ongeldige waarde voor '{field}': {error.get('msg')}", None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("januari", "jan"), ("februari", "feb"), ("maart", "mrt", "mar"), ("april", "apr"), ("mei",),
         ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"), ("september", "sep", "sept"),
         ("oktober", "okt", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}


def _iso_date(text: str, month_allowed: bool) -> str | None:
    """'04-06-2024' or '4 juni 2024' as '2024-06-04' (and 'mei 2024' as '2024-05'), if it is a date."""
    text = text.strip().lower().rstrip(".")
    day = month = year = None
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        day, month, year = (int(g) for g in match.groups())
    elif (match := re.fullmatch(r"(\d{1,2})\.? ([a-z]+)\.? (\d{4})", text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    elif month_allowed and (match := re.fullmatch(r"([a-z]+)\.? (\d{4})", text)) and match.group(1) in _MONTHS:
        return f"{match.group(2)}-{_MONTHS[match.group(1)]:02d}"
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return "een ja/nee-waarde"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, dt.date):
        return f"de datum {value.isoformat()}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "velden"
    return f"'{value}'"


# --- walking the model classes alongside the data (for hints) --------------------------


def _strict_classes(annotation: Any, data: Any) -> list[type[Strict]]:
    """The Strict model classes an annotation may hold, best match for ``data`` first."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _strict_classes(typing.get_args(annotation)[0], data)
    if origin in (typing.Union, types.UnionType):
        found: list[type[Strict]] = []
        for arg in typing.get_args(annotation):
            found.extend(_strict_classes(arg, data))
        if isinstance(data, dict) and len(found) > 1:
            tag = _block_tag(data)
            if tag in BLOCK_TYPES and BLOCK_TYPES[tag] in found:
                return [BLOCK_TYPES[tag]]
            found.sort(key=lambda cls: -len(set(data) & set(cls.model_fields)))
        return found
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return [annotation]
    return []


def _item_annotation(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _item_annotation(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _item_annotation(arg)
            if inner is not None:
                return inner
        return None
    if origin in (list, dict):
        return typing.get_args(annotation)[-1]
    return None


def _class_at(root: type[Strict], data: Any, path: tuple) -> type[Strict] | None:
    cls: type[Strict] | None = root
    annotation: Any = None
    current = data
    for part in path:
        if isinstance(part, int) or (annotation is not None and cls is None):
            annotation = _item_annotation(annotation)
            current = current[part] if isinstance(current, (list, dict)) else None
            classes = _strict_classes(annotation, current)
            cls = classes[0] if classes else None
            continue
        if cls is None or part not in cls.model_fields:
            return None
        annotation = cls.model_fields[part].annotation
        current = current.get(part) if isinstance(current, dict) else None
        classes = _strict_classes(annotation, current)
        cls = classes[0] if classes else None
    return cls


def _allowed_fields(root: type[Strict], data: Any, path: tuple) -> list[str]:
    cls = _class_at(root, data, path)
    return list(cls.model_fields) if cls else []


def _field_description(root: type[Strict], data: Any, path: tuple) -> str | None:
    cls = _class_at(root, data, path[:-1])
    if cls is None or path[-1] not in cls.model_fields:
        return None
    return cls.model_fields[path[-1]].description
