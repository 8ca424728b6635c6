"""haven_docs: municipal policy as code.

YAML in ``content/`` is loaded, validated, indexed, resolved and checked
(:mod:`haven_docs.corpus`), then rendered into an MkDocs site and PDFs.
"""

__version__ = "0.1.0"
