"""Upgrade content hashes stored in an older format, so a new hash function does not mark everything changed.

Answers, the per-question summary and reports keep the content hash of the version the learner saw. When
the hash function changed (format 1 → 2: choice order no longer counts, generated questions include their
ask's version), every stored format-1 hash would differ from today's and every question would read "changed
since you last answered". Instead, each stored format-1 hash is compared with the format-1 hashes of the
question as it is today (in every order of its choices): where one matches, the learner saw this very
content, and the hash is rewritten in the current format. A format-1 hash that matches nothing stays as it
is: that question really changed, and is marked so.

It runs whenever a store is opened with a course, so it also catches hashes brought in later by
`coldstart progress import` of an older export. Only format-1 hashes of questions the course still has
are looked at, so once upgraded it costs one scan of the answers' hashes.
"""

from __future__ import annotations

from sqlite_utils import Database

from ..course.hashing import PREFIX, upgraded
from ..course.model import Course
from .database import transaction

# Tables keeping a question's content hash: (table, hash column).
_HASH_COLUMNS = (("answers", "content_hash"), ("question_stats", "last_content_hash"), ("reports", "content_hash"))


def upgrade_content_hashes(db: Database, course: Course) -> int:
    """Rewrite stored format-1 hashes that stand for a question's current content; the number of rows changed."""
    tables = [(t, c) for t, c in _HASH_COLUMNS if db[t].exists()]
    stored: set[tuple[str, str]] = set()
    for table, column in tables:
        stored.update(
            db.execute(f"SELECT DISTINCT question_id, {column} FROM {table} WHERE {column} NOT LIKE ?", [PREFIX + "%"]).fetchall()
        )
    renames: dict[tuple[str, str], str] = {}
    for question_id, old in stored:
        question = course.question(question_id)
        if question is None:
            continue  # a retired question, or a prediction before a simulation: nothing to compare with
        new = upgraded(old, question)
        if new is not None:
            renames[(question_id, old)] = new
    if not renames:
        return 0
    changed = 0
    with transaction(db):
        for (question_id, old), new in renames.items():
            for table, column in tables:
                cursor = db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE question_id = ? AND {column} = ?", [new, question_id, old]
                )
                changed += cursor.rowcount
    return changed
