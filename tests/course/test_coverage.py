"""Exam-guide skills: the guide file, `skills:` declarations checked with file:line:column, and the coverage map."""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.course.coverage import exam_coverage
from coldstart.core.course.loader import load_course

FIXTURES = Path(__file__).parent.parent / "fixtures"
GUIDED = FIXTURES / "guided"
REPO = Path(__file__).parent.parent.parent


@pytest.fixture
def guided_copy(tmp_path: Path) -> Path:
    """A writable copy of the guided course (a small course mapped to a small exam guide)."""
    target = tmp_path / "guided"
    shutil.copytree(GUIDED, target)
    return target


def problems(root: Path) -> list[str]:
    return [p.display(root) for p in load_course(root).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the guide and the declarations ----------------------------------------------------------------------


def test_the_guided_course_loads_its_guide_and_declarations_without_problems() -> None:
    result = load_course(GUIDED)
    assert result.problems == ()
    guide = result.course.exam_guide
    assert guide is not None and (guide.version, guide.exam) == ("1.0", "TST-C01")
    assert [s.id for s in guide.skills] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    assert guide.skill("2.1.2").out_of_scope == "Not taught here." and not guide.skill("2.1.2").in_scope
    assert result.course.topic("alpha").sections[1].skills == ("1.2.1", "2.1.2")
    assert result.course.question("q-timeout").skills == ("1.2.1", "1.1.1")
    assert result.course.question("q-price").skills == ()


def test_an_unknown_skill_on_a_question_is_located_and_the_question_kept(guided_copy: Path) -> None:
    edit(guided_copy / "quizzes/alpha.yaml", "skills: [1.2.1, 1.1.1]", "skills: [1.2.1, 1.1.9]")
    assert problems(guided_copy) == [
        "quizzes/alpha.yaml:20:21: question 'q-timeout': unknown exam-guide skill '1.1.9' (did you mean '1.1.2'?)"
    ]
    assert load_course(guided_copy).course.question("q-timeout").skills == ("1.2.1",)


def test_an_unknown_skill_on_a_section_is_located(guided_copy: Path) -> None:
    edit(guided_copy / "content/alpha.yaml", "skills: [1.1.1]", "skills: [3.1.1]")
    assert problems(guided_copy) == ["content/alpha.yaml:7:14: section 'retries': unknown exam-guide skill '3.1.1' (did you mean '2.1.1'?)"]


def test_a_skill_id_of_the_wrong_shape_is_located(guided_copy: Path) -> None:
    # Unquoted, 1.1 is a number in YAML: it is read as text and refused for its shape.
    edit(guided_copy / "quizzes/alpha.yaml", "skills: [1.1.1]", "skills: [1.1]")
    assert problems(guided_copy) == [
        "quizzes/alpha.yaml:8:14: question 'q-retry': item 1: '1.1' is not an exam-guide skill id like 1.2.3"
    ]


def test_a_skill_listed_twice_is_reported(guided_copy: Path) -> None:
    edit(guided_copy / "quizzes/alpha.yaml", "skills: [2.1.1]", "skills: [2.1.1, 2.1.1]")
    assert problems(guided_copy) == ["quizzes/alpha.yaml:32:21: question 'q-policy': skill '2.1.1' is listed twice"]


def test_skills_without_an_exam_guide_are_reported(guided_copy: Path) -> None:
    edit(guided_copy / "content/course.yaml", "exam_guide: exam-guide.yaml\n", "")
    found = problems(guided_copy)
    assert "content/exam-guide.yaml:1:1: an exam guide that content/course.yaml does not name; add: exam_guide: exam-guide.yaml" in found
    assert "quizzes/alpha.yaml:8:14: question 'q-retry': skill '1.1.1' cannot be checked: content/course.yaml names no exam guide (exam_guide)" in found
    assert load_course(guided_copy).course.exam_guide is None


def test_a_missing_guide_file_is_reported_where_course_yaml_names_it(guided_copy: Path) -> None:
    edit(guided_copy / "content/course.yaml", "exam_guide: exam-guide.yaml", "exam_guide: guide.yaml")
    assert "content/course.yaml:7:13: exam guide 'guide.yaml' not found: there is no content/guide.yaml" in problems(guided_copy)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    weight: 40\n    tasks:", "    weight: 30\n    tasks:",
         ["content/exam-guide.yaml:8:3: domain weights add up to 90%, not 100%",
          "content/exam-guide.yaml:26:13: domain 'security' weighs 30% here but 40% in content/course.yaml"]),
        ("{id: 1.2.1, text: Set the timeout}", "{id: 1.3.1, text: Set the timeout}",
         ["content/exam-guide.yaml:22:18: skill '1.3.1' is in task statement 1.2; its id starts with 1.2."]),
        ('      - id: "2.1"', '      - id: "1.4"',
         ["content/exam-guide.yaml:28:13: task statement '1.4' is in domain 2; its id starts with 2."]),
        ("{id: 1.1.2, text: Shape API responses}", "{id: 1.1.1, text: Shape API responses}",
         ["content/exam-guide.yaml:18:18: duplicate skill id '1.1.1'"]),
        ("    id: security", "    id: secure",
         ["content/exam-guide.yaml:24:9: domain 'secure' is not a domain of content/course.yaml (did you mean 'security'?)"]),
    ],
    ids=["weight disagrees", "skill outside its task", "task outside its domain", "duplicate skill", "unknown domain"],
)
def test_the_guide_is_checked_against_itself_and_the_course(guided_copy: Path, old: str, new: str, expected: list[str]) -> None:
    edit(guided_copy / "content/exam-guide.yaml", old, new)
    assert [p for p in problems(guided_copy) if "exam-guide.yaml" in p] == expected


def test_the_bundled_guide_numbers_its_skills_in_the_guides_order() -> None:
    # The texts are paraphrases; ids follow the guide's numbering, so every skill sits in its own task.
    guide = load_course(REPO).course.exam_guide
    assert guide is not None and guide.version == "2.1" and guide.url.startswith("https://docs.aws.amazon.com/")
    for domain in guide.domains:
        for task in domain.tasks:
            assert task.id.startswith(f"{domain.number}.")
            assert [s.id for s in task.skills] == [f"{task.id}.{n}" for n in range(1, len(task.skills) + 1)]


def test_skills_are_not_part_of_a_questions_content_hash() -> None:
    """Tagging a question with skills must not tell learners that it changed."""
    question = load_course(GUIDED).course.question("q-retry")
    assert replace(question, skills=("1.2.1",)).content_hash == replace(question, skills=()).content_hash


# --- coverage arithmetic ---------------------------------------------------------------------------------


def test_coverage_per_skill_task_and_domain() -> None:
    coverage = exam_coverage(load_course(GUIDED).course)
    assert coverage is not None
    by_id = {s.skill.id: s for s in coverage.skills}
    assert by_id["1.1.1"].questions == ("q-retry", "q-timeout")
    assert [str(r) for r in by_id["1.1.1"].sections] == ["alpha/retries"]
    assert by_id["1.1.2"].questions == () and not by_id["1.1.2"].covered
    # A section teaching a skill does not cover it: only a question testing it does.
    assert by_id["2.1.2"].sections and not by_id["2.1.2"].covered
    task_11 = coverage.domains[0].tasks[0]
    assert task_11.questions == ("q-retry", "q-timeout") and [str(r) for r in task_11.sections] == ["alpha/retries"]
    development, security = coverage.domains
    assert (development.covered_skills, len(development.skills)) == (2, 3)
    assert (security.covered_skills, len(security.skills)) == (1, 2)
    assert development.exam_share == pytest.approx(0.60 * 2 / 3)
    assert security.exam_share == pytest.approx(0.40 * 1 / 2)
    assert coverage.exam_share == pytest.approx(0.60)
    assert [s.skill.id for s in coverage.in_scope_without_question] == ["1.1.2"]
    assert [s.skill.id for s in coverage.out_of_scope] == ["2.1.2"]
    assert coverage.questions_untagged == ("q-price",)
    assert (coverage.sections_untagged, coverage.sections_total) == (1, 3)
    assert (development.bank_questions, coverage.bank_share(security)) == (2, 0.5)


def test_practice_only_questions_leave_the_pool_and_every_figure_of_it() -> None:
    course = load_course(GUIDED).course
    practice_only = {"q-price", "q-timeout"}
    course = replace(course, questions=tuple(replace(q, exam=q.id not in practice_only) for q in course.questions))
    coverage = exam_coverage(course)
    assert coverage is not None
    assert set(coverage.questions_practice_only) == practice_only
    assert (coverage.questions_total, coverage.pool_total) == (4, 2)
    development = coverage.domains[0]
    assert (development.bank_questions, development.pool_questions) == (2, 1)
    assert coverage.pool_share(development) == pytest.approx(0.5)
    # q-timeout no longer covers 1.1.1: a question that never sits an exam is no evidence for it.
    assert {s.skill.id: s.questions for s in coverage.skills}["1.1.1"] == ("q-retry",)


def test_floors_name_each_task_skill_and_domain_that_falls_short() -> None:
    coverage = exam_coverage(load_course(GUIDED).course)
    assert coverage is not None
    development = coverage.domains[0]
    assert coverage.mix_off_by(development) == pytest.approx(-10.0)  # 50% of the pool against a weight of 60%
    assert coverage.floor_problems() == [
        "task 1.1 has 1 section and 2 exam-pool questions; the floor is 1 and 8",
        "task 1.2 has 1 section and 1 exam-pool question; the floor is 1 and 8",
        "task 2.1 has 1 section and 1 exam-pool question; the floor is 1 and 8",
        "skill 1.1.2 is in scope but no exam-pool question tests it",
        "Development is 50.0% of the exam pool; the exam weighs it 60% (±3 points)",
        "Security is 50.0% of the exam pool; the exam weighs it 40% (±3 points)",
    ]
    assert "## Floors" in coverage.to_markdown() and coverage.to_json()["floor_problems"] == coverage.floor_problems()


def test_a_course_without_a_guide_has_no_coverage(mini_course: Path) -> None:
    assert exam_coverage(load_course(mini_course).course) is None


# --- the command line and the generated document -------------------------------------------------------


def test_stats_coverage_prints_the_map_within_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "coverage", "--course", str(GUIDED)]) == 0
    out = capsys.readouterr().out
    assert "about 60% of the real exam" in " ".join(out.split())
    assert "1.1 Write code" in out and "1.1.2  Shape API responses" in out and "2.1.2  Issue certificates" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_stats_coverage_json_has_a_format_and_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "coverage", "--json", "--course", str(GUIDED)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == 2
    assert data["exam_share"] == pytest.approx(0.6) and data["guide"]["version"] == "1.0"
    assert data["in_scope_without_question"] == ["1.1.2"] and data["questions_untagged"] == ["q-price"]
    skill = data["domains"][1]["tasks"][0]["skills"][1]
    assert skill == {"id": "2.1.2", "text": "Issue certificates", "in_scope": False, "out_of_scope": "Not taught here.",
                     "sections": ["alpha/settings"], "questions": []}


def test_stats_coverage_says_why_when_the_course_has_no_guide(mini_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "coverage", "--course", str(mini_course)]) == 1
    assert "names no exam guide" in capsys.readouterr().err


def test_the_exam_coverage_document_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/exam-coverage.md is what `coldstart stats coverage --markdown` prints for the bundled course."""
    assert main(["stats", "coverage", "--markdown", "--course", str(REPO)]) == 0
    written = (REPO / "docs" / "exam-coverage.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == written, "regenerate: coldstart stats coverage --markdown > docs/exam-coverage.md"


def test_the_bundled_course_declares_skills_on_nearly_every_question() -> None:
    course = load_course(REPO).course
    coverage = exam_coverage(course)
    assert coverage is not None
    assert len(coverage.questions_untagged) <= len(course.questions) // 10
    assert coverage.sections_untagged <= coverage.sections_total // 10
    markdown = coverage.to_markdown()
    assert textwrap.dedent(markdown).startswith("# Exam coverage") and "version 2.1" in markdown
