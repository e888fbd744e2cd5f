"""Nothing from a course, a file or the command line reaches the terminal as markup or as control sequences.

A course with ESC[2J (clear the screen), an OSC 0 title and an OSC 52 clipboard write: `validate` locates
each one, the loaded course holds visible placeholders instead, and no command prints ESC, BEL or a C1
byte. User-supplied values in error lines print as written, never as Rich markup.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.course.loader import load_course
from coldstart.core.text import printable

# ESC, BEL and the C1 range: what no output of coldstart may contain when it prints course or user text.
TERMINAL_COMMANDS = re.compile("[\x07\x1b\x80-\x9f]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def strings(value: object) -> Iterator[str]:
    """Every string inside a loaded course (dataclasses, tuples, dicts), keys included."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from strings(item)


# --- course text ----------------------------------------------------------------------------------------


def test_printable_shows_control_characters_and_keeps_layout() -> None:
    assert printable("a\x1b[2Jb\x07\x9b\x7f\tc\nd") == "a\u241b[2Jb\u2407\ufffd\u2421\tc\nd"


def test_validate_locates_every_control_character(hostile_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(hostile_course))
    assert code == 1
    located = {
        (line.split(": error:")[0].split("/")[-1], line.split("(U+")[1][:4])
        for line in out.splitlines()
        if "control character" in line
    }
    assert located == {
        ("alpha.yaml:2:15", "001B"),  # title: "Alpha \e[2J topic"
        ("alpha.yaml:3:11", "001B"),  # summary: "\e]0;pwned\a ...
        ("alpha.yaml:8:20", "001B"),  # stem: "What is \e]52;...
        ("alpha.yaml:11:21", "009B"),  # {text: "300 \x9b2J ...
        ("alpha.yaml:11:53", "001B"),  # why: "That was \u001b[31m ...
    }
    assert not TERMINAL_COMMANDS.search(out)


def test_the_loaded_course_holds_placeholders_not_control_characters(hostile_course: Path) -> None:
    course = load_course(hostile_course).course
    assert not any(TERMINAL_COMMANDS.search(text) for text in strings(course))
    assert course.topic("alpha").title == "Alpha \u241b[2J topic"
    assert course.question("alpha-01").stem.startswith("What is \u241b]52;c;")


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{course}"],
        ["export", "gift", "-", "--course", "{course}"],
        ["export", "csv", "-", "--course", "{course}"],
        ["exam", "--course", "{course}"],
        ["stats", "--course", "{course}", "--db", "{db}"],
        ["stats", "questions", "--course", "{course}", "--db", "{db}"],
    ],
    ids=lambda argv: "-".join(a for a in argv if not a.startswith(("-", "{"))),
)
def test_no_command_sends_the_terminal_a_control_sequence(
    hostile_course: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.format(course=hostile_course, db=tmp_path / "progress.db") for a in argv]
    _, out, err = run(capsys, *argv)
    assert "Traceback" not in err, err
    if argv[:2] != ["stats", "questions"] and argv[0] in ("export", "stats"):  # these show the planted text
        assert "\u241b" in out
    assert not TERMINAL_COMMANDS.search(out + err), (out + err)[:2000]


def test_an_error_line_shows_control_characters_typed_by_the_user(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "exam", "\x1b]0;title\x07\x9b2J")
    assert code == 2 and err.count("\n") == 1
    assert not TERMINAL_COMMANDS.search(err)


# --- Rich markup in values --------------------------------------------------------------------------------


def test_exam_with_markup_in_its_name_prints_it_literally(capsys: pytest.CaptureFixture[str], mini_course: Path) -> None:
    for name in ("[/]", "[bold]x[/]"):
        code, _, err = run(capsys, "exam", name, "--course", str(mini_course))
        assert code == 2 and f"unknown exam {name!r}" in err and err.count("\n") == 1


def test_new_topic_with_markup_in_its_id_prints_it_literally(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for topic in ("[/]", "[bold]x[/]"):
        code, _, err = run(capsys, "new", "topic", topic, "--course", str(course_copy))
        assert code == 2 and f"{topic!r} is not a valid topic id" in err and err.count("\n") == 1


def test_a_db_path_with_markup_prints_literally(tmp_path: Path, mini_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a[/]b[bold]c[/]"
    folder.mkdir(parents=True)  # the slashes make folders: the path still reads "[/]"
    for argv in (["stats"], ["progress", "export", str(tmp_path / "out.json")], ["progress", "reset", "--yes"]):
        code, _, err = run(capsys, *argv, "--course", str(mini_course), "--db", str(folder))
        assert code == 1 and str(folder) in err and err.count("\n") == 1, err


def test_an_imported_value_with_markup_prints_literally(tmp_path: Path, mini_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "coldstart-progress", "version": 1, "course_id": "[/][bold]x[/]"}))
    code, _, err = run(capsys, "progress", "import", str(export), "--course", str(mini_course), "--db", str(tmp_path / "p.db"))
    assert code == 1 and "'[/][bold]x[/]'" in err and err.count("\n") == 1


def test_an_imported_csv_value_with_markup_prints_literally(course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bank.csv"
    source.write_text(
        "id,domain,stem,choice_a,choice_b,correct\n"
        "new-01,[/][bold]x[/],Which one?,This,That,A\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", "csv", str(source), "--topic", "alpha", "--merge", "--course", str(course_copy))
    assert code == 1 and "[/][bold]x[/]" in err and "Traceback" not in err


def test_control_characters_typed_into_the_file_itself_are_located_and_the_file_still_loads(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topic = course_copy / "content" / "alpha.yaml"
    topic.write_bytes(topic.read_bytes().replace(b"title: Alpha topic", b"title: Alpha \x1b]0;pwned\x07 topic", 1))
    code, out, _ = run(capsys, "validate", str(course_copy))
    problems = [line for line in out.splitlines() if "error:" in line]
    assert code == 1 and len(problems) == 1  # one located line, not a YAML error at 1:1 plus a second line
    assert problems[0].split("/")[-1].startswith("alpha.yaml:2:14: error: control character ESC (U+001B)")
    assert load_course(course_copy).course.topic("alpha").title == "Alpha \u241b]0;pwned\u2407 topic"


def test_a_character_yaml_refuses_is_one_located_line(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topic = course_copy / "content" / "alpha.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: Alpha topic", "title: Alpha \ufffe topic", 1), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(course_copy))
    problems = [line for line in out.splitlines() if "content/alpha.yaml:" in line]
    assert code == 1 and len(problems) == 1 and "alpha.yaml:2:14: error: the character U+FFFE is not allowed" in problems[0]


def test_a_file_full_of_control_characters_is_reported_briefly_and_made_harmless(tmp_path: Path) -> None:
    from coldstart.core.course.yamlfile import MAX_CONTROL_PROBLEMS, read_yaml

    hostile = tmp_path / "many.yaml"
    hostile.write_text("items:\n" + "".join(f'  - "x{i}\\e[2J"\n' for i in range(2_000)) + "raw: [" + "\x1b," * 2_000 + "]\n")
    doc = read_yaml(hostile)
    assert len(doc.problems) == MAX_CONTROL_PROBLEMS + 1  # the escaped strings, then the one raw line
    assert not any(TERMINAL_COMMANDS.search(item) for item in doc.data["items"])
