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
    dedicated, generic = schema["anyOf"]
    kinds = set(dedicated["discriminator"]["mapping"])
    assert kinds == {"visie", "beleidskader", "uitvoeringsprogramma", "nota", "raadsvoorstel",
                     "raadsbesluit", "raadsmededeling", "register", "instellingen"}
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


def test_editor_completion_offers_the_standard_kinds_for_other_documents():
    from haven_docs.soorten import standard_kinds

    soort = content_schema()["$defs"]["Stuk"]["properties"]["soort"]
    offered = soort["anyOf"][0]["enum"]
    assert "informatienota" in offered and "factsheet" in offered
    assert set(offered) == set(standard_kinds()) - {"visie", "beleidskader", "uitvoeringsprogramma", "nota",
                                                     "raadsvoorstel", "raadsbesluit", "raadsmededeling"}


def test_content_files_are_valid_against_the_schema():
    """What the build accepts, the editor does not underline (and a generic document with it)."""
    import jsonschema
    import yaml

    from tests.conftest import CONTENT, MINI

    validator = jsonschema.Draft202012Validator(content_schema())
    files = sorted(CONTENT.glob("*/*.yaml")) + sorted(MINI.glob("*/*.yaml")) + [CONTENT / "instellingen.yaml"]
    generic = {"soort": "informatienota", "id": "informatienota-x", "onderwerp": "X", "kop": {"nummer": "1"}}
    for path, data in [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in files] + [("generic", generic)]:
        data = json.loads(json.dumps(data, default=str))  # dates as the text the writer typed
        errors = list(validator.iter_errors(data))
        assert not errors, (path, errors[0].message)
    assert list(validator.iter_errors({**generic, "onbekend": 1}))
    assert list(validator.iter_errors({**generic, "soort": "nota"}))  # a nota has its own fields
