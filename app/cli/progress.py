"""`coldstart progress export|import|reset`: move progress between machines, or start over.

- `export FILE.json` writes everything (answers with their review logs, sections read, sessions, settings).
- `import FILE.json` merges such a file in; importing the same file twice changes nothing. A malformed
  file, another format or another course's file is refused with the reason, and nothing changes (exit 1).
- `reset [--topic ID] [--yes]` forgets the progress of one topic or of everything, after asking, and keeps
  a backup of the whole database next to it (`<name>.backup-<time>.db`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.wording import count_of
from .common import add_course_option, add_db_option

if TYPE_CHECKING:
    from ..core.course.model import Course


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "progress",
        argument_default=argparse.SUPPRESS,
        help="export, import (merge) or reset your progress",
        description="Export your progress to a JSON file, merge one in, or reset it (a backup is kept).",
    )
    add_course_option(parser)
    add_db_option(parser)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action", required=True)

    export = actions.add_parser("export", argument_default=argparse.SUPPRESS, help="write your progress to FILE.json",
                                description="Write your progress (answers, review logs, sections read, sessions, settings) to a JSON file.")
    export.add_argument("file", metavar="FILE.json", help="where to write it")
    export.set_defaults(handler=run_export)

    merge = actions.add_parser("import", argument_default=argparse.SUPPRESS, help="merge FILE.json into your progress",
                               description="Merge an export into your progress. Answers already here are skipped, "
                               "so importing a file twice changes nothing.")
    merge.add_argument("file", metavar="FILE.json", help="a file written by `coldstart progress export`")
    merge.set_defaults(handler=run_import)

    reset = actions.add_parser("reset", argument_default=argparse.SUPPRESS, help="forget your progress (a backup is kept)",
                               description="Forget the progress of one topic or of everything. A backup of the whole "
                               "database is written next to it first.")
    reset.add_argument("--topic", metavar="ID", default=None, help="reset only this topic")
    reset.add_argument("--yes", action="store_true", default=False, help="do not ask for confirmation")
    reset.set_defaults(handler=run_reset)

    for action in (export, merge, reset):
        add_course_option(action)
        add_db_option(action)


def _course_and_path(args: argparse.Namespace) -> tuple[Course, Path]:
    from ..core.progress import StoreError
    from .common import db_path, load_course

    course = load_course(args)
    if not course.topics:
        raise StoreError(f"no course to work with in {course.root} (see `coldstart validate`)")
    return course, db_path(args, course)


def run_export(args: argparse.Namespace) -> int:
    from ..core.progress import StoreError, open_store
    from ..core.progress.transfer import write_export
    from ..core.text import printable
    from .common import error

    try:
        course, path = _course_and_path(args)
        if not path.exists():
            raise StoreError(f"there is no progress to export yet ({path} does not exist)")
        with open_store(path, course) as store:
            count = write_export(store, course.id, args.file)
    except StoreError as problem:
        error(str(problem))
        return 1
    print(printable(f"Exported {count_of(count, 'answer')} of {course.title} to {args.file}"))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock
    from ..core.progress import StoreError, TransferError, import_progress, open_store, read_export
    from .common import error

    try:
        course, path = _course_and_path(args)
        data = read_export(args.file, course.id, now=SystemClock().now())  # checked before the database is opened
        with open_store(path, course) as store:
            report = import_progress(store, data)
    except TransferError as problem:
        error(f"{args.file}: {problem}; nothing was imported")
        return 1
    except StoreError as problem:
        error(str(problem))
        return 1
    print(
        f"Imported {count_of(report.answers_added, 'new answer')} "
        f"({report.answers_already_here} already here), {count_of(report.sections_added, 'section')} read, "
        f"{count_of(report.sessions_added, 'session')}; {count_of(report.cards_rebuilt, 'review schedule')} rebuilt."
    )
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from ..core.progress import StoreError, open_store, reset_progress
    from ..core.text import printable
    from .common import error

    try:
        course, path = _course_and_path(args)
    except StoreError as problem:
        error(str(problem))
        return 1
    if args.topic is not None and course.topic(args.topic) is None:
        known = ", ".join(t.id for t in course.topics) or "none"
        error(f"unknown topic {args.topic!r}; the topics of {course.title} are: {known}")
        return 2
    if not path.exists():
        error(f"there is no progress to reset ({path} does not exist)")
        return 1
    what = f"your progress in the topic {args.topic!r}" if args.topic else "all your progress"
    if not args.yes and not _confirm(printable(f"Reset {what} in {path}? A backup is kept next to it. [y/N] ")):
        print("Nothing was reset.")
        return 1
    try:
        with open_store(path, course) as store:
            report = reset_progress(store, args.topic)
    except StoreError as problem:
        error(str(problem))
        return 1
    print(printable(
        f"Reset {what}: {count_of(report.answers_deleted, 'answer')} and {count_of(report.sections_deleted, 'section')} read forgotten. "
        f"Backup: {report.backup}"
    ))
    if report.settings_cleared:
        print(printable(f"Cleared unusable setting(s) {', '.join(report.settings_cleared)}: the defaults apply."))
    return 0


def _confirm(prompt: str) -> bool:
    """Ask on the terminal; no answer (end of input) means no."""
    try:
        reply = input(prompt)
    except EOFError:
        print(file=sys.stderr)
        return False
    return reply.strip().lower() in {"y", "yes"}
