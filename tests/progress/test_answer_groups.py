"""`answer_groups` (schema 0005) always holds what adding up the answers would give, whatever is written."""

from __future__ import annotations

import json

from coldstart.core.progress.database import open_database
from hypothesis import example, given, settings
from hypothesis import strategies as st

# What the groups must equal: the statistics' adding up of every answer, as it was done before 0005.
ADDED_UP = """
    SELECT question_id, content_hash, learner, picked, count(*), sum(correct), coalesce(sum(duration_ms), 0),
           count(duration_ms)
    FROM answers WHERE mode != 'predict' GROUP BY question_id, content_hash, learner, picked
"""
GROUPS = "SELECT question_id, content_hash, learner, picked, answers, correct, duration_ms, timed FROM answer_groups"

answers = st.fixed_dictionaries(
    {
        "question_id": st.sampled_from(["q1", "q2"]),
        "content_hash": st.sampled_from(["h1", "h2"]),
        "learner": st.sampled_from(["ann", "bob"]),  # few values, so that answers share groups
        "picked": st.sampled_from([[0], [1], [0, 2]]).map(json.dumps),
        "correct": st.integers(0, 1),
        "duration_ms": st.none() | st.integers(0, 60_000),
        "mode": st.sampled_from(["practice", "exam", "predict"]),
    }
)
# Each write: add an answer; delete answers of a question; change a column of the answers of a question (as
# hash_upgrade rewrites hashes); or delete them all (a reset).
writes = st.one_of(
    st.tuples(st.just("add"), answers),
    st.tuples(st.just("delete"), st.sampled_from(["q1", "q2"])),
    st.tuples(
        st.just("change"),
        st.sampled_from(["q1", "q2"]),
        st.sampled_from(["content_hash", "picked", "correct", "duration_ms", "mode", "learner", "question_id"]),
    ),
    st.tuples(st.just("reset")),
)
NEW_VALUES = {"content_hash": "h2", "picked": "[1]", "correct": 1, "duration_ms": None, "mode": "predict",
              "learner": "cat", "question_id": "q3"}  # fmt: skip


TIMED = {"question_id": "q1", "content_hash": "h1", "learner": "ann", "picked": "[0]", "correct": 1, "duration_ms": 5,
         "mode": "practice"}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(writes, max_size=25))
# Two answers in one group, then each kind of change: a group must lose one answer, not vanish with it.
@example([("add", TIMED), ("add", TIMED), ("change", "q1", "duration_ms")])
@example([("add", TIMED), ("add", TIMED), ("change", "q1", "content_hash")])
@example([("add", TIMED), ("add", TIMED), ("change", "q1", "mode")])
@example([("add", TIMED), ("add", {**TIMED, "duration_ms": None}), ("delete", "q1")])
def test_the_groups_always_equal_the_answers_added_up(steps: list[tuple]) -> None:
    db = open_database(":memory:")
    for number, step in enumerate(steps):
        if step[0] == "add":
            row = {**step[1], "id": f"a{number}", "topic_id": "t", "answered_at": f"2025-01-01T00:00:{number:02d}"}
            db["answers"].insert(row)
        elif step[0] == "delete":
            db.execute("DELETE FROM answers WHERE question_id = ?", [step[1]])
        elif step[0] == "change":
            _, question_id, column = step
            db.execute(f"UPDATE answers SET {column} = ? WHERE question_id = ?", [NEW_VALUES[column], question_id])
        else:
            db.execute("DELETE FROM answers")
        assert sorted(db.execute(GROUPS).fetchall()) == sorted(db.execute(ADDED_UP).fetchall())
