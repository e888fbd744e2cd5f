"""JSON Schemas of the course files, for editors: completion, hover help and checking as you type.

They are generated from the same declarations the validator walks (`app.core.course.schema`), so an
editor and `coldstart validate` agree on every key and type. The validator checks more than a schema can
say (references between files, answer keys, weights adding up to 100), so `coldstart validate` stays the
final word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..course import schema as course_schema
from ..files import write_atomic

# Draft-07: every keyword used here is in it, and it is the newest draft every editor's YAML support reads
# (the YAML language server behind VS Code, Neovim and Helix supports "JSON Schema 7 and below").
DRAFT = "http://json-schema.org/draft-07/schema#"

# Where each kind of file lives in a course, for titles and for editors' file patterns.
LOCATIONS = {
    "course": "content/course.yaml",
    "topic": "content/<topic>.yaml",
    "questions": "quizzes/<topic>.yaml",
    "exam": "quizzes/exams/<exam>.yaml",
    "exam-guide": "content/exam-guide.yaml",
}

# Kind descriptions that say nothing a JSON Schema type does not already say.
_GENERIC = {"a value", "a mapping", "a list", "text", "a single value", "true or false"}


def file_name(kind: str) -> str:
    """The schema's file name for a kind of course file: "topic" -> "topic.schema.json"."""
    return f"{kind}.schema.json"


def file_schema(kind: str) -> dict[str, Any]:
    """The complete JSON Schema (draft-07) of one kind of course file."""
    record = course_schema.FILE_KINDS[kind]
    body = course_schema.json_schema_of(record)
    _describe(record, body)
    return {
        "$schema": DRAFT,
        "$id": f"urn:coldstart:schema:{kind}",
        "title": f"coldstart {kind} file ({LOCATIONS[kind]})",
        **body,
    }


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of every schema, ready to write."""
    return {file_name(kind): json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n" for kind in course_schema.FILE_KINDS}


def write_schemas(folder: Path) -> list[Path]:
    """Write one schema per kind of course file into `folder` (created if need be), replacing older ones."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        write_atomic(path, text)
        written.append(path)
    return written


def _describe(kind: course_schema.Kind, node: dict[str, Any]) -> None:
    """Give every property a description an editor can show on hover.

    Fields the declarations document keep their own words; the others get what their kind expects
    ("one of single, multiple", "a whole number from 1 to 3"), which is what the validator would say.
    """
    if isinstance(kind, course_schema.Record):
        for name, field in kind.fields.items():
            prop = node["properties"][name]
            words = [w for w in (field.doc, _kind_words(field.kind)) if w] or [_plain_words(field.kind)]
            prop["description"] = "; ".join(dict.fromkeys(words))
            _describe(field.kind, prop)
    elif isinstance(kind, course_schema.ListOf):
        _describe(kind.item, node["items"])
    elif isinstance(kind, course_schema.MapOf):
        _describe(kind.value, node["additionalProperties"])


def _plain_words(kind: course_schema.Kind) -> str:
    """What any value of `kind` is, for properties nothing else describes: "text", "a list of sections"."""
    if isinstance(kind, course_schema.Record):
        return f"a {kind.name}"
    if isinstance(kind, course_schema.ListOf):
        return "a list of " + _plural(_plain_words(kind.item))
    return str(kind.description)


def _kind_words(kind: course_schema.Kind) -> str:
    if isinstance(kind, course_schema.Text) and kind.doc:
        return kind.doc
    if isinstance(kind, course_schema.ListOf):
        inner = _kind_words(kind.item)
        return f"a list of {_plural(inner)}" if inner and not isinstance(kind.item, course_schema.Record) else ""
    description = str(kind.description)
    return "" if description in _GENERIC else description


def _plural(phrase: str) -> str:
    """ "an id of lowercase letters" -> "ids of lowercase letters"; other phrases stay as they are."""
    for article in ("a ", "an "):
        if phrase.startswith(article):
            first, _, rest = phrase[len(article) :].partition(" ")
            return f"{first}s {rest}".strip()
    return phrase
