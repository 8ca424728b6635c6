"""Command line: ``build`` (default), ``check`` and ``serve``.

Exit codes: 0 ok, 1 content errors or a full disk (nothing published), 2 usage
error, 3 internal error (a bug in haven_docs, not in the content).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from .diagnostics import ContentError, UsageError, print_diagnostics

ISSUES_URL = "het issue-overzicht van haven_docs"
EXIT_INTERNAL = 3
#: A full disk: like a content error, the user has to act and nothing was published.
EXIT_DISK_FULL = 1


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


#: argparse's own messages (English) as the user sees them in Dutch.
_MESSAGES = (
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"), r"\1: onbekende keuze \2 (kies uit \3)"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1 verwacht een waarde"),
    (re.compile(r"^argument (\S+): (.*)$"), r"\1: \2"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"onbekende argumenten: \1"),
    (re.compile(r"^the following arguments are required: (.*)$"), r"verplicht: \1"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), r"optie \1 is niet eenduidig: \2"),
)


class _Parser(argparse.ArgumentParser):
    """argparse in Dutch: usage, section titles, -h and the error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "opdrachten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="toon deze hulp en stop")

    def error(self, message: str):  # argparse's default exits 2 in English
        for pattern, dutch in _MESSAGES:
            if pattern.match(message):
                message = pattern.sub(dutch, message)
                break
        self.print_usage(sys.stderr)
        print(f"{self.prog}: gebruiksfout: {message}", file=sys.stderr)
        raise SystemExit(2)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen geheel getal") from None
    if number < 1:
        raise argparse.ArgumentTypeError("moet 1 of meer zijn")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        raise argparse.ArgumentTypeError("poort moet tussen 1 en 65535 liggen")
    return number


def _moment(value: str):
    from .uitgave import parse_moment

    try:
        return parse_moment(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _edition(args: argparse.Namespace):
    """The edition the options ask for, and the output folder (its default depends on it)."""
    from .uitgave import Uitgave

    intern = getattr(args, "intern", False)
    now = getattr(args, "now", None)
    uitgave = Uitgave(intern=intern) if now is None else Uitgave(intern=intern, nu=now)
    out = args.out if args.out is not None else Path("site-intern" if intern else "site")
    return uitgave, out


def _option_parsers(top: bool) -> tuple[argparse.ArgumentParser, ...]:
    """The options shared by the commands: (on all, on build, edition).

    The options are accepted before and after the command; the command's copy
    has no defaults of its own (``SUPPRESS``), so that ``--intern build`` keeps
    ``--intern`` (argparse lets a subcommand's defaults overwrite given values).
    """
    def default(value):
        return value if top else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=default(Path("content")), metavar="DIR",
                        help="map met de YAML-bronnen (standaard: content/)")
    common.add_argument("--out", type=Path, default=default(None), metavar="DIR",
                        help="map voor de site en pdf's (standaard: site/, met --intern: site-intern/)")
    build_opts = argparse.ArgumentParser(add_help=False)
    build_opts.add_argument("--jobs", type=_positive, default=default(None), metavar="N",
                            help="aantal processen voor pdf's (standaard: alle kernen)")
    build_opts.add_argument("--no-cache", action="store_true", default=default(False),
                            help="negeer de incrementele cache, bouw alles opnieuw en ververs de cache")
    edition = argparse.ArgumentParser(add_help=False)
    edition.add_argument("--intern", action="store_true", default=default(False),
                         help="de interne uitgave voor griffie en Woo-coördinator: alles, met wat niet openbaar "
                              "is gemarkeerd en waarom; in een eigen map (standaard site-intern/), nooit in de "
                              "openbare")
    edition.add_argument("--now", type=_moment, default=default(None), metavar="JJJJ-MM-DDTUU:MM",
                         help="het moment waarop embargo's worden beoordeeld, in Nederlandse tijd "
                              "(standaard: nu), bijv. 2024-11-01T10:00")
    return common, build_opts, edition


def make_parser() -> argparse.ArgumentParser:
    common, build_opts, edition = _option_parsers(top=True)
    parser = _Parser(
        prog="build.py",
        description="Bouwt de site en de pdf's uit content/ (haven_docs).",
        parents=[common, build_opts, edition],
        epilog="Zonder opdracht: build. Exitcodes: 0 goed, 1 fouten in de inhoud, 2 gebruiksfout, 3 interne fout.",
    )
    common, build_opts, edition = _option_parsers(top=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, title="opdrachten", metavar="{build,check,serve}")
    sub.add_parser("build", parents=[common, build_opts, edition],
                   help="controleer en bouw site/ en site/pdf/ (met --intern: site-intern/)")
    sub.add_parser("check", parents=[common], help="controleer de inhoud; schrijft niets")
    serve = sub.add_parser("serve", parents=[common, edition], help="voorbeeld op 127.0.0.1 dat bij elke wijziging opnieuw bouwt")
    serve.add_argument("--port", type=_port, default=8000, metavar="N", help="poort (standaard 8000)")
    return parser


def run() -> NoReturn:
    """``build.py``: :func:`main`, then leave without the interpreter's teardown.

    Everything is written by then; freeing a large build's objects one by one
    took a tenth of an incremental build (mypy leaves the same way). The PDF
    workers share our stdout and stderr, so they are ended first: whoever
    reads our output through a pipe would otherwise wait for them.
    """
    code = main()
    pool = sys.modules.get("haven_docs.pdf.pool")  # only loaded when PDFs were built
    if pool is not None:
        pool.end_workers_now()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    command = args.command or "build"
    try:
        if command == "check":
            from .corpus import check_corpus

            index = check_corpus(args.content)
            documents = len(index.documents())
            print(f"Inhoud in orde: {documents} documenten, {len(index.nodes)} onderdelen met een id.",
                  file=sys.stderr)
            return 0
        if command == "build":
            from .build import build

            uitgave, out = _edition(args)
            build(args.content, out, jobs=args.jobs, use_cache=not args.no_cache, uitgave=uitgave)
            return 0
        if command == "serve":
            from .serve import serve

            _, out = _edition(args)
            serve(args.content, out, port=args.port, intern=args.intern, now=args.now)
            return 0
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        return exc.exit_code
    except UsageError as exc:
        print(f"build.py: gebruiksfout: {exc}", file=sys.stderr)
        return UsageError.exit_code
    except KeyboardInterrupt:
        print("build.py: afgebroken; de vorige uitvoer is ongewijzigd.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place where a bug becomes a clear message
        from .publish import disk_full_message

        full = disk_full_message(exc)
        if full is not None:  # the staging folder is gone, the cache files are replaced whole
            print(f"build.py: {full}", file=sys.stderr)
            return EXIT_DISK_FULL
        _report_bug()
        return EXIT_INTERNAL
    return 0


def _report_bug() -> None:
    where = traceback.extract_tb(sys.exc_info()[2])[-1]
    exc = sys.exc_info()[1]
    print(
        f"build.py: interne fout in haven_docs ({type(exc).__name__}: {exc}) bij "
        f"{Path(where.filename).name}:{where.lineno}.\n"
        f"Dit is een fout in het programma, niet in de inhoud. Meld het in {ISSUES_URL} "
        "en voeg deze melding toe. De vorige uitvoer is ongewijzigd.",
        file=sys.stderr,
    )
    if os.environ.get("HAVEN_DOCS_DEBUG"):
        traceback.print_exc()
