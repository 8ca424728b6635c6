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
from typing import Any, Callable

import jinja2

from .formatting import FILTERS

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()
#: Compiled code depends on ``finalize`` (Jinja inlines the call), and the cache
#: key does not: templates compiled with a finalize have their own cache files.
_FINALIZED_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache(pattern="__haven_docs_finalized_%s.cache")

#: What the site page and the PDF say of a bijlage that has a heading and nothing else
#: (the source does not give its content as text: the published bijlage was an image).
BIJLAGE_ZONDER_INHOUD = ("De inhoud van deze bijlage staat niet in deze uitgave: "
                         "het gepubliceerde document bevat haar niet als tekst.")


def make_environment(templates_dir: Path = TEMPLATES_DIR,
                     finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
    """``finalize`` (the site's): applied to every ``{{ ... }}`` before autoescape."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "svg", "md"),
                                            default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_BYTECODE_CACHE if finalize is None else _FINALIZED_BYTECODE_CACHE,
        finalize=finalize,
    )
    env.filters.update(FILTERS)
    env.globals["bijlage_zonder_inhoud"] = BIJLAGE_ZONDER_INHOUD
    return env
