"""The bundled course's exam pool meets the floors of the exam-coverage issue.

Counted over the exam pool (the bank less its practice-only questions), since that is what a full exam draws:
every task statement of the exam guide taught by a section and tested by 8 questions, every skill in scope
tested, and the pool's domain mix within 3 points of the exam's 32/26/24/18. The bank floors (per topic) are
tests/content/test_bundled_course.py's and do not depend on pool membership.
"""

from __future__ import annotations

from functools import cache

from coldstart.core.course.coverage import ExamCoverage, exam_coverage
from coldstart.core.course.loader import load_course
from coldstart.core.exam import draw_exam
from coldstart.core.paths import bundled_course_dir


@cache
def coverage() -> ExamCoverage:
    result = load_course(bundled_course_dir())
    assert result.problems == (), "\n".join(str(p) for p in result.problems)
    found = exam_coverage(result.course)
    assert found is not None, "the bundled course names its exam guide"
    return found


def figures(cov: ExamCoverage) -> str:
    """The pool's figures, so that a failure says how far off each one is."""
    mix = ", ".join(f"{d.domain.id} {cov.pool_share(d):.1%} (weight {d.domain.weight:g}%)" for d in cov.domains)
    tasks = ", ".join(f"{t.task.id}: {len(t.sections)}s/{len(t.questions)}q" for d in cov.domains for t in d.tasks)
    return f"pool {cov.pool_total} of {cov.questions_total} questions; mix: {mix}; tasks: {tasks}"


def test_the_exam_pool_meets_every_floor() -> None:
    cov = coverage()
    assert cov.floor_problems() == [], figures(cov)


def test_practice_only_questions_test_no_skill_of_the_guide() -> None:
    """A question that tests a skill of the exam guide belongs in the exam pool."""
    course = load_course(bundled_course_dir()).course
    tagged = [q.id for q in course.questions if not q.exam and q.skills]
    assert tagged == [], "practice-only questions with `skills:` (keep them in the pool or drop the skills)"


def test_the_pool_keeps_most_of_the_bank() -> None:
    """Practice-only is for trivia, not a way to trim a domain: the pool keeps at least 85% of the bank."""
    cov = coverage()
    assert cov.pool_total >= 0.85 * cov.questions_total, figures(cov)


def test_the_full_practice_exam_draws_across_the_whole_course_by_domain_weight() -> None:
    """Papers reach every topic that has exam-pool questions (the new modules too) and never a practice-only one."""
    course = load_course(bundled_course_dir()).course
    blueprint = course.blueprint("practice-exam")
    assert blueprint is not None and blueprint.topics == ()
    papers = [draw_exam(blueprint, course, seed) for seed in range(8)]
    drawn = {qid for paper in papers for qid in paper.question_ids}
    assert {course.question(q).topic for q in drawn} == {q.topic for q in course.exam_questions}
    assert not [q for q in drawn if not course.question(q).exam]
    for paper in papers:  # 65 questions, 21/17/15/12 by domain, as long as the pool has them
        domains = [course.question(q).domain for q in paper.question_ids]
        assert len(domains) == 65 and paper.notices == ()
        assert [domains.count(d) for d in ("development", "security", "deployment", "troubleshooting")] == [21, 17, 15, 12]
