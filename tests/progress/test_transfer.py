"""Export, import (a merge that is idempotent and refuses bad files), and reset with a backup."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.progress.store import ProgressStore, open_store
from coldstart.core.progress.transfer import (
    TransferError,
    check_export,
    export_progress,
    import_progress,
    read_export,
    reset_progress,
    write_export,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import START, answer

TABLES = ("settings", "sections_read", "sessions", "answers", "cards", "review_logs", "question_stats")


def dump(store: ProgressStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every progress table, in a stable order (review log ids left out: they are local)."""
    tables = {}
    for table in TABLES:
        columns = [c for c in store.db[table].columns_dict if c != "id" or table != "review_logs"]
        rows = store.db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        tables[table] = sorted(rows, key=repr)
    return tables


def study(store: ProgressStore, clock: FakeClock, qids: list[str], *, day_step: float = 1) -> None:
    session = store.start_session("practice")
    for n, qid in enumerate(qids):
        answer(store, qid, n % 3 != 2, session_id=session)
        clock.advance(days=day_step)
    answer(store, qids[0], False, mode="cram")
    store.end_session(session)
    store.mark_section_read("t1", "s1")


@pytest.fixture
def laptop(tmp_path: Path, course) -> ProgressStore:
    clock = FakeClock(START)
    store = open_store(tmp_path / "laptop.db", course, clock=clock, fuzz=False)
    study(store, clock, ["t1-q1", "t1-q2", "t1-q1", "t2-q1", "t1-q1"])
    yield store
    store.close()


def fresh(tmp_path: Path, course, name: str) -> ProgressStore:
    return open_store(tmp_path / name, course, clock=FakeClock(START), fuzz=False)


def test_export_import_round_trip_rebuilds_the_same_cards(tmp_path: Path, course, laptop) -> None:
    path = tmp_path / "progress.json"
    assert write_export(laptop, course.id, path) == 6
    data = read_export(path, course.id)
    assert (data["format"], data["version"], data["course_id"]) == ("coldstart-progress", 1, course.id)
    with fresh(tmp_path, course, "desktop.db") as desktop:
        report = import_progress(desktop, data)
        assert (report.answers_added, report.answers_already_here, report.sessions_added) == (6, 0, 1)
        assert report.cards_rebuilt == 3
        assert dump(desktop) == dump(laptop)  # cards replayed from the logs equal the ones built live


def test_importing_twice_changes_nothing(tmp_path: Path, course, laptop) -> None:
    data = export_progress(laptop, course.id)
    with fresh(tmp_path, course, "desktop.db") as desktop:
        import_progress(desktop, data)
        once = dump(desktop)
        report = import_progress(desktop, data)
        assert (report.answers_added, report.answers_already_here, report.cards_rebuilt) == (0, 6, 0)
        assert dump(desktop) == once
    before = dump(laptop)
    import_progress(laptop, data)  # into the machine it came from
    assert dump(laptop) == before


def test_merging_two_machines_keeps_both_histories(tmp_path: Path, course, laptop) -> None:
    clock = FakeClock(START)
    clock.advance(hours=12)  # the desktop studied in between the laptop's days
    with open_store(tmp_path / "desktop.db", course, clock=clock, fuzz=False) as desktop:
        study(desktop, clock, ["t1-q1", "t2-q2"])
        import_progress(desktop, export_progress(laptop, course.id))
        import_progress(laptop, export_progress(desktop, course.id))
        assert desktop.answer_count() == laptop.answer_count() == 6 + 3
        assert dump(desktop) == dump(laptop)  # merged in either direction, the same result
        logs = desktop.db.execute("SELECT count(*) FROM review_logs WHERE question_id = 't1-q1'").fetchone()[0]
        assert logs == 4
        assert desktop.question_state("t1-q1").answers == 6  # including both cram answers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["t1-q1", "t1-q2", "t2-q1"]), st.booleans(), st.integers(1, 90_000),
                  st.sampled_from(["practice", "review", "cram", "exam"])),
        max_size=12,
    ),
    st.integers(0, 12),
)
def test_any_history_survives_export_and_import_unchanged(tmp_path_factory, course, answers, split) -> None:
    folder = tmp_path_factory.mktemp("h")
    clock = FakeClock(START)
    with open_store(folder / "a.db", course, clock=clock, fuzz=False) as source, \
            open_store(folder / "b.db", course, clock=FakeClock(START), fuzz=False) as target:
        for n, (qid, right, millis, mode) in enumerate(answers):
            answer(source, qid, right, seconds=millis / 1000, mode=mode)
            clock.advance(hours=5)
            if n == split:  # a partial import half-way, as if synced then studied on
                import_progress(target, export_progress(source, course.id))
        import_progress(target, export_progress(source, course.id))
        assert dump(target) == dump(source)


# --- refused files: nothing changes -----------------------------------------------------------------


def corrupt(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(data))
    target = copy
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return copy


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("format", "anki", "not a coldstart progress export"),
        ("version", 2, "newer coldstart"),
        ("version", "1", "'version' must be a whole number"),
        ("course_id", "another-course", "for the course 'another-course'"),
        ("answers", {}, "'answers' must be a list"),
        ("answers.0.correct", "yes", r"answers\[1\].correct must be true or false"),
        ("answers.0.answered_at", "yesterday", "must be a time with a timezone"),
        ("answers.0.answered_at", "2025-03-03T09:00:00", "must be a time with a timezone"),
        ("answers.0.mode", "guess", "must be one of practice"),
        ("answers.0.picked", [-1], "list of choice indexes"),
        ("answers.0.question_id", KeyError, r"answers\[1\] has no 'question_id'"),
        ("answers.0.review", {"rating": 9, "review_datetime": "2025-03-03T09:00:00+00:00", "review_duration": 1},
         "rating from 1 to 4"),
        ("answers.0.session_id", "unknown-session", "names a session that is not in the file"),
        ("sessions.0.answered", -3, "must be a count"),
        ("sections_read.0", "s1", "must be an object"),
        ("settings", [], "'settings' must be an object"),
    ],
)
def test_bad_files_are_refused_with_the_reason_and_nothing_changes(
    tmp_path: Path, course, laptop, path: str, value: Any, reason: str
) -> None:
    bad = corrupt(export_progress(laptop, course.id), path, value)
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(bad))
    with fresh(tmp_path, course, "target.db") as target:
        answer(target, "t2-q3", True)
        before = dump(target)
        with pytest.raises(TransferError, match=reason):
            import_progress(target, read_export(file, course.id))
        assert dump(target) == before


def test_duplicate_ids_and_unreadable_files_are_refused(tmp_path: Path, course, laptop) -> None:
    data = export_progress(laptop, course.id)
    data["answers"].append(data["answers"][0])
    with pytest.raises(TransferError, match="same id appears twice"):
        check_export(data, course.id)
    with pytest.raises(TransferError, match="no such file"):
        read_export(tmp_path / "missing.json", course.id)
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(TransferError, match="is not JSON"):
        read_export(tmp_path / "broken.json", course.id)
    with pytest.raises(TransferError, match="not a coldstart progress export"):
        check_export([1, 2], course.id)


# --- reset -------------------------------------------------------------------------------------------


def test_reset_everything_keeps_a_backup_and_the_settings(laptop, course) -> None:
    laptop.set_desired_retention(0.85)
    before = dump(laptop)
    report = reset_progress(laptop)
    assert report.answers_deleted == 6 and report.sections_deleted == 1
    assert report.backup.parent == laptop.path.parent
    assert report.backup.name == "laptop.backup-20250308T090000Z.db"
    after = dump(laptop)
    assert all(after[t] == [] for t in TABLES if t != "settings")
    assert laptop.desired_retention == 0.85
    with open_store(report.backup, course) as backup:  # the backup is a complete, openable database
        assert dump(backup) == before
    assert reset_progress(laptop).backup.name == "laptop.backup-20250308T090000Z-2.db"


def test_reset_one_topic_leaves_the_others(laptop, course) -> None:
    t2_answers = dump(laptop)["answers"]
    report = reset_progress(laptop, "t1")
    assert report.answers_deleted == 5 and report.sections_deleted == 1
    assert set(laptop.question_states()) == {"t2-q1"}
    assert [row[0] for row in laptop.db.execute("SELECT question_id FROM cards")] == ["t2-q1"]
    assert laptop.db.execute("SELECT count(*) FROM review_logs").fetchone()[0] == 1
    session = next(laptop.db.query("SELECT * FROM sessions"))
    assert (session["answered"], session["correct"]) == (1, 1)  # recounted
    assert len(dump(laptop)["answers"]) == 1 and len(t2_answers) == 6
    assert dump(laptop)["sections_read"] == []


def test_a_failed_backup_means_nothing_is_deleted(laptop, monkeypatch) -> None:
    from coldstart.core.progress import transfer

    def fail(store: ProgressStore) -> Path:
        raise transfer.StoreError("cannot back up the progress database: disk is full")

    monkeypatch.setattr(transfer, "backup", fail)
    with pytest.raises(transfer.StoreError):
        reset_progress(laptop)
    assert laptop.answer_count() == 6


def test_the_backup_holds_answers_still_in_the_wal(laptop, course) -> None:
    assert laptop.path.with_name("laptop.db-wal").stat().st_size > 0  # the store is open: answers sit in the WAL
    copy = reset_progress(laptop).backup
    raw = sqlite3.connect(copy)
    try:
        assert raw.execute("SELECT count(*) FROM answers").fetchone()[0] == 6
    finally:
        raw.close()


# --- hostile files: every value checked for type, range and size before anything is written ----------


def with_report(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    report = {"id": "r1", "question_id": "t1-q1", "content_hash": "abc", "reason": "typo", "note": "",
              "learner": "someone", "created_at": "2025-03-03T09:00:00+00:00"}
    return {**data, "reports": [{**report, **changes}]}


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("answers.0.duration_ms", 10**30, r"answers\[1\].duration_ms must be milliseconds up to"),
        ("answers.0.picked", [2**63], "list of choice indexes"),
        ("sections_read.0.times_read", 2**63, r"sections_read\[1\].times_read must be a count up to"),
        ("sessions.0.answered", 10**19, "must be a count up to"),
        ("answers.0.answered_at", "0001-01-01T00:00:00+05:00", "a time with a timezone between 2000 and 2200"),
        ("answers.0.answered_at", "9999-12-31T23:59:59+00:00", "a time with a timezone between 2000 and 2200"),
        ("answers.0.review", {"rating": 3, "review_datetime": "9999-01-01T00:00:00+00:00", "review_duration": 1},
         r"answers\[1\].review.review_datetime must be a time"),
        ("answers.0.question_id", "q" * 1_000_000, r"must be a question id, not 'qqq.*….*qqq' \(1,000,000 characters\)$"),
        ("settings", {"desired_retention": "abc"}, "settings.desired_retention must be a number from 0.7 to 0.99, not 'abc'"),
        ("settings", {"desired_retention": 5}, "settings.desired_retention must be a number from 0.7 to 0.99, not 5"),
        ("settings", {"theme": [[["deep"]]]}, "settings.theme must be the name of a theme"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_values_out_of_range_or_size_are_refused_before_anything_is_written(
    tmp_path: Path, course, laptop, path: str, value: Any, reason: str
) -> None:
    bad = corrupt(export_progress(laptop, course.id), path, value)
    with fresh(tmp_path, course, "target.db") as target:
        before = dump(target)
        with pytest.raises(TransferError, match=reason):
            check_export(bad, course.id)
        assert dump(target) == before


def test_a_report_note_longer_than_the_app_allows_is_refused(course, laptop) -> None:
    from coldstart.core.progress.reports import MAX_NOTE

    data = export_progress(laptop, course.id)
    check_export(with_report(data, note="n" * MAX_NOTE), course.id)
    with pytest.raises(TransferError, match=r"reports\[1\].note must be text of at most 2,000 characters"):
        check_export(with_report(data, note="n" * (MAX_NOTE + 1)), course.id)


def test_times_after_now_are_refused_when_the_clock_is_given(course, laptop) -> None:
    data = export_progress(laptop, course.id)
    check_export(data, course.id, now=START + timedelta(days=30))
    with pytest.raises(TransferError, match=r"sections_read\[1\].first_read_at is in the future \(2025-03-08T09:00:00.000000\+00:00\); check that machine.s clock"):
        check_export(data, course.id, now=START + timedelta(days=2))


def test_deep_nesting_and_files_that_are_not_exports_are_refused(tmp_path: Path, course, monkeypatch) -> None:
    from coldstart.core.progress import transfer

    nested = tmp_path / "nested.json"
    nested.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(TransferError, match="nested too deeply"):
        read_export(nested, course.id)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    with pytest.raises(TransferError, match="is not a regular file"):
        read_export(zero, course.id)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with pytest.raises(TransferError, match="is not a regular file"):
        read_export(pipe, course.id)  # refused at once, not waiting for a writer
    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "coldstart-progress", "padding": "x" * 1000}))
    with pytest.raises(TransferError, match="larger than 1,000 bytes"):
        read_export(big, course.id)


def test_unknown_settings_are_not_imported(tmp_path: Path, course, laptop) -> None:
    data = export_progress(laptop, course.id)
    data["settings"] = {"desired_retention": 0.85, "from-a-newer-version": {"anything": [1, 2]}}
    with fresh(tmp_path, course, "target.db") as target:
        import_progress(target, data)
        assert target.desired_retention == 0.85
        assert target.setting("from-a-newer-version") is None


def test_an_imported_setting_replaces_only_an_unusable_one(tmp_path: Path, course, laptop) -> None:
    data = export_progress(laptop, course.id)
    data["settings"] = {"desired_retention": 0.85, "theme": "nord"}
    with fresh(tmp_path, course, "target.db") as target:
        target.set_setting("theme", "gruvbox")
        target.db.execute("INSERT INTO settings (key, value) VALUES ('desired_retention', '\"abc\"')")
        target.db.conn.commit()
        import_progress(target, data)
        assert (target.desired_retention, target.setting("theme")) == (0.85, "gruvbox")


def test_a_bad_setting_already_stored_falls_back_to_the_default_and_says_so(laptop, course) -> None:
    from coldstart.core.progress import dashboard

    laptop.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('desired_retention', ?)", [json.dumps("abc")])
    laptop.db.conn.commit()
    assert laptop.desired_retention == 0.9
    assert laptop.unusable_settings() == {
        "desired_retention": "desired_retention must be a number from 0.7 to 0.99, not 'abc'"
    }
    dashboard(course, laptop)  # stats work
    answer(laptop, "t1-q2", True)  # and so does practice, which schedules with it
    report = reset_progress(laptop)
    assert report.settings_cleared == ("desired_retention",)
    assert laptop.unusable_settings() == {} and laptop.setting("desired_retention") is None


def test_a_backup_that_fails_half_way_leaves_no_file_and_nothing_is_reset(laptop) -> None:
    """A full disk, made with a file size limit in a child process: the half-written copy is removed."""
    import subprocess
    import sys
    import textwrap

    path = laptop.path
    laptop.close()
    child = textwrap.dedent(
        """
        import resource, signal, sys
        from coldstart.core.progress.database import StoreError
        from coldstart.core.progress.store import open_store
        from coldstart.core.progress.transfer import reset_progress

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
        store = open_store(sys.argv[1])
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, resource.RLIM_INFINITY))
        try:
            reset_progress(store)
        except StoreError as error:
            print(error)
            sys.exit(3)
        """
    )
    run = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, run.stderr
    assert sorted(p.name for p in path.parent.iterdir() if "backup" in p.name) == []
    assert "cannot back up the progress database" in run.stdout and "nothing was reset" in run.stdout
    with open_store(path) as store:
        assert store.answer_count() == 6
