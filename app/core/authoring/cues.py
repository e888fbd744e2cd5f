"""Surface cues of a question bank: can a learner find the key without reading the question?

A test-wise learner picks the longest choice, or the shortest, or the letter the key is usually at. These
figures measure how well each strategy works on a bank, and `breaches` compares them with the floors the
bundled course must meet (issue #10); `coldstart lint` reports the same breaches for any course.

Definitions (the same as the reference script the floors were set with):

- *key is longest / shortest*: share of single-response questions whose correct choice is as long as the
  longest (shortest) choice; a tie counts.
- *k longest are the key*: share of multiple-response questions where the k longest choices (k = number of
  correct choices; ties broken by position) are exactly the key.
- *length ratio*: mean length of correct choices ÷ mean length of wrong choices, over every question.
- *pick longest / shortest*: the expected score, in percent, of always picking the k longest (shortest)
  choices, ties broken at random; *blind* is the expected score of picking k choices at random.
- *key positions*: the share of single-response keys at each position (A, B, …) as written in the files.

A generated question has no fixed wording: it is drawn `GENERATED_DRAWS` times (seeds 0, 1, …) and each drawing
counts with weight 1/GENERATED_DRAWS, so the question counts once. Its choices are shuffled per drawing, so it
has no written key position and stays out of that figure. Lengths are counted in characters of the text as
written (Markdown included).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..course.generated import materialize
from ..course.model import Choice, Question

GENERATED_DRAWS = 200
MIN_SINGLES_PER_BANK = 12  # a bank with fewer single-response questions is judged only in the pooled figures
POSITIONS = 4  # key positions A-D are each expected to hold a fair share of single-response keys

# The floors: (figure, lowest allowed, highest allowed, how to say it). Shares and scores are percentages.
LONGEST_MAX = 30.0
SHORTEST_MAX = 30.0
K_LONGEST_MAX = 15.0
RATIO_RANGE = (0.90, 1.10)
STRATEGY_MARGIN = 5.0  # points a length strategy may beat (or trail) blind guessing by
POSITION_RANGE = (15.0, 35.0)


@dataclass(frozen=True)
class Item:
    """One question as the cue figures see it: its choices' lengths and key, with a weight."""

    lengths: tuple[int, ...]
    key: frozenset[int]
    weight: float = 1.0
    written_position: bool = True  # the key's position is as the author wrote it (not a shuffled drawing)

    @property
    def single(self) -> bool:
        return len(self.key) == 1


@dataclass(frozen=True)
class CueFigures:
    """The surface-cue figures of a set of questions (see the module's docstring for each definition)."""

    singles: float  # weighted count: each generated question counts once
    multiples: float
    key_longest: float | None  # percent of single-response questions; None without any
    key_shortest: float | None
    k_longest_exact: float | None  # percent of multiple-response questions; None without any
    length_ratio: float | None
    pick_longest: float  # expected score, percent
    pick_shortest: float
    blind: float
    positions: dict[str, float] = field(default_factory=dict)  # "A" -> percent of written single keys

    def as_dict(self) -> dict[str, object]:
        return {
            "single": round(self.singles, 2),
            "multiple": round(self.multiples, 2),
            "key_longest_%": _round(self.key_longest),
            "key_shortest_%": _round(self.key_shortest),
            "k_longest_exact_%": _round(self.k_longest_exact),
            "len_ratio": None if self.length_ratio is None else round(self.length_ratio, 3),
            "pick_longest": round(self.pick_longest, 1),
            "pick_shortest": round(self.pick_shortest, 1),
            "blind": round(self.blind, 1),
            "positions_%": {letter: round(share, 1) for letter, share in self.positions.items()},
        }


@dataclass(frozen=True)
class Breach:
    """A figure outside its floor, said in words an author can act on."""

    rule: str  # a lint rule id (see lint_rules)
    message: str


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- questions -> items ------------------------------------------------------------------------------------


def items_of(question: Question, draws: int = GENERATED_DRAWS) -> list[Item]:
    """The items a question contributes: itself, or `draws` weighted drawings of a generated question."""
    if question.generator is None:
        return [_item(question.choices, 1.0, True)]
    return [_item(materialize(question, seed).choices, 1 / draws, False) for seed in range(draws)]


def _item(choices: Sequence[Choice], weight: float, written: bool) -> Item:
    return Item(
        lengths=tuple(len(c.text) for c in choices),
        key=frozenset(i for i, c in enumerate(choices) if c.correct),
        weight=weight,
        written_position=written,
    )


def items_by_bank(questions: Iterable[Question], draws: int = GENERATED_DRAWS) -> dict[Path, list[Item]]:
    """Items per bank file (a question without a location goes under Path())."""
    banks: dict[Path, list[Item]] = defaultdict(list)
    for question in questions:
        bank = question.location.file if question.location else Path()
        banks[bank].extend(items_of(question, draws))
    return dict(banks)


# --- the figures -------------------------------------------------------------------------------------------


def figures(items: Sequence[Item]) -> CueFigures:
    singles = [i for i in items if i.single]
    multiples = [i for i in items if not i.single]
    single_weight = sum(i.weight for i in singles)
    multiple_weight = sum(i.weight for i in multiples)

    def share(selected: Iterable[Item], total: float) -> float | None:
        return 100 * sum(i.weight for i in selected) / total if total else None

    key_longest = share((i for i in singles if i.lengths[_only(i.key)] == max(i.lengths)), single_weight)
    key_shortest = share((i for i in singles if i.lengths[_only(i.key)] == min(i.lengths)), single_weight)
    k_longest = share((i for i in multiples if _k_longest(i) == i.key), multiple_weight)

    correct_total = correct_count = wrong_total = wrong_count = 0.0
    for item in items:
        for index, length in enumerate(item.lengths):
            if index in item.key:
                correct_total, correct_count = correct_total + item.weight * length, correct_count + item.weight
            else:
                wrong_total, wrong_count = wrong_total + item.weight * length, wrong_count + item.weight
    ratio = None
    if correct_count and wrong_count and wrong_total:
        ratio = (correct_total / correct_count) / (wrong_total / wrong_count)

    weight = sum(i.weight for i in items)
    blind = 100 * sum(i.weight / math.comb(len(i.lengths), len(i.key)) for i in items) / weight if weight else 0.0
    pick_longest = 100 * sum(i.weight * _strategy_score(i, longest=True) for i in items) / weight if weight else 0.0
    pick_shortest = 100 * sum(i.weight * _strategy_score(i, longest=False) for i in items) / weight if weight else 0.0

    written = [i for i in singles if i.written_position]
    counts: dict[int, int] = defaultdict(int)
    for item in written:
        counts[_only(item.key)] += 1
    shown = sorted(set(range(POSITIONS)) | set(counts)) if written else []
    positions = {chr(65 + p): 100 * counts[p] / len(written) for p in shown}
    return CueFigures(
        singles=single_weight,
        multiples=multiple_weight,
        key_longest=key_longest,
        key_shortest=key_shortest,
        k_longest_exact=k_longest,
        length_ratio=ratio,
        pick_longest=pick_longest,
        pick_shortest=pick_shortest,
        blind=blind,
        positions=positions,
    )


def _only(key: frozenset[int]) -> int:
    (index,) = key
    return index


def _k_longest(item: Item) -> frozenset[int]:
    """The k longest choices, ties broken by position (the first written wins)."""
    order = sorted(range(len(item.lengths)), key=lambda i: -item.lengths[i])
    return frozenset(order[: len(item.key)])


def _strategy_score(item: Item, *, longest: bool) -> float:
    """The chance that picking the k longest (shortest) choices, ties broken at random, is exactly the key."""
    lengths, key, k = item.lengths, item.key, len(item.key)
    sign = -1 if longest else 1
    order = sorted(range(len(lengths)), key=lambda i: sign * lengths[i])
    cut = lengths[order[k - 1]]
    sure = {i for i, n in enumerate(lengths) if sign * n < sign * cut}  # strictly longer (shorter) than the cut
    tied = {i for i, n in enumerate(lengths) if n == cut}
    rest = key - sure
    if not sure <= key or not rest <= tied:
        return 0.0
    return 1 / math.comb(len(tied), k - len(sure))


# --- the floors --------------------------------------------------------------------------------------------


def breaches(f: CueFigures) -> list[Breach]:
    """Every figure of `f` outside its floor (the bundled course must have none, pooled and per large bank)."""
    found: list[Breach] = []
    if f.key_longest is not None and f.key_longest > LONGEST_MAX:
        found.append(Breach("key-longest", f"the key is the longest choice in {f.key_longest:.1f}% of single-response questions (at most {LONGEST_MAX:.0f}%)"))
    if f.key_shortest is not None and f.key_shortest > SHORTEST_MAX:
        found.append(Breach("key-shortest", f"the key is the shortest choice in {f.key_shortest:.1f}% of single-response questions (at most {SHORTEST_MAX:.0f}%)"))
    if f.k_longest_exact is not None and f.k_longest_exact > K_LONGEST_MAX:
        found.append(Breach("k-longest-key", f"the k longest choices are exactly the key in {f.k_longest_exact:.1f}% of multiple-response questions (at most {K_LONGEST_MAX:.0f}%)"))
    low, high = RATIO_RANGE
    if f.length_ratio is not None and not low <= f.length_ratio <= high:
        found.append(Breach("length-ratio", f"correct choices are on average {f.length_ratio:.3f}× as long as wrong ones ({low:.2f}–{high:.2f})"))
    for name, score in (("longest", f.pick_longest), ("shortest", f.pick_shortest)):
        if abs(score - f.blind) > STRATEGY_MARGIN:
            found.append(Breach(f"pick-{name}", f"picking the {name} choice scores {score:.1f}% against {f.blind:.1f}% for blind guessing (within {STRATEGY_MARGIN:.0f} points)"))
    low, high = POSITION_RANGE
    skewed = {letter: share for letter, share in f.positions.items() if not low <= share <= high}
    if skewed:
        shares = ", ".join(f"{letter} {share:.1f}%" for letter, share in skewed.items())
        found.append(Breach("key-position", f"single-response keys are unevenly placed: {shares} (each position {low:.0f}–{high:.0f}%)"))
    return found


def judged(items: Sequence[Item]) -> bool:
    """Whether a bank is judged on its own: it has enough single-response questions for the figures to mean something."""
    return sum(i.weight for i in items if i.single) >= MIN_SINGLES_PER_BANK - 1e-9
