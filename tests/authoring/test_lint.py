"""`coldstart lint`: each rule's example in tests/fixtures/lint is found at its line, and nothing else is.

The fixture marks every expected finding with a comment `# expect: RULE [RULE ...]` on the line the finding
must be reported at; findings of the pooled course (content/course.yaml:1:1) are checked separately.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.authoring.lint import lint_course
from coldstart.core.authoring.lint_rules import RULE_IDS
from coldstart.core.course.loader import load_course

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lint"


def expected(root: Path) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(root.glob("quizzes/*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = re.search(r"# expect: ([\w\s-]+)$", line)
            if match:
                found.update((path.name, number, rule) for rule in match.group(1).split())
    return found


def reported(root: Path) -> set[tuple[str, int, str]]:
    loaded, report = lint_course(root)
    assert loaded.problems == ()
    return {(f.file.name, f.line, f.rule) for f in report.findings if f.file.name != "course.yaml"}


def test_the_fixture_has_an_example_of_every_rule() -> None:
    assert {rule for _, _, rule in expected(FIXTURE)} == set(RULE_IDS)


def test_each_rule_is_found_at_its_line_and_nothing_else_is() -> None:
    assert reported(FIXTURE) == expected(FIXTURE)


def test_findings_carry_the_column_of_the_value() -> None:
    _, report = lint_course(FIXTURE)
    clang = next(f for f in report.findings if f.rule == "clang")
    line = (FIXTURE / "quizzes" / "flaws.yaml").read_text().splitlines()[clang.line - 1]
    assert line[clang.column - 1 :].startswith("The recursive loop detection setting")
    assert clang.question == "flaw-clang"


def test_an_ignored_rule_is_not_reported_and_comes_back_without_the_ignore(tmp_path: Path) -> None:
    assert not any(question == "flaw-ignored" for question in _questions(FIXTURE))
    copy = tmp_path / "course"
    shutil.copytree(FIXTURE, copy)
    bank = copy / "quizzes" / "flaws.yaml"
    bank.write_text(re.sub(r"    lint:\n      ignore: \[long-key\].*\n", "", bank.read_text()))
    _, report = lint_course(copy)
    assert [f.rule for f in report.findings if f.question == "flaw-ignored"] == ["long-key"]


def _questions(root: Path) -> list[str]:
    return [f.question for f in lint_course(root)[1].findings]


def test_an_unknown_rule_in_ignore_is_a_course_problem(tmp_path: Path) -> None:
    copy = tmp_path / "course"
    shutil.copytree(FIXTURE, copy)
    bank = copy / "quizzes" / "flaws.yaml"
    bank.write_text(bank.read_text().replace("ignore: [long-key]", "ignore: [long-keys]"))
    problems = [p.display(copy) for p in load_course(copy).problems]
    assert any("'long-keys' is not one of" in p and "did you mean 'long-key'" in p for p in problems), problems


def test_exit_codes(capsys: pytest.CaptureFixture[str], mini_course: Path) -> None:
    assert main(["lint", str(FIXTURE)]) == 0  # warnings never block
    out = capsys.readouterr().out
    assert re.search(r"flaws\.yaml:17:15: warning: question 'flaw-all-above': .* \[all-of-the-above\]", out)
    assert main(["lint", "--strict", str(FIXTURE)]) == 1
    capsys.readouterr()
    assert main(["lint", "--strict", str(mini_course)]) == 0
    assert "no item-writing warnings" in capsys.readouterr().out


def test_a_course_that_does_not_load_exits_1_with_its_problems(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course_copy / "quizzes" / "alpha.yaml").write_text("topic: alpha\nquestions: [")
    assert main(["lint", str(course_copy)]) == 1
    # The file ends inside the flow list: the error sits at the end of its last line, not past the file.
    assert "alpha.yaml:2:13: error: YAML syntax error" in capsys.readouterr().out


def test_json_lists_findings_counts_and_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--json", str(FIXTURE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"file", "line", "column", "rule", "message", "question"} <= set(data["findings"][0])
    assert data["counts"]["long-key"] == 1
    assert data["figures"]["cues.yaml"]["positions_%"]["A"] == 100.0 and "pooled" in data["figures"]


def test_lint_checks_the_course_in_the_current_folder(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("COLDSTART_COURSE", raising=False)
    monkeypatch.chdir(FIXTURE)
    assert main(["lint", "--strict"]) == 1
    assert "quizzes/flaws.yaml:17:15: warning:" in capsys.readouterr().out
