"""The child of the submit crash test: answers a five-question exam, submits it, and stops mid-submission.

    python submit_child.py DB STOP_AFTER

The exam's answers feed the progress store as the app does (`feed_progress` on the same connection). The
sink prints `recorded N` after STOP_AFTER answers have been recorded in the progress store and then waits on
stdin, inside the submission, so the parent can kill it at exactly that point without timing anything.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from coldstart.core.clock import FakeClock
from coldstart.core.course.model import Question
from coldstart.core.exam import ExamSession, ExamStore, feed_progress
from coldstart.core.progress import open_store
from exam_bank import make_course

T0 = datetime(2025, 1, 1, 9, tzinfo=UTC)
QUESTION_IDS = ("dev-000", "dev-001", "sec-000", "dep-000", "tro-000")
SEED = 7


def main(db_path: str, stop_after: int) -> None:
    course = make_course()
    clock = FakeClock(T0)
    progress = open_store(db_path, course, clock=clock, fuzz=False)
    feed = feed_progress(progress)
    recorded = 0

    def sink(question: Question, picked: frozenset[int], duration: timedelta) -> None:
        nonlocal recorded
        if recorded == stop_after:
            print(f"recorded {recorded}", flush=True)
            sys.stdin.readline()  # killed here
        feed(question, picked, duration)
        recorded += 1

    store = ExamStore(progress.db, migrate=False)
    session = ExamSession.custom(
        course, QUESTION_IDS, store, clock, title="Five", limit=timedelta(minutes=10), pass_mark=72.0,
        seed=SEED, answer_sink=sink,
    )  # fmt: skip
    for position, question in enumerate(session.questions):
        session.visit(position)
        clock.advance(20)
        session.answer(position, question.correct_indexes)
    session.submit()
    print("submitted", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
