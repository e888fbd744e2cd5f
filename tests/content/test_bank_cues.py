"""The bundled banks give no surface cue away: the floors of issue #10, pooled and per bank.

Written questions count once each; a generated question counts once too, over GENERATED_DRAWS drawings with
seeds 0, 1, … (each drawing weighs 1/GENERATED_DRAWS). The definitions and floors live in
coldstart.core.authoring.cues, which `coldstart lint` reports from as well.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from coldstart.core.authoring import cues
from coldstart.core.course.loader import load_course
from coldstart.core.paths import bundled_course_dir


@cache
def banks() -> dict[Path, list[cues.Item]]:
    return cues.items_by_bank(load_course(bundled_course_dir()).course.questions)


def _bank_names() -> list[str]:
    """The bank files, named without loading the course (collection stays fast)."""
    return sorted(path.name for path in (bundled_course_dir() / "quizzes").glob("*.yaml"))


def _describe(name: str, items: list[cues.Item]) -> str:
    figures = cues.figures(items)
    found = cues.breaches(figures)
    lines = [f"{name}: {figures.as_dict()}"] + [f"  - {b.rule}: {b.message}" for b in found]
    return "\n".join(lines)


def test_the_pooled_bank_meets_every_floor() -> None:
    items = [item for bank in banks().values() for item in bank]
    figures = cues.figures(items)
    print(_describe("pooled", items))
    assert cues.breaches(figures) == [], _describe("pooled", items)


@pytest.mark.parametrize("name", _bank_names())
def test_each_large_bank_meets_every_floor(name: str) -> None:
    items = next(bank for path, bank in banks().items() if path.name == name)
    print(_describe(name, items))
    if not cues.judged(items):
        pytest.skip(f"{name} has fewer than {cues.MIN_SINGLES_PER_BANK} single-response questions: judged pooled only")
    assert cues.breaches(cues.figures(items)) == [], _describe(name, items)


def test_the_figures_follow_their_definitions() -> None:
    """A hand-checked bank: the cue figures are what the definitions say (a guard on the floors' arithmetic)."""
    longest_key = cues.Item((30, 10, 10, 10), frozenset({0}))  # the key is the longest
    shortest_key = cues.Item((5, 10, 10, 10), frozenset({0}))  # the key is the shortest, also at A
    tied = cues.Item((10, 10, 10, 10), frozenset({2}))  # every choice as long: longest and shortest
    multiple = cues.Item((20, 20, 5, 5, 5), frozenset({0, 1}))  # the 2 longest are the key
    drawn = [cues.Item((10, 10, 10, 40), frozenset({3}), weight=0.5, written_position=False)] * 2
    f = cues.figures([longest_key, shortest_key, tied, multiple, *drawn])
    assert f.singles == 4 and f.multiples == 1
    assert f.key_longest == pytest.approx(75.0)  # longest_key, tied and the drawn question
    assert f.key_shortest == pytest.approx(50.0)  # shortest_key and tied
    assert f.k_longest_exact == pytest.approx(100.0)
    assert f.positions == {"A": pytest.approx(200 / 3), "B": 0.0, "C": pytest.approx(100 / 3), "D": 0.0}
    # pick the longest: right on longest_key, 1/4 on tied, right on multiple and on the drawn question
    assert f.pick_longest == pytest.approx(100 * (1 + 0.25 + 1 + 1) / 5)
    assert f.pick_shortest == pytest.approx(100 * (1 + 0.25) / 5)  # shortest_key, and 1/4 on tied
    assert f.blind == pytest.approx(100 * (4 * 0.25 + 1 / 10) / 5)
    correct = (30 + 5 + 10 + 20 + 20 + 40) / 6  # the drawn question counts once
    wrong = (30 + 30 + 30 + 15 + 30) / 15
    assert f.length_ratio == pytest.approx(correct / wrong)
    rules = {b.rule for b in cues.breaches(f)}
    assert rules == {"key-longest", "key-shortest", "k-longest-key", "length-ratio", "pick-longest", "key-position"}
