#!/usr/bin/env python3
"""haven_docs command line: python build.py [build|check|serve] [options]. See README.md."""

import sys

from haven_docs.cli import main

if __name__ == "__main__":
    sys.exit(main())
