"""`coldstart exam [NAME | history] [--json]`: list the course's exams, start one, or show past results.

- `coldstart exam` lists the blueprints (questions, minutes, pass mark, domain weights) and any place the
  question bank falls short of one, and says how to resume an unfinished exam if there is one.
- `coldstart exam NAME` opens the app directly in that exam.
- `coldstart exam history` prints past results, oldest first; `--json` prints them as JSON instead.
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .common import add_course_option, add_db_option, json_document

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.course.model import Blueprint, Course
    from ..core.exam.store import ExamRecord, ExamStore, HistoryEntry

T = TypeVar("T")

HISTORY = "history"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam",
        # Options left out set nothing, so `coldstart --course X exam` keeps the X given before the
        # subcommand (argparse would otherwise copy this parser's None over it).
        argument_default=argparse.SUPPRESS,
        help="list the practice exams, start one, or show past results",
        description="Without NAME, list the course's exams. With NAME, open the app in that exam. "
        "`coldstart exam history` prints past results.",
    )
    parser.add_argument("name", nargs="?", default=None, metavar="NAME", help="an exam to start, or `history` for past results")
    parser.add_argument("--json", action="store_true", default=False, help="print the list or the history as JSON")
    add_course_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from .common import error, load_course, open_app

    course = load_course(args)
    if args.name is None:
        return _list(args, course)
    if args.name == HISTORY:
        return _history(args, course)
    if args.json:
        error("--json goes with the list of exams or with `history`, not with starting an exam")
        return 2
    blueprint = course.blueprint(args.name)
    if blueprint is None:
        known = ", ".join(b.id for b in course.blueprints) or "none"
        error(f"unknown exam {args.name!r}; the exams in {course.title} are: {known}")
        return 2
    return open_app(args, exam=blueprint.id)


def _domains(weights: dict[str, float]) -> str:
    return ", ".join(f"{domain} {weight:g}%" for domain, weight in weights.items())


def _list(args: argparse.Namespace, course: Course) -> int:
    from rich.console import Console

    from ..core.clock import SystemClock
    from ..core.exam import check_blueprint
    from .common import literal

    now = SystemClock().now()
    unfinished = _find_unfinished(args, course)
    if args.json:
        exams = [_blueprint_json(b, check_blueprint(b, course)) for b in course.blueprints]
        json_document("exam-list", {"exams": exams, "unfinished": _unfinished_json(unfinished, now)})
        return 0
    out = Console(highlight=False, soft_wrap=True)
    if course.blueprints:
        _print_blueprints(out, course)
    else:
        out.print(f"{literal(course.title)} has no exams.")
    if unfinished is not None:
        _print_unfinished(out, args, unfinished, now)
    return 0


def _print_blueprints(out: Console, course: Course) -> None:
    from rich.table import Table

    from ..core.exam import check_blueprint
    from .common import literal

    table = Table(title=f"Exams in {literal(course.title)}", title_justify="left")
    # The name is what people type, so it is never cut short; the title and domains wrap beside it.
    table.add_column("Name", no_wrap=True, min_width=max(len(b.id) for b in course.blueprints))
    table.add_column("Exam", ratio=1)
    for column in ("Questions", "Minutes", "Pass"):
        table.add_column(column, justify="right", no_wrap=True)
    notes: list[str] = []
    for b in course.blueprints:
        title = literal(b.title) + (" (pausable)" if b.pausable else "")
        exam = f"{title}\n[dim]{literal(_domains(b.domain_weights))}[/]"
        table.add_row(b.id, exam, str(b.question_count), str(b.minutes), f"{b.pass_mark:g}%")
        notes += [f"[yellow]{literal(b.id)}:[/] {literal(n)}" for n in check_blueprint(b, course)]
    out.print(table)
    for note in notes:
        out.print(note)
    out.print("Start one with [bold]coldstart exam NAME[/]; past results: [bold]coldstart exam history[/].")


def _blueprint_json(blueprint: Blueprint, notices: list[str]) -> dict[str, object]:
    return {
        "id": blueprint.id,
        "title": blueprint.title,
        "questions": blueprint.question_count,
        "minutes": blueprint.minutes,
        "pass_mark": blueprint.pass_mark,
        "pausable": blueprint.pausable,
        "domains": blueprint.domain_weights,
        "topics": list(blueprint.topics),
        "notices": notices,
    }


def _find_unfinished(args: argparse.Namespace, course: Course) -> ExamRecord | None:
    """The exam in progress in the learner's database, if any; one that cannot be read is a warning, not a stop."""
    from ..core.exam.errors import ExamError
    from ..core.exam.store import ExamStore
    from .common import db_path, warn

    path = db_path(args, course)
    try:
        return _read_exams(path, ExamStore.find_resumable, None)
    except (sqlite3.Error, ExamError) as problem:
        warn(f"cannot read the unfinished exam from {path}: {problem}")
        return None


def _app_command(args: argparse.Namespace) -> str:
    """The command that opens the app on the same course and database as this one."""
    words = ["coldstart"]
    for option in ("course", "db"):
        if getattr(args, option, None) is not None:
            words += [f"--{option}", str(getattr(args, option))]
    return shlex.join(words)


def _print_unfinished(out: Console, args: argparse.Namespace, record: ExamRecord, now: datetime) -> None:
    from rich.text import Text

    from ..present.exam_history import unfinished_summary

    command = _app_command(args)
    if record.ran_out(now):
        how = f"Run {command} to see its result: it is submitted when the app opens."
    else:
        how = f"Resume it in the app: run {command} and choose Resume (or press r on Practice exams)."
    out.print(Text.assemble(("Unfinished: ", "bold yellow"), unfinished_summary(record, now), "\n", how))


def _unfinished_json(record: ExamRecord | None, now: datetime) -> dict[str, object] | None:
    if record is None:
        return None
    return {
        "id": record.id,
        "blueprint": record.blueprint_id,
        "title": record.title,
        "answered": sum(a.picked is not None for a in record.answers),
        "questions": len(record.answers),
        "remaining_seconds": round(record.countdown_while_closed.remaining(now).total_seconds()),
        "pausable": record.pausable,
        "ran_out": record.ran_out(now),
    }


def _read_exams(path: Path, read: Callable[[ExamStore], T], empty: T) -> T:
    """`read(store)`, without writing anything: a missing database, or one without exam tables, reads as `empty`."""
    from sqlite_utils import Database

    from ..core.exam.store import ExamStore

    if not path.is_file():
        return empty
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        store = ExamStore(Database(connection), migrate=False)
        return read(store) if store.has_tables else empty
    finally:
        connection.close()


def _read_history(path: Path) -> list[HistoryEntry]:
    """Past results; a missing database or table simply has none."""
    from ..core.exam.store import ExamStore

    return _read_exams(path, ExamStore.history, [])


def _history(args: argparse.Namespace, course: Course) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..core.exam.errors import ExamError
    from ..core.text import printable
    from ..present import exam_history as present
    from .common import db_path, error

    path = db_path(args, course)
    try:
        entries = _read_history(path)
    except (sqlite3.Error, ExamError) as problem:
        error(f"cannot read past exams from {path}: {problem}")
        return 1
    if args.json:
        json_document("exam-history", {"exams": [e.to_json() for e in entries]})
        return 0
    out = Console(highlight=False, soft_wrap=True)
    if not entries:
        out.print("No exams taken yet. Start one with [bold]coldstart exam NAME[/].")
        return 0
    table = Table(title="Past exams", title_justify="left")
    for column, justify in (*present.COLUMNS, ("Per domain", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]  # justify comes from a table of literals typed as str
    for e in entries:
        domains = ", ".join(f"{d} {t.correct}/{t.total}" for d, t in e.by_domain.items())
        table.add_row(*present.row(e), Text(printable(domains)))
    out.print(table)
    return 0
