"""Questions in and out of other formats: Anki packages, Moodle GIFT and CSV.

Exports read the loaded course, so they carry exactly what the app serves. Imports parse a file into
questions written the way a question bank is written, then let the course loader judge them before a single
byte is written (see `bank.py`); every problem is reported at its place in the imported file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...course.loader import Problem
from ...course.model import Course, Question
from ...wording import count_of

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ImportFailed(Exception):
    """An import file that cannot be imported: every problem, located in that file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(count_of(len(problems), "problem"))
        self.problems = tuple(sorted(problems))


@dataclass
class Imported:
    """One question read from an import file: bank-shaped data and where it was written.

    `data` uses the keys of a question in a bank (id, domain, type, difficulty, tags, stem, choices,
    explanation, source); keys the file did not give are absent and get the import's defaults. `id_given`
    is False when the file named no usable id, so one is made up.
    """

    data: dict[str, Any]
    line: int
    column: int
    id_given: bool = True
    where: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (line, column), when known


def exportable(course: Course, topics: Iterable[str] = ()) -> list[Question]:
    """The questions an export carries, grouped by topic in reading order.

    Generated questions are left out: their stem and choices only exist once a simulation has run.
    """
    chosen = set(topics)
    order = [t.id for t in course.topics if not chosen or t.id in chosen]
    return [q for topic in order for q in course.questions_for(topic) if q.generator is None]


def lettered(question: Question) -> list[tuple[str, str]]:
    """(letter, text) for each choice, in the order the author wrote them."""
    return [(LETTERS[i], c.text.strip()) for i, c in enumerate(question.choices)]


def correct_letters(question: Question) -> str:
    return "".join(LETTERS[i] for i in sorted(question.correct_indexes))


def topic_domain_tags(question: Question) -> list[str]:
    """The question's own tags, then its topic and domain, for tools that filter by tag."""
    return [*question.tags, f"topic::{question.topic}", f"domain::{question.domain}"]


class Locator:
    """Line and column (1-based) of offsets in a text, for located problems."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def __call__(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def whole_number(text: str) -> int | str:
    """`text` as a whole number when it is written in ASCII digits, else the text for the loader to refuse.

    `str.isdigit` is true for "²" and for 5,000 digits, which `int` refuses with a traceback.
    """
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else text


def read_text(path: Path) -> str:
    """An import file's text; a file that is not UTF-8 text is a located problem, never a traceback."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFailed([Problem(path, 1, 1, f"cannot read the file: {error.strerror or error}")]) from None
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        raise ImportFailed([Problem(path, line, offset - raw.rfind(b"\n", 0, offset), "binary file: it contains NUL bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        raise ImportFailed([Problem(path, line, column, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]) from None
