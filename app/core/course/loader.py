"""Load a course directory into a `Course`, collecting every problem with its file, line and column.

Loading never stops at the first problem and never raises for bad content: a broken file is reported and
skipped, a broken question is reported and left out, and everything valid is served. `coldstart validate`
prints the problems; the app shows them and opens anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..quoting import quoted
from . import schema
from .bulk import Workers, collector_paused, usable_cpus
from .model import (
    Block,
    Blueprint,
    CalloutBlock,
    CalloutKind,
    ChangedBlock,
    Choice,
    Course,
    DiagramBlock,
    Domain,
    ExamGuide,
    GeneratorSpec,
    GuideDomain,
    GuideSkill,
    Location,
    PredictQuestion,
    Question,
    Section,
    SimulationBlock,
    Source,
    TableBlock,
    TaskStatement,
    TextBlock,
    Topic,
)
from .question_types import QUESTION_TYPES, SINGLE
from .result import LoadResult, Problem
from .summary import CourseSummary
from .yamlfile import Path_, YamlDocument, read_yaml

__all__ = ["LoadResult", "Problem", "load_course"]

# Question banks of more than this many bytes in all are read by several processes at once (see `load_course`):
# below it, starting the processes costs more than it saves.
PARALLEL_BYTES = 2_000_000
COURSE_FILE = "course.yaml"
EXAM_GUIDE_FILE = "exam-guide.yaml"  # the usual name of the exam guide, never read as a topic
EXAMS_DIR = "exams"
_CHOOSE_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


@dataclass
class _FileReport:
    """Problems of one file, located through its YAML document."""

    doc: YamlDocument
    problems: list[Problem]
    invalid: set[Path_] = field(default_factory=set)

    def at(self, path: Path_, message: str, *, key: bool = False) -> None:
        line, column = self.doc.where(path, key=key)
        self.problems.append(Problem(self.doc.path, line, column, message))

    def check(self, kind: schema.Record) -> dict[str, Any] | None:
        checker = schema.Checker(lambda path, message, at_key: self.at(path, message, key=at_key))
        self.invalid = checker.invalid
        data: dict[str, Any] | None = checker.check(kind, self.doc.data, ())
        return data

    def was_invalid(self, path: Path_) -> bool:
        """True when the value at `path` was written but rejected (so it is not "missing")."""
        return any(bad[: len(path)] == path for bad in self.invalid)


@dataclass
class _Loading:
    root: Path
    problems: list[Problem] = field(default_factory=list)

    def checked_files(self, folder: Path, kind: schema.Record, failed: list[Path], exclude: AbstractSet[str] = frozenset()
    ) -> Iterator[tuple[Path, _FileReport, dict[str, Any]]]:
        """(path, report, data) for each YAML file of `folder` that reads and checks as `kind`.

        A file that cannot be read, or whose whole document fails the check, is reported and noted in `failed`.
        """
        yield from self.checked(_yaml_files(folder, exclude), kind, failed)

    def checked(self, paths: list[Path], kind: schema.Record, failed: list[Path]) -> Iterator[tuple[Path, _FileReport, dict[str, Any]]]:
        """As `checked_files`, for the files `paths`."""
        for path in paths:
            report = self.read(path)
            data = report.check(kind) if report else None
            if report is None or data is None:
                failed.append(path)
                continue
            yield path, report, data

    def read(self, path: Path) -> _FileReport | None:
        doc = read_yaml(path)
        for p in doc.problems:
            self.problems.append(Problem(path, p.line, p.column, p.message))
        if doc.data is None:
            return None
        return _FileReport(doc, self.problems)


def load_course(
    root: Path | str,
    *,
    processes: int | None = None,
    keep_questions: bool = True,
    topics_read: Callable[[CourseSummary], None] | None = None,
    banks_read: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Read `root/content` and `root/quizzes`. Never raises for bad content.

    The question banks of a large course are read by `processes` worker processes at once (by default, one per
    CPU for a course of more than PARALLEL_BYTES of banks; 1 reads them here); the result is the same.

    With `keep_questions=False` every question is checked as usual but none is kept: the course has no
    questions, `LoadResult.question_count` says how many were valid, and the problems are the same. That is
    what `coldstart validate` needs, and it spares sending every question from the worker processes (a
    third of the main process's time for 50,000 questions, and most of its memory).

    For a caller that shows the course while it loads (the app): `topics_read(summary)` is called once the
    topics are read, before the question banks, and `banks_read(done, of)` after each bank.
    """
    root = Path(root)
    banks = _yaml_files(root / "quizzes") if (root / "quizzes").is_dir() else []
    if processes is None:
        processes = usable_cpus() if sum(_size(path) for path in banks) > PARALLEL_BYTES else 1
    # Started first, so that they start while the topics are read here.
    with collector_paused(), Workers(processes, preload=__name__) as workers:
        return _load(root, workers, keep_questions, topics_read or _ignore, banks_read or _ignore)


def _ignore(*_: object) -> None:
    pass


def _load(
    root: Path,
    workers: Workers,
    keep_questions: bool,
    topics_read: Callable[[CourseSummary], None],
    banks_read: Callable[[int, int], None],
) -> LoadResult:
    loading = _Loading(root)
    content, quizzes = root / "content", root / "quizzes"
    if not content.is_dir():
        loading.problems.append(Problem(root, 1, 1, "not a course directory: it has no content/ folder"))
        return LoadResult(Course.nothing_at(root), tuple(loading.problems))

    failed: list[Path] = []
    meta, meta_report = _load_meta(loading, content / COURSE_FILE, failed)
    domain_ids = {d.id for d in meta["domains"]}
    guide = _load_exam_guide(loading, content, meta, meta_report, failed)
    skills = _SkillRefs(frozenset(s.id for s in guide.skills) if guide else None)

    topics: dict[str, tuple[Topic, _FileReport]] = {}
    not_topics = {COURSE_FILE, EXAM_GUIDE_FILE} | ({meta["exam_guide"]} if meta["exam_guide"] else set())
    if (content / EXAM_GUIDE_FILE).is_file() and meta["exam_guide"] != EXAM_GUIDE_FILE:
        loading.problems.append(Problem(content / EXAM_GUIDE_FILE, 1, 1, f"an exam guide that content/course.yaml does not name; add: exam_guide: {EXAM_GUIDE_FILE}"))
    for path, report, data in loading.checked_files(content, schema.TOPIC, failed, exclude=not_topics):
        topic = _build_topic(data, report, path, skills)
        if topic.id in topics:
            report.at(("id",), f"duplicate topic id {quoted(topic.id)} (also in {topics[topic.id][1].doc.path.name})")
            continue
        if path.stem != topic.id:
            report.at(("id",), f"topic {quoted(topic.id)} is in {path.name}; name the file {topic.id}.yaml")
        topics[topic.id] = (topic, report)

    ordered = _order_topics(meta, meta_report, topics)
    topic_ids = set(topics)
    topics_read(CourseSummary(meta["id"], meta["title"], meta["description"], tuple((t.id, t.title) for t in ordered)))

    questions: dict[str, Question | _Checked] = {}
    if quizzes.is_dir():
        context = _BankContext(frozenset(topic_ids), frozenset(domain_ids), skills, keep_questions)
        bank_paths = _yaml_files(quizzes)
        for done, bank in enumerate(workers.map(read_bank, bank_paths, context), 1):
            banks_read(done, len(bank_paths))
            loading.problems.extend(bank.problems)
            if bank.failed:
                failed.append(bank.path)
            else:
                _add_questions(bank, questions, loading.problems)
            # Nothing keeps a bank's data or marks once its questions are built: a course of thousands of
            # questions holds one bank file's worth at a time, besides the questions.
    else:
        loading.problems.append(Problem(root, 1, 1, "the course has no quizzes/ folder, so it has no questions"))

    blueprints: list[Blueprint] = []
    exams_dir = quizzes / EXAMS_DIR
    if exams_dir.is_dir():
        all_questions = list(questions.values())
        seen: dict[str, Path] = {}
        for path, report, data in loading.checked_files(exams_dir, schema.BLUEPRINT, failed):
            blueprint = _build_blueprint(data, report, path, domain_ids, topic_ids, all_questions)
            if blueprint is None:
                continue
            if blueprint.id in seen:
                report.at(("id",), f"duplicate blueprint id {quoted(blueprint.id)} (also in {seen[blueprint.id].name})")
                continue
            seen[blueprint.id] = path
            blueprints.append(blueprint)

    for topic, report in topics.values():
        _check_simulations(topic, report)
    blueprints.sort(key=lambda b: (-b.question_count, b.title))  # the full exam first, short drills last

    course = Course(
        id=meta["id"],
        title=meta["title"],
        description=meta["description"],
        root=root,
        domains=tuple(meta["domains"]),
        topics=tuple(ordered),
        questions=tuple(q for q in questions.values() if isinstance(q, Question)),  # none, unless kept
        blueprints=tuple(blueprints),
        failed_files=tuple(failed),
        exam_guide=guide,
    )
    return LoadResult(course, tuple(sorted(set(loading.problems))), None if keep_questions else len(questions))


def _yaml_files(folder: Path, exclude: AbstractSet[str] = frozenset()) -> list[Path]:
    """The .yaml/.yml entries of a folder (directories named like YAML files included, to be reported)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in exclude)


# --- course.yaml ---------------------------------------------------------------------------------------------


def _load_meta(loading: _Loading, path: Path, failed: list[Path]) -> tuple[dict[str, Any], _FileReport | None]:
    fallback: dict[str, Any] = {
        "id": loading.root.resolve().name or "course",
        "title": loading.root.resolve().name or "Course",
        "description": "",
        "domains": [],
        "topics": [],
        "exam_guide": None,
    }
    if not path.exists():
        loading.problems.append(Problem(path, 1, 1, "missing: a course needs content/course.yaml (title, domains, topics)"))
        return fallback, None
    report = loading.read(path)
    data = report.check(schema.COURSE) if report else None
    if report is None or data is None:
        failed.append(path)
        return fallback, report
    domains: list[Domain] = []
    for i, d in enumerate(data["domains"]):
        if d is None:
            continue
        if any(x.id == d["id"] for x in domains):
            report.at(("domains", i, "id"), f"duplicate domain id {quoted(d['id'])}")
            continue
        domains.append(Domain(d["id"], d["name"], float(d["weight"])))
    total = sum(d.weight for d in domains)
    if domains and abs(total - 100) > 0.01:
        report.at(("domains",), f"domain weights add up to {total:g}%, not 100%")
    return {
        "id": data["id"],
        "title": data["title"],
        "description": data.get("description", ""),
        "domains": domains,
        "topics": data["topics"],
        "exam_guide": data.get("exam_guide"),
    }, report


def _order_topics(meta: dict[str, Any], report: _FileReport | None, topics: dict[str, tuple[Topic, _FileReport]]) -> list[Topic]:
    ordered: list[Topic] = []
    listed: set[str] = set()
    for i, topic_id in enumerate(meta["topics"]):
        if topic_id is None:
            continue
        if topic_id in listed:
            if report:
                report.at(("topics", i), f"topic {quoted(topic_id)} is listed twice")
            continue
        listed.add(topic_id)
        if topic_id in topics:
            ordered.append(topics[topic_id][0])
        elif report:
            report.at(("topics", i), f"unknown topic {quoted(topic_id)}: there is no content/{topic_id}.yaml{_suggest(topic_id, topics)}")
    for topic_id, (topic, topic_report) in topics.items():
        if topic_id not in listed:
            ordered.append(topic)
            if report:  # without a course.yaml there is no order to be missing from
                topic_report.at(("id",), f"topic {quoted(topic_id)} is not listed in content/course.yaml topics; it is shown last")
    return ordered


def _suggest(word: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


# --- the exam guide ------------------------------------------------------------------------------------------


def _load_exam_guide(
    loading: _Loading, content: Path, meta: dict[str, Any], meta_report: _FileReport | None, failed: list[Path]
) -> ExamGuide | None:
    """The exam guide named by course.yaml `exam_guide`, checked against the course's domains; None without one."""
    name = meta["exam_guide"]
    if not name:
        return None
    path = content / name
    if not path.is_file():
        if meta_report:
            meta_report.at(("exam_guide",), f"exam guide {name!r} not found: there is no content/{name}")
        return None
    report = loading.read(path)
    data = report.check(schema.EXAM_GUIDE) if report else None
    if report is None or data is None:
        failed.append(path)
        return None
    course_weights = {d.id: d.weight for d in meta["domains"]}
    domains: list[GuideDomain] = []
    seen_skills: set[str] = set()
    for di, d in enumerate(data["domains"]):
        if d is None:
            continue
        at = ("domains", di)
        if d["id"] not in course_weights:
            if course_weights:
                report.at((*at, "id"), f"domain {d['id']!r} is not a domain of content/course.yaml{_suggest(d['id'], course_weights)}")
        elif abs(course_weights[d["id"]] - d["weight"]) > 0.01:
            report.at((*at, "weight"), f"domain {d['id']!r} weighs {d['weight']:g}% here but {course_weights[d['id']]:g}% in content/course.yaml")
        if any(x.number == d["number"] or x.id == d["id"] for x in domains):
            report.at((*at, "number"), f"domain {d['number']} ({d['id']}) is listed twice")
            continue
        tasks = []
        for ti, t in enumerate(d["tasks"]):
            if t is None:
                continue
            if not t["id"].startswith(f"{d['number']}."):
                report.at((*at, "tasks", ti, "id"), f"task statement {t['id']!r} is in domain {d['number']}; its id starts with {d['number']}.")
                continue
            guide_skills = []
            for si, sk in enumerate(t["skills"]):
                if sk is None:
                    continue
                where = (*at, "tasks", ti, "skills", si, "id")
                if not sk["id"].startswith(f"{t['id']}."):
                    report.at(where, f"skill {sk['id']!r} is in task statement {t['id']}; its id starts with {t['id']}.")
                elif sk["id"] in seen_skills:
                    report.at(where, f"duplicate skill id {sk['id']!r}")
                else:
                    seen_skills.add(sk["id"])
                    guide_skills.append(GuideSkill(sk["id"], sk["text"], sk.get("out_of_scope", "")))
            tasks.append(TaskStatement(t["id"], t["title"], tuple(guide_skills), _present(t.get("knowledge", ()))))
        domains.append(GuideDomain(d["number"], d["id"], d["name"], float(d["weight"]), tuple(tasks), d.get("source", "")))
    total = sum(d.weight for d in domains)
    if domains and abs(total - 100) > 0.01:
        report.at(("domains",), f"domain weights add up to {total:g}%, not 100%")
    line, column = report.doc.where(())
    return ExamGuide(
        title=data["title"],
        version=data["version"],
        url=data["url"],
        domains=tuple(domains),
        exam=data.get("exam", ""),
        published=data.get("published", ""),
        scope=data.get("scope", ""),
        location=Location(path, line, column),
    )


@dataclass(frozen=True)
class _SkillRefs:
    """Checks the `skills:` lists of sections and questions against the exam guide's skill ids."""

    known: frozenset[str] | None  # None: the course names no exam guide (or it could not be read)

    def keep(self, ids: Any, report: _FileReport, path: tuple[str | int, ...], owner: str) -> tuple[str, ...]:
        """The valid ids of a checked `skills:` list at `path`; each unknown or repeated one is reported and left out."""
        kept: list[str] = []
        for j, skill_id in enumerate(ids):
            if skill_id is None:
                continue  # already reported by the schema
            if self.known is None:
                report.at((*path, j), f"{owner}: skill {skill_id!r} cannot be checked: content/course.yaml names no exam guide (exam_guide)")
            elif skill_id not in self.known:
                report.at((*path, j), f"{owner}: unknown exam-guide skill {skill_id!r}{_suggest(skill_id, self.known)}")
            elif skill_id in kept:
                report.at((*path, j), f"{owner}: skill {skill_id!r} is listed twice")
            else:
                kept.append(skill_id)
        return tuple(kept)


# --- topics --------------------------------------------------------------------------------------------------


def _build_topic(data: dict[str, Any], report: _FileReport, path: Path, skills: _SkillRefs) -> Topic:
    sections: list[Section] = []
    seen: set[str] = set()
    for i, s in enumerate(data["sections"]):
        if s is None:
            continue
        if s["id"] in seen:
            report.at(("sections", i, "id"), f"duplicate section id {quoted(s['id'])}")
            continue
        seen.add(s["id"])
        for bi, block in enumerate(s["blocks"]):
            if block is None:
                continue
            predict = block.get("simulation", {}).get("predict")
            if predict and sum(bool(c.get("correct")) for c in predict["choices"]) != 1:
                where = ("sections", i, "blocks", bi, "simulation", "predict")
                report.at(where, "a predict-first question needs exactly one correct choice")
        built = (_build_block(block) for block in s["blocks"] if block is not None)
        blocks = tuple(block for block in built if block is not None)
        section_skills = skills.keep(s.get("skills", ()), report, ("sections", i, "skills"), f"section {s['id']!r}")
        sections.append(Section(s["id"], s["title"], blocks, section_skills))
    line, column = report.doc.where(())
    return Topic(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        sections=tuple(sections),
        key_facts=_present(data.get("key_facts", ())),
        sources=tuple(Source(s["title"], s["url"]) for s in _present(data.get("sources", ()))),
        covers=_present(data.get("covers", ())),
        location=Location(path, line, column),
    )


def _build_block(block: dict[str, Any]) -> Block | None:
    (kind, value), = block.items()
    if kind == "text":
        return TextBlock(value)
    if kind in ("tip", "exam_tip", "warning"):
        return CalloutBlock(cast(CalloutKind, kind), value)
    if kind == "changed":
        return ChangedBlock(value["was"], value["now"], value.get("date"), value["source"], str(value.get("ref", "")))
    if kind == "diagram":
        return DiagramBlock(value["title"], value["art"].rstrip("\n"), value.get("caption", ""))
    if kind == "table":
        rows = tuple(tuple(_cell(c) for c in _present(row)) for row in _present(value["rows"]))
        return TableBlock(value["title"], _present(value["columns"]), rows, value.get("caption", ""))
    if kind == "simulation":
        predict = value.get("predict")
        question = None
        if predict:
            correct = [i for i, c in enumerate(predict["choices"]) if c.get("correct")]
            question = PredictQuestion(
                predict["stem"], tuple(c["text"] for c in predict["choices"]), correct[0] if correct else -1, predict["explanation"]
            )
        return SimulationBlock(value["name"], dict(value.get("params", {})), value.get("caption", ""), question)
    return None  # pragma: no cover - the schema admits no other kind


def _present(items: Any) -> tuple[Any, ...]:
    """The valid items of a checked list (invalid ones are None placeholders, already reported)."""
    return tuple(item for item in items if item is not None)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _check_simulations(topic: Topic, report: _FileReport) -> None:
    """Embedded simulations must exist and start from parameters they accept."""
    for si, section in enumerate(topic.sections):
        for bi, block in enumerate(section.blocks):
            if not isinstance(block, SimulationBlock):
                continue
            path = ("sections", si, "blocks", bi, "simulation")
            message = _simulation_params_problem(block.name, block.params)
            if message:
                report.at((*path, "params") if "parameter" in message or "=" in message else (*path, "name"), message)


def _simulation_params_problem(name: str, params: dict[str, Any], *, ranges: bool = False) -> str | None:
    """None when the simulation exists and accepts `params`; otherwise the reason in one line."""
    from ..sims import registry
    from ..sims.params import ParamError

    try:
        simulation = registry.get(name)
    except ParamError as error:
        return f"{error}"
    except ImportError:
        return f"simulation {quoted(name)} is not available in this version of coldstart"
    by_name = {p.name: p for p in simulation.params}
    try:
        if ranges:
            for key, value in params.items():
                if key in by_name and isinstance(value, list):
                    for bound in value:
                        by_name[key].check(bound)
            fixed = {k: v for k, v in params.items() if not isinstance(v, list)}
            unknown = [k for k in params if k not in by_name]
            simulation.resolve({**fixed, **{k: params[k] for k in unknown}})
        else:
            simulation.resolve(params)
    except ParamError as error:
        return f"simulation {quoted(name)}: {error}"
    return None


# --- questions -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BankContext:
    """What checking a bank's questions needs to know of the rest of the course (sent to a worker process)."""

    topic_ids: frozenset[str]
    domain_ids: frozenset[str]
    skills: _SkillRefs
    keep_questions: bool = True  # False: send back each valid question's `_Checked` instead of the question


@dataclass(frozen=True)
class _Checked:
    """What the checks after the banks need of a valid question (duplicate ids, exam pools): sent by a bank's
    worker instead of the question when the questions are not kept (see `load_course`)."""

    id: str
    topic: str
    location: Location


@dataclass
class _BankRead:
    """One question bank, read and checked on its own: its problems, and its valid questions by their index in
    the file. Whether an id is also used by another bank is for `_add_questions` to say, which sees them all."""

    path: Path
    problems: list[Problem]
    questions: list[tuple[int, Question | _Checked]]
    failed: bool = False


def read_bank(path: Path, context: _BankContext) -> _BankRead:
    """Read, check and build one question bank (in a worker process for a large course; see `load_course`)."""
    with collector_paused():
        loading = _Loading(path.parent)
        failed: list[Path] = []
        questions: list[tuple[int, Question | _Checked]] = []
        for _, report, data in loading.checked([path], schema.QUESTION_BANK, failed):
            questions = _bank_questions(data, report, path, context)
        return _BankRead(path, loading.problems, questions, failed=bool(failed))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_bank says what is wrong with it


def _bank_questions(data: dict[str, Any], report: _FileReport, path: Path, context: _BankContext) -> list[tuple[int, Question | _Checked]]:
    bank_topic = data["topic"]
    topic_ids = context.topic_ids
    if bank_topic not in topic_ids:
        report.at(("topic",), f"unknown topic {quoted(bank_topic)}{_suggest(bank_topic, topic_ids)}")
    built: list[tuple[int, Question | _Checked]] = []
    for i, q in enumerate(data["questions"]):
        if q is None:
            continue
        question = _build_question(q, bank_topic, report, ("questions", i), path, context)
        if question is not None:
            built.append((i, question))
    return built


def _add_questions(bank: _BankRead, questions: dict[str, Question | _Checked], problems: list[Problem]) -> None:
    """Add a bank's questions to the course's, reporting each id that an earlier bank (or this one) already used."""
    report: _FileReport | None = None  # the file is read again to locate a duplicate: rare, and only then
    for i, question in bank.questions:
        if question.id in questions:
            report = report or _FileReport(read_yaml(bank.path), problems)
            other = _file_of(questions[question.id]).name
            report.at(("questions", i, "id"), f"duplicate question id {quoted(question.id)} (also in {other})")
            continue
        questions[question.id] = question


def _file_of(question: Question | _Checked) -> Path:
    assert question.location is not None  # the loader locates every question it builds
    return question.location.file


def _build_question(
    q: dict[str, Any],
    bank_topic: str,
    report: _FileReport,
    at: Path_,
    path: Path,
    context: _BankContext,
) -> Question | _Checked | None:
    """The question, or only what is checked of it when the questions are not kept; None when it is left out."""
    qid = q["id"]
    topic_ids, domain_ids = context.topic_ids, context.domain_ids
    name = f"question {quoted(qid)}"
    ok = True
    topic = q.get("topic", bank_topic)
    if topic not in topic_ids:
        if "topic" in q:
            report.at((*at, "topic"), f"{name}: unknown topic {quoted(topic)}{_suggest(topic, topic_ids)}")
        ok = False
    if domain_ids and q["domain"] not in domain_ids:
        report.at((*at, "domain"), f"{name}: unknown domain {quoted(q['domain'])}{_suggest(q['domain'], domain_ids)}")
        ok = False
    line, column = report.doc.where(at)
    location = Location(path, line, column)

    if "generate" in q:
        generated = _build_generated(q, report, at, location, topic, context.skills) if ok else None
        return generated if generated is None or context.keep_questions else _Checked(qid, topic, location)

    for key in ("type", "stem", "choices", "explanation"):
        if key not in q:
            if not report.was_invalid((*at, key)):
                report.at(at, f"{name}: missing required key {quoted(key)}")
            ok = False
    if not ok:
        return None
    written = q["choices"]
    right = [bool(c.get("correct", False)) for c in written]
    correct = sum(right)
    kind = QUESTION_TYPES.get(q["type"])
    if kind is None:  # the schema has already said which types there are
        return None
    problem = kind.key_problem(name, correct, len(written))
    if problem is not None:
        report.at((*at, "choices"), problem)
        return None
    if kind.several:
        match = re.search(r"\(Choose (\w+)\.?\)", q["stem"], re.IGNORECASE)
        if match and _CHOOSE_WORDS.get(match.group(1).lower()) not in (None, correct):
            report.at((*at, "stem"), f"{name}: the stem says 'Choose {match.group(1)}' but {correct} choices are correct")
            return None
    texts = [" ".join(c["text"].lower().split()) for c in written]
    if len(set(texts)) != len(texts):
        report.at((*at, "choices"), f"{name} has two identical choices")
        return None
    skills = _question_skills(q, report, at, context.skills)
    if not context.keep_questions:
        return _Checked(qid, topic, location)  # every check is done: making the question is all that is left
    return Question(
        id=qid,
        topic=topic,
        domain=q["domain"],
        type=q["type"],
        stem=q["stem"],
        choices=tuple(Choice(c["text"], is_right, c["why"]) for c, is_right in zip(written, right, strict=True)),
        explanation=q["explanation"],
        source=q["source"],
        difficulty=q["difficulty"],
        tags=_present(q.get("tags", ())),
        exam=q.get("exam", True),
        location=location,
        skills=skills,
    )


def _question_skills(q: dict[str, Any], report: _FileReport, at: Path_, skills: _SkillRefs) -> tuple[str, ...]:
    """A valid question's skills (a question left out has its skills unchecked)."""
    return skills.keep(q.get("skills", ()), report, (*at, "skills"), f"question {q['id']!r}")


def _build_generated(
    q: dict[str, Any], report: _FileReport, at: Path_, location: Location, topic: str, skills: _SkillRefs
) -> Question | None:
    spec = q["generate"]
    name = f"question {quoted(q['id'])}"
    message = _simulation_params_problem(spec["simulation"], spec.get("params", {}), ranges=True)
    if message:
        report.at((*at, "generate"), f"{name}: {message}")
        return None
    from ..sims import registry

    asks = registry.asks(spec["simulation"])
    if spec["ask"] not in asks:
        known = ", ".join(asks) or "nothing yet"
        report.at((*at, "generate", "ask"), f"{name}: simulation {quoted(spec['simulation'])} cannot ask {quoted(spec['ask'])}; it asks: {known}")
        return None
    return Question(
        id=q["id"],
        topic=topic,
        domain=q["domain"],
        type=SINGLE.name,
        stem=q.get("stem", f"A question generated by the {spec['simulation']} simulation"),
        choices=(),
        explanation=q.get("explanation", ""),
        source=q["source"],
        difficulty=q["difficulty"],
        tags=_present(q.get("tags", ())),
        exam=q.get("exam", True),
        location=location,
        generator=GeneratorSpec(spec["simulation"], spec["ask"], dict(spec.get("params", {}))),
        skills=_question_skills(q, report, at, skills),
    )


# --- blueprints ----------------------------------------------------------------------------------------------


def _build_blueprint(
    data: dict[str, Any],
    report: _FileReport,
    path: Path,
    domain_ids: set[str],
    topic_ids: set[str],
    questions: list[Question | _Checked],
) -> Blueprint | None:
    name = f"blueprint {quoted(data['id'])}"
    ok = True
    for domain in data["domains"]:
        if domain_ids and domain not in domain_ids:
            report.at(("domains", domain), f"{name}: unknown domain {quoted(domain)}{_suggest(domain, domain_ids)}", key=True)
            ok = False
    total = sum(data["domains"].values())
    if abs(total - 100) > 0.01:
        report.at(("domains",), f"{name}: domain weights add up to {total:g}%, not 100%")
        ok = False
    topics = _present(data.get("topics", ()))
    for i, topic in enumerate(topics):
        if topic not in topic_ids:
            report.at(("topics", i), f"{name}: unknown topic {quoted(topic)}{_suggest(topic, topic_ids)}")
            ok = False
    pool = [q for q in questions if not topics or q.topic in topics]
    if ok and data["questions"] > len(pool):
        scope = "in its topics" if topics else "in the course"
        report.at(("questions",), f"{name} asks for {data['questions']} questions but the bank has {len(pool)} {scope}")
        ok = False
    if not ok:
        return None
    line, column = report.doc.where(())
    return Blueprint(
        id=data["id"],
        title=data["title"],
        question_count=data["questions"],
        minutes=data["minutes"],
        pass_mark=float(data["pass_mark"]),
        domain_weights={k: float(v) for k, v in data["domains"].items()},
        pausable=data.get("pausable", False),
        topics=topics,
        description=data.get("description", ""),
        location=Location(path, line, column),
    )
