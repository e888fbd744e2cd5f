"""Checks every simulation's tests share: time order, determinism, and the shape of generated questions."""

from __future__ import annotations

from collections import defaultdict

from coldstart.core.sims.base import Event, SimResult, Simulation
from coldstart.core.sims.generate import Ask, GeneratedQuestion


def assert_time_ordered(result: SimResult) -> None:
    """Events never go backwards in simulated time."""
    times = [event.time for event in result.events]
    assert times == sorted(times), "events go back in time"
    assert all(time >= 0 for time in times)


def assert_deterministic(simulation: Simulation, params: dict, seed: int) -> SimResult:
    """The same parameters and seed give the same run, to the last event."""
    first = simulation.run(params, seed)
    assert simulation.run(params, seed).to_json() == first.to_json()
    return first


def build_checked(ask: Ask, spec: dict, seed: int) -> tuple[GeneratedQuestion, str]:
    """Build a question; check it has four distinct choices, exactly one correct. Returns it and the answer."""
    question = ask.build(spec, seed)
    texts = [choice.text for choice in question.choices]
    assert len(texts) == 4 and len(set(texts)) == 4, texts
    correct = [choice.text for choice in question.choices if choice.correct]
    assert len(correct) == 1, texts
    assert all(choice.why for choice in question.choices)
    assert question.stem and question.explanation
    return question, correct[0]


def of_kind(result: SimResult, kind: str) -> list[Event]:
    """The run's events of one kind, in time order."""
    return [event for event in result.events if event.kind == kind]


def ends(result: SimResult, *fields: str) -> dict[int, list[str]]:
    """Item index -> the `fields` of event data that list it (how it ended), once per event naming it.

    An item that ends exactly once has a list of length one; a missing index never ended.
    """
    found: dict[int, list[str]] = defaultdict(list)
    for event in result.events:
        for field in fields:
            for index in event.data.get(field, ()):
                found[index].append(field)
    return found
