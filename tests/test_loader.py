"""The strict loader: positions, and what it refuses."""

from __future__ import annotations

import datetime as dt

from haven_docs.diagnostics import Diagnostics
from haven_docs.loader import load_bytes


def load(text: str | bytes):
    diagnostics = Diagnostics()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = load_bytes(raw, "x.yaml", diagnostics)
    return source, [d.format() for d in diagnostics.sorted()]


def test_positions_of_keys_and_values():
    source, errors = load("soort: nota\nbesluit:\n  punten:\n    - tekst: Een\n")
    assert errors == []
    info = source.values[("besluit", "punten", 0, "tekst")]
    assert (info.line, info.col) == (4, 14)
    assert (info.key_line, info.key_col) == (4, 7)
    assert source.pos(("besluit", "punten", 0, "tekst"), key=True).col == 7
    # unknown paths fall back to the nearest known parent
    assert source.pos(("besluit", "punten", 0, "nope")).line == 4


def test_yaml_11_values_are_kept_with_their_raw_text():
    source, errors = load("a: NO\nb: 17:00\nc: 2024-06-04\nd: '2024-06-04'\n")
    assert errors == []
    assert source.data == {"a": False, "b": 1020, "c": dt.date(2024, 6, 4), "d": "2024-06-04"}
    assert source.values[("a",)].raw == "NO" and source.values[("a",)].plain
    assert not source.values[("d",)].plain


def test_keys_are_taken_as_typed():
    source, errors = load("on: 1\nno: 2\n")
    assert source.data == {"on": 1, "no": 2}


def test_duplicate_key_names_both_lines():
    _, errors = load("titel: a\nid: x\ntitel: b\n")
    assert errors == [
        "x.yaml:3:1: error[duplicate-key]: veld 'titel' staat twee keer in dezelfde map; YAML zou de "
        "eerste waarde stil weggooien (tip: de eerste staat op regel 1; voeg de twee samen of hernoem er een)"
    ]


def test_tab_indentation():
    _, errors = load("a:\n\tb: 1\n")
    assert errors[0].startswith("x.yaml:2:1: error[tab-indent]")


def test_tags_anchors_and_aliases_are_refused():
    assert "error[yaml-tag]" in load("a: !!python/object:os.system x\n")[1][0]
    assert "error[yaml-alias]" in load("a: &x 1\nb: *x\n")[1][0]
    assert load("a: !!str 2024-06-04\n")[0].data == {"a": "2024-06-04"}


def test_encoding_problems():
    assert "x.yaml:2:4: error[encoding]" in load(b"a: 1\nb: \xff\n")[1][0]
    assert "error[bom]" in load(b"\xef\xbb\xbfa: 1\n")[1][0]
    assert "error[empty-file]" in load("# alleen commentaar\n")[1][0]
    assert "error[empty-file]" in load("   \n")[1][0]


def test_syntax_error_has_position_and_dutch_hint():
    _, errors = load("a: b: c\n")
    assert errors[0].startswith("x.yaml:1:5: error[yaml-syntax]: YAML-syntaxfout: hier staat een ':'")
    assert "(tip: " in errors[0]
