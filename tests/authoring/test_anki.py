"""Anki packages: a real .apkg, with stable ids so that exporting again updates cards instead of copying them."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from authoring_helpers import EXAMPLE, REPO
from coldstart.core.authoring.exchange import exportable
from coldstart.core.authoring.exchange.anki import (
    export_anki,
    legacy_guid,
    model_id,
    note_fields,
    note_guid,
    stable_id,
    upgrade_script,
)
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Course

STAMP = 1_735_722_000.0  # a fixed moment: the output does not depend on when the test runs


def open_package(path: Path, tmp_path: Path) -> sqlite3.Connection:
    """The collection inside an .apkg, which must be a zip holding collection.anki2."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        assert json.loads(archive.read("media")) == {}
        archive.extract("collection.anki2", tmp_path)
    return sqlite3.connect(tmp_path / "collection.anki2")


def notes(db: sqlite3.Connection) -> dict[str, tuple[list[str], list[str], int]]:
    """guid -> (fields, tags, note type id)."""
    rows = db.execute("select guid, flds, tags, mid from notes").fetchall()
    return {guid: (fields.split("\x1f"), tags.split(), mid) for guid, fields, tags, mid in rows}


@pytest.fixture
def mini(mini_course: Path) -> Course:
    return load_course(mini_course).course


def test_the_package_holds_one_note_per_question(mini: Course, tmp_path: Path) -> None:
    path = tmp_path / "mini.apkg"
    assert export_anki(mini, exportable(mini), path, STAMP) == 3
    db = open_package(path, tmp_path)
    found = notes(db)
    assert set(found) == {note_guid("mini", q) for q in ("alpha-01", "alpha-02", "beta-01")}
    assert db.execute("select count(*) from cards").fetchone() == (3,)
    fields, tags, model = found[note_guid("mini", "alpha-01")]
    question, answer, explanation, source = fields
    assert "What is the maximum timeout of a Lambda function?" in question and "A. 900 seconds" in question and "D. 3 seconds" in question
    assert answer.startswith("<b>A</b>") and "900 seconds" in answer
    assert explanation.startswith("<p>The maximum is 900 seconds") and source == "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    assert sorted(tags) == ["domain::development", "limits", "topic::alpha"] and model == stable_id("mini", "model")
    assert found[note_guid("mini", "alpha-02")][0][1].startswith("<b>A, B</b>")


def test_decks_and_note_type_are_named_after_the_course(mini: Course, tmp_path: Path) -> None:
    path = tmp_path / "mini.apkg"
    export_anki(mini, exportable(mini), path, STAMP)
    db = open_package(path, tmp_path)
    decks, models = (json.loads(v) for v in db.execute("select decks, models from col").fetchone())
    names = {deck["name"]: int(deck_id) for deck_id, deck in decks.items()}
    assert names["Mini course::Alpha topic"] == stable_id("mini", "deck", "alpha")
    assert names["Mini course::Beta topic"] == stable_id("mini", "deck", "beta")
    (model,) = models.values()
    assert [f["name"] for f in model["flds"]] == ["Question", "Answer", "Explanation", "Source"]


def test_exporting_again_keeps_every_id(mini: Course, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "x.apkg", tmp_path / "b" / "x.apkg"
    first.parent.mkdir()
    second.parent.mkdir()
    export_anki(mini, exportable(mini), first, STAMP)
    # A later export, after the author reworded a question: Anki must update that note, not add one.
    reworded = dataclasses.replace(mini, questions=tuple(
        dataclasses.replace(q, stem="Reworded?") if q.id == "alpha-01" else q for q in mini.questions))  # fmt: skip
    export_anki(reworded, exportable(reworded), second, STAMP + 86_400)
    before, after = notes(open_package(first, first.parent)), notes(open_package(second, second.parent))
    assert set(before) == set(after)
    assert {mid for *_, mid in before.values()} == {mid for *_, mid in after.values()}
    assert "Reworded?" in after[note_guid("mini", "alpha-01")][0][0]


def test_ids_differ_between_courses() -> None:
    assert stable_id("mini", "model") != stable_id("sqs-basics", "model")
    assert all((1 << 30) <= stable_id(name, "deck", "t") < (1 << 31) for name in ("a", "b", "aws-lambda"))


@pytest.mark.parametrize("root", [REPO, EXAMPLE], ids=["bundled", "example"])
def test_whole_courses_export(root: Path, tmp_path: Path) -> None:
    course = load_course(root).course
    questions = exportable(course)
    path = tmp_path / "course.apkg"
    assert export_anki(course, questions, path, STAMP) == len(questions)
    assert len(notes(open_package(path, tmp_path))) == len(questions)
    assert not list(tmp_path.glob(".course.apkg.*"))  # the temporary file is gone


def test_two_courses_with_the_same_question_ids_keep_their_own_notes(mini: Course, tmp_path: Path) -> None:
    other = dataclasses.replace(mini, id="another-course", title="Another course")
    first, second = tmp_path / "mini.apkg", tmp_path / "other.apkg"
    export_anki(mini, exportable(mini), first, STAMP)
    export_anki(other, exportable(other), second, STAMP)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    mine, theirs = notes(open_package(first, tmp_path / "a")), notes(open_package(second, tmp_path / "b"))
    assert not set(mine) & set(theirs)  # imported into one collection, neither overwrites the other
    assert set(mine) == {genanki.guid_for("mini", q.id) for q in exportable(mini)}


def test_cards_show_markdown_as_html_and_escape_raw_html(mini: Course) -> None:
    question = dataclasses.replace(
        mini.question("alpha-01"),
        stem="Set `MaximumRetryAttempts` to **0**?\n\n- one\n- two\n\n<script>alert(1)</script>",
        explanation="Use `aws lambda invoke`.",
    )
    question_field, _, explanation, _ = note_fields(question)
    assert "<code>MaximumRetryAttempts</code>" in question_field and "<strong>0</strong>" in question_field
    assert "<li>one</li>" in question_field and "&lt;script&gt;" in question_field and "<script>" not in question_field
    assert explanation == "<p>Use <code>aws lambda invoke</code>.</p>"
    assert "`" not in question_field + explanation


def test_no_card_of_the_bundled_course_shows_raw_backticks() -> None:
    course = load_course(REPO).course
    shown = [q.id for q in exportable(course) if any("`" in field for field in note_fields(q))]
    assert shown == []


def test_the_upgrade_script_moves_old_notes_to_the_new_ids(mini: Course, tmp_path: Path) -> None:
    """Run the script as Anki's debug console would, on a collection holding notes an older version exported."""
    from types import SimpleNamespace

    path = tmp_path / "mini.apkg"
    questions = exportable(mini)
    export_anki(mini, questions, path, STAMP)
    db = open_package(path, tmp_path)
    for question in questions:  # as the earlier version wrote them
        db.execute("update notes set guid = ? where guid = ?", [legacy_guid(question.id), note_guid(mini.id, question.id)])
    other_type = 424242  # a note of another note type, with an old guid, must be left alone
    db.execute("insert into notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
               "select 1, ?, ?, mod, usn, tags, flds, sfld, csum, flags, data from notes limit 1",
               [legacy_guid(questions[0].id), other_type])  # fmt: skip
    ids_before = sorted(row[0] for row in db.execute("select id from notes"))

    class Collection:  # the few calls of Anki's collection the script makes
        def find_notes(self, search: str) -> list[int]:
            mid = int(search.removeprefix("mid:"))
            return [row[0] for row in db.execute("select id from notes where mid = ?", [mid])]

        def get_note(self, nid: int) -> SimpleNamespace:
            return SimpleNamespace(id=nid, guid=db.execute("select guid from notes where id = ?", [nid]).fetchone()[0])

        def update_note(self, note: SimpleNamespace) -> None:
            db.execute("update notes set guid = ? where id = ?", [note.guid, note.id])

    printed: list[str] = []
    script = upgrade_script(mini, questions)
    exec(script, {"mw": SimpleNamespace(col=Collection()), "print": printed.append})
    assert printed == [f"coldstart: moved {len(questions)} note(s) of mini to the new ids; now import the new package."]
    guids = dict(db.execute("select id, guid from notes where mid = ?", [model_id(mini)]).fetchall())
    assert sorted(guids.values()) == sorted(note_guid(mini.id, q.id) for q in questions)
    assert db.execute("select guid from notes where mid = ?", [other_type]).fetchone()[0] == legacy_guid(questions[0].id)
    assert sorted(row[0] for row in db.execute("select id from notes")) == ids_before  # the same notes: history kept
