"""The course as the rest of coldstart sees it: frozen dataclasses, already validated.

Nothing here reads files; `app.core.course.loader` builds these from YAML. Every object that progress is
keyed on (topics, sections, questions, blueprints) carries a stable `id` chosen by the author, never one
derived from its wording, so editing text keeps a learner's history.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

from .question_types import QuestionKind, QuestionType, kind_of

T = TypeVar("T")

CalloutKind = Literal["tip", "exam_tip", "warning"]


@dataclass(frozen=True)
class Location:
    """Where something was written: a file and a 1-based line and column."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Domain:
    """An exam domain, with its weight in percent of the real exam."""

    id: str
    name: str
    weight: float


@dataclass(frozen=True)
class Source:
    title: str
    url: str


# --- Blocks: the ordered pieces a section is made of ------------------------------------------


@dataclass(frozen=True)
class TextBlock:
    """Markdown prose."""

    markdown: str


@dataclass(frozen=True)
class CalloutBlock:
    """A boxed aside: a tip, an exam tip or a warning."""

    kind: CalloutKind
    markdown: str


@dataclass(frozen=True)
class ChangedBlock:
    """What the study notes said, what is true now, since when, and where AWS says so."""

    was: str
    now: str
    changed_on: date | None
    source: str
    note_ref: str = ""  # e.g. the row number of the fact sheet's "outdated statements" table


@dataclass(frozen=True)
class DiagramBlock:
    """A terminal diagram drawn as preformatted text (boxes and arrows, a timeline)."""

    title: str
    art: str
    caption: str = ""


@dataclass(frozen=True)
class TableBlock:
    """A small table, drawn with Rich."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class PredictQuestion:
    """A question asked before a simulation runs, answered by what the run shows."""

    stem: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    explanation: str


@dataclass(frozen=True)
class SimulationBlock:
    """An embedded simulation: its registered name and the parameters it starts with."""

    name: str
    params: dict[str, Any]
    caption: str = ""
    predict: PredictQuestion | None = None


Block = TextBlock | CalloutBlock | ChangedBlock | DiagramBlock | TableBlock | SimulationBlock


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    skills: tuple[str, ...] = ()  # ids of the exam-guide skills this section teaches (1.2.1…)


@dataclass(frozen=True)
class Topic:
    """A topic module: one YAML file in content/."""

    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    key_facts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    covers: tuple[str, ...] = ()  # ids of the sections of the source notes this module teaches (S01…)
    location: Location | None = None

    @property
    def simulations(self) -> tuple[SimulationBlock, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, SimulationBlock))


# --- Questions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    why: str  # why this choice is right or wrong


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    domain: str
    type: QuestionType
    stem: str
    choices: tuple[Choice, ...]
    explanation: str
    source: str
    difficulty: int  # 1 easy, 2 medium, 3 hard
    tags: tuple[str, ...] = ()
    location: Location | None = None
    generator: GeneratorSpec | None = None  # set for questions a simulation generates
    skills: tuple[str, ...] = ()  # ids of the exam-guide skills this question tests; not part of its content hash
    # False for a practice-only question: topic practice asks it, exams never draw it (`exam: false` in the bank).
    exam: bool = True

    @property
    def kind(self) -> QuestionKind:
        """What this question's type means: how many to pick, how it is scored, how it is described."""
        return kind_of(self.type)

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    @property
    def choose(self) -> int:
        """How many choices the learner must pick."""
        return len(self.correct_indexes)

    @cached_property
    def content_hash(self) -> str:
        """Which version of the question a learner answered: stem, choices and key in any order (see `hashing`)."""
        from .hashing import content_hash

        return content_hash(self)

    def is_correct(self, picked: Collection[int]) -> bool:
        """Scored as the question's type scores it (all-or-nothing, as on the real exam)."""
        return self.kind.score(self.correct_indexes, picked)


@dataclass(frozen=True)
class GeneratorSpec:
    """A question whose numbers come from a simulation run with drawn parameters."""

    simulation: str
    ask: str
    params: dict[str, Any]  # name -> fixed value or [low, high] range to draw from


# --- Exams -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Blueprint:
    id: str
    title: str
    question_count: int
    minutes: int
    pass_mark: float  # percent
    domain_weights: dict[str, float]  # domain id -> percent
    pausable: bool = False
    topics: tuple[str, ...] = ()  # empty means every topic
    description: str = ""
    location: Location | None = None


# --- The exam guide -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GuideSkill:
    """One skill of an exam guide's task statement, paraphrased; `out_of_scope` says why the course leaves it out."""

    id: str  # "1.2.3": domain, task statement, skill, in the guide's order
    text: str
    out_of_scope: str = ""

    @property
    def in_scope(self) -> bool:
        return not self.out_of_scope


@dataclass(frozen=True)
class TaskStatement:
    id: str  # "1.2"
    title: str
    skills: tuple[GuideSkill, ...]
    knowledge: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideDomain:
    number: int
    id: str  # the course domain it is
    name: str
    weight: float  # percent of the scored exam
    tasks: tuple[TaskStatement, ...]
    source: str = ""

    @property
    def skills(self) -> tuple[GuideSkill, ...]:
        return tuple(s for t in self.tasks for s in t.skills)


@dataclass(frozen=True)
class ExamGuide:
    """The published exam guide a course maps itself to: its version, where it is, and its skills."""

    title: str
    version: str
    url: str
    domains: tuple[GuideDomain, ...]
    exam: str = ""
    published: str = ""
    scope: str = ""
    location: Location | None = None

    @property
    def skills(self) -> tuple[GuideSkill, ...]:
        return tuple(s for d in self.domains for s in d.skills)

    def skill(self, skill_id: str) -> GuideSkill | None:
        return next((s for s in self.skills if s.id == skill_id), None)


# --- The course --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    description: str
    root: Path
    domains: tuple[Domain, ...]
    topics: tuple[Topic, ...]  # in the author's order
    questions: tuple[Question, ...]
    blueprints: tuple[Blueprint, ...]
    failed_files: tuple[Path, ...] = field(default=())  # files that could not be loaded at all
    exam_guide: ExamGuide | None = None  # the exam guide the course maps its sections and questions to

    @classmethod
    def nothing_at(cls, root: Path) -> Course:
        """A course of nothing, named after its folder: what a folder without course files holds."""
        return cls(id=root.name or "course", title=root.name, description="", root=root, domains=(), topics=(), questions=(), blueprints=())

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def question(self, question_id: str) -> Question | None:
        return self._questions_by_id.get(question_id)

    def questions_for(self, topic_id: str) -> tuple[Question, ...]:
        """The topic's questions, in course order. Grouped once per course: a topic's screen asks on every look at
        its keys (whether it can be practised), which went through every question of the course each time (0.45 ms
        before a topic's first frame)."""
        return self.derived("questions by topic", _questions_by_topic).get(topic_id, ())

    @property
    def exam_questions(self) -> tuple[Question, ...]:
        """The exam pool: every question an exam may draw, i.e. all but the practice-only ones, in course order."""
        return tuple(q for q in self.questions if q.exam)

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.domains if d.id == domain_id), None)

    def blueprint(self, blueprint_id: str) -> Blueprint | None:
        return next((b for b in self.blueprints if b.id == blueprint_id), None)

    def derived(self, name: str, work_out: Callable[[Course], T]) -> T:
        """What `work_out` makes of this course, worked out once and kept with it (a course never changes):
        for figures several screens show, such as the exam-guide coverage."""
        kept = self.__dict__.get("_derived")
        if kept is None:
            kept = {}
            object.__setattr__(self, "_derived", kept)
        if name not in kept:
            kept[name] = work_out(self)
        return kept[name]  # type: ignore[no-any-return]

    @property
    def _questions_by_id(self) -> dict[str, Question]:
        cache = self.__dict__.get("_qcache")
        if cache is None:
            cache = {q.id: q for q in self.questions}
            object.__setattr__(self, "_qcache", cache)
        return cache


def _questions_by_topic(course: Course) -> dict[str, tuple[Question, ...]]:
    grouped: dict[str, list[Question]] = {}
    for question in course.questions:
        grouped.setdefault(question.topic, []).append(question)
    return {topic_id: tuple(questions) for topic_id, questions in grouped.items()}
