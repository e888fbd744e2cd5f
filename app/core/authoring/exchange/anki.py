"""Anki packages (.apkg), written with genanki: a maintained writer of Anki's package format.

Every id in the package is derived from ids the author chose, never drawn at random: the note type and
the decks from the course id (and topic ids), each note's guid from the course id and its question id (two
courses may both have a question `intro-01`, and must not overwrite each other's notes in one collection).
So exporting again and importing into Anki updates the learner's existing cards, keeping their review
history, instead of adding a second copy of every card.

Packages from earlier versions derived a note's guid from the question id alone. `upgrade_script` writes the few
lines a learner pastes into Anki's debug console once, to move such notes to the new guids; importing the new
package then updates them, review history and all, instead of adding copies (see CHANGELOG.md).

Fields are HTML: the course's Markdown is rendered (code spans, emphasis, lists, tables), with raw HTML in the
text escaped rather than passed through, so a course cannot put markup or scripts into a learner's Anki.
"""

from __future__ import annotations

import functools
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
    from markdown_it import MarkdownIt

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


def note_guid(course_id: str, question_id: str) -> str:
    """The guid of a question's note: the same course and question always give the same one."""
    import genanki

    return str(genanki.guid_for(course_id, question_id))  # genanki has no type hints


def legacy_guid(question_id: str) -> str:
    """The guid earlier coldstart versions gave a question's note (from the question id alone)."""
    import genanki

    return str(genanki.guid_for(question_id))


def model_id(course: Course) -> int:
    """The id of the course's note type: the same in every version, so the upgrade script can find its notes."""
    return stable_id(course.id, "model")


UPGRADE_SCRIPT = """\
# coldstart: move the Anki notes of {title} ({course_id}) to the note ids coldstart uses now.
# Once, before importing a new export: in Anki, Tools > Debug Console (Ctrl+Shift+;), paste all of this
# into the upper box and press Ctrl+Return. It changes only notes of the note type {model_name!r}.
moves = {moves}
moved = 0
for nid in mw.col.find_notes("mid:{model_id}"):
    note = mw.col.get_note(nid)
    if note.guid in moves:
        note.guid = moves[note.guid]
        mw.col.update_note(note)
        moved += 1
print(f"coldstart: moved {{moved}} note(s) of {course_id} to the new ids; now import the new package.")
"""


def upgrade_script(course: Course, questions: Iterable[Question]) -> str:
    """Python for Anki's debug console that gives notes exported by earlier versions their new guids."""
    moves = {legacy_guid(q.id): note_guid(course.id, q.id) for q in questions}
    return UPGRADE_SCRIPT.format(
        title=" ".join(course.title.split()), course_id=course.id, model_name=_model_name(course), model_id=model_id(course),
        moves="{\n" + "".join(f"    {old!r}: {new!r},\n" for old, new in moves.items()) + "}",
    )


def _model_name(course: Course) -> str:
    return f"coldstart question ({course.id})"


def build_package(course: Course, questions: Iterable[Question]) -> genanki.Package:
    """A package with one deck per topic ("Course::Topic") holding one note per question."""
    import genanki

    model = genanki.Model(
        model_id(course),
        _model_name(course),
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
        note = genanki.Note(model=model, fields=note_fields(question), tags=anki_tags(question), guid=note_guid(course.id, question.id))
        deck.add_note(note)
    return genanki.Package(list(decks.values()))


def note_fields(question: Question) -> list[str]:
    """Question (stem and lettered choices), Answer (right letters and their text), Explanation, Source."""
    choices = "<br>".join(f"{letter}. {_inline_html(text)}" for letter, text in lettered(question))
    right = [f"{letter}. {_inline_html(text)}" for letter, text in lettered(question) if letter in correct_letters(question)]
    return [
        f'{_html(question.stem)}<div class="choices">{choices}</div>',
        f"<b>{', '.join(correct_letters(question))}</b><br>" + "<br>".join(right),
        _html(question.explanation),
        html.escape(question.source),
    ]


def anki_tags(question: Question) -> list[str]:
    # Anki splits tags on spaces; `::` makes a tag hierarchy in its browser (topic::intro).
    return ["_".join(tag.split()) for tag in topic_domain_tags(question)]


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with tables, as the app renders it; "html": False escapes any HTML written in the text.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _html(markdown: str) -> str:
    """Markdown (paragraphs, lists, code blocks) as the HTML of an Anki field."""
    return str(_markdown().render(markdown.strip())).strip()  # markdown-it types its output as Any


def _inline_html(markdown: str) -> str:
    """A line of Markdown (a choice, after its letter) as HTML without a paragraph around it."""
    return str(_markdown().renderInline(markdown.strip()))


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
