"""The shape of every course file, declared once.

The validator walks YAML data with these declarations, and `coldstart schema` turns the same declarations into
JSON Schemas for editors, so the two can never disagree about what a field is called or what it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..authoring.lint_rules import RULE_IDS
from ..quoting import quoted
from .question_types import QUESTION_TYPES
from .yamlfile import Path_

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SECTION_REF_PATTERN = r"^S\d{2}$"
SKILL_ID_PATTERN = r"^\d+\.\d+\.\d+$"
TASK_ID_PATTERN = r"^\d+\.\d+$"


def is_id(text: str) -> bool:
    """True when `text` is an id as a whole (a pattern's `$` would also accept one that ends in a newline)."""
    return re.fullmatch(ID_PATTERN, text) is not None


class Kind:
    """A kind of value. `check` returns the cleaned value or raises `Mismatch` with a one-line reason."""

    description = "a value"

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Mismatch(ValueError):
    pass


def _phrase(path: Path_, reason: str) -> str:
    """Name the value a problem is about: "explanation is empty", "difficulty: 5 is out of range"."""
    if not path:
        return reason
    last = path[-1]
    name = last if isinstance(last, str) else f"item {last + 1}"
    return f"{name} {reason}" if reason.startswith(("is ", "needs ")) else f"{name}: {reason}"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


@dataclass(frozen=True)
class Text(Kind):
    """Text, Markdown unless said otherwise. Numbers are accepted and read as text (a title of `2024` is fine)."""

    pattern: str | None = None
    pattern_help: str = ""
    doc: str = ""

    @property
    def description(self) -> str:  # type: ignore[override]  # a property here where the base declares a plain attribute
        return self.pattern_help or "text"

    def check(self, value: Any) -> str:
        if isinstance(value, str):
            text = value
        elif isinstance(value, bool) or value is None or not isinstance(value, (int, float)):
            hint = " (put it in quotes)" if isinstance(value, bool) else ""
            raise Mismatch(f"expected {self.description}, got {_type_name(value)}{hint}")
        else:
            text = str(value)
        if not text or text.isspace():  # as `not text.strip()`, without copying a text that ends in a newline
            raise Mismatch("is empty")
        if self.pattern and not self._regex.fullmatch(text):  # fullmatch: "$" alone lets "id\n" through
            raise Mismatch(f"{quoted(text)} is not {self.description}")
        return text

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        """The pattern, compiled once (a course checks it for every id)."""
        return re.compile(self.pattern or "")

    def json_schema(self) -> dict[str, Any]:
        if not self.pattern:
            # `check` refuses text that is only spaces; "\S" says the same (and, like minLength, skips numbers).
            return {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": self.pattern}
        if re.match(self.pattern, "0"):
            # `check` reads numbers as text, and a whole number's digits fit a pattern like an id's (id: 2024).
            return {"anyOf": [schema, {"type": "integer", "minimum": 0}]}
        return schema


_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Url(Kind):
    description = "an https:// URL"

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not _URL.match(value.strip()):
            raise Mismatch(f"expected an https:// URL, got {quoted(value)}" if isinstance(value, str) else f"expected an https:// URL, got {_type_name(value)}")
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _URL.pattern}


@dataclass(frozen=True)
class Number(Kind):
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    @property
    def description(self) -> str:  # type: ignore[override]  # a property here where the base declares a plain attribute
        word = "a whole number" if self.integer else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{word} from {self.minimum:g} to {self.maximum:g}"
        return word

    def check(self, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Mismatch(f"expected {self.description}, got {_type_name(value)}")
        if self.integer and isinstance(value, float) and not value.is_integer():
            raise Mismatch(f"expected {self.description}, got {value:g}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            shown = quoted(value) if isinstance(value, int) else f"{value:g}"  # :g cannot turn 10**400 into a float
            raise Mismatch(f"{shown} is out of range: expected {self.description}")
        return int(value) if self.integer else value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


@dataclass(frozen=True)
class Flag(Kind):
    description = "true or false"

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Mismatch(f"expected true or false, got {quoted(value)}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Day(Kind):
    description = "a date written YYYY-MM-DD"

    def check(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise Mismatch(f"expected {self.description}, got {quoted(value)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class OneOf(Kind):
    values: tuple[str, ...]

    @property
    def description(self) -> str:  # type: ignore[override]  # a property here where the base declares a plain attribute
        return "one of " + ", ".join(self.values)

    def check(self, value: Any) -> str:
        if value not in self.values:
            import difflib

            close = difflib.get_close_matches(str(value), self.values, n=1)
            hint = f" (did you mean {quoted(close[0])}?)" if close else ""
            raise Mismatch(f"{quoted(value)} is not {self.description}{hint}")
        chosen: str = value  # one of self.values
        return chosen

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Scalar(Kind):
    """Any single value: text, a number or true/false (table cells, simulation parameters)."""

    description = "a single value"

    def check(self, value: Any) -> Any:
        if isinstance(value, (list, dict)) or value is None:
            raise Mismatch(f"expected a single value, got {_type_name(value)}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"]}


@dataclass(frozen=True)
class ScalarOrRange(Kind):
    """A fixed value, or a [low, high] list to draw from (generated questions)."""

    description = "a value or a [low, high] range"

    def check(self, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 2 or any(isinstance(v, (list, dict, bool)) or v is None for v in value):
                raise Mismatch("a range is written [low, high]")
            return value
        return Scalar().check(value)

    def json_schema(self) -> dict[str, Any]:
        # `check` takes any two single values: numbers, or names to draw from ([header-manipulation, image-resize]).
        pair = {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 2, "maxItems": 2}
        return {"anyOf": [Scalar().json_schema(), pair]}


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    min_items: int = 0
    whole: bool = False  # one bad item spoils the list (a question's choices), instead of being left out

    description = "a list"


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from free keys (e.g. domain ids, parameter names) to values of one kind."""

    value: Kind
    key_pattern: str | None = None

    description = "a mapping"


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with known keys. With `exactly_one`, exactly one of the keys must be present (a tagged union)."""

    name: str
    fields: dict[str, Field]
    exactly_one: bool = False
    label: str = ""  # how problems name an instance: "question" gives "question 'async-01'"
    doc: str = ""
    description = "a mapping"


# --- JSON Schema for the containers (kept here so every kind sits in one place) --------------------------------


def json_schema_of(kind: Kind) -> dict[str, Any]:
    if isinstance(kind, ListOf):
        schema: dict[str, Any] = {"type": "array", "items": json_schema_of(kind.item)}
        if kind.min_items:
            schema["minItems"] = kind.min_items
        return schema
    if isinstance(kind, MapOf):
        schema = {"type": "object", "additionalProperties": json_schema_of(kind.value)}
        if kind.key_pattern:
            schema["propertyNames"] = {"pattern": kind.key_pattern}
        return schema
    if isinstance(kind, Record):
        properties = {}
        for name, f in kind.fields.items():
            properties[name] = {**json_schema_of(f.kind), **({"description": f.doc} if f.doc else {})}
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if kind.doc:
            schema["description"] = kind.doc
        if kind.exactly_one:
            schema["minProperties"] = 1
            schema["maxProperties"] = 1
        else:
            required = [name for name, f in kind.fields.items() if f.required]
            if required:
                schema["required"] = required
        return schema
    return kind.json_schema()


# --- The course files ----------------------------------------------------------------------------------------

IDENT = Text(pattern=ID_PATTERN, pattern_help="an id of lowercase letters, digits and dashes")
TEXT = Text()
MARKDOWN = Text(doc="Markdown")
SKILL_ID = Text(pattern=SKILL_ID_PATTERN, pattern_help="an exam-guide skill id like 1.2.3")
# `skills:` on sections and questions: which skills of the exam guide (content/exam-guide.yaml) they teach and test.
# Separate from a topic's `covers`, which names sections of the study notes.
SKILLS = ListOf(SKILL_ID)

SOURCE = Record(
    "source",
    {"title": Field(TEXT, True, "what the page is"), "url": Field(Url(), True, "the AWS page")},
)

DOMAIN = Record(
    "domain",
    {
        "id": Field(IDENT, True, "used by questions and blueprints"),
        "name": Field(TEXT, True),
        "weight": Field(Number(0, 100), True, "percent of the real exam"),
    },
    label="domain",
)

COURSE = Record(
    "course",
    {
        "id": Field(IDENT, True, "progress is kept per course id"),
        "title": Field(TEXT, True),
        "description": Field(MARKDOWN),
        "domains": Field(ListOf(DOMAIN, 1), True, "the exam's domains with their weights"),
        "topics": Field(ListOf(IDENT, 1), True, "topic ids in reading order"),
        "exam_guide": Field(
            Text(pattern=r"^[\w.-]+\.ya?ml$", pattern_help="a file name in content/ like exam-guide.yaml"),
            False,
            "the file in content/ that records the exam guide (version, URL, domains, task statements, skills)",
        ),
    },
    doc="content/course.yaml: the course's title, the exam's domains and the reading order",
)

CHOICE = Record(
    "choice",
    {
        "text": Field(MARKDOWN, True),
        "correct": Field(Flag(), False, "true for a correct choice; leave out for a wrong one"),
        "why": Field(MARKDOWN, True, "why this choice is right or wrong"),
    },
)

PREDICT_CHOICE = Record("choice", {"text": Field(MARKDOWN, True), "correct": Field(Flag())})

PREDICT = Record(
    "predict",
    {
        "stem": Field(MARKDOWN, True),
        "choices": Field(ListOf(PREDICT_CHOICE, 2, whole=True), True),
        "explanation": Field(MARKDOWN, True, "shown with the run"),
    },
    doc="a question asked before the simulation runs",
)

SIMULATION_BLOCK = Record(
    "simulation",
    {
        "name": Field(TEXT, True, "a registered simulation (coldstart sim --list)"),
        "params": Field(MapOf(Scalar()), False, "starting parameters; the rest keep their defaults"),
        "caption": Field(MARKDOWN),
        "predict": Field(PREDICT),
    },
)

CHANGED = Record(
    "changed",
    {
        "was": Field(MARKDOWN, True, "what the study notes said"),
        "now": Field(MARKDOWN, True, "what is true now"),
        "date": Field(Day(), True, "when AWS changed it (the validator requires it, issue 11)"),
        "source": Field(Url(), True, "the AWS page that says so"),
        "ref": Field(Number(1, 999, integer=True), False, "row of the fact sheet's outdated-statements table"),
    },
)

DIAGRAM = Record(
    "diagram",
    {
        "title": Field(TEXT, True),
        "art": Field(Text(doc="preformatted text, shown exactly as written"), True),
        "caption": Field(MARKDOWN),
    },
)

TABLE = Record(
    "table",
    {
        "title": Field(TEXT, True),
        "columns": Field(ListOf(TEXT, 1), True),
        "rows": Field(ListOf(ListOf(Scalar()), 1), True),
        "caption": Field(MARKDOWN),
    },
)

BLOCK = Record(
    "block",
    {
        "text": Field(MARKDOWN, doc="prose"),
        "tip": Field(MARKDOWN, doc="a practical tip"),
        "exam_tip": Field(MARKDOWN, doc="what the exam tests here"),
        "warning": Field(MARKDOWN, doc="a common mistake"),
        "changed": Field(CHANGED, doc="changed since the notes"),
        "diagram": Field(DIAGRAM),
        "table": Field(TABLE),
        "simulation": Field(SIMULATION_BLOCK),
    },
    exactly_one=True,
)

SECTION = Record(
    "section",
    {
        "id": Field(IDENT, True),
        "title": Field(TEXT, True),
        "blocks": Field(ListOf(BLOCK, 1), True),
        "skills": Field(SKILLS, False, "exam-guide skill ids this section teaches, e.g. [1.2.1]"),
    },
    label="section",
)

TOPIC = Record(
    "topic",
    {
        "id": Field(IDENT, True, "stable; the file is named <id>.yaml"),
        "title": Field(TEXT, True),
        "summary": Field(MARKDOWN, True),
        "covers": Field(ListOf(Text(pattern=SECTION_REF_PATTERN, pattern_help="a section of the notes like S07"))),
        "sections": Field(ListOf(SECTION, 1), True),
        "key_facts": Field(ListOf(MARKDOWN)),
        "sources": Field(ListOf(SOURCE)),
    },
    label="topic",
    doc="content/<topic>.yaml: a topic module",
)

GENERATE = Record(
    "generate",
    {
        "simulation": Field(TEXT, True),
        "ask": Field(TEXT, True, "what to ask about the run"),
        "params": Field(MapOf(ScalarOrRange())),
    },
)

LINT = Record(
    "lint",
    {"ignore": Field(ListOf(OneOf(RULE_IDS)), False, "rules of `coldstart lint` this question is a deliberate exception to")},
    doc="item-writing checks (docs/authoring.md, 'Item-writing checks')",
)

QUESTION = Record(
    "question",
    {
        "id": Field(IDENT, True, "stable forever: progress is keyed on it"),
        "topic": Field(IDENT, False, "defaults to the bank's topic"),
        "domain": Field(IDENT, True),
        "type": Field(OneOf(tuple(QUESTION_TYPES))),
        "difficulty": Field(Number(1, 3, integer=True), True, "1 easy, 2 medium, 3 hard"),
        "tags": Field(ListOf(TEXT)),
        "skills": Field(SKILLS, False, "exam-guide skill ids this question tests, e.g. [1.2.2]"),
        "exam": Field(
            Flag(), False,
            "false: practice-only, asked in topic practice but never drawn for an exam (trivia the exam guide does not cover)",
        ),
        "stem": Field(MARKDOWN),
        "choices": Field(ListOf(CHOICE, 2, whole=True)),
        "explanation": Field(MARKDOWN),
        "source": Field(Url(), True),
        "generate": Field(GENERATE, False, "let a simulation write the stem and choices"),
        "lint": Field(LINT, False, "exceptions to `coldstart lint`, kept visible in the file"),
    },
    label="question",
)

QUESTION_BANK = Record(
    "question bank",
    {
        "topic": Field(IDENT, True),
        "questions": Field(ListOf(QUESTION, 1), True),
    },
    doc="quizzes/<topic>.yaml: the questions of one topic",
)

BLUEPRINT = Record(
    "blueprint",
    {
        "id": Field(IDENT, True),
        "title": Field(TEXT, True),
        "description": Field(MARKDOWN),
        "questions": Field(Number(1, 1000, integer=True), True),
        "minutes": Field(Number(1, 1440, integer=True), True),
        "pass_mark": Field(Number(1, 100), True, "percent"),
        "pausable": Field(Flag(), False, "may the timer pause while the app is closed"),
        "domains": Field(MapOf(Number(0, 100), key_pattern=ID_PATTERN), True, "domain id -> percent; sum 100"),
        "topics": Field(ListOf(IDENT), False, "draw only from these topics"),
    },
    label="blueprint",
    doc="quizzes/exams/<id>.yaml: an exam blueprint",
)

GUIDE_SKILL = Record(
    "skill",
    {
        "id": Field(SKILL_ID, True, "<task>.<n> in the guide's order; stable: sections and questions name it"),
        "text": Field(TEXT, True, "the skill in the course's own words"),
        "out_of_scope": Field(TEXT, False, "why the course does not teach it; leave out for a skill it teaches"),
    },
    label="skill",
)

TASK_STATEMENT = Record(
    "task statement",
    {
        "id": Field(Text(pattern=TASK_ID_PATTERN, pattern_help="a task statement id like \"1.2\" (quoted)"), True),
        "title": Field(TEXT, True),
        "knowledge": Field(ListOf(TEXT), False, "what the guide expects a candidate to know for this task"),
        "skills": Field(ListOf(GUIDE_SKILL, 1), True),
    },
    label="task statement",
)

GUIDE_DOMAIN = Record(
    "exam domain",
    {
        "number": Field(Number(1, 99, integer=True), True, "the guide's domain number; task ids start with it"),
        "id": Field(IDENT, True, "a domain id of content/course.yaml"),
        "name": Field(TEXT, True),
        "weight": Field(Number(0, 100), True, "percent of the scored exam; matches content/course.yaml"),
        "source": Field(Url(), False, "the guide's page for this domain"),
        "tasks": Field(ListOf(TASK_STATEMENT, 1), True),
    },
    label="domain",
)

EXAM_GUIDE = Record(
    "exam guide",
    {
        "title": Field(TEXT, True),
        "exam": Field(TEXT, False, "the exam code, e.g. DVA-C02"),
        "version": Field(TEXT, True, "the guide's version, e.g. \"2.1\" (quoted)"),
        "published": Field(TEXT, False, "when that version was published"),
        "url": Field(Url(), True, "where the guide is published"),
        "scope": Field(MARKDOWN, False, "what the course sets out to teach; skills outside it say why"),
        "domains": Field(ListOf(GUIDE_DOMAIN, 1), True),
    },
    doc="content/exam-guide.yaml: the exam guide's domains, task statements and skills, named by course.yaml exam_guide",
)

FILE_KINDS: dict[str, Record] = {
    "course": COURSE,
    "topic": TOPIC,
    "questions": QUESTION_BANK,
    "exam": BLUEPRINT,
    "exam-guide": EXAM_GUIDE,
}


# --- Walking data with a declaration ---------------------------------------------------------------------


@dataclass
class Checker:
    """Checks data against a kind, reporting each problem through `report(path, message, at_key)`."""

    report: Callable[[Path_, str, bool], None]
    # The labelled records being checked, innermost last, as (label, id): problems inside one are named after it.
    contexts: list[tuple[str, str | int]] = field(default_factory=list)
    invalid: set[Path_] = field(default_factory=set)  # paths of values that were present but wrong

    def check(self, kind: Kind, value: Any, path: Path_) -> Any:
        """The cleaned value, or None where it was invalid (after reporting why)."""
        return _check_function(kind)(self, value, path)

    def _record(self, kind: Record, value: Any, path: Path_) -> dict[str, Any] | None:
        """A record checked field by field, whatever it holds (see `_record_check` for the common case)."""
        if not isinstance(value, dict):
            self._say(path, f"expected a {kind.name} (a mapping), got {_type_name(value)}")
            return None
        pushed = False
        if kind.label and isinstance(value.get("id"), (str, int)):
            self.contexts.append((kind.label, value["id"]))
            pushed = True
        try:
            cleaned: dict[str, Any] = {}
            ok = True
            for key in value:
                if key not in kind.fields:
                    import difflib

                    close = difflib.get_close_matches(key, kind.fields, n=1)
                    hint = f"; did you mean {quoted(close[0])}?" if close else f"; expected {', '.join(kind.fields)}"
                    self._say((*path, key), f"unknown key {quoted(key)} in {kind.name}{hint}", at_key=True)
                    ok = False
            if kind.exactly_one:
                present = [k for k in value if k in kind.fields]
                if len(present) != 1:
                    self._say(path, f"a {kind.name} has exactly one of: {', '.join(kind.fields)}")
                    return None
                if value[present[0]] is None:  # `- text:` with nothing after it: the block holds nothing
                    self._say((*path, present[0]), f"{present[0]} is empty")
                    return None
            for name, f in kind.fields.items():
                if name not in value or value[name] is None:
                    if f.required:
                        if name in value:
                            self._say((*path, name), f"{name} is empty")
                        elif self.contexts and kind.label:
                            self._say(path, f"missing required key {quoted(name)}")
                        else:
                            self._say(path, f"{kind.name} is missing required key {quoted(name)}")
                        ok = False
                    continue
                checked = self.check(f.kind, value[name], (*path, name))
                if checked is None:
                    # In a tagged union the one value present is the whole record: without it nothing is left.
                    ok = ok and not (f.required or kind.exactly_one)
                    continue
                cleaned[name] = checked
            return cleaned if ok else None
        finally:
            if pushed:
                self.contexts.pop()

    def _say(self, path: Path_, message: str, at_key: bool = False) -> None:
        self.invalid.add(path)
        if self.contexts:
            label, ident = self.contexts[-1]
            message = f"{label} {quoted(str(ident))}: {message}"
        self.report(path, message, at_key)


# How a kind is checked, made once per kind: a course of 50,000 questions checks over a million values, and
# checking was a fifth of reading it, much of that asking each value's kind what it is (a record? a list?) and
# walking every field a record may have. The functions say exactly what `Checker._record` and the kinds' `check` say.
CheckFunction = Callable[[Checker, Any, Path_], Any]
_CHECK_FUNCTIONS: dict[int, tuple[Kind, CheckFunction]] = {}  # by id(kind); the kind is kept so the id stays its


def _check_function(kind: Kind) -> CheckFunction:
    made = _CHECK_FUNCTIONS.get(id(kind))
    if made is None:
        if isinstance(kind, Record):
            function = _record_check(kind)
        elif isinstance(kind, ListOf):
            function = _list_check(kind)
        elif isinstance(kind, MapOf):
            function = _map_check(kind)
        else:
            function = _value_check(kind)
        made = _CHECK_FUNCTIONS[id(kind)] = (kind, function)
    return made[1]


def _record_check(kind: Record) -> CheckFunction:
    """The common record, a mapping of known keys with every required one: checked key by key as written.
    Anything else (another value, an unknown or missing key, a tagged union) is left to `Checker._record`,
    which says what is wrong with it."""
    fields = {name: (_check_function(f.kind), f.required) for name, f in kind.fields.items()}
    required = frozenset(name for name, f in kind.fields.items() if f.required)
    known = kind.fields.keys()
    label = kind.label

    def check_record(checker: Checker, value: Any, path: Path_) -> dict[str, Any] | None:
        if type(value) is not dict or kind.exactly_one or not required <= value.keys() <= known:
            return checker._record(kind, value, path)
        pushed = bool(label) and isinstance(value.get("id"), (str, int))
        if pushed:
            checker.contexts.append((label, value["id"]))
        try:
            cleaned: dict[str, Any] = {}
            ok = True
            for name, item in value.items():
                if item is None:  # written with nothing after it
                    if name in required:
                        checker._say((*path, name), f"{name} is empty")
                        ok = False
                    continue
                check, needed = fields[name]
                item = check(checker, item, (*path, name))
                if item is None:
                    ok = ok and not needed
                else:
                    cleaned[name] = item
            return cleaned if ok else None
        finally:
            if pushed:
                checker.contexts.pop()

    return check_record


def _list_check(kind: ListOf) -> CheckFunction:
    check_item, min_items, whole = _check_function(kind.item), kind.min_items, kind.whole

    def check_list(checker: Checker, value: Any, path: Path_) -> list[Any] | None:
        if not isinstance(value, list):
            checker._say(path, f"expected a list, got {_type_name(value)}")
            return None
        if len(value) < min_items:
            checker._say(path, _phrase(path, "is empty" if not value else f"needs at least {min_items} items"))
        # Invalid items stay as None placeholders, so an index still names the item the author wrote.
        items = [check_item(checker, item, (*path, i)) for i, item in enumerate(value)]
        if whole and None in items:
            checker.invalid.add(path)
            return None
        return items

    return check_list


def _map_check(kind: MapOf) -> CheckFunction:
    check_item, key_pattern = _check_function(kind.value), re.compile(kind.key_pattern) if kind.key_pattern else None

    def check_map(checker: Checker, value: Any, path: Path_) -> dict[Any, Any] | None:
        if not isinstance(value, dict):
            checker._say(path, f"expected a mapping, got {_type_name(value)}")
            return None
        cleaned = {}
        for key, item in value.items():
            if key_pattern and not key_pattern.fullmatch(key):
                checker._say((*path, key), f"{quoted(key)} is not a valid key", at_key=True)
                continue
            checked = check_item(checker, item, (*path, key))
            if checked is not None:
                cleaned[key] = checked
        return cleaned

    return check_map


def _value_check(kind: Kind) -> CheckFunction:
    check = kind.check

    def check_value(checker: Checker, value: Any, path: Path_) -> Any:
        try:
            return check(value)
        except Mismatch as error:
            checker._say(path, _phrase(path, str(error)))
            return None

    return check_value
