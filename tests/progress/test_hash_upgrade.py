"""Stored format-1 content hashes are upgraded in place: only questions whose content really changed show as changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from coldstart.core.course.model import Question
from coldstart.core.progress.reports import report_question
from coldstart.core.progress.store import open_store

from .conftest import answer, make_course


def format_1(question: Question) -> str:
    """The hash the store kept before format 2 (choices in their written order)."""
    payload = {"stem": " ".join(question.stem.split()), "choices": [[" ".join(c.text.split()), c.correct] for c in question.choices]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]


def test_old_hashes_are_upgraded_unless_the_question_really_changed(db_file: Path, clock) -> None:
    old = make_course()
    with open_store(db_file, old, clock=clock) as store:
        for qid in ("t1-q1", "t1-q2", "t2-q1"):
            answer(store, qid, True)
        report_question(store, old.question("t2-q1"), "typo", "")
        # Make the file look written by the previous version: every hash in format 1.
        for qid in ("t1-q1", "t1-q2", "t2-q1"):
            legacy = format_1(old.question(qid))
            for table, column in (("answers", "content_hash"), ("question_stats", "last_content_hash"), ("reports", "content_hash")):
                store.db.execute(f"UPDATE {table} SET {column} = ? WHERE question_id = ?", [legacy, qid])
        store.db.conn.commit()

    q1 = old.question("t1-q1")
    moved = replace(q1, choices=q1.choices[1:] + q1.choices[:1])  # the key moved from A to C
    reworded = replace(old.question("t1-q2"), stem="A reworded stem?")
    new = make_course(extra_questions=(moved, reworded))
    with open_store(db_file, new, clock=clock) as store:
        assert store.changed_questions() == ["t1-q2"]
        assert not store.is_changed(moved)
        hashes = {row["question_id"]: row["content_hash"] for row in store.db.query("SELECT question_id, content_hash FROM answers")}
        assert hashes["t1-q1"] == moved.content_hash and hashes["t2-q1"] == new.question("t2-q1").content_hash
        assert hashes["t1-q2"] == format_1(old.question("t1-q2"))  # kept: it stands for the old wording
        report = next(store.db.query("SELECT content_hash FROM reports"))
        assert report["content_hash"] == new.question("t2-q1").content_hash
        assert not store.record_answer(moved, [2], duration_ms=1000, mode="practice").changed_since_last


def test_changing_only_which_choice_is_correct_marks_the_question_changed(db_file: Path, clock) -> None:
    old = make_course()
    with open_store(db_file, old, clock=clock) as store:
        answer(store, "t1-q1", True)
    q1 = old.question("t1-q1")
    rekeyed = replace(q1, choices=tuple(replace(c, correct=i == 1) for i, c in enumerate(q1.choices)))  # same texts
    with open_store(db_file, make_course(extra_questions=(rekeyed,)), clock=clock) as store:
        assert store.changed_questions() == ["t1-q1"] and store.is_changed(rekeyed)
