"""The edition of a build (issue 17): --intern and --now, the output folder rule, separate caches."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import ROOT, run_build


def usage_error(result) -> str:
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "gebruiksfout" in last, result.stderr
    return last


# --- --now --------------------------------------------------------------------------------------


def test_a_moment_is_wall_clock_time_in_amsterdam():
    from haven_docs.uitgave import parse_moment

    winter = parse_moment("2024-11-01T10:00")
    assert winter.utcoffset() == timedelta(hours=1)
    assert winter.astimezone(timezone.utc) == datetime(2024, 11, 1, 9, 0, tzinfo=timezone.utc)
    summer = parse_moment("2024-07-01T10:00")
    assert summer.astimezone(timezone.utc).hour == 8
    # The hour that occurs twice when summer time ends: the first (summer time) is meant.
    assert parse_moment("2024-10-27T02:30").utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("value, says", [
    ("2024-11-01", "geen moment van de vorm JJJJ-MM-DDTUU:MM"),
    ("1-11-2024 10:00", "geen moment van de vorm"),
    ("2024-11-01T10:00+02:00", "geen moment van de vorm"),
    ("2024-02-30T10:00", "geen bestaande datum en tijd"),
    ("2024-11-01T24:00", "geen bestaande datum en tijd"),
    ("2024-03-31T02:30", "bestaat niet in Nederland"),  # the clock jumps from 2:00 to 3:00
])
def test_a_bad_now_is_a_usage_error_in_dutch(tmp_path, capsys, value, says):
    from haven_docs.cli import main

    for command in (["build"], ["serve"], []):
        with pytest.raises(SystemExit) as stopped:
            main([*command, "--now", value, "--out", str(tmp_path / "site")])
        assert stopped.value.code == 2
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert line.startswith("build.py") and f"gebruiksfout: --now: '{value}' " in line and says in line, line
        assert not (tmp_path / "site").exists()


def test_a_bad_now_from_the_command_line(tmp_path):
    line = usage_error(run_build("--now", "2024-11-01 10:00", "--out", str(tmp_path / "site")))
    assert line == ("build.py: gebruiksfout: --now: '2024-11-01 10:00' is geen moment van de vorm "
                    "JJJJ-MM-DDTUU:MM, bijvoorbeeld 2024-11-01T10:00")


def test_the_options_count_before_and_after_the_command():
    from haven_docs.cli import make_parser

    parser = make_parser()
    for argv in (["--intern", "build"], ["build", "--intern"], ["--intern"]):
        assert parser.parse_args(argv).intern, argv
    args = parser.parse_args(["--now", "2024-11-01T10:00", "build", "--out", "x"])
    assert args.now.isoformat() == "2024-11-01T10:00:00+01:00" and str(args.out) == "x"
    assert parser.parse_args(["build"]).now is None


def test_zoneinfo_finds_amsterdam_without_the_systems_time_zone_database():
    # A machine without /usr/share/zoneinfo (a slim container, Windows): the tzdata package
    # (pyproject.toml) is where zoneinfo looks then. An empty PYTHONTZPATH hides the system's.
    code = ("import zoneinfo, datetime; z = zoneinfo.ZoneInfo('Europe/Amsterdam'); "
            "print(datetime.datetime(2024, 7, 1, tzinfo=z).utcoffset())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONTZPATH": "", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2:00:00"


# --- the output folders ---------------------------------------------------------------------------


def test_the_internal_build_goes_into_its_own_folder_and_each_kind_refuses_the_other(tmp_path, mini_copy):
    from haven_docs.publish import MARKER, output_kind

    work = tmp_path / "werk"
    work.mkdir()
    internal = run_build("--content", str(mini_copy), "build", "--intern", cwd=work)
    assert internal.returncode == 0, internal.stderr
    assert (work / "site-intern" / "index.html").is_file() and not (work / "site").exists()
    assert "uitgave: intern" in (work / "site-intern" / MARKER).read_text(encoding="utf-8")
    assert output_kind(work / "site-intern") == "intern"
    public = run_build("--content", str(mini_copy), cwd=work)
    assert public.returncode == 0, public.stderr
    assert output_kind(work / "site") == "openbaar"
    assert sorted(p.name for p in work.iterdir()) == [".haven-cache", ".haven-cache-intern", "site", "site-intern"]

    before = {p: p.read_bytes() for p in (work / "site-intern").rglob("*") if p.is_file()}
    line = usage_error(run_build("--content", str(mini_copy), "--out", "site-intern", cwd=work))
    assert line == ("build.py: gebruiksfout: --out site-intern bevat de interne uitvoer; een openbare build "
                    "schrijft daar niet overheen; kies een andere map, bijvoorbeeld site/")
    assert {p: p.read_bytes() for p in (work / "site-intern").rglob("*") if p.is_file()} == before
    line = usage_error(run_build("--content", str(mini_copy), "--intern", "--out", "site", cwd=work))
    assert "--out site bevat de openbare uitvoer; een interne build schrijft daar niet overheen" in line
    assert output_kind(work / "site") == "openbaar"


def test_a_public_output_from_before_the_kind_was_recorded_is_public(tmp_path, mini_copy):
    from haven_docs.publish import MARKER, MARKER_TEXT, output_kind

    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out)).returncode == 0
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # as the builds before the kind wrote it
    assert output_kind(out) == "openbaar"
    usage_error(run_build("--content", str(mini_copy), "--out", str(out), "--intern"))
    (out / MARKER).write_text(MARKER_TEXT + "uitgave: onbekend\n", encoding="utf-8")  # edited by hand
    assert output_kind(out) == "intern"  # the strict reading: no public build writes over it
    usage_error(run_build("--content", str(mini_copy), "--out", str(out)))


# --- the caches -------------------------------------------------------------------------------------


def test_each_kind_of_build_has_its_own_cache_whatever_the_folders(tmp_path):
    from haven_docs.build import cache_dir_of
    from haven_docs.uitgave import Uitgave

    out = tmp_path / "site"
    public, internal = cache_dir_of(out, Uitgave()), cache_dir_of(out, Uitgave(intern=True))
    assert public != internal
    assert not public.is_relative_to(internal) and not internal.is_relative_to(public)
    # An internal build into a folder with a public output's name, elsewhere: still apart.
    assert cache_dir_of(tmp_path / "x" / "site", Uitgave(intern=True)) != cache_dir_of(out, Uitgave())


def test_a_public_build_reuses_nothing_an_internal_build_rendered(tmp_path, mini_copy):
    # The internal build writes a folder; that folder is removed (as a tidy user does) and the
    # public build goes into a folder of that name: it renders every PDF itself.
    out = tmp_path / "site"
    assert run_build("--content", str(mini_copy), "--out", str(out), "--intern").returncode == 0
    import shutil

    shutil.rmtree(out)
    public = run_build("--content", str(mini_copy), "--out", str(out))
    assert public.returncode == 0, public.stderr
    assert "uit de cache" not in public.stderr
    again = run_build("--content", str(mini_copy), "--out", str(out))
    assert "ongewijzigd uit de cache" in again.stderr  # the public build does use its own cache


def test_the_fingerprints_key_on_the_edition(mini_copy):
    from haven_docs.corpus import check_corpus
    from haven_docs.pdf import _renderer_fingerprint
    from haven_docs.uitgave import Uitgave

    assert _renderer_fingerprint(mini_copy, "openbaar") != _renderer_fingerprint(mini_copy, "intern")
    index = check_corpus(mini_copy)
    assert index.edition() == "openbaar"
    index.uitgave = Uitgave(intern=True)
    assert index.edition() == "intern"


def test_help_names_the_options_in_dutch():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "--intern" in result.stdout and "site-intern/" in result.stdout
    assert "--now JJJJ-MM-DDTUU:MM" in result.stdout and "Nederlandse tijd" in result.stdout
