"""A generated question's content hash covers its ask's version; this test makes sure the version is bumped.

generated_fingerprints.json records, per ask version and per parameter spec of the bundled course, a
fingerprint of what the ask shows for seeds 0..SEEDS-1: each drawing's stem and its choices with their
correct flags (the explanation is left out, as it is from every content hash). If a change to a simulation
or an ask changes what learners are asked without a version bump, the fingerprint differs and this fails:
bump the ask's `version` (sims.generate.Ask), so learners see the question marked changed, then record the
new version's fingerprints with

    .venv/bin/python tests/content/test_generated_versions.py --record

Recording only adds fingerprints for versions and specs not yet in the table, never overwrites one, and drops
those of versions and specs no question uses any more.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from coldstart.core.course.generated import materialize
from coldstart.core.course.hashing import ask_version
from coldstart.core.course.loader import load_course
from coldstart.core.paths import bundled_course_dir

TABLE = Path(__file__).with_name("generated_fingerprints.json")
SEEDS = 12


def generated_questions():
    return [q for q in load_course(bundled_course_dir()).course.questions if q.generator is not None]


def entry_key(question) -> tuple[str, str]:
    spec = question.generator
    version = ask_version(spec.simulation, spec.ask)
    return f"{spec.simulation}/{spec.ask}@v{version}", json.dumps(spec.params, sort_keys=True)


def fingerprint(question) -> str:
    drawings = []
    for seed in range(SEEDS):
        built = materialize(question, seed)
        drawings.append([" ".join(built.stem.split()), sorted([c.text, c.correct] for c in built.choices)])
    return hashlib.sha256(json.dumps(drawings).encode()).hexdigest()[:20]


def load_table() -> dict[str, dict[str, str]]:
    return json.loads(TABLE.read_text()) if TABLE.exists() else {}


QUESTIONS = generated_questions()


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_what_an_ask_shows_changes_only_with_its_version(question) -> None:
    ask, spec = entry_key(question)
    recorded = load_table().get(ask, {}).get(spec)
    assert recorded is not None, (
        f"no fingerprint for {ask} with params {spec}: record it with "
        "`.venv/bin/python tests/content/test_generated_versions.py --record`"
    )
    assert fingerprint(question) == recorded, (
        f"{ask} now shows learners something else for the same params and seeds: bump the ask's version "
        "(sims.generate.Ask.version) so the question is marked changed, then record its fingerprints"
    )


def record() -> None:
    """Add the fingerprints of versions and specs not in the table yet; drop those no question uses any more."""
    old = load_table()
    table: dict[str, dict[str, str]] = {}
    added = 0
    for question in generated_questions():
        ask, spec = entry_key(question)
        known = old.get(ask, {}).get(spec)
        table.setdefault(ask, {})[spec] = known or fingerprint(question)
        added += known is None
    TABLE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    print(f"{added} fingerprint{'s' if added != 1 else ''} added to {TABLE.name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit(__doc__)
    record()
