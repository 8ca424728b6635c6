"""Live preview: serve the built site on 127.0.0.1, rebuild on change, reload the browser.

A content error does not stop the server: the last good site stays up, and
every page shows the errors (the terminal prints them too) until they are
fixed. The reload script is added to pages as they are served; the built
site itself never contains it.
"""

from __future__ import annotations

import html
import json
import re
import signal
import sys
import threading
import time
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .diagnostics import ContentError, print_diagnostics

STATUS_PATH = "/__haven/status"
POLL_SECONDS = 0.5

RELOAD_SCRIPT = """
<script>
(function () {
  var seen = null;
  function poll() {
    fetch("%(status)s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      setTimeout(poll, 700);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>
""" % {"status": STATUS_PATH}


class PreviewState:
    """What the server shows: the version of the last build and its errors."""

    def __init__(self) -> None:
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def update(self, errors: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.errors = errors

    def snapshot(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.version, list(self.errors)


def _error_banner(errors: list[str]) -> str:
    """The content errors as a block in the page's flow, under the header: it pushes the
    page down instead of covering the header, the search box or the title."""
    items = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (
        '<div role="alert" id="haven-fouten" style="max-height:40vh;overflow:auto;background:#7a0000;'
        'color:#fff;padding:.8em 1em;font:14px/1.4 sans-serif">'
        f"<strong>De inhoud bevat {len(errors)} fout(en); de site toont de laatste goede versie.</strong>"
        f'<ul style="margin:.5em 0 0 1.2em">{items}</ul></div>'
    )


#: Material's page: the banner goes first in the container below the (sticky) header.
_CONTAINER = re.compile(r'<div class="md-container"[^>]*>')


def _with_banner(page: str, errors: list[str]) -> str:
    banner = _error_banner(errors)
    match = _CONTAINER.search(page)
    if match:
        return page[: match.end()] + banner + page[match.end():]
    body = re.search(r"<body[^>]*>", page)
    if body:
        return page[: body.end()] + banner + page[body.end():]
    return banner + page


class PreviewHandler(SimpleHTTPRequestHandler):
    state: PreviewState

    def __init__(self, *args, state: PreviewState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # keep the terminal for build output
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith(STATUS_PATH):
            version, errors = self.state.snapshot()
            self._send(200, "application/json", json.dumps({"version": version, "errors": errors}).encode())
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" or not path.exists():
            version, errors = self.state.snapshot()
            if path.exists():
                page = path.read_text(encoding="utf-8")
            elif errors:
                page = "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Fouten</title></head><body></body></html>"
            else:
                super().do_GET()
                return
            if errors:
                page = _with_banner(page, errors)
            page = page.replace("</body>", RELOAD_SCRIPT + "</body>", 1) if "</body>" in page else page + RELOAD_SCRIPT
            self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
            return
        super().do_GET()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    files: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                files[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return files


def rebuild(content_dir: Path, out_dir: Path, state: PreviewState, intern: bool = False,
            now: datetime | None = None) -> datetime | None:
    """Build once; return the next moment an embargo ends (None: none), when the site changes by itself."""
    from .build import build
    from .openbaarheid import next_change
    from .uitgave import Uitgave

    # Without a fixed moment each rebuild judges embargoes by the clock.
    uitgave = Uitgave(intern=intern) if now is None else Uitgave(intern=intern, nu=now)
    try:
        report = build(content_dir, out_dir, jobs=None, use_cache=True, uitgave=uitgave)
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        state.update([d.format() for d in sorted(set(exc.diagnostics))])
        return None
    except Exception as exc:  # a full disk: the preview stays up with the last good site
        from .publish import disk_full_message

        full = disk_full_message(exc)
        if full is None:
            raise
        print(f"build.py: {full}", file=sys.stderr, flush=True)
        state.update([full])
        return None
    state.update([])
    return next_change(report.index) if now is None else None


def serve(content_dir: Path, out_dir: Path, port: int = 8000, templates_dir: Path | None = None,
          stop: threading.Event | None = None, intern: bool = False, now: datetime | None = None) -> None:
    """Build, serve ``out_dir`` and rebuild on every change; ``intern`` and ``now`` as for build."""
    from .templating import TEMPLATES_DIR

    watched = [content_dir, templates_dir or TEMPLATES_DIR]
    state = PreviewState()
    embargo_ends = rebuild(content_dir, out_dir, state, intern, now)
    out_dir.mkdir(parents=True, exist_ok=True)

    handler = partial(PreviewHandler, directory=str(out_dir.resolve()), state=state)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Voorbeeld op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)", file=sys.stderr, flush=True)

    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) stops the preview like Ctrl+C: the server and the PDF workers end cleanly.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    seen = _snapshot(watched)
    try:
        while not stop.wait(POLL_SECONDS):
            current = _snapshot(watched)
            if current != seen:
                seen = current
                print("Wijziging gezien; opnieuw bouwen ...", file=sys.stderr, flush=True)
                embargo_ends = rebuild(content_dir, out_dir, state, intern, now)
                seen = _snapshot(watched)
            elif embargo_ends is not None and datetime.now(embargo_ends.tzinfo) >= embargo_ends:
                # No edit, but an embargo is over: the site includes that document now.
                print("Een embargo is voorbij; opnieuw bouwen ...", file=sys.stderr, flush=True)
                embargo_ends = rebuild(content_dir, out_dir, state, intern, now)
    finally:
        server.shutdown()
        server.server_close()
