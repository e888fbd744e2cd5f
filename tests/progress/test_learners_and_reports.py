"""Who answered (answers.learner, kept through export and import) and reports on questions (core and CLI)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.clock import FakeClock
from coldstart.core.course.loader import load_course
from coldstart.core.progress.reports import REASON_LABELS, list_reports, report_question
from coldstart.core.progress.schema import MIGRATIONS, REPORT_REASONS, learner_id
from coldstart.core.progress.store import open_store
from coldstart.core.progress.transfer import TransferError, check_export, export_progress, import_progress
from sqlite_utils import Database

from .conftest import START, answer

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


def learners(store) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT learner FROM answers ORDER BY rowid")]


def test_every_database_has_its_own_learner_and_answers_carry_it(tmp_path: Path, course) -> None:
    with open_store(tmp_path / "a.db", course) as a, open_store(tmp_path / "b.db", course) as b:
        assert len(learner_id(a.db)) == 32 and learner_id(a.db) != learner_id(b.db)
        answer(a, "t1-q1", True)
        assert learners(a) == [learner_id(a.db)]


def test_an_existing_database_is_upgraded_and_its_answers_are_its_learner(tmp_path: Path, course) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0002_answers_learner")  # a file written before learners existed
    old.execute(
        "INSERT INTO answers (id, question_id, content_hash, topic_id, picked, correct, duration_ms, mode, answered_at) "
        "VALUES ('a1', 't1-q1', 'h', 't1', '[0]', 1, 1000, 'practice', '2025-03-03T09:00:00.000000+00:00')"
    )
    old.conn.commit()
    old.close()
    with open_store(path, course) as store:
        assert learners(store) == [learner_id(store.db)]
        assert store.db["reports"].exists()


def test_import_keeps_each_learners_id_and_old_files_count_as_this_learner(tmp_path: Path, course) -> None:
    with open_store(tmp_path / "class.db", course) as teacher, \
            open_store(tmp_path / "ann.db", course, clock=FakeClock(START)) as ann, \
            open_store(tmp_path / "bob.db", course, clock=FakeClock(START)) as bob:
        answer(ann, "t1-q1", True)
        answer(bob, "t1-q1", False)
        answer(bob, "t1-q2", True)
        exported = export_progress(ann, course.id)
        assert exported["answers"][0]["learner"] == learner_id(ann.db)
        import_progress(teacher, exported)
        import_progress(teacher, export_progress(bob, course.id))
        assert learners(teacher) == [learner_id(ann.db), learner_id(bob.db), learner_id(bob.db)]
        assert learner_id(teacher.db) not in learners(teacher)  # the instructor answered nothing

        legacy = export_progress(bob, course.id)
        del legacy["reports"]
        for record in legacy["answers"]:
            del record["learner"]  # as written by a coldstart from before learners and reports
        with open_store(tmp_path / "fresh.db", course) as fresh:
            import_progress(fresh, legacy)
            assert set(learners(fresh)) == {learner_id(fresh.db)}


def test_a_malformed_learner_is_refused(course, store) -> None:
    answer(store, "t1-q1", True)
    data = export_progress(store, course.id)
    data["answers"][0]["learner"] = 42
    with pytest.raises(TransferError, match=r"answers\[1\].learner must be a learner id"):
        check_export(data, course.id)


# --- reports ------------------------------------------------------------------------------------------


def test_reports_are_stored_at_once_and_listed_newest_first(store, course, clock) -> None:
    question = course.question("t1-q1")
    first = report_question(store, question, "wrong_key", "  B is right, see the docs  ")
    clock.advance(minutes=5)
    second = report_question(store, course.question("t2-q1"), "typo")
    assert [r.id for r in list_reports(store.db)] == [second.id, first.id]
    stored = list_reports(store.db)[1]
    assert stored == first and stored.note == "B is right, see the docs"  # trimmed
    assert (stored.content_hash, stored.learner, stored.reason_label) == (
        question.content_hash, learner_id(store.db), REASON_LABELS["wrong_key"])
    with pytest.raises(ValueError, match="unknown report reason"):
        report_question(store, question, "rude")  # type: ignore[arg-type]
    assert tuple(REASON_LABELS) == REPORT_REASONS


def test_reports_travel_with_the_export_to_the_instructor(tmp_path: Path, course, store) -> None:
    sent = report_question(store, course.question("t1-q2"), "outdated", "Quotas changed in 2024.")
    data = export_progress(store, course.id)
    with open_store(tmp_path / "class.db", course) as teacher:
        import_progress(teacher, data)
        import_progress(teacher, data)  # twice: still one report
        assert list_reports(teacher.db) == [sent]
    data["reports"][0]["reason"] = "rude"
    with pytest.raises(TransferError, match=r"reports\[1\].reason must be one of wrong_key"):
        check_export(data, course.id)


def test_a_report_knows_when_its_question_was_edited_or_retired(store, course) -> None:
    report = report_question(store, course.question("t1-q1"), "unclear")
    assert not report.changed_since(course)
    edited = replace(course, questions=tuple(
        replace(q, stem="A clearer stem?") if q.id == "t1-q1" else q for q in course.questions
    ))  # fmt: skip
    assert report.changed_since(edited)
    retired = replace(course, questions=tuple(q for q in course.questions if q.id != "t1-q1"))
    assert report.location(retired) is None and not report.changed_since(retired)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reports_cli_lists_file_and_line_newest_first(capsys, tmp_path: Path, monkeypatch) -> None:
    mini = load_course(MINI).course
    db = tmp_path / "progress.db"
    clock = FakeClock(START)
    with open_store(db, mini, clock=clock) as store:
        report_question(store, mini.question("alpha-01"), "outdated", "The limit changed.")
        clock.advance(hours=1)
        report_question(store, mini.question("beta-01"), "typo")
    monkeypatch.chdir(MINI)
    code, out, err = run(capsys, "reports", "--course", str(MINI), "--db", str(db))
    assert code == 0, err
    assert out.index("quizzes/beta.yaml:3  beta-01") < out.index("quizzes/alpha.yaml:3  alpha-01")
    assert REASON_LABELS["outdated"] in out and "“The limit changed.”" in out

    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(db), "reports", "--json")
    data = json.loads(out)["reports"]
    assert [(r["question_id"], r["reason"], r["line"]) for r in data] == [("beta-01", "typo", 3), ("alpha-01", "outdated", 3)]
    assert data[1]["note"] == "The limit changed." and data[1]["in_course"] and not data[1]["changed_since"]


def test_reports_cli_without_a_database_or_a_course(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, out, _ = run(capsys, "reports", "--course", str(MINI), "--db", str(missing))
    assert code == 0 and "No reports" in out and not missing.exists()
    code, out, _ = run(capsys, "reports", "--json", "--course", str(MINI), "--db", str(missing))
    assert json.loads(out) == {"format": 1, "reports": []}
    code, _, err = run(capsys, "reports", "--course", str(tmp_path), "--db", str(missing))
    assert code == 1 and "no course to show" in err and "Traceback" not in err
