"""Turn a generated question into a concrete one: draw its parameters, run its simulation, ask."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .model import Choice, Question
from .question_types import SINGLE


def materialize(question: Question, seed: int) -> Question:
    """The question itself when it is written out; otherwise one drawing of it (deterministic per seed).

    The id, topic, domain and content hash stay those of the generator, so progress is kept per generated
    question whatever numbers a drawing shows.
    """
    if question.generator is None:
        return question
    from ..sims import registry

    spec = question.generator
    built = registry.asks(spec.simulation)[spec.ask].build(dict(spec.params), seed)
    return replace(
        question,
        type=SINGLE.name,  # a simulation asks for one answer
        stem=built.stem,
        choices=tuple(Choice(c.text, c.correct, c.why) for c in built.choices),
        explanation=built.explanation,
    )


def drawing_seed(seed: int, question_id: str) -> int:
    """The seed one question is drawn with inside something seeded as a whole (an exam paper).

    Derived, not shared, so each generated question on a paper gets its own numbers, and the same paper
    rebuilt from its seed gets the very same ones.
    """
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")
