"""`coldstart stats [--json]`: the progress dashboard in the terminal (tables and bars) or as JSON.

`coldstart stats questions [--json | --csv]`: how each question performs (attempts, proportion right,
discrimination, mean time, the most chosen wrong choice, flags with the file and line), for authors and
instructors; see app/core/progress/question_stats.py for the definitions.

Reading statistics never creates a progress database: before the first answer it shows an empty board.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import add_course_option, add_db_option

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.progress.question_stats import QuestionStatistics
    from ..core.progress.stats import Dashboard


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        # Options left out set nothing, so --course/--db given before the subcommand are kept.
        argument_default=argparse.SUPPRESS,
        help="show your progress: due reviews, streak, topics, accuracy and exam readiness",
        description="Show the progress dashboard: reviews due today, streak, time studied, progress per topic, "
        "accuracy over the last 30 days, the weakest topics and an exam readiness estimate. "
        "`coldstart stats questions` shows how each question performs instead.",
    )
    parser.add_argument("--json", action="store_true", default=False, help="print the figures as JSON")
    add_course_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run)

    # Optional, so `coldstart stats` alone is still the dashboard.
    views = parser.add_subparsers(title="views", metavar="[VIEW]")
    questions = views.add_parser(
        "questions",
        argument_default=argparse.SUPPRESS,
        help="how each question performs: attempts, right, discrimination, time, top wrong choice, flags",
        description="Question statistics for authors and instructors, from the answers in the progress database "
        "(merge a class's exports into one with `coldstart progress import` to see the whole class). "
        "Flagged questions are listed with their file and line.",
    )
    output = questions.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the statistics as JSON")
    output.add_argument("--csv", action="store_true", help="print one CSV row per question")
    add_course_option(questions)
    add_db_option(questions)
    questions.set_defaults(handler=run_questions)

    from . import coverage  # `coldstart stats coverage`: the exam-guide map, in its own module

    coverage.register_view(views)


def run(args: argparse.Namespace) -> int:
    from ..core.progress import dashboard
    from .common import json_document, read_progress

    read = read_progress(args, lambda course, store: (course, dashboard(course, store)))
    if isinstance(read, int):
        return read
    course, board = read
    if args.json:
        json_document("stats", board.to_json())
        return 0
    from rich.console import Console

    show(board, course.title, Console(highlight=False))
    return 0


def _table(title: str, columns: list[tuple[str, str]], rows: list[tuple[object, ...]], width: int) -> object:
    """A table `width` cells wide at most, whose first column (names; topic titles can be long) gives way,
    cut with an ellipsis, so every row stays on one line."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    def measure(cell: object) -> int:
        return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))

    widths = [max([cell_len(name), *(measure(row[n]) for row in rows)]) for n, (name, _) in enumerate(columns)]
    borders = 3 * len(columns) + 1  # a border and a space either side of each cell
    widths[0] = max(12, min(widths[0], width - borders - sum(widths[1:])))
    table = Table(title=title, title_justify="left")
    for (name, justify), size in zip(columns, widths):
        table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis", width=size)  # type: ignore[arg-type]  # justify comes from a table of literals typed as str
    for row in rows:
        table.add_row(*row)  # type: ignore[arg-type]  # cells are Text or str; the rows' element type is wider
    return table


def show(board: Dashboard, title: str, out: Console) -> None:
    """Print the dashboard with rich."""
    from ..core.wording import count_of
    from ..present.charts import percent_bar, sparkline
    from ..present.palette import TERMINAL
    from ..present.text import percent, percent_range, study_time
    from .common import literal

    out.print(f"[bold]{literal(title)}[/] — progress")
    streak = count_of(board.streak_days, "day")
    if board.streak_days and not board.studied_today:
        streak += " (answer a question today to keep it)"
    time = board.time_studied
    out.print(
        f"Due today: [bold]{board.due_today}[/]"
        + (f" · [bold]{board.learning_today}[/] in learning" if board.learning_today else "")
        + f"   Streak: [bold]{streak}[/]   "
        f"Studied: [bold]{study_time(time.total_seconds)}[/] "
        f"(answering {study_time(time.answering_seconds)}, reading about {study_time(time.reading_seconds)})"
    )
    out.print(f"Questions seen: {board.questions_seen} of {board.questions_total}   Answers: {board.answers_total}")

    out.print(
        _table(
            "Topics",
            [("Topic", "left"), ("Read", "left"), ("Seen", "right"), ("Accuracy", "right"), ("Mastery", "left")],
            [
                (literal(t.title), percent_bar(t.read_fraction), f"{t.questions_seen}/{t.questions}", percent(t.accuracy),
                 percent_bar(t.mastery))
                for t in board.topics
            ],
            out.width,
        )
    )

    days = board.accuracy_by_day
    answered = sum(d.answers for d in days)
    right = sum(d.correct for d in days)
    out.print(
        f"Accuracy, last {len(days)} days: {sparkline([d.accuracy for d in days])}  "
        f"{percent(right / answered if answered else None)} of {count_of(answered, 'answer')}"
    )
    if board.weakest_topics:
        by_id = {t.topic_id: t for t in board.topics}
        out.print("Weakest topics (by the misses your answers show):")
        for number, topic_id in enumerate(board.weakest_topics, 1):
            topic = by_id[topic_id]
            missed = f"{topic.answers - topic.correct} of {count_of(topic.answers, 'answer')} missed"
            out.print(f"  {number}. {literal(topic.title)} [dim]({missed})[/]")

    readiness = board.readiness
    out.print(
        _table(
            "Exam readiness",
            [("Domain", "left"), ("Weight", "right"), ("Seen", "right"), ("First try", "right"),
             ("Expected", "left"), ("80% range", "right")],
            [
                (literal(d.name), f"{d.weight:g}%", percent(d.coverage if d.questions else None),
                 percent(d.first_try_accuracy), percent_bar(d.readiness), percent_range(d.low, d.high))
                for d in readiness.domains
            ],
            out.width,
        )
    )
    if readiness.enough_evidence:
        verdict = f"[{TERMINAL.good}]on track[/]" if readiness.on_track else f"[{TERMINAL.warning}]not there yet[/]"
        out.print(f"Readiness: [bold]{literal(readiness.headline)}[/] · pass mark {readiness.pass_mark:g}% · {verdict}")
    else:
        out.print(f"Readiness: [{TERMINAL.warning}]{literal(readiness.headline)}[/]")
    out.print(f"[dim]{literal(readiness.explanation)}[/]")
    if board.changed_questions:
        out.print(f"{count_of(len(board.changed_questions), 'question')} changed since you last answered them.")
    if board.retired_questions:
        out.print(f"{count_of(len(board.retired_questions), 'question')} you answered are no longer in the course; their history is kept.")


def run_questions(args: argparse.Namespace) -> int:
    from ..core.progress.question_stats import CSV_COLUMNS, question_statistics
    from .common import json_document, read_progress

    read = read_progress(args, lambda course, store: (course, question_statistics(course, store.db)))
    if isinstance(read, int):
        return read
    course, statistics = read
    if getattr(args, "json", False):
        json_document("stats-questions", statistics.to_json())
    elif getattr(args, "csv", False):
        import csv
        import sys

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(statistics.csv_rows())
    else:
        from rich.console import Console

        show_questions(statistics, course.title, Console(highlight=False))
    return 0


def show_questions(statistics: QuestionStatistics, title: str, out: Console) -> None:
    """Print the question statistics with rich: a table of answered questions, then the flagged ones located."""
    from ..core.progress.question_stats import MIN_ATTEMPTS, MIN_LEARNERS
    from ..core.wording import count_of
    from ..present import question_stats as present
    from .common import literal, where

    out.print(f"[bold]{literal(title)}[/] — question statistics")
    out.print(statistics.summary())
    answered = statistics.answered
    if not answered:
        out.print("No answers yet: practise, or import the progress exports of your learners "
                  "(`coldstart progress import FILE.json`).")
        return
    out.print(
        _table(
            "Questions",
            list(present.COLUMNS),
            [present.row(q) for q in answered],
            out.width,
        )
    )
    out.print(
        f"[dim]D: discrimination, the share right among the strongest 27% of learners minus among the weakest "
        f"27% (first answers); — means it needs answers from several learners ({MIN_LEARNERS} or more). "
        f"Flags need {MIN_ATTEMPTS} answers. Letters follow the order of the choices in the file.[/]"
    )
    if statistics.flagged:
        out.print("[bold]Flagged questions[/]")
        for q in statistics.flagged:
            out.print(f"  {literal(where(q.location) if q.location else q.question_id)}  {literal(q.question_id)}")
            for flag in q.flags:
                out.print(f"    {literal(q.describe_flag(flag))}")
    if statistics.older_answers:
        out.print(f"{count_of(statistics.older_answers, 'answer')} to earlier versions of edited questions are not counted.")
    if statistics.retired_answers:
        out.print(f"{count_of(statistics.retired_answers, 'answer')} to questions no longer in the course are not counted.")
