"""Recording answers, the FSRS mapping, the study queues and topic progress."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.progress.scheduling import card_from_row, card_row, fast_threshold_ms, rating_for
from coldstart.core.progress.store import ProgressStore, open_store
from fsrs import Rating, State

from .conftest import answer, make_course, make_question


def test_migrations_create_every_table_on_a_new_file(db_file: Path, course, clock) -> None:
    assert not db_file.parent.exists()  # the parent folder is created too
    with open_store(db_file, course, clock=clock) as store:
        tables = set(store.db.table_names())
        assert {"settings", "sections_read", "sessions", "answers", "cards", "review_logs", "question_stats"} <= tables
        assert store.db.journal_mode == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        applied = {(r["migration_set"], r["name"]) for r in store.db.query("SELECT * FROM _sqlite_migrations")}
        assert ("coldstart", "0001_progress_tables") in applied
        assert any(name == "coldstart-exam" for name, _ in applied)  # the exam engine's set rides along


def test_an_empty_file_is_an_empty_database(tmp_path: Path, course, clock) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with open_store(path, course, clock=clock) as store:
        assert store.answer_count() == 0


def test_reopening_keeps_everything(db_file: Path, course, clock) -> None:
    with open_store(db_file, course, clock=clock, fuzz=False) as store:
        answer(store, "t1-q1", True)
    with open_store(db_file, course, clock=clock, fuzz=False) as store:
        assert store.answer_count() == 1
        assert store.card("t1-q1") is not None


def test_an_answer_is_one_row_with_its_card_and_review_log(store, clock) -> None:
    question = store.course.question("t1-q1")
    result = store.record_answer(question, [2, 0, 0], duration_ms=12_345, mode="practice")
    rows = list(store.db.query("SELECT * FROM answers"))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == result.answer_id
    assert (row["question_id"], row["topic_id"], row["content_hash"]) == ("t1-q1", "t1", question.content_hash)
    assert json.loads(row["picked"]) == [0, 2]  # sorted, deduplicated, YAML order
    assert row["correct"] == 0 and row["duration_ms"] == 12_345 and row["mode"] == "practice"
    assert row["answered_at"] == "2025-03-03T09:00:00.000000+00:00"
    log = next(store.db.query("SELECT * FROM review_logs"))
    assert (log["answer_id"], log["rating"], log["review_duration"]) == (result.answer_id, 1, 12_345)
    assert store.card("t1-q1").last_review == clock.now()


@pytest.mark.parametrize(
    ("right", "seconds", "expected"),
    [(False, 1, Rating.Again), (False, 60, Rating.Again), (True, 60, Rating.Good), (True, 1, Rating.Easy)],
)
def test_wrong_is_again_right_is_good_fast_is_easy(store, right: bool, seconds: float, expected: Rating) -> None:
    assert answer(store, "t1-q1", right, seconds=seconds).rating == expected


def test_fast_means_quicker_than_reading_the_question_once() -> None:
    short = make_question("q", "t", stem="Max timeout?")
    short = replace(short, choices=tuple(replace(c, text="yes") for c in short.choices))
    assert fast_threshold_ms(short) == 3_000  # 5 words: the floor
    long = make_question("q", "t", stem="word " * 400)
    assert fast_threshold_ms(long) == 15_000  # the ceiling
    medium = make_question("q", "t", stem="word " * 41)  # 41 + 3 choices x 4 words = 53 words -> 12.72 s
    assert fast_threshold_ms(medium) == 53 * 60_000 // 250
    assert rating_for(medium, True, None) == Rating.Good  # unknown time is never fast


def test_card_rows_round_trip_through_the_database(store, clock) -> None:
    answer(store, "t1-q1", True)
    clock.advance(minutes=10)
    answer(store, "t1-q1", True)
    card = store.card("t1-q1")
    assert card.state == State.Review and card.stability and card.difficulty
    assert card_from_row(card_row("t1-q1", "t1", card)) == card
    assert store.card("t1-q1") == card_from_row(next(store.db.query("SELECT * FROM cards")))


def test_fuzz_off_is_deterministic(tmp_path: Path, course) -> None:
    dues = []
    for name in ("a.db", "b.db"):
        clock = FakeClock()
        with open_store(tmp_path / name, course, clock=clock, fuzz=False) as store:
            for _ in range(4):
                answer(store, "t1-q1", True)
                clock.advance(days=3)
            dues.append(store.card("t1-q1").due)
    assert dues[0] == dues[1]


def test_due_today_counts_until_local_midnight(tmp_path: Path, course) -> None:
    clock = FakeClock()
    clock.set(clock.now().replace(hour=12))  # 12:00 UTC is 07:00 in UTC-5
    with open_store(tmp_path / "p.db", course, clock=clock, tz=UTC, fuzz=False) as store:
        answer(store, "t1-q1", False)  # Again: due in a minute
        answer(store, "t1-q2", True, seconds=1)  # Easy: due in days
        answer(store, "t1-q3", True, seconds=1)
        # due at 03:00 UTC tomorrow: tomorrow in UTC, but 22:00 today in UTC-5
        store.db.execute("UPDATE cards SET due = '2025-01-02T03:00:00.000000+00:00' WHERE question_id = 't1-q3'")
        due = store.due()
        # the miss is a learning step, due again in a minute: counted apart, and asked once it is due
        assert (due.reviews, due.learning, due.learning_now) == ((), ("t1-q1",), ())
        assert due.in_words(store.now()) == "1 in learning (next in 1 min)"
        assert store.due_today() == [] and store.due_count() == 0
        eastern = ProgressStore(store.db, course=course, clock=clock, tz=timezone(timedelta(hours=-5)))
        assert eastern.due().reviews == ("t1-q3",)
        assert eastern.due().in_words(store.now()) == "1 review due today · 1 in learning (next in 1 min)"
        clock.advance(minutes=1)
        assert store.due_today() == ["t1-q1"]
        assert eastern.due_today() == ["t1-q3", "t1-q1"]  # reviews first, then the steps due now
        clock.advance(days=30)
        assert set(store.due_today()) == {"t1-q1", "t1-q2", "t1-q3"}
        assert store.due_count() == 2


def test_cram_records_but_never_moves_the_schedule(store) -> None:
    answer(store, "t1-q1", True)
    before = store.card("t1-q1")
    result = answer(store, "t1-q1", False, mode="cram")
    assert result.rating is None and result.due is None
    assert store.card("t1-q1") == before
    assert store.db.execute("SELECT count(*) FROM review_logs").fetchone()[0] == 1
    assert store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 2
    answer(store, "t2-q1", False, mode="cram")
    assert store.card("t2-q1") is None  # still "new" for the scheduler


def test_cram_queue_puts_missed_questions_and_weak_topics_first(store, clock) -> None:
    for qid in ("t1-q1", "t1-q2", "t1-q3"):
        answer(store, qid, True)
    answer(store, "t1-q3", False)
    answer(store, "t1-q3", False)
    queue = store.cram_queue()
    assert queue[0] == "t1-q3"  # what the learner missed, not the topic never practised
    assert queue[1:3] == ["t1-q1", "t1-q2"]  # then the topic the misses show weak
    assert queue[3:] == ["t2-q1", "t2-q2", "t2-q3"]
    assert store.cram_queue("t2") == ["t2-q1", "t2-q2", "t2-q3"]


def test_retake_wrong_is_the_questions_whose_last_answer_was_wrong(store, clock) -> None:
    answer(store, "t1-q1", False)
    clock.advance(60)
    answer(store, "t1-q2", False)
    clock.advance(60)
    answer(store, "t1-q1", True)
    clock.advance(60)
    answer(store, "t2-q1", False, mode="cram")
    assert store.retake_wrong() == ["t2-q1", "t1-q2"]
    assert store.retake_wrong("t1") == ["t1-q2"]


def test_topic_progress(store, clock) -> None:
    store.mark_section_read("t1", "s1")
    store.mark_section_read("t1", "s1")
    store.mark_section_read("t1", "gone")  # a section the course no longer has does not count
    answer(store, "t1-q1", True)
    answer(store, "t1-q2", False)
    t1, t2 = store.topic_progress()
    assert (t1.sections, t1.sections_read, t1.read_fraction) == (2, 1, 0.5)
    assert (t1.questions, t1.questions_seen, t1.answers, t1.correct, t1.accuracy) == (3, 2, 2, 1, 0.5)
    # both cards were just reviewed, so recall is ~1 each, and the unseen third question counts as 0
    assert t1.mastery == pytest.approx(2 / 3, abs=0.01)
    assert (t2.sections_read, t2.accuracy, t2.mastery) == (0, None, 0.0)
    clock.advance(days=20)
    assert store.topic_progress()[0].mastery < t1.mastery  # forgetting
    times = next(store.db.query("SELECT * FROM sections_read WHERE section_id = 's1'"))
    assert times["times_read"] == 2


def test_retired_and_changed_questions(db_file: Path, clock) -> None:
    old = make_course()
    with open_store(db_file, old, clock=clock) as store:
        answer(store, "t1-q1", True)
        answer(store, "t1-q2", True)
        answer(store, "t2-q1", False)
    edited = make_question("t1-q2", "t1", stem="A reworded stem?")
    new = make_course(drop=("t1-q1",), extra_questions=(edited,))
    with open_store(db_file, new, clock=clock) as store:
        assert store.retired_questions() == ["t1-q1"]
        assert store.changed_questions() == ["t1-q2"]
        assert store.is_changed(edited) and not store.is_changed(new.question("t2-q1"))
        assert store.question_state("t1-q1").answers == 1  # history kept
        assert "t1-q1" not in store.cram_queue() + store.due_today()
        result = store.record_answer(edited, [0], duration_ms=5000, mode="practice")
        assert result.changed_since_last
        assert store.changed_questions() == []


def test_sessions_count_their_answers(store) -> None:
    session = store.start_session("practice", "t1")
    answer(store, "t1-q1", True, session_id=session)
    answer(store, "t1-q2", False, session_id=session)
    store.end_session(session)
    row = next(store.db.query("SELECT * FROM sessions"))
    assert (row["mode"], row["topic_id"], row["answered"], row["correct"]) == ("practice", "t1", 2, 1)
    assert row["ended_at"] is not None
    with pytest.raises(ValueError, match="no practice session"):
        answer(store, "t1-q1", True, session_id="nope")
    assert store.answer_count() == 2  # the refused answer was rolled back


def test_predictions_are_recorded_but_stay_out_of_question_stats(store) -> None:
    from coldstart.core.course.model import PredictQuestion

    predict = PredictQuestion(stem="What happens?", choices=("a", "b"), answer=1, explanation="")
    result = store.record_prediction("t1/s1/predict", "t1", predict, 1, duration_ms=3000)
    assert result.correct and result.rating is None
    assert store.answer_count() == 1
    assert store.question_states() == {}


def test_bad_calls_are_refused(store) -> None:
    question = store.course.question("t1-q1")
    with pytest.raises(ValueError, match="unknown answer mode"):
        store.record_answer(question, [0], duration_ms=1, mode="guess")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="out of range"):
        store.record_answer(question, [7], duration_ms=1, mode="practice")
    with pytest.raises(ValueError, match="negative"):
        store.record_answer(question, [0], duration_ms=-1, mode="practice")
    assert store.answer_count() == 0


def test_desired_retention_is_a_stored_setting(db_file: Path, course, clock) -> None:
    with open_store(db_file, course, clock=clock) as store:
        assert store.desired_retention == 0.9
        store.set_desired_retention(0.85)
        assert store.scheduler.desired_retention == 0.85
        with pytest.raises(ValueError):
            store.set_desired_retention(1.5)
    with open_store(db_file, course, clock=clock) as store:
        assert store.desired_retention == 0.85


def test_higher_retention_schedules_sooner(tmp_path: Path, course) -> None:
    dues = {}
    for retention in (0.8, 0.95):
        clock = FakeClock()
        with open_store(tmp_path / f"{retention}.db", course, clock=clock, fuzz=False) as store:
            store.set_desired_retention(retention)
            for _ in range(3):
                answer(store, "t1-q1", True)
                clock.advance(days=2)
            dues[retention] = store.card("t1-q1").due
    assert dues[0.95] < dues[0.8]


def test_queries_that_need_the_course_say_so(db_file: Path, clock) -> None:
    from coldstart.core.progress.database import StoreError

    with open_store(db_file, clock=clock) as store:
        with pytest.raises(StoreError, match="needs the course"):
            store.due_today()


def test_the_answer_is_committed_before_record_answer_returns(store, db_file: Path) -> None:
    answer(store, "t1-q1", True)
    other = sqlite3.connect(db_file)
    try:
        assert other.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    finally:
        other.close()
    assert store.db.conn.in_transaction is False


def test_the_change_stamp_moves_with_every_write_from_any_connection(store: ProgressStore, db_file: Path, course) -> None:
    stamp = store.change_stamp()
    store.question_states()  # reading changes nothing
    assert store.change_stamp() == stamp
    answer(store, "t1-q1", True)
    after_answer = store.change_stamp()
    assert after_answer != stamp
    store.mark_section_read("t1", "s1")
    assert store.change_stamp() != after_answer
    mine = store.change_stamp()
    other = sqlite3.connect(db_file)  # another program writes: data_version moves
    other.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    other.commit()
    other.close()
    assert store.change_stamp() != mine
