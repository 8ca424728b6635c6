"""The worker processes that render PDFs, kept warm between builds.

This module does not import WeasyPrint: the workers do, in their initializer.
The build hands the workers their documents before it writes the site, so
they load WeasyPrint (half a second) and render while the site is written.
No more workers start than there are documents to render: more would only
take CPU from the site. (Starting one before the check, to load WeasyPrint
earlier, was measured: no gain.)
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .html import PrintJob

_POOL: tuple[int, Executor] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def pool(jobs: int | None = None, needed: int | None = None) -> Executor:
    """A pool of at most ``jobs`` warm workers (default: one per core), kept for the next build.

    ``needed``: how many documents there are to render; no more workers are started.
    """
    global _POOL
    limit = min(jobs or default_jobs(), default_jobs() * 4)
    size = min(limit, needed) if needed else limit
    if _POOL is not None and size <= _POOL[0] <= limit:
        return _POOL[1]
    shutdown_pool()
    # fork: the workers start in milliseconds and need no importable __main__
    # (forkserver and spawn re-import it; measured 2-3x slower for one build).
    # The build's pid is taken here, in the build: a worker that asked later (os.getppid()
    # after warming up) would get init's pid if the build was killed meanwhile.
    executor = ProcessPoolExecutor(max_workers=size, initializer=_init, initargs=(os.getpid(),),
                                   mp_context=multiprocessing.get_context("fork"))
    _POOL = (size, executor)
    return executor


def submit(job: PrintJob, jobs: int | None = None, needed: int | None = None) -> Future:
    """Render ``job`` in a worker; the future gives ``(doc_id, pdf bytes)`` or raises RenderError."""
    try:
        return pool(jobs, needed).submit(_render, job)
    except BrokenProcessPool:  # a worker died since the last build (out of memory, killed)
        shutdown_pool()
        return pool(jobs, needed).submit(_render, job)


def shutdown_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None


atexit.register(shutdown_pool)


def end_workers_now() -> None:
    """When the program leaves: the build is over, so the workers are idle (or, after a
    failure, busy with what nobody will use); end them at once instead of waiting."""
    global _POOL
    for child in multiprocessing.active_children():
        child.kill()
    _POOL = None


# Run in the workers: WeasyPrint is imported there, not in the build process.

def _init(parent: int) -> None:
    """First thing in a worker: die with the build, then warm up."""
    _die_with_parent(parent)
    from .render import worker_init

    worker_init(parent)


#: prctl(2) option: the signal the kernel sends this process when its parent ends.
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Let the kernel kill this worker when ``parent`` ends (Linux), even while it is busy.

    The parent may have ended between the fork and this call: then the worker
    has a new parent already and leaves at once. (Elsewhere the watch thread
    of :func:`~haven_docs.pdf.render.worker_init` does it, within a second.)
    """
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def _render(job: PrintJob) -> tuple[str, bytes]:
    from .render import render_task

    return render_task(job)
