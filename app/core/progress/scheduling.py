"""FSRS scheduling for quiz questions: how an answer becomes a rating, and cards to and from rows.

Every question gets an FSRS card the first time it is answered in a scheduling mode (unseen questions
are "new": they have no card). The rating is derived from the answer, never asked for:

- wrong            -> Again
- right            -> Good
- right and fast   -> Easy, where "fast" means answered in less time than it takes to read the question
  once at a brisk 250 words per minute (stem and choices), but never under 3 s and always under 15 s.
  Answering about as fast as you can read means you knew it cold. Unknown durations are never fast.

Hard is never used: a quiz answer is right or wrong, and Anki's manual warns that using Hard for a
near-miss corrupts scheduling.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from fsrs import Card, Rating, ReviewLog, Scheduler, State

from ..clock import utc
from ..course.model import Question

__all__ = [
    "DEFAULT_DESIRED_RETENTION",
    "card_from_row",
    "card_id_for",
    "card_row",
    "fast_threshold_ms",
    "iso",
    "make_scheduler",
    "rating_for",
    "recall_at",
    "replay",
    "retrievability",
]

DEFAULT_DESIRED_RETENTION = 0.9
READING_WORDS_PER_MINUTE = 250
FAST_FLOOR_MS = 3_000
FAST_CEILING_MS = 15_000


def iso(moment: datetime) -> str:
    """The one text form of a time in the database: UTC, microseconds, so text order is time order."""
    return utc(moment).isoformat(timespec="microseconds")


def make_scheduler(desired_retention: float = DEFAULT_DESIRED_RETENTION, *, fuzz: bool = True) -> Scheduler:
    """py-fsrs's scheduler with its default parameters; `fuzz=False` makes intervals deterministic (tests)."""
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def fast_threshold_ms(question: Question) -> int:
    """Below this many milliseconds a right answer counts as fast (rated Easy); see the module docstring."""
    words = len(question.stem.split()) + sum(len(choice.text.split()) for choice in question.choices)
    reading_ms = words * 60_000 // READING_WORDS_PER_MINUTE
    return max(FAST_FLOOR_MS, min(FAST_CEILING_MS, reading_ms))


def rating_for(question: Question, correct: bool, duration_ms: int | None) -> Rating:
    """Again for wrong, Easy for right and fast, Good for right."""
    if not correct:
        return Rating.Again
    if duration_ms is not None and duration_ms < fast_threshold_ms(question):
        return Rating.Easy
    return Rating.Good


def card_id_for(question_id: str) -> int:
    """A stable FSRS card id for a question (py-fsrs would otherwise use the wall clock, and sleep)."""
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:6], "big")


def new_card(question_id: str, now: datetime) -> Card:
    """The card of a question never scheduled before: learning, due now."""
    return Card(card_id=card_id_for(question_id), due=utc(now))


def card_row(question_id: str, topic_id: str, card: Card) -> dict[str, Any]:
    """A `cards` table row: py-fsrs's Card.to_dict() columns with our uniform time format."""
    row = dict(card.to_dict())
    row["due"] = iso(card.due)
    row["last_review"] = iso(card.last_review) if card.last_review else None
    return {"question_id": question_id, "topic_id": topic_id, **row}


class _Row(Protocol):
    """A database row read by column name: a dict or an sqlite3.Row."""

    def __getitem__(self, column: str, /) -> Any: ...


def card_from_row(row: _Row) -> Card:
    """The Card a `cards` row stores (built directly: this runs for every question on the dashboard)."""
    return Card(
        card_id=row["card_id"],
        state=State(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=datetime.fromisoformat(row["due"]),
        last_review=datetime.fromisoformat(row["last_review"]) if row["last_review"] else None,
    )


def recall_at(scheduler: Scheduler, now: datetime) -> Callable[[Card | None], float]:
    """A function giving FSRS's probability of recalling a card at `now`; 0 for an unseen question (None).

    Same forgetting curve as `Scheduler.get_card_retrievability`, but with fractional days: py-fsrs
    counts whole days, which would show a question failed this morning as fully remembered all day.
    The curve's constants are worked out once, since the dashboard asks for every question.
    """
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    moment = utc(now)

    def recall(card: Card | None) -> float:
        if card is None or card.last_review is None or not card.stability:
            return 0.0
        elapsed_days = max(0.0, (moment - card.last_review).total_seconds() / 86_400)
        return float((1 + factor * elapsed_days / card.stability) ** decay)

    return recall


def retrievability(scheduler: Scheduler, card: Card | None, now: datetime) -> float:
    """FSRS's probability of recalling `card` at `now` (see `recall_at`)."""
    return recall_at(scheduler, now)(card)


def replay(scheduler: Scheduler, question_id: str, logs: Iterable[tuple[int, datetime, int | None]]) -> Card | None:
    """Rebuild a question's card from its (rating, review time, duration) logs; None when there are none."""
    card_id = card_id_for(question_id)
    review_logs = [
        ReviewLog(card_id=card_id, rating=Rating(rating), review_datetime=utc(when), review_duration=duration)
        for rating, when, duration in logs
    ]
    if not review_logs:
        return None
    first = min(log.review_datetime for log in review_logs)
    return scheduler.reschedule_card(Card(card_id=card_id, due=first), review_logs)
