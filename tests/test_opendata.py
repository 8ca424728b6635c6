"""Open data in the built site: the JSON against its schema, every URL in it, the Atom feed, same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urldefrag

import feedparser
import jsonschema
import pytest

from haven_docs import lifecycle
from haven_docs.corpus import check_corpus
from haven_docs.opendata import FEED_PATH, JSON_PATH, SCHEMA_PATH, write_open_data
from haven_docs.site.plan import make_plan

from .conftest import MINI, run_build


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("opendata") / "site"
    result = run_build("build", "--content", str(MINI), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _exists(site: Path, url: str) -> bool:
    """A site-root-relative URL: the page (or file) exists, and so does the element its fragment names."""
    path, fragment = urldefrag(url)
    target = site / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    if not target.is_file():
        return False
    if fragment:
        return re.search(rf'\bid="{re.escape(fragment)}"', target.read_text(encoding="utf-8")) is not None
    return True


def _urls(value) -> list[str]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k.endswith("url") and isinstance(v, str)]
        return found + [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    return []


def test_the_json_validates_against_its_schema(site):
    schema = json.loads((site / SCHEMA_PATH).read_text(encoding="utf-8"))
    data = json.loads((site / JSON_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    # Something that breaks the contract fails: the schema is not a formality.
    broken = json.loads(json.dumps(data))
    broken["decisions"][0]["status"] = "nog niet bekend"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_the_json_holds_the_whole_corpus_and_the_lifecycle(site):
    data = json.loads((site / JSON_PATH).read_text(encoding="utf-8"))
    index = check_corpus(MINI)
    assert {d["id"] for d in data["documents"]} == {n.id for n in index.documents()}
    assert {d["id"] for d in data["decisions"]} == {lc.id for lc in lifecycle.all_decisions(index)}
    assert {m["id"] for m in data["motions"]} == {n.id for n in index.of_kind("motie", "amendement")}
    assert {e["id"] for e in data["events"]} == {n.id for n in index.of_kind("vergadering")}
    assert {o["id"] for o in data["organizations"]} == {n.id for n in index.of_kind("organisatie")}
    besluit = next(d for d in data["decisions"] if d["id"] == "raadsbesluit-test")
    expected = lifecycle.levensloop(index, "raadsbesluit-test")
    assert besluit["status"] == expected.status == "ontwerp"
    assert besluit["decision_number"] is None and besluit["proposal_number"] == expected.voorstelnummer
    assert [s["event_id"] for s in besluit["steps"]] == [s.vergadering for s in expected.stappen]


def test_every_url_in_the_json_exists_in_the_site(site):
    data = json.loads((site / JSON_PATH).read_text(encoding="utf-8"))
    urls = _urls(data)
    assert any(u.endswith(".pdf") for u in urls) and any("#" in u for u in urls)
    missing = [u for u in urls if not _exists(site, u)]
    assert not missing


def test_the_feed_is_atom_newest_first_with_stable_ids(site):
    raw = (site / FEED_PATH).read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("urn:uuid:") and feed.feed.title and feed.feed.updated
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:") and entry.title and entry.updated and entry.link
        assert _exists(site, entry.link), entry.link
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    moments = [e.updated_parsed for e in feed.entries]
    assert moments == sorted(moments, reverse=True)
    assert feed.feed.updated_parsed == moments[0]  # the newest entry, never the time of the build


def test_same_content_same_bytes(site, tmp_path):
    index = check_corpus(MINI)
    write_open_data(index, make_plan(index, MINI).locations, tmp_path)
    for name in (JSON_PATH, SCHEMA_PATH, FEED_PATH):
        assert (tmp_path / name).read_bytes() == (site / name).read_bytes(), name
