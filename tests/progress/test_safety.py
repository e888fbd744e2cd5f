"""The learner's file is never damaged: bad files are left alone, writes are all or nothing, crashes lose nothing."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.core.progress.database import StoreError
from coldstart.core.progress.store import open_store
from sqlite_utils import Database, Migrations

from .conftest import START, answer

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def filled(db_file: Path, course, clock) -> Path:
    """A real progress database with a few answers, closed (so the WAL is checkpointed into the file)."""
    with open_store(db_file, course, clock=clock, fuzz=False) as store:
        for qid in ("t1-q1", "t1-q2", "t2-q1"):
            answer(store, qid, True)
    assert not db_file.with_name(db_file.name + "-wal").exists()
    return db_file


def refuses_unchanged(path: Path, course, match: str) -> str:
    before = files_in(path.parent)
    with pytest.raises(StoreError, match=match) as raised:
        open_store(path, course, clock=FakeClock(START))
    assert path.read_bytes() == before[path.name], "the file was modified"
    assert "Traceback" not in str(raised.value) and "\n" not in str(raised.value)
    return str(raised.value)


def test_a_file_that_is_not_sqlite_is_left_alone(tmp_path: Path, course) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    message = refuses_unchanged(path, course, "not an SQLite file")
    assert str(path) in message
    assert files_in(tmp_path).keys() == {"notes.db"}  # no -wal / -shm either


def test_a_damaged_file_is_left_alone(filled: Path, course) -> None:
    data = bytearray(filled.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) >= 3 * page_size
    data[page_size : page_size + 200] = b"\xde\xad\xbe\xef" * 50  # scribble over the second page
    filled.write_bytes(bytes(data))
    refuses_unchanged(filled, course, "damaged")


def test_a_truncated_file_is_left_alone(filled: Path, course) -> None:
    data = filled.read_bytes()
    filled.write_bytes(data[: len(data) // 3])
    refuses_unchanged(filled, course, "damaged")


def test_a_database_from_a_newer_coldstart_is_left_alone(filled: Path, course) -> None:
    raw = sqlite3.connect(filled)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('coldstart', '0099_from_the_future', 'x')"
    )
    raw.commit()
    raw.close()
    message = refuses_unchanged(filled, course, "newer coldstart")
    assert "0099_from_the_future" in message


def test_another_programs_sqlite_database_is_left_alone(tmp_path: Path, course) -> None:
    path = tmp_path / "collection.anki2"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")
    raw.execute("INSERT INTO notes (flds) VALUES ('front\x1fback')")
    raw.commit()
    raw.close()
    refuses_unchanged(path, course, "another program's SQLite database")


def test_sets_this_version_does_not_know_are_ignored(filled: Path, course) -> None:
    raw = sqlite3.connect(filled)
    raw.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('coldstart-plugin', '0042', 'x')")
    raw.commit()
    raw.close()
    with open_store(filled, course) as store:
        assert store.answer_count() == 3


def test_another_subsystem_can_add_its_own_migration_set(db_file: Path, course) -> None:
    notes = Migrations("coldstart-notes")

    @notes()
    def create_notes(db: Database) -> None:
        db.table("notes").create({"id": int, "text": str}, pk="id")

    with open_store(db_file, course, extra_migrations=[notes]) as store:
        assert "notes" in store.db.table_names()
    with open_store(db_file, course) as store:  # a process that does not load that subsystem still opens it
        assert store.answer_count() == 0

    @notes()
    def add_colour(db: Database) -> None:
        db.execute("ALTER TABLE notes ADD COLUMN colour TEXT")

    older = Migrations("coldstart-notes")
    older()(create_notes)
    with open_store(db_file, course, extra_migrations=[notes]):
        pass
    with pytest.raises(StoreError, match=r"newer coldstart.*coldstart-notes.*add_colour"):
        open_store(db_file, course, extra_migrations=[older])


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path, course) -> None:
    (tmp_path / "p.db").mkdir()
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path / "p.db", course)


# --- a read-only folder: run the check as an unprivileged user, since root may write anywhere ---------

READ_ONLY_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from conftest import make_course
from coldstart.core.progress.database import StoreError
from coldstart.core.progress.store import open_store
for path in sys.argv[1:]:
    try:
        open_store(path, make_course())
    except StoreError as error:
        print("StoreError:", error)
    else:
        print("opened", path)
"""


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="coldstart-ro-"))
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


def _as_nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


def unprivileged_command() -> tuple[list[str], dict[str, str], object]:
    """A Python command line, environment and preexec hook that do not bypass file permissions.

    Root writes anywhere, so as root the script runs as 'nobody', with an interpreter nobody may run
    (the venv's may live under /root) and the venv's packages on PYTHONPATH. Skips when there is none.
    """
    paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
    if os.geteuid() != 0:
        return [sys.executable], env, None
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, shutil.which(version), f"/usr/bin/{version}"):
        if not candidate or not os.path.exists(candidate):
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import sqlite_utils, fsrs, coldstart.core.progress"],
                env=env, cwd="/", preexec_fn=_as_nobody, capture_output=True, timeout=120, check=False,
            )
        except OSError:  # nobody may not run it
            continue
        if probe.returncode == 0:
            return [candidate], env, _as_nobody
    pytest.skip("running as root and no Python that an unprivileged user may run")


def run_unprivileged(*paths: Path) -> list[str]:
    """Run READ_ONLY_SCRIPT on `paths` without the power to ignore file permissions."""
    command, env, demote = unprivileged_command()
    result = subprocess.run(
        [*command, "-c", READ_ONLY_SCRIPT.format(tests=str(HERE)), *map(str, paths)],
        capture_output=True, text=True, cwd="/", preexec_fn=demote, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_read_only_folder_is_a_clear_error_and_nothing_is_touched(read_only_folder: Path, course) -> None:
    existing = read_only_folder / "existing.db"
    with open_store(existing, course, clock=FakeClock(START), fuzz=False) as store:
        answer(store, "t1-q1", True)
    before = files_in(read_only_folder)
    read_only_folder.chmod(0o555)
    lines = run_unprivileged(read_only_folder / "new.db", existing, read_only_folder / "sub" / "new.db")
    assert len(lines) == 3, lines
    assert all(line.startswith("StoreError:") for line in lines), lines
    assert "read-only" in lines[0] and "read-only" in lines[1]
    assert "cannot create the folder" in lines[2]
    assert files_in(read_only_folder) == before


# --- a full disk -------------------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_error_and_no_answer_is_half_written(store) -> None:
    answer(store, "t1-q1", True)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now reports SQLITE_FULL, as a full disk does
    given = 1
    with pytest.raises(StoreError, match="full"):
        for n in range(5000):
            answer(store, f"t{1 + n % 2}-q{1 + n % 3}", n % 2 == 0)
            given += 1
    assert not store.db.conn.in_transaction
    counts = {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("answers", "review_logs")}
    assert counts == {"answers": given, "review_logs": given}
    assert sum(s.answers for s in store.question_states().values()) == given


# --- two writers and a crash -------------------------------------------------------------------------


def test_two_connections_both_keep_every_answer(db_file: Path, course) -> None:
    first = open_store(db_file, course, clock=FakeClock(START), fuzz=False)
    second = open_store(db_file, course, clock=FakeClock(START), fuzz=False)
    try:
        ids = []
        for n in range(20):
            writer = first if n % 2 else second
            ids.append(answer(writer, "t1-q1", n % 3 == 0).answer_id)
        for reader in (first, second):
            assert {row["id"] for row in reader.db.query("SELECT id FROM answers")} == set(ids)
            assert reader.question_state("t1-q1").answers == 20
        # the card saw every review, whichever connection made it
        assert first.db.execute("SELECT count(*) FROM review_logs").fetchone()[0] == 20
    finally:
        first.close()
        second.close()


def test_two_writers_at_the_same_time_both_keep_every_answer(db_file: Path, course) -> None:
    open_store(db_file, course).close()
    start = threading.Barrier(2)
    written: list[list[str]] = [[], []]
    errors: list[BaseException] = []

    def write(slot: int) -> None:
        try:
            with open_store(db_file, course, clock=FakeClock(START), fuzz=False) as store:
                start.wait()
                for n in range(60):
                    written[slot].append(answer(store, f"t{slot + 1}-q{1 + n % 3}", n % 2 == 0).answer_id)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(db_file, course) as store:
        stored = {row["id"] for row in store.db.query("SELECT id FROM answers")}
        assert stored == set(written[0]) | set(written[1]) and len(stored) == 120


def test_killing_the_process_loses_no_committed_answer(db_file: Path, course) -> None:
    wanted = 25
    child = subprocess.Popen(
        [sys.executable, str(HERE / "answer_child.py"), str(db_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    committed = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            committed.append(line.strip())
            if len(committed) == wanted:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.kill()
        child.wait(timeout=60)
    assert len(committed) == wanted, child.stderr.read() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL
    with open_store(db_file, course) as store:  # opens: the file passed the integrity check
        stored = {row["id"] for row in store.db.query("SELECT id FROM answers")}
        assert set(committed) <= stored
        logs = store.db.execute("SELECT count(*) FROM review_logs").fetchone()[0]
        assert logs == len(stored)  # every stored answer has its review log: no half-written answer


def test_two_coldstarts_creating_the_same_new_file_at_once_both_open_it(tmp_path: Path, course) -> None:
    for attempt in range(5):
        path = tmp_path / f"new{attempt}.db"
        start = threading.Barrier(3)
        outcomes: list[object] = []

        def first_start(path: Path = path, start: threading.Barrier = start, outcomes: list[object] = outcomes) -> None:
            start.wait()
            try:
                with open_store(path, course) as store:
                    outcomes.append(store.answer_count())
            except BaseException as error:  # pragma: no cover - reported below
                outcomes.append(error)

        threads = [threading.Thread(target=first_start) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes == [0, 0, 0]


def test_a_snapshot_reads_one_state_while_another_connection_writes(db_file: Path, course) -> None:
    from coldstart.core.progress.database import snapshot

    reader = open_store(db_file, course, clock=FakeClock(START))
    writer = open_store(db_file, course, clock=FakeClock(START))
    try:
        answer(writer, "t1-q1", True)
        with snapshot(reader.db):
            assert reader.answer_count() == 1
            answer(writer, "t1-q2", True)  # the writer is not blocked
            assert reader.answer_count() == 1
        assert reader.answer_count() == 2
    finally:
        reader.close()
        writer.close()


# --- a migration on an existing file: the answers added up for statistics (schema 0005) ---------------------------


def as_before_the_answer_groups(path: Path) -> None:
    """Make `path` the file a coldstart before the 0005 migration wrote: the 0004 index, no groups, no record."""
    from coldstart.core.progress.schema import ANSWERS_FOR_STATISTICS

    raw = sqlite3.connect(path)
    for trigger in ("answer_groups_on_insert", "answer_groups_on_delete", "answer_groups_on_update"):
        raw.execute(f"DROP TRIGGER {trigger}")
    raw.execute("DROP TABLE answer_groups")
    raw.execute(ANSWERS_FOR_STATISTICS)
    raw.execute("DELETE FROM _sqlite_migrations WHERE migration_set = 'coldstart' AND name = '0005_answer_groups'")
    raw.commit()
    raw.close()


def test_an_older_database_gains_the_answer_groups_and_keeps_every_answer(filled: Path, course) -> None:
    from coldstart.core.progress.question_stats import question_statistics

    as_before_the_answer_groups(filled)
    with open_store(filled, course, clock=FakeClock(START)) as store:
        applied = {row[0] for row in store.db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'coldstart'")}
        assert "0005_answer_groups" in applied
        assert store.answer_count() == 3
        assert store.db.execute("SELECT sum(answers) FROM answer_groups").fetchone()[0] == 3  # built from the answers
        indexes = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "answers_for_statistics" not in indexes  # nothing reads it any more
        assert question_statistics(course, store.db).answers == 3
        answer(store, "t1-q2", False)  # kept current from now on
        assert question_statistics(course, store.db).answers == 4


def test_a_damaged_older_database_is_left_alone_rather_than_migrated(filled: Path, course) -> None:
    as_before_the_answer_groups(filled)
    data = bytearray(filled.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size : page_size + 200] = b"\xde\xad\xbe\xef" * 50
    filled.write_bytes(bytes(data))
    refuses_unchanged(filled, course, "damaged")
