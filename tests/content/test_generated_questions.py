"""Every generated question of the bundled course builds into a fair question, whatever the draw."""

from __future__ import annotations

import pytest
from coldstart.core.course.generated import materialize
from coldstart.core.course.loader import load_course
from coldstart.core.paths import bundled_course_dir

GENERATED = [q for q in load_course(bundled_course_dir()).course.questions if q.generator is not None]
SEEDS = [0, 1, 2, 7, 42, 1_764_230_400, 1_800_000_017, 1_900_000_123]  # small ones and clock-like ones


def test_the_course_has_generated_questions() -> None:
    assert len(GENERATED) >= 15


@pytest.mark.parametrize("question", GENERATED, ids=lambda q: q.id)
def test_each_drawing_has_four_distinct_choices_and_one_key(question) -> None:
    for seed in SEEDS:
        built = materialize(question, seed)
        texts = [c.text for c in built.choices]
        assert len(texts) == 4 and len(set(texts)) == 4, (question.id, seed, texts)
        assert sum(c.correct for c in built.choices) == 1, (question.id, seed)
        assert built.stem.strip() and built.explanation.strip()
        assert all(c.why.strip() for c in built.choices)
        assert built.content_hash == question.content_hash  # progress is kept per generated question
