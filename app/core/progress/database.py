"""Opening the progress database safely: check first, then connect, then migrate.

A learner's progress file is precious, so nothing is written to an existing file until it has been opened
read-only and found to be (a) an SQLite file, (b) undamaged (`PRAGMA quick_check`) and (c) not written by
a newer coldstart. Only then is it opened for writing, switched to WAL and migrated. A file that fails a
check is left byte-for-byte as it was and the caller gets a `StoreError` saying why.

Schema versions are sqlite-utils `Migrations` sets, recorded in the `_sqlite_migrations` table. Several
subsystems share the one file, each with its own set ("coldstart" for progress, "coldstart-exam" for the
exam engine, ...). A set is applied when it is listed in `MIGRATION_SETS` below (the place for core
subsystems: add one line) or passed to `open_database(..., extra_migrations=...)` (for tools and tests).
The newer-version check only looks at sets it has been given: a database that also carries tables of a
subsystem this process does not load opens fine.
"""

from __future__ import annotations

import errno
import importlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "MEMORY",
    "MIGRATION_SETS",
    "StoreError",
    "check_database_file",
    "connect_reader",
    "migration_sets",
    "open_database",
    "snapshot",
    "transaction",
]

# "module:attribute" of every Migrations set that open_database applies. Imported lazily so that opening
# the store does not import every subsystem; a module that does not exist (yet) is skipped. All sets are
# applied inside one transaction, so their migrations must be transactional (no VACUUM).
MIGRATION_SETS: list[str] = [
    ".schema:MIGRATIONS",
    "..exam.store:MIGRATIONS",
]

# How long a write waits for another coldstart process holding the write lock before giving up.
BUSY_TIMEOUT_SECONDS = 5.0

SQLITE_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"


class StoreError(Exception):
    """The progress database cannot be used; the message says why in one line, for the learner."""


def migration_sets(extra: Iterable[Migrations] = ()) -> list[Migrations]:
    """The sets listed in MIGRATION_SETS (those whose module exists) followed by `extra`."""
    found: list[Migrations] = []
    for reference in MIGRATION_SETS:
        module_name, _, attribute = reference.partition(":")
        try:
            module = importlib.import_module(module_name, __package__)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        found.append(getattr(module, attribute))
    for migrations in extra:
        if all(m.name != migrations.name for m in found):
            found.append(migrations)
    return found


def _known_names(migrations: Migrations) -> set[str]:
    # `pending` against an empty in-memory database lists every registered migration through public API.
    with Database(memory=True, execute_plugins=False) as empty:
        return {m.name for m in migrations.pending(empty)}


def check_database_file(path: Path, sets: Iterable[Migrations]) -> None:
    """Raise StoreError unless `path` is an undamaged coldstart SQLite file that no newer coldstart has migrated.

    Reads only: the header bytes, then a `mode=ro` connection. A missing or empty file passes (SQLite
    treats an empty file as an empty database).
    """
    try:
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a progress database file")
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the progress database {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a coldstart progress database (it is not an SQLite file); nothing was changed")

    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise StoreError(f"the progress database {path} is damaged ({verdict}); nothing was changed")
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied: set[tuple[str, str]] = set()
            if "_sqlite_migrations" in tables:
                applied = {(s, n) for s, n in connection.execute("SELECT migration_set, name FROM _sqlite_migrations")}
        finally:
            connection.close()
    except sqlite3.OperationalError as error:  # could not open or read it: permissions, locks, I/O
        raise StoreError(f"cannot open the progress database {path}: {describe_sqlite_error(error)}") from None
    except sqlite3.DatabaseError as error:  # "file is not a database", "database disk image is malformed"
        raise StoreError(
            f"the progress database {path} is damaged or not a coldstart database ({error}); nothing was changed"
        ) from None

    # Some other program's database (an Anki collection, say): coldstart's tables do not belong in it.
    ours = any(set_name == "coldstart" or set_name.startswith("coldstart-") for set_name, _ in applied)
    if tables and not ours:
        raise StoreError(
            f"{path} is not a coldstart progress database (it is another program's SQLite database); nothing was changed"
        )
    for migrations in sets:
        known = _known_names(migrations)
        unknown = sorted(name for set_name, name in applied if set_name == migrations.name and name not in known)
        if unknown:
            raise StoreError(
                f"the progress database {path} was written by a newer coldstart "
                f"(unknown '{migrations.name}' schema version {', '.join(unknown)}); "
                "update coldstart to open it. Nothing was changed"
            )


def open_database(
    path: str | Path, *, extra_migrations: Iterable[Migrations] = (), handed_over: bool = False
) -> Database:
    """Check `path`, then open it for writing: WAL, foreign keys, busy timeout, every migration set applied.

    Creates the parent directory and the file when missing; `":memory:"` opens a throwaway database in
    memory (what `coldstart stats` reads before any progress exists). Raises StoreError for anything the learner
    must fix (a damaged or foreign file, a newer schema, a read-only directory, a full disk).

    `handed_over=True` lets another thread than the opening one use the connection: the app checks and opens
    a large file in a worker thread and then uses it from the UI thread only. It must never be used from two
    threads at once; a thread that reads alongside opens its own connection (`connect_reader`).
    """
    sets = migration_sets(extra_migrations)
    in_memory = str(path) == MEMORY
    path = Path(path).expanduser()
    if not in_memory:
        check_database_file(path, sets)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {path.parent} for the progress database: {_reason(error)}") from None

    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=not handed_over)
        db = Database(connection, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        _enable_wal(db)
        # In WAL mode NORMAL never corrupts and keeps every commit through a crash or a kill of coldstart;
        # only a power cut or OS crash can drop the last commits. FULL would fsync on every answer, and
        # on a busy disk one fsync can stall the app for seconds (seen in bench/bench_progress.py).
        db.execute("PRAGMA synchronous = NORMAL")
        # One IMMEDIATE transaction around every set: two coldstarts starting on a new file at the same
        # moment take turns instead of both creating the tables (Migrations nests its own in savepoints).
        with transaction(db):
            for migrations in sets:
                migrations.apply(db)
    except StoreError:  # from the migration transaction: already says what went wrong
        if connection is not None:
            connection.close()
        raise
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        raise StoreError(f"cannot open the progress database {path}: {describe_sqlite_error(error)}") from None
    return db


def connect_reader(path: Path) -> Database:
    """A read-only connection to a progress database that `open_database` has already checked and migrated.

    For a thread that reads while another thread owns the writing connection (an SQLite connection belongs
    to the thread that opened it): WAL lets it read alongside the writer, and `query_only` makes any write
    through it an error instead of a second writer.
    """
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        connection.execute("PRAGMA query_only = ON")
    except sqlite3.Error as error:
        raise StoreError(f"cannot read the progress database {path}: {describe_sqlite_error(error)}") from None
    return Database(connection, execute_plugins=False)


def _enable_wal(db: Database) -> None:
    """Switch to WAL, waiting out another coldstart doing the same on a new file.

    Changing the journal mode needs the file to itself, and SQLite answers "database is locked" at once
    instead of using the busy timeout, so two coldstarts opening a brand-new file together would fail about
    one time in thirty without this short, bounded retry.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def describe_sqlite_error(error: sqlite3.Error) -> str:
    """A learner-facing reason for an SQLite failure (full disk, read-only folder, locked, ...)."""
    text = str(error)
    lowered = text.lower()
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"{text} (is the disk full?)"
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return f"{text} (is the folder read-only or missing?)"
    if "locked" in lowered or "busy" in lowered:
        return f"{text} (another coldstart is writing to it; try again)"
    return text


def _reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the location is read-only)"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error)


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """A read transaction: every query inside sees the database as it was at the first one.

    Another process may write meanwhile (WAL lets it); what is read here stays consistent, e.g. an export
    never holds an answer without its review log.
    """
    if db.conn.in_transaction:  # already inside one: that transaction is the snapshot
        yield db
        return
    db.conn.execute("BEGIN DEFERRED")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction, taken with BEGIN IMMEDIATE, committed on success and rolled back on error.

    IMMEDIATE takes the write lock up front, so a second coldstart process waits for the busy timeout
    instead of failing half-way when a read inside a deferred transaction must be upgraded to a write.
    SQLite failures (full disk, read-only file, lock timeout) become StoreError; nothing is half-written.

    Inside another transaction on the same connection it becomes a savepoint of that one, so a caller can
    make several writers' steps one atomic whole (an exam's submission and the answers it feeds to the
    review schedule commit together or not at all).
    """
    connection = db.conn
    if connection.in_transaction:
        with _savepoint(db):
            yield db
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(f"cannot write to the progress database: {describe_sqlite_error(error)}") from None
    try:
        yield db
        connection.execute("COMMIT")
    except BaseException as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"cannot write to the progress database: {describe_sqlite_error(error)}") from None
        raise


@contextmanager
def _savepoint(db: Database) -> Iterator[None]:
    """A nested part of the open transaction (sqlite-utils' savepoints), with SQLite failures as StoreError."""
    try:
        with db.atomic():
            yield
    except sqlite3.Error as error:
        raise StoreError(f"cannot write to the progress database: {describe_sqlite_error(error)}") from None
