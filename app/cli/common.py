"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.course.model import Course


def add_course_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's own --course must not erase one given before the subcommand.
    parser.add_argument(
        "--course",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a course directory (holds content/ and quizzes/); default: $COLDSTART_COURSE or the bundled Lambda course",
    )


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the progress database; default: $COLDSTART_DB or a file per course in your user data directory",
    )


def course_dir(args: argparse.Namespace) -> Path:
    from app.core.paths import resolve_course_dir

    return resolve_course_dir(getattr(args, "course", None))


def load_course(args: argparse.Namespace) -> Course:
    """Load the chosen course; problems in it are left for `coldstart validate` and the app to show."""
    from app.core.course.loader import load_course as load

    return load(course_dir(args)).course


def db_path(args: argparse.Namespace, course: Course) -> Path:
    from app.core.paths import resolve_db_path

    return resolve_db_path(getattr(args, "db", None), course.id)


def error(message: str) -> None:
    """One clear line on stderr, in red where the terminal has colour."""
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"[bold red]coldstart:[/] {message}", markup=True, soft_wrap=True)


def open_app(args: argparse.Namespace, **start: object) -> int:
    """Build the app with the one factory and run it. `start` says where it opens (an exam, say)."""
    from app.ui.factory import create_app

    application = create_app(
        course_dir=course_dir(args),
        db_path=getattr(args, "db", None),
        settings={"theme": getattr(args, "theme", None), **start},
    )
    # A progress database that cannot be used makes the app exit with its reason and code 1.
    application.run()
    return application.return_code or 0
