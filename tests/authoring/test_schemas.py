"""The JSON Schemas and the validator agree: on every real course file, and on broken ones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from authoring_helpers import EXAMPLE, REPO
from coldstart.cli import main
from coldstart.core.authoring.jsonschema import file_schema, schema_texts
from coldstart.core.course.loader import load_course

KINDS = ("course", "topic", "questions", "exam", "exam-guide")
COURSES = {"bundled": REPO, "example": EXAMPLE, "mini": REPO / "tests" / "fixtures" / "mini"}


def kind_files(root: Path) -> list[tuple[str, Path]]:
    """Every course file of a course with the kind of file it is."""
    files = [("course", root / "content" / "course.yaml")]
    guide = root / "content" / "exam-guide.yaml"
    files += [("exam-guide", guide)] if guide.exists() else []
    files += [("topic", p) for p in sorted((root / "content").glob("*.yaml")) if p.name not in ("course.yaml", guide.name)]
    files += [("questions", p) for p in sorted((root / "quizzes").glob("*.yaml"))]
    files += [("exam", p) for p in sorted((root / "quizzes" / "exams").glob("*.yaml"))]
    return files


def as_editors_see_it(value: Any) -> Any:
    """YAML as an editor's language server reads it (YAML 1.2): an unquoted 2019-11-25 is text, not a date."""
    if isinstance(value, dict):
        return {str(k): as_editors_see_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editors_see_it(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def schema_errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(file_schema(kind))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(as_editors_see_it(yaml.safe_load(text)))]


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_a_valid_draft_07_schema_with_descriptions(kind: str) -> None:
    schema = file_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == f"urn:coldstart:schema:{kind}" and schema["title"] and schema["description"]
    assert all("description" in prop for prop in schema["properties"].values())


@pytest.mark.parametrize("course", COURSES)
def test_every_course_file_the_validator_accepts_the_schema_accepts(course: str) -> None:
    root = COURSES[course]
    # A file the validator has a problem with may be work in progress; every other file must pass both.
    troubled = {p.file for p in load_course(root).problems}
    files = [(kind, path) for kind, path in kind_files(root) if path not in troubled]
    assert len(files) >= 5 and (course == "bundled" or not troubled)
    for kind, path in files:
        assert schema_errors(kind, path.read_text(encoding="utf-8")) == [], path


# (kind, file inside the mini course, text): each is broken in one way both must notice.
BROKEN = {
    "unknown key": ("questions", "quizzes/alpha.yaml", "explanaton: typo", "questions.0"),
    "difficulty out of range": ("questions", "quizzes/alpha.yaml", "difficulty: 5", "questions.0"),
    "type not in the list": ("questions", "quizzes/alpha.yaml", "type: singel", "questions.0"),
    "difficulty not whole": ("questions", "quizzes/alpha.yaml", "difficulty: 1.5", "questions.0"),
    "blank stem": ("questions", "quizzes/alpha.yaml", "stem: '   '", "questions.0"),
    "source not a URL": ("questions", "quizzes/alpha.yaml", "source: the docs", "questions.0"),
    "id breaks the rule": ("questions", "quizzes/alpha.yaml", "id: Alpha_01", "questions.0"),
    "correct not a flag": ("questions", "quizzes/alpha.yaml", "choices: [{text: a, correct: 'yes please', why: b}, {text: c, why: d}]", "questions.0"),
    "a block with two kinds": ("topic", "content/alpha.yaml", "blocks: [{text: a, tip: b}]", "sections.0"),
    "covers is not a section ref": ("topic", "content/alpha.yaml", "covers: [7]", ""),
    "weight is text": ("course", "content/course.yaml", "domains: [{id: development, name: D, weight: sixty}]", ""),
    "pass mark is a flag": ("exam", "quizzes/exams/quick.yaml", "pass_mark: true", ""),
    "exam domain key breaks the rule": ("exam", "quizzes/exams/quick.yaml", "domains: {Development: 60, security: 40}", ""),
    "skill id of the wrong shape": ("questions", "quizzes/alpha.yaml", "skills: [1.1]", "questions.0"),
    "a range of three": ("questions", "quizzes/beta.yaml", "generate: {simulation: cost, ask: monthly_cost, params: {memory_mb: [128, 256, 512]}}", "questions.0"),
}


def _break(text: str, change: str, where: str) -> str:
    """`text` with one key replaced (or added) at the mapping `where` ("" is the top; "questions.0" the first question)."""
    data = yaml.safe_load(text)
    target = data
    for part in filter(None, where.split(".")):
        target = target[int(part)] if part.isdigit() else target[part]
    target.update(yaml.safe_load(change))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize("case", BROKEN)
def test_broken_documents_are_rejected_by_both(course_copy: Path, case: str) -> None:
    kind, relative, change, where = BROKEN[case]
    path = course_copy / relative
    path.write_text(_break(path.read_text(), change, where))
    problems = [p for p in load_course(course_copy).problems if p.file == path]
    assert problems, f"the validator accepted {case}"
    assert schema_errors(kind, path.read_text()), f"the schema accepted {case}"


def test_numbers_read_as_text_are_accepted_by_both(course_copy: Path) -> None:
    """The validator reads numbers as text (a title of 2024, an id of 2024): the schema must not complain."""
    path = course_copy / "quizzes" / "exams" / "quick.yaml"
    path.write_text(_break(path.read_text(), "{id: 2024, title: 2024, description: 1.5}", ""))
    assert not load_course(course_copy).problems
    assert schema_errors("exam", path.read_text()) == []


def test_the_example_course_ships_current_schemas() -> None:
    for name, text in schema_texts().items():
        assert (EXAMPLE / "schemas" / name).read_text() == text, f"run: coldstart schema --out examples/sqs-basics/schemas ({name})"


def test_coldstart_schema_writes_and_lists_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "editor"
    assert main(["schema", "--out", str(out)]) == 0
    listed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in listed) == sorted(f"{k}.schema.json" for k in KINDS)
    for kind in KINDS:
        assert json.loads((out / f"{kind}.schema.json").read_text()) == file_schema(kind)


def test_coldstart_schema_says_why_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["schema", "--out", str(blocker / "schemas")]) == 1
    assert "cannot write the schemas" in capsys.readouterr().err
