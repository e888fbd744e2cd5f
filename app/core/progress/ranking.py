"""Orderings of questions and topics by weakness: pure functions over numbers the store computed.

Weakness is judged by evidence, not by coverage: a topic is as weak as its answers show with some confidence.
Its weakness is the lower bound of the Wilson score interval (80% two-sided, so a 90% one-sided bound) on the
share of its answers that were wrong. One right answer proves nothing either way (bound 0); seven misses in
ten answers are a weakness we can be sure of (bound about 0.50); a topic never answered shows no weakness yet
(it is "not started", a different list). Unlike mean FSRS recall over all of a topic's questions, where every
unseen question counts as forgotten, a barely touched topic does not outrank one the learner keeps missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..course.model import Question

__all__ = ["cram_order", "miss_rate", "next_to_read", "topic_weakness", "weakest"]

# z for a one-sided 90% bound: the weakness we are 90% sure of.
WEAKNESS_Z = 1.2816


class _History(Protocol):
    # Read-only properties, so that frozen dataclasses qualify.
    @property
    def answers(self) -> int: ...
    @property
    def correct(self) -> int: ...
    @property
    def last_correct(self) -> bool: ...


def miss_rate(history: _History | None) -> float:
    """The share of answers missed, smoothed (one imagined right and one wrong answer): 0.5 when unseen.

    Smoothing keeps one unlucky miss from outranking a question missed five times out of six.
    """
    answers = history.answers if history else 0
    missed = answers - (history.correct if history else 0)
    return (missed + 1) / (answers + 2)


def topic_weakness(answers: int, correct: int) -> float:
    """The share of answers missed that the evidence supports with 90% confidence (Wilson lower bound), 0..1.

    0 with no answers or no misses; grows with the miss rate *and* with the number of answers behind it.
    """
    if answers <= 0:
        return 0.0
    z2 = WEAKNESS_Z**2
    missed = (answers - correct) / answers
    centre = missed + z2 / (2 * answers)
    spread = WEAKNESS_Z * math.sqrt(missed * (1 - missed) / answers + z2 / (4 * answers**2))
    return max(0.0, (centre - spread) / (1 + z2 / answers))


def cram_order(questions: Sequence[Question], history: Mapping[str, _History]) -> list[str]:
    """Question ids for cramming: what the learner missed first, then the weakest topics, then the rest.

    1. questions whose latest answer was wrong;
    2. within that and after it, topics by weakness (`topic_weakness` over every answer to the topic);
    3. within a topic, questions by smoothed miss rate (an unseen one, 0.5, before one always answered right),
       then by how often they were missed, then in course order.
    A topic never answered has weakness 0, so cramming opens on what was missed, never on a topic not touched.
    """
    totals: dict[str, list[int]] = {}
    for question in questions:
        record = history.get(question.id)
        if record is not None:
            total = totals.setdefault(question.topic, [0, 0])
            total[0] += record.answers
            total[1] += record.correct
    weakness = {topic: topic_weakness(answers, correct) for topic, (answers, correct) in totals.items()}

    def key(item: tuple[int, Question]) -> tuple[bool, float, float, int, int]:
        position, question = item
        record = history.get(question.id)
        missed_last = record is not None and not record.last_correct
        misses = record.answers - record.correct if record else 0
        return (not missed_last, -weakness.get(question.topic, 0.0), -miss_rate(record), -misses, position)

    return [question.id for _, question in sorted(enumerate(questions), key=key)]


class _Topic(Protocol):
    # Read-only properties, so that frozen dataclasses qualify.
    @property
    def topic_id(self) -> str: ...
    @property
    def answers(self) -> int: ...
    @property
    def correct(self) -> int: ...


def weakest(topics: Iterable[_Topic], count: int = 5) -> list[str]:
    """Ids of the `count` topics the answers show weakest: highest `topic_weakness`, then most misses.

    Topics without a miss are left out: nothing shows they are weak (one right answer is not "mastered"
    either; it simply is not evidence of weakness). The same ranking orders cramming.
    """
    weak = [t for t in topics if t.answers > t.correct]
    weak.sort(key=lambda t: (-topic_weakness(t.answers, t.correct), -(t.answers - t.correct)))
    return [t.topic_id for t in weak[:count]]


class _Reading(Protocol):
    @property
    def sections(self) -> int: ...
    @property
    def sections_read(self) -> int: ...


def next_to_read(topic_ids: Sequence[str], reading: Mapping[str, _Reading]) -> str | None:
    """The first topic, in the course's order, with a section still unread (a topic never opened counts as
    unread); None when every topic is read. What "Continue" opens on the home screen."""
    for topic_id in topic_ids:
        progress = reading.get(topic_id)
        if progress is None or progress.sections_read < progress.sections:
            return topic_id
    return None
