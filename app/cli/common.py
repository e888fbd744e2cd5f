"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..core.course.model import Course, Location
    from ..core.progress.store import ProgressStore

T = TypeVar("T")

ESCAPE_DELAY_MS = 25  # how long a lone Escape waits for the rest of a key's sequence (see open_app)


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
    from ..core.paths import resolve_course_dir

    return resolve_course_dir(getattr(args, "course", None))


def load_course(args: argparse.Namespace) -> Course:
    """Load the chosen course; problems in it are left for `coldstart validate` and the app to show.

    Through the course cache, as the app loads it: the YAML files are read only when one has changed."""
    from ..core.course.cache import load_course_cached

    return load_course_cached(course_dir(args)).course


def db_path(args: argparse.Namespace, course: Course) -> Path:
    from ..core.paths import resolve_db_path

    return resolve_db_path(getattr(args, "db", None), course.id)


def read_progress(args: argparse.Namespace, read: Callable[[Course, ProgressStore], T]) -> T | int:
    """Load the course and return `read(course, store)`; or print why not and return the exit code (1).

    For commands that only read: a progress database that does not exist yet is read as an empty one,
    and not created.
    """
    from ..core.progress import StoreError, open_store
    from ..core.progress.database import MEMORY

    course = load_course(args)
    if not course.topics:
        error(f"no course to show in {course.root} (see `coldstart validate`)")
        return 1
    path = db_path(args, course)
    try:
        with open_store(path if path.exists() else MEMORY, course) as store:
            for reason in store.unusable_settings().values():
                warn(f"the stored setting {reason}; the default is used (change it in the app's Settings)")
            return read(course, store)
    except StoreError as problem:
        error(str(problem))
        return 1


def where(location: Location) -> str:
    """`file:line` of a course Location, the file relative to the current folder when it is inside it."""
    file, line = Path(location.file), location.line
    try:
        file = file.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{file}:{line}"


# The version of each `--json` document, by kind. Raise a kind's number when one of its keys changes meaning or
# goes away (adding a key is compatible), and update docs/json.md, which tests/test_json_outputs.py checks.
JSON_FORMATS: dict[str, int] = {
    "stats": 1,
    "stats-questions": 1,
    "stats-coverage": 2,  # 2: question counts are of the exam pool, with the floors
    "exam-list": 1,
    "exam-history": 1,
    "reports": 1,
    "lint": 1,
    "sim-run": 1,
    "sim-list": 1,
    "plan": 1,
    "class-list": 1,
    "class-report": 1,
}


def json_document(kind: str, data: Mapping[str, Any]) -> None:
    """Print a `--json` document of `kind` on stdout: its `format` version first, then the command's keys."""
    document = {"format": JSON_FORMATS[kind], **data}
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def error(message: str) -> None:
    """One clear line on stderr, in red where the terminal has colour.

    The message is printed exactly as written: it quotes what the user typed, paths and imported values,
    so it is never read as Rich markup, and control characters in it are shown, not obeyed.
    """
    from rich.console import Console
    from rich.text import Text

    from ..core.text import printable

    line = Text.assemble(("coldstart:", "bold red"), " ", printable(message))
    Console(stderr=True, highlight=False).print(line, soft_wrap=True)


def literal(value: object) -> str:
    """`value` ready to put into Rich markup: shown as written (markup escaped, control characters made visible)."""
    from rich.markup import escape

    from ..core.text import printable

    return escape(printable(str(value)))


def warn(message: str) -> None:
    """One line on stderr about something that did not stop the command."""
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(Text.assemble(("coldstart: warning: ", "yellow"), message))


def open_app(args: argparse.Namespace, **start: object) -> int:
    """Build the app with the one factory and run it. `start` says where it opens (an exam, say)."""
    # A lone Escape is told from the start of a key's escape sequence by waiting for more: Textual waits 100 ms,
    # so Back (Escape, pressed on every screen) answered a tenth of a second late. A terminal writes a key's
    # sequence at once, so 25 ms is plenty (Neovim waits 50 by default); ESCDELAY set by the learner still wins.
    # Read when Textual is first imported, so set before.
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    from ..ui.factory import create_app

    application = create_app(
        course_dir=course_dir(args),
        db_path=getattr(args, "db", None),
        settings={"theme": getattr(args, "theme", None), "watch": getattr(args, "watch", False), **start},
    )
    # A progress database that cannot be used makes the app exit with its reason and code 1.
    application.run()
    return application.return_code or 0
