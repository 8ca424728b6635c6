"""The JSON Schema for editors is generated from the model and kept current."""

from __future__ import annotations

import json

from haven_docs.model.schema import SCHEMA_PATH, content_schema, render_schema


def test_schema_file_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "schema/haven-docs.schema.json is verouderd: draai `python -m haven_docs.model.schema`"
    )


def test_schema_describes_every_file_kind_in_dutch():
    schema = content_schema()
    kinds = set(schema["discriminator"]["mapping"])
    assert kinds == {"visie", "beleidskader", "uitvoeringsprogramma", "nota", "raadsvoorstel",
                     "raadsbesluit", "raadsmededeling", "register"}
    assert schema["$defs"]["Nota"]["description"] == "Nota voor Burgemeester en Wethouders."
    assert schema["$defs"]["Nota"]["additionalProperties"] is False
    json.dumps(schema)


def test_every_content_file_points_at_the_schema():
    from tests.conftest import CONTENT, MINI

    files = sorted(CONTENT.glob("*/*.yaml")) + sorted(MINI.glob("*/*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == SCHEMA_PATH, path
