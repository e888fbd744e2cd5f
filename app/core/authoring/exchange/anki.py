"""Anki packages (.apkg), written with genanki: a maintained writer of Anki's package format.

Every id in the package is derived from ids the author chose, never drawn at random: the note type and
the decks from the course id (and topic ids), each note's guid from its question id. So exporting again and
importing into Anki updates the learner's existing cards, keeping their review history, instead of adding
a second copy of every card.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ...course.model import Course, Question
from ...files import staged_file
from . import correct_letters, lettered, topic_domain_tags

if TYPE_CHECKING:
    import genanki

# genanki is imported where it is used: the rest of coldstart starts without it.
FIELDS = ("Question", "Answer", "Explanation", "Source")
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black; background: white; }
.choices { margin-top: 1em; }
.explanation { margin-top: 1em; font-size: 16px; }
"""
QUESTION_SIDE = "{{Question}}"
ANSWER_SIDE = (
    '{{FrontSide}}<hr id="answer">{{Answer}}<div class="explanation">{{Explanation}}</div>'
    '{{#Source}}<p><a href="{{Source}}">Source</a></p>{{/Source}}'
)


def stable_id(*parts: str) -> int:
    """An Anki id from names: the same names give the same id, in the range genanki recommends."""
    digest = hashlib.sha256(":".join(("coldstart", *parts)).encode()).hexdigest()
    return (1 << 30) + int(digest, 16) % (1 << 30)


def note_guid(question: Question) -> str:
    import genanki

    return genanki.guid_for(question.id)


def build_package(course: Course, questions: Iterable[Question]) -> genanki.Package:
    """A package with one deck per topic ("Course::Topic") holding one note per question."""
    import genanki

    model = genanki.Model(
        stable_id(course.id, "model"),
        f"coldstart question ({course.id})",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": QUESTION_SIDE, "afmt": ANSWER_SIDE}],
        css=CSS,
    )
    decks: dict[str, genanki.Deck] = {}
    for question in questions:
        deck = decks.get(question.topic)
        if deck is None:
            topic = course.topic(question.topic)
            name = f"{course.title}::{topic.title if topic else question.topic}"
            deck = decks[question.topic] = genanki.Deck(stable_id(course.id, "deck", question.topic), name)
        deck.add_note(genanki.Note(model=model, fields=note_fields(question), tags=anki_tags(question), guid=note_guid(question)))
    return genanki.Package(list(decks.values()))


def note_fields(question: Question) -> list[str]:
    """Question (stem and lettered choices), Answer (right letters and their text), Explanation, Source."""
    choices = "<br>".join(f"{letter}. {_html(text)}" for letter, text in lettered(question))
    right = [f"{letter}. {_html(text)}" for letter, text in lettered(question) if letter in correct_letters(question)]
    return [
        f'{_html(question.stem)}<div class="choices">{choices}</div>',
        f"<b>{', '.join(correct_letters(question))}</b><br>" + "<br>".join(right),
        _html(question.explanation),
        html.escape(question.source),
    ]


def anki_tags(question: Question) -> list[str]:
    # Anki splits tags on spaces; `::` makes a tag hierarchy in its browser (topic::intro).
    return ["_".join(tag.split()) for tag in topic_domain_tags(question)]


def _html(markdown: str) -> str:
    """Text shown as written: Anki fields are HTML, and coldstart's Markdown reads well as plain text."""
    return html.escape(markdown.strip()).replace("\n", "<br>")


def export_anki(course: Course, questions: Iterable[Question], path: Path, timestamp: float) -> int:
    """Write the .apkg; returns the number of notes. `timestamp` (seconds) stamps the notes, so output is repeatable."""
    package = build_package(course, questions)
    count = sum(len(deck.notes) for deck in package.decks)
    # genanki's write_to_file leaves its temporary database behind; these are its steps, in a folder that
    # is removed, and the package replaces `path` only once complete.
    with tempfile.TemporaryDirectory(prefix="coldstart-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with staged_file(path) as partial, zipfile.ZipFile(partial, "w") as archive:  # stored, as genanki writes it
            archive.write(database, "collection.anki2")
            archive.writestr("media", json.dumps({}))
    return count
