"""A small course built straight from the dataclasses, and stores on temporary files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.course.model import Blueprint, Choice, Course, Domain, Question, Section, TextBlock, Topic
from coldstart.core.progress.store import ProgressStore, open_store

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning


def make_question(qid: str, topic: str, domain: str = "dev", stem: str | None = None, correct: int = 0) -> Question:
    """A single-answer question with three choices; choice `correct` is right."""
    return Question(
        id=qid,
        topic=topic,
        domain=domain,
        type="single",
        stem=stem or f"Which statement about {qid} is true?",
        choices=tuple(Choice(text=f"option {i} of {qid}", correct=i == correct, why="because") for i in range(3)),
        explanation="explained",
        source="https://docs.aws.amazon.com/lambda/",
        difficulty=2,
    )


def make_course(
    topics: dict[str, int] | None = None,
    questions_per_topic: int = 3,
    *,
    course_id: str = "test-course",
    extra_questions: tuple[Question, ...] = (),
    drop: tuple[str, ...] = (),
) -> Course:
    """A course with `topics` (id -> number of sections), each with `questions_per_topic` questions.

    Topic "t1" questions are in domain "dev", "t2" in "sec", others alternate; question ids are
    "<topic>-q<n>". `drop` removes question ids (to retire them); `extra_questions` replaces same ids.
    """
    topics = topics if topics is not None else {"t1": 2, "t2": 3}
    domain_cycle = ["dev", "sec", "deploy", "ops"]
    built_topics = []
    questions: list[Question] = []
    for index, (topic_id, section_count) in enumerate(topics.items()):
        sections = tuple(
            Section(id=f"s{n}", title=f"Section {n}", blocks=(TextBlock(markdown="word " * 400),))
            for n in range(1, section_count + 1)
        )
        built_topics.append(Topic(id=topic_id, title=f"Topic {topic_id}", summary="", sections=sections))
        domain = domain_cycle[index % len(domain_cycle)]
        questions += [make_question(f"{topic_id}-q{n}", topic_id, domain) for n in range(1, questions_per_topic + 1)]
    replaced = {q.id: q for q in extra_questions}
    questions = [replaced.pop(q.id, q) for q in questions if q.id not in drop] + list(replaced.values())
    return Course(
        id=course_id,
        title="Test course",
        description="",
        root=Path("."),
        domains=(
            Domain("dev", "Development", 32),
            Domain("sec", "Security", 26),
            Domain("deploy", "Deployment", 24),
            Domain("ops", "Troubleshooting", 18),
        ),
        topics=tuple(built_topics),
        questions=tuple(questions),
        blueprints=(
            Blueprint(id="full", title="Full exam", question_count=65, minutes=130, pass_mark=72.0,
                      domain_weights={"dev": 32, "sec": 26, "deploy": 24, "ops": 18}),
        ),
    )


@pytest.fixture
def course() -> Course:
    return make_course()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.db"


@pytest.fixture
def store(db_file: Path, course: Course, clock: FakeClock) -> Iterator[ProgressStore]:
    with open_store(db_file, course, clock=clock, tz=UTC, fuzz=False) as opened:
        yield opened


def answer(store: ProgressStore, qid: str, right: bool, *, seconds: float = 20, mode: str = "practice", **kw: object):
    """Answer course question `qid` right or wrong, taking `seconds`."""
    question = store.course.question(qid)
    assert question is not None
    picked = sorted(question.correct_indexes) if right else [next(i for i in range(3) if i not in question.correct_indexes)]
    return store.record_answer(question, picked, duration_ms=int(seconds * 1000), mode=mode, **kw)
