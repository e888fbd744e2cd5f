"""Fixtures for the exam tests: a course, a fake clock and an exam store on an in-memory database."""

from __future__ import annotations

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.course.model import Course
from coldstart.core.exam import ExamStore
from exam_bank import make_course
from sqlite_utils import Database


@pytest.fixture
def course() -> Course:
    return make_course()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> ExamStore:
    return ExamStore(Database(memory=True))
