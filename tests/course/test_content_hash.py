"""What marks a question "changed since you last answered", and what must not.

Covered by the hash (a change marks the question changed): the stem's words, each choice's words, and which
choices are correct. Not covered (no mark): the order of the choices, whitespace, the explanation, the
per-choice whys, tags and difficulty. A generated question: its simulation, ask, parameters and the ask's
version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest
from coldstart.core.course import hashing
from coldstart.core.course.model import Choice, GeneratorSpec, Question
from coldstart.core.sims import registry


def written(*choices: tuple[str, bool], stem: str = "Which setting stops the retries?", kind: str = "single") -> Question:
    return Question(
        id="q1",
        topic="t",
        domain="dev",
        type=kind,  # type: ignore[arg-type]
        stem=stem,
        choices=tuple(Choice(text, correct, f"why {text}") for text, correct in choices),
        explanation="Because.",
        source="https://docs.aws.amazon.com/lambda/",
        difficulty=2,
    )


BASE = written(("Retry attempts 0", True), ("Timeout 900 s", False), ("Memory 128 MB", False), ("Batch size 1", False))


def with_choices(question: Question, choices: tuple[Choice, ...]) -> Question:
    return replace(question, choices=choices)


def test_moving_the_key_to_another_position_is_no_change() -> None:
    moved = with_choices(BASE, BASE.choices[1:] + BASE.choices[:1])
    reversed_ = with_choices(BASE, tuple(reversed(BASE.choices)))
    assert moved.content_hash == BASE.content_hash == reversed_.content_hash


def test_changing_which_choice_is_correct_is_a_change() -> None:
    # Same texts in the same order, the key moved from the first choice to the second: a hash that dropped the
    # correct flags, or sorted texts and flags apart, would not see it.
    texts = [c.text for c in BASE.choices]
    rekeyed = written(*((text, i == 1) for i, text in enumerate(texts)))
    assert rekeyed.content_hash != BASE.content_hash


def test_adding_a_second_correct_choice_is_a_change() -> None:
    more = written(*((c.text, c.correct or i == 2) for i, c in enumerate(BASE.choices)), kind="multiple")
    assert more.content_hash != BASE.content_hash


@pytest.mark.parametrize(
    "edit",
    [
        lambda q: replace(q, stem="Which setting turns the retries off?"),
        lambda q: with_choices(q, (replace(q.choices[0], text="Maximum retry attempts 0"), *q.choices[1:])),
        lambda q: with_choices(q, (*q.choices[:3], replace(q.choices[3], text="Batch size 10"))),
        lambda q: with_choices(q, q.choices[:3]),  # a distractor removed
    ],
    ids=["stem reworded", "key reworded", "distractor reworded", "distractor removed"],
)
def test_a_reworded_question_is_marked_changed(edit) -> None:
    assert edit(BASE).content_hash != BASE.content_hash


@pytest.mark.parametrize(
    "edit",
    [
        lambda q: replace(q, explanation="A better explanation."),
        lambda q: with_choices(q, tuple(replace(c, why="A clearer reason.") for c in q.choices)),
        lambda q: replace(q, tags=("retries",), difficulty=3),
        lambda q: replace(q, stem="Which  setting stops\nthe retries?"),
    ],
    ids=["explanation", "whys", "tags and difficulty", "whitespace"],
)
def test_edits_that_do_not_change_what_is_asked_are_no_change(edit) -> None:
    assert edit(BASE).content_hash == BASE.content_hash


def test_hashes_say_their_format() -> None:
    assert BASE.content_hash.startswith("v2:") and hashing.is_current_format(BASE.content_hash)


def test_format_1_hashes_of_any_choice_order_upgrade_to_todays_hash() -> None:
    def format_1(question: Question) -> str:  # the hash function before format 2, verbatim
        payload = {"stem": " ".join(question.stem.split()), "choices": [[" ".join(c.text.split()), c.correct] for c in question.choices]}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]

    shuffled = with_choices(BASE, (BASE.choices[2], BASE.choices[0], BASE.choices[3], BASE.choices[1]))
    assert hashing.upgraded(format_1(BASE), shuffled) == shuffled.content_hash
    reworded = replace(BASE, stem="Which setting turns the retries off?")
    assert hashing.upgraded(format_1(BASE), reworded) is None


# --- generated questions ----------------------------------------------------------------------------------------


def generated(params: dict | None = None) -> Question:
    return Question(
        id="gen",
        topic="t",
        domain="dev",
        type="single",
        stem="generated",
        choices=(),
        explanation="",
        source="https://docs.aws.amazon.com/lambda/",
        difficulty=2,
        generator=GeneratorSpec("async-retry", "attempts", params or {"retries": [0, 2]}),
    )


def test_a_generated_question_is_changed_by_its_params_and_its_asks_version(monkeypatch) -> None:
    question = generated()
    assert generated({"retries": [1, 2]}).content_hash != question.content_hash
    ask = registry.asks("async-retry")["attempts"]
    revised = replace(ask, version=ask.version + 1)
    module = registry._module("async-retry")
    monkeypatch.setitem(module.ASKS, "attempts", revised)
    assert generated().content_hash != question.content_hash


def test_a_generated_format_1_hash_stands_for_the_asks_first_version(monkeypatch) -> None:
    spec = generated().generator
    format_1 = hashlib.sha256(
        json.dumps({"generator": [spec.simulation, spec.ask, sorted(spec.params.items())]}, sort_keys=True).encode()
    ).hexdigest()[:16]
    assert hashing.upgraded(format_1, generated()) == hashing.content_hash(generated(), ask_version_override=1)
    ask = registry.asks("async-retry")["attempts"]
    monkeypatch.setitem(registry._module("async-retry").ASKS, "attempts", replace(ask, version=2))
    assert hashing.upgraded(format_1, generated()) != generated().content_hash  # revised since: marked changed
