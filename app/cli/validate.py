"""`coldstart validate [COURSE_DIR]`: check a course and print every problem like a compiler."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a course's YAML files and print every problem with file:line:column",
        description="Check a course and print every problem with its file, line and column. "
        "Exits 1 when there is any problem, 0 when the course is clean.",
    )
    parser.add_argument("course_dir", nargs="?", metavar="COURSE_DIR", help="default: --course, $COLDSTART_COURSE or the bundled course")
    parser.add_argument("--course", dest="course", metavar="DIR", default=argparse.SUPPRESS, help="the same as COURSE_DIR")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.course.bulk import collector_paused

    # The course is read, reported and dropped with the collector paused: a collection after loading walks
    # every object of the course (half a second for 50,000 questions) only to find them all alive.
    with collector_paused():
        return _validate(args)


def _validate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..core.course.loader import load_course
    from ..core.paths import resolve_course_dir
    from .common import literal

    root = resolve_course_dir(args.course_dir or getattr(args, "course", None))
    result = load_course(root, keep_questions=False)  # the files themselves, never the course cache
    out = Console(highlight=False, soft_wrap=True)
    base = Path.cwd()
    for problem in result.problems:
        where = _relative(problem.file, base)
        out.print(f"[bold]{literal(f'{where}:{problem.line}:{problem.column}:')}[/] [red]error:[/] {literal(problem.message)}")
    course = result.course
    counts = f"{len(course.topics)} topics, {result.question_count} questions, {len(course.blueprints)} exams"
    if result.problems:
        n = len(result.problems)
        out.print(f"\n[red]{n} problem{'s' if n != 1 else ''}[/] in {literal(str(_relative(root, base)))} ({counts} loaded)")
        return 1
    out.print(f"[green]✓[/] {literal(course.title)}: {counts}; no problems")
    return 0


def _relative(path: Path, base: Path) -> Path:
    try:
        return path.resolve().relative_to(base.resolve())
    except ValueError:
        return path
