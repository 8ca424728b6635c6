"""The policy writer's workflow: the pull-request workflow, the pre-commit hook,
the annotations on the pull request and the writers' guide.

The schema header of every content file is checked in tests/test_schema.py.
"""

from __future__ import annotations

import ast
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from haven_docs.diagnostics import Diagnostic, Position
from tests.conftest import MINI, ROOT, run_build

WORKFLOW = ROOT / ".github" / "workflows" / "check.yml"
CI_RUN = ROOT / ".ci" / "run"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
GUIDE = ROOT / "content" / "paginas" / "schrijfwijzer.md"

CHECK = ["python", "build.py", "check"]


# --- helpers ---------------------------------------------------------------------------


def shell_commands(script: str) -> list[list[str]]:
    """The commands of a shell script as token lists, in order.

    Comments, blank lines and the lines that only set up the shell (``set -euo
    pipefail``, ``cd`` to the repository) are left out: a workflow step already
    runs in the checkout with ``bash -e``. Tokens, not text, are compared, so
    quoting and spacing may differ.
    """
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens = shlex.split(line, comments=True)
        only_setup = tokens and tokens[0] in ("set", "cd") and not {"&&", "||", ";"} & set(tokens)
        if not tokens or only_setup:
            continue
        commands.append(tokens)
    return commands


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "de workflow moet uit velden bestaan"
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    value = workflow["on"] if "on" in workflow else workflow.get(True)
    assert value is not None, "de workflow heeft geen 'on:'"
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return {name: None for name in value}
    return value


def job_commands(job: dict) -> list[list[str]]:
    commands = []
    for step in job.get("steps", []):
        if "run" in step:
            commands.extend(shell_commands(step["run"]))
    return commands


def uses(job: dict, action: str) -> list[dict]:
    return [step for step in job.get("steps", []) if str(step.get("uses", "")).split("@")[0] == action]


def build_job(workflow: dict) -> tuple[str, dict]:
    """The job that builds and uploads the site (the one with upload-artifact)."""
    found = [(name, job) for name, job in workflow["jobs"].items() if uses(job, "actions/upload-artifact")]
    assert len(found) == 1, "precies één job hoort de site als artifact te bewaren"
    return found[0]


def check_job(workflow: dict) -> tuple[str, dict]:
    found = [(name, job) for name, job in workflow["jobs"].items() if job_commands(job) and
             job_commands(job)[-1] == CHECK]
    assert len(found) == 1, "precies één snelle job hoort te eindigen met `python build.py check`"
    return found[0]


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


# --- the GitHub Actions workflow ---------------------------------------------------------


def test_workflow_runs_on_pull_requests_and_pushes_to_main():
    on = triggers(load_workflow())
    assert "pull_request" in on
    push = on.get("push") or {}
    assert "main" in push.get("branches", []), "push naar main hoort de workflow te starten"


def test_build_job_runs_exactly_the_commands_of_ci_run():
    expected = shell_commands(CI_RUN.read_text(encoding="utf-8"))
    assert expected, ".ci/run bevat geen opdrachten"
    assert ["python", "build.py"] in expected and CHECK not in expected
    _, job = build_job(load_workflow())
    assert job_commands(job) == expected


def test_build_job_uploads_the_site_with_its_pdfs_after_building():
    _, job = build_job(load_workflow())
    (upload,) = uses(job, "actions/upload-artifact")
    paths = [p.strip().rstrip("/") for p in str(upload["with"]["path"]).splitlines() if p.strip()]
    assert "site" in paths, f"de hele map site/ (met site/pdf/) hoort bewaard te worden: {paths}"
    steps = job["steps"]
    build_step = next(i for i, s in enumerate(steps) if "run" in s and ["python", "build.py"] in shell_commands(s["run"]))
    assert steps.index(upload) > build_step, "de site kan pas bewaard worden als hij gebouwd is"


def test_fast_check_job_comes_first_and_keeps_annotations_on():
    workflow = load_workflow()
    check_name, check = check_job(workflow)
    build_name, build = build_job(workflow)
    assert check_name != build_name
    assert check_name in needs(build), "de build hoort op de snelle controle te wachten"
    assert ["python", "build.py"] not in job_commands(check), "de snelle job bouwt niets"
    # build.py prints ::error lines only when GITHUB_ACTIONS=true, which GitHub sets itself.
    for job in (check, build):
        envs = [job.get("env") or {}] + [step.get("env") or {} for step in job.get("steps", [])]
        assert all("GITHUB_ACTIONS" not in env for env in envs + [workflow.get("env") or {}])


def test_jobs_use_python_311_on_ubuntu_or_debian():
    for job in load_workflow()["jobs"].values():
        assert "ubuntu" in str(job["runs-on"]) or "debian" in str(job["runs-on"])
        assert uses(job, "actions/checkout"), "elke job haalt eerst de repository op"
        container = job.get("container")
        image = container.get("image") if isinstance(container, dict) else container
        versions = [str(step["with"]["python-version"]) for step in uses(job, "actions/setup-python")]
        if image:
            assert re.match(r"python:3\.11([.-]|$)", image) and "bookworm" in image, image
        else:
            assert versions == ["3.11"], versions


# --- pre-commit --------------------------------------------------------------------------


def local_check_hook() -> dict:
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    found = [hook for hook in hooks if shlex.split(hook["entry"]) == CHECK]
    assert len(found) == 1, "een lokale hook hoort `python build.py check` te draaien"
    return found[0]


def test_pre_commit_runs_the_check_when_content_or_templates_change():
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    assert isinstance(config["repos"], list)
    hook = local_check_hook()
    # What pre-commit requires of a local hook.
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "system"
    assert hook.get("pass_filenames") is False, "de check controleert altijd de hele inhoud"
    pattern = re.compile(hook["files"])
    for changed in ("content/documenten/nota-2024-468.yaml", "content/registers/gedeeld.yaml",
                    "content/paginas/schrijfwijzer.md", "templates/print/base.html"):
        assert pattern.search(changed), changed
    for unrelated in ("README.md", "haven_docs/cli.py", "tests/corpora/mini/documenten/nota.yaml"):
        assert not pattern.search(unrelated), unrelated


# --- annotations on the pull request -----------------------------------------------------

PLAIN = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z0-9-]+)\]: (?P<message>.*)$")
GITHUB = re.compile(r"^::error (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(value: str, prop: bool = False) -> str:
    if prop:
        value = value.replace("%3A", ":").replace("%2C", ",")
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse_github(line: str) -> dict:
    match = GITHUB.match(line)
    assert match, f"geen workflow-opdracht: {line!r}"
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    return {
        "file": unescape(props["file"], True), "line": int(props["line"]), "col": int(props["col"]),
        "title": unescape(props.get("title", ""), True), "message": unescape(match["message"]),
    }


@pytest.fixture
def broken_mini(tmp_path: Path) -> Path:
    """A copy of the mini corpus with four errors in two files, in a folder whose
    name needs escaping in a workflow command (',' and '%')."""
    content = tmp_path / "inhoud, kopie 100%"
    shutil.copytree(MINI, content)
    edits = {
        "documenten/programma.yaml": [
            ("[[pijler-taal]]", "[[pijler-tal]]"),  # unknown-ref
            ("actielijn: al-opvang-bbb", "actielijn: pijler-opvang"),  # wrong-ref-kind
            ("kosten: 50000", 'kosten: "50.000"'),  # wrong-type, hint with '%'
        ],
        "documenten/nota.yaml": [("[[wet-inburgering-2021]]", "[[wet-inburgering-2012]]")],  # unknown-ref
    }
    for name, replacements in edits.items():
        path = content / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return content


def test_annotations_match_the_plain_errors_one_to_one(broken_mini, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_build("check", "--content", str(broken_mini))
    assert result.returncode == 1, result.stderr

    plain = [PLAIN.match(line) for line in result.stderr.splitlines() if " error[" in line]
    assert all(plain), result.stderr
    annotations = [parse_github(line) for line in result.stdout.splitlines() if line.startswith("::")]
    assert not [line for line in result.stdout.splitlines() if line and not line.startswith("::error ")]

    assert len(plain) == len(annotations) >= 4
    assert f"{len(plain)} fouten gevonden." in result.stderr
    for match, note in zip(plain, annotations):
        assert (note["file"], note["line"], note["col"], note["message"]) == (
            match["file"], int(match["line"]), int(match["col"]), match["message"]
        )
        assert note["title"] == f"haven-docs {match['code']}"
        assert "inhoud, kopie 100%" in note["file"]
    codes = [m["code"] for m in plain]
    assert sorted(codes) == ["unknown-ref", "unknown-ref", "wrong-ref-kind", "wrong-type"]
    raw = result.stdout
    assert "inhoud%2C kopie 100%25" in raw, "',' en '%' in de bestandsnaam horen geëscapet te zijn"
    assert "€ of %25:" in raw, "'%' in de melding hoort %25 te worden"


def test_no_annotations_outside_github_actions(broken_mini, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = run_build("check", "--content", str(broken_mini))
    assert result.returncode == 1
    assert "::error" not in result.stdout + result.stderr


def test_workflow_command_escaping_of_a_crafted_diagnostic():
    diagnostic = Diagnostic(
        Position("content/documenten/a,b:c 100%.yaml", 12, 7),
        "unknown-ref",
        "regel een\nregel twee: 100% klaar, echt\r",
        hint="zie 'a:b', of 50%",
    )
    plain = diagnostic.format()
    line = diagnostic.format_github()
    # One line each: a newline in a message never starts a new command.
    assert "\n" not in plain + line and "\r" not in plain + line
    prefix = "::error file=content/documenten/a%2Cb%3Ac 100%25.yaml,line=12,col=7,title=haven-docs unknown-ref::"
    assert line.startswith(prefix)
    message = plain.split(": error[unknown-ref]: ", 1)[1]
    assert message.startswith("regel een") and message.endswith("(tip: zie 'a:b', of 50%)")
    # The message shows what the plain line shows; only '%' (and CR/LF) need escaping there,
    # while ',' and ':' stay as they are.
    assert line[len(prefix):] == message.replace("%", "%25")
    parsed = parse_github(line)
    assert (parsed["file"], parsed["line"], parsed["col"]) == (diagnostic.pos.path, 12, 7)
    assert parsed["message"] == message


# --- the writers' guide ------------------------------------------------------------------


def error_codes_in_source() -> set[str]:
    """Every diagnostic code haven_docs can report, read from its source."""
    code_like = re.compile(r"^[a-z]+(-[a-z]+)*$")

    def literals(node: ast.AST | None) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and code_like.match(node.value):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return literals(node.body) + literals(node.orelse)
        return []

    codes: set[str] = set()
    for path in sorted((ROOT / "haven_docs").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "FileRefused" and node.args:  # FileRefused(code, message, hint)
                    codes.update(literals(node.args[0]))
                elif name in ("error", "Diagnostic", "_Reject"):
                    if len(node.args) >= 2:
                        codes.update(literals(node.args[1]))
                    codes.update(lit for kw in node.keywords if kw.arg == "code" for lit in literals(kw.value))
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.endswith("code") for t in node.targets):
                    codes.update(literals(node.value))
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 3:
                # validate._describe returns (code, message, hint)
                codes.update(literals(node.value.elts[0]))
    return codes


def test_guide_lists_every_error_code():
    codes = error_codes_in_source()
    assert {"unknown-ref", "yaml-syntax", "total-mismatch", "date-order"} <= codes
    guide = GUIDE.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", guide, re.MULTILINE))
    missing = sorted(codes - listed)
    assert not missing, f"voeg deze foutcodes toe aan 'Alle foutcodes' in {GUIDE.relative_to(ROOT)}: {missing}"


def test_guide_is_a_plain_markdown_page():
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide.startswith("# Schrijfwijzer\n")
    prose = re.sub(r"```.*?```", "", guide, flags=re.DOTALL)  # code blocks may show anything
    prose = re.sub(r"`[^`\n]*`", "", prose)
    assert not re.search(r"<[a-zA-Z/!]", prose), "geen HTML in de schrijfwijzer"
    # The site gives headings its own anchors and checks every link: refer to a
    # section by its name, link only to other websites.
    for target in re.findall(r"\]\(([^)\s]*)", prose):
        assert target.startswith(("http://", "https://", "mailto:")), target
    # A '|' splits a table cell even inside `code` (GitHub-flavoured tables, as
    # the site renders them): every row of a table has as many cells as its header.
    outside_code = re.sub(r"```.*?```", "", guide, flags=re.DOTALL)
    for table in re.findall(r"(?:^\|.*\|\n)+", outside_code, re.MULTILINE):
        rows = table.splitlines()
        for row in rows:
            assert row.count("|") == rows[0].count("|"), row
