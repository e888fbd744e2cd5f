"""Questions generated from a simulation run.

A course question may name a simulation and an *ask* instead of fixed text. The ask draws parameters, runs
the simulation, and builds a four-choice question whose correct answer is what the run produced; the wrong
choices are plausible mistakes (an outdated figure from the notes, an off-by-one retry, a forgotten free
tier), each with the reason it is wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..wording import count_of as count_of  # the simulations import it from here
from .base import SimResult, Simulation
from .params import ParamError

CHOICES_PER_QUESTION = 4


@dataclass(frozen=True)
class GeneratedChoice:
    """One answer option and why it is right or wrong."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class GeneratedQuestion:
    """A question computed from a simulation run; `result` is the run it was computed from."""

    stem: str
    choices: tuple[GeneratedChoice, ...]
    explanation: str
    result: SimResult


@dataclass(frozen=True)
class Ask:
    """Something a generated question may ask about a simulation: `build(params spec, seed)` makes one.

    `version` is part of every generated question's content hash: bump it whenever what the ask shows a
    learner for the same parameters and seed changes (its stem, its choices or which one is correct), so
    learners see the question marked changed. tests/content/generated_fingerprints.json records what each
    version shows and fails when it changes without a bump.
    """

    describe: str
    build: Callable[[dict[str, Any], int], GeneratedQuestion]
    version: int = 1


def draw_params(sim: Simulation, spec: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """Concrete, checked parameters from a question's `params` spec.

    A value in the spec is either fixed, or a list to draw from with `random.Random(seed)`: a list of two
    numbers is the range [low, high] (both ints: an int is drawn, otherwise a float), any other list is a
    set of values to pick one from. The drawn values are then resolved against the simulation's parameters,
    so an unknown name or an out-of-range value raises ParamError.
    """
    rng = random.Random(seed)
    drawn: dict[str, Any] = {}
    for name, value in spec.items():
        drawn[name] = _draw(name, value, rng) if isinstance(value, (list, tuple)) else value
    return sim.resolve(drawn)


def _draw(name: str, options: list[Any] | tuple[Any, ...], rng: random.Random) -> Any:
    if not options:
        raise ParamError(f"{name}: an empty list has nothing to draw from")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in options)
    if numbers and len(options) == 2:
        low, high = options
        if low > high:
            raise ParamError(f"{name}: range [{low}, {high}] has its low end above its high end")
        if isinstance(low, int) and isinstance(high, int):
            return rng.randint(low, high)
        return rng.uniform(low, high)
    return rng.choice(list(options))


def make_choices(
    correct: tuple[str, str], distractors: Iterable[tuple[str, str]], seed: int
) -> tuple[GeneratedChoice, ...]:
    """Four shuffled choices: `correct` (text, why) and the first three distractors whose texts differ.

    Distractors are tried in order, so list the most instructive mistakes first and a few spares after:
    one that happens to equal the answer for these parameters is skipped. Raises ValueError when fewer
    than three distinct distractors are left, which is a bug in the ask, not in the course.
    """
    seen = {correct[0]}
    wrong: list[GeneratedChoice] = []
    for text, why in distractors:
        if text in seen:
            continue
        seen.add(text)
        wrong.append(GeneratedChoice(text, False, why))
        if len(wrong) == CHOICES_PER_QUESTION - 1:
            break
    if len(wrong) < CHOICES_PER_QUESTION - 1:
        raise ValueError(f"only {len(wrong)} distinct wrong choices for answer {correct[0]!r}")
    choices = [GeneratedChoice(correct[0], True, correct[1]), *wrong]
    random.Random(seed).shuffle(choices)
    return tuple(choices)


def format_offset(seconds: float) -> str:
    """A simulated time as the learner reads it: "+0 s", "+1 min 5 s", "+2 h 3 min", "+350 ms"."""
    return "+" + format_duration(seconds)


def format_duration(seconds: float) -> str:
    """A span of simulated time: "0 s", "1 min 5 s", "2 h 3 min", "7 d 0 h", "350 ms" (format_offset without +)."""
    if 0 < seconds and round(seconds * 1000) < 1000:  # 0.9999999 s is "1 s", not "1000 ms"
        return f"{seconds * 1000:.0f} ms"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:  # stream records live for days: "7 d 0 h" reads better than "168 h 0 min"
        return f"{hours // 24} d {hours % 24} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def run_story(result: SimResult, limit: int = 8) -> str:
    """The key events of a run as lines for an explanation (first ones, then the last, when there are many)."""
    events = list(result.events)
    if len(events) > limit:
        events = events[: limit - 1] + [events[-1]]
    lines = [f"{format_offset(e.time)}  {e.text}" for e in events]
    if result.verdict:
        lines.append(f"Outcome: {result.verdict}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Composed:
    """What an ask makes of one run: the stem, the answer (text, why), wrong choices best first, the reason.

    `distractors` may hold spares: `make_choices` skips any that equal the answer and keeps the first three.
    `reason` opens the explanation, before the key events of the run.
    """

    stem: str
    correct: tuple[str, str]
    distractors: tuple[tuple[str, str], ...]
    reason: str = ""


def run_ask(
    sim: Simulation, describe: str, compose: Callable[[SimResult], Composed], story_limit: int = 8, *, version: int = 1
) -> Ask:
    """An Ask that draws parameters from the spec, runs `sim`, and lets `compose` phrase the question.

    The answer is always read from the run, so the question can never disagree with what the simulation shows.
    """

    def build(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
        result = sim.runner(draw_params(sim, spec, seed), seed)
        composed = compose(result)
        story = run_story(result, story_limit)
        explanation = f"{composed.reason}\n\n{story}" if composed.reason else story
        return GeneratedQuestion(composed.stem, make_choices(composed.correct, composed.distractors, seed), explanation, result)

    return Ask(describe, build, version)
