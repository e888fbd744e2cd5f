"""Readiness: the percentage you would be expected to score on a full practice exam today, with an interval.

What it estimates: the expected percentage correct on a paper of the course's full practice exam
(the blueprint with the most questions over the whole course), drawn as `exam.draw` draws it: so many
questions per domain, at random within each domain. That expectation is the domain-weighted mean, over the
exam pool, of the chance of answering each question right.

The model of that chance, for one question of topic t with authored difficulty level d:

- cold: the chance of answering it right without remembering it, logistic(ability_t + shift_d). ability_t
  is the learner's first-attempt success rate in the topic (first attempts only: a retry after reading the
  explanation says little about a question never seen), a Beta posterior whose prior is the learner's
  first-attempt rate over the whole course, worth `prior_strength` answers. So a topic with two answers sits
  near the learner's overall level and moves away from it only as its own answers accumulate. shift_d moves
  easy questions up and hard ones down by `difficulty_shift` on the logit scale.
- remembered: for a question answered before, FSRS's retrievability R (the scheduler's probability of
  recalling the card now, from the store's cards). Tuning tried discounting R after a wrong last answer (FSRS
  resets the forgetting curve at every review, right or wrong); it did not help, so R is taken as it is.
- the chance of answering right is remembered × `remembered_correct` + (1 − remembered) × cold; a question
  never answered has remembered = 0, so it is predicted from the topic, not counted wrong.

The interval is the central 80% of the scores simulated by posterior sampling: draw the overall and topic
rates from their Beta posteriors and a learner-wide logit error of sd `model_error` (what the model cannot
see: forgetting that is not FSRS's, difficulties that are not the authored ones), then the spread between one
drawn paper and another (sampling without replacement within each domain). It narrows as answers
accumulate, down to the floor the paper draw and the model error set. Sampling is seeded, so the same
history always gives the same figures. With fewer than MIN_ANSWERS answers there is no number at all.

The parameters were tuned on simulated learners (app/core/calibration, `bench/bench_calibration.py --tune`)
and checked on fresh ones; docs/readiness.md gives the figures.

Readiness covers what the course covers: `exam_share` (from course/coverage.py) says how much of the real
exam that is. `readiness_explanation` and `results_explanation` are the one place the wording lives.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from operator import itemgetter, mul
from typing import TYPE_CHECKING

from fsrs import Scheduler

from ..course.coverage import exam_coverage
from ..course.model import Blueprint, Course, Question
from ..exam.draw import domain_counts, exam_pool
from .scheduling import recall_at

if TYPE_CHECKING:
    from .store import ProgressStore, QuestionState

__all__ = [
    "DEFAULT_PASS_MARK",
    "INTERVAL",
    "MIN_ANSWERS",
    "PARAMETERS",
    "DomainReadiness",
    "Evidence",
    "ModelParameters",
    "Readiness",
    "estimate_readiness",
    "full_exam_blueprint",
    "gather_evidence",
    "readiness",
    "readiness_explanation",
    "results_explanation",
]

DEFAULT_PASS_MARK = 72.0  # DVA-C02: 720 of 1000
DEFAULT_EXAM_QUESTIONS = 65
MIN_ANSWERS = 20  # fewer answers than this and readiness says "not enough answers yet" instead of a number
INTERVAL = 0.80  # the stated interval holds the learner's true score this often (checked by the calibration bench)
SAMPLES = 400
SEED = 20_261_203  # posterior sampling is seeded: the same history always gives the same figures
DIFFICULTY_LEVELS = (1, 2, 3)
NORMAL_BETA_ABOVE = 50.0


@dataclass(frozen=True)
class ModelParameters:
    """The estimator's few constants; tuned on simulated learners (see the module docstring)."""

    prior_strength: float = 6.0  # answers' worth of pull of a topic toward the learner's overall rate
    difficulty_shift: float = 0.7  # logit shift per authored difficulty level away from medium
    remembered_correct: float = 0.9  # chance of answering right a question you remember (slips, misreadings)
    model_error: float = 0.15  # sd, on the logit scale, of a learner-wide error the model cannot see


PARAMETERS = ModelParameters()


@dataclass(frozen=True)
class Evidence:
    """What the estimator reads from the progress store, per course question answered at least once."""

    first_correct: Mapping[str, bool]  # was the first answer to the question right
    last_correct: Mapping[str, bool]  # was the latest answer right
    recall: Mapping[str, float]  # FSRS retrievability now (0 for a question only ever crammed)
    answers: int  # answers to course questions, every mode but predictions

    @classmethod
    def from_states(
        cls,
        course: Course,
        states: Mapping[str, QuestionState],
        first_correct: Mapping[str, bool],
        scheduler: Scheduler,
        now: datetime,
    ) -> Evidence:
        recall = recall_at(scheduler, now)
        seen = [states[q.id] for q in course.questions if q.id in states]
        return cls(
            first_correct={s.question_id: first_correct[s.question_id] for s in seen if s.question_id in first_correct},
            last_correct={s.question_id: s.last_correct for s in seen},
            recall={s.question_id: recall(s.card) for s in seen},
            answers=sum(s.answers for s in seen),
        )

def gather_evidence(
    course: Course, store: ProgressStore, states: Mapping[str, QuestionState] | None = None
) -> Evidence:
    """The evidence for `course` in `store` at the store's now: one indexed probe per answered question."""
    states = store.question_states() if states is None else states
    rows = store.db.execute(
        """SELECT s.question_id,
                  (SELECT a.correct FROM answers a WHERE a.question_id = s.question_id AND a.mode != 'predict'
                   ORDER BY a.answered_at, a.rowid LIMIT 1)
           FROM question_stats s"""
    ).fetchall()
    first = {qid: bool(correct) for qid, correct in rows if correct is not None}
    return Evidence.from_states(course, states, first, store.scheduler, store.now())


@dataclass(frozen=True)
class DomainReadiness:
    """Readiness in one exam domain: the expected share right on its questions; None where not estimated."""

    domain_id: str
    name: str
    weight: float  # percent of the exam
    questions: int  # in the exam pool
    seen: int
    coverage: float  # questions answered at least once / questions
    first_try_accuracy: float | None  # share of the domain's questions answered right the first time
    readiness: float | None  # expected share right (0..1); None without enough evidence or questions
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Readiness:
    """The expected score on a full practice exam today, its 80% interval and what the figures mean."""

    domains: tuple[DomainReadiness, ...]
    overall: float | None  # expected share right, 0..1; None with fewer than `min_answers` answers
    low: float | None  # the 80% interval
    high: float | None
    pass_probability: float | None  # share of posterior samples at or above the pass mark
    pass_mark: float  # percent
    answers: int
    min_answers: int
    exam_share: float | None  # share of the real exam the course covers (None: the course names no exam guide)
    exam_title: str  # the blueprint estimated, e.g. "Full practice exam"
    exam_questions: int
    explanation: str = field(default="")

    @property
    def enough_evidence(self) -> bool:
        return self.overall is not None

    @property
    def on_track(self) -> bool:
        return self.overall is not None and self.overall * 100 >= self.pass_mark

    @property
    def headline(self) -> str:
        """'64% (57–71%)', or what is missing for a number."""
        if self.overall is None or self.low is None or self.high is None:
            missing = self.min_answers - self.answers
            if missing <= 0:  # enough answers, but the course has no questions for its exam
                return "no exam questions to estimate from"
            return f"not enough answers yet: {missing} more for an estimate"
        return f"{self.overall:.0%} ({self.low * 100:.0f}–{self.high:.0%})"

    @property
    def scope(self) -> str:
        """What the figure is about: this course's part of the exam."""
        if self.exam_share is None:
            return "It is measured on what this course covers."
        return f"It is measured on what this course covers, about {self.exam_share:.0%} of the real exam."


def full_exam_blueprint(course: Course) -> Blueprint:
    """The blueprint readiness is about: the whole-course exam with the most questions (a stand-in if none)."""
    whole = [b for b in course.blueprints if not b.topics] or list(course.blueprints)
    if whole:
        return max(whole, key=lambda b: b.question_count)  # max keeps the first of equals: the author's order
    weights = {d.id: d.weight for d in course.domains}
    return Blueprint("readiness", "Full exam", DEFAULT_EXAM_QUESTIONS, 0, DEFAULT_PASS_MARK, weights)


def readiness(course: Course, store: ProgressStore, states: Mapping[str, QuestionState] | None = None) -> Readiness:
    """Readiness for `course` from what `store` records, at the store's now."""
    evidence = gather_evidence(course, store, states)
    coverage = exam_coverage(course)
    return estimate_readiness(course, evidence, exam_share=coverage.exam_share if coverage else None)


@dataclass
class _Group:
    """Questions of one domain, topic and difficulty level: enough sums to get their mean and spread."""

    domain: str
    topic: str
    shift: float
    count: int = 0
    remembered: float = 0.0  # Σ R
    remembered_sq: float = 0.0  # Σ R²
    mixed: float = 0.0  # Σ R(1 − R)
    forgotten_sq: float = 0.0  # Σ (1 − R)²

    def add(self, remembered: float) -> None:
        self.count += 1
        self.remembered += remembered
        self.remembered_sq += remembered * remembered
        self.mixed += remembered * (1 - remembered)
        self.forgotten_sq += (1 - remembered) ** 2


def estimate_readiness(
    course: Course,
    evidence: Evidence,
    *,
    exam_share: float | None = None,
    parameters: ModelParameters = PARAMETERS,
    samples: int = SAMPLES,
    seed: int = SEED,
) -> Readiness:
    """The estimate from `evidence` alone (pure: the calibration bench calls this with simulated evidence)."""
    blueprint = full_exam_blueprint(course)
    pool = exam_pool(blueprint, course)
    counts = {d: n for d, n in domain_counts(blueprint, course).items() if n > 0}
    paper = sum(counts.values())
    enough = evidence.answers >= MIN_ANSWERS and paper > 0

    shifts = {level: parameters.difficulty_shift * (2 - level) for level in DIFFICULTY_LEVELS}
    groups: dict[tuple[str, str, int], _Group] = {}
    for question in pool:
        if question.domain not in counts:
            continue
        key = (question.domain, question.topic, question.difficulty)
        group = groups.setdefault(key, _Group(question.domain, question.topic, _shift(shifts, question)))
        group.add(evidence.recall.get(question.id, 0.0))
    by_id = {q.id: q for q in course.questions}
    firsts = [(by_id[qid], ok) for qid, ok in evidence.first_correct.items() if qid in by_id]
    right_all = sum(ok for _, ok in firsts)
    wrong_all = len(firsts) - right_all
    mean_shift_all = sum(_shift(shifts, q) for q, _ in firsts) / len(firsts) if firsts else 0.0
    tallies: dict[str, list[float]] = {}  # topic -> [right, wrong, Σ shift] of first tries
    for question, ok in firsts:
        tally = tallies.setdefault(question.topic, [0.0, 0.0, 0.0])
        tally[0 if ok else 1] += 1
        tally[2] += _shift(shifts, question)
    k = parameters.prior_strength
    topics = sorted({g.topic for g in groups.values()})
    # Per topic: first-try right and wrong, and the difficulty its rate was measured at, shrunk like the rate
    # itself toward the whole course's; subtracting it turns the rate into an ability.
    evidence_of = []
    for topic in topics:
        right, wrong, shift_sum = tallies.get(topic, (0.0, 0.0, 0.0))
        evidence_of.append((right, wrong, (k * mean_shift_all + shift_sum) / (k + right + wrong)))
    domain_ids = list(counts)
    topic_index = {topic: n for n, topic in enumerate(topics)}
    domain_index = {domain: n for n, domain in enumerate(domain_ids)}
    rows = [(domain_index[g.domain], topic_index[g.topic], g) for g in groups.values()]
    sizes = [0] * len(domain_ids)
    for d, _, group in rows:
        sizes[d] += group.count
    weights = [counts[d] / paper for d in domain_ids] if paper else []
    # The share of a domain's spread one paper sees: n of `size` questions drawn without replacement.
    draw_factor = [
        weights[d] ** 2 / counts[domain] * (sizes[d] - counts[domain]) / (sizes[d] - 1) if sizes[d] > 1 else 0.0
        for d, domain in enumerate(domain_ids)
    ]
    m = parameters.remembered_correct
    two_m = 2 * m
    # A sample changes only the cold chances, and a cold chance depends on the topic and the difficulty alone:
    # the samples (_posterior_draws) are lists of cold chances, one per (topic, difficulty); each domain's
    # groups then add up as sums of products over lists, what C does in one pass. Per group, the parts of Σ p and
    # Σ p² (p = R·m + (1 − R)·cold) that no sample changes are made once.
    colds_at: dict[tuple[int, float], int] = {}  # (topic, shift) -> its place in a sample's cold chances
    for _, t, group in rows:
        colds_at.setdefault((t, group.shift), len(colds_at))
    fixed_total = [0.0] * len(domain_ids)  # Σ R·m
    fixed_square = [0.0] * len(domain_ids)  # Σ R²·m²
    places: list[list[int]] = [[] for _ in domain_ids]  # the place of each group's cold chance
    forgotten: list[list[float]] = [[] for _ in domain_ids]  # Σ (1 − R): what the cold chance multiplies in Σ p
    mixed: list[list[float]] = [[] for _ in domain_ids]  # 2m·Σ R(1 − R): what it multiplies in Σ p²
    forgotten_sq: list[list[float]] = [[] for _ in domain_ids]  # Σ (1 − R)²: what its square multiplies there
    for d, t, group in rows:
        fixed_total[d] += m * group.remembered
        fixed_square[d] += m * m * group.remembered_sq
        places[d].append(colds_at[t, group.shift])
        forgotten[d].append(group.count - group.remembered)
        mixed[d].append(two_m * group.mixed)
        forgotten_sq[d].append(group.forgotten_sq)
    picks = [_gather(at) for at in places]
    draws = _posterior_draws(
        tuple(evidence_of), right_all, wrong_all, tuple(colds_at), k, parameters.model_error, samples if enough else 0, seed
    )

    scores: list[float] = []  # expected score on the blueprint's mix, one per posterior sample
    drawn: list[float] = []  # the same plus one paper's draw
    domain_scores: dict[str, list[float]] = {d: [] for d in domain_ids}
    for colds, paper_draw in draws:
        totals, squares = [], []
        for d, pick in enumerate(picks):
            cold = pick(colds)
            totals.append(fixed_total[d] + sum(map(mul, cold, forgotten[d])))
            squares.append(fixed_square[d] + sum(map(mul, cold, mixed[d])) + sum(map(mul, map(mul, cold, cold), forgotten_sq[d])))
        score = spread = 0.0
        for d, domain in enumerate(domain_ids):
            mean = totals[d] / sizes[d]
            domain_scores[domain].append(mean)
            score += weights[d] * mean
            spread += draw_factor[d] * max(0.0, squares[d] / sizes[d] - mean * mean)
        scores.append(score)
        drawn.append(min(1.0, max(0.0, score + paper_draw * math.sqrt(spread))))

    pass_mark = blueprint.pass_mark
    domains = _domains(course, pool, evidence, domain_scores if enough else {})
    result = Readiness(
        domains=domains,
        overall=sum(scores) / len(scores) if enough and scores else None,
        low=_quantile(drawn, (1 - INTERVAL) / 2) if enough and drawn else None,
        high=_quantile(drawn, (1 + INTERVAL) / 2) if enough and drawn else None,
        pass_probability=sum(s * 100 >= pass_mark for s in drawn) / len(drawn) if enough and drawn else None,
        pass_mark=pass_mark,
        answers=evidence.answers,
        min_answers=MIN_ANSWERS,
        exam_share=exam_share,
        exam_title=blueprint.title,
        exam_questions=paper,
    )
    return _with_explanation(result)


def _domains(
    course: Course, pool: Sequence[Question], evidence: Evidence, samples: Mapping[str, list[float]]
) -> tuple[DomainReadiness, ...]:
    result = []
    for domain in course.domains:
        ids = [q.id for q in pool if q.domain == domain.id]
        seen = [qid for qid in ids if qid in evidence.last_correct]
        firsts = [evidence.first_correct[qid] for qid in ids if qid in evidence.first_correct]
        drawn = samples.get(domain.id)
        result.append(
            DomainReadiness(
                domain_id=domain.id,
                name=domain.name,
                weight=domain.weight,
                questions=len(ids),
                seen=len(seen),
                coverage=len(seen) / len(ids) if ids else 0.0,
                first_try_accuracy=sum(firsts) / len(firsts) if firsts else None,
                readiness=sum(drawn) / len(drawn) if drawn else None,
                low=_quantile(drawn, (1 - INTERVAL) / 2) if drawn else None,
                high=_quantile(drawn, (1 + INTERVAL) / 2) if drawn else None,
            )
        )
    return tuple(result)


def _with_explanation(result: Readiness) -> Readiness:
    return replace(result, explanation=readiness_explanation(result))


def readiness_explanation(result: Readiness) -> str:
    """What readiness means, in the words the dashboard, `coldstart stats` and exam results all show."""
    lines = [
        f"Readiness is your expected score today on a {result.exam_title.lower()} "
        f"({result.exam_questions} questions drawn by the exam's domain weights).",
        "Questions you have answered count by how likely you are to remember them (your review schedule); "
        "questions you have not seen are predicted from your first tries in their topic, not counted wrong.",
    ]
    if result.overall is None:
        lines.append(
            f"With fewer than {result.min_answers} answers that would be a guess, so there is no figure yet "
            f"(you have {result.answers})."
        )
    else:
        lines.append(
            "The range holds your true score with 80% probability and narrows as you answer more. "
            f"Chance of reaching the {result.pass_mark:g}% pass mark: {result.pass_probability or 0.0:.0%}."
        )
    lines.append(result.scope)
    return " ".join(lines)


def results_explanation(course: Course, pass_mark: float) -> str:
    """The note under an exam result: what a percentage on this course's exam says about the real one."""
    coverage = exam_coverage(course)
    scope = (
        f"This exam covers what the course covers (about {coverage.exam_share:.0%} of the real exam)."
        if coverage is not None
        else "This exam covers what the course covers."
    )
    return (
        f"{scope} The real exam reports a scaled score, 100–1,000 with a pass at 720, and includes unscored "
        f"questions, so a percentage here (pass mark {pass_mark:g}%) only approximates it."
    )


def _shift(shifts: Mapping[int, float], question: Question) -> float:
    return shifts.get(question.difficulty, 0.0)


@lru_cache(maxsize=8)
def _posterior_draws(
    evidence_of: tuple[tuple[float, float, float], ...],
    right_all: int,
    wrong_all: int,
    cold_keys: tuple[tuple[int, float], ...],
    prior_strength: float,
    model_error: float,
    samples: int,
    seed: int,
) -> tuple[tuple[list[float], float], ...]:
    """The posterior samples: per sample, the cold chance of each (topic index, shift) in `cold_keys` and a
    standard normal draw for the paper (its spread is the caller's, z·sd being what `gauss(0, sd)` draws).

    The draws read only the first tries (`evidence_of`: per topic, right, wrong and the difficulty measured at)
    and the seed; how well each question is remembered never changes them, nor how many random numbers are
    drawn. So they are made once per history of first tries and kept (most of the time of the estimate is
    the Beta draws): a new answer to a question already tried, or the minute moving on, only adds up the
    samples again. The figures are those of drawing them afresh (a test pins them).
    """
    k = prior_strength
    exp = math.exp
    rng = random.Random(seed)
    draws = []
    for _ in range(samples):
        overall = _beta(rng, 1 + right_all, 1 + wrong_all)
        error = rng.gauss(0.0, model_error)
        ability = [
            _logit(_beta(rng, k * overall + right, k * (1 - overall) + wrong)) - measured_at + error
            for right, wrong, measured_at in evidence_of
        ]
        colds = [1 / (1 + exp(-(ability[t] + shift))) for t, shift in cold_keys]
        draws.append((colds, rng.gauss(0.0, 1.0)))
    return tuple(draws)


def _gather(places: Sequence[int]) -> Callable[[Sequence[float]], tuple[float, ...]]:
    """A function picking the items at `places` out of a list, as a tuple (itemgetter, which for a single place
    returns the item itself)."""
    if len(places) == 1:
        only = places[0]
        return lambda items: (items[only],)
    return itemgetter(*places)


def _beta(rng: random.Random, a: float, b: float) -> float:
    """A draw from Beta(a, b); with 50+ on each side, from the normal of the same mean and variance.

    The normal is indistinguishable from the Beta at those counts and costs one draw instead of two gamma
    draws: this runs for every topic of every posterior sample, and a long history has large counts.
    """
    if min(a, b) < NORMAL_BETA_ABOVE:
        return rng.betavariate(a, b)
    total = a + b
    sd = math.sqrt(a * b / (total * total * (total + 1)))
    return min(1.0, max(0.0, rng.gauss(a / total, sd)))


def _logit(p: float) -> float:
    p = min(1 - 1e-6, max(1e-6, p))
    return math.log(p / (1 - p))


def _quantile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
