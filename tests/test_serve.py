"""The live preview: serves the site, rebuilds on change, shows content errors in the page."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, what: str, attempts: int = 600):
    # Bounded polling (not a timing assertion): a build may take a while on a busy machine.
    for _ in range(attempts):
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"niet gebeurd: {what}")


@pytest.fixture
def preview(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
         "--content", str(content), "--out", str(tmp_path / "site")],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HAVEN_DOCS_DEBUG": "1"},
    )
    base = f"http://127.0.0.1:{port}"

    def status():
        try:
            return json.loads(get(base + "/__haven/status"))
        except OSError:
            return None

    try:
        wait_for(lambda: process.poll() is not None or status(), "server start")
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield base, content, status
    finally:
        workers = descendants(process.pid)
        process.terminate()
        process.wait(timeout=30)
        log.close()
    # `kill` ends the preview cleanly: no PDF worker is left behind.
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), "workers gone", attempts=60)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_serve_rebuilds_on_change_and_shows_errors(preview):
    base, content, status = preview
    first = status()["version"]
    page = get(base + "/")
    assert "__haven/status" in page  # the reload script is injected

    nota = content / "documenten" / "nota.yaml"
    nota.write_text(nota.read_text().replace("onderwerp: Beleidskader Inburgering",
                                             "onderwerp: Beleidskader Inburgering herzien"))
    for name in ("raadsvoorstel.yaml", "raadsbesluit.yaml"):
        path = content / "documenten" / name
        path.write_text(path.read_text().replace("onderwerp: Beleidskader Inburgering",
                                                 "onderwerp: Beleidskader Inburgering herzien"))
    second = wait_for(lambda: (s := status()) and s["version"] > first and s, "rebuild after change")
    assert second["errors"] == []
    html = get(base + "/")
    assert "herzien" in html or any("herzien" in get(base + "/" + link) for link in _links(html))

    nota.write_text(nota.read_text().replace("onderwerp:", "onderwrp:"))
    third = wait_for(lambda: (s := status()) and s["version"] > second["version"] and s, "rebuild after error")
    assert any("error[unknown-field]" in e for e in third["errors"])
    page = get(base + "/")
    assert "role=\"alert\"" in page and "onderwrp" in page  # the error is shown in the browser


def _links(html: str) -> list[str]:
    import re

    return [h for h in re.findall(r'href="([^"#:]+)"', html) if h.endswith("/") and not h.startswith("/")][:40]
