"""`coldstart stats coverage [--json | --markdown]`: how much of the real exam the course covers.

Maps every task statement and skill of the course's exam guide to the sections and questions that declare it
(`skills:`), and prints the share of the real exam the course covers (see app/core/course/coverage.py).
`--markdown` prints docs/exam-coverage.md. Registered as a view of `coldstart stats`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import add_course_option

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.course.coverage import ExamCoverage


def register_view(views: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = views.add_parser(
        "coverage",
        argument_default=argparse.SUPPRESS,
        help="how much of the real exam the course covers: each exam-guide task and skill, its sections and questions",
        description="Map the exam guide's task statements and skills to the sections and questions that declare "
        "them (`skills:` in the course files), and estimate the share of the real exam the course covers: "
        "the sum over domains of the domain's weight times the fraction of its skills some question tests.",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the map as JSON")
    output.add_argument("--markdown", action="store_true", help="print the map as Markdown (docs/exam-coverage.md)")
    add_course_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.course.coverage import exam_coverage
    from .common import error, json_document, load_course

    course = load_course(args)
    coverage = exam_coverage(course)
    if coverage is None:
        error(f"{course.title} names no exam guide: add `exam_guide: exam-guide.yaml` to content/course.yaml "
              "(see docs/authoring.md), or run `coldstart validate` if it does")
        return 1
    if getattr(args, "json", False):
        json_document("stats-coverage", coverage.to_json())
    elif getattr(args, "markdown", False):
        print(coverage.to_markdown(), end="")
    else:
        from rich.console import Console

        show(coverage, Console(highlight=False))
    return 0


def show(coverage: ExamCoverage, out: Console) -> None:
    """The map in a terminal: one row per task statement, then the skills in scope that no question tests."""
    from rich.markup import escape
    from rich.table import Table

    out.print(f"[bold]{escape(coverage.guide.title)}[/], version {escape(coverage.guide.version)}")
    out.print(escape(coverage.headline()))
    table = Table(title="Task statements", title_justify="left")
    table.add_column("Task", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - 40))
    table.add_column("Skills", justify="right", no_wrap=True)
    table.add_column("Sections", justify="right", no_wrap=True)
    table.add_column("Pool", justify="right", no_wrap=True)
    for domain in coverage.domains:
        table.add_row(
            f"[bold]{domain.domain.number}. {escape(domain.domain.name)}[/] ({domain.domain.weight:g}%)",
            f"[bold]{domain.covered_skills}/{len(domain.skills)}[/]",
            "",
            f"[bold]{domain.pool_questions}[/] ({coverage.pool_share(domain):.0%})",
        )
        for task in domain.tasks:
            covered = sum(s.covered for s in task.skills)
            style = "" if covered == len(task.skills) else ("red" if not covered else "yellow")
            table.add_row(
                f"  {task.task.id} {escape(task.task.title)}",
                f"[{style}]{covered}/{len(task.skills)}[/]" if style else f"{covered}/{len(task.skills)}",
                str(len(task.sections)),
                str(len(task.questions)),
            )
    out.print(table)
    out.print("[dim]Skills: covered by at least one question / all. Pool: the exam pool's questions (the bank "
              "less its practice-only ones), per domain with its share of the pool.[/]")
    floors = coverage.floor_problems()
    out.print("[bold]Floors:[/] " + ("all hold." if not floors else f"{len(floors)} not met"))
    for problem in floors:
        out.print(f"  [red]{escape(problem)}[/]")
    missing = coverage.in_scope_without_question
    if missing:
        out.print(f"[bold]In scope, but no question tests them ({len(missing)}):[/]")
        for s in missing:
            out.print(f"  {s.skill.id}  {escape(s.skill.text)}", overflow="ellipsis", no_wrap=True)
    if coverage.out_of_scope:
        out.print(f"[bold]Outside the course's scope ({len(coverage.out_of_scope)}):[/]")
        for s in coverage.out_of_scope:
            out.print(f"  {s.skill.id}  {escape(s.skill.text)}", overflow="ellipsis", no_wrap=True)
    if coverage.questions_practice_only:
        out.print(f"{len(coverage.questions_practice_only)} practice-only questions (`exam: false`) are left out "
                  "of the pool and of every figure above.")
    if coverage.questions_untagged:
        out.print(f"{len(coverage.questions_untagged)} of {coverage.questions_total} questions declare no skill "
                  "(see `coldstart stats coverage --json`).")
