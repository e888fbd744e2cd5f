"""A generated course of a few thousand questions, with mistakes planted in it, gives the same findings and the
same course with the fast YAML reader as with the composer alone (the reader before large courses were fast)."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
from coldstart.core.course import bulk, yamlfile
from coldstart.core.course.loader import PARALLEL_BYTES, load_course

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_course_size.py"


def generate_course(folder: Path, size: int) -> Path:
    """The course bench/bench_course_size.py measures."""
    spec = importlib.util.spec_from_file_location("bench_course_size", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.generate_course(folder, size)


def plant(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    planted, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not in {path.name}"
    path.write_text(planted, encoding="utf-8")


@pytest.fixture(scope="module")
def flawed_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_course(tmp_path_factory.mktemp("large") / "course", 2_000)
    banks = sorted((root / "quizzes").glob("*.yaml"))
    assert len(banks) > 20
    plant(banks[0], r"^    domain: \w+$", "    domain: nowhere")  # an unknown domain
    plant(banks[1], r"^    explanation: \|\n(      .*\n)+", "")  # a missing key, located deep in a bank
    plant(banks[2], r"^(  - id: )(\S+)$", r"\1apigw-02")  # a duplicate id across files
    plant(banks[3], r"^    difficulty: \d$", '    difficulty: "hard"')  # a value of the wrong type
    plant(banks[4], r"^        why: ([^\"'\\\n]*)$", r'        why: "\\e[2J \1"')  # an escape that clears the screen
    plant(banks[5], r"^    tags: \[(.*)\]$", r"    tags: &shared [\1]")  # an anchor: read by the composer
    plant(banks[6], r"^    difficulty: (\d)$", r"    difficulty: \1\n    difficulty: 3")  # a duplicate key
    plant(banks[7], r"^      - text: (.*)$", r"      - text: \1\n        colour: red")  # an unknown key, 3 deep
    return root


def test_findings_are_the_same_as_the_composer_gives(flawed_course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_course(flawed_course)

    def leave(self: object) -> None:
        raise yamlfile._LeaveToComposer

    monkeypatch.setattr(yamlfile._EventReader, "read", leave)
    thorough = load_course(flawed_course, processes=1)  # here, where the patch is (a worker would not have it)

    assert len(fast.problems) == 7  # one per planted mistake (an anchor alone is no mistake)
    assert fast.problems == thorough.problems
    assert fast.course.questions == thorough.course.questions
    assert len(fast.course.questions) == 2_000 - 5  # left out: a bad domain, a missing key, a duplicate id, a bad value, an unknown key


def test_worker_processes_give_the_same_course_and_findings(flawed_course: Path) -> None:
    assert sum(bank.stat().st_size for bank in (flawed_course / "quizzes").glob("*.yaml")) > PARALLEL_BYTES  # read by workers by default
    by_workers = load_course(flawed_course, processes=3)
    here = load_course(flawed_course, processes=1)

    assert by_workers.problems == here.problems  # the duplicate id across files among them, located in its file
    assert any("duplicate question id" in problem.message for problem in by_workers.problems)
    assert by_workers.course.questions == here.course.questions  # in the same order
    assert by_workers.course == here.course


def _pid_unless_worker(item: int, parent: int) -> tuple[int, int]:
    """A job that fails in a worker process (as a crash would) and succeeds in the parent."""
    if os.getpid() != parent:
        raise SystemExit(3)
    return item, item * item


def _square(item: int, offset: int) -> tuple[int, int, int, int]:
    return item, item * item + offset, os.getpid(), os.nice(0)


def test_workers_keep_the_order_and_do_the_work() -> None:
    with bulk.Workers(2, preload=__name__) as workers:
        results = list(workers.map(_square, range(7), 1))

    assert [(item, value) for item, value, _, _ in results] == [(i, i * i + 1) for i in range(7)]
    assert os.getpid() not in {pid for _, _, pid, _ in results}
    assert len({pid for _, _, pid, _ in results}) == 2
    assert all(niceness > os.nice(0) for _, _, _, niceness in results)  # the workers yield the CPU to this process


def test_what_a_failed_worker_did_not_compute_is_computed_here() -> None:
    with bulk.Workers(2, preload=__name__) as workers:
        assert list(workers.map(_pid_unless_worker, range(5), os.getpid())) == [(i, i * i) for i in range(5)]
