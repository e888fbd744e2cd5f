"""The `coldstart` command line.

`coldstart` alone opens the app; every other verb is a subcommand module in this package with a
`register(subparsers)` function that adds its parser and sets `handler`. Subcommand modules import what
they need inside their handlers, so `coldstart --help` and the app's start-up stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from .common import add_course_option, add_db_option

# Each name is a module in this package with a register(subparsers) function.
SUBCOMMAND_MODULES = ("validate", "lint", "sim", "stats", "plan", "progress", "exam", "new", "schema", "export", "importing",
                      "reports", "serve", "classroom")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coldstart",
        description="Learn AWS Lambda in the terminal and prepare for the AWS Certified Developer - Associate exam.",
    )
    parser.add_argument("--version", action="version", version=f"coldstart {__version__}")
    add_course_option(parser)
    add_db_option(parser)
    parser.add_argument("--theme", help="a Textual theme name, e.g. textual-dark or nord")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="for course authors: reload course files in the app as you save them, and show their problems",
    )
    parser.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        help="for instructors: open the class report of this class folder (`coldstart class init`)",
    )
    parser.set_defaults(handler=_open_app)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.{name}":
                raise
            continue  # that command has not been built yet
        module.register(subparsers)
    return parser


def _open_app(args: argparse.Namespace) -> int:
    from .common import open_app

    if getattr(args, "class_dir", None):
        from .classroom import open_class

        return open_class(args)
    return open_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `coldstart sim ... | head` closes the pipe early: that is not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
