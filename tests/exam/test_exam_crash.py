"""A process taking an exam is killed with SIGKILL mid-exam; the exam resumes with nothing lost.

The child (exam_child.py) answers one question per line the parent sends, so the test knows exactly what
was stored before the kill, without sleeping or timing anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.exam import ExamSession, ExamStore, draw_exam
from exam_bank import dva, make_course
from exam_child import STEP_SECONDS, T0, pick
from sqlite_utils import Database

HERE = Path(__file__).parent
ANSWERED = 7
SEED = 20250101


@contextmanager
def child_process(script: str, *args: object) -> Iterator[subprocess.Popen[str]]:
    """Start a child script of this folder, talking over pipes; whatever happens, it is gone afterwards."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / script), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()


def expect_line(child: subprocess.Popen[str], expected: str) -> None:
    line = child.stdout.readline()
    assert line == expected, child.stderr.read() if not line else line


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def tell(child: subprocess.Popen[str], command: str, expected: str) -> None:
    child.stdin.write(command + "\n")
    child.stdin.flush()
    expect_line(child, expected + "\n")


def run_child_until_killed(db_path: Path, pausable: bool, *, then_visit: int | None = None) -> None:
    """Answer ANSWERED questions (and then go back to `then_visit`, if given) in the child, then SIGKILL it."""
    with child_process("exam_child.py", db_path, SEED, "pausable" if pausable else "timed") as child:
        for position in range(ANSWERED):
            tell(child, "next", f"answered {position}")
        if then_visit is not None:
            tell(child, f"visit {then_visit}", f"visited {then_visit}")
        kill(child)  # it was blocked reading stdin, mid-exam, with ANSWERED answers stored


@pytest.mark.parametrize("pausable", [False, True], ids=["timed", "pausable"])
def test_an_exam_killed_mid_way_resumes_intact(tmp_path: Path, pausable: bool) -> None:
    db_path = tmp_path / "progress.db"
    run_child_until_killed(db_path, pausable)

    course = make_course()
    killed_at = T0 + timedelta(seconds=STEP_SECONDS * ANSWERED)
    clock = FakeClock(killed_at + timedelta(minutes=10))  # the app stayed dead for ten minutes
    store = ExamStore(Database(db_path))
    record = store.find_resumable()
    assert record is not None and record.seed == SEED
    session = ExamSession.resume(record, course, store, clock)
    assert session.opening_position == ANSWERED - 1  # the question on screen at the kill

    expected = draw_exam(dva(), course, SEED)
    assert tuple(q.id for q in session.questions) == expected.question_ids
    assert session.record.permutations == expected.permutations
    for position, question in enumerate(session.questions):
        answered = position < ANSWERED
        assert session.picked(position) == (pick(position, question.correct_indexes) if answered else None)
        assert session.flagged(position) == (answered and position % 4 == 0)
        # The question on screen at the kill loses its open visit; the ones before it kept theirs.
        assert session.time_spent(position) == timedelta(seconds=STEP_SECONDS if position < ANSWERED - 1 else 0)
    used = killed_at - T0 if pausable else clock.now() - T0  # a pausable exam does not count the dead time
    assert session.remaining() == timedelta(minutes=130) - used
    assert session.result is None

    session.visit(ANSWERED)
    session.answer(ANSWERED, session.questions[ANSWERED].correct_indexes)
    result = session.submit()
    assert sum(r.answered for r in result.questions) == ANSWERED + 1
    assert result.correct == len(range(0, ANSWERED, 2)) + 1


@pytest.mark.parametrize("pausable", [False, True], ids=["timed", "pausable"])
def test_an_exam_killed_after_going_back_resumes_on_that_question(tmp_path: Path, pausable: bool) -> None:
    db_path = tmp_path / "progress.db"
    run_child_until_killed(db_path, pausable, then_visit=2)  # answered 0 to 6, then back to 2 from the grid

    store = ExamStore(Database(db_path))
    record = store.find_resumable()
    assert record is not None and record.current_position == 2
    clock = FakeClock(T0 + timedelta(minutes=10))
    session = ExamSession.resume(record, make_course(), store, clock)
    assert session.opening_position == 2  # not ANSWERED, the first unanswered
    # Going back stored the time on the question left: nothing on screen before the kill was lost but
    # the open visit of question 2.
    assert session.time_spent(ANSWERED - 1) == timedelta(seconds=STEP_SECONDS)


def kill_child_mid_submission(db_path: Path, stop_after: int) -> None:
    """Run submit_child.py until its submission has recorded `stop_after` answers, then SIGKILL it."""
    with child_process("submit_child.py", db_path, stop_after) as child:
        expect_line(child, f"recorded {stop_after}\n")
        kill(child)  # it is inside submit(), blocked reading stdin


@pytest.mark.parametrize("stop_after", [0, 2], ids=["before-any-answer", "after-two-answers"])
def test_a_submission_killed_part_way_loses_no_answer_from_the_review_schedule(tmp_path: Path, stop_after: int) -> None:
    from coldstart.core.exam import feed_progress
    from coldstart.core.progress import open_store
    from submit_child import QUESTION_IDS
    from submit_child import T0 as SUBMIT_T0

    db_path = tmp_path / "progress.db"
    kill_child_mid_submission(db_path, stop_after)

    course = make_course()
    clock = FakeClock(SUBMIT_T0 + timedelta(minutes=3))
    with open_store(db_path, course, clock=clock, fuzz=False) as progress:
        exam_answers = "SELECT question_id FROM answers WHERE mode = 'exam' ORDER BY question_id"
        # All or nothing: the killed submission left the exam unsubmitted and the schedule untouched.
        assert list(progress.db.query(exam_answers)) == []
        store = ExamStore(progress.db, migrate=False)
        record = store.find_resumable()
        assert record is not None and record.status == "in_progress"
        assert all(answer.picked for answer in record.answers)

        session = ExamSession.resume(record, course, store, clock, answer_sink=feed_progress(progress))
        result = session.submit()

        assert result.correct == len(QUESTION_IDS)
        assert [row["question_id"] for row in progress.db.query(exam_answers)] == sorted(QUESTION_IDS)
        assert all(progress.card(qid) is not None for qid in QUESTION_IDS)
        assert store.find_resumable() is None
