"""`coldstart import gift|csv FILE --topic ID`: turn another format's questions into a question bank.

The questions are checked by the course loader before anything is written: every problem is printed as
FILE:LINE:COLUMN in the imported file and nothing is written (exit 1). The bank goes to quizzes/ID.yaml
unless --out names another file; an existing file is only added to with --merge, which appends the
questions whose ids it does not have yet and leaves the rest of the file as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.wording import count_of
from .new import course_option

if TYPE_CHECKING:
    from ..core.authoring.exchange import Imported, ImportFailed
    from ..core.authoring.exchange.bank import ImportResult

FORMATS = {
    "gift": "Moodle GIFT (multiple-choice questions; `// domain:`, `// difficulty:`, `// tags:`, `// source:` comments are read; "
    "[html] text becomes Markdown)",
    "csv": "CSV with a header row, as `coldstart export csv` writes it",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import questions from Moodle GIFT or CSV into a question bank",
        description="Read questions from another format and write them as a question bank for one topic.",
    )
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", required=True)
    for name, description in FORMATS.items():
        sub = formats.add_parser(name, help=description, description=f"Import {description}.")
        sub.add_argument("file", metavar="FILE", help="the file to import")
        sub.add_argument("--topic", required=True, metavar="ID", help="the topic the questions belong to (it must exist)")
        sub.add_argument("--out", metavar="FILE", help="the bank to write (default: quizzes/ID.yaml in the course)")
        sub.add_argument("--merge", action="store_true", help="add to an existing bank the questions whose ids it lacks")
        sub.add_argument("--domain", metavar="ID", help="the domain of questions that name none (default: the course's first)")
        sub.add_argument("--difficulty", type=int, choices=(1, 2, 3), default=2, help="for questions that give none (default 2)")
        sub.add_argument("--source", metavar="URL", help="the source of questions that give none")
        sub.add_argument("--tag", action="append", default=[], metavar="TAG", help="add this tag to every question; repeat for more")
        sub.add_argument("--allow-placeholders", action="store_true", help="write a marked placeholder (TODO(imported): ...) "
                         "where a question has no why for an answer, no explanation or no source, as in Moodle's own "
                         "exports, instead of refusing the file; replace them before learners see them")  # fmt: skip
        course_option(sub)
        sub.set_defaults(handler=run, format=name)


def run(args: argparse.Namespace) -> int:
    from ..core.authoring import AuthoringError
    from ..core.authoring.exchange import ImportFailed
    from ..core.authoring.exchange.bank import Defaults, import_questions
    from ..core.authoring.scaffold import check_id
    from ..core.course.cache import load_course_cached as load_course
    from .common import error
    from .new import authoring_root

    source = Path(args.file)
    try:
        root = authoring_root(args, lambda: check_id(args.topic, "topic"))
        course = load_course(root).course
        if args.domain and course.domain(args.domain) is None:
            known = ", ".join(d.id for d in course.domains) or "none"
            raise AuthoringError(f"--domain {args.domain}: the course has no such domain (domains: {known})", usage=True)
        if not source.is_file():
            raise AuthoringError(f"{source}: no such file", usage=True)
        imported, hints = _parse(args.format, source)
        out = Path(args.out) if args.out else root / "quizzes" / f"{args.topic}.yaml"
        defaults = Defaults(args.domain, args.difficulty, args.source, tuple(args.tag), args.allow_placeholders)
        describe = f" from {source.name} ({args.format.upper()})"
        result = import_questions(
            imported, source_file=source, course=course, topic=args.topic, out=out, merge=args.merge, defaults=defaults, describe=describe,
            hints=hints,
        )
    except AuthoringError as problem:
        error(str(problem))
        return 2 if problem.usage else 1
    except ImportFailed as failed:
        _print_problems(failed)
        return 1
    _print_result(result)
    return 0


def _parse(fmt: str, source: Path) -> tuple[list[Imported], dict[str, str]]:
    """The questions read from `source`, and how its format writes each key (for problem messages)."""
    if fmt == "gift":
        from ..core.authoring.exchange import gift

        return gift.parse_gift(source), gift.HINTS
    from ..core.authoring.exchange import csv_format

    return csv_format.parse_csv(source), csv_format.HINTS


def _print_problems(failed: ImportFailed) -> None:
    from rich.console import Console

    from .common import literal
    from .new import shown

    out = Console(stderr=True, highlight=False, soft_wrap=True)
    for problem in failed.problems:
        where = f"{shown(problem.file)}:{problem.line}:{problem.column}:"
        out.print(f"[bold]{literal(where)}[/] [red]error:[/] {literal(problem.message)}")
    count = len(failed.problems)
    out.print(f"\n[red]{count} problem{'s' if count != 1 else ''}[/]; nothing was written")


def _print_result(result: ImportResult) -> None:
    from ..core.text import printable
    from .new import shown

    verb = "added" if result.merged else "wrote"
    print(f"{verb} {len(result.added)} question{'s' if len(result.added) != 1 else ''} to {shown(result.path)}")
    if result.skipped:
        print(f"kept {len(result.skipped)} question(s) the bank already had: {printable(', '.join(result.skipped))}")
    if result.placeholders:
        from ..core.authoring.exchange.bank import PLACEHOLDER

        print(f"wrote {count_of(result.placeholders, 'placeholder')}: search {shown(result.path)} for {PLACEHOLDER} and replace each one")
    if result.added:
        print("next: coldstart validate (and replace any placeholder text)")
