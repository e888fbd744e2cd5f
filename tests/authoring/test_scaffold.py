"""`coldstart new`: every scaffold validates as written, keeps the author's text, and never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from authoring_helpers import clean, tree
from coldstart.core.authoring import AuthoringError, authoring_course_dir
from coldstart.core.authoring.scaffold import new_course, new_exam, new_questions, new_topic
from coldstart.core.course.loader import load_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMENTED_COURSE = """\
# The author's header comment.
id: commented
title: A course with comments   # a trailing comment
domains:
  - {id: core, name: Core, weight: 60}
  - {id: practice, name: Practice, weight: 40}
topics:
  # the first topic comes first
  - getting-started     # why it is first
# a comment after the list
"""


def test_a_new_course_validates_and_points_editors_at_its_schemas(tmp_path: Path) -> None:
    root = tmp_path / "My Course"
    written = new_course(root)
    clean(root)
    course = load_course(root).course
    assert course.id == "my-course" and course.title == "My course"
    assert len(course.topics) == 1 and len(course.questions) == 2 and len(course.blueprints) == 1
    assert {q.type for q in course.questions} == {"single", "multiple"}
    assert sorted(p.name for p in (root / "schemas").iterdir()) == [
        "course.schema.json", "exam-guide.schema.json", "exam.schema.json", "questions.schema.json", "topic.schema.json"
    ]  # fmt: skip
    for path in written:
        if path.suffix == ".yaml":
            first = path.read_text().splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=")
            assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_every_key_in_a_scaffold_is_explained(tmp_path: Path) -> None:
    new_course(tmp_path / "c")
    bank = (tmp_path / "c" / "quizzes" / "getting-started.yaml").read_text()
    for key in ("topic:", "id:", "domain:", "type: single", "type: multiple", "difficulty:", "tags:", "stem:", "choices:", "correct:", "explanation:", "source:"):
        line = next(line for line in bank.splitlines() if line.strip().lstrip("- ").startswith(key))
        assert " # " in line, f"no comment explains {key!r}: {line}"


def test_new_course_takes_an_id_and_title(tmp_path: Path) -> None:
    new_course(tmp_path / "x", "sqs-basics", "SQS: the basics")
    course = load_course(tmp_path / "x").course
    assert (course.id, course.title) == ("sqs-basics", "SQS: the basics")


def test_new_course_refuses_a_folder_that_holds_a_course(course_copy: Path) -> None:
    before = tree(course_copy)
    with pytest.raises(AuthoringError) as raised:
        new_course(course_copy)
    assert not raised.value.usage and "already holds a course" in str(raised.value)
    assert tree(course_copy) == before


def test_new_topic_keeps_comments_and_layout_of_course_yaml(tmp_path: Path) -> None:
    root = tmp_path / "c"
    new_course(root)
    (root / "content" / "course.yaml").write_text(COMMENTED_COURSE)
    new_topic(root, "beta", "Beta: the second")
    text = (root / "content" / "course.yaml").read_text()
    assert text == COMMENTED_COURSE.replace("  - getting-started     # why it is first\n", "  - getting-started     # why it is first\n  - beta\n")
    course = load_course(root).course
    assert [t.id for t in course.topics] == ["getting-started", "beta"] and course.topic("beta").title == "Beta: the second"
    clean(root)


def test_new_topic_appends_to_a_flow_list(course_copy: Path) -> None:
    new_topic(course_copy, "gamma")
    text = (course_copy / "content" / "course.yaml").read_text()
    assert "topics: [alpha, beta, gamma]" in text
    clean(course_copy)


def test_new_topic_refuses_an_existing_file_and_changes_nothing(course_copy: Path) -> None:
    before = tree(course_copy)
    with pytest.raises(AuthoringError) as raised:
        new_topic(course_copy, "alpha")
    assert not raised.value.usage and "already exists" in str(raised.value)
    assert tree(course_copy) == before


@pytest.mark.parametrize("bad", ["Alpha", "has_underscore", "-leading-dash", "spaces here", "", "ünïcode"])
def test_bad_ids_are_usage_errors_that_state_the_rule(course_copy: Path, bad: str) -> None:
    course = load_course(course_copy).course
    for make in (lambda: new_topic(course_copy, bad), lambda: new_questions(course_copy, course, bad), lambda: new_exam(course_copy, course, bad)):
        with pytest.raises(AuthoringError) as raised:
            make()
        assert raised.value.usage and "lowercase letters, digits and dashes" in str(raised.value)


def test_new_questions_needs_the_topic_and_picks_free_ids(course_copy: Path) -> None:
    course = load_course(course_copy).course
    with pytest.raises(AuthoringError, match="no topic 'gamma'"):
        new_questions(course_copy, course, "gamma")
    new_topic(course_copy, "gamma")
    # An author already used gamma-01 in another bank: the scaffold must not collide with it.
    alpha = course_copy / "quizzes" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("id: alpha-02", "id: gamma-01"))
    new_questions(course_copy, load_course(course_copy).course, "gamma")
    course = load_course(course_copy).course
    assert [q.id for q in course.questions_for("gamma")] == ["gamma-02", "gamma-03"]
    clean(course_copy)


def test_new_questions_refuses_an_existing_bank(course_copy: Path) -> None:
    before = tree(course_copy)
    with pytest.raises(AuthoringError, match="already exists"):
        new_questions(course_copy, load_course(course_copy).course, "alpha")
    assert tree(course_copy) == before


def test_new_exam_uses_the_course_domains_and_fits_the_bank(course_copy: Path) -> None:
    new_exam(course_copy, load_course(course_copy).course, "final")
    clean(course_copy)
    blueprint = load_course(course_copy).course.blueprint("final")
    assert blueprint.question_count == 3  # all the mini bank holds
    assert blueprint.domain_weights == {"development": 60.0, "security": 40.0}
    with pytest.raises(AuthoringError, match="already has an exam 'final'"):
        new_exam(course_copy, load_course(course_copy).course, "final")
    with pytest.raises(AuthoringError, match="holds 3 questions"):
        new_exam(course_copy, load_course(course_copy).course, "bigger", questions=4)


def test_new_exam_needs_questions(tmp_path: Path) -> None:
    root = tmp_path / "c"
    new_course(root)
    shutil.rmtree(root / "quizzes")
    with pytest.raises(AuthoringError, match="no questions yet"):
        new_exam(root, load_course(root).course, "final")


def test_writing_commands_refuse_to_guess_the_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLDSTART_COURSE", raising=False)
    with pytest.raises(AuthoringError, match="no course here"):
        authoring_course_dir(None, tmp_path, writing=True)
    new_course(tmp_path / "c")
    assert authoring_course_dir(None, tmp_path / "c", writing=True) == tmp_path / "c"
    assert authoring_course_dir("elsewhere", tmp_path / "c", writing=True) == Path("elsewhere")


# Titles as people type them, including YAML's traps: "yes", "null", "1.5", ": ", " #", quotes, leading "-".
TITLES = st.one_of(
    st.sampled_from(["yes", "No", "null", "~", "1.5", "2024", "a: b", "x # y", "- dash", "'quoted'", '"double"', "[list]", "{map}", "*star", "&amp", "@at", "%pct", "!bang"]),
    st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=30).filter(lambda t: t.strip()),
)
IDS = st.one_of(st.sampled_from(["0", "007", "010", "1e3", "0x1f", "12-30", "yes", "null", "on"]), st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(topic_id=IDS, title=TITLES, exam_id=IDS)
def test_any_valid_id_and_title_scaffold_into_a_clean_course(tmp_path_factory, topic_id: str, title: str, exam_id: str) -> None:
    root = tmp_path_factory.mktemp("course")
    new_course(root, "prop", title)
    if topic_id != "getting-started":
        new_topic(root, topic_id, title)
        new_questions(root, load_course(root).course, topic_id)
    if exam_id != "practice":
        new_exam(root, load_course(root).course, exam_id)
    clean(root)
    course = load_course(root).course
    assert course.title == title and course.topics[-1].title == (title if topic_id != "getting-started" else "Getting started")
    # Ids YAML would read as numbers (0, 007, 1e3) are quoted, so they stay the ids they were.
    assert [str(t) for t in yaml.safe_load((root / "content" / "course.yaml").read_text())["topics"]] == [t.id for t in course.topics]
    assert course.topics[-1].id == (topic_id if topic_id != "getting-started" else "getting-started")


def test_an_id_ending_in_a_newline_is_refused(course_copy: Path) -> None:
    with pytest.raises(AuthoringError) as raised:
        new_topic(course_copy, "gamma\n")
    assert raised.value.usage and "'gamma\\n' is not a valid topic id" in str(raised.value)


def test_a_folder_name_without_an_id_in_it_asks_for_id(tmp_path: Path) -> None:
    with pytest.raises(AuthoringError) as raised:
        new_course(tmp_path / "日本語")
    assert raised.value.usage
    assert str(raised.value).startswith("cannot make a course id from the folder name '日本語'; choose one with --id")
    assert new_course(tmp_path / "日本語", "nihongo")  # with --id it is fine


def test_new_topic_on_a_broken_course_yaml_is_one_located_line(course_copy: Path) -> None:
    course_file = course_copy / "content" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "title: [unclosed\n", encoding="utf-8")
    before = tree(course_copy)
    with pytest.raises(AuthoringError) as raised:
        new_topic(course_copy, "gamma")
    message = str(raised.value)
    assert "\n" not in message and "<unicode string>" not in message
    assert message.startswith(f"{course_file}:") and "YAML syntax error" in message
    assert tree(course_copy) == before
