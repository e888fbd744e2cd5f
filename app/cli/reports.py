"""`coldstart reports [--json]`: the questions learners reported from the app, newest first, for the instructor.

Each report shows its reason, the learner's note and where the question is written (file and line), and says
whether the question was edited after the report or has left the course. Reading never creates a database.
"""

from __future__ import annotations

import argparse

from ..core.wording import count_of
from .common import add_course_option, add_db_option


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reports",
        argument_default=argparse.SUPPRESS,
        help="list the questions learners reported (wrong key, unclear, outdated, typo), newest first",
        description="List the reports learners sent from the app with `!` on a question: reason, note, when, "
        "and the question's file and line, newest first.",
    )
    parser.add_argument("--json", action="store_true", default=False, help="print the reports as JSON")
    add_course_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.progress.reports import list_reports
    from .common import json_document, read_progress, where

    read = read_progress(args, lambda course, store: (course, list_reports(store.db)))
    if isinstance(read, int):
        return read
    course, reports = read
    if args.json:
        json_document("reports", {"reports": [report.to_json(course) for report in reports]})
        return 0

    from rich.console import Console

    from .common import literal

    out = Console(highlight=False)
    if not reports:
        out.print(f"No reports on {literal(course.title)} yet.")
        return 0
    out.print(f"[bold]{literal(course.title)}[/] — {count_of(len(reports), 'report')}, newest first")
    for report in reports:
        location = report.location(course)
        place = where(location) if location else "no longer in the course"
        state = " [yellow](edited since)[/]" if report.changed_since(course) else ""
        out.print(
            f"\n[bold]{literal(place)}[/]  {literal(report.question_id)}{state}\n"
            f"  {report.created_at.astimezone():%Y-%m-%d %H:%M} · {literal(report.reason_label)}"
        )
        if report.note:
            out.print(f"  “{literal(report.note)}”")
    return 0
