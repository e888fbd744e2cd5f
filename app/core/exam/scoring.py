"""Scoring a submitted exam: all-or-nothing per question, as on the real exam.

`ExamResult` holds everything the results screen shows: the score against the pass mark, the tallies per
domain and per topic, and for every question the learner's answer, the key, the explanation, the source and
the time spent on it. Answers are always in the question's own (YAML) choice indexes; `order` says how the
choices were shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..course.model import Course, Question

__all__ = ["ExamResult", "QuestionResult", "Tally", "tally"]


@dataclass(frozen=True)
class Tally:
    """Correct answers out of a total."""

    correct: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        """The share correct, 0–100; 0 for an empty tally."""
        return 100.0 * self.correct / self.total if self.total else 0.0

    def to_json(self) -> dict[str, int]:
        return {"correct": self.correct, "total": self.total}


@dataclass(frozen=True)
class QuestionResult:
    """One question of a submitted exam and what the learner did with it."""

    position: int  # 0-based place in the exam
    question: Question
    picked: frozenset[int] | None  # own-order choice indexes; None when left unanswered
    order: tuple[int, ...]  # own indexes in the order they were shown
    flagged: bool = False
    time_spent: timedelta = timedelta(0)

    @property
    def answered(self) -> bool:
        return self.picked is not None

    @property
    def incomplete(self) -> str | None:
        """'Choose two: you picked one' when a multiple response was submitted with the wrong number picked."""
        return self.question.kind.count_problem(self.question.choose, self.picked) if self.picked is not None else None

    @property
    def correct(self) -> bool:
        """Right only if exactly the keyed choices were picked: no partial credit."""
        return self.picked is not None and self.question.is_correct(self.picked)

    @property
    def correct_indexes(self) -> frozenset[int]:
        return self.question.correct_indexes

    @property
    def explanation(self) -> str:
        return self.question.explanation

    @property
    def source(self) -> str:
        return self.question.source


def tally(results: Iterable[QuestionResult], key: Callable[[Question], str], order: Sequence[str] = ()) -> dict[str, Tally]:
    """Correct/total per `key` of the question; keys listed in `order` come first, the rest as met."""
    counts: dict[str, list[int]] = {k: [0, 0] for k in order}
    for result in results:
        entry = counts.setdefault(key(result.question), [0, 0])
        entry[0] += result.correct
        entry[1] += 1
    return {k: Tally(c, t) for k, (c, t) in counts.items() if t}


@dataclass(frozen=True)
class ExamResult:
    """A submitted exam, scored."""

    exam_id: int
    blueprint_id: str
    title: str
    pass_mark: float  # percent
    started: datetime
    submitted_at: datetime
    time_used: timedelta
    timed_out: bool  # submitted by the clock rather than by the learner
    questions: tuple[QuestionResult, ...]
    by_domain: dict[str, Tally] = field(default_factory=dict)
    by_topic: dict[str, Tally] = field(default_factory=dict)

    @classmethod
    def build(cls, course: Course, questions: Sequence[QuestionResult], **fields: object) -> ExamResult:
        """Score `questions`, with domains and topics tallied in the course's order."""
        return cls(
            questions=tuple(questions),
            by_domain=tally(questions, lambda q: q.domain, [d.id for d in course.domains]),
            by_topic=tally(questions, lambda q: q.topic, [t.id for t in course.topics]),
            **fields,  # type: ignore[arg-type]  # a dict of the remaining fields, each typed by the dataclass
        )

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.questions)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def score(self) -> float:
        """Percent correct, 0–100."""
        return Tally(self.correct, self.total).percent

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.score >= self.pass_mark

    @property
    def missed_ids(self) -> tuple[str, ...]:
        """The questions answered wrongly or not at all, in exam order: what "retake the ones I missed" asks."""
        return tuple(r.question.id for r in self.questions if not r.correct)
