"""A class folder on the mini course, with learners whose databases hold real answers, reads and exams."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from coldstart.core.classroom.seats import ClassFolder
from coldstart.core.clock import FakeClock
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Course
from coldstart.core.exam import ExamSession, ExamStore
from coldstart.core.exam.store import MIGRATIONS as EXAM_MIGRATIONS
from coldstart.core.progress.store import open_store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def course(mini_course: Path) -> Course:
    return load_course(mini_course).course


@pytest.fixture
def folder(tmp_path: Path) -> ClassFolder:
    return ClassFolder.init(tmp_path / "class")


def study(folder: ClassFolder, name: str, course: Course, clock: FakeClock, *, right: bool, exam: bool = False) -> None:
    """`name` reads every section of the first topic and answers every question, all right or all wrong."""
    with open_store(folder.db_path(name), course, clock=clock, extra_migrations=(EXAM_MIGRATIONS,)) as store:
        first = course.topics[0]
        for section in first.sections:
            store.mark_section_read(first.id, section.id)
        for question in course.questions:
            if question.generator is not None or not question.choices:
                continue
            picked = question.correct_indexes if right else [i for i, c in enumerate(question.choices) if not c.correct][:1]
            store.record_answer(question, picked, duration_ms=5000, mode="practice")
            clock.advance(60)
        if exam:
            session = ExamSession.start(course, course.blueprint("quick"), ExamStore(store.db), clock, seed=1)
            for position, question in enumerate(session.questions):
                session.answer(position, question.correct_indexes)
            session.submit()
