"""`coldstart stats` and `coldstart progress export|import|reset` on the mini course."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.course.loader import load_course
from coldstart.core.progress.store import open_store

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture
def mini():
    return load_course(MINI).course


@pytest.fixture
def db(tmp_path: Path, mini) -> Path:
    """A progress database for the mini course with three answers and a section read."""
    path = tmp_path / "progress.db"
    with open_store(path, mini) as store:
        for qid, right in (("alpha-01", True), ("alpha-02", False), ("beta-01", True)):
            question = mini.question(qid)
            picked = sorted(question.correct_indexes) if right else [
                next(i for i in range(len(question.choices)) if i not in question.correct_indexes)
            ]
            store.record_answer(question, picked, duration_ms=20_000, mode="practice")
        store.mark_section_read("alpha", "one")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stats_prints_tables_and_readiness(capsys, db: Path) -> None:
    code, out, err = run(capsys, "stats", "--course", str(MINI), "--db", str(db))
    assert code == 0, err
    for text in ("Mini course", "Due today", "Alpha topic", "Beta topic", "Exam readiness", "Security",
                 "not enough answers yet: 17 more", "what this course covers"):
        assert text in out
    assert "NaN" not in out and "Traceback" not in out + err
    assert "Due today: 0 · 3 in learning" in out  # answered minutes ago: learning steps, counted apart
    assert "1. Alpha topic (1 of 2 answers missed)" in out  # the one topic whose answers show a miss


def test_stats_shows_readiness_with_its_interval_after_enough_answers(capsys, tmp_path: Path, mini) -> None:
    path = tmp_path / "progress.db"
    with open_store(path, mini) as store:
        for _ in range(7):  # every question answered several times: well past the 20 answers needed
            for question in mini.questions:
                if question.choices:
                    store.record_answer(question, sorted(question.correct_indexes), duration_ms=20_000, mode="practice")
    code, out, _ = run(capsys, "stats", "--course", str(MINI), "--db", str(path), "--json")
    readiness = json.loads(out)["readiness"]
    assert code == 0 and readiness["answers"] >= 20
    assert 0 <= readiness["low"] <= readiness["overall"] <= readiness["high"] <= 1
    assert readiness["interval"] == 0.8 and readiness["headline"].endswith("%)")
    code, out, _ = run(capsys, "stats", "--course", str(MINI), "--db", str(path))
    assert code == 0 and f"Readiness: {readiness['headline']}" in out and "pass mark" in out


def test_stats_json(capsys, db: Path) -> None:
    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(db), "stats", "--json")  # options before the verb
    assert code == 0
    data = json.loads(out)
    assert data["course_id"] == "mini" and data["answers_total"] == 3 and data["questions_seen"] == 3
    assert {t["topic_id"] for t in data["topics"]} == {"alpha", "beta"}
    assert data["readiness"]["explanation"]
    assert len(data["accuracy_by_day"]) == 30
    assert (data["due_today"], data["learning_today"]) == (0, 3)


def test_stats_before_any_progress_creates_no_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "none" / "progress.db"
    code, out, _ = run(capsys, "stats", "--course", str(MINI), "--db", str(path), "--json")
    assert code == 0 and json.loads(out)["answers_total"] == 0
    assert not path.parent.exists()


def test_stats_on_a_damaged_database_is_one_line_and_exit_1(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_text("not a database")
    code, out, err = run(capsys, "stats", "--course", str(MINI), "--db", str(path))
    assert code == 1 and out == ""
    assert "not an SQLite file" in err and "Traceback" not in err
    assert path.read_text() == "not a database"


def test_export_then_import_elsewhere_then_again(capsys, tmp_path: Path, db: Path) -> None:
    file = tmp_path / "out.json"
    code, out, err = run(capsys, "progress", "export", str(file), "--course", str(MINI), "--db", str(db))
    assert code == 0, err
    assert "Exported 3 answers" in out
    assert json.loads(file.read_text())["course_id"] == "mini"
    other = tmp_path / "other.db"
    code, out, _ = run(capsys, "progress", "--course", str(MINI), "--db", str(other), "import", str(file))
    assert code == 0 and "Imported 3 new answers (0 already here)" in out
    code, out, _ = run(capsys, "progress", "--course", str(MINI), "--db", str(other), "import", str(file))
    assert code == 0 and "Imported 0 new answers (3 already here)" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{oops", "is not JSON"),
        (json.dumps({"format": "something-else"}), "not a coldstart progress export"),
        (json.dumps({"format": "coldstart-progress", "version": 1, "course_id": "lambda"}), "for the course 'lambda'"),
        (json.dumps({"format": "coldstart-progress", "version": 1, "course_id": "mini", "settings": {},
                     "sections_read": [], "sessions": [], "answers": [{"id": "x"}]}), "has no 'question_id'"),
    ],
)
def test_a_bad_import_file_is_refused_with_the_reason(capsys, tmp_path: Path, db: Path, content: str, reason: str) -> None:
    file = tmp_path / "in.json"
    file.write_text(content)
    before = db.read_bytes()
    code, out, err = run(capsys, "progress", "import", str(file), "--course", str(MINI), "--db", str(db))
    assert code == 1 and out == ""
    assert reason in err and "nothing was imported" in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_an_import_file_that_is_not_a_file_names_it_once(capsys, tmp_path: Path, db: Path) -> None:
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    code, out, err = run(capsys, "progress", "import", str(zero), "--course", str(MINI), "--db", str(db))
    assert code == 1 and out == "" and err.strip() == f"coldstart: {zero}: it is not a regular file; nothing was imported"


def test_export_without_progress_is_an_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "progress", "export", str(tmp_path / "x.json"), "--course", str(MINI),
                       "--db", str(tmp_path / "missing.db"))
    assert code == 1 and "no progress to export" in err


def test_reset_asks_first_and_keeps_a_backup(capsys, monkeypatch, tmp_path: Path, db: Path, mini) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = run(capsys, "progress", "reset", "--course", str(MINI), "--db", str(db))
    assert code == 1 and "Nothing was reset" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no answer: no
    assert run(capsys, "progress", "reset", "--course", str(MINI), "--db", str(db))[0] == 1
    with open_store(db, mini) as store:
        assert store.answer_count() == 3

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run(capsys, "progress", "reset", "--topic", "alpha", "--course", str(MINI), "--db", str(db))
    assert code == 0 and "2 answers and" in out and "Backup:" in out
    with open_store(db, mini) as store:
        assert set(store.question_states()) == {"beta-01"}

    code, out, _ = run(capsys, "progress", "reset", "--yes", "--course", str(MINI), "--db", str(db))
    assert code == 0 and "1 answer and" in out
    backups = sorted(p.name for p in tmp_path.glob("progress.backup-*.db"))
    assert len(backups) == 2


def test_reset_of_an_unknown_topic_is_a_usage_error(capsys, db: Path) -> None:
    code, _, err = run(capsys, "progress", "reset", "--topic", "gamma", "--yes", "--course", str(MINI), "--db", str(db))
    assert code == 2 and "unknown topic 'gamma'" in err and "alpha, beta" in err


def test_progress_without_an_action_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["progress"])
    assert exited.value.code == 2


def test_a_folder_without_a_course_is_one_clear_line(capsys, tmp_path: Path) -> None:
    for argv in (["stats"], ["progress", "export", str(tmp_path / "x.json")], ["progress", "import", str(tmp_path / "x.json")],
                 ["progress", "reset", "--yes"]):
        code, out, err = run(capsys, *argv, "--course", str(tmp_path), "--db", str(tmp_path / "p.db"))
        assert code == 1 and out == "", argv
        assert "no course" in err and "Traceback" not in err
    assert not (tmp_path / "p.db").exists()


def test_a_bad_stored_setting_is_one_warning_and_stats_still_work(capsys, db: Path) -> None:
    with open_store(db) as store:
        store.db.execute("UPDATE settings SET value = ? WHERE key = 'desired_retention'", ['"abc"'])
        store.db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('desired_retention', '\"abc\"')")
        store.db.conn.commit()
    code, out, err = run(capsys, "stats", "--course", str(MINI), "--db", str(db))
    assert code == 0 and "Exam readiness" in out
    assert err.strip().splitlines() == [
        "coldstart: warning: the stored setting desired_retention must be a number from 0.7 to 0.99, not 'abc'; "
        "the default is used (change it in the app's Settings)"
    ]
    code, out, err = run(capsys, "progress", "reset", "--yes", "--course", str(MINI), "--db", str(db))
    assert code == 0 and "Cleared unusable setting(s) desired_retention: the defaults apply." in out


def test_plan_sets_the_exam_date_and_prints_the_plan(capsys, tmp_path: Path, db: Path) -> None:
    from datetime import date, timedelta

    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(db), "plan")
    assert code == 0 and "No exam date set" in out
    exam = (date.today() + timedelta(days=30)).isoformat()
    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(db), "plan", "--exam-date", exam)
    assert code == 0 and "30 days left" in out and "Reviews due, next 14 days" in out and "now" in out
    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(db), "plan", "--json")
    data = json.loads(out)
    assert data["format"] == 1 and data["exam_date"] == exam and len(data["forecast"]) == 14
    assert data["learning"] == 3 and data["questions_new"] == data["questions_total"] - 3


@pytest.mark.parametrize(("value", "reason"), [("next week", "not a date as YYYY-MM-DD"), ("2001-01-01", "already passed")])
def test_a_bad_exam_date_is_one_line_and_exit_2(capsys, db: Path, value: str, reason: str) -> None:
    code, _, err = run(capsys, "--course", str(MINI), "--db", str(db), "plan", "--exam-date", value)
    assert code == 2 and reason in err and len(err.strip().splitlines()) == 1


def test_plan_without_progress_creates_no_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(path), "plan", "--json")
    assert code == 0 and json.loads(out) == {"format": 1, "exam_date": None} and not path.exists()
