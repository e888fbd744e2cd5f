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
from coldstart.core.authoring.exchange.anki import export_anki, stable_id
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
    assert set(found) == {genanki.guid_for(q) for q in ("alpha-01", "alpha-02", "beta-01")}
    assert db.execute("select count(*) from cards").fetchone() == (3,)
    fields, tags, model = found[genanki.guid_for("alpha-01")]
    question, answer, explanation, source = fields
    assert "What is the maximum timeout of a Lambda function?" in question and "A. 900 seconds" in question and "D. 3 seconds" in question
    assert answer.startswith("<b>A</b>") and "900 seconds" in answer
    assert explanation.startswith("The maximum is 900 seconds") and source == "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    assert sorted(tags) == ["domain::development", "limits", "topic::alpha"] and model == stable_id("mini", "model")
    assert genanki.guid_for("alpha-02") in found and found[genanki.guid_for("alpha-02")][0][1].startswith("<b>A, B</b>")


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
    assert "Reworded?" in after[genanki.guid_for("alpha-01")][0][0]


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
