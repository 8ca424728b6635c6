#!/usr/bin/env python3
"""haven_docs command line: python build.py [build|check|serve] [options]. See README.md."""

from haven_docs.cli import run

if __name__ == "__main__":
    run()
