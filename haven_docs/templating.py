"""The Jinja2 environment shared by the site and the print templates.

StrictUndefined: a typo in a template fails the build instead of printing an
empty field. Autoescape is on for HTML; Markdown page templates escape what
they insert from content themselves (prose arrives as HTML from markdown-it).

Compiled templates are kept in Jinja's bytecode cache (a private folder in the
system's temporary directory, keyed by each template's source checksum):
compiling the 65 templates took a third of a second on every build.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .formatting import FILTERS

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


def make_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "svg", "md"),
                                            default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_BYTECODE_CACHE,
    )
    env.filters.update(FILTERS)
    return env
