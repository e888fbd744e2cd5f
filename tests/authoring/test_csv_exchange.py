"""CSV: export, import, the round trip, and located errors for malformed files."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from authoring_helpers import REPO, assert_located, carried, clean, imported, problems_of, tree, write
from coldstart.core.authoring import AuthoringError
from coldstart.core.authoring.exchange import ImportFailed, exportable
from coldstart.core.authoring.exchange.bank import Defaults, import_questions
from coldstart.core.authoring.exchange.csv_format import HEADER, export_csv, parse_csv
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Choice


def row(**cells: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerow(cells)
    return out.getvalue()


GOOD = {"id": "new-01", "stem": "Stem?", "choice_a": "a", "why_a": "right", "choice_b": "b", "why_b": "wrong", "correct": "A",
        "explanation": "Because.", "source": "https://docs.aws.amazon.com/sqs/"}  # fmt: skip


def test_the_bundled_course_survives_the_round_trip(tmp_path: Path) -> None:
    course = load_course(REPO).course
    questions = exportable(course)
    back = parse_csv(write(tmp_path, export_csv(questions)))
    assert [imported(q.data) for q in back] == [carried(q) for q in questions]
    assert [q.data["type"] for q in back] == [q.type for q in questions]


def test_the_columns_a_spreadsheet_shows(mini_course: Path) -> None:
    course = load_course(mini_course).course
    rows = list(csv.DictReader(io.StringIO(export_csv(exportable(course)))))
    assert list(rows[0]) == HEADER
    assert (rows[0]["id"], rows[0]["choice_a"], rows[0]["why_a"], rows[0]["correct"], rows[0]["tags"]) == ("alpha-01", "900 seconds", "It is 15 minutes.", "A", "limits")
    assert (rows[1]["type"], rows[1]["correct"], rows[1]["choice_e"]) == ("multiple", "A,B", "")


def test_more_than_six_choices_do_not_fit(mini_course: Path) -> None:
    question = load_course(mini_course).course.question("alpha-01")
    seven = dataclasses.replace(question, choices=tuple(Choice(f"c{i}", i == 0, "w") for i in range(7)))
    with pytest.raises(AuthoringError, match="7 choices"):
        export_csv([seven])


@pytest.mark.parametrize("topic", ["alpha", "beta"])
def test_export_then_import_gives_the_same_questions(course_copy: Path, tmp_path: Path, topic: str) -> None:
    original = load_course(course_copy).course
    questions = exportable(original, [topic])
    source = write(tmp_path, export_csv(questions))
    bank = course_copy / "quizzes" / f"{topic}.yaml"
    bank.unlink()
    import_questions(parse_csv(source), source_file=source, course=load_course(course_copy).course, topic=topic, out=bank)
    clean(course_copy)
    after = load_course(course_copy).course
    for question in questions:
        again = after.question(question.id)
        assert carried(again) == carried(question) and again.content_hash == question.content_hash


def test_a_minimal_sheet_imports_with_defaults(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "stem,choice_a,why_a,choice_b,why_b,correct,explanation\nWhich?,x,yes,y,no,a,Because x.\n")
    out = course_copy / "quizzes" / "sheet.yaml"
    import_questions(parse_csv(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=out,
                     defaults=Defaults(source="https://docs.aws.amazon.com/sqs/"))  # fmt: skip
    clean(course_copy)
    question = load_course(course_copy).course.question("beta-02")
    assert (question.type, question.domain, question.difficulty, question.correct_indexes) == ("single", "development", 2, {0})


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("id,stem,choice_a,choice_b,correct,colour\n", (1, 6), "unknown column 'colour'"),
        ("id,stem,choice_a,choice_b,corect\n", (1, 5), "did you mean 'correct'"),
        ("id,stem,choice_a\n", (1, 1), "lacks the columns choice_b, correct"),
        (row(**{**GOOD, "correct": "C"}), (2, HEADER.index("correct") + 1), "no such choice"),
        (row(**{**GOOD, "correct": ""}), (2, HEADER.index("correct") + 1), "no correct choice"),
        (row(**{**GOOD, "id": "Bad Id"}), (2, 1), "not a valid id"),
        ('stem,choice_a,choice_b,correct\n"open quote,a,b,A\n', (2, 1), "CSV error"),
        ("stem,choice_a,choice_b,correct\nq,a,b,A,extra\n", (2, 5), "4 columns"),
        ("", (1, 1), "empty file"),
        ("stem,choice_a,choice_b,correct\n\n\n", (1, 1), "no rows"),
    ],
)
def test_malformed_csv_is_located(tmp_path: Path, text: str, where: tuple[int, int], words: str) -> None:
    problems = problems_of(parse_csv, write(tmp_path, text))
    assert_located(problems, where, words)


def test_rows_are_located_by_their_first_line(tmp_path: Path) -> None:
    text = 'stem,choice_a,choice_b,correct\n"two\nlines",a,b,A\nthird,a,b,Z\n'
    assert problems_of(parse_csv, write(tmp_path, text))[0][:2] == (4, 4)


def test_problems_the_loader_finds_point_at_the_cell(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, row(**{**GOOD, "difficulty": "5", "why_b": ""}))
    before = tree(course_copy)
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_csv(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=course_copy / "quizzes" / "x.yaml")
    found = sorted((p.line, p.column) for p in raised.value.problems)
    assert (2, HEADER.index("difficulty") + 1) in found and (2, HEADER.index("choice_b") + 1) in found, raised.value.problems
    assert tree(course_copy) == before


@pytest.mark.parametrize("difficulty", ["²", "9" * 5000, "٣"], ids=["superscript-two", "5000-digits", "arabic-three"])
def test_a_difficulty_that_only_looks_like_digits_is_located_not_a_crash(course_copy: Path, tmp_path: Path, difficulty: str) -> None:
    source = write(tmp_path, row(**{**GOOD, "difficulty": difficulty}))
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_csv(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=course_copy / "quizzes" / "x.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (2, HEADER.index("difficulty") + 1)
    assert "difficulty: expected a whole number from 1 to 3, got text" in problem.message


def test_values_in_messages_are_cut_short(tmp_path: Path) -> None:
    [(line, column, message)] = problems_of(parse_csv, write(tmp_path, row(**{**GOOD, "id": "Bad" + "x" * 100_000})))
    assert (line, column) == (2, 1) and len(message) < 200 and "(100,003 characters)" in message



FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_no_exported_cell_can_run_as_a_formula_and_the_round_trip_is_exact(tmp_path: Path) -> None:
    course = load_course(REPO).course
    questions = exportable(course)
    text = export_csv(questions)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert any(cell.startswith("'-") for cell in cells)  # the bundled course has cells that begin with "--"
    back = parse_csv(write(tmp_path, text))
    assert [imported(q.data) for q in back] == [carried(q) for q in questions]


@pytest.mark.parametrize(
    "text", ["=HYPERLINK(\"http://x\")", "+1", "-1 means no limit", "@SUM(A1)", "'=already quoted", "''+two", "'plain", "a=b"]
)
def test_formula_escaping_is_undone_exactly(tmp_path: Path, text: str) -> None:
    from coldstart.core.authoring.exchange.csv_format import defuse, restore

    assert not defuse(text).startswith(FORMULA_STARTS)
    assert restore(defuse(text)) == text
    source = write(tmp_path, row(**{**GOOD, "stem": defuse(text), "why_a": defuse(text)}))
    [question] = parse_csv(source)
    assert question.data["stem"] == text and question.data["choices"][0]["why"] == text


def test_bom_on_request(mini_course: Path, tmp_path: Path) -> None:
    questions = exportable(load_course(mini_course).course)
    assert not export_csv(questions).startswith("\ufeff")
    with_bom = export_csv(questions, bom=True)
    assert with_bom.startswith("\ufeffid,topic,")
    assert [q.data["id"] for q in parse_csv(write(tmp_path, with_bom))] == [q.id for q in questions]
