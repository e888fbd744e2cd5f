"""Readiness: the expected score on a full practice exam, its interval, and the words around it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.progress.readiness import (
    MIN_ANSWERS,
    Evidence,
    estimate_readiness,
    gather_evidence,
    readiness,
    results_explanation,
)
from coldstart.core.progress.store import open_store

from .conftest import START, answer, make_course

# Four topics, one per domain, ten questions each: "t1" dev, "t2" sec, "t3" deploy, "t4" ops.
COURSE = make_course({"t1": 1, "t2": 1, "t3": 1, "t4": 1}, questions_per_topic=10)


def evidence(right: dict[str, int], wrong: dict[str, int], recall: float = 0.0) -> Evidence:
    """First tries per topic (`right` then `wrong` questions, in order), each remembered with `recall`."""
    first: dict[str, bool] = {}
    for topic in right.keys() | wrong.keys():
        ids = [q.id for q in COURSE.questions if q.topic == topic]
        outcomes = [True] * right.get(topic, 0) + [False] * wrong.get(topic, 0)
        first.update(zip(ids, outcomes))
    return Evidence(first, dict(first), {qid: recall for qid in first}, answers=len(first))


@pytest.fixture
def store():
    clock = FakeClock(START)
    with open_store(":memory:", COURSE, clock=clock, fuzz=False) as opened:
        yield opened


def test_too_few_answers_gives_no_number_but_says_how_many_more() -> None:
    result = estimate_readiness(COURSE, evidence({"t1": 5}, {"t1": 5}))
    assert result.overall is None and result.low is None and result.pass_probability is None
    assert not result.enough_evidence and not result.on_track
    assert result.headline == f"not enough answers yet: {MIN_ANSWERS - 10} more for an estimate"
    assert all(d.readiness is None for d in result.domains)


def test_a_course_without_exam_questions_says_so_rather_than_asking_for_more_answers() -> None:
    empty = replace(COURSE, questions=())
    result = estimate_readiness(empty, evidence({"t1": 10, "t2": 10}, {}))
    assert result.overall is None and result.headline == "no exam questions to estimate from"


def test_unseen_questions_are_predicted_not_counted_wrong() -> None:
    # Every first try right, all in topic t1, nothing remembered: the old formula (coverage × knowledge) gave
    # the other domains 0; the model predicts them from the learner's overall first-try rate.
    result = estimate_readiness(COURSE, evidence({"t1": 10, "t2": 10}, {}))
    by_id = {d.domain_id: d for d in result.domains}
    assert by_id["deploy"].seen == 0 and by_id["deploy"].readiness is not None
    assert by_id["deploy"].readiness > 0.7  # shrunk toward the learner's overall rate, which is high
    assert by_id["dev"].readiness > by_id["deploy"].readiness  # its own answers weigh more than the prior
    assert result.overall is not None and result.overall > 0.75


def test_a_topic_with_few_answers_stays_near_the_learner_overall_level() -> None:
    # One lucky answer in t4 against a weak learner elsewhere: t4 is not "mastered".
    result = estimate_readiness(COURSE, evidence({"t1": 3, "t2": 3, "t3": 3, "t4": 1}, {"t1": 7, "t2": 7, "t3": 7}))
    ops = next(d for d in result.domains if d.domain_id == "ops")
    assert ops.readiness is not None and ops.readiness < 0.6


def test_the_interval_narrows_as_evidence_grows_and_holds_the_estimate() -> None:
    few = estimate_readiness(COURSE, evidence({"t1": 7, "t2": 7, "t3": 1}, {"t1": 3, "t2": 3}))  # 21 answers
    many = estimate_readiness(
        COURSE, evidence({"t1": 7, "t2": 7, "t3": 7, "t4": 7}, {"t1": 3, "t2": 3, "t3": 3, "t4": 3})
    )
    for result in (few, many):
        assert result.low is not None and result.high is not None and result.overall is not None
        assert result.low <= result.overall <= result.high
    assert (many.high - many.low) < (few.high - few.low)  # type: ignore[operator]


def test_remembered_questions_count_by_fsrs_recall() -> None:
    cold = estimate_readiness(COURSE, evidence({"t1": 5, "t2": 5}, {"t1": 5, "t2": 5}, recall=0.0))
    warm = estimate_readiness(COURSE, evidence({"t1": 5, "t2": 5}, {"t1": 5, "t2": 5}, recall=0.9))
    assert warm.overall > cold.overall  # type: ignore[operator]


def test_sampling_is_seeded_so_the_same_history_gives_the_same_figures() -> None:
    facts = evidence({"t1": 8, "t2": 6}, {"t1": 2, "t2": 6})
    first, again = estimate_readiness(COURSE, facts), estimate_readiness(COURSE, facts)
    assert (first.overall, first.low, first.high, first.pass_probability) == (
        again.overall, again.low, again.high, again.pass_probability
    )


def test_headline_and_scope_wording() -> None:
    result = replace(estimate_readiness(COURSE, evidence({"t1": 8, "t2": 6}, {"t1": 2, "t2": 6})), exam_share=0.45)
    assert result.overall is not None and result.low is not None and result.high is not None
    assert result.headline == f"{result.overall:.0%} ({result.low * 100:.0f}–{result.high:.0%})"
    assert "about 45% of the real exam" in result.scope
    explained = estimate_readiness(COURSE, evidence({"t1": 8, "t2": 6}, {"t1": 2, "t2": 6}), exam_share=0.45)
    assert "not counted wrong" in explained.explanation and "80%" in explained.explanation
    assert "about 45% of the real exam" in explained.explanation


def test_results_explanation_says_the_real_exam_is_scaled() -> None:
    text = results_explanation(COURSE, 72)  # a course without an exam guide: no share to quote
    for words in ("covers what the course covers.", "100–1,000", "720", "unscored", "approximates"):
        assert words in text


def test_results_explanation_quotes_the_share_of_the_real_exam() -> None:
    from coldstart.core.course.coverage import exam_coverage
    from coldstart.core.course.loader import load_course
    from coldstart.core.paths import bundled_course_dir

    course = load_course(bundled_course_dir()).course
    coverage = exam_coverage(course)
    assert coverage is not None
    assert f"about {coverage.exam_share:.0%} of the real exam" in results_explanation(course, 72)


def test_readiness_reads_first_tries_and_forgetting_from_the_store(store) -> None:
    clock = store.clock
    for n in range(1, 11):
        answer(store, f"t1-q{n}", n <= 8)  # first tries: 8 of 10 right
        answer(store, f"t2-q{n}", n <= 6)
        clock.advance(60)
    answer(store, "t2-q10", True, mode="review")  # a retry: not a first try
    facts = gather_evidence(COURSE, store)
    assert sum(facts.first_correct.values()) == 14 and len(facts.first_correct) == 20 and facts.answers == 21
    assert facts.last_correct["t2-q10"] is True and facts.recall["t2-q10"] == pytest.approx(1.0, abs=0.01)
    now = readiness(COURSE, store)
    assert now.overall is not None and now.answers == 21
    clock.advance(days=60)
    later = readiness(COURSE, store)
    assert later.overall is not None and later.overall < now.overall  # forgetting lowers readiness


def test_the_estimate_of_a_fixed_history_stays_the_same_figure() -> None:
    """Posterior sampling is seeded: the same evidence gives the same figures, to the last digits, whatever is done
    to make the sampling faster (these were computed before the hot loop's per-group products were hoisted)."""
    result = estimate_readiness(COURSE, evidence({"t1": 8, "t2": 5, "t3": 3}, {"t1": 2, "t2": 4, "t3": 5, "t4": 3}, recall=0.6))
    figures = (result.overall, result.low, result.high, result.pass_probability, *(d.readiness for d in result.domains))
    expected = (0.6670777227123252, 0.6058185835334888, 0.7272327340268886, 0.13,
                0.8230908963780196, 0.7356569753330885, 0.6625308280073972, 0.4470321911307943)  # fmt: skip
    assert figures == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_kept_posterior_draws_give_the_figures_of_fresh_ones() -> None:
    """The samples are kept per history of first tries (only how well questions are remembered changed here):
    an estimate that reuses them is the estimate drawn afresh."""
    from coldstart.core.progress import readiness as module

    first_tries = ({"t1": 8, "t2": 5, "t3": 3}, {"t1": 2, "t2": 4, "t3": 5, "t4": 3})
    estimate_readiness(COURSE, evidence(*first_tries, recall=0.6))  # keeps the draws
    reused = estimate_readiness(COURSE, evidence(*first_tries, recall=0.3))
    module._posterior_draws.cache_clear()
    fresh = estimate_readiness(COURSE, evidence(*first_tries, recall=0.3))
    assert reused == fresh
    assert reused.exam_questions == 40 and "(40 questions" in reused.explanation  # the whole pool of 40
