"""A question's content hash: which version of a question a learner answered.

Progress keeps the hash with every answer and report, so the app can say "changed since you last answered"
and question statistics can leave out answers given to an older wording. What the hash covers:

- a written question: its stem, and each choice's text *together with whether it is correct*. The order of
  the choices is left out (an author may move the key to another position without touching what is asked),
  and so are the explanation, the per-choice whys, tags and difficulty: fixing a typo in an explanation
  must not tell a learner the question changed. Whitespace is normalised, so re-wrapping a line is no change.
- a generated question: its simulation, its ask, the ask's `version` (bumped whenever what the ask shows
  changes, so a fix to the simulation marks the question changed) and the parameters it draws from.

Hashes carry their format (`v2:` and 16 hex digits). Format 1, before this module, hashed the choices in
their written order and a generated question without its ask's version; `legacy_hashes` lists the format-1
hashes that stand for the same content as a question today, so stored hashes can be upgraded in place
(`progress.hash_upgrade`) instead of marking every question changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Question

HASH_FORMAT = 2
PREFIX = f"v{HASH_FORMAT}:"
# Format-1 hashes depended on the choices' order: a stored one is matched against every order of today's
# choices, up to this many choices (720 orders); beyond it only the written order is tried.
MAX_CHOICES_REORDERED = 6
FIRST_ASK_VERSION = 1  # every ask's version before asks had versions


def _normal(text: str) -> str:
    return " ".join(text.split())


def _digest(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]


def ask_version(simulation: str, ask: str) -> int:
    """The current version of a simulation's ask (see sims.generate.Ask.version)."""
    from ..sims import registry

    found = registry.asks(simulation).get(ask)
    return getattr(found, "version", FIRST_ASK_VERSION)


def content_hash(question: Question, *, ask_version_override: int | None = None) -> str:
    """The question's hash in the current format (see the module's docstring for what it covers)."""
    spec = question.generator
    if spec is not None:
        version = ask_version_override if ask_version_override is not None else ask_version(spec.simulation, spec.ask)
        payload: dict[str, Any] = {
            "generator": [spec.simulation, spec.ask, version, sorted(spec.params.items())],
        }
    else:
        payload = {
            "stem": _normal(question.stem),
            "choices": sorted([_normal(c.text), c.correct] for c in question.choices),
        }
    return PREFIX + _digest({"format": HASH_FORMAT, **payload})


def is_current_format(stored: str) -> bool:
    return stored.startswith(PREFIX)


def legacy_hashes(question: Question) -> Iterator[str]:
    """The format-1 hashes of this question's content: one per order of its choices (written questions)."""
    spec = question.generator
    if spec is not None:
        yield _digest({"generator": [spec.simulation, spec.ask, sorted(spec.params.items())]})
        return
    stem = _normal(question.stem)
    choices = [[_normal(c.text), c.correct] for c in question.choices]
    orders = itertools.permutations(choices) if len(choices) <= MAX_CHOICES_REORDERED else iter([choices])
    for order in orders:
        yield _digest({"stem": stem, "choices": list(order)})


def upgraded(stored: str, question: Question) -> str | None:
    """The current-format hash a format-1 `stored` hash stands for, or None if it is not this question's content.

    A written question whose stem and choices (text and key) are unchanged in any order maps to its hash of
    today. A generated question's format-1 hash was taken before asks had versions, so it stands for the
    ask's first version: if the ask has been revised since, the upgraded hash differs from today's and the
    question shows as changed, as it should.
    """
    if stored not in set(legacy_hashes(question)):
        return None
    if question.generator is not None:
        return content_hash(question, ask_version_override=FIRST_ASK_VERSION)
    return content_hash(question)
