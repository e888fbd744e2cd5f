"""The child of the crash test: takes an exam through the API, one command per line read from stdin.

    python exam_child.py DB SEED PAUSABLE

`next` answers the next question and prints `answered N`; `visit N` goes back to question N (as the
learner does from the grid) and prints `visited N`. It then waits for the next line, so the parent knows
exactly how far it got when it kills it. Each question answered is shown for 30 fake seconds; even
positions get the key, odd ones choice 3 (always wrong in the test bank); every fourth position is flagged.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from coldstart.core.clock import FakeClock
from coldstart.core.exam import ExamSession, ExamStore
from exam_bank import dva, make_course
from sqlite_utils import Database

T0 = datetime(2025, 1, 1, 9, tzinfo=UTC)
STEP_SECONDS = 30


def pick(position: int, correct: frozenset[int]) -> frozenset[int]:
    return correct if position % 2 == 0 else frozenset({3})


def main(db_path: str, seed: int, pausable: bool) -> None:
    course = make_course()
    clock = FakeClock(T0)
    session = ExamSession.start(course, dva(pausable=pausable), ExamStore(Database(db_path)), clock, seed=seed)
    answered = 0
    for line in sys.stdin:
        command, *argument = line.split()
        if command == "visit":
            session.visit(int(argument[0]))
            print(f"visited {argument[0]}", flush=True)
            continue
        position = answered
        session.visit(position)
        clock.advance(STEP_SECONDS)
        if position % 4 == 0:
            session.flag(position)
        session.answer(position, pick(position, session.questions[position].correct_indexes))
        answered += 1
        print(f"answered {position}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "pausable")
