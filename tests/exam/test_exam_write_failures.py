"""A write the database refuses (a read-only file, a lock held too long) changes nothing and can be retried.

`PRAGMA query_only` makes the exam's connection refuse every write, as a read-only file does.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from coldstart.core.exam import ExamSession, ExamStore
from coldstart.core.progress.database import StoreError
from exam_bank import dva


@contextmanager
def read_only(store: ExamStore):
    store.db.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        store.db.execute("PRAGMA query_only = OFF")


def stored(store: ExamStore, session: ExamSession):
    record = store.load(session.id)
    assert record is not None
    return record


def test_a_refused_answer_flag_or_visit_leaves_the_session_and_the_store_as_they_were(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=4)
    session.visit(0)
    clock.advance(30)
    with read_only(store):
        with pytest.raises(StoreError, match="readonly"):
            session.answer(0, {1})
        with pytest.raises(StoreError):
            session.flag(0)
        with pytest.raises(StoreError):
            session.visit(1)
    assert session.picked(0) is None and not session.flagged(0) and session.current == 0
    assert stored(store, session).answers[0].picked is None

    session.answer(0, {1})  # the same change, tried again, goes through
    session.flag(0)
    session.visit(1)
    answer = stored(store, session).answers[0]
    assert answer.picked == frozenset({1}) and answer.flagged and answer.time_spent.total_seconds() == 30


def test_a_refused_submission_leaves_the_exam_open_and_submits_on_retry(course, store, clock) -> None:
    fed: list[str] = []
    session = ExamSession.start(course, dva(), store, clock, seed=4, answer_sink=lambda q, picked, spent: fed.append(q.id))
    session.answer(0, {0})
    with read_only(store), pytest.raises(StoreError):
        session.submit()
    assert session.result is None and store.find_resumable() is not None and fed == []

    result = session.submit()
    assert session.result is result and store.find_resumable() is None and fed == [session.question(0).id]
