"""Question statistics for course authors and instructors: how each question performs.

Read from the `answers` table, so they cover whoever's answers are in the database: one learner's own, or a
class's, merged with `coldstart progress import` (each answer keeps its `learner`). Per question:

- attempts and proportion correct: every answer to the question's *current* version (predictions left
  out). Answers given before the stem, choices or key last changed (another `content_hash`) are counted
  apart, as `older_answers`: their choice indexes may point at choices that no longer exist, and a fixed
  key must stop being flagged the moment it is fixed.
- picks per choice and the most chosen wrong choice (choice indexes in the file's order, lettered A, B, ...).
  Generated questions draw new choices every time, so their picks are not compared.
- mean time: the mean of the answering times that were measured.
- discrimination: the upper-lower index D (Kelley's 27% groups). For each learner, their first answer to
  every question they met; learners are ranked by the share they got right *on the other questions* (the
  question itself left out, so it cannot rank learners by itself), and D = the share of the top 27% who got
  this question right on their first answer minus the share of the bottom 27% (learners tied at a group's
  edge share its last places, so the order of ties never matters). D runs from -1 to 1:
  0.4 and above discriminates well, below 0.2 poorly (Ebel), below 0 means stronger learners miss it more
  often than weaker ones, a classic sign of a wrong key or a trick question.
  Why D rather than a point-biserial correlation: it reads as the difference of two percentages an
  instructor can check by hand, it stays defined when a group all got the question right, and it is as
  good as the correlation for the class sizes coldstart sees. Why first answers only: later answers to a
  spaced-repetition question measure practice, not the question. With fewer than MIN_LEARNERS learners
  (one learner above all: ranking one person against themselves means nothing) there is no D, only the
  note "needs answers from several learners".
- flags, once a question has MIN_ATTEMPTS answers: possibly mis-keyed (a wrong choice was picked by more
  answers than a key choice, and D is not positive: when the strongest learners pick the key, the question
  is hard and its distractor good, not mis-keyed), too easy (at least 95% right), too hard (at most 25%
  right), and negative discrimination (D < 0).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..course.model import Course, Location, Question
from .database import snapshot
from .store import content_hashes

__all__ = [
    "CSV_COLUMNS",
    "FLAGS",
    "MIN_ATTEMPTS",
    "MIN_LEARNERS",
    "SHORT_FLAGS",
    "ChoicePicks",
    "QuestionStatistics",
    "QuestionStats",
    "question_statistics",
]

MIN_ATTEMPTS = 5  # fewer answers flag nothing: two wrong answers out of two say little about a question
MIN_LEARNERS = 5  # fewer learners give no discrimination index (27% of 5 is one learner per group)
GROUP_SHARE = 0.27  # Kelley: the share of learners in each of the upper and lower groups
TOO_EASY = 0.95
TOO_HARD = 0.25
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NEEDS_LEARNERS = "needs answers from several learners"

# flag id -> what it means, for tables and help texts
FLAGS: dict[str, str] = {
    "possibly_mis_keyed": "possibly mis-keyed: a wrong choice is picked more often than the key, and not by the weaker learners only",
    "too_easy": f"too easy: at least {TOO_EASY:.0%} of answers are right",
    "too_hard": f"too hard: at most {TOO_HARD:.0%} of answers are right",
    "negative_discrimination": "negative discrimination: stronger learners miss it more often than weaker ones",
}

# flag id -> a word or two, for table cells
SHORT_FLAGS: dict[str, str] = {
    "possibly_mis_keyed": "mis-key?",
    "too_easy": "easy",
    "too_hard": "hard",
    "negative_discrimination": "D<0",
}


@dataclass(frozen=True)
class ChoicePicks:
    """One choice of a question and how many answers picked it."""

    index: int  # in the file's order
    text: str
    correct: bool
    picks: int

    @property
    def letter(self) -> str:
        return LETTERS[self.index] if self.index < len(LETTERS) else str(self.index + 1)


@dataclass(frozen=True)
class QuestionStats:
    """How one question performs; see the module docstring for every definition."""

    question_id: str
    topic_id: str
    location: Location | None
    generated: bool
    attempts: int
    correct: int
    older_answers: int  # answers to earlier versions of the question, not counted above
    learners: int  # distinct learners among `attempts`
    mean_seconds: float | None
    choices: tuple[ChoicePicks, ...]  # empty for generated questions
    discrimination: float | None
    discrimination_note: str  # why there is no index, or "" when there is one
    flags: tuple[str, ...]  # ids from FLAGS

    @property
    def proportion_correct(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @property
    def most_chosen_wrong(self) -> ChoicePicks | None:
        """The wrong choice picked most often (the first in the file on a tie), if any wrong choice was picked."""
        wrong = [c for c in self.choices if not c.correct and c.picks]
        return max(wrong, key=lambda c: (c.picks, -c.index)) if wrong else None

    def describe_flag(self, flag: str) -> str:
        """A flag in words, with the figures behind it."""
        if flag == "possibly_mis_keyed" and (wrong := self.most_chosen_wrong) is not None:
            keys = ", ".join(f"{c.letter} {c.picks}" for c in self.choices if c.correct)
            return (f"possibly mis-keyed: {wrong.letter} (wrong) was picked by {wrong.picks} of {self.attempts} "
                    f"answers, the key ({keys}) by fewer")
        if flag in ("too_easy", "too_hard"):
            return f"{flag.replace('_', ' ')}: {self.proportion_correct:.0%} of {self.attempts} answers right"
        if flag == "negative_discrimination":
            return f"negative discrimination (D = {self.discrimination:+.2f}): check the key and the wording"
        return FLAGS.get(flag, flag)

    def to_json(self) -> dict[str, Any]:
        wrong = self.most_chosen_wrong
        return {
            "question_id": self.question_id,
            "topic_id": self.topic_id,
            "file": str(self.location.file) if self.location else None,
            "line": self.location.line if self.location else None,
            "generated": self.generated,
            "attempts": self.attempts,
            "correct": self.correct,
            "proportion_correct": self.proportion_correct,
            "older_answers": self.older_answers,
            "learners": self.learners,
            "mean_seconds": self.mean_seconds,
            "discrimination": self.discrimination,
            "discrimination_note": self.discrimination_note or None,
            "most_chosen_wrong": None if wrong is None else {"letter": wrong.letter, "index": wrong.index,
                                                             "text": wrong.text, "picks": wrong.picks},
            "choices": [{"letter": c.letter, "index": c.index, "text": c.text, "correct": c.correct, "picks": c.picks}
                        for c in self.choices],
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class QuestionStatistics:
    """Statistics of every question of the course, in the course's order."""

    course_id: str
    learners: int  # distinct learners with at least one answer counted
    answers: int  # answers counted (current versions of course questions)
    older_answers: int  # answers to earlier versions of questions
    retired_answers: int  # answers to questions no longer in the course
    questions: tuple[QuestionStats, ...]

    @property
    def answered(self) -> tuple[QuestionStats, ...]:
        return tuple(q for q in self.questions if q.attempts)

    @property
    def flagged(self) -> tuple[QuestionStats, ...]:
        return tuple(q for q in self.questions if q.flags)

    def summary(self) -> str:
        """One line: how many answers from how many learners, questions answered and flagged."""
        return (
            f"{_counted(self.answers, 'answer')} from {_counted(self.learners, 'learner')} · "
            f"{len(self.answered)} of {len(self.questions)} questions answered · {len(self.flagged)} flagged"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "course_id": self.course_id,
            "learners": self.learners,
            "answers": self.answers,
            "older_answers": self.older_answers,
            "retired_answers": self.retired_answers,
            "min_attempts_for_flags": MIN_ATTEMPTS,
            "min_learners_for_discrimination": MIN_LEARNERS,
            "discrimination_method": "upper-lower 27% groups by each learner's share right on the other questions, first answers only",
            "questions": [q.to_json() for q in self.questions],
        }

    def csv_rows(self) -> Iterator[list[object]]:
        """Rows under CSV_COLUMNS, one per question; empty cells for figures that do not exist."""
        for q in self.questions:
            wrong = q.most_chosen_wrong
            yield [
                q.question_id, q.topic_id, q.location.file if q.location else "", q.location.line if q.location else "",
                q.attempts, q.correct, _blank(q.proportion_correct, 3), q.learners, _blank(q.discrimination, 3),
                _blank(q.mean_seconds, 1), wrong.letter if wrong else "", wrong.picks if wrong else "",
                " ".join(q.flags), q.older_answers,
            ]  # fmt: skip


CSV_COLUMNS = [
    "question_id", "topic_id", "file", "line", "attempts", "correct", "proportion_correct", "learners",
    "discrimination", "mean_seconds", "most_chosen_wrong", "most_chosen_wrong_picks", "flags", "older_answers",
]  # fmt: skip


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _blank(value: float | None, digits: int) -> object:
    return "" if value is None else round(value, digits)


@dataclass
class _Tally:
    """What one question's counted answers add up to, while reading them."""

    attempts: int = 0
    correct: int = 0
    older: int = 0
    seconds: float = 0.0
    timed: int = 0
    picks: Counter[int] = field(default_factory=Counter)
    learners: set[str] = field(default_factory=set)


def question_statistics(course: Course, db: Database) -> QuestionStatistics:
    """Statistics of every course question from the answers in `db` (see the module docstring).

    The answers come added up (`answer_groups`: one row per question version, learner and pick, kept by triggers
    as answers are written), so the Python here grows with the questions and learners, not with the answers.
    Which answer came first only matters for discrimination, so it is read only when there are learners enough
    for one.
    """
    hashes = content_hashes(course)
    tallies: dict[str, _Tally] = {q.id: _Tally() for q in course.questions}
    met: set[tuple[str, str]] = set()  # (learner, question) with an answer to the question's current version
    retired = 0
    with snapshot(db):
        groups = db.execute(_GROUPS).fetchall()
        learners = {learner for question_id, content_hash, learner, *_ in groups if hashes.get(question_id) == content_hash}
        first_rows = db.execute(_FIRST_ANSWERS).fetchall() if len(learners) >= MIN_LEARNERS else []
    for question_id, content_hash, learner, picked, answers, correct, duration_ms, timed in groups:
        tally = tallies.get(question_id)
        if tally is None:
            retired += answers
            continue
        if content_hash != hashes[question_id]:
            tally.older += answers
            continue
        tally.attempts += answers
        tally.correct += correct
        tally.learners.add(learner)
        tally.seconds += (duration_ms or 0) / 1000
        tally.timed += timed
        for choice in json.loads(picked):
            tally.picks[choice] += answers
        met.add((learner, question_id))
    # (learner, question) -> their first answer was right; below MIN_LEARNERS the index is never computed, and
    # only who met which question counts (False stands in for the unread first answer).
    first: dict[tuple[str, str], bool] = dict.fromkeys(met, False)
    for learner, question_id, content_hash, correct in first_rows:
        if hashes.get(question_id) == content_hash:
            first[learner, question_id] = bool(correct)

    discrimination = _discrimination(first)
    questions = tuple(_stats(q, tallies[q.id], *discrimination.get(q.id, (None, 0))) for q in course.questions)
    return QuestionStatistics(
        course_id=course.id,
        learners=len(learners),
        answers=sum(t.attempts for t in tallies.values()),
        older_answers=sum(t.older for t in tallies.values()),
        retired_answers=retired,
        questions=questions,
    )


# Per question version, learner and pick: how many answers, how many right, their measured time (schema 0005).
_GROUPS = "SELECT question_id, content_hash, learner, picked, answers, correct, duration_ms, timed FROM answer_groups"

# Each learner's first answer to each version of each question (the earliest, the first stored on a tie).
_FIRST_ANSWERS = """
    SELECT learner, question_id, content_hash, correct FROM (
        SELECT learner, question_id, content_hash, correct,
               row_number() OVER (PARTITION BY learner, question_id, content_hash ORDER BY answered_at, rowid) AS n
        FROM answers NOT INDEXED WHERE mode != 'predict'
    ) WHERE n = 1
"""


def _discrimination(first: dict[tuple[str, str], bool]) -> dict[str, tuple[float | None, int]]:
    """Per answered question: the upper-lower index (None below MIN_LEARNERS) and how many learners were ranked."""
    right: Counter[str] = Counter()
    met: Counter[str] = Counter()
    by_question: dict[str, list[tuple[str, bool]]] = {}
    for (learner, question_id), correct in first.items():
        right[learner] += correct
        met[learner] += 1
        by_question.setdefault(question_id, []).append((learner, correct))
    index: dict[str, tuple[float | None, int]] = {}
    for question_id, answers in by_question.items():
        # Rank by the share right on the *other* questions; a learner who met no other question cannot be ranked.
        scored = [((right[learner] - correct) / (met[learner] - 1), correct) for learner, correct in answers if met[learner] > 1]
        if len(scored) < MIN_LEARNERS:
            index[question_id] = (None, len(scored))
            continue
        size = max(1, round(GROUP_SHARE * len(scored)))
        levels: dict[float, list[bool]] = {}
        for score, correct in scored:
            levels.setdefault(score, []).append(correct)
        ascending = [levels[score] for score in sorted(levels)]
        lower, upper = _group_right(ascending, size), _group_right(ascending[::-1], size)
        index[question_id] = ((upper - lower) / size, len(scored))
    return index


def _group_right(levels: list[list[bool]], size: int) -> float:
    """How many of the first `size` learners (taken level by level) got it right.

    Learners tied on the level that straddles the group's edge share its remaining places equally, so the
    result never depends on the order tied learners happen to be listed in.
    """
    places, right = float(size), 0.0
    for level in levels:
        share = min(1.0, places / len(level))
        right += share * sum(level)
        places -= share * len(level)
        if places <= 1e-9:
            break
    return right


def _stats(question: Question, tally: _Tally, discrimination: float | None, ranked: int) -> QuestionStats:
    generated = question.generator is not None
    choices = () if generated else tuple(
        ChoicePicks(index=i, text=c.text, correct=c.correct, picks=tally.picks.get(i, 0))
        for i, c in enumerate(question.choices)
    )  # fmt: skip
    note = ""
    if discrimination is None and tally.attempts:
        # Ranked learners are those who also answered other questions: a learner is ranked by those.
        note = f"{NEEDS_LEARNERS} ({ranked} of {MIN_LEARNERS} so far)"
    flags: list[str] = []
    if tally.attempts >= MIN_ATTEMPTS:
        keys = [c.picks for c in choices if c.correct]
        popular_wrong = bool(keys) and any(c.picks > min(keys) for c in choices if not c.correct)
        # ...unless the strongest learners pick the key: then it is a hard question with a good distractor.
        if popular_wrong and not (discrimination is not None and discrimination > 0):
            flags.append("possibly_mis_keyed")
        share = tally.correct / tally.attempts
        if share >= TOO_EASY:
            flags.append("too_easy")
        elif share <= TOO_HARD:
            flags.append("too_hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative_discrimination")
    return QuestionStats(
        question_id=question.id,
        topic_id=question.topic,
        location=question.location,
        generated=generated,
        attempts=tally.attempts,
        correct=tally.correct,
        older_answers=tally.older,
        learners=len(tally.learners),
        mean_seconds=tally.seconds / tally.timed if tally.timed else None,
        choices=choices,
        discrimination=discrimination,
        discrimination_note=note,
        flags=tuple(flags),
    )
