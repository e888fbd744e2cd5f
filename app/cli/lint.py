"""`coldstart lint [COURSE_DIR]`: item-writing warnings, located like compiler errors (see docs/authoring.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.authoring.lint import LintReport
    from ..core.course.result import LoadResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="warn about question-writing flaws that give the key away (file:line:column)",
        description="Check a course's questions for flaws that let a learner find the key without knowing the answer: "
        "'all of the above', choices that say the same thing, a key that echoes the stem, absolute words only in "
        "distractors, an unemphasised NOT, a key far longer than the rest, a multiple-response stem that does not say "
        "how many to pick, and banks where the longest choice or one letter is usually right. Warnings never stop "
        "the app; exits 0 unless --strict. A question can keep a deliberate exception with `lint: {ignore: [rule]}`.",
    )
    parser.add_argument(
        "course_dir", nargs="?", metavar="COURSE_DIR",
        help="default: --course, $COLDSTART_COURSE, the current folder when it holds a course, or the bundled course",
    )
    parser.add_argument("--course", dest="course", metavar="DIR", default=argparse.SUPPRESS, help="the same as COURSE_DIR")
    parser.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    parser.add_argument("--json", action="store_true", help="print the findings and the bank figures as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.authoring import authoring_course_dir
    from ..core.authoring.lint import lint_course
    from .common import json_document

    # Like the other authoring commands, an author who `cd`s into their course lints it.
    root = authoring_course_dir(args.course_dir or getattr(args, "course", None), Path.cwd(), writing=False)
    loaded, report = lint_course(root)
    base = Path.cwd()
    if args.json:
        json_document(
            "lint",
            {
                "course": str(root),
                "problems": [{"file": str(p.file), "line": p.line, "column": p.column, "message": p.message} for p in loaded.problems],
                "findings": [finding.as_json() for finding in report.findings],
                "counts": report.counts(),
                "figures": {name: figures.as_dict() for name, figures in report.figures.items()},
            },
        )
    else:
        _print(loaded, report, root, base)
    if loaded.problems:
        return 1  # a course that does not load cannot be judged fairly: its broken questions are left out
    return 1 if args.strict and report.findings else 0


def _print(loaded: LoadResult, report: LintReport, root: Path, base: Path) -> None:
    from rich.console import Console
    from rich.markup import escape

    from .validate import _relative

    out = Console(highlight=False, soft_wrap=True)
    for problem in loaded.problems:
        where = f"{_relative(problem.file, base)}:{problem.line}:{problem.column}:"
        out.print(f"[bold]{escape(where)}[/] [red]error:[/] {escape(problem.message)}")
    for finding in report.findings:
        where = f"{_relative(finding.file, base)}:{finding.line}:{finding.column}:"
        message = finding.message
        out.print(f"[bold]{escape(where)}[/] [yellow]warning:[/] {escape(message)} [dim]\\[{finding.rule}][/]")
    if loaded.problems:
        n = len(loaded.problems)
        out.print(f"\n[red]{n} problem{'s' if n != 1 else ''}[/]: the questions they concern were not linted (see `coldstart validate`)")
    if report.findings:
        counts = ", ".join(f"{rule} {count}" for rule, count in report.counts().items())
        n = len(report.findings)
        out.print(f"\n[yellow]{n} warning{'s' if n != 1 else ''}[/] in {escape(str(_relative(root, base)))}: {escape(counts)}")
    elif not loaded.problems:
        out.print(f"[green]✓[/] {escape(loaded.course.title)}: no item-writing warnings")
