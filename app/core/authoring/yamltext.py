"""Writing course YAML as text that people will go on editing.

Course files are the author's own: they carry comments and a layout of their choosing. So coldstart never
re-dumps a file it changes; it writes new files from text and edits existing ones by inserting lines where
the YAML parser says a list ends, leaving every other character as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..course.yamlfile import syntax_problem
from ..files import write_atomic
from . import AuthoringError

SCHEMA_DIR = "schemas"  # where `coldstart new course` puts the JSON Schemas, inside the course


def scalar(value: str | int | float) -> str:
    """`value` as a one-line YAML scalar: bare when YAML reads it back unchanged, otherwise double-quoted."""
    if isinstance(value, str):
        try:
            plain = "\n" not in value and value == value.strip() and yaml.safe_load(value) == value
        except yaml.YAMLError:
            plain = False
        # JSON strings are valid YAML double-quoted scalars, escapes included.
        return value if plain else json.dumps(value, ensure_ascii=False)
    return f"{value:g}" if isinstance(value, float) else str(value)


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, multi-line text as `|` blocks: how people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


class Flow(list[Any]):
    """A list written on one line, `tags: [a, b]`, which reads better than a tall list of single words."""


_Dumper.add_representer(Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True))


def mapping_text(data: dict[str, Any]) -> str:
    """A mapping as block YAML, keys in the given order (wrap a list in `Flow` to keep it on one line)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def list_item(text: str, prefix: str) -> str:
    """Block YAML `text` as one item of a list whose dash line starts with `prefix` (e.g. "  - ")."""
    lines = text.rstrip("\n").split("\n")
    pad = " " * len(prefix)
    return "\n".join([prefix + lines[0], *[(pad + line) if line else line for line in lines[1:]]]) + "\n"


def append_to_list(text: str, key: str, items: Sequence[str], *, what: str) -> str:
    """`text` with `items` (YAML texts of single values) added at the end of the top-level list `key`.

    Works on block lists (a line per item, indented like the last one) and, for one-line values, on flow
    lists (`[a, b]`). Comments and layout elsewhere are untouched. `what` names the file in messages.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        problem = syntax_problem(text, error)
        raise AuthoringError(
            f"{what}:{problem.line}:{problem.column}: {problem.message}; fix it first (see `coldstart validate`)"
        ) from None
    node = None
    if isinstance(root, yaml.MappingNode):
        node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if not isinstance(node, yaml.SequenceNode):
        raise AuthoringError(f"{what} has no `{key}:` list to add to")
    newline = "\r\n" if "\r\n" in text else "\n"
    if node.flow_style or not node.value:
        if any("\n" in item.strip() for item in items):
            raise AuthoringError(f"{what}: `{key}:` is written as [a, b]; write it as a block list to append to it")
        if not node.flow_style:  # `key:` with nothing after it reads as null, not as an empty list
            raise AuthoringError(f"{what}: `{key}:` is empty; write `{key}: []`")
        at = node.value[-1].end_mark.index if node.value else node.end_mark.index - 1
        joined = ", ".join(item.strip() for item in items)
        return text[:at] + (", " if node.value else "") + joined + text[at:]
    last = node.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start : last.start_mark.index]
    at = _end_of_line(text, _last_leaf(last).end_mark.index)
    added = "".join(list_item(item, prefix) for item in items)
    if at > 0 and text[at - 1] != "\n":
        added = "\n" + added
    return text[:at] + added.replace("\n", newline) + text[at:]


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The node written last inside `node`: where a block list item really ends (comments after it do not count)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def _end_of_line(text: str, index: int) -> int:
    if index == 0 or text[index - 1] == "\n":
        return index  # a block scalar ends at the start of the line after it
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def modeline(kind: str, file: Path, course_root: Path, planned: Collection[Path] = ()) -> str:
    """The `# yaml-language-server: $schema=...` first line for `file`, when the course keeps its schemas.

    The path is relative to the file, so the course folder can move. Without the schema (on disk, or among
    the `planned` files about to be written) it is empty: a modeline that points nowhere only makes editors
    complain.
    """
    schema = course_root / SCHEMA_DIR / f"{kind}.schema.json"
    if not (schema in planned or schema.is_file()):
        return ""
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"


def write_new(files: dict[Path, str]) -> list[Path]:
    """Write every file in `files`, or none of them: refuse when any already exists."""
    existing = [path for path in files if os.path.lexists(path)]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise AuthoringError(f"{names} already exist{'s' if len(existing) == 1 else ''}; coldstart never overwrites a course file")
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, replace=False)
            written.append(path)
    except OSError as error:
        for path in written:  # leave no half-made course behind
            path.unlink(missing_ok=True)
        raise AuthoringError(f"cannot write {error.filename or ''}: {error.strerror or error}") from None
    return written


def replace_text(path: Path, text: str) -> None:
    """Replace a file's text atomically, keeping its mode (see `files.staged_file`); AuthoringError if it cannot."""
    try:
        write_atomic(path, text)
    except OSError as error:
        raise AuthoringError(f"cannot write {path}: {error.strerror or error}") from None
