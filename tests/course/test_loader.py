"""The loader: one test per class of problem, each asserting the exact file:line:column."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from coldstart.core.course.loader import load_course
from coldstart.core.course.model import ChangedBlock, TableBlock


def problems(root: Path) -> list[str]:
    return [p.display(root) for p in load_course(root).problems]


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


QUESTION = """
topic: alpha
questions:
  - id: q-1
    domain: development
    type: single
    difficulty: 2
    stem: Which one?
    choices:
      - {text: A, correct: true, why: Right.}
      - {text: B, why: Wrong.}
    explanation: A is right.
    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html
"""


def test_the_mini_course_is_clean(mini_course: Path) -> None:
    result = load_course(mini_course)
    assert result.problems == ()
    course = result.course
    assert [t.id for t in course.topics] == ["alpha", "beta"]
    assert [q.id for q in course.questions_for("alpha")] == ["alpha-01", "alpha-02"]
    assert course.questions_for("alpha") is course.questions_for("alpha")  # grouped once per course
    assert course.questions_for("no-such-topic") == ()
    assert course.blueprint("quick").question_count == 3
    blocks = course.topic("alpha").sections[0].blocks
    changed = next(b for b in blocks if isinstance(b, ChangedBlock))
    assert str(changed.changed_on) == "2023-11-27" and changed.note_ref == "3"
    table = next(b for b in course.topic("alpha").sections[1].blocks if isinstance(b, TableBlock))
    assert table.rows == (("timeout", "900"),)


def test_single_response_without_a_correct_choice(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("{text: A, correct: true, why: Right.}", "{text: A, why: Right.}"))
    assert problems(course_copy) == [
        "quizzes/extra.yaml:9:7: question 'q-1' has no correct choice; a single-response question has exactly one"
    ]


def test_multiple_response_with_one_correct_choice(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("type: single", "type: multiple"))
    assert problems(course_copy) == [
        "quizzes/extra.yaml:9:7: question 'q-1' has 1 correct choice; a multiple-response question has at least two"
    ]


def test_choose_n_must_match_the_key(course_copy: Path) -> None:
    text = QUESTION.replace("type: single", "type: multiple").replace("Which one?", "Which? (Choose three.)")
    text = text.replace("{text: B, why: Wrong.}", "{text: B, correct: true, why: Right.}\n      - {text: C, why: Wrong.}")
    write(course_copy, "quizzes/extra.yaml", text)
    assert problems(course_copy) == ["quizzes/extra.yaml:7:11: question 'q-1': the stem says 'Choose three' but 2 choices are correct"]


def test_missing_required_key(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html\n", ""))
    assert problems(course_copy) == ["quizzes/extra.yaml:3:5: question 'q-1': missing required key 'source'"]


def test_empty_explanation(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("explanation: A is right.", "explanation: '  '"))
    assert problems(course_copy) == ["quizzes/extra.yaml:11:18: question 'q-1': explanation is empty"]


def test_source_must_be_a_url(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html", "source: the docs"))
    assert problems(course_copy) == ["quizzes/extra.yaml:12:13: question 'q-1': source: expected an https:// URL, got 'the docs'"]


def test_wrong_type(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("difficulty: 2", "difficulty: hard"))
    assert problems(course_copy) == [
        "quizzes/extra.yaml:6:17: question 'q-1': difficulty: expected a whole number from 1 to 3, got text"
    ]


def test_exam_false_marks_a_question_practice_only(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("difficulty: 2", "difficulty: 2\n    exam: false"))
    course = load_course(course_copy).course
    assert course.question("q-1").exam is False
    assert "q-1" not in {q.id for q in course.exam_questions}
    assert "q-1" in {q.id for q in course.questions_for("alpha")}  # topic practice still asks it
    assert course.question("alpha-01").exam is True  # the default: in the exam pool


def test_exam_must_be_true_or_false(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("difficulty: 2", "difficulty: 2\n    exam: practice"))
    assert problems(course_copy) == ["quizzes/extra.yaml:7:11: question 'q-1': exam: expected true or false, got 'practice'"]


def test_unknown_key_suggests_the_known_one(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("explanation:", "explanaton:"))
    found = problems(course_copy)
    assert found[0] == "quizzes/extra.yaml:11:5: question 'q-1': unknown key 'explanaton' in question; did you mean 'explanation'?"


def test_duplicate_key_inside_a_mapping(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("    difficulty: 2\n", "    difficulty: 2\n    difficulty: 3\n"))
    assert problems(course_copy) == ["quizzes/extra.yaml:7:5: duplicate key 'difficulty' (first written at line 6)"]


def test_duplicate_question_id_across_files(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("id: q-1", "id: alpha-01"))
    assert problems(course_copy) == ["quizzes/extra.yaml:3:9: duplicate question id 'alpha-01' (also in alpha.yaml)"]


def test_unknown_topic_and_domain(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("topic: alpha", "topic: alpah").replace("domain: development", "domain: developmnt"))
    assert problems(course_copy) == [
        "quizzes/extra.yaml:1:8: unknown topic 'alpah' (did you mean 'alpha'?)",
        "quizzes/extra.yaml:4:13: question 'q-1': unknown domain 'developmnt' (did you mean 'development'?)",
    ]


def test_unknown_simulation(course_copy: Path) -> None:
    write(
        course_copy,
        "content/gamma.yaml",
        """
        id: gamma
        title: Gamma
        summary: With a simulation.
        sections:
          - id: s
            title: S
            blocks:
              - simulation:
                  name: retry-timeline
        """,
    )
    found = problems(course_copy)
    assert found[0] == "content/gamma.yaml:1:5: topic 'gamma' is not listed in content/course.yaml topics; it is shown last"
    assert found[1].startswith("content/gamma.yaml:9:17: unknown simulation 'retry-timeline'; known: async-retry, ")


def test_yaml_syntax_error(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", "topic: alpha\nquestions:\n  - id: [unclosed\n")
    found = problems(course_copy)
    assert found == ["quizzes/extra.yaml:4:1: YAML syntax error: did not find expected ',' or ']'"]


def test_tab_indentation(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", "topic: alpha\nquestions:\n\t- id: q\n")
    assert problems(course_copy) == ["quizzes/extra.yaml:3:1: YAML syntax error: a tab character; YAML indents with spaces only"]


def test_bad_encoding(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").write_bytes(b"topic: alpha\nquestions: caf\xe9\n")
    assert problems(course_copy) == ["quizzes/extra.yaml:2:15: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_binary_file(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert problems(course_copy) == ["quizzes/extra.yaml:3:1: binary file: it contains NUL bytes, not YAML text"]


def test_empty_file(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").write_text("# nothing yet\n")
    assert problems(course_copy) == ["quizzes/extra.yaml:1:1: empty file: expected a YAML mapping"]


def test_directory_named_like_a_yaml_file(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").mkdir()
    assert problems(course_copy) == ["quizzes/extra.yaml:1:1: is a directory, not a YAML file"]


def test_python_object_tags_are_refused(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", "topic: !!python/object/apply:os.system ['echo pwned']\nquestions: []\n")
    found = problems(course_copy)
    assert found[0] == "quizzes/extra.yaml:1:8: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; course files hold plain data"


def test_alias_bomb_is_refused_quickly(course_copy: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        previous = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    write(course_copy, "quizzes/extra.yaml", "\n".join(lines) + "\n")
    found = problems(course_copy)
    assert found == ["quizzes/extra.yaml:1:14: document too large: more than 200,000 values once aliases are expanded"]


def test_deep_nesting_is_refused(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", "a: " + "[" * 200 + "]" * 200 + "\n")
    found = problems(course_copy)
    assert found == ["quizzes/extra.yaml:1:68: document too deeply nested (more than 64 levels)"]


def test_deep_block_nesting_is_refused(course_copy: Path) -> None:
    text = "".join("  " * i + "k:\n" for i in range(300)) + "  " * 300 + "v\n"
    (course_copy / "quizzes/extra.yaml").write_text(text)
    found = problems(course_copy)
    assert len(found) == 1 and "too deeply nested" in found[0]


def test_blueprint_problems(course_copy: Path) -> None:
    write(
        course_copy,
        "quizzes/exams/bad.yaml",
        """
        id: bad
        title: Bad
        questions: 50
        minutes: 10
        pass_mark: 72
        domains: {development: 50, securty: 40}
        """,
    )
    assert problems(course_copy) == [
        "quizzes/exams/bad.yaml:6:10: blueprint 'bad': domain weights add up to 90%, not 100%",
        "quizzes/exams/bad.yaml:6:28: blueprint 'bad': unknown domain 'securty' (did you mean 'security'?)",
    ]


def test_blueprint_larger_than_the_bank(course_copy: Path) -> None:
    (course_copy / "quizzes/exams/quick.yaml").write_text(
        (course_copy / "quizzes/exams/quick.yaml").read_text().replace("questions: 3", "questions: 30")
    )
    assert problems(course_copy) == ["quizzes/exams/quick.yaml:3:12: blueprint 'quick' asks for 30 questions but the bank has 3 in the course"]


def test_every_problem_is_reported_not_only_the_first(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("difficulty: 2", "difficulty: 9").replace("type: single", "type: one"))
    assert len(problems(course_copy)) == 2


def test_broken_files_leave_the_rest_served(course_copy: Path) -> None:
    (course_copy / "content/beta.yaml").write_text("id: beta\ntitle: [broken\n")
    result = load_course(course_copy)
    assert [t.id for t in result.course.topics] == ["alpha"]
    assert course_copy / "content/beta.yaml" in result.course.failed_files
    assert result.course.question("alpha-01") is not None


def test_not_a_course_directory(tmp_path: Path) -> None:
    assert problems(tmp_path) == [".:1:1: not a course directory: it has no content/ folder"]


def test_content_hash_ignores_explanations_but_not_the_key(mini_course: Path) -> None:
    from dataclasses import replace

    question = load_course(mini_course).course.question("alpha-01")
    assert replace(question, explanation="Reworded.").content_hash == question.content_hash
    assert replace(question, stem="What is the default timeout?").content_hash != question.content_hash


def test_validate_command_prints_located_problems_and_exits_1(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", "topic: alpha\nquestions:\n\t- id: q\n")
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(course_copy)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 1
    assert "extra.yaml:3:1: error: YAML syntax error: a tab character" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_command_exits_0_on_a_clean_course(mini_course: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "app", "validate", str(mini_course)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_a_block_whose_only_value_is_invalid_is_reported_not_a_crash(course_copy: Path) -> None:
    alpha = course_copy / "content/alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("      - tip: A tip.\n", "      - tip: [a, list]\n")
    text = text.replace("      - warning: A warning.\n", "      - warning:\n")
    text = text.replace("          title: A table\n", "")
    alpha.write_text(text, encoding="utf-8")
    assert problems(course_copy) == [
        "content/alpha.yaml:11:14: section 'one': tip: expected text, got a list",
        "content/alpha.yaml:13:17: section 'one': warning is empty",
        "content/alpha.yaml:28:11: section 'two': table is missing required key 'title'",
    ]
    topic = load_course(course_copy).course.topic("alpha")
    assert topic is not None and len(topic.sections[0].blocks) == 3  # the bad blocks is left out, the rest served


def test_a_raw_control_character_is_located_in_one_line(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").write_text("topic: alpha\nquestions: [\"é\x1b[2J\"]\n", encoding="utf-8")
    # Reported once, at its line and column; the file still loads (the string is then not a question).
    controls = [p for p in problems(course_copy) if "control character" in p]
    assert len(controls) == 1 and controls[0].startswith("quizzes/extra.yaml:2:15: control character ESC (U+001B) in the text:")


def test_an_error_at_the_end_of_a_file_without_a_final_newline_stays_inside_it(course_copy: Path) -> None:
    (course_copy / "quizzes/extra.yaml").write_text("topic: alpha\nquestions: {a: 1", encoding="utf-8")
    assert problems(course_copy) == ["quizzes/extra.yaml:2:17: YAML syntax error: did not find expected ',' or '}'"]


def test_an_id_ending_in_a_newline_is_not_an_id(course_copy: Path) -> None:
    write(course_copy, "quizzes/extra.yaml", QUESTION.replace("  - id: q-1", '  - id: "q-1\\n"'))
    assert problems(course_copy) == [
        "quizzes/extra.yaml:3:9: question 'q-1\\n': id: 'q-1\\n' is not an id of lowercase letters, digits and dashes"
    ]
