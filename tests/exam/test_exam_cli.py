"""`coldstart exam`: the list of exams, starting one, and the history, on the mini fixture course."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.clock import FakeClock
from coldstart.core.course.loader import load_course
from coldstart.core.exam import ExamSession, ExamStore
from sqlite_utils import Database


@pytest.fixture
def args(mini_course: Path, tmp_path: Path) -> list[str]:
    return ["--course", str(mini_course), "--db", str(tmp_path / "progress.db")]


def test_the_list_shows_each_exam_and_where_the_bank_falls_short(args, capsys) -> None:
    assert main(["exam", *args]) == 0
    out = capsys.readouterr().out
    assert "quick" in out and "Quick exam" in out and "70%" in out and "development 60%" in out
    assert "quick: the bank has 1 development question; the blueprint wants 2" in out


def test_the_list_as_json(args, capsys) -> None:
    assert main(["exam", "--json", *args]) == 0
    [quick] = json.loads(capsys.readouterr().out)["exams"]
    assert quick["id"] == "quick" and quick["questions"] == 3 and quick["minutes"] == 5
    assert quick["domains"] == {"development": 60.0, "security": 40.0}


def test_the_list_says_how_to_resume_an_unfinished_exam(mini_course, args, tmp_path, capsys) -> None:
    from coldstart.core.clock import SystemClock

    course = load_course(mini_course).course
    store = ExamStore(Database(tmp_path / "progress.db"))
    ids = [q.id for q in course.questions][:3]
    session = ExamSession.custom(course, ids, store, SystemClock(), title="Long exam", limit=timedelta(minutes=20), pass_mark=70)
    session.answer(0, session.question(0).correct_indexes)
    session.suspend()  # pausable: its clock stands still while the app is closed, so the time left is exact

    assert main(["exam", *args]) == 0
    out = capsys.readouterr().out
    assert "Unfinished: Long exam is unfinished: 1 of 3 answered, 20:00 left (paused)." in out
    assert f"Resume it in the app: run coldstart --course {mini_course} --db {tmp_path / 'progress.db'} and choose Resume" in out
    assert main(["exam", "--json", *args]) == 0
    unfinished = json.loads(capsys.readouterr().out)["unfinished"]
    assert unfinished == {
        "id": session.id, "blueprint": "custom", "title": "Long exam", "answered": 1, "questions": 3,
        "remaining_seconds": 1200, "pausable": True, "ran_out": False,
    }  # fmt: skip


def test_the_list_says_an_unfinished_exam_that_ran_out_is_submitted_when_the_app_opens(mini_course, args, tmp_path, capsys) -> None:
    course = load_course(mini_course).course
    store = ExamStore(Database(tmp_path / "progress.db"))
    ExamSession.start(course, course.blueprint("quick"), store, FakeClock(), seed=1)  # a fake start, long ago

    assert main(["exam", *args]) == 0
    out = capsys.readouterr().out
    assert "Quick exam is unfinished: 0 of 3 answered, its time has run out." in out
    assert "to see its result: it is submitted when the app opens" in out
    assert (tmp_path / "progress.db").stat().st_size > 0 and store.find_resumable() is not None  # read, not changed


def test_the_list_without_an_unfinished_exam_says_nothing_of_one_and_creates_no_database(args, tmp_path, capsys) -> None:
    assert main(["exam", *args]) == 0
    assert "Unfinished" not in capsys.readouterr().out
    assert main(["exam", "--json", *args]) == 0
    assert json.loads(capsys.readouterr().out)["unfinished"] is None
    assert not (tmp_path / "progress.db").exists()


def test_an_unreadable_unfinished_exam_is_a_warning_below_the_list(args, tmp_path, capsys) -> None:
    (tmp_path / "progress.db").write_bytes(b"this is not sqlite" * 100)
    assert main(["exam", *args]) == 0
    captured = capsys.readouterr()
    assert "quick" in captured.out
    assert "warning: cannot read the unfinished exam from" in captured.err and "Traceback" not in captured.err


def test_a_known_exam_opens_the_app_in_it(args, monkeypatch) -> None:
    opened = {}
    monkeypatch.setattr("coldstart.cli.common.open_app", lambda namespace, **start: opened.update(start) or 0)
    assert main(["exam", "quick", *args]) == 0
    assert opened == {"exam": "quick"}


def test_an_unknown_exam_names_the_known_ones_and_exits_2(args, capsys) -> None:
    assert main(["exam", "nope", *args]) == 2
    err = capsys.readouterr().err
    assert "unknown exam 'nope'" in err and "quick" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_json_with_an_exam_name_is_a_usage_error(args, capsys) -> None:
    assert main(["exam", "quick", "--json", *args]) == 2


def test_history_is_empty_without_a_database_and_creates_none(args, tmp_path, capsys) -> None:
    assert main(["exam", "history", *args]) == 0
    assert "No exams taken yet" in capsys.readouterr().out
    assert main(["exam", "history", "--json", *args]) == 0
    assert json.loads(capsys.readouterr().out) == {"format": 1, "exams": []}
    assert not (tmp_path / "progress.db").exists()


def test_history_lists_past_results(mini_course, args, tmp_path, capsys) -> None:
    course = load_course(mini_course).course
    store = ExamStore(Database(tmp_path / "progress.db"))
    clock = FakeClock()
    for correct in (False, True):
        session = ExamSession.start(course, course.blueprint("quick"), store, clock, seed=1)
        for i, question in enumerate(session.questions):
            session.answer(i, question.correct_indexes if correct else None)
        session.submit()
        clock.advance(days=1)

    assert main(["exam", "history", "--json", *args]) == 0
    first, second = json.loads(capsys.readouterr().out)["exams"]
    assert (first["score"], first["passed"], second["score"], second["passed"]) == (0, False, 100, True)
    assert second["blueprint"] == "quick" and second["domains"]["security"] == {"correct": 2, "total": 2}
    assert main(["exam", "history", *args]) == 0
    out = capsys.readouterr().out
    assert "Quick exam" in out and "100%" in out and "pass" in out and "fail" in out


def test_a_damaged_database_is_one_clear_line(args, tmp_path, capsys) -> None:
    (tmp_path / "progress.db").write_bytes(b"this is not sqlite" * 100)
    assert main(["exam", "history", *args]) == 1
    err = capsys.readouterr().err
    assert "cannot read past exams from" in err and "progress.db" in err and "Traceback" not in err


def test_a_damaged_result_row_is_one_clear_line(mini_course, args, tmp_path, capsys) -> None:
    course = load_course(mini_course).course
    store = ExamStore(Database(tmp_path / "progress.db"))
    ExamSession.start(course, course.blueprint("quick"), store, FakeClock(), seed=1).submit()
    store.db.execute("update exams set per_domain = '[1, 2]'")
    assert main(["exam", "history", *args]) == 1
    err = capsys.readouterr().err
    assert "exam 1 is damaged" in err and "Traceback" not in err


def test_course_and_db_work_before_the_subcommand_too(args, capsys) -> None:
    assert main([*args, "exam", "--json"]) == 0
    assert [b["id"] for b in json.loads(capsys.readouterr().out)["exams"]] == ["quick"]
