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
