"""What loading a course gives: the course and its problems. Light on imports, so a cached course loads fast."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Course


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a course, located like a compiler error."""

    file: Path
    line: int
    column: int
    message: str

    def display(self, root: Path | None = None) -> str:
        path = self.file
        if root is not None:
            try:
                path = self.file.relative_to(root)
            except ValueError:
                pass
        return f"{path}:{self.line}:{self.column}: {self.message}"

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True)
class LoadResult:
    course: Course
    problems: tuple[Problem, ...]
    # Set when the questions were checked but not kept (`load_course(keep_questions=False)`): how many were valid.
    checked_questions: int | None = None

    @property
    def question_count(self) -> int:
        """How many valid questions the course has, kept or not."""
        return len(self.course.questions) if self.checked_questions is None else self.checked_questions

    @property
    def ok(self) -> bool:
        return not self.problems
