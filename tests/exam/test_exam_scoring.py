"""Scoring: all-or-nothing per question, percent against the pass mark, tallies per domain and topic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from coldstart.core.exam import ExamResult, QuestionResult, Tally
from exam_bank import make_course, make_question

WHEN = datetime(2025, 1, 1, 9, tzinfo=UTC)
MULTI = make_question("m", "security", "permissions", multiple=True)  # keyed: 0 and 1


def result(items: list[tuple[object, frozenset[int] | None]], pass_mark: float = 72.0) -> ExamResult:
    questions = [QuestionResult(i, q, picked, tuple(range(len(q.choices)))) for i, (q, picked) in enumerate(items)]
    return ExamResult.build(
        make_course(), questions, exam_id=1, blueprint_id="b", title="t", pass_mark=pass_mark,
        started=WHEN, submitted_at=WHEN + timedelta(minutes=5), time_used=timedelta(minutes=5), timed_out=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("picked", "correct"),
    [({0, 1}, True), ({0}, False), ({1}, False), ({0, 1, 2}, False), ({2, 3}, False), (None, False)],
)
def test_multiple_response_earns_nothing_unless_exactly_the_keyed_choices(picked, correct) -> None:
    outcome = result([(MULTI, frozenset(picked) if picked is not None else None)])
    assert outcome.questions[0].correct is correct
    assert outcome.score == (100.0 if correct else 0.0)


def test_score_and_pass_mark_boundary() -> None:
    single = make_question("s", "development", "invocation")
    # 18 of 25 right is exactly 72%: a pass; 17 of 25 (68%) is not.
    at_mark = result([(single, frozenset({0}))] * 18 + [(single, frozenset({1}))] * 7)
    below = result([(single, frozenset({0}))] * 17 + [(single, None)] * 8)
    assert (at_mark.correct, at_mark.total, at_mark.score, at_mark.passed) == (18, 25, 72.0, True)
    assert (below.score, below.passed) == (68.0, False)


def test_tallies_per_domain_and_topic_follow_the_course_order() -> None:
    dev = make_question("d", "development", "invocation")
    sec = make_question("s", "security", "permissions")
    outcome = result([(sec, frozenset({0})), (dev, frozenset({1})), (dev, frozenset({0})), (MULTI, None)])
    assert outcome.by_domain == {"development": Tally(1, 2), "security": Tally(1, 2)}
    assert list(outcome.by_topic) == ["invocation", "permissions"]
    assert outcome.by_topic["permissions"] == Tally(1, 2)
    assert outcome.missed_ids == ("d", "m")


def test_an_empty_exam_neither_divides_by_zero_nor_passes() -> None:
    empty = result([], pass_mark=0.0)
    assert (empty.score, empty.passed) == (0.0, False)
    assert Tally().percent == 0.0


def test_a_question_result_carries_what_the_results_screen_shows() -> None:
    item = result([(MULTI, frozenset({0}))]).questions[0]
    assert item.correct_indexes == frozenset({0, 1})
    assert item.explanation == "Explanation of m."
    assert item.source == "https://docs.aws.amazon.com/lambda/m"
    assert item.answered and not item.correct
