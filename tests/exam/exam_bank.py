"""A small course built in code for the exam tests: no YAML, no loader.

Also imported by the child process of the crash test, so it must stay importable from tests/exam alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coldstart.core.course.model import Blueprint, Choice, Course, Domain, Question, Topic

DVA_WEIGHTS = {"development": 32.0, "security": 26.0, "deployment": 24.0, "troubleshooting": 18.0}
TOPICS = ("invocation", "permissions", "packaging")


def make_question(qid: str, domain: str, topic: str, *, multiple: bool = False, choices: int = 4) -> Question:
    """A question whose keyed choices are index 0 (and 1 when `multiple`)."""
    keyed = {0, 1} if multiple else {0}
    return Question(
        id=qid,
        topic=topic,
        domain=domain,
        type="multiple" if multiple else "single",
        stem=f"Stem of {qid}?",
        choices=tuple(Choice(f"{qid} choice {i}", i in keyed, f"why {i}") for i in range(choices)),
        explanation=f"Explanation of {qid}.",
        source=f"https://docs.aws.amazon.com/lambda/{qid}",
        difficulty=2,
    )


def make_course(per_domain: Mapping[str, int] | None = None, blueprints: tuple[Blueprint, ...] = ()) -> Course:
    """A course with `per_domain[d]` questions in domain d; every third question is multiple response."""
    per_domain = dict.fromkeys(DVA_WEIGHTS, 30) if per_domain is None else per_domain
    questions = tuple(
        make_question(f"{domain[:3]}-{i:03d}", domain, TOPICS[i % len(TOPICS)], multiple=i % 3 == 2)
        for domain, n in per_domain.items()
        for i in range(n)
    )
    return Course(
        id="test-course",
        title="Test course",
        description="",
        root=Path("."),
        domains=tuple(Domain(d, d.title(), w) for d, w in DVA_WEIGHTS.items()),
        topics=tuple(Topic(t, t.title(), "", ()) for t in TOPICS),
        questions=questions,
        blueprints=blueprints or (dva(),),
    )


def dva(**changes: object) -> Blueprint:
    """The DVA-C02 shape: 65 questions, 130 minutes, 72% to pass."""
    fields: dict[str, object] = {
        "id": "dva-c02",
        "title": "DVA-C02 practice exam",
        "question_count": 65,
        "minutes": 130,
        "pass_mark": 72.0,
        "domain_weights": dict(DVA_WEIGHTS),
    }
    fields.update(changes)
    return Blueprint(**fields)  # type: ignore[arg-type]
