"""A seeded fuzz test: the bundled course, broken a few hundred ways, never gives a traceback.

Each case takes one file of a slice of the bundled course and breaks it once: a line deleted, doubled or
swapped, an indentation changed, a value swapped for another type, the file cut short, or odd Unicode (a
zero-width space, a right-to-left override, a control character, invalid UTF-8) put in. The loader must come
back with every problem located at a real FILE:LINE:COLUMN in one line, and the app must open on a sample of
the broken courses, show its home screen and a topic, and close without an exception.

The seed is fixed, so a failure names a case that fails again the same way: run this file with `-k` and the
case number printed in the assertion.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from coldstart.core.course.loader import load_course
from coldstart.core.paths import bundled_course_dir

SEED = 14_06
CASES = 300
APP_SAMPLE = 20
# A slice of the bundled course that holds every kind of block (tables, diagrams, simulations with predictions,
# changed facts) and of question (single, multiple, generated), and the exam blueprints. Loading the slice
# instead of all of it keeps each case quick, so many cases fit in a few seconds.
TOPICS = ("intro",)

TYPE_SWAPS = ("[a, list]", "{a: mapping}", "~", "", "true", "12", "-1", "1e999", ".nan", "''", "2024-13-45", "&anchor x", "*nowhere", "!!python/name:os.system ''")
ODD_TEXT = ("\u200b", "\ufeff", "\u202e", "\u2028", "\x85", "\x1b[2J", "\x7f", "\x00", "\t", "e\u0301", "🙂", "：", "\ud7ff", "\U0010ffff")


def course_files(root: Path) -> list[Path]:
    files = [root / "content" / "course.yaml", root / "content" / "exam-guide.yaml"]
    for topic in TOPICS:
        files += [root / "content" / f"{topic}.yaml", root / "quizzes" / f"{topic}.yaml"]
    return files + sorted((root / "quizzes" / "exams").glob("*.yaml"))


def copy_slice(target: Path) -> Path:
    source = bundled_course_dir()
    for path in course_files(source):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


# --- mutations: each takes the file's lines and a random source, and returns the file's new bytes -------------


def _line_edit(lines: list[str], rng: random.Random) -> bytes:
    at = rng.randrange(len(lines))
    how = rng.choice(("delete", "double", "swap", "blank"))
    if how == "delete":
        del lines[at]
    elif how == "double":
        lines.insert(at, lines[at])
    elif how == "swap" and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    else:
        lines[at] = ""
    return "\n".join(lines).encode()


def _indentation(lines: list[str], rng: random.Random) -> bytes:
    at = rng.randrange(len(lines))
    line = lines[at]
    lines[at] = rng.choice((" ", "  ", "    ")) + line if rng.random() < 0.5 else line[rng.randint(1, 4) :] if line.startswith(" ") else " " + line
    return "\n".join(lines).encode()


def _type_swap(lines: list[str], rng: random.Random) -> bytes:
    keyed = [i for i, line in enumerate(lines) if ": " in line or line.rstrip().endswith(":")]
    at = rng.choice(keyed) if keyed else rng.randrange(len(lines))
    key, _, _value = lines[at].partition(":")
    lines[at] = f"{key}: {rng.choice(TYPE_SWAPS)}"
    return "\n".join(lines).encode()


def _truncate(lines: list[str], rng: random.Random) -> bytes:
    raw = "\n".join(lines).encode()
    return raw[: rng.randrange(len(raw))]


def _odd_unicode(lines: list[str], rng: random.Random) -> bytes:
    text = "\n".join(lines)
    at = rng.randrange(len(text))
    if rng.random() < 0.15:  # bytes that are not UTF-8 at all
        raw = text.encode()
        cut = len(text[:at].encode())
        return raw[:cut] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80")) + raw[cut:]
    return (text[:at] + rng.choice(ODD_TEXT) + text[at:]).encode()


MUTATIONS: tuple[Callable[[list[str], random.Random], bytes], ...] = (_line_edit, _indentation, _type_swap, _truncate, _odd_unicode)


@dataclass(frozen=True)
class Case:
    number: int
    file: Path  # relative to the course
    mutation: str
    text: bytes


def cases() -> list[Case]:
    """The seeded cases, the same on every run and machine."""
    rng = random.Random(SEED)
    source = bundled_course_dir()
    originals = {path.relative_to(source): path.read_text(encoding="utf-8").split("\n") for path in course_files(source)}
    names = sorted(originals)
    weights = [len(originals[name]) for name in names]  # every line of the course is as likely to be hit
    made = []
    for number in range(CASES):
        [name] = rng.choices(names, weights)
        mutation = rng.choice(MUTATIONS)
        made.append(Case(number, name, mutation.__name__.strip("_"), mutation(list(originals[name]), rng)))
    return made


def assert_located(root: Path, case: Case) -> int:
    """Load the course; every problem names a course file and a line and column inside it, in one line.

    Returns how many problems there were.
    """
    result = load_course(root)
    for problem in result.problems:
        label = f"case {case.number} ({case.mutation} in {case.file}): {problem}"
        assert problem.file.is_relative_to(root), label
        assert problem.file.is_file(), label
        lines = problem.file.read_bytes().count(b"\n") + 1
        assert 1 <= problem.line <= lines and problem.column >= 1, label
        assert problem.message.strip() and "\n" not in problem.message, label
        assert "Traceback" not in problem.message and "<unicode string>" not in problem.message, label
    return len(result.problems)


def test_every_mutated_course_loads_with_every_problem_located(tmp_path: Path) -> None:
    root = copy_slice(tmp_path / "course")
    clean = assert_located(root, Case(-1, Path("content/course.yaml"), "none", b""))
    broken = 0
    for case in cases():
        target = root / case.file
        original = target.read_bytes()
        target.write_bytes(case.text)
        try:
            broken += assert_located(root, case) > clean
        finally:
            target.write_bytes(original)
    assert broken > CASES // 2  # the mutations do break the course: the fuzzer is not testing a clean course


@pytest.mark.parametrize("case", cases()[:: CASES // APP_SAMPLE], ids=lambda case: f"case{case.number}-{case.mutation}")
async def test_the_app_opens_on_a_mutated_course(tmp_path: Path, case: Case) -> None:
    from datetime import UTC, datetime

    from coldstart.core.clock import FakeClock
    from coldstart.ui.factory import create_app
    from coldstart.ui.screens.home import HomeScreen
    from coldstart.ui.screens.topic import TopicScreen

    root = copy_slice(tmp_path / "course")
    (root / case.file).write_bytes(case.text)
    app = create_app(root, tmp_path / "progress.db", clock=FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        if app.course.topics:
            await pilot.press("enter")  # the first topic, rendered from whatever survived the mutation
            await pilot.pause()
            assert isinstance(app.screen, TopicScreen)
    assert app.return_code in (None, 0)
