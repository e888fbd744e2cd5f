"""The progress tables: the "coldstart" migration set.

Plain tables with plain column names, so a learner can open the file with `sqlite-utils` or Datasette;
docs/progress-database.md describes every column. Times are ISO 8601 text in UTC with microseconds
(`2025-01-31T09:15:00.000000+00:00`), so text order is time order and SQL can compare them directly.

Migrations are append-only: never edit one that has shipped, add a new function below it.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Literal, get_args

from sqlite_utils import Database, Migrations

__all__ = ["ANSWERS_FOR_STATISTICS", "MIGRATIONS", "MODES", "REPORT_REASONS", "Mode", "ReportReason", "create_answer_groups", "learner_id", "rebuild_question_stats"]

MIGRATIONS = Migrations("coldstart")

# Every way an answer can be given; the answers.mode CHECK constraint is built from this list.
Mode = Literal["practice", "review", "cram", "retake", "exam", "predict"]
MODES: tuple[str, ...] = get_args(Mode)

_MODE_LIST = ", ".join(f"'{mode}'" for mode in MODES)

_TABLES = f"""
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE sections_read (
    topic_id      TEXT NOT NULL,
    section_id    TEXT NOT NULL,
    first_read_at TEXT NOT NULL,
    last_read_at  TEXT NOT NULL,
    times_read    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (topic_id, section_id)
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,             -- uuid
    mode       TEXT NOT NULL CHECK (mode IN ({_MODE_LIST})),
    topic_id   TEXT,                         -- NULL: every topic
    started_at TEXT NOT NULL,
    ended_at   TEXT,                         -- NULL: still open, or the app was closed mid-session
    answered   INTEGER NOT NULL DEFAULT 0,
    correct    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE answers (
    id           TEXT PRIMARY KEY,           -- uuid: the key that makes import idempotent
    question_id  TEXT NOT NULL,
    content_hash TEXT NOT NULL,              -- Question.content_hash when it was answered
    topic_id     TEXT NOT NULL,
    picked       TEXT NOT NULL,              -- JSON list of choice indexes, in the question's YAML order
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    duration_ms  INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    mode         TEXT NOT NULL CHECK (mode IN ({_MODE_LIST})),
    answered_at  TEXT NOT NULL,
    session_id   TEXT REFERENCES sessions (id)
);
CREATE INDEX answers_by_question ON answers (question_id, answered_at);
-- Covers the per-day queries of the dashboard (streak, accuracy per day) without touching the table.
CREATE INDEX answers_by_time ON answers (answered_at, mode, correct);

CREATE TABLE cards (
    question_id TEXT PRIMARY KEY,
    topic_id    TEXT NOT NULL,
    card_id     INTEGER NOT NULL,            -- py-fsrs Card.card_id, derived from question_id
    state       INTEGER NOT NULL,            -- 1 learning, 2 review, 3 relearning
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         TEXT NOT NULL,
    last_review TEXT
);
CREATE INDEX cards_by_due ON cards (due);

CREATE TABLE review_logs (
    id              INTEGER PRIMARY KEY,
    answer_id       TEXT NOT NULL UNIQUE REFERENCES answers (id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL,
    card_id         INTEGER NOT NULL,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),   -- 1 Again, 2 Hard, 3 Good, 4 Easy
    review_datetime TEXT NOT NULL,
    review_duration INTEGER                  -- milliseconds
);
CREATE INDEX review_logs_by_question ON review_logs (question_id, review_datetime);

-- Derived data, one row per answered question, kept current by the trigger below so the dashboard reads
-- one row per question instead of every answer. Deleting answers (reset) rebuilds the affected rows.
CREATE TABLE question_stats (
    question_id       TEXT PRIMARY KEY,
    topic_id          TEXT NOT NULL,
    answers           INTEGER NOT NULL,
    correct           INTEGER NOT NULL,
    duration_ms       INTEGER NOT NULL,      -- sum of known answer times
    last_answer_id    TEXT NOT NULL,
    last_answered_at  TEXT NOT NULL,
    last_correct      INTEGER NOT NULL,
    last_content_hash TEXT NOT NULL
);

-- Predictions before a simulation are not course questions, so they stay out of question_stats.
CREATE TRIGGER question_stats_on_answer AFTER INSERT ON answers WHEN NEW.mode != 'predict'
BEGIN
    INSERT INTO question_stats (question_id, topic_id, answers, correct, duration_ms, last_answer_id,
                                last_answered_at, last_correct, last_content_hash)
    VALUES (NEW.question_id, NEW.topic_id, 1, NEW.correct, coalesce(NEW.duration_ms, 0), NEW.id,
            NEW.answered_at, NEW.correct, NEW.content_hash)
    ON CONFLICT (question_id) DO UPDATE SET
        answers = answers + 1,
        correct = correct + excluded.correct,
        duration_ms = duration_ms + excluded.duration_ms,
        -- an imported answer may be older than the newest one already here
        topic_id = iif(excluded.last_answered_at >= last_answered_at, excluded.topic_id, topic_id),
        last_answer_id = iif(excluded.last_answered_at >= last_answered_at, excluded.last_answer_id, last_answer_id),
        last_correct = iif(excluded.last_answered_at >= last_answered_at, excluded.last_correct, last_correct),
        last_content_hash = iif(excluded.last_answered_at >= last_answered_at,
                                excluded.last_content_hash, last_content_hash),
        last_answered_at = max(last_answered_at, excluded.last_answered_at);
END;
"""


@MIGRATIONS(name="0001_progress_tables")
def create_progress_tables(db: Database) -> None:
    """Settings, sections read, sessions, answers, FSRS cards and review logs, and the per-question summary."""
    # executescript would commit the migration's transaction half-way, so run the statements one by one.
    for statement in split_statements(_TABLES):
        db.execute(statement)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers contain inner semicolons)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def rebuild_question_stats(db: Database, question_ids: list[str] | None = None) -> None:
    """Recompute question_stats rows from answers (all, or only `question_ids`) after answers were deleted.

    Run inside the caller's transaction. The bare columns next to max(answered_at) come from the newest
    answer: SQLite guarantees that for a query with a single max() aggregate.
    """
    if question_ids is None:
        db.execute("DELETE FROM question_stats")
        where, params = "", []
    else:
        marks = ", ".join("?" for _ in question_ids)
        db.execute(f"DELETE FROM question_stats WHERE question_id IN ({marks})", question_ids)
        where, params = f"AND question_id IN ({marks})", list(question_ids)
    db.execute(
        f"""INSERT INTO question_stats (question_id, topic_id, answers, correct, duration_ms, last_answer_id,
                                        last_answered_at, last_correct, last_content_hash)
            SELECT question_id, topic_id, count(*), sum(correct), sum(coalesce(duration_ms, 0)), id,
                   max(answered_at), correct, content_hash
            FROM answers WHERE mode != 'predict' {where} GROUP BY question_id""",
        params,
    )


# --- who answered ---------------------------------------------------------------------------------------

# The reasons a learner can give when reporting a question. The reports.reason CHECK constraint is built
# from this list when the table is created: adding a reason later needs a migration that rebuilds it.
ReportReason = Literal["wrong_key", "unclear", "outdated", "typo", "other"]
REPORT_REASONS: tuple[str, ...] = get_args(ReportReason)


@MIGRATIONS(name="0002_answers_learner")
def add_learner(db: Database) -> None:
    """A random id for the learner who writes into this file, and `answers.learner` defaulting to it.

    Merging the exports of a class (`coldstart progress import`, once per learner) keeps each answer's
    learner, so question statistics can tell learners apart. The id lives in its own one-row table rather
    than in `settings`: settings travel with an export and are merged, a file's identity must not be.
    The id is the column's DEFAULT, so every writer (coldstart, a script, hand-written SQL) gets it right.
    Answers already here were given by this file's learner (or merged from the same learner's machines).
    """
    learner = uuid.uuid4().hex
    db.execute("CREATE TABLE learner (id TEXT PRIMARY KEY)")
    db.execute("INSERT INTO learner (id) VALUES (?)", [learner])
    # A DEFAULT must be a literal; the id is 32 hex digits, so it cannot break out of the quotes.
    db.execute(f"ALTER TABLE answers ADD COLUMN learner TEXT NOT NULL DEFAULT '{learner}'")


@MIGRATIONS(name="0003_reports")
def create_reports(db: Database) -> None:
    """Questions learners reported from the app (wrong key, unclear, outdated, typo, other), with a note."""
    reasons = ", ".join(f"'{reason}'" for reason in REPORT_REASONS)
    db.execute(
        f"""CREATE TABLE reports (
                id           TEXT PRIMARY KEY,     -- uuid
                question_id  TEXT NOT NULL,
                content_hash TEXT NOT NULL,        -- the version of the question the learner saw
                reason       TEXT NOT NULL CHECK (reason IN ({reasons})),
                note         TEXT NOT NULL DEFAULT '',
                learner      TEXT NOT NULL DEFAULT '{learner_id(db)}',
                created_at   TEXT NOT NULL
            )"""
    )
    db.execute("CREATE INDEX reports_by_time ON reports (created_at)")


# (Dropped by 0005, which keeps the answers added up in a table of their own.)
# The columns question statistics add up (app/core/progress/question_stats.py), in its GROUP BY order, and
# `mode` so the index alone answers the query: SQLite walks it in order instead of reading and sorting every
# answer (a quarter of the time at 100,000 answers). Partial, like the query: predictions are not counted.
ANSWERS_FOR_STATISTICS = (
    "CREATE INDEX IF NOT EXISTS answers_for_statistics ON answers "
    "(question_id, content_hash, learner, picked, correct, duration_ms, mode) WHERE mode != 'predict'"
)


@MIGRATIONS(name="0004_answers_for_statistics")
def index_answers_for_statistics(db: Database) -> None:
    """An index that covers the question statistics' one scan of the answers (built once, on opening)."""
    db.execute(ANSWERS_FOR_STATISTICS)


def learner_id(db: Database) -> str:
    """The id of the learner who writes into this database (made by the 0002 migration)."""
    return str(db.execute("SELECT id FROM learner LIMIT 1").fetchone()[0])


# An answer (OLD) taken out of its group, and the group dropped once empty; `when` says whether it counts.
_TAKE_OUT = """
    UPDATE answer_groups SET
        answers = answers - 1,
        correct = correct - OLD.correct,
        duration_ms = duration_ms - coalesce(OLD.duration_ms, 0),
        timed = timed - (OLD.duration_ms IS NOT NULL)
    WHERE {when}
      AND question_id = OLD.question_id AND content_hash = OLD.content_hash AND learner = OLD.learner AND picked = OLD.picked;
    DELETE FROM answer_groups
    WHERE question_id = OLD.question_id AND content_hash = OLD.content_hash AND learner = OLD.learner AND picked = OLD.picked
      AND answers <= 0;
"""
# An answer (NEW) put in its group, made if it is the first; `when` says whether it counts.
_PUT_IN = """
    INSERT INTO answer_groups (question_id, content_hash, learner, picked, answers, correct, duration_ms, timed)
    SELECT NEW.question_id, NEW.content_hash, NEW.learner, NEW.picked, 1, NEW.correct, coalesce(NEW.duration_ms, 0),
           NEW.duration_ms IS NOT NULL
    WHERE {when}
    ON CONFLICT (question_id, content_hash, learner, picked) DO UPDATE SET
        answers = answers + 1,
        correct = correct + excluded.correct,
        duration_ms = duration_ms + excluded.duration_ms,
        timed = timed + excluded.timed;
"""
# Derived data for question statistics: the answers added up per question version, learner and pick, kept
# current by the triggers below (an answer added, deleted, or changed: `hash_upgrade` rewrites old hashes), so the
# statistics read one row per group instead of every answer. Predictions are not counted, as in question_stats.
_ANSWER_GROUPS = f"""
CREATE TABLE answer_groups (
    question_id  TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    learner      TEXT NOT NULL,
    picked       TEXT NOT NULL,
    answers      INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,           -- sum of the measured answer times
    timed        INTEGER NOT NULL,           -- answers with a measured time
    PRIMARY KEY (question_id, content_hash, learner, picked)
) WITHOUT ROWID;

INSERT INTO answer_groups (question_id, content_hash, learner, picked, answers, correct, duration_ms, timed)
SELECT question_id, content_hash, learner, picked, count(*), sum(correct), coalesce(sum(duration_ms), 0), count(duration_ms)
FROM answers WHERE mode != 'predict' GROUP BY question_id, content_hash, learner, picked;

CREATE TRIGGER answer_groups_on_insert AFTER INSERT ON answers
BEGIN {_PUT_IN.format(when="NEW.mode != 'predict'")}END;

CREATE TRIGGER answer_groups_on_delete AFTER DELETE ON answers
BEGIN {_TAKE_OUT.format(when="OLD.mode != 'predict'")}END;

CREATE TRIGGER answer_groups_on_update
AFTER UPDATE OF question_id, content_hash, learner, picked, correct, duration_ms, mode ON answers
BEGIN {_TAKE_OUT.format(when="OLD.mode != 'predict'")}{_PUT_IN.format(when="NEW.mode != 'predict'")}END;
"""


@MIGRATIONS(name="0005_answer_groups")
def add_answer_groups(db: Database) -> None:
    """The answers added up per question version, learner and pick (`answer_groups`), kept by triggers.

    Question statistics read these groups; adding up every answer each time took 20 ms at 100,000 answers and
    grew with them. The 0004 index, which served that adding up, goes: nothing else reads it, and every answer
    written paid for it.
    """
    create_answer_groups(db)
    db.execute("DROP INDEX IF EXISTS answers_for_statistics")


def create_answer_groups(db: Database) -> None:
    """Make `answer_groups` in `db` from the answers in it, and the triggers that keep it current.

    The 0005 migration makes it in every progress file; a class report makes it in the answers it pools."""
    for statement in split_statements(_ANSWER_GROUPS):
        db.execute(statement)
