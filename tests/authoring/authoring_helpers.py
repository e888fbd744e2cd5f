"""Helpers for the authoring tests: what a question looks like once it has gone out and come back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from coldstart.core.authoring.exchange import ImportFailed
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Question

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "sqs-basics"


def carried(question: Question) -> dict[str, Any]:
    """What an exchange format carries of a question, written the way an importer reports it."""
    data: dict[str, Any] = {
        "id": question.id,
        "stem": question.stem.strip(),
        "choices": [
            {"text": c.text.strip(), **({"correct": True} if c.correct else {}), "why": c.why.strip()} for c in question.choices
        ],
        "explanation": question.explanation.strip(),
        "domain": question.domain,
        "difficulty": question.difficulty,
        "source": question.source,
    }
    if question.tags:
        data["tags"] = list(question.tags)
    return data


def imported(data: dict[str, Any]) -> dict[str, Any]:
    """An importer's data without the keys `carried` does not compare (type follows from the key)."""
    return {k: v for k, v in data.items() if k not in ("type", "topic")}


def clean(root: Path) -> None:
    """Assert that the course at `root` loads without a single problem."""
    problems = load_course(root).problems
    assert not problems, "\n".join(str(p) for p in problems)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to show that a refused command wrote nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write(folder: Path, text: str, name: str = "import.txt") -> Path:
    """An import file holding `text`."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(parse: Callable[[Path], object], path: Path) -> list[tuple[int, int, str]]:
    """(line, column, message) of each problem a parser reports; it must refuse the file."""
    with pytest.raises(ImportFailed) as raised:
        parse(path)
    return [(p.line, p.column, p.message) for p in raised.value.problems]


def assert_located(problems: list[tuple[int, int, str]], where: tuple[int, int], words: str) -> None:
    assert any(found[:2] == where and words in found[2] for found in problems), problems
