"""Letting synthetic learners study through the real progress store and scheduler, and scoring the estimate.

Each learner gets an in-memory progress database (`open_store(":memory:")`, the real schema, triggers and FSRS
scheduler) on a FakeClock and studies for weeks: on the days they study, the reviews the store says are due,
then new questions topic by topic (practice), now and then a 20-question sprint, and every ten days or so a
full practice exam drawn by the real `draw_exam`. Every answer is recorded with `record_answer`, so the
estimator later sees exactly what the app would have recorded, and nothing of the learner's hidden state.

Two kinds of check are collected:

- checkpoints: when the learner's answers first reach each of CHECKPOINTS, the estimate (and two simple
  baselines) against the truth: the learner's true expected score on a freshly drawn full exam.
- backtests: before each simulated practice exam, the estimate from the answers before it, against the score
  the learner then actually gets on it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..clock import FakeClock
from ..course.coverage import exam_coverage
from ..course.generated import materialize
from ..course.model import Course, Question
from ..exam.draw import draw_exam
from ..progress.readiness import (
    INTERVAL,
    PARAMETERS,
    Evidence,
    ModelParameters,
    estimate_readiness,
    full_exam_blueprint,
    gather_evidence,
)
from ..progress.store import ProgressStore, open_store
from .learners import ItemTruth, Learner, PopulationSettings, draw_learner, item_truths

__all__ = [
    "CHECKPOINTS",
    "Backtest",
    "Checkpoint",
    "Population",
    "Prediction",
    "World",
    "baselines",
    "simulate_learner",
]

CHECKPOINTS = (50, 100, 200)
RECENT_ANSWERS = 50  # the "recent accuracy" baseline looks at this many latest answers
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
MAX_DAYS = 60
EXAM_EVERY_DAYS = 10
SPRINT_BLUEPRINT = "lambda-sprint"


@dataclass(frozen=True)
class Prediction:
    """One predictor's statement: a point, an 80% interval and a probability of passing (all 0..1)."""

    point: float
    low: float
    high: float
    pass_probability: float


@dataclass(frozen=True)
class Checkpoint:
    learner: int
    threshold: int  # the checkpoint (one of CHECKPOINTS) this was taken at
    answers: int  # answers at the time: a session can overshoot the threshold
    truth: float  # the learner's true expected score on a freshly drawn full exam
    evidence: Evidence  # kept so the estimator can be re-run with other parameters (tuning)
    predictions: Mapping[str, Prediction]  # "model", "recent", "answered"


@dataclass(frozen=True)
class Backtest:
    learner: int
    answers: int  # before the exam
    score: float  # what the learner scored on the simulated practice exam
    predictions: Mapping[str, Prediction]


@dataclass
class Population:
    """What one run produced: checkpoints and backtests over all learners."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    backtests: list[Backtest] = field(default_factory=list)
    true_pass: dict[int, bool] = field(default_factory=dict)  # per learner, at the 200-answer checkpoint


class _Shown:
    """Questions as the learner sees them: a generated question is drawn once (its numbers do not matter)."""

    def __init__(self, course: Course) -> None:
        self._cache: dict[str, Question] = {}
        self.course = course

    def __call__(self, question_id: str) -> Question:
        shown = self._cache.get(question_id)
        if shown is None:
            base = self.course.question(question_id)
            assert base is not None
            shown = self._cache[question_id] = materialize(base, 0)
        return shown


def wilson(right: int, total: int, interval: float = INTERVAL) -> tuple[float, float]:
    """The Wilson score interval of a proportion (the textbook interval for a share of right answers)."""
    if total == 0:
        return 0.0, 1.0
    z = _normal_quantile((1 + interval) / 2)
    share = right / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z / (1 + z * z / total) * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def _binomial_prediction(right: int, total: int, pass_mark: float) -> Prediction:
    share = right / total if total else 0.0
    low, high = wilson(right, total)
    spread = math.sqrt(max(share * (1 - share), 1e-6) / max(total, 1))
    pass_probability = 0.5 * math.erfc((pass_mark / 100 - share) / (spread * math.sqrt(2)))
    return Prediction(share, low, high, pass_probability)


def baselines(store: ProgressStore, pass_mark: float) -> dict[str, Prediction]:
    """The two simple predictors: accuracy of the latest RECENT_ANSWERS answers, and of every answer so far."""
    rows = store.db.execute(
        "SELECT correct FROM answers WHERE mode != 'predict' ORDER BY answered_at DESC, rowid DESC"
    ).fetchall()
    recent = [r[0] for r in rows[:RECENT_ANSWERS]]
    every = [r[0] for r in rows]
    return {
        "recent": _binomial_prediction(sum(recent), len(recent), pass_mark),
        "answered": _binomial_prediction(sum(every), len(every), pass_mark),
    }


def model_prediction(
    course: Course, evidence: Evidence, exam_share: float | None, parameters: ModelParameters = PARAMETERS
) -> Prediction:
    estimate = estimate_readiness(course, evidence, exam_share=exam_share, parameters=parameters)
    assert estimate.overall is not None and estimate.low is not None and estimate.high is not None
    return Prediction(estimate.overall, estimate.low, estimate.high, estimate.pass_probability or 0.0)


def true_score(course: Course, learner: Learner, now: datetime, seed: int) -> float:
    """The learner's true expected score on the full exam paper drawn from `seed`."""
    paper = draw_exam(full_exam_blueprint(course), course, seed)
    questions = [q for q in map(course.question, paper.question_ids) if q is not None]
    return sum(learner.p_correct(q, now) for q in questions) / len(questions)


@dataclass
class World:
    """What every learner of a population shares: the course, the items' true difficulties, the blueprints."""

    course: Course
    settings: PopulationSettings
    truths: Mapping[str, ItemTruth]
    exam_share: float | None
    shown: _Shown

    @classmethod
    def build(cls, course: Course, settings: PopulationSettings | None = None, item_seed: int = 0) -> World:
        settings = settings or PopulationSettings()
        coverage = exam_coverage(course)
        truths = item_truths(course, random.Random(f"coldstart-calibration-items:{item_seed}"), settings)
        return cls(course, settings, truths, coverage.exam_share if coverage else None, _Shown(course))


def simulate_learner(
    world: World,
    number: int,
    seed: int,
    population: Population,
    *,
    checkpoints: Sequence[int] = CHECKPOINTS,
    parameters: ModelParameters = PARAMETERS,
) -> None:
    """Simulate learner `number` drawn from `seed`; add its checkpoints and backtests to `population`."""
    course, shown, exam_share = world.course, world.shown, world.exam_share
    rng = random.Random(f"coldstart-calibration:{seed}")
    learner = draw_learner(course, world.truths, rng, world.settings)
    blueprint = full_exam_blueprint(course)
    sprint = next((b for b in course.blueprints if b.id == SPRINT_BLUEPRINT), None)

    clock = FakeClock(START)
    store = open_store(":memory:", course, clock=clock, tz=UTC, fuzz=False)
    order = [t.id for t in course.topics]
    if rng.random() < 0.5:
        rng.shuffle(order)  # half the learners do not follow the course's order
    new_queue = [q.id for topic in order for q in course.questions if q.topic == topic]
    pending = sorted(checkpoints)
    answered = 0

    def answer(question_id: str, mode: str) -> bool:
        nonlocal answered
        question = shown(question_id)
        correct = learner.answer(question, clock.now(), rng)
        picked = _pick(question, correct, rng)
        store.record_answer(question, picked, duration_ms=rng.randint(6_000, 90_000), mode=mode)  # type: ignore[arg-type]  # mode is one of the store's mode literals, chosen by the caller
        clock.advance(rng.uniform(20, 120))
        answered += 1
        return correct

    def predictions() -> dict[str, Prediction]:
        evidence = gather_evidence(course, store)
        return {"model": model_prediction(course, evidence, exam_share, parameters),
                **baselines(store, blueprint.pass_mark)}

    try:
        for day in range(MAX_DAYS):
            if not pending:
                break
            clock.set(START + timedelta(days=day, hours=rng.uniform(0, 12)))
            if rng.random() > learner.diligence:
                continue
            if day and day % EXAM_EVERY_DAYS == 0 and answered >= checkpoints[0]:
                before = predictions()
                paper = draw_exam(blueprint, course, rng.randrange(2**31))
                right = sum(answer(qid, "exam") for qid in paper.question_ids)
                population.backtests.append(Backtest(number, answered, right / len(paper.question_ids), before))
            for qid in store.due_today()[: learner.review_cap]:
                answer(qid, "review")
            for _ in range(learner.new_per_day):
                while new_queue and store.question_state(new_queue[0]) is not None:
                    new_queue.pop(0)
                if not new_queue:
                    break
                answer(new_queue.pop(0), "practice")
            if sprint is not None and rng.random() < learner.sprint_chance:
                for qid in draw_exam(sprint, course, rng.randrange(2**31)).question_ids:
                    answer(qid, "exam")
            while pending and answered >= pending[0]:
                threshold = pending.pop(0)
                evidence = gather_evidence(course, store)
                truth = true_score(course, learner, clock.now(), rng.randrange(2**31))
                population.checkpoints.append(Checkpoint(
                    number, threshold, answered, truth, evidence,
                    {"model": model_prediction(course, evidence, exam_share, parameters),
                     **baselines(store, blueprint.pass_mark)},
                ))
                if threshold == 200:
                    population.true_pass[number] = truth * 100 >= blueprint.pass_mark
    finally:
        store.close()


def _pick(question: Question, correct: bool, rng: random.Random) -> list[int]:
    """Choice indexes that are right (or wrong) for `question`."""
    key = sorted(question.correct_indexes)
    if correct:
        return key
    wrong = [i for i in range(len(question.choices)) if i not in question.correct_indexes]
    if len(key) <= 1:
        return [rng.choice(wrong)]
    swapped = key[:]
    swapped[rng.randrange(len(swapped))] = rng.choice(wrong)  # one right choice swapped for a wrong one
    return sorted(swapped)


def _normal_quantile(p: float) -> float:
    """The standard normal quantile, by bisection on erf (only called with a handful of values)."""
    low, high = -10.0, 10.0
    for _ in range(80):
        middle = (low + high) / 2
        if 0.5 * math.erfc(-middle / math.sqrt(2)) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2
