"""Drawing an exam: apportionment by domain weight, shortfalls, seeded shuffles."""

from __future__ import annotations

import dataclasses
from collections import Counter

from coldstart.core.exam import apportion, check_blueprint, draw_custom, draw_exam
from exam_bank import DVA_WEIGHTS, dva, make_course
from hypothesis import given, settings
from hypothesis import strategies as st


def domains_of(paper, course) -> Counter[str]:
    return Counter(course.question(qid).domain for qid in paper.question_ids)


def test_apportion_dva_c02_uses_largest_remainders() -> None:
    # Quotas 20.8 / 16.9 / 15.6 / 11.7: the three seats left go to .9, .8 and .7.
    assert apportion(65, DVA_WEIGHTS) == {"development": 21, "security": 17, "deployment": 15, "troubleshooting": 12}


@settings(max_examples=100, deadline=None)
@given(
    count=st.integers(0, 200),
    weights=st.lists(st.floats(0.1, 100, allow_nan=False), min_size=1, max_size=6),
)
def test_apportion_hands_out_every_seat_within_one_of_the_quota(count: int, weights: list[float]) -> None:
    named = {f"d{i}": w for i, w in enumerate(weights)}
    seats = apportion(count, named)
    assert sum(seats.values()) == count
    total = sum(weights)
    for key, w in named.items():
        assert abs(seats[key] - count * w / total) < 1


def test_apportion_shares_equally_when_no_weight_is_positive() -> None:
    assert apportion(4, {"a": 0, "b": 0}) == {"a": 2, "b": 2}


def test_full_bank_is_drawn_by_domain_weight() -> None:
    course = make_course()
    paper = draw_exam(dva(), course, seed=7)
    assert len(paper.question_ids) == 65 and len(set(paper.question_ids)) == 65
    assert domains_of(paper, course) == {"development": 21, "security": 17, "deployment": 15, "troubleshooting": 12}
    assert paper.notices == ()


def test_same_seed_rebuilds_the_same_paper_and_another_seed_does_not() -> None:
    course = make_course()
    first, again, other = (draw_exam(dva(), course, seed) for seed in (1234, 1234, 1235))
    assert first == again
    assert first.question_ids != other.question_ids
    assert first.permutations != other.permutations


def test_choices_are_shuffled_as_permutations_of_the_questions_own_indexes() -> None:
    course = make_course()
    paper = draw_exam(dva(), course, seed=3)
    for qid, order in zip(paper.question_ids, paper.permutations, strict=True):
        assert sorted(order) == list(range(len(course.question(qid).choices)))
    assert any(order != (0, 1, 2, 3) for order in paper.permutations)


def test_a_short_domain_is_filled_from_the_others_with_a_notice() -> None:
    course = make_course({"development": 40, "security": 9, "deployment": 40, "troubleshooting": 40})
    paper = draw_exam(dva(), course, seed=11)
    counts = domains_of(paper, course)
    assert len(paper.question_ids) == 65
    assert counts["security"] == 9
    assert counts["development"] > 21 and counts["deployment"] > 15 and counts["troubleshooting"] > 12
    assert paper.notices == ("the bank has 9 security questions; the blueprint wants 17",)
    assert check_blueprint(dva(), course) == list(paper.notices)


def test_a_bank_smaller_than_the_count_gives_everything_it_has() -> None:
    course = make_course({"development": 4, "security": 3, "deployment": 2, "troubleshooting": 1})
    paper = draw_exam(dva(), course, seed=5)
    assert sorted(paper.question_ids) == sorted(q.id for q in course.questions)
    assert paper.notices[0] == "the bank has 10 questions for this exam; the blueprint wants 65, so the exam has 10"


def test_domains_the_blueprint_does_not_weigh_fill_in_last() -> None:
    course = make_course({"development": 3, "security": 5})
    blueprint = dva(question_count=6, domain_weights={"development": 100.0})
    paper = draw_exam(blueprint, course, seed=2)
    assert domains_of(paper, course) == {"development": 3, "security": 3}
    assert paper.notices == ("the bank has 3 development questions; the blueprint wants 6",)


def test_topics_restrict_the_pool() -> None:
    course = make_course()
    blueprint = dva(question_count=20, topics=("invocation",))
    paper = draw_exam(blueprint, course, seed=9)
    assert len(paper.question_ids) == 20
    assert {course.question(q).topic for q in paper.question_ids} == {"invocation"}


def test_practice_only_questions_are_never_drawn() -> None:
    course = make_course({"development": 30, "security": 30, "deployment": 30, "troubleshooting": 30})
    practice_only = {q.id for q in course.questions if q.domain == "security" and int(q.id[-3:]) % 2}
    course = dataclasses.replace(
        course, questions=tuple(dataclasses.replace(q, exam=q.id not in practice_only) for q in course.questions)
    )
    blueprint = dva(question_count=len(course.questions) - len(practice_only))
    paper = draw_exam(blueprint, course, seed=4)
    assert set(paper.question_ids) == {q.id for q in course.questions} - practice_only
    # Shortfalls count the pool, not the bank: 15 of the 30 security questions may sit an exam.
    assert "the bank has 15 security questions; the blueprint wants 27" in paper.notices


def test_generated_questions_sit_exams_with_numbers_fixed_by_the_paper_seed() -> None:
    """Generated questions count as questions in exams too: drawn once per paper, the same on rebuild."""
    from coldstart.core.course.loader import load_course
    from coldstart.core.exam.draw import paper_question
    from coldstart.core.paths import bundled_course_dir

    course = load_course(bundled_course_dir()).course
    generated = [q for q in course.exam_questions if q.generator is not None]
    blueprint = dataclasses.replace(course.blueprint("practice-exam"), question_count=len(course.exam_questions))
    paper = draw_exam(blueprint, course, seed=5)
    on_paper = [course.question(q) for q in paper.question_ids if course.question(q).generator is not None]
    assert {q.id for q in on_paper} == {q.id for q in generated}
    for question, order in zip(paper.question_ids, paper.permutations, strict=True):
        shown = paper_question(course.question(question), 5)
        assert sorted(order) == list(range(len(shown.choices)))
    first = on_paper[0]
    assert paper_question(first, 5) == paper_question(first, 5)
    assert paper_question(first, 5).content_hash == first.content_hash


def test_a_generated_question_runs_its_simulation_once_per_paper(monkeypatch) -> None:
    """Drawing a paper, starting it and resuming it build its questions three times from the same seed: a generated
    question's simulation runs once (it takes tens of milliseconds for some), and a changed question runs again."""
    from coldstart.core.clock import FakeClock
    from coldstart.core.course.loader import load_course
    from coldstart.core.exam import ExamSession, ExamStore, draw
    from coldstart.core.paths import bundled_course_dir
    from sqlite_utils import Database

    course = load_course(bundled_course_dir()).course
    blueprint = dataclasses.replace(course.blueprint("practice-exam"), question_count=len(course.exam_questions))
    runs: list[str] = []
    materialize = draw.materialize
    monkeypatch.setattr(draw, "materialize", lambda question, seed: runs.append(question.id) or materialize(question, seed))
    store = ExamStore(Database(memory=True))
    session = ExamSession.start(course, blueprint, store, FakeClock(), seed=77)  # drawn, then built from the record
    ExamSession.resume(session.record, course, store, FakeClock())  # built again, as an exam resumed
    session.submit()
    generated = {q.id for q in course.exam_questions if q.generator is not None}
    assert sorted(runs) == sorted(generated)  # once each
    first = course.question(sorted(generated)[0])
    changed = dataclasses.replace(first)
    changed.__dict__["content_hash"] = "v2:another version"  # as if its parameters or its ask's version changed
    draw.paper_question(changed, 77)
    assert runs.count(first.id) == 2  # another version of the question: drawn again
    draw.paper_question(first, 78)
    assert runs.count(first.id) == 3  # and another paper


def test_check_blueprint_is_quiet_for_a_bank_that_suffices() -> None:
    assert check_blueprint(dva(), make_course()) == []


def test_a_custom_paper_keeps_exactly_the_known_ids_once() -> None:
    course = make_course()
    ids = ["dev-001", "sec-002", "dev-001", "gone-999"]
    paper = draw_custom(ids, course, seed=1)
    assert sorted(paper.question_ids) == ["dev-001", "sec-002"]
    assert paper.notices == ("questions no longer in the course were left out: 1",)
    assert draw_custom(ids, course, seed=1) == paper
