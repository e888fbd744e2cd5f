"""A generated course of a few thousand questions, with mistakes planted in it, gives the same findings and the
same course with the fast YAML reader as with the composer alone (the reader before large courses were fast)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.course import bulk, schema, yamlfile
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


def test_checking_without_keeping_the_questions_finds_the_same(flawed_course: Path) -> None:
    """`coldstart validate` checks every question but keeps none (the workers send back only ids, topics and
    places): its findings are the loaded course's, and it counts the questions it would have kept."""
    kept = load_course(flawed_course, processes=1)
    checked = load_course(flawed_course, keep_questions=False)  # by the worker processes, as validate reads it

    assert checked.problems == kept.problems  # the duplicate id across files and the exam pools among them
    assert checked.course.questions == ()
    assert checked.question_count == len(kept.course.questions) == kept.question_count == 2_000 - 5
    assert checked.course.topics == kept.course.topics
    assert checked.course.blueprints == kept.course.blueprints


def test_validate_prints_every_finding_and_the_count_of_valid_questions(flawed_course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(flawed_course)
    monkeypatch.setenv("COLUMNS", "300")  # a finding per line
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["validate", str(flawed_course)]) == 1
    expected = load_course(flawed_course, processes=1)
    lines = out.getvalue().splitlines()
    assert lines[: len(expected.problems)] == [
        f"{problem.file.relative_to(flawed_course)}:{problem.line}:{problem.column}: error: {problem.message}" for problem in expected.problems
    ]
    assert lines[-1] == f"7 problems in . (22 topics, {2_000 - 5} questions, 6 exams loaded)"


def test_the_quick_check_of_common_records_finds_what_the_field_by_field_walk_finds(
    flawed_course: Path, course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record of known keys with every required one is checked key by key (`schema._record_check`); anything
    else, and every record when that quick check is taken away, by `Checker._record`. Both say the same."""
    for name, text in BROKEN_BANKS.items():
        (course_copy / "quizzes" / f"{name}.yaml").write_text(text, encoding="utf-8")
    courses = (flawed_course, course_copy)
    quick = [load_course(course, processes=1) for course in courses]

    monkeypatch.setattr(schema, "_CHECK_FUNCTIONS", {})
    monkeypatch.setattr(schema, "_record_check", lambda kind: lambda checker, value, path: checker._record(kind, value, path))
    walked = [load_course(course, processes=1) for course in courses]

    for fast, slow in zip(quick, walked, strict=True):
        assert fast.problems == slow.problems
        assert fast.course == slow.course
    assert {problem.file.stem for problem in quick[1].problems} == set(BROKEN_BANKS) - VALID_VARIANTS


# Question banks with a mistake of each kind the record checks find, in the mini course's alpha topic, and two
# that are valid although not written the common way (VALID_VARIANTS).
_QUESTION = """  - id: {id}
    domain: development
    type: single
    difficulty: 2
    stem: A stem?
    choices:
      - text: Right
        correct: true
        why: Because.
      - text: Wrong
        why: Because not.
    explanation: An explanation.
    source: https://docs.aws.amazon.com/lambda/
"""
BROKEN_BANKS = {
    "empty-required": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e1").replace("stem: A stem?", "stem:"),
    "empty-optional": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e2").replace("    difficulty: 2\n", "    difficulty: 2\n    tags:\n"),
    "empty-choice-text": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e3").replace("text: Wrong", "text:"),
    "missing-why": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e4").replace("        why: Because not.\n", ""),
    "unknown-key": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e5").replace("    difficulty: 2\n", "    difficulty: 2\n    dificulty: 3\n"),
    "bad-values": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e6").replace("difficulty: 2", "difficulty: 9").replace("type: single", "type: singel"),
    "not-a-mapping": "topic: alpha\nquestions:\n  - just text\n" + _QUESTION.format(id="e7").replace("      - text: Right", "      - [Right]"),
    "id-not-text": "topic: alpha\nquestions:\n" + _QUESTION.format(id="[1, 2]"),
    "bad-id": "topic: alpha\nquestions:\n" + _QUESTION.format(id="Not An Id"),
    "numbers-as-text": "topic: alpha\nquestions:\n" + _QUESTION.format(id="2024").replace("text: Wrong", "text: 42"),
    "flag-as-text": "topic: alpha\nquestions:\n" + _QUESTION.format(id="e8").replace("why: Because not.", "why: yes"),
}
VALID_VARIANTS = {"empty-optional", "numbers-as-text"}


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
