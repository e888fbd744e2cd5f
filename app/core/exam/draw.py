"""Drawing an exam paper: which questions, in which order, with which choice order.

A paper is rebuilt exactly from (blueprint id, seed, course): every random decision comes from one
`random.Random` seeded with both, and the bank is walked in the course's own order. The paper also keeps,
per question, the permutation of its choices, so that what the learner picks on screen maps back to the
question's own (YAML) choice indexes, which is what scoring and the progress store work in.
"""

from __future__ import annotations

import math
import random
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..course.generated import drawing_seed, materialize
from ..course.model import Blueprint, Course, Question

__all__ = [
    "Paper", "apportion", "check_blueprint", "domain_counts", "draw_custom", "draw_exam", "exam_pool", "new_seed",
]


@dataclass(frozen=True)
class Paper:
    """The drawn questions in exam order, how each one's choices are shown, and what fell short."""

    question_ids: tuple[str, ...]
    # permutations[i][d] is the question's own index of the choice shown d-th (0-based) on screen.
    permutations: tuple[tuple[int, ...], ...]
    notices: tuple[str, ...] = ()  # shortfalls, one sentence each, for the learner and the validator


def new_seed() -> int:
    """A fresh seed for a new paper; recorded, so the paper can be rebuilt."""
    return random.SystemRandom().randrange(2**31)


def apportion(count: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split `count` seats over `weights` by the largest-remainder (Hamilton) method.

    Each key gets the floor of its exact quota; the seats left go to the largest fractional parts, ties
    to the key listed first. Zero or negative weights get nothing, unless every weight is zero, in which
    case the keys share equally (so a fill-in from unweighted domains still works).
    """
    if count < 0:
        raise ValueError("count must not be negative")
    positive = {key: max(float(w), 0.0) for key, w in weights.items()}
    total = sum(positive.values())
    if total == 0:
        positive = dict.fromkeys(weights, 1.0)
        total = float(len(positive))
    if not positive:
        return {}
    quotas = {key: count * w / total for key, w in positive.items()}
    seats = {key: math.floor(q) for key, q in quotas.items()}
    left = count - sum(seats.values())
    order = list(quotas)  # sorted() is stable: equal remainders keep the author's order
    for key in sorted(order, key=lambda k: quotas[k] - seats[k], reverse=True)[:left]:
        seats[key] += 1
    return seats


def exam_pool(blueprint: Blueprint, course: Course) -> list[Question]:
    """The questions a blueprint may draw from, in course order (generated questions included).

    Practice-only questions (`exam: false`) are never drawn: they test trivia the exam guide does not cover, and
    drawing them would tilt a paper away from the exam's weight of topics.
    """
    topics = set(blueprint.topics)
    return [q for q in course.exam_questions if not topics or q.topic in topics]


# A generated question runs its simulation to get its numbers, tens of milliseconds for some, and a paper is built
# again from its seed as the exam is drawn, opened, submitted and scored: each drawing is kept (the last few
# papers' worth). The key names the question's version (its content hash covers its simulation, ask, the ask's
# version and its parameters) and the paper.
_drawings: OrderedDict[tuple[str, str, int], Question] = OrderedDict()
KEEP_DRAWINGS = 1024
_drawings_lock = threading.Lock()


def paper_question(question: Question, seed: int) -> Question:
    """A question as it stands on a paper drawn from `seed`: a generated one gets its numbers here."""
    if question.generator is None:
        return question
    key = (question.id, question.content_hash, seed)
    with _drawings_lock:  # papers are built on the UI thread and in workers (exam results, the CLI)
        drawn = _drawings.get(key)
        if drawn is not None:
            _drawings.move_to_end(key)
            return drawn
    drawn = materialize(question, drawing_seed(seed, question.id))
    with _drawings_lock:
        _drawings[key] = drawn
        if len(_drawings) > KEEP_DRAWINGS:
            _drawings.popitem(last=False)
    return drawn


def _targets(blueprint: Blueprint, pool: Sequence[Question]) -> tuple[dict[str, int], list[str]]:
    """How many questions to draw from each domain, and the sentences that say what fell short.

    Domains short of their share are filled from the others by weight, round after round, until the
    count is met or the bank runs out; domains the blueprint does not weigh come last.
    """
    available: dict[str, int] = {}
    for question in pool:
        available[question.domain] = available.get(question.domain, 0) + 1
    notices: list[str] = []
    count = blueprint.question_count
    if len(pool) < count:
        notices.append(
            f"the bank has {len(pool)} questions for this exam; the blueprint wants {count}, "
            f"so the exam has {len(pool)}"
        )
        count = len(pool)
    wanted = apportion(count, blueprint.domain_weights)
    taken = {domain: min(n, available.get(domain, 0)) for domain, n in wanted.items()}
    for domain, n in wanted.items():
        if taken[domain] < n:
            noun = "question" if taken[domain] == 1 else "questions"
            notices.append(f"the bank has {taken[domain]} {domain} {noun}; the blueprint wants {n}")
    while (missing := count - sum(taken.values())) > 0:
        spare = {d: available[d] - taken.get(d, 0) for d in available if available[d] > taken.get(d, 0)}
        weighted = {d: blueprint.domain_weights[d] for d in spare if blueprint.domain_weights.get(d, 0) > 0}
        share = apportion(missing, weighted or dict.fromkeys(spare, 0.0))
        for domain, n in share.items():
            taken[domain] = taken.get(domain, 0) + min(n, spare[domain])
    return taken, notices


def _shuffle_choices(questions: Iterable[Question], rng: random.Random) -> tuple[tuple[int, ...], ...]:
    permutations = []
    for question in questions:
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        permutations.append(tuple(order))
    return tuple(permutations)


def _rng(kind: str, seed: int) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`, so it is the same in every process and Python run.
    return random.Random(f"coldstart-exam:{kind}:{seed}")


def draw_exam(blueprint: Blueprint, course: Course, seed: int) -> Paper:
    """Draw a paper for `blueprint` from the course's bank: by domain weight, shuffled from `seed`."""
    rng = _rng(blueprint.id, seed)
    pool = exam_pool(blueprint, course)
    targets, notices = _targets(blueprint, pool)
    chosen: list[Question] = []
    for domain, n in targets.items():
        in_domain = [q for q in pool if q.domain == domain]
        chosen.extend(rng.sample(in_domain, n))
    rng.shuffle(chosen)
    shown = [paper_question(q, seed) for q in chosen]
    return Paper(tuple(q.id for q in chosen), _shuffle_choices(shown, rng), tuple(notices))


def draw_custom(question_ids: Sequence[str], course: Course, seed: int) -> Paper:
    """A paper of exactly these questions (a retake, say), in an order and choice order drawn from `seed`.

    Ids the course no longer has are left out, with a notice.
    """
    rng = _rng("custom", seed)
    questions = [q for q in (course.question(i) for i in dict.fromkeys(question_ids)) if q is not None]
    gone = len(dict.fromkeys(question_ids)) - len(questions)
    notices = (f"questions no longer in the course were left out: {gone}",) if gone else ()
    rng.shuffle(questions)
    shown = [paper_question(q, seed) for q in questions]
    return Paper(tuple(q.id for q in questions), _shuffle_choices(shown, rng), notices)


def domain_counts(blueprint: Blueprint, course: Course) -> dict[str, int]:
    """How many questions of each domain every paper of `blueprint` holds (the same for every seed)."""
    return _targets(blueprint, exam_pool(blueprint, course))[0]


def check_blueprint(blueprint: Blueprint, course: Course) -> list[str]:
    """The bank-size problems of a blueprint, one sentence each: what the draw would have to fill in.

    The validator reports these; the other blueprint checks (unknown domains, weights summing to 100) are
    its own.
    """
    return _targets(blueprint, exam_pool(blueprint, course))[1]
