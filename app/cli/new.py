"""`coldstart new course|topic|questions|exam`: start course files from commented templates.

- `coldstart new course DIR` writes a whole small course (course.yaml, a starter topic, its questions, an
  exam blueprint) plus the JSON Schemas that give editors completion.
- `coldstart new topic ID` writes content/ID.yaml and adds ID to the reading order in course.yaml.
- `coldstart new questions TOPIC` writes quizzes/TOPIC.yaml with a single- and a multiple-response example.
- `coldstart new exam NAME` writes quizzes/exams/NAME.yaml weighted like the course's domains.

Every file validates as written. An existing file is never overwritten (exit 1); an id that breaks the id
rule is a usage error (exit 2). Without --course the commands act on the course in the current directory.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

COURSE_HELP = "the course directory (default: $COLDSTART_COURSE, else the course in the current directory{})"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="start a course, topic, question bank or exam from a commented template",
        description="Write new course files from commented templates that validate as written. "
        "Existing files are never overwritten.",
    )
    kinds = parser.add_subparsers(title="what to create", metavar="KIND", required=True)

    course = kinds.add_parser("course", help="a new course folder", description="Create a small, valid course in DIR: "
                              "content/course.yaml, a starter topic, its question bank, an exam blueprint and schemas/.")  # fmt: skip
    course.add_argument("dir", metavar="DIR", help="the folder to create the course in (it may exist, but not hold a course)")
    course.add_argument("--id", help="the course id (default: made from DIR's name)")
    course.add_argument("--title", help="the course title (default: made from the id)")
    course.set_defaults(handler=run_course)

    topic = kinds.add_parser("topic", help="a topic module, added to the reading order", description="Write content/ID.yaml "
                             "and add ID to the end of the topics list in content/course.yaml (its comments are kept).")  # fmt: skip
    topic.add_argument("id", metavar="ID", help="the topic id: lowercase letters, digits and dashes")
    topic.add_argument("--title", help="the topic title (default: made from the id)")
    course_option(topic)
    topic.set_defaults(handler=run_topic)

    questions = kinds.add_parser("questions", help="a question bank for a topic", description="Write quizzes/TOPIC.yaml with "
                                 "two example questions, one single response and one multiple response.")  # fmt: skip
    questions.add_argument("topic", metavar="TOPIC", help="the id of an existing topic")
    course_option(questions)
    questions.set_defaults(handler=run_questions)

    exam = kinds.add_parser("exam", help="an exam blueprint", description="Write quizzes/exams/NAME.yaml using the course's "
                            "domains and weights, asking for no more questions than the bank holds.")  # fmt: skip
    exam.add_argument("name", metavar="NAME", help="the blueprint id: lowercase letters, digits and dashes")
    exam.add_argument("--questions", type=int, metavar="N", help="how many questions (default: 20, or all the bank has if fewer)")
    course_option(exam)
    exam.set_defaults(handler=run_exam)


def course_option(parser: argparse.ArgumentParser, *, reading: bool = False) -> None:
    """--course for the authoring commands: like everywhere else, but the default is the course you are in."""
    # SUPPRESS, as in common.add_course_option: a --course given before the subcommand must survive.
    fallback = ", else the bundled course" if reading else ""
    parser.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS, help=COURSE_HELP.format(fallback))


def run_course(args: argparse.Namespace) -> int:
    from ..core.authoring.scaffold import new_course

    folder = Path(args.dir)
    code = _write(lambda: new_course(folder, args.id, args.title))
    if code == 0:
        print(f"next: coldstart validate {shown(folder)}   then open it with: coldstart --course {shown(folder)}")
    return code


def run_topic(args: argparse.Namespace) -> int:
    from ..core.authoring.scaffold import check_id, new_topic

    return _write(lambda: new_topic(authoring_root(args, lambda: check_id(args.id, "topic")), args.id, args.title))


def run_questions(args: argparse.Namespace) -> int:
    from ..core.authoring.scaffold import check_id, new_questions
    from ..core.course.cache import load_course_cached as load_course

    def action() -> list[Path]:
        root = authoring_root(args, lambda: check_id(args.topic, "topic"))
        return new_questions(root, load_course(root).course, args.topic)

    return _write(action)


def run_exam(args: argparse.Namespace) -> int:
    from ..core.authoring.scaffold import check_id, new_exam
    from ..core.course.cache import load_course_cached as load_course

    def action() -> list[Path]:
        root = authoring_root(args, lambda: check_id(args.name, "exam"))
        return new_exam(root, load_course(root).course, args.name, args.questions)

    return _write(action)


def authoring_root(args: argparse.Namespace, check: Callable[[], object] = lambda: None, *, writing: bool = True) -> Path:
    """The course to act on, after `check` (argument checks come first, so a bad id is a usage error)."""
    from ..core.authoring import authoring_course_dir

    check()
    return authoring_course_dir(getattr(args, "course", None), Path.cwd(), writing=writing)


def _write(action: Callable[[], list[Path]]) -> int:
    """Run a scaffolding action and list what it wrote; an `AuthoringError` is one line and exit 2 or 1."""
    from ..core.authoring import AuthoringError
    from .common import error

    try:
        written = action()
    except AuthoringError as problem:
        error(str(problem))
        return 2 if problem.usage else 1
    for path in written:
        print(f"wrote {shown(path)}")
    return 0


def shown(path: Path) -> str:
    """A path as the user would type it (relative to the current directory when inside it), safe to print."""
    from ..core.text import printable

    try:
        return printable(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return printable(str(path))
