"""The course validator refuses NaN and over-budget simulation parameters, located at the params."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from coldstart.core.course.loader import load_course

TOPIC = """
id: gamma
title: Gamma
summary: With a simulation.
sections:
  - id: s
    title: S
    blocks:
      - simulation:
          name: {name}
          params: {params}
"""


def problems(root: Path) -> list[str]:
    return [problem.display(root) for problem in load_course(root).problems]


@pytest.mark.parametrize(("name", "params", "words"), [
    ("async-retry", "{spacing: .nan}", ("spacing=nan", "0–3,600 s")),
    ("cost", "{ephemeral_rate: .inf}", ("ephemeral_rate=inf",)),
    ("concurrency", "{source: stream, shards: 10000, parallelization_factor: 10, rate: 1000000, seconds: 7200}",
     ("too large to simulate", "reduce rate or seconds")),
])
def test_a_bad_simulation_block_is_one_located_problem(course_copy: Path, name: str, params: str,
                                                        words: tuple[str, ...]) -> None:
    (course_copy / "content/gamma.yaml").write_text(textwrap.dedent(TOPIC.format(name=name, params=params)).lstrip())
    found = [line for line in problems(course_copy) if "not listed in content/course.yaml" not in line]
    assert len(found) == 1, found
    assert found[0].startswith("content/gamma.yaml:10:")
    for word in words:
        assert word in found[0]
