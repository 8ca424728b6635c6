"""JSON Schema of the content files, for editors (yaml-language-server).

Generated from the model, so completion and hover texts in an editor say
exactly what the build accepts. ``python -m haven_docs.model.schema`` rewrites
``schema/haven-docs.schema.json``; a test fails when it is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from .base import Strict
from .documents import FILE_MODELS, GENERIC_MODEL

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "haven-docs.schema.json"


def content_schema() -> dict:
    union = Annotated[Union[tuple(FILE_MODELS.values())], Field(discriminator="soort")]  # type: ignore[misc]
    dedicated = TypeAdapter(union).json_schema(ref_template="#/$defs/{model}")
    generic = TypeAdapter(GENERIC_MODEL).json_schema(ref_template="#/$defs/{model}")
    schema: dict = {"$defs": {**dedicated.pop("$defs", {}), **generic.pop("$defs", {})}}
    name = GENERIC_MODEL.__name__
    schema["$defs"][name] = generic
    # A generic document's soort: the standard kinds for completion, or a kind that content
    # adds; never a kind with a model of its own (those files match their own model).
    from ..soorten import standard_kinds

    generic_kinds = [k for k in standard_kinds() if k not in FILE_MODELS]
    soort = generic["properties"]["soort"]
    description = soort.pop("description", None)
    generic["properties"]["soort"] = {
        "anyOf": [{"enum": generic_kinds}, {**soort, "not": {"enum": list(FILE_MODELS)}}],
        **({"description": description} if description else {}),
    }
    schema["anyOf"] = [dedicated, {"$ref": f"#/$defs/{name}"}]
    _dutch_descriptions(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "haven_docs: inhoudsbestand"
    schema["description"] = (
        "Een document (soort: visie, beleidskader, uitvoeringsprogramma, nota, raadsvoorstel, "
        "raadsbesluit, raadsmededeling, of een andere soort zoals informatienota) "
        "of een register (soort: register)."
    )
    return schema


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _dutch_descriptions(schema: dict) -> None:
    """Editors show descriptions to writers: use each model's Dutch ``beschrijving``.

    Class docstrings are English developer documentation and stay out of the schema.
    """
    models = {cls.__name__: cls for cls in _subclasses(Strict)}
    for name, definition in schema.get("$defs", {}).items():
        cls = models.get(name)
        text = getattr(cls, "beschrijving", None) if cls else None
        if text:
            definition["description"] = text
        else:
            definition.pop("description", None)


def render_schema() -> str:
    return json.dumps(content_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"geschreven: {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
