"""Validate loaded data against the content model, with messages in Dutch.

Pydantic does the checking; this module turns each of its errors into a
diagnostic at the position the writer typed, and says why a value that looks
like text is not (YAML 1.1 reads ``NO`` as false and ``17:00`` as 1020).
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics
from .loader import SourceFile, ValueInfo
from .model import FILE_MODELS, Strict
from .model.blocks import BLOCK_TYPES, _block_tag


@dataclass
class ContentFile:
    """A validated content file: its source (for positions) and its model."""

    source: SourceFile
    model: Strict

    @property
    def soort(self) -> str:
        return self.model.soort  # type: ignore[attr-defined]


def validate(sources: list[SourceFile], diagnostics: Diagnostics) -> list[ContentFile]:
    files: list[ContentFile] = []
    for source in sources:
        model = validate_file(source, diagnostics)
        if model is not None:
            files.append(ContentFile(source, model))
    return files


def validate_file(source: SourceFile, diagnostics: Diagnostics) -> Strict | None:
    data = source.data
    if not isinstance(data, dict):
        diagnostics.error(
            source.pos(()), "wrong-type",
            "een contentbestand bestaat uit velden (veld: waarde), geen losse tekst of lijst",
            "begin met 'soort: ...' en 'id: ...'",
        )
        return None
    soort = data.get("soort")
    kinds = ", ".join(FILE_MODELS)
    if soort is None:
        diagnostics.error(
            source.pos(()), "missing-field", "verplicht veld 'soort' ontbreekt",
            f"zet bovenaan 'soort:' met één van: {kinds}",
        )
        return None
    if not isinstance(soort, str) or soort not in FILE_MODELS:
        close = difflib.get_close_matches(str(soort), FILE_MODELS, n=1)
        diagnostics.error(
            source.pos(("soort",)), "invalid-value", f"onbekende soort '{soort}'",
            f"bedoelde u '{close[0]}'?" if close else f"kies uit: {kinds}",
        )
        return None
    model_cls = FILE_MODELS[soort]
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        report_validation_error(exc, model_cls, source, diagnostics)
        return None


def report_validation_error(
    exc: ValidationError, model_cls: type[BaseModel], source: SourceFile, diagnostics: Diagnostics
) -> None:
    seen: set[tuple] = set()
    for error in exc.errors(include_url=False):
        path = _data_path(source.data, error["loc"])
        if error["type"] == "extra_forbidden":
            key = path  # the unknown key itself
        else:
            key = None
        # One message per place: unions report once per member.
        marker = (path, error["type"] == "extra_forbidden")
        if marker in seen:
            continue
        seen.add(marker)
        code, message, hint = _describe(error, path, model_cls, source)
        diagnostics.error(source.pos(path, key=key is not None), code, message, hint)


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


def _describe(error: dict, path: tuple, model_cls: type[BaseModel], source: SourceFile) -> tuple[str, str, str | None]:
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
    if value is None and kind.endswith(("_type", "_parsing")):
        hint = "vul een waarde in, of laat het veld weg als het niet verplicht is"
        if info is not None and info.raw == "" and _in_flow_mapping(source, path):
            hint = "binnen { ... } scheidt een komma de velden: zet tekst met komma's tussen aanhalingstekens"
        return "wrong-type", f"'{field}' is leeg", hint
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
            return (
                "wrong-type",
                f"'{raw}' wordt gelezen als kommagetal {value}, niet als geheel getal",
                "schrijf bedragen in hele euro's zonder punten: 1632050",
            )
        if read_as:
            return "yaml-coercion", f"'{raw}' wordt in YAML gelezen als {read_as}, niet als geheel getal", "schrijf een geheel getal"
        return "wrong-type", f"verwacht een geheel getal, maar kreeg {_type_name(value)}", None
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        return (
            "wrong-type",
            f"verwacht een datum, maar kreeg {_show(value)}",
            "schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2024-06-04",
        )
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
        return "invalid-value", f"'{value}' heeft niet de juiste vorm", None
    if kind == "string_too_long":
        return "invalid-value", f"'{field}' is te lang", f"maximaal {ctx.get('max_length')} tekens"
    if kind in ("too_short",):
        return "missing-field", f"'{field}' mag niet leeg zijn", "voeg minstens één onderdeel toe"
    if kind == "list_type":
        if value is None:
            return "wrong-type", f"'{field}' is leeg", "vul de lijst (regels die met '- ' beginnen) of laat het veld weg"
        return "wrong-type", f"'{field}' moet een lijst zijn (regels die met '- ' beginnen)", None
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if value is None:
            return "wrong-type", f"'{field}' is leeg", "vul de velden in of laat het veld weg"
        return "wrong-type", f"'{field}' moet velden bevatten (veld: waarde), geen {_type_name(value)}", None
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "invalid-value", "onbekend soort onderdeel", None
    return "invalid-value", f"ongeldige waarde voor '{field}': {error.get('msg')}", None


def _in_flow_mapping(source: SourceFile, path: tuple) -> bool:
    info = source.values.get(path[:-1]) if path else None
    if info is None:
        return False
    line = source.text.split("\n")[info.line - 1]
    return line[info.col - 1 : info.col] == "{"


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
