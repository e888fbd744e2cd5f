"""Synthetic learners whose true chance of answering each question is known, built on purpose NOT like the estimator.

The readiness estimator (progress/readiness.py) assumes one Beta rate per topic, authored difficulty labels,
FSRS forgetting and a fixed slip rate. A check against learners built from the same assumptions would be
circular, so these learners differ on every point:

- ability: an overall logit ability plus a per-topic deviation, so topics are correlated through the overall
  ability but not equal; each answer in a topic also teaches a little about the topic (transfer), so first
  tries get better over the weeks, which the estimator does not model.
- items: a true difficulty that is the authored label only loosely (label effect plus a wide random part), and
  a guessing floor from the question's shape (1 in 4 for single answer, 1 in C(n, k) for multiple response).
- answering: know it (memory or working it out cold), then maybe slip; otherwise guess.
- memory: a stretched-exponential forgetting curve exp(−(t/S)^shape) with a learner's own shape (not FSRS's
  power law); a successful retrieval multiplies S by more the harder it was (the spacing effect); a miss
  teaches the answer only with the learner's relearning probability, with a short S.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..course.model import Course, Question

__all__ = ["ItemTruth", "Learner", "PopulationSettings", "draw_learner", "item_truths"]

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class PopulationSettings:
    """Where the synthetic population sits; chosen so that 30–70% of learners would pass after 200 answers."""

    ability_mean: float = 0.5  # logit
    ability_sd: float = 0.9
    topic_sd: float = 0.6  # a topic's deviation from the learner's overall ability
    label_effect: float = 0.5  # true logit difficulty per authored level above medium
    difficulty_sd: float = 0.8  # what the label does not say


@dataclass(frozen=True)
class ItemTruth:
    difficulty: float  # true logit difficulty
    guess: float  # chance of a blind guess being right (all-or-nothing)


def item_truths(course: Course, rng: random.Random, settings: PopulationSettings) -> dict[str, ItemTruth]:
    """True difficulties for every question of `course`, shared by a whole population."""
    return {
        q.id: ItemTruth(
            difficulty=settings.label_effect * (q.difficulty - 2) + rng.gauss(0.0, settings.difficulty_sd),
            guess=_guess(q),
        )
        for q in course.questions
    }


def _guess(question: Question) -> float:
    if not question.choices:  # generated: drawn with four choices, one right
        return 0.25
    return 1 / math.comb(len(question.choices), max(1, question.choose))


@dataclass
class Memory:
    strength_days: float
    since: datetime


@dataclass
class Learner:
    """One synthetic learner: hidden abilities and memories, and study habits."""

    topic_ability: dict[str, float]
    slip: float
    relearn: float  # chance that a miss teaches the answer
    first_strength_days: float
    forgetting_shape: float  # < 1: fast early forgetting then a long tail
    spacing_gain: float
    transfer: float  # topic ability gained per answer in the topic
    diligence: float  # chance of studying on a given day
    new_per_day: int
    review_cap: int
    sprint_chance: float
    truths: Mapping[str, ItemTruth]
    memories: dict[str, Memory] = field(default_factory=dict)
    gained: dict[str, float] = field(default_factory=dict)

    def memory(self, question_id: str, now: datetime) -> float:
        memory = self.memories.get(question_id)
        if memory is None:
            return 0.0
        days = max(0.0, (now - memory.since).total_seconds() / DAY_SECONDS)
        return math.exp(-((days / memory.strength_days) ** self.forgetting_shape))

    def p_correct(self, question: Question, now: datetime) -> float:
        """The true chance that this learner answers `question` right at `now`."""
        truth = self.truths[question.id]
        ability = self.topic_ability.get(question.topic, 0.0) + self.gained.get(question.topic, 0.0)
        cold = 1 / (1 + math.exp(truth.difficulty - ability))
        remembered = self.memory(question.id, now)
        knows = (remembered + (1 - remembered) * cold) * (1 - self.slip)
        return knows + (1 - knows) * truth.guess

    def answer(self, question: Question, now: datetime, rng: random.Random) -> bool:
        """Answer (right or wrong, at random with the true chance) and learn from the feedback."""
        remembered = self.memory(question.id, now)
        correct = rng.random() < self.p_correct(question, now)
        memory = self.memories.get(question.id)
        if correct and memory is not None:
            memory.strength_days *= 1 + self.spacing_gain * (1.1 - remembered)
            memory.since = now
        elif correct:
            self.memories[question.id] = Memory(self.first_strength_days, now)
        elif rng.random() < self.relearn:
            self.memories[question.id] = Memory(self.first_strength_days / 2, now)
        else:
            self.memories.pop(question.id, None)
        self.gained[question.topic] = min(1.0, self.gained.get(question.topic, 0.0) + self.transfer)
        return correct


def draw_learner(
    course: Course, truths: Mapping[str, ItemTruth], rng: random.Random, settings: PopulationSettings
) -> Learner:
    """A learner drawn from the population."""
    overall = rng.gauss(settings.ability_mean, settings.ability_sd)
    return Learner(
        topic_ability={t.id: overall + rng.gauss(0.0, settings.topic_sd) for t in course.topics},
        slip=rng.uniform(0.02, 0.10),
        relearn=rng.uniform(0.4, 0.9),
        first_strength_days=rng.uniform(1.0, 6.0),
        forgetting_shape=rng.uniform(0.4, 0.9),
        spacing_gain=rng.uniform(1.0, 3.0),
        transfer=rng.uniform(0.0, 0.008),
        diligence=rng.uniform(0.5, 0.95),
        new_per_day=rng.randint(6, 20),
        review_cap=rng.randint(20, 60),
        sprint_chance=rng.uniform(0.0, 0.25),
        truths=truths,
    )
