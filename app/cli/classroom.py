"""`coldstart class ...`: seats for a class served in the browser (`coldstart serve --class DIR`), and its report.

    coldstart class init DIR [--url URL] [--course DIR]   a new class folder
    coldstart class add NAME [NAME...]                   a seat and a personal link for each learner
    coldstart class relink NAME                          a new link for a seat (the old one stops working)
    coldstart class list                                 the seats and their last activity
    coldstart class remove NAME                          close a seat (its progress database is kept)
    coldstart class report [DIR] [--json | --html FILE]  every learner's progress and the question statistics

The class folder is DIR for init and report, otherwise `--dir DIR`, $COLDSTART_CLASS, or the current folder.
A link is printed once: only a hash of its token is stored (app/core/classroom/seats.py).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import add_course_option

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.classroom.report import ClassReport
    from ..core.classroom.seats import ClassFolder

CLASS_ENV = "COLDSTART_CLASS"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "class",
        help="run a class in the browser: seats with personal links, and the class report",
        description="Seats for learners of a class served with `coldstart serve --class DIR`, and the "
        "instructor's class report. See docs/classroom.md.",
    )
    def show_help(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=show_help)  # `coldstart class` alone: what it can do
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND")

    init = verbs.add_parser("init", help="make a class folder", description="Make a class folder: class.json "
                            "(the seats, hashes of their tokens) and seats/ (a progress database per learner).")
    init.add_argument("dir", metavar="DIR", type=Path)
    init.add_argument("--url", help="the address learners will open (serve's --public-url), for their links; "
                      "default http://127.0.0.1:8000")
    add_course_option(init)
    init.set_defaults(handler=run_init)

    add = verbs.add_parser("add", help="add seats and print each learner's link (shown once)",
                           description="Add a seat for each NAME and print its personal link. Only a hash of "
                           "the link's token is kept: copy the links now (`class relink` issues a new one).")
    add.add_argument("names", metavar="NAME", nargs="+")
    _dir_option(add)
    add.set_defaults(handler=run_add)

    relink = verbs.add_parser("relink", help="issue a new link for a seat; the old one stops working")
    relink.add_argument("name", metavar="NAME")
    _dir_option(relink)
    relink.set_defaults(handler=run_relink)

    listing = verbs.add_parser("list", help="the seats and their last activity")
    listing.add_argument("--json", action="store_true", help="print the seats as JSON")
    _dir_option(listing)
    listing.set_defaults(handler=run_list)

    remove = verbs.add_parser("remove", help="close a seat: its link stops working, its database is kept")
    remove.add_argument("name", metavar="NAME")
    _dir_option(remove)
    remove.set_defaults(handler=run_remove)

    report = verbs.add_parser(
        "report",
        argument_default=argparse.SUPPRESS,
        help="every learner's progress, the weakest topics and the question statistics",
        description="Per learner: last activity, topics read, questions answered, accuracy, readiness, exams "
        "taken and best score. For the class: the weakest topics, question statistics over every seat "
        "(difficulty, discrimination, suspected mis-keys) and reported questions.",
    )
    # default=None: with argument_default=SUPPRESS an omitted optional positional would read "==SUPPRESS==".
    report.add_argument("dir", metavar="DIR", type=Path, nargs="?", default=None)
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--html", metavar="FILE", type=Path, help="write the report as one self-contained HTML file")
    add_course_option(report)
    report.set_defaults(handler=run_report)


def _dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", "-C", metavar="DIR", type=Path, default=None,
                        help=f"the class folder; default ${CLASS_ENV} or the current folder")


def class_dir(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "dir", None)
    return Path(chosen) if chosen else Path(os.environ.get(CLASS_ENV) or ".")


def _open(args: argparse.Namespace) -> ClassFolder | None:
    """The class folder the command names, or None after printing why it cannot be used."""
    from ..core.classroom.seats import ClassError, ClassFolder
    from .common import error

    try:
        return ClassFolder.open(class_dir(args))
    except ClassError as problem:
        error(str(problem))
        return None


def open_class(args: argparse.Namespace) -> int:
    """`coldstart --class DIR`: the app, opening on the instructor's screen of that class (on its course)."""
    from .common import open_app

    args.dir = Path(args.class_dir)
    folder = _open(args)
    if folder is None:
        return 1
    if not getattr(args, "course", None) and folder.course:
        args.course = folder.course
    return open_app(args, class_dir=str(folder.root))


def run_init(args: argparse.Namespace) -> int:
    from ..core.classroom.seats import ClassError, ClassFolder
    from .common import error

    course = getattr(args, "course", None)
    try:
        ClassFolder.init(args.dir, course=str(Path(course).resolve()) if course else None, url=args.url)
    except ClassError as problem:
        error(str(problem))
        return 1
    print(f"Made the class folder {args.dir}. Next: coldstart class add NAME... --dir {args.dir}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock

    return _for_each_seat(args, args.names, lambda folder, name: f"{name}\t{folder.link(folder.add(name, SystemClock()))}",
                          "Each link is shown only this once: send it to its learner now.")


def run_relink(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock

    return _for_each_seat(args, [args.name], lambda folder, name: f"{name}\t{folder.link(folder.relink(name, SystemClock()))}",
                          "The old link no longer opens this seat.")


def run_remove(args: argparse.Namespace) -> int:
    def remove(folder: ClassFolder, name: str) -> str:
        kept = folder.remove(name)
        note = f"; their progress stays in {kept}" if kept.exists() else ""
        return f"Closed the seat of {name}: their link no longer works{note}."

    return _for_each_seat(args, [args.name], remove)


def _for_each_seat(args: argparse.Namespace, names: list[str], change: Callable[[ClassFolder, str], str],
                   then: str = "") -> int:
    """Apply `change` to each named seat and print what it says; a seat that cannot be changed is one line on
    stderr and does not stop the others. Exit code 1 if any failed."""
    from ..core.classroom.seats import ClassError
    from .common import error

    folder = _open(args)
    if folder is None:
        return 1
    failed = 0
    for name in names:
        try:
            print(change(folder, name))
        except ClassError as problem:
            error(str(problem))
            failed = 1
    if then:
        print(then)
    return failed


def run_list(args: argparse.Namespace) -> int:
    from ..core.classroom.report import last_activity
    from ..core.progress.database import StoreError, open_database
    from ..present.class_report import moment

    folder = _open(args)
    if folder is None:
        return 1
    rows = []
    for name, seat in sorted(folder.seats.items(), key=lambda item: item[0].casefold()):
        path = folder.db_path(name)
        activity = None
        if path.exists():
            try:
                db = open_database(path)
                try:
                    activity = last_activity(db)
                finally:
                    db.close()
            except StoreError:
                activity = None
        rows.append((name, seat, activity, path.exists()))
    if args.json:
        from .common import json_document

        json_document("class-list", {"seats": [{"name": name, "linked_at": seat.linked_at.isoformat(), "started": started,
                                                "last_activity": activity.isoformat() if activity else None}
                                               for name, seat, activity, started in rows]})
        return 0
    if not rows:
        print(f"No seats yet in {folder.root}: coldstart class add NAME...")
        return 0
    width = max(len(name) for name, *_ in rows)
    for name, seat, activity, started in rows:
        state = moment(activity) if activity else ("opened, nothing done yet" if started else "not started")
        when = f"{state} UTC" if activity else state
        print(f"{name:<{width}}  last activity: {when}  (link issued {moment(seat.linked_at)} UTC)")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from ..core.classroom.report import class_report
    from ..core.clock import SystemClock
    from ..core.course.cache import load_course_cached
    from ..core.paths import resolve_course_dir
    from ..core.progress.database import StoreError
    from .common import error

    folder = _open(args)
    if folder is None:
        return 1
    course = load_course_cached(resolve_course_dir(getattr(args, "course", None) or folder.course)).course
    if not course.topics:
        error(f"no course to report on in {course.root} (see `coldstart validate`)")
        return 1
    try:
        report = class_report(folder, course, SystemClock())
    except StoreError as problem:
        error(str(problem))
        return 1
    if getattr(args, "json", False):
        from .common import json_document

        json_document("class-report", report.to_json(course))
    elif getattr(args, "html", None) is not None:
        from ..core.progress.readiness import DEFAULT_PASS_MARK
        from ..present.class_report import html_report

        pass_mark = course.blueprints[0].pass_mark if course.blueprints else DEFAULT_PASS_MARK
        try:
            args.html.write_text(html_report(report, course, pass_mark), encoding="utf-8")
        except OSError as problem:
            error(f"cannot write {args.html}: {problem.strerror or problem}")
            return 1
        print(f"Wrote the class report to {args.html}")
    else:
        from rich.console import Console

        show(report, Console(highlight=False))
    return 0


def show(report: ClassReport, out: Console) -> None:
    """The report in the terminal: learners, weakest topics, question statistics, reports."""
    from rich import box
    from rich.table import Table

    from ..present.class_report import COLUMN_NOTE, LEARNER_COLUMNS, learner_row
    from ..present.text import percent
    from .common import literal
    from .stats import show_questions

    out.print(f"[bold]{literal(report.course_title)}[/] — class report, {len(report.learners)} seats")
    table = Table(title="Learners", title_justify="left", box=box.SIMPLE_HEAD, caption=COLUMN_NOTE, caption_justify="left")
    for name, justify in LEARNER_COLUMNS:
        table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis")  # type: ignore[arg-type]  # justify comes from a table of literals typed as str
    for learner in report.learners:
        table.add_row(*(literal(cell) for cell in learner_row(learner)))
    out.print(table)
    if report.weakest_topics:
        out.print("Weakest topics:")
        for number, topic in enumerate(report.weakest_topics, 1):
            out.print(f"  {number}. {literal(topic.title)} — mastery {percent(topic.mastery)}, "
                      f"accuracy {percent(topic.accuracy)}, {topic.learners} learner(s)")
    show_questions(report.questions, report.course_title, out)
    if report.reports:
        out.print(f"[bold]Reported questions[/] ({len(report.reports)}, newest first)")
        for item in report.reports:
            note = f": {literal(item.note)}" if item.note else ""
            out.print(f"  {literal(item.learner)} · {literal(item.question_id)} · {literal(item.reason_label)}{note}")
