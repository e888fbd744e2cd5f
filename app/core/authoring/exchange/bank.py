"""Turning imported questions into a question bank, judged by the course loader before anything is written.

The importers (GIFT, CSV) only parse. This module fills what a file could not say (domain, difficulty,
source) from the import's defaults, makes up ids where the file named none, and then loads the would-be
bank next to the course's real topics with `load_course`: the very checks `coldstart validate` runs. Each
problem is reported at the place in the imported file the question came from, and a file with any problem
writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...course.loader import Problem, load_course
from ...course.model import Course
from ...course.question_types import kind_for_key
from ...course.schema import is_id
from ...quoting import quoted
from .. import AuthoringError
from ..scaffold import PLACEHOLDER_URL
from ..yamltext import Flow, append_to_list, list_item, mapping_text, modeline, replace_text, scalar, write_new
from . import Imported, ImportFailed

KEY_ORDER = ("id", "topic", "domain", "type", "difficulty", "tags", "stem", "choices", "explanation", "source")
ITEM_PREFIX = "  - "


# What `--allow-placeholders` writes where a file has no text (Moodle's exports carry no feedback per answer):
# each begins with the same marker, so the author finds every one with a search.
PLACEHOLDER = "TODO(imported):"
PLACEHOLDER_WHY = {True: f"{PLACEHOLDER} say why this choice is right.", False: f"{PLACEHOLDER} say why this choice is wrong."}
PLACEHOLDER_EXPLANATION = f"{PLACEHOLDER} explain the answer: why the right choices are right and the others wrong."


@dataclass(frozen=True)
class Defaults:
    """What an imported question gets when its file does not say."""

    domain: str | None = None  # None: the course's first domain
    difficulty: int = 2
    source: str | None = None  # no default: a question without a source is a problem
    tags: tuple[str, ...] = ()
    placeholders: bool = False  # fill missing whys, explanations and sources with marked placeholders


@dataclass(frozen=True)
class ImportResult:
    path: Path
    added: tuple[str, ...]  # ids written
    skipped: tuple[str, ...]  # ids the bank already had (with --merge), left as they are
    merged: bool
    placeholders: int = 0  # placeholder texts written (see PLACEHOLDER)


def import_questions(
    imported: Sequence[Imported],
    *,
    source_file: Path,
    course: Course,
    topic: str,
    out: Path,
    merge: bool = False,
    defaults: Defaults = Defaults(),
    describe: str = "",
    hints: dict[str, str] | None = None,
) -> ImportResult:
    """Write `imported` as the bank `out` for `topic` (or append the new ids to it with `merge`).

    Raises `ImportFailed` with located problems (nothing written), or `AuthoringError` for a conflict such
    as an existing file without `merge`. `hints` say, per key, how the imported format writes it: a problem
    that names the key ends with its hint, in the words of the file being imported.
    """
    if course.topic(topic) is None:
        known = ", ".join(t.id for t in course.topics) or "none"
        raise AuthoringError(f"the course has no topic {quoted(topic)} (topics: {known}); create it with `coldstart new topic {topic}`")
    existing_text, existing_ids = _existing_bank(out, topic, merge)
    problems: list[Problem] = []
    questions = _complete(imported, course, topic, defaults, existing_ids, source_file, problems)
    new = [(q, data) for q, data in questions if data["id"] not in existing_ids]
    skipped = tuple(data["id"] for _, data in questions if data["id"] in existing_ids)
    for item, data in new:
        other = course.question(data["id"])
        if other is not None:
            where = other.location.file.name if other.location else "another bank"
            problems.append(Problem(source_file, item.line, item.column, f"question id {quoted(data['id'])} is already used in {where}"))
    if not problems and new:
        problems.extend(_judge(new, course.root, topic, source_file, hints or {}))
    if problems:
        raise ImportFailed(problems)
    if new:
        items = [mapping_text(data) for _, data in new]
        if existing_text is None:
            header = modeline("questions", out, course.root) + f"# Imported by coldstart{describe}. Check it with: coldstart validate\n"
            write_new({out: header + _bank_text(topic, items)})
        else:
            replace_text(out, append_to_list(existing_text, "questions", items, what=str(out)))
    placeholders = sum(_placeholder_count(data) for _, data in new)
    return ImportResult(out, tuple(data["id"] for _, data in new), skipped, existing_text is not None, placeholders)


def _placeholder_count(data: dict[str, Any]) -> int:
    texts = [data.get("explanation"), data.get("source"), *(c.get("why") for c in data.get("choices", ()) if isinstance(c, dict))]
    return sum(isinstance(text, str) and (text.startswith(PLACEHOLDER) or text == PLACEHOLDER_URL) for text in texts)


def _existing_bank(out: Path, topic: str, merge: bool) -> tuple[str | None, set[str]]:
    if not out.exists():
        return None, set()
    if not merge:
        raise AuthoringError(f"{out} already exists; pass --merge to add the questions whose ids it does not have yet")
    text = out.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise AuthoringError(f"{out} is not a question bank that can be merged into; check it with `coldstart validate`")
    if data.get("topic") != topic:
        raise AuthoringError(f"{out} holds questions of topic {quoted(data.get('topic'))}, not {quoted(topic)}")
    return text, {str(q["id"]) for q in data["questions"] if isinstance(q, dict) and "id" in q}


def _complete(
    imported: Sequence[Imported],
    course: Course,
    topic: str,
    defaults: Defaults,
    existing: set[str],
    source_file: Path,
    problems: list[Problem],
) -> list[tuple[Imported, dict[str, Any]]]:
    """Each question with defaults filled in, ids made up where missing, keys in the order a bank uses."""
    domain = defaults.domain or (course.domains[0].id if course.domains else None)
    taken = {q.id for q in course.questions} | existing | {str(q.data["id"]) for q in imported if q.id_given}
    seen: dict[str, Imported] = {}
    numbers = iter(range(1, 100_000))
    result = []
    for item in imported:
        data = dict(item.data)
        if not item.id_given:
            data["id"] = next(i for i in (f"{topic}-{n:02d}" for n in numbers) if i not in taken)
            taken.add(data["id"])
        elif data["id"] in seen:
            first = seen[data["id"]]
            problems.append(Problem(source_file, item.line, item.column, f"duplicate question id {quoted(data['id'])} (first at line {first.line})"))
            continue
        seen[data["id"]] = item
        if domain is not None:
            data.setdefault("domain", domain)
        data.setdefault("difficulty", defaults.difficulty)
        if defaults.source:
            data.setdefault("source", defaults.source)
        if defaults.tags:
            data["tags"] = [*data.get("tags", ()), *(t for t in defaults.tags if t not in data.get("tags", ()))]
        if defaults.placeholders:
            _fill_placeholders(data)
        if "type" not in data and isinstance(data.get("choices"), list):
            data["type"] = kind_for_key(sum(bool(c.get("correct")) for c in data["choices"])).name
        if data.get("tags"):
            data["tags"] = Flow(data["tags"])
        result.append((item, {key: data[key] for key in KEY_ORDER if key in data}))
    return result


def _fill_placeholders(data: dict[str, Any]) -> None:
    """Marked placeholders where the file gave no why, explanation or source (`--allow-placeholders`)."""
    choices = data.get("choices")
    if isinstance(choices, list):
        data["choices"] = [
            {**c, "why": PLACEHOLDER_WHY[bool(c.get("correct"))]} if isinstance(c, dict) and not str(c.get("why", "")).strip() else c
            for c in choices
        ]
    if not str(data.get("explanation", "")).strip():
        data["explanation"] = PLACEHOLDER_EXPLANATION
    data.setdefault("source", PLACEHOLDER_URL)


def _bank_text(topic: str, items: Sequence[str]) -> str:
    return f"topic: {scalar(topic)}\nquestions:\n" + "".join(list_item(text, ITEM_PREFIX) for text in items)


def _judge(
    new: Sequence[tuple[Imported, dict[str, Any]]], course_root: Path, topic: str, source_file: Path, hints: dict[str, str]
) -> list[Problem]:
    """Load the would-be bank beside the course's topics and report its problems in the imported file."""
    items = [mapping_text(data) for _, data in new]
    text = _bank_text(topic, items)
    starts, keys = [], []  # where each item begins in the bank, and the line of each of its keys
    line = 3
    for item_text in items:
        starts.append(line)
        keys.append(_key_lines(item_text, line))
        line += item_text.rstrip("\n").count("\n") + 1
    with tempfile.TemporaryDirectory(prefix="coldstart-import-") as folder:
        root = Path(folder)
        _link_or_copy(course_root / "content", root / "content")
        bank = root / "quizzes" / f"{topic}.yaml"
        bank.parent.mkdir()
        bank.write_text(text, encoding="utf-8")
        result = load_course(root)
    problems = []
    for problem in result.problems:
        if problem.file != bank:
            continue  # the course's own problems are for `coldstart validate`, not this import
        index = max(bisect_right(starts, problem.line) - 1, 0)
        item = new[index][0]
        key = max((k for k, at in keys[index].items() if at <= problem.line), key=lambda k: keys[index][k], default="")
        line, column = item.where.get(key) or item.where.get(key.split(".")[0]) or (item.line, item.column)
        hint = next((h for k, h in hints.items() if f"'{k}'" in problem.message or f"{k} is empty" in problem.message), "")
        problems.append(Problem(source_file, line, column, problem.message + (f" ({hint})" if hint else "")))
    return problems


def _key_lines(item_text: str, first: int) -> dict[str, int]:
    """Bank line of each key of one question, and of each choice as "choices.N", so problems land precisely."""
    lines: dict[str, int] = {}
    choice = 0
    for i, row in enumerate(item_text.split("\n")):
        if match := re.match(r"^(\w+):", row):
            lines[match.group(1)] = first + i
        elif row.startswith("  - ") and "choices" in lines:
            lines[f"choices.{choice}"] = first + i
            choice += 1
    return lines


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.symlink(source.resolve(), target, target_is_directory=True)
    except OSError:  # no symlinks here (some Windows set-ups): a copy of the topics does as well
        shutil.copytree(source, target)


def valid_id(text: str) -> bool:
    """True when `text` can serve as a question id as it is."""
    return is_id(text)
