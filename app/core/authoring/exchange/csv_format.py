"""Questions as CSV: one row per question, one column per choice and per why, for spreadsheets.

Columns: id, topic, domain, type, difficulty, stem, choice_a, why_a, ... choice_f, why_f, correct,
explanation, source, tags. `correct` holds the letters of the right choices ("B" or "A,C"); `tags` is a
comma-separated list. On import only id-less, choice and why columns may be left out or blank: a blank id is
made up, a blank type follows from the number of correct letters, and `topic` is the import's topic. Problems
are located as FILE:LINE:COLUMN, where COLUMN is the number of the CSV column (1 is the first).

Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) as a formula, so a
question could run one on the author's machine (`=HYPERLINK(...)`, or worse). The export puts a `'` before
such a cell, which spreadsheets show as text, and the import takes it off again. A cell that itself begins with
quotes and then one of those characters gets one quote more, so the round trip gives back exactly what was
exported.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...course.loader import Problem
from ...course.model import Question
from ...quoting import quoted
from .. import AuthoringError
from . import LETTERS, Imported, ImportFailed, correct_letters, read_text, whole_number
from .bank import valid_id

MAX_CHOICES = 6  # A to F
CHOICE_COLUMNS = [name for letter in LETTERS[:MAX_CHOICES].lower() for name in (f"choice_{letter}", f"why_{letter}")]
HEADER = ["id", "topic", "domain", "type", "difficulty", "stem", *CHOICE_COLUMNS, "correct", "explanation", "source", "tags"]
REQUIRED = ("stem", "choice_a", "choice_b", "correct")
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")  # a cell a spreadsheet would run, after any quotes put before it
BOM = "\ufeff"  # spreadsheets read UTF-8 only when the file starts with it; the import skips it either way
# How this format writes what a problem may be about, appended to the loader's message.
HINTS = {
    "explanation": "the explanation column, or pass --allow-placeholders",
    "source": "the source column, or pass --source URL or --allow-placeholders",
    "why": "the why_ column after the choice, or pass --allow-placeholders",
    "domain": "the domain column, or pass --domain ID",
}


# --- export ----------------------------------------------------------------------------------------------------


def defuse(cell: str) -> str:
    """`cell` as text a spreadsheet will not run as a formula (see the module docstring); `restore` undoes it."""
    return "'" + cell if FORMULA_START.match(cell) else cell


def restore(cell: str) -> str:
    """The cell `defuse` was given."""
    return cell[1:] if cell.startswith("'") and FORMULA_START.match(cell[1:]) else cell


def export_csv(questions: Iterable[Question], *, bom: bool = False) -> str:
    """The questions as CSV text with a header row; `bom` starts it with the byte-order mark spreadsheets want."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for q in questions:
        if len(q.choices) > MAX_CHOICES:
            raise AuthoringError(f"question {quoted(q.id)} has {len(q.choices)} choices; the CSV format holds {MAX_CHOICES} (A to F)")
        cells: list[str] = []
        for i in range(MAX_CHOICES):
            choice = q.choices[i] if i < len(q.choices) else None
            cells += [choice.text.strip(), choice.why.strip()] if choice else ["", ""]
        row = [q.id, q.topic, q.domain, q.type, q.difficulty, q.stem.strip(), *cells, ",".join(correct_letters(q)),
               q.explanation.strip(), q.source, ", ".join(q.tags)]  # fmt: skip
        writer.writerow([defuse(str(cell)) for cell in row])
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------------------------


def parse_csv(path: Path) -> list[Imported]:
    """The questions of a CSV file, or `ImportFailed` with every problem located by line and column number."""
    text = read_text(path)
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as error:
        raise ImportFailed([Problem(path, reader.line_num or 1, 1, f"CSV error: {error}")]) from None
    if not any(header):
        raise ImportFailed([Problem(path, 1, 1, "empty file: expected a header row (" + ", ".join(HEADER) + ")")])
    for number, name in enumerate(header, 1):
        if name not in HEADER:
            close = difflib.get_close_matches(name, HEADER, n=1)
            hint = f"; did you mean {quoted(close[0])}?" if close else f"; expected columns: {', '.join(HEADER)}"
            problems.append(Problem(path, 1, number, f"unknown column {quoted(name)}{hint}"))
        elif header.index(name) != number - 1:
            problems.append(Problem(path, 1, number, f"column {quoted(name)} appears twice"))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(Problem(path, 1, 1, f"the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"))
    if problems:
        raise ImportFailed(problems)
    questions: list[Imported] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(path, reader.line_num, 1, f"CSV error: {error}"))
            break
        if any(cell.strip() for cell in row):
            question = _row(path, line, header, row, problems)
            if question:
                questions.append(question)
        line = reader.line_num + 1
    if problems:
        raise ImportFailed(problems)
    if not questions:
        raise ImportFailed([Problem(path, 1, 1, "no questions: the file has a header but no rows")])
    return questions


def _row(path: Path, line: int, header: list[str], row: list[str], problems: list[Problem]) -> Imported | None:
    if len(row) > len(header):
        problems.append(Problem(path, line, len(header) + 1, f"this row has {len(row)} cells but the header names {len(header)} columns"))
        return None
    cells = {name: restore(row[i].strip()) if i < len(row) else "" for i, name in enumerate(header)}
    where = {name: (line, i + 1) for i, name in enumerate(header)}

    def problem(column: str, message: str) -> None:
        problems.append(Problem(path, *where[column], message))

    data: dict[str, Any] = {}
    if cells.get("id"):
        if not valid_id(cells["id"]):
            problem("id", f"{quoted(cells['id'])} is not a valid id: use lowercase letters, digits and dashes")
            return None
        data["id"] = cells["id"]
    for key in ("domain", "type", "stem", "explanation", "source"):
        if cells.get(key):
            data[key] = cells[key]
    if cells.get("difficulty"):
        data["difficulty"] = whole_number(cells["difficulty"])
    if cells.get("tags"):
        data["tags"] = [t.strip() for t in cells["tags"].split(",") if t.strip()]
    letters = [c for c in cells["correct"].upper() if c.isalpha()]
    choices = []
    for _i, letter in enumerate(LETTERS[:MAX_CHOICES]):
        text = cells.get(f"choice_{letter.lower()}", "")
        if not text:
            continue
        choice: dict[str, Any] = {"text": text}
        if letter in letters:
            choice["correct"] = True
        if cells.get(f"why_{letter.lower()}"):
            choice["why"] = cells[f"why_{letter.lower()}"]
        choices.append((letter, choice))
    unknown = [letter for letter in letters if letter not in {known for known, _ in choices}]
    if unknown:
        problem("correct", f"correct names {', '.join(unknown)} but the row has no such choice")
        return None
    if not letters:
        problem("correct", "no correct choice: write the letter(s) of the right choices, like B or A,C")
        return None
    data["choices"] = [choice for _, choice in choices]
    where_by_key: dict[str, tuple[int, int]] = {key: where[key] for key in ("id", "domain", "type", "difficulty", "stem", "explanation", "source", "tags") if key in where}
    where_by_key["choices"] = where["choice_a"]
    where_by_key.update({f"choices.{n}": where[f"choice_{letter.lower()}"] for n, (letter, _) in enumerate(choices)})
    return Imported(data, line, 1, "id" in data, where_by_key)
