"""Moving progress between machines and starting over: export, import (merge) and reset.

The export is one JSON document:

    {"format": "coldstart-progress", "version": 1, "course_id": "...", "exported_at": "...",
     "settings": {...}, "sections_read": [...], "sessions": [...],
     "answers": [{..., "review": {"rating": 3, "review_datetime": "...", "review_duration": 4200} | null}],
     "reports": [{"id": "...", "question_id": "...", "reason": "unclear", "note": "...", ...}]}

Each answer carries its uuid, the id of the learner who gave it (`learner`: each database has its own, so
the merged exports of a class keep learners apart; files from before it existed lack it, and their
answers are taken as the importing database's learner) and, when it moved the schedule, its FSRS review log.
`reports` (questions the learner reported) is optional too, so files without it still import; reports merge
by their uuid like answers, and so reach the instructor who merges a class's exports. Cards are not exported:
an import replays the review logs of every question that gained answers (`scheduling.replay`), so
the result does not depend on the order machines were merged in. Importing is a merge keyed by those
uuids: answers already present are skipped, so importing a file twice changes nothing.

A file is checked completely before anything is written; a malformed file, another format, a newer
version or another course is refused with the reason and the database is left as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeGuard

from ..clock import utc
from ..files import staged_file, write_atomic
from ..quoting import quoted
from .database import StoreError, describe_sqlite_error, snapshot, transaction
from .reports import MAX_NOTE
from .scheduling import card_id_for, iso
from .schema import MODES, REPORT_REASONS, learner_id, rebuild_question_stats
from .store import KNOWN_SETTINGS, ProgressStore, check_setting

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ImportReport",
    "ResetReport",
    "TransferError",
    "backup",
    "export_progress",
    "import_progress",
    "read_export",
    "reset_progress",
    "write_export",
]

EXPORT_FORMAT = "coldstart-progress"
EXPORT_VERSION = 1


class TransferError(StoreError):
    """An export file that cannot be imported; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class ImportReport:
    """What an import added (everything else in the file was already here)."""

    answers_added: int
    answers_already_here: int
    sections_added: int
    sessions_added: int
    cards_rebuilt: int


@dataclass(frozen=True)
class ResetReport:
    """What a reset removed, and where the backup taken just before it is."""

    backup: Path
    topic_id: str | None
    answers_deleted: int
    sections_deleted: int
    settings_cleared: tuple[str, ...] = ()  # stored settings that were not usable


# --- export ------------------------------------------------------------------------------------------


def export_progress(store: ProgressStore, course_id: str) -> dict[str, Any]:
    """Everything the learner did, as a JSON-ready dict (see the module docstring)."""
    with snapshot(store.db) as db:
        reviews = {row["answer_id"]: row for row in db.query("SELECT * FROM review_logs")}
        answers = []
        for row in db.query("SELECT * FROM answers ORDER BY answered_at, rowid"):
            review = reviews.get(row["id"])
            answers.append(
                {
                    **row,
                    "picked": json.loads(row["picked"]),
                    "correct": bool(row["correct"]),
                    "review": None
                    if review is None
                    else {k: review[k] for k in ("rating", "review_datetime", "review_duration")},
                }
            )
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "course_id": course_id,
            "exported_at": iso(store.now()),
            "settings": {row["key"]: json.loads(row["value"]) for row in db.query("SELECT * FROM settings")},
            "sections_read": list(db.query("SELECT * FROM sections_read ORDER BY topic_id, section_id")),
            "sessions": list(db.query("SELECT * FROM sessions ORDER BY started_at, id")),
            "answers": answers,
            "reports": list(db.query("SELECT * FROM reports ORDER BY created_at, id")),
        }


def write_export(store: ProgressStore, course_id: str, path: str | Path) -> int:
    """Write the export to `path` atomically (see `files.staged_file`); returns the number of answers written."""
    target = Path(path)
    data = export_progress(store, course_id)
    try:
        write_atomic(target, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    except OSError as error:
        raise TransferError(f"cannot write {target}: {error.strerror or error}") from None
    return len(data["answers"])


# --- checking an import file -------------------------------------------------------------------------
#
# Every value is checked for its type, its range and its size before anything is written: a value the
# database or the scheduler cannot hold (a duration of 10^30 ms, a count of 2^63, a time in year 1 or 9999,
# a 200 MB note) would otherwise be written and break statistics and practice later, for good.

MAX_FILE_BYTES = 64_000_000  # years of a whole class's answers fit many times over
MAX_ID = 200  # characters of an id, a hash or a topic
MAX_COUNT = 10_000_000  # sessions' answer counts, times a section was read
MAX_DURATION_MS = 7 * 24 * 3_600_000  # an answer that took longer than a week is a broken clock
MAX_CHOICE = 25  # choices are lettered A to Z
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)  # leaves a century of review intervals before datetime's year 9999
CLOCK_SKEW = timedelta(days=1)  # how far ahead of this machine another machine's clock may be


def _is_time(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        moment = datetime.fromisoformat(value)
        return moment.tzinfo is not None and EARLIEST <= moment < LATEST
    except (ValueError, OverflowError):  # OverflowError: year 1 with an offset east of UTC
        return False


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object, limit: int = MAX_ID) -> bool:
    return isinstance(value, str) and value != "" and len(value) <= limit


def _optional(check: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda value: value is None or check(value)


def _count(value: object, limit: int = MAX_COUNT) -> bool:
    return _is_int(value) and 0 <= value <= limit


def _milliseconds(value: object) -> bool:
    return _count(value, MAX_DURATION_MS)


def _picked(value: object) -> bool:
    return isinstance(value, list) and len(value) <= MAX_CHOICE + 1 and all(_count(i, MAX_CHOICE) for i in value)


TIME = (_is_time, "a time with a timezone between 2000 and 2200")
OPTIONAL_TIME = (_optional(_is_time), "a time with a timezone between 2000 and 2200, or null")

# field -> (check, what it must be). Every field is required; optional ones may be null.
SECTION_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "topic_id": (_text, "a topic id"),
    "section_id": (_text, "a section id"),
    "first_read_at": TIME,
    "last_read_at": TIME,
    "times_read": (_count, f"a count up to {MAX_COUNT:,}"),
}
SESSION_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (_text, "an id"),
    "mode": (lambda v: v in MODES, f"one of {', '.join(MODES)}"),
    "topic_id": (_optional(_text), "a topic id or null"),
    "started_at": TIME,
    "ended_at": OPTIONAL_TIME,
    "answered": (_count, f"a count up to {MAX_COUNT:,}"),
    "correct": (_count, f"a count up to {MAX_COUNT:,}"),
}
ANSWER_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (_text, "an id"),
    "question_id": (_text, "a question id"),
    "content_hash": (_text, "a content hash"),
    "topic_id": (_text, "a topic id"),
    "picked": (_picked, f"a list of choice indexes from 0 to {MAX_CHOICE}"),
    "correct": (lambda v: isinstance(v, bool), "true or false"),
    "duration_ms": (_optional(_milliseconds), f"milliseconds up to {MAX_DURATION_MS:,} (a week), or null"),
    "mode": (lambda v: v in MODES, f"one of {', '.join(MODES)}"),
    "answered_at": TIME,
    "session_id": (_optional(_text), "a session id or null"),
    "review": (lambda v: v is None or isinstance(v, dict), "a review log or null"),
}
REVIEW_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "rating": (lambda v: _is_int(v) and 1 <= v <= 4, "a rating from 1 to 4"),
    "review_datetime": TIME,
    "review_duration": (_optional(_milliseconds), f"milliseconds up to {MAX_DURATION_MS:,} (a week), or null"),
}


REPORT_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (_text, "an id"),
    "question_id": (_text, "a question id"),
    "content_hash": (_text, "a content hash"),
    "reason": (lambda v: v in REPORT_REASONS, f"one of {', '.join(REPORT_REASONS)}"),
    "note": (lambda v: isinstance(v, str) and len(v) <= MAX_NOTE, f"text of at most {MAX_NOTE:,} characters"),
    "learner": (_text, "a learner id"),
    "created_at": TIME,
}

# The records' times, checked against the importing machine's clock: a time in the future is a broken clock.
TIME_FIELDS = {
    "sections_read": ("first_read_at", "last_read_at"),
    "sessions": ("started_at", "ended_at"),
    "answers": ("answered_at",),
    "reports": ("created_at",),
}


def _check_records(data: Mapping[str, Any], key: str, fields: Mapping[str, tuple[Callable[[object], bool], str]]) -> list[dict[str, Any]]:
    records = data.get(key)
    if not isinstance(records, list):
        raise TransferError(f"malformed export: '{key}' must be a list")
    for number, record in enumerate(records, 1):
        _check_record(record, fields, f"{key}[{number}]")
    return records


def _check_record(record: object, fields: Mapping[str, tuple[Callable[[object], bool], str]], where: str) -> None:
    if not isinstance(record, dict):
        raise TransferError(f"malformed export: {where} must be an object")
    for name, (check, expected) in fields.items():
        if name not in record:
            raise TransferError(f"malformed export: {where} has no '{name}'")
        if not check(record[name]):
            raise TransferError(f"malformed export: {where}.{name} must be {expected}, not {quoted(record[name])}")


def read_export(path: str | Path, course_id: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Read and check an export file for `course_id`; TransferError says what is wrong with it (the caller names
    the file).

    Only a regular file of at most MAX_FILE_BYTES is read (a link to /dev/zero is refused, not read for ever).
    `now`, when given, refuses times later than it (see `check_export`).
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; the check below refuses it anyway.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise TransferError("it is not a regular file")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise TransferError("no such file") from None
    except OSError as error:
        raise TransferError(f"cannot read it: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise TransferError(f"it is larger than {MAX_FILE_BYTES:,} bytes: not a progress export")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise TransferError(f"it is not UTF-8 text (byte {error.start:,})") from None
    except json.JSONDecodeError as error:
        raise TransferError(f"it is not JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise TransferError("it is nested too deeply: not a progress export") from None
    check_export(data, course_id, now=now)
    export: dict[str, Any] = data  # check_export proved it a well-formed export
    return export


def check_export(data: object, course_id: str, *, now: datetime | None = None) -> None:
    """Raise TransferError unless `data` is a well-formed export of this version for `course_id`.

    With `now`, a time more than a day after it (a machine whose clock is wrong) is refused too.
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise TransferError("not a coldstart progress export (its 'format' is not 'coldstart-progress')")
    version = data.get("version")
    if not _is_int(version):
        raise TransferError("malformed export: 'version' must be a whole number")
    if version > EXPORT_VERSION:
        raise TransferError(f"this export was made by a newer coldstart (format version {quoted(version)}); update coldstart to import it")
    if version < 1:
        raise TransferError(f"malformed export: unknown format version {quoted(version)}")
    if data.get("course_id") != course_id:
        raise TransferError(f"this export is for the course {quoted(data.get('course_id'))}, not {course_id!r}")
    settings = data.get("settings")
    if not isinstance(settings, dict):
        raise TransferError("malformed export: 'settings' must be an object")
    for key, value in settings.items():
        reason = check_setting(key, value)
        if reason:
            raise TransferError(f"malformed export: settings.{reason}")
    _check_records(data, "sections_read", SECTION_FIELDS)
    sessions = _check_records(data, "sessions", SESSION_FIELDS)
    answers = _check_records(data, "answers", ANSWER_FIELDS)
    for number, answer in enumerate(answers, 1):
        if answer["review"] is not None:
            _check_record(answer["review"], REVIEW_FIELDS, f"answers[{number}].review")
    reports = _check_records(data, "reports", REPORT_FIELDS) if "reports" in data else []  # optional: older files
    for key, records in (("sessions", sessions), ("answers", answers), ("reports", reports)):
        ids = [record["id"] for record in records]
        if len(set(ids)) != len(ids):
            raise TransferError(f"malformed export: the same id appears twice in '{key}'")
    for number, answer in enumerate(answers, 1):  # optional: older exports have no learner
        if "learner" in answer and not _text(answer["learner"]):
            raise TransferError(f"malformed export: answers[{number}].learner must be a learner id, not {quoted(answer['learner'])}")
    session_ids = {session["id"] for session in sessions}
    for number, answer in enumerate(answers, 1):
        if answer["session_id"] is not None and answer["session_id"] not in session_ids:
            raise TransferError(f"malformed export: answers[{number}] names a session that is not in the file")
    if now is not None:
        _check_not_in_future(data, utc(now) + CLOCK_SKEW)


def _check_not_in_future(data: Mapping[str, Any], latest: datetime) -> None:
    for key, names in TIME_FIELDS.items():
        for number, record in enumerate(data.get(key, ()), 1):
            times = [(name, record[name]) for name in names]
            if key == "answers" and record["review"] is not None:
                times.append(("review.review_datetime", record["review"]["review_datetime"]))
            for name, value in times:
                if value is not None and datetime.fromisoformat(value) > latest:
                    raise TransferError(f"malformed export: {key}[{number}].{name} is in the future ({value}); check that machine's clock")


# --- import ------------------------------------------------------------------------------------------


def import_progress(store: ProgressStore, data: Mapping[str, Any]) -> ImportReport:
    """Merge a checked export (see `read_export`) into the store, in one transaction; idempotent."""
    db = store.db
    unusable = store.unusable_settings()
    with transaction(db):
        for key, value in data["settings"].items():
            if key not in KNOWN_SETTINGS:
                continue  # nothing here reads it, and nothing unchecked is written
            # This machine's settings win, unless the one stored here is not usable and the file's is.
            conflict = "DO UPDATE SET value = excluded.value" if key in unusable else "DO NOTHING"
            db.execute(f"INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) {conflict}", [key, json.dumps(value)])

        sections_before = _count_rows(db, "sections_read")
        for section in data["sections_read"]:
            db.execute(
                """INSERT INTO sections_read (topic_id, section_id, first_read_at, last_read_at, times_read)
                   VALUES (:topic_id, :section_id, :first_read_at, :last_read_at, :times_read)
                   ON CONFLICT (topic_id, section_id) DO UPDATE SET
                       first_read_at = min(first_read_at, excluded.first_read_at),
                       last_read_at = max(last_read_at, excluded.last_read_at),
                       times_read = max(times_read, excluded.times_read)""",
                {**section, **_times(section, "first_read_at", "last_read_at")},
            )

        sessions_added = 0
        for session in data["sessions"]:
            cursor = db.execute(
                """INSERT OR IGNORE INTO sessions (id, mode, topic_id, started_at, ended_at, answered, correct)
                   VALUES (:id, :mode, :topic_id, :started_at, :ended_at, :answered, :correct)""",
                {**session, **_times(session, "started_at", "ended_at")},
            )
            sessions_added += cursor.rowcount

        added = 0
        regained: set[str] = set()
        here = learner_id(db)
        for answer in data["answers"]:
            cursor = db.execute(
                """INSERT OR IGNORE INTO answers (id, question_id, content_hash, topic_id, picked, correct,
                                                  duration_ms, mode, answered_at, session_id, learner)
                   VALUES (:id, :question_id, :content_hash, :topic_id, :picked, :correct, :duration_ms,
                           :mode, :answered_at, :session_id, :learner)""",
                {**answer, "picked": json.dumps(answer["picked"]), "correct": int(answer["correct"]),
                 "learner": answer.get("learner") or here, **_times(answer, "answered_at")},
            )
            if cursor.rowcount == 0:
                continue
            added += 1
            review = answer["review"]
            if review is not None:
                db.execute(
                    """INSERT INTO review_logs (answer_id, question_id, card_id, rating, review_datetime, review_duration)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    [answer["id"], answer["question_id"], card_id_for(answer["question_id"]), review["rating"],
                     iso(datetime.fromisoformat(review["review_datetime"])), review["review_duration"]],
                )
                regained.add(answer["question_id"])
        for question_id in sorted(regained):
            store.rebuild_card(question_id)

        for report in data.get("reports", []):
            db.execute(
                """INSERT OR IGNORE INTO reports (id, question_id, content_hash, reason, note, learner, created_at)
                   VALUES (:id, :question_id, :content_hash, :reason, :note, :learner, :created_at)""",
                {**report, **_times(report, "created_at")},
            )
    return ImportReport(
        answers_added=added,
        answers_already_here=len(data["answers"]) - added,
        sections_added=_count_rows(db, "sections_read") - sections_before,
        sessions_added=sessions_added,
        cards_rebuilt=len(regained),
    )


def _times(record: Mapping[str, Any], *keys: str) -> dict[str, str | None]:
    """The record's times in the database's one text form (so text order stays time order)."""
    return {key: iso(datetime.fromisoformat(record[key])) if record[key] is not None else None for key in keys}


def _count_rows(db: Any, table: str) -> int:
    return int(next(db.query(f"SELECT count(*) AS n FROM {table}"))["n"])


# --- backup and reset --------------------------------------------------------------------------------


def backup(store: ProgressStore) -> Path:
    """Copy the whole database (WAL included) next to it with `VACUUM INTO`; returns the copy's path.

    Named `<name>.backup-<UTC time>.db`, e.g. `lambda.backup-20250303T090000Z.db`. The copy is written under a
    fresh temporary name and only takes its name once complete and on disk, so a full disk or a crash never
    leaves a partial backup that looks like a real one; a failed copy is removed.
    """
    source = store.path
    stamp = store.now().strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.stem}.backup-{stamp}.db")
    number = 2
    while os.path.lexists(target):
        target = source.with_name(f"{source.stem}.backup-{stamp}-{number}.db")
        number += 1
    try:
        # Into a fresh file, published only once complete and never over an existing file: a full disk
        # leaves no empty backup behind, and a link planted at the backup's name is not written through.
        with staged_file(target, replace=False) as temporary:
            store.db.execute("VACUUM INTO ?", [str(temporary)])
    except (sqlite3.Error, OSError) as error:
        reason = describe_sqlite_error(error) if isinstance(error, sqlite3.Error) else error.strerror or str(error)
        raise StoreError(f"cannot back up the progress database to {target}: {reason}; nothing was reset") from None
    return target


def reset_progress(store: ProgressStore, topic_id: str | None = None) -> ResetReport:
    """Back the database up, then forget the progress of one topic or of everything.

    Settings are kept, except those that are not usable (see `ProgressStore.unusable_settings`): starting over
    clears them, so their defaults are used from now on. A topic reset removes its answers (with their review
    logs), cards and sections read, and recounts the sessions those answers belonged to. Nothing is deleted
    if the backup fails.
    """
    copy = backup(store)
    db = store.db
    unusable = store.unusable_settings()
    with transaction(db):
        for key in unusable:
            db.execute("DELETE FROM settings WHERE key = ?", [key])
        if topic_id is None:
            answers = _count_rows(db, "answers")
            sections = _count_rows(db, "sections_read")
            for table in ("review_logs", "cards", "answers", "question_stats", "sessions", "sections_read"):
                db.execute(f"DELETE FROM {table}")
        else:
            affected_questions = [
                row["question_id"]
                for row in db.query("SELECT DISTINCT question_id FROM answers WHERE topic_id = ?", [topic_id])
            ]
            affected_sessions = [
                row["session_id"]
                for row in db.query(
                    "SELECT DISTINCT session_id FROM answers WHERE topic_id = ? AND session_id IS NOT NULL", [topic_id]
                )
            ]
            answers = db.execute("DELETE FROM answers WHERE topic_id = ?", [topic_id]).rowcount  # logs cascade
            sections = db.execute("DELETE FROM sections_read WHERE topic_id = ?", [topic_id]).rowcount
            db.execute("DELETE FROM cards WHERE topic_id = ?", [topic_id])
            rebuild_question_stats(db, affected_questions)
            for question_id in affected_questions:  # a question that moved topics keeps its other answers
                if next(db.query("SELECT 1 AS x FROM review_logs WHERE question_id = ? LIMIT 1", [question_id]), None):
                    store.rebuild_card(question_id)
            for session_id in affected_sessions:
                db.execute(
                    """UPDATE sessions SET
                           answered = (SELECT count(*) FROM answers WHERE session_id = sessions.id),
                           correct = (SELECT coalesce(sum(correct), 0) FROM answers WHERE session_id = sessions.id)
                       WHERE id = ?""",
                    [session_id],
                )
            db.execute(
                "DELETE FROM sessions WHERE topic_id = ? AND NOT EXISTS (SELECT 1 FROM answers WHERE session_id = sessions.id)",
                [topic_id],
            )
    return ResetReport(backup=copy, topic_id=topic_id, answers_deleted=answers, sections_deleted=sections,
                       settings_cleared=tuple(unusable))
