"""Question types are defined once (app/core/course/question_types.py); everything else asks them."""

from __future__ import annotations

import pytest
from coldstart.core.course.question_types import MULTIPLE, QUESTION_TYPES, SINGLE, kind_for_key
from coldstart.core.wording import count_word


def test_every_type_is_known_by_its_name() -> None:
    assert set(QUESTION_TYPES) == {"single", "multiple"}
    assert QUESTION_TYPES["single"] is SINGLE and QUESTION_TYPES["multiple"] is MULTIPLE


@pytest.mark.parametrize(
    ("kind", "correct", "choices", "problem"),
    [
        (SINGLE, 1, 4, None),
        (SINGLE, 0, 4, "q has no correct choice; a single-response question has exactly one"),
        (SINGLE, 2, 4, "q has 2 correct choices; a single-response question has exactly one"),
        (MULTIPLE, 2, 4, None),
        (MULTIPLE, 1, 4, "q has 1 correct choice; a multiple-response question has at least two"),
        (MULTIPLE, 4, 4, "q: every choice is correct; add a wrong one"),
    ],
)
def test_the_key_rules_of_each_type(kind, correct, choices, problem) -> None:
    assert kind.key_problem("q", correct, choices) == problem


def test_a_wrong_count_is_a_problem_only_where_several_are_picked() -> None:
    assert MULTIPLE.count_problem(2, {0, 1, 2}) == "Choose two: you picked three"
    assert MULTIPLE.count_problem(2, {0}) == "Choose two: you picked one"
    assert MULTIPLE.count_problem(2, {0, 3}) is None
    assert MULTIPLE.count_problem(2, set()) is None  # nothing picked is simply unanswered
    assert SINGLE.count_problem(1, {2}) is None
    assert not SINGLE.may_hold({0, 1}) and SINGLE.may_hold({0}) and MULTIPLE.may_hold({0, 1, 2})


def test_how_each_type_is_described_and_scored() -> None:
    assert MULTIPLE.instruction(3) == "Choose three."
    assert SINGLE.instruction(1) == ""
    assert MULTIPLE.score({0, 2}, {2, 0}) and not MULTIPLE.score({0, 2}, {0})  # all or nothing
    assert count_word(12) == "12"


def test_a_type_left_out_follows_from_the_key() -> None:
    assert kind_for_key(1) is SINGLE
    assert kind_for_key(3) is MULTIPLE
    assert kind_for_key(0) is SINGLE  # none fits: the validator then says why
