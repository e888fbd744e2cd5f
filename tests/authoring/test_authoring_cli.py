"""The authoring commands end to end: new, export and import, with their exit codes and messages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from authoring_helpers import REPO, clean, tree
from coldstart.cli import main
from coldstart.core.course.loader import load_course


@pytest.fixture(autouse=True)
def no_course_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLDSTART_COURSE", raising=False)


def test_a_course_from_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "course", "shop"]) == 0
    out = capsys.readouterr().out
    assert "wrote shop/content/course.yaml" in out and "coldstart validate shop" in out
    monkeypatch.chdir(tmp_path / "shop")  # the commands below find the course in the current directory
    assert main(["new", "topic", "payments", "--title", "Payments: the basics"]) == 0
    assert main(["new", "questions", "payments"]) == 0
    assert main(["new", "exam", "final", "--questions", "3"]) == 0
    assert "wrote quizzes/exams/final.yaml" in capsys.readouterr().out
    clean(tmp_path / "shop")
    course = load_course(tmp_path / "shop").course
    assert [t.id for t in course.topics] == ["getting-started", "payments"] and course.blueprint("final").question_count == 3
    assert main(["validate", str(tmp_path / "shop")]) == 0


@pytest.mark.parametrize(
    "argv",
    [["new", "topic", "Payments"], ["new", "questions", "no_underscores"], ["new", "exam", "Final Exam"], ["new", "course", "x", "--id", "X"]],
)
def test_bad_ids_exit_2_with_the_rule(course_copy: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(course_copy)
    assert main([*argv, "--course", str(course_copy)] if argv[1] != "course" else argv) == 2
    assert "lowercase letters, digits and dashes" in capsys.readouterr().err
    assert tree(course_copy) == before


def test_existing_files_exit_1_and_stay_as_they_were(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(course_copy)
    for argv in (["new", "topic", "alpha"], ["new", "questions", "beta"], ["new", "exam", "quick"]):
        assert main([*argv, "--course", str(course_copy)]) == 1
        assert "already" in capsys.readouterr().err
    assert main(["new", "course", str(course_copy)]) == 1
    assert tree(course_copy) == before


def test_writing_without_a_course_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "topic", "payments"]) == 1
    assert "no course here" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_exit_2(tmp_path: Path, course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["new"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["import", "gift", "x.gift", "--course", str(course_copy)])  # --topic is required
    assert raised.value.code == 2
    capsys.readouterr()
    assert main(["export", "anki", "-", "--course", str(course_copy)]) == 2
    assert main(["export", "gift", str(tmp_path / "x.gift"), "--topic", "gamma", "--course", str(course_copy)]) == 2
    assert "no topic 'gamma'" in capsys.readouterr().err
    assert main(["import", "gift", str(tmp_path / "missing.gift"), "--topic", "alpha", "--course", str(course_copy)]) == 2
    (tmp_path / "x.gift").write_text("::q:: a? {=a#b ~c#d}\n")
    assert main(["import", "gift", str(tmp_path / "x.gift"), "--topic", "alpha", "--domain", "nope", "--course", str(course_copy)]) == 2
    assert "no such domain" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["gift", "csv"])
def test_export_and_import_back(course_copy: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / f"alpha.{fmt}"
    assert main(["export", fmt, str(exported), "--topic", "alpha", "--course", str(course_copy)]) == 0
    assert "wrote 2 questions from 1 topics" in capsys.readouterr().out
    before = load_course(course_copy).course
    (course_copy / "quizzes" / "alpha.yaml").unlink()
    assert main(["import", fmt, str(exported), "--topic", "alpha", "--course", str(course_copy)]) == 0
    assert "wrote 2 questions to" in capsys.readouterr().out
    clean(course_copy)
    after = load_course(course_copy).course
    assert [q.content_hash for q in after.questions_for("alpha")] == [q.content_hash for q in before.questions_for("alpha")]
    # Again, into the same bank: nothing new, so --merge adds nothing and keeps the file as it is.
    bank = (course_copy / "quizzes" / "alpha.yaml").read_text()
    assert main(["import", fmt, str(exported), "--topic", "alpha", "--course", str(course_copy)]) == 1
    assert main(["import", fmt, str(exported), "--topic", "alpha", "--merge", "--course", str(course_copy)]) == 0
    assert "kept 2 question(s)" in capsys.readouterr().out
    assert (course_copy / "quizzes" / "alpha.yaml").read_text() == bank


def test_export_to_stdout_keeps_notes_on_stderr(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "csv", "-", "--course", str(course_copy)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("id,topic,domain,type") and "wrote 3 questions" in captured.err


def test_export_anki(course_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "deck.apkg"
    assert main(["export", "anki", str(path), "--course", str(course_copy)]) == 0
    assert "collection.anki2" in zipfile.ZipFile(path).namelist()


def test_a_malformed_import_prints_located_errors_and_writes_nothing(course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.gift"
    source.write_text("::ok-1:: Fine? {=a#x ~b#y ####e}\n\n::bad-1:: Open {\n=a\n")
    before = tree(course_copy)
    assert main(["import", "gift", str(source), "--topic", "beta", "--course", str(course_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:3:16: error: this {{ is never closed with }}" in err and "nothing was written" in err
    assert tree(course_copy) == before


def test_export_says_what_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "gift", str(tmp_path / "all.gift"), "--course", str(REPO)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\b\d+ generated questions? left out", out)


def test_export_csv_with_a_bom_imports_back(course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.csv"
    assert main(["export", "csv", str(sheet), "--bom", "--topic", "beta", "--course", str(course_copy)]) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfid,")
    (course_copy / "quizzes" / "beta.yaml").unlink()
    assert main(["import", "csv", str(sheet), "--topic", "beta", "--course", str(course_copy)]) == 0
    clean(course_copy)
    assert "--bom" in main_help(["export", "csv", "--help"], capsys)


def main_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(argv)
    return capsys.readouterr().out


def test_export_anki_writes_the_upgrade_script_on_request(course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "move-notes.py"
    assert main(["export", "anki", str(tmp_path / "mini.apkg"), "--upgrade-script", str(script), "--course", str(course_copy)]) == 0
    assert "paste it into Anki's debug console once" in capsys.readouterr().out
    text = script.read_text(encoding="utf-8")
    compile(text, str(script), "exec")  # valid Python for the debug console
    assert text.startswith("# coldstart: move the Anki notes of Mini course (mini)") and "mw.col.update_note(note)" in text


def test_import_gift_from_moodle_with_placeholders(course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "moodle.gift"
    source.write_text("::Q1::[html]<p>Which <b>one</b>?</p>{\n=<p>Right</p>\n~<p>Wrong</p>\n}\n", encoding="utf-8")
    argv = ["import", "gift", str(source), "--topic", "beta", "--out", str(course_copy / "quizzes" / "moodle.yaml"), "--course", str(course_copy)]
    assert main(argv) == 1
    assert "--allow-placeholders" in capsys.readouterr().err
    assert main([*argv, "--allow-placeholders"]) == 0
    out = capsys.readouterr().out
    assert "wrote 4 placeholders" in out and "TODO(imported):" in out
    clean(course_copy)
    assert load_course(course_copy).course.question("beta-02").stem == "Which **one**?"
