"""`coldstart plan [--exam-date YYYY-MM-DD | --clear] [--json]`: the plan to the exam date.

Setting a date stores it in the progress database's settings (the app's Settings screen sets the same one);
the plan itself only reads the schedule (app/core/progress/plan.py).
"""

from __future__ import annotations

import argparse
from datetime import date

from .common import add_course_option, add_db_option, db_path, error, load_course


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        argument_default=argparse.SUPPRESS,
        help="your plan to the exam date: days left, today's new questions and reviews, a 14-day forecast",
        description="Show the plan to your exam date: days left, today's target (new questions and reviews) to "
        "cover every topic and keep it remembered by then, and the reviews due on each of the next 14 days. "
        "The plan never changes when reviews are scheduled.",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--exam-date", metavar="YYYY-MM-DD", help="set the exam date (stored with your progress)")
    when.add_argument("--clear", action="store_true", default=False, help="forget the exam date")
    parser.add_argument("--json", action="store_true", default=False, help='print the plan as JSON ("format": 1)')
    add_course_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.progress import StoreError, open_store
    from ..core.progress.database import MEMORY
    from ..core.progress.plan import plan, set_exam_date

    new_date = getattr(args, "exam_date", None)
    day = None
    if new_date is not None:
        try:
            day = date.fromisoformat(new_date)
        except ValueError:
            error(f"--exam-date: {new_date!r} is not a date as YYYY-MM-DD")
            return 2
    course = load_course(args)
    if not course.topics:
        error(f"no course to plan for in {course.root} (see `coldstart validate`)")
        return 1
    path = db_path(args, course)
    writes = day is not None or args.clear
    try:
        # Only setting a date creates the progress database; reading a plan never does.
        with open_store(path if writes or path.exists() else MEMORY, course) as store:
            if writes:
                try:
                    set_exam_date(store, day)
                except ValueError as problem:
                    error(f"--exam-date: {problem}")
                    return 2
            result = plan(course, store)
    except StoreError as problem:
        error(str(problem))
        return 1
    if args.json:
        from .common import json_document

        data = result.to_json() if result else {"exam_date": None}
        data.pop("format", None)  # json_document puts the version first
        json_document("plan", data)
        return 0
    from rich.console import Console

    from ..present.plan import NO_EXAM_DATE, forecast_chart, plan_summary

    out = Console(highlight=False)
    if result is None:
        out.print(NO_EXAM_DATE + " Set it with `coldstart plan --exam-date YYYY-MM-DD`.", markup=False)
        return 0
    out.print(plan_summary(result))
    out.print("\n[bold]Reviews due, next 14 days[/] [dim](from your schedule as it stands)[/]")
    out.print(forecast_chart(result))
    return 0
