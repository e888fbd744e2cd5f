"""Starting points for course authors: a new course, topic, question bank or exam blueprint.

Every file is written from a commented template, so an author learns the format by reading what was
written, and every file validates as written (the tests scaffold each kind and load the course). Nothing is
ever overwritten: a command whose file exists writes nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..course.model import Course
from ..course.schema import is_id
from ..quoting import quoted
from . import AuthoringError, is_course_dir
from .yamltext import SCHEMA_DIR, append_to_list, modeline, replace_text, scalar, write_new

ID_RULE = "lowercase letters, digits and dashes, starting with a letter or digit (like sqs-basics)"
STARTER_TOPIC = "getting-started"
STARTER_EXAM = "practice"
DEFAULT_EXAM_QUESTIONS = 20  # a sprint; the author raises it as the bank grows
PLACEHOLDER_URL = "https://example.com/replace-with-the-page-that-backs-this"


def check_id(value: str, what: str) -> str:
    """`value` when it is a valid id; otherwise a usage error that states the rule."""
    if not is_id(value):
        raise AuthoringError(f"{quoted(value)} is not a valid {what} id: use {ID_RULE}", usage=True)
    return value


def check_title(title: str | None) -> str | None:
    """`title` when it is usable (None means "make one from the id"); blank titles are a usage error."""
    if title is not None and not title.strip():
        raise AuthoringError("a title needs some text", usage=True)
    return title


def title_from_id(identifier: str) -> str:
    """A first title for an id, for the author to change: "dead-letter-queues" -> "Dead letter queues"."""
    words = identifier.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


# --- new course ------------------------------------------------------------------------------------------------

COURSE_TEMPLATE = """\
{modeline}# The course: its title, the exam's domains and the order in which topics are read.
# Check the whole course at any time with: coldstart validate {folder}
id: {id}{pad_id}# stable: learners' progress is kept per course id
title: {title}
description: >                # one paragraph of Markdown, shown under the title
  What this course teaches, and who it is for.
domains:                      # the exam's domains; weights are percent of the exam and add up to 100
  - id: core                  # questions and blueprints name a domain by its id
    name: Core concepts
    weight: 60
  - id: practice
    name: In practice
    weight: 40
topics:                       # reading order: the ids of the topic modules in content/<id>.yaml
  - {topic}
"""


def new_course(folder: Path, course_id: str | None = None, title: str | None = None) -> list[Path]:
    """Create a course in `folder`: course.yaml, a starter topic, its question bank, a blueprint and the schemas.

    `folder` may exist (an empty folder, a git checkout) as long as none of the files does.
    """
    if course_id is None:
        course_id = _slug(folder.resolve().name)
        if not is_id(course_id):
            raise AuthoringError(
                f"cannot make a course id from the folder name {quoted(folder.resolve().name)}; choose one with --id, using {ID_RULE}",
                usage=True,
            )
    check_id(course_id, "course")
    check_title(title)
    if is_course_dir(folder):
        raise AuthoringError(f"{folder} already holds a course (content/course.yaml); add to it with `coldstart new topic ID`")
    from .jsonschema import schema_texts

    files = {folder / SCHEMA_DIR / name: text for name, text in schema_texts().items()}
    course_file = folder / "content" / "course.yaml"
    files[course_file] = COURSE_TEMPLATE.format(
        modeline=modeline("course", course_file, folder, planned=files),
        folder=_shell_word(folder),
        id=scalar(course_id),
        pad_id=_pad(course_id, 26),
        title=scalar(title or title_from_id(course_id)),
        topic=STARTER_TOPIC,
    )
    domains = [("core", 60.0), ("practice", 40.0)]  # as COURSE_TEMPLATE declares them
    topic_file = folder / "content" / f"{STARTER_TOPIC}.yaml"
    bank_file = folder / "quizzes" / f"{STARTER_TOPIC}.yaml"
    exam_file = folder / "quizzes" / "exams" / f"{STARTER_EXAM}.yaml"
    files[topic_file] = _topic_text(STARTER_TOPIC, title_from_id(STARTER_TOPIC), modeline("topic", topic_file, folder, planned=files))
    files[bank_file] = _bank_text(STARTER_TOPIC, [d for d, _ in domains], _free_ids(STARTER_TOPIC, set()), modeline("questions", bank_file, folder, planned=files))
    starter_questions = 2  # the bank BANK_TEMPLATE writes
    files[exam_file] = _exam_text(STARTER_EXAM, domains, starter_questions, modeline("exam", exam_file, folder, planned=files))
    return write_new(files)


def _pad(value: str, width: int) -> str:
    """Spaces that line a trailing comment up at `width` after `value` (written as a YAML scalar)."""
    return " " * max(1, width - len(scalar(value)))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _shell_word(path: Path) -> str:
    text = str(path)
    return text if re.fullmatch(r"[\w./-]+", text) else "'" + text.replace("'", "'\\''") + "'"


# --- new topic -------------------------------------------------------------------------------------------------

TOPIC_TEMPLATE = """\
{modeline}# A topic module: one file per topic, named <id>.yaml and listed in content/course.yaml `topics`.
id: {id}{pad_id}# stable forever: progress is keyed on it, and the file is named {file}
title: {title}
summary: >                    # one or two sentences: what the learner will be able to do afterwards
  After this topic the learner can ...
sections:                     # in reading order; the learner reads one section at a time
  - id: overview              # stable within this topic
    title: Overview
    blocks:                   # each block has exactly one key: text, tip, exam_tip, warning, changed,
                              # diagram, table or simulation (see docs/authoring.md)
      - text: |
          Markdown prose. Explain why, not only what.
      - tip: A practical tip the learner can use today.
      - exam_tip: What the exam likes to ask here, and the trap in it.
key_facts:                    # short lines, one fact each, with numbers where there are numbers
  - One fact worth remembering.
sources:                      # the pages the facts come from
  - title: The page this topic is based on
    url: {url}
"""


def _topic_text(topic_id: str, title: str, schema_line: str) -> str:
    return TOPIC_TEMPLATE.format(
        modeline=schema_line,
        id=scalar(topic_id),
        file=f"{topic_id}.yaml",
        pad_id=_pad(topic_id, 26),
        title=scalar(title),
        url=PLACEHOLDER_URL,
    )


def new_topic(root: Path, topic_id: str, title: str | None = None) -> list[Path]:
    """Write content/<id>.yaml and add the id to the end of course.yaml's reading order."""
    check_id(topic_id, "topic")
    check_title(title)
    course_file = root / "content" / "course.yaml"
    if not course_file.is_file():
        raise AuthoringError(f"{root} is not a course: {course_file} is missing (create one with `coldstart new course DIR`)")
    topic_file = root / "content" / f"{topic_id}.yaml"
    if topic_file.exists():
        raise AuthoringError(f"{topic_file} already exists; coldstart never overwrites a course file")
    original = course_file.read_text(encoding="utf-8-sig")
    listed = _listed_topics(original)
    updated = original if topic_id in listed else append_to_list(original, "topics", [scalar(topic_id)], what=str(course_file))
    if _listed_topics(updated) != (listed if topic_id in listed else [*listed, topic_id]):
        # The text edit must change exactly the list it meant to; anything else would be a bug worth stopping for.
        raise AuthoringError(f"could not add {quoted(topic_id)} to the topics of {course_file}; add it by hand")
    written = write_new({topic_file: _topic_text(topic_id, title or title_from_id(topic_id), modeline("topic", topic_file, root))})
    if updated != original:
        try:
            replace_text(course_file, updated)
        except AuthoringError:
            topic_file.unlink()  # a topic the course does not list would only confuse: all or nothing
            raise
        written.append(course_file)
    return written


def _listed_topics(text: str) -> list[str]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    topics = data.get("topics") if isinstance(data, dict) else None
    return [str(t) for t in topics] if isinstance(topics, list) else []


# --- new questions ---------------------------------------------------------------------------------------------

BANK_TEMPLATE = """\
{modeline}# The questions of one topic. Check them at any time with: coldstart validate <course folder>
topic: {topic}{pad_topic}# every question in this file belongs to this topic
questions:
  - id: {first}{pad_first}# stable forever: never give an id to a different question
    domain: {domain1}{pad_domain1}# a domain id from content/course.yaml: {domains}
    type: single              # single: exactly one correct choice
    difficulty: 1             # 1 easy, 2 medium, 3 hard
    tags: [starter]           # free words for filtering and search
    stem: |                   # the question, in Markdown
      A team needs ... Which solution meets these requirements?
    choices:                  # four choices is usual; every choice says why it is right or wrong
      - text: The correct answer
        correct: true         # mark correct choices; leave `correct` out on wrong ones
        why: Why this choice is right.
      - text: A plausible wrong answer
        why: Why this choice is wrong.
      - text: Another plausible wrong answer
        why: Why this choice is wrong.
      - text: A third wrong answer
        why: Why this choice is wrong.
    explanation: |            # the whole reasoning, shown after the answer
      Why the right answer is right, and why each wrong one is wrong.
    source: {url}   # the page that backs the answer
  - id: {second}
    domain: {domain2}
    type: multiple            # multiple: two or more correct choices (not all); say how many in the stem
    difficulty: 2
    stem: |
      Which two statements are true? (Choose two.)
    choices:                  # five choices is usual for "Choose two"
      - text: A true statement
        correct: true
        why: Why it is true.
      - text: Another true statement
        correct: true
        why: Why it is true.
      - text: A false statement
        why: Why it is false.
      - text: Another false statement
        why: Why it is false.
      - text: A third false statement
        why: Why it is false.
    explanation: |
      Which two are true and why; what is wrong with each of the others.
    source: {url}
"""


def _bank_text(topic_id: str, domain_ids: list[str], ids: tuple[str, str], schema_line: str) -> str:
    first_domain = domain_ids[0]
    second_domain = domain_ids[1] if len(domain_ids) > 1 else first_domain
    return BANK_TEMPLATE.format(
        modeline=schema_line,
        topic=scalar(topic_id),
        pad_topic=_pad(topic_id, 23),
        first=scalar(ids[0]),
        pad_first=_pad(ids[0], 20),
        domain1=scalar(first_domain),
        pad_domain1=_pad(first_domain, 18),
        domains=", ".join(domain_ids),
        second=scalar(ids[1]),
        domain2=scalar(second_domain),
        url=PLACEHOLDER_URL,
    )


def _free_ids(topic_id: str, taken: set[str]) -> tuple[str, str]:
    """The first two ids <topic>-01, <topic>-02, ... that no question of the course uses yet."""
    free = (f"{topic_id}-{n:02d}" for n in range(1, 10_000) if f"{topic_id}-{n:02d}" not in taken)
    return next(free), next(free)


def new_questions(root: Path, course: Course, topic_id: str) -> list[Path]:
    """Write quizzes/<topic>.yaml with two example questions: one single, one multiple response."""
    check_id(topic_id, "topic")
    if course.topic(topic_id) is None:
        known = ", ".join(t.id for t in course.topics) or "none yet"
        raise AuthoringError(f"the course has no topic {quoted(topic_id)} (topics: {known}); create it with `coldstart new topic {topic_id}`")
    domains = _usable_domains(course)
    bank_file = root / "quizzes" / f"{topic_id}.yaml"
    ids = _free_ids(topic_id, {q.id for q in course.questions})
    return write_new({bank_file: _bank_text(topic_id, [d for d, _ in domains], ids, modeline("questions", bank_file, root))})


def _usable_domains(course: Course) -> list[tuple[str, float]]:
    if not course.domains:
        raise AuthoringError("content/course.yaml declares no domains (or cannot be read); run `coldstart validate` and fix it first")
    return [(d.id, d.weight) for d in course.domains]


# --- new exam --------------------------------------------------------------------------------------------------

EXAM_TEMPLATE = """\
{modeline}# An exam blueprint: how many questions, how long, the pass mark and the weight of each domain.
id: {id}{pad_id}# stable: exam history is kept per blueprint id; the file is named {file}
title: {title}
description: {questions} questions in {minutes} minutes, weighted like the course's domains.
questions: {questions}{pad_questions}# how many to draw; no more than the bank holds ({available} now)
minutes: {minutes}{pad_minutes}# the time limit
pass_mark: 72                 # percent needed to pass
pausable: false               # may the timer pause while the app is closed?
domains:                      # domain id: percent of the questions; the percents add up to 100
{domain_lines}# topics: [some-topic]        # optional: draw only from these topics
"""


def _exam_text(exam_id: str, domains: Iterable[tuple[str, float]], available: int, schema_line: str, count: int | None = None) -> str:
    questions = count or min(DEFAULT_EXAM_QUESTIONS, available)
    minutes = 2 * questions  # two minutes a question, as on the AWS associate exams
    return EXAM_TEMPLATE.format(
        modeline=schema_line,
        id=scalar(exam_id),
        file=f"{exam_id}.yaml",
        pad_id=_pad(exam_id, 26),
        title=scalar(title_from_id(exam_id) + " exam"),
        questions=questions,
        pad_questions=_pad(str(questions), 19),
        minutes=minutes,
        pad_minutes=_pad(str(minutes), 21),
        available=available,
        domain_lines="".join(f"  {scalar(d)}: {scalar(float(w))}\n" for d, w in domains),
    )


def new_exam(root: Path, course: Course, exam_id: str, questions: int | None = None) -> list[Path]:
    """Write quizzes/exams/<id>.yaml weighted like the course's domains, asking no more than the bank holds."""
    check_id(exam_id, "exam")
    if questions is not None and questions < 1:
        raise AuthoringError("--questions must be at least 1", usage=True)
    if course.blueprint(exam_id) is not None:
        raise AuthoringError(f"the course already has an exam {quoted(exam_id)}")
    domains = _usable_domains(course)
    available = sum(1 for q in course.questions if q.generator is None)
    if available == 0:
        raise AuthoringError("the course has no questions yet, and an exam needs at least one; add some with `coldstart new questions TOPIC`")
    if questions is not None and questions > available:
        raise AuthoringError(f"the bank holds {available} questions, fewer than the {questions} asked for")
    exam_file = root / "quizzes" / "exams" / f"{exam_id}.yaml"
    return write_new({exam_file: _exam_text(exam_id, domains, available, modeline("exam", exam_file, root), questions)})
