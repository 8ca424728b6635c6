#!/usr/bin/env python3
"""haven_docs command line: python build.py [build|check|serve] [options]. See README.md."""

import os
import sys

from haven_docs.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is written; leave without the interpreter's teardown, which frees a
    # large build's objects one by one (a tenth of an incremental build), as mypy does.
    # PDF workers notice within a second that their parent is gone and leave too.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
