"""How results look (app/present), shared by `coldstart stats` and the app's screens."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from coldstart.core.course.model import Location
from coldstart.core.progress.question_stats import ChoicePicks, QuestionStats
from coldstart.core.wording import count_of
from coldstart.present import question_stats
from coldstart.present.charts import bar, percent_bar, sparkline
from coldstart.present.palette import TERMINAL, Palette
from coldstart.present.text import clock_text, percent, seconds_text, signed, study_time
from rich.console import Console


def test_figures_as_words() -> None:
    assert (percent(None), percent(0.424), percent(1)) == ("—", "42%", "100%")
    assert (signed(None), signed(0.351), signed(-0.1)) == ("—", "+0.35", "-0.10")
    assert (seconds_text(None), seconds_text(41.6)) == ("—", "42 s")
    assert (study_time(0), study_time(12 * 60 + 20), study_time(65 * 60)) == ("0 min", "12 min", "1 h 05 min")
    assert (clock_text(timedelta(minutes=5)), clock_text(timedelta(seconds=0.4)), clock_text(timedelta(minutes=130))) == ("05:00", "00:01", "2:10:00")
    assert (count_of(1, "answer"), count_of(2, "answer"), count_of(1200, "day"), count_of(0, "match", "matches")) == (
        "1 answer", "2 answers", "1,200 days", "0 matches",
    )  # fmt: skip


def test_bars_and_sparklines() -> None:
    assert bar(0.5, 4).plain == "▰▰▱▱" and bar(2.0, 4).plain == "▰▰▰▰" and bar(None).plain == "—"
    assert percent_bar(0.25, 4).plain == "▰▱▱▱  25%" and percent_bar(None).plain == "—"
    assert sparkline([None, 0.0, 0.5, 1.0]) == "·▁▅█"


def test_a_palette_colours_the_parts() -> None:
    palette = Palette(good="#00ff00", bad="#ff0000", warning="#ffff00", accent="#0000ff", muted="dim")
    drawn = bar(0.5, 4, palette)
    assert [(span.style, drawn.plain[span.start : span.end]) for span in drawn.spans] == [("#00ff00", "▰▰"), ("dim", "▱▱")]
    assert bar(0.5, 4).spans[0].style == TERMINAL.good


def test_one_row_and_one_detail_for_the_cli_and_the_app() -> None:
    q = QuestionStats(
        question_id="q-[1]", topic_id="t", location=Location(Path("/course/quizzes/t.yaml"), 12, 5), generated=False,
        attempts=10, correct=4, older_answers=1, learners=1, mean_seconds=30.4,
        choices=(ChoicePicks(0, "the right one", True, 4), ChoicePicks(1, "a wrong `one`", False, 6)),
        discrimination=None, discrimination_note="needs learners", flags=("too_hard",),
    )  # fmt: skip
    cells = question_stats.row(q)
    assert len(cells) == len(question_stats.COLUMNS)
    assert [str(c) for c in cells[:6]] == ["q-[1]", "10", "40%", "—", "30 s", "B ×6"]
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(question_stats.details(q, Path("/course")))
    details = console.export_text()
    assert "quizzes/t.yaml:12" in details and "10 answers from 1 learner, 40% right, 30 s on average" in details
    assert "1 answer to earlier versions" in details
    # a choice keeps its whole text, wrapped beside its bar rather than cut at the edge
    assert "✓ A ████░░░░░░   4 the right one" in details
    assert "B ██████░░░░   6 a wrong one" in details and "…" not in details  # the code span drawn, not its backticks


def test_a_long_choice_wraps_whole_in_the_details() -> None:
    long = "A private REST API reached through an interface VPC endpoint with a resource policy that names the VPC"
    q = QuestionStats(
        question_id="q", topic_id="t", location=None, generated=False, attempts=1, correct=1, older_answers=0,
        learners=1, mean_seconds=None, choices=(ChoicePicks(0, long, True, 1),), discrimination=None,
        discrimination_note=None, flags=(),
    )  # fmt: skip
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(question_stats.details(q, Path("/course")))
    lines = console.export_text().splitlines()[3:]
    assert all(len(line.rstrip()) <= 60 for line in lines)
    assert " ".join(line[18:].strip() for line in lines) == long  # every word, each line under the first


def test_one_row_for_a_past_exam_in_the_cli_and_the_app() -> None:
    from datetime import UTC, datetime

    from coldstart.core.exam import HistoryEntry
    from coldstart.present import exam_history

    entry = HistoryEntry(
        id=7, blueprint_id="quick", title="Quick exam", submitted_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        score=66.6, passed=False, by_domain={}, retake_of=3,
    )  # fmt: skip
    cells = exam_history.row(entry)
    assert len(cells) == len(exam_history.COLUMNS)
    assert [str(c) for c in cells[2:]] == ["↻ Quick exam (#3)", "67%", "fail"]
    assert cells[4].style == TERMINAL.bad


def test_text_read_from_the_database_is_shown_as_written() -> None:
    """A title or an id stored by an import may hold control characters: rows show placeholders, never ESC."""
    from datetime import UTC, datetime

    from coldstart.core.exam import HistoryEntry
    from coldstart.present import exam_history

    entry = HistoryEntry(
        id=1, blueprint_id="quick", title="Quick \x1b]0;pwned\x07 exam", submitted_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        score=100.0, passed=True, by_domain={}, retake_of=None,
    )  # fmt: skip
    q = QuestionStats(
        question_id="q-\x1b[2J", topic_id="t", location=None, generated=False, attempts=1, correct=1, older_answers=0,
        learners=1, mean_seconds=None, choices=(), discrimination=None, discrimination_note="", flags=(),
    )  # fmt: skip
    assert str(exam_history.row(entry)[2]) == "Quick \u241b]0;pwned\u2407 exam"
    assert str(question_stats.row(q)[0]) == "q-\u241b[2J"
