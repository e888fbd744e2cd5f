"""Orderings of questions and topics by weakness: pure functions over numbers the store computed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..course.model import Question

__all__ = ["cram_order", "miss_rate", "next_to_read", "weakest"]


class _History(Protocol):
    @property
    def answers(self) -> int: ...
    @property
    def correct(self) -> int: ...


def miss_rate(history: _History | None) -> float:
    """The share of answers missed, smoothed (one imagined right and one wrong answer): 0.5 when unseen.

    Smoothing keeps one unlucky miss from outranking a question missed five times out of six.
    """
    answers = history.answers if history else 0
    missed = answers - (history.correct if history else 0)
    return (missed + 1) / (answers + 2)


def cram_order(
    questions: Sequence[Question],
    history: Mapping[str, _History],
    mastery_by_topic: Mapping[str, float],
) -> list[str]:
    """Question ids for cramming, weakest first.

    Score = topic weakness (1 - topic mastery, 0..1) + smoothed miss rate (0..1); ties go to the question
    missed more often, then to course order. So a question missed often in a topic the learner barely
    remembers comes first, and a question always answered right in a mastered topic comes last.
    """

    def key(item: tuple[int, Question]) -> tuple[float, int, int]:
        position, question = item
        record = history.get(question.id)
        weakness = 1.0 - mastery_by_topic.get(question.topic, 0.0)
        misses = record.answers - record.correct if record else 0
        return (-(weakness + miss_rate(record)), -misses, position)

    return [question.id for _, question in sorted(enumerate(questions), key=key)]


class _Topic(Protocol):
    # Read-only properties, so that frozen dataclasses qualify.
    @property
    def topic_id(self) -> str: ...
    @property
    def answers(self) -> int: ...
    @property
    def mastery(self) -> float: ...

    @property
    def accuracy(self) -> float | None: ...


def weakest(topics: Iterable[_Topic], count: int = 5) -> list[str]:
    """Ids of the `count` weakest topics the learner has started: lowest mastery, then lowest accuracy.

    Topics never practised are left out: they are "not started", not weak, and would otherwise fill the list.
    """
    started = [t for t in topics if t.answers > 0]
    started.sort(key=lambda t: (t.mastery, t.accuracy if t.accuracy is not None else 0.0))
    return [t.topic_id for t in started[:count]]


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
