"""Moodle GIFT: the plain-text quiz format most instructors already have files in.

    // domain: development
    // difficulty: 2
    // tags: retries, dlq
    // source: https://docs.aws.amazon.com/...
    ::async-01::[markdown]A developer ... Which solution meets these requirements?{
    =Configure an on-failure destination#Why this is right.
    ~Increase the timeout#Why this is wrong.
    ####The whole explanation.
    }

The title (`::async-01::`) carries the question id, `=` marks the right answer of a single-response question,
`~%50%`/`~%-100%` weigh the right and wrong answers of a multiple-response one, `#` gives each answer its
feedback (our "why") and `####` the general feedback (our explanation). What GIFT has no place for (domain,
difficulty, tags, source) rides in `// key: value` comments, which Moodle ignores. Text escapes GIFT's
special characters `~ = # { } :` with a backslash and writes line breaks as `\\n`, so one question stays one
block and Markdown survives the round trip.

Only multiple-choice questions are imported; other GIFT kinds (true/false, short answer, matching,
numerical, essay, missing word) are reported as such, with their line and column.

Moodle's own exports write the text as `[html]`: the question, its answers and their feedback are then
turned into Markdown (`html_markdown`). They usually carry no feedback per answer and no general feedback;
`coldstart import gift --allow-placeholders` writes clearly marked placeholders for the author to replace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...course.loader import Problem
from ...course.model import Course, Question
from . import Imported, ImportFailed, Locator, read_text, whole_number
from .bank import valid_id
from .html_markdown import html_to_markdown

SPECIAL = "~=#{}:"
META_KEYS = ("domain", "difficulty", "tags", "source")
_FORMATS = ("[markdown]", "[html]", "[plain]", "[moodle]")
# How GIFT writes what a problem may be about, appended to the loader's message.
HINTS = {
    "explanation": "GIFT writes it as ####general feedback before the closing }, or pass --allow-placeholders",
    "source": "add a `// source: URL` line above the question, or pass --source URL or --allow-placeholders",
    "why": "GIFT writes it as #feedback after each answer, or pass --allow-placeholders",
}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")


# --- export ----------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """`text` safe inside GIFT: specials and backslashes escaped, line breaks written as \\n."""
    out = text.strip().replace("\\", "\\\\")
    for ch in SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def export_gift(course: Course, questions: Iterable[Question]) -> str:
    """The questions as a GIFT file, one `$CATEGORY` per topic."""
    lines = [
        f"// {course.title} ({course.id}), exported by coldstart.",
        "// Import into Moodle (Question bank > Import > GIFT format), or back with `coldstart import gift`.",
        "",
    ]
    topic = None
    for question in questions:
        if question.topic != topic:
            topic = question.topic
            lines += [f"$CATEGORY: $course$/{course.id}/{topic}", ""]
        lines += [*_question_lines(question), ""]
    return "\n".join(lines)


def _question_lines(question: Question) -> list[str]:
    meta = {"domain": question.domain, "difficulty": str(question.difficulty), "tags": ", ".join(question.tags), "source": question.source}
    lines = [f"// {key}: {value}" for key, value in meta.items() if value]
    lines.append(f"::{escape(question.id)}::[markdown]{escape(question.stem)}{{")
    right = len(question.correct_indexes)
    for choice in question.choices:
        if not question.kind.several:
            mark = "=" if choice.correct else "~"
            if _WEIGHT.match(choice.text.strip()):  # text like "%5% of requests" must not read as a weight
                mark += "%100%" if choice.correct else "%0%"
        else:  # the right answers share 100%; any wrong pick costs everything, as the exam scores it
            mark = f"~%{_percent(100 / right)}%" if choice.correct else "~%-100%"
        lines.append(f"{mark}{escape(choice.text)}#{escape(choice.why)}")
    if question.explanation.strip():
        lines.append(f"####{escape(question.explanation)}")
    lines.append("}")
    return lines


def _percent(value: float) -> str:
    # Moodle accepts its own list of fractions (50, 33.33333, 25, 20, 16.66667 ...): five decimals match it.
    return f"{value:.5f}".rstrip("0").rstrip(".")


# --- import ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One character of GIFT text after unescaping, with its offset in the file."""

    ch: str
    escaped: bool
    at: int

    def special(self, ch: str) -> bool:
        return self.ch == ch and not self.escaped


def _iter_units(text: str, start: int) -> Iterator[_Unit]:
    i, end = start, len(text)
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end and (text[i + 1] in SPECIAL or text[i + 1] in "\\n"):
            yield _Unit("\n" if text[i + 1] == "n" else text[i + 1], True, i)
            i += 2
            continue
        yield _Unit(ch, False, i)
        i += 1


def unescape(text: str) -> str:
    """The text a GIFT fragment stands for: the inverse of `escape` (for text `escape` wrote)."""
    return "".join(unit.ch for unit in _iter_units(text, 0))


def _plain(units: list[_Unit]) -> str:
    return "".join(u.ch for u in units).strip()


def _find(units: list[_Unit], ch: str, start: int = 0) -> int:
    """Index of the first unescaped `ch` from `start`, or -1."""
    return next((i for i in range(start, len(units)) if units[i].special(ch)), -1)


def _split(units: list[_Unit], ch: str) -> tuple[list[_Unit], list[_Unit]]:
    """The units before and after the first unescaped `ch` (all of them and none when there is none)."""
    at = _find(units, ch)
    return (units, []) if at < 0 else (units[:at], units[at + 1 :])


def parse_gift(path: Path) -> list[Imported]:
    """The multiple-choice questions of a GIFT file, or `ImportFailed` with every problem located."""
    reader = _Reader(path, read_text(path).replace("\r\n", "\n"))
    reader.run()
    if reader.problems:
        raise ImportFailed(reader.problems)
    if not reader.questions:
        raise ImportFailed([Problem(path, 1, 1, "no questions found: a GIFT question is ::id:: stem {=right ~wrong}")])
    return reader.questions


class _Reader:
    """Walks a GIFT file question by question, collecting questions and located problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.where = Locator(text)
        self.questions: list[Imported] = []
        self.problems: list[Problem] = []

    def problem(self, offset: int, message: str) -> None:
        self.problems.append(Problem(self.path, *self.where(offset), message))

    def run(self) -> None:
        """Comments and categories between questions; a question starts at any other non-blank line."""
        meta: dict[str, tuple[str, int]] = {}  # `// key: value` lines since the last question
        i = 0
        while i < len(self.text):
            eol = self.text.find("\n", i)
            eol = len(self.text) if eol < 0 else eol
            line = self.text[i:eol]
            lead = i + len(line) - len(line.lstrip())
            match = re.match(r"//\s*(\w+)\s*:\s*(.*?)\s*$", line.strip())
            if match and match.group(1).lower() in META_KEYS:
                meta[match.group(1).lower()] = (match.group(2), lead + match.start(2))
            if not line.strip() or line.lstrip().startswith(("//", "$CATEGORY:")):
                i = eol + 1
                continue
            i = self.question(lead, meta)
            meta = {}

    def question(self, start: int, meta: dict[str, tuple[str, int]]) -> int:
        """Read the question that starts at `start`; return the offset after it."""
        units: list[_Unit] = []
        brace = -1
        for unit in _iter_units(self.text, start):
            units.append(unit)
            if brace < 0 and unit.special("{"):
                brace = len(units) - 1
            elif brace < 0 and unit.special("\n") and _blank_before(units):
                break  # a blank line ends a question that never opened its answers
            elif brace >= 0 and unit.special("}"):
                break
        if brace < 0:
            self.problem(start, "a question without answers: GIFT writes them in { } after the question text")
            return units[-1].at + 1 if units else len(self.text)
        if not units[-1].special("}"):
            self.problem(units[brace].at, "this { is never closed with }")
            return len(self.text)
        end = units[-1].at + 1
        eol = self.text.find("\n", end)
        eol = len(self.text) if eol < 0 else eol
        if self.text[end:eol].strip():
            self.problem(end, "text after the answers: missing-word questions are not supported")
            return eol
        data: dict[str, Any] = {}
        where: dict[str, tuple[int, int]] = {}
        text_format = self.head(units[:brace], start, data, where)
        if not self.answers(units[brace + 1 : -1], units[brace].at, data, where):
            return eol
        if text_format == "[html]":  # Moodle writes the answers and feedback in the question's format
            _from_html(data)
        for key, (value, offset) in meta.items():
            where[key] = self.where(offset)
            if key == "tags":
                data["tags"] = [t.strip() for t in value.split(",") if t.strip()]
            elif key == "difficulty":
                data["difficulty"] = whole_number(value)
            elif value:
                data[key] = value
        self.questions.append(Imported(data, *self.where(start), "id" in data, where))
        return eol

    def head(self, units: list[_Unit], start: int, data: dict[str, Any], where: dict[str, tuple[int, int]]) -> str:
        """The title (our id, when it is a valid one) and the stem, from the text before `{`; returns the text format."""
        body = units
        if len(units) > 1 and units[0].special(":") and units[1].special(":"):
            close = next((k for k in range(2, len(units) - 1) if units[k].special(":") and units[k + 1].special(":")), -1)
            if close > 0:
                title = _plain(units[2:close])
                where["id"] = self.where(units[0].at)
                if valid_id(title):
                    data["id"] = title
                body = units[close + 2 :]
        stem = _plain(body)
        tag = next((t for t in _FORMATS if stem.lower().startswith(t)), "")
        stem = stem[len(tag) :].lstrip()  # the format Moodle renders the text in; coldstart's is always Markdown
        data["stem"] = stem
        where["stem"] = self.where(body[0].at if body else start)
        return tag.lower()

    def answers(self, units: list[_Unit], brace_at: int, data: dict[str, Any], where: dict[str, tuple[int, int]]) -> bool:
        """Choices and explanation from the answer block; False (after saying why) when it is not multiple choice."""
        kind = _unsupported(_plain(units))
        if kind:
            self.problem(brace_at, f"{kind} questions are not supported; coldstart imports multiple choice ({{=right ~wrong}})")
            return False
        general = next((k for k in range(len(units) - 3) if all(u.special("#") for u in units[k : k + 4])), -1)
        if general >= 0:
            data["explanation"] = _plain(units[general + 4 :])
            where["explanation"] = self.where(units[general].at)
            units = units[:general]
        starts = [k for k, u in enumerate(units) if u.special("=") or u.special("~")]
        if not starts or _plain(units[: starts[0]]):
            stray = next((u for u in units if u.ch.strip()), None)
            self.problem(stray.at if stray else brace_at, "expected = (a right answer) or ~ (a wrong one) to start each answer")
            return False
        if all(units[k].ch == "=" for k in starts):  # GIFT's own rule: no ~ means no multiple choice
            kind = "matching" if "->" in _plain(units) else "short-answer"
            self.problem(brace_at, f"{kind} questions are not supported; coldstart imports multiple choice (mark wrong answers with ~)")
            return False
        choices = [self.choice(units[k], units[k + 1 : (starts + [len(units)])[n + 1]]) for n, k in enumerate(starts)]
        if None in choices:
            return False
        data["choices"] = choices
        where["choices"] = self.where(brace_at)
        where.update({f"choices.{n}": self.where(units[k].at) for n, k in enumerate(starts)})
        return True

    def choice(self, mark: _Unit, units: list[_Unit]) -> dict[str, Any] | None:
        """One answer: `=text#why`, `~text#why` or `~%50%text#why` (right when its weight is above 0)."""
        text_units, why_units = _split(units, "#")
        text, correct = _plain(text_units), mark.ch == "="
        weight = _WEIGHT.match(text)
        if weight:
            correct = float(weight.group(1)) > 0
            text = text[weight.end() :].lstrip()
        if not text:
            self.problem(mark.at, "an answer with no text")
            return None
        choice: dict[str, Any] = {"text": text}
        if correct:
            choice["correct"] = True
        why = _plain(why_units)
        if why:
            choice["why"] = why
        return choice


def _from_html(data: dict[str, Any]) -> None:
    """A question written in HTML, in Markdown: its stem, explanation, and each answer's text and why."""
    for holder, key in [(data, "stem"), (data, "explanation"), *((c, k) for c in data.get("choices", ()) for k in ("text", "why"))]:
        if key in holder:
            holder[key] = html_to_markdown(holder[key])


def _blank_before(units: list[_Unit]) -> bool:
    """True when the last unit ends a line that holds nothing but spaces (an unescaped blank line)."""
    for unit in reversed(units[:-1]):
        if unit.ch == "\n":
            return not unit.escaped
        if unit.ch.strip():
            return False
    return False


def _unsupported(content: str) -> str:
    """The kind of a GIFT answer block coldstart does not import, or ""."""
    if not content:
        return "essay"
    if re.fullmatch(r"(T|F|TRUE|FALSE)(\s*#.*)?", content, re.DOTALL):
        return "true/false"
    if content.startswith("#"):
        return "numerical"
    return ""
