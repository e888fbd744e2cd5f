"""examples/sqs-basics: a complete course that is not about Lambda, served like the bundled one."""

from __future__ import annotations

import re

from authoring_helpers import EXAMPLE, clean
from coldstart.core.course.loader import load_course
from coldstart.core.exam.draw import draw_exam


def test_the_example_course_is_clean_and_complete() -> None:
    clean(EXAMPLE)
    course = load_course(EXAMPLE).course
    assert course.id == "sqs-basics" and [t.id for t in course.topics] == ["queues", "consuming"]
    assert len(course.questions) == 10 and {q.topic for q in course.questions} == {"queues", "consuming"}
    assert sum(q.type == "multiple" for q in course.questions) >= 3
    assert [b.id for b in course.blueprints] == ["sqs-quiz"]
    for question in course.questions:
        assert question.source.startswith("https://docs.aws.amazon.com/"), question.id
        assert question.explanation.strip() and all(c.why.strip() for c in question.choices)
        match = re.search(r"\(Choose (\w+)\.\)", question.stem)
        assert (match is not None) == (question.type == "multiple"), question.id


def test_its_exam_draws_every_question_by_its_own_domains() -> None:
    course = load_course(EXAMPLE).course
    paper = draw_exam(course.blueprint("sqs-quiz"), course, seed=7)
    assert sorted(paper.question_ids) == sorted(q.id for q in course.questions) and not paper.notices
    assert {d.id for d in course.domains} == {"messaging", "reliability", "security"}


def test_nothing_in_it_is_about_lambda() -> None:
    for path in EXAMPLE.rglob("*.yaml"):
        assert "lambda" not in path.read_text().lower(), path
