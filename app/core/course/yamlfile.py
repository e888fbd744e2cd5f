"""Read a YAML file safely into plain Python values, remembering where every value was written.

Course files are written by people, so the reader must never crash, hang or run code, whatever it is given:
a binary file, bad UTF-8, tabs, a billion-laughs alias bomb, a thousand nested lists or a tag that asks for a
Python object. Everything wrong becomes a `YamlProblem` with a 1-based line and column.

Only the YAML *composer* is used (it builds a node graph, never objects); scalars are then turned into values
by PyYAML's safe constructor one node at a time, and only for the standard tags.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import GeneratorType
from typing import Any

import yaml

from ..text import CONTROL_CHARACTERS, control_name, printable

try:  # libyaml is much faster; the pure-Python loader is a faithful fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # PyYAML's stubs type the C and Python loaders as unrelated classes, though they are drop-in replacements.
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # see the comment above

# Limits that keep hostile or broken files from hanging the app or exhausting memory.
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000  # values after aliases are expanded
MAX_DEPTH = 64
MAX_CONTROL_PROBLEMS = 20  # strings with control characters located per file; the rest are only made harmless
# Values at most this deep (a bank's questions: ("questions", 3)) are located as a file is read; deeper ones
# only when something asks where one is, which is when it has a problem (see `YamlDocument.where`).
MARKED_DEPTH = 2

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

Path_ = tuple[str | int, ...]  # a path into the document, e.g. ("questions", 3, "choices")


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    message: str


@dataclass
class YamlDocument:
    """A parsed file: its data, where each value and key stands, and what went wrong while reading."""

    path: Path
    data: Any = None
    problems: list[YamlProblem] = field(default_factory=list)
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Set while the marks go only MARKED_DEPTH deep (see `_EventReader`): the text, to find the others on demand.
    unmarked_text: str | None = field(default=None, repr=False, compare=False)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its key), falling back to the nearest ancestor."""
        if self.unmarked_text is not None and len(path) > MARKED_DEPTH:
            self._mark_everything()
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if key and probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def _mark_everything(self) -> None:
        """Read the text again the thorough way, for the marks of every value (a problem deep inside is located)."""
        text, full = self.unmarked_text or "", YamlDocument(self.path)
        node = yaml.compose(text, Loader=_Loader)  # the fast reader read this text: it composes
        if node is not None:
            _Converter(full, text).convert(node, (), 0)
        self.value_marks, self.key_marks, self.unmarked_text = full.value_marks, full.key_marks, None


class _TooBig(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        self.problem = YamlProblem(line, column, message)


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML file. Never raises for bad content; look at `problems`."""
    doc = YamlDocument(path=path)
    text = _read_text(path, doc)
    if text is None:
        return doc
    text = _without_raw_controls(text, doc)
    problems_before = len(doc.problems)
    try:
        doc.data = _EventReader(doc, text).read()
        doc.unmarked_text = text
        return doc
    except _LeaveToComposer:  # something unusual in the file: the composer reads it again and says what is wrong
        del doc.problems[problems_before:]
        doc.value_marks.clear()
        doc.key_marks.clear()
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as error:
        doc.problems.append(syntax_problem(text, error))
        return doc
    except RecursionError:
        doc.problems.append(YamlProblem(1, 1, f"document too deeply nested (more than {MAX_DEPTH} levels)"))
        return doc
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        doc.problems.append(YamlProblem(1, 1, "empty file: expected a YAML mapping"))
        return doc
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        doc.problems.append(YamlProblem(mark.line + 1, mark.column + 1, "more than one YAML document in the file"))
        return doc
    converter = _Converter(doc, text)
    try:
        doc.data = converter.convert(nodes[0], (), 0)
    except _TooBig as error:
        doc.problems.append(error.problem)
        doc.data = None
    return doc


def _read_text(path: Path, doc: YamlDocument) -> str | None:
    if path.is_dir():
        doc.problems.append(YamlProblem(1, 1, "is a directory, not a YAML file"))
        return None
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            doc.problems.append(YamlProblem(1, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes"))
            return None
        raw = path.read_bytes()
    except OSError as error:
        doc.problems.append(YamlProblem(1, 1, f"cannot read the file: {error.strerror or error}"))
        return None
    if b"\x00" in raw:
        line, column = _line_column(raw, raw.index(b"\x00"))
        doc.problems.append(YamlProblem(line, column, "binary file: it contains NUL bytes, not YAML text"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        doc.problems.append(YamlProblem(line, column, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"))
        return None
    if not text.strip():
        doc.problems.append(YamlProblem(1, 1, "empty file: expected a YAML mapping"))
        return None
    return text


def _without_raw_controls(text: str, doc: YamlDocument) -> str:
    """Report control characters typed into the file itself (YAML would refuse the whole file), then show them.

    Carriage returns are line breaks here, not controls. Each line with any gets one problem, at the first
    (up to MAX_CONTROL_PROBLEMS lines).
    """
    if not _may_hold_controls(text, carriage_returns=False) or not _RAW_CONTROL.search(text):
        return text
    reported = 0
    for number, line in enumerate(text.split("\n"), 1):
        match = _RAW_CONTROL.search(line)
        if match and reported < MAX_CONTROL_PROBLEMS:
            reported += 1
            doc.problems.append(YamlProblem(number, match.start() + 1, _control_problem(match.group())))
    return _RAW_CONTROL.sub(lambda match: printable(match.group()), text)


def _control_problem(character: str, more: int = 0) -> str:
    extra = f" (and {more} more)" if more else ""
    return (
        f"control character {control_name(character)}{extra} in the text: a terminal would act on it "
        "(clear the screen, change the title or the clipboard); remove it"
    )


# CONTROL_CHARACTERS less the carriage return, which in the file itself is part of a line break.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every byte but those of a C0 control or DEL (tab and newline are text): see `_may_hold_controls`.
_TEXT_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n" + bytes(range(0x80, 0x100))


def _may_hold_controls(text: str, *, carriage_returns: bool) -> bool:
    """False when `text` certainly holds no character of CONTROL_CHARACTERS (carriage returns counting only if
    `carriage_returns`). A regular expression looks at every character one by one, which for the files of a
    course of 50,000 questions took seconds; this looks at the UTF-8 bytes in bulk. There a C0 control or DEL is
    a byte of its own, and a C1 control (U+0080 to U+009F) starts with 0xC2 (as do a few printable characters:
    then the caller's expression decides)."""
    utf8 = text.encode("utf-8", "surrogatepass")
    return bool(utf8.translate(None, _TEXT_BYTES if carriage_returns else _TEXT_BYTES + b"\r")) or b"\xc2" in utf8


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text` (for a few problems only: it scans the text)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def syntax_problem(text: str, error: yaml.YAMLError) -> YamlProblem:
    """What PyYAML's error about `text` means, at its line and column, in one line (its own message takes five)."""
    if isinstance(error, yaml.reader.ReaderError):
        return _unacceptable_character(text, error)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "cannot be parsed"
        if _character_at(text, line, column) == "\t":
            reason = "a tab character; YAML indents with spaces only"
        return YamlProblem(line, column, f"YAML syntax error: {reason}")
    return YamlProblem(1, 1, "YAML syntax error: " + " ".join(str(error).split()))  # pragma: no cover - rare


def _unacceptable_character(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """Where the reader met a character YAML does not allow, in one line.

    `read_yaml` has already taken control characters out (see `_without_raw_controls`), so there it is one
    like U+FFFE; text parsed straight from a file (`coldstart new` appending to one) can still hold a control
    character. The reader's own message names "<unicode string>" and an offset that libyaml counts in UTF-8
    bytes, so the place is found again in the text: the reader stops at the first such character, which is
    therefore the first occurrence of that character.
    """
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    offset = max(text.find(character), 0)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1  # in characters, as an editor counts them
    what = f"control character {control_name(character)}" if CONTROL_CHARACTERS.match(character) else f"the character U+{ord(character):04X}"
    return YamlProblem(line, column, f"{what} is not allowed in YAML; remove it")


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A parser's mark kept inside the text: libyaml marks the end of a file without a final newline one line
    past its last line, and an editor cannot go there. The end of the last line stands for it."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, column


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Scalars other than strings are made by PyYAML's safe constructors. Each of them reads only its node, so one
# shared instance serves every file and thread (its `construct_object` would remember every node it made).
_SCALARS = yaml.SafeLoader("")
_RESOLVER = yaml.resolver.Resolver()


# The first characters with which a plain scalar can be anything but a string (a number, true, null, a date…).
_IMPLICIT_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
assert None not in _IMPLICIT_FIRST  # no resolver for every first character (none in PyYAML's safe resolver)


def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag the composer gives an untagged scalar."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar node of a standard tag (a string as written, else through the safe constructor)."""
    if node.tag == _STR_TAG:
        return node.value
    value = _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
    if isinstance(value, GeneratorType):  # a list or mapping tag on a scalar (!!seq x): run, it says what is wrong
        made = next(value)
        for _ in value:
            pass
        return made
    return value


class _Reading:
    """What both readers share: the document being filled, node limits, and strings made harmless."""

    def __init__(self, doc: YamlDocument, text: str) -> None:
        self.doc = doc
        self.text = text
        self.strings_with_controls = 0
        self.count = 0

    def _without_controls(self, value: str, start: int, end: int) -> str:
        """Report a string's control characters where they are written, and make them harmless placeholders.

        Every string of the course passes here, so no screen or command that shows course text can send a
        terminal an escape sequence (clearing the screen, retitling it, writing the clipboard), whatever
        it forgets to check; the problem tells the author to remove it. `start` and `end` are the offsets
        of the scalar in the text.
        """
        if not CONTROL_CHARACTERS.search(value):
            return value
        found = CONTROL_CHARACTERS.findall(value)
        self.strings_with_controls += 1
        if self.strings_with_controls > MAX_CONTROL_PROBLEMS:
            return printable(value)  # located enough of them: the author sees the pattern
        line, column = _position(self.text, start + _first_control(self.text[start:end]) if start < end else start)
        self.doc.problems.append(YamlProblem(line, column, _control_problem(found[0], len(found) - 1)))
        return printable(value)

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Any:
        """A scalar's value, or None with a problem when it cannot be read."""
        try:
            value = _scalar_value(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            reason = getattr(error, "problem", None) or error  # a constructor's error without its five-line context
            self.doc.problems.append(YamlProblem(line, column, f"cannot read this value: {reason}"))
            return None
        return self._without_controls(value, node.start_mark.index, node.end_mark.index) if isinstance(value, str) else value

    def _tag_refused(self, tag: str, line: int, column: int) -> bool:
        if tag in _STANDARD_TAGS:
            return False
        self.doc.problems.append(YamlProblem(line, column, f"the YAML tag {tag!r} is not allowed; course files hold plain data"))
        return True


class _LeaveToComposer(Exception):
    """The file has something `_EventReader` leaves to the composer and `_Converter` (see `_EventReader`)."""


class _EventReader(_Reading):
    """Builds the values straight from the parser's events: the common case, at about half the cost.

    Composing a node graph first costs a Python object per value and a second walk over them, and for a course
    of tens of thousands of questions that is most of its loading time. This reader handles what course files
    are made of: one document of mappings, lists and scalars. Anything else (anchors and aliases, several
    documents, merge keys, keys that are not scalars, duplicate keys, a tagged list or mapping, the size and
    depth limits, a syntax error) makes it give up with `_LeaveToComposer`, and `read_yaml` reads the file
    again the thorough way, which reports those exactly as before. Both give the same document for the same
    text (tests/course/test_yaml_readers.py).
    """

    def read(self) -> Any:
        parser = _Loader(self.text)
        try:
            return self._values(parser)
        except yaml.YAMLError as error:
            raise _LeaveToComposer from error
        finally:
            parser.dispose()

    def _values(self, parser: Any) -> Any:
        events = iter(parser.get_event, None)  # get_event returns None after the stream ends
        if not isinstance(next(events, None), yaml.StreamStartEvent) or not isinstance(next(events, None), yaml.DocumentStartEvent):
            raise _LeaveToComposer  # an empty stream: the composer says "empty file"
        marks, key_marks = self.doc.value_marks, self.doc.key_marks
        # Only an escape in a double-quoted string, or a character of the text itself, can put a control
        # character into a value: a file with neither (nearly every one) needs no look at each string.
        maybe_controls = (
            _may_hold_controls(self.text, carriage_returns=True) and CONTROL_CHARACTERS.search(self.text) is not None
        ) or _has_control_escape(self.text)
        plain_tags: dict[str, str] = {}  # the same words come back in every question: "true", "text", "type"…
        plain_values: dict[str, Any] = {}  # and the same numbers and flags: "2", "true"
        # This loop runs for every value of every file (fifty of them per question): hence the local names, the
        # cheap checks first, and the state of the list or mapping being filled kept in local variables.
        scalar_event, str_tag, implicit_first = yaml.ScalarEvent, _STR_TAG, _IMPLICIT_FIRST
        sequence_start, mapping_start, document_end = yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.DocumentEndEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        max_nodes, max_depth, marked_depth = MAX_NODES, MAX_DEPTH, MARKED_DEPTH
        container: Any = None  # the list or mapping being filled; None before the document's value
        in_list = False
        key: str | None = None  # in a mapping, the key whose value comes next; None when a key comes next
        depth = 0  # how deep the next value is (the document's value is at 0)
        path: Path_ | None = ()  # where the container is; None below MARKED_DEPTH, where nothing is located
        stack: list[tuple[Any, bool, str | None, int, Path_ | None]] = []  # the same for each enclosing one
        root: Any = None
        count = line = column = 0
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    raise _LeaveToComposer  # an anchor: the composer expands its aliases
                count += 1
                if count > max_nodes or depth > max_depth:
                    raise _LeaveToComposer
                if depth <= marked_depth:  # deeper values are located only when a problem asks (see `where`)
                    line, column = _locate(event, marks, _here(path, container, in_list, key, depth))
                value, tag = event.value, event.tag
                if tag is None or tag == "!":
                    # As the composer resolves it; a word, or anything quoted, is a string at once.
                    if (value and value[0] not in implicit_first) or not event.implicit[0]:
                        if maybe_controls:
                            value = self._without_controls(value, event.start_mark.index, event.end_mark.index)
                    elif value in plain_values:
                        value = plain_values[value]  # an int, a flag, null or a date read before
                    else:
                        tag = plain_tags.get(value) or plain_tags.setdefault(value, _implicit_tag(value, event.implicit))
                        if tag != str_tag:
                            value = self._plain_value(tag, value, event, plain_values)
                        elif maybe_controls:
                            value = self._without_controls(value, event.start_mark.index, event.end_mark.index)
                elif tag == str_tag:
                    if maybe_controls:
                        value = self._without_controls(value, event.start_mark.index, event.end_mark.index)
                else:
                    value = self._tagged_value(tag, value, event)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None:  # the checks of a scalar's first lines, for a list or mapping
                    raise _LeaveToComposer
                count += 1
                if count > max_nodes or depth > max_depth:
                    raise _LeaveToComposer
                if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
                    raise _LeaveToComposer  # a tagged list or mapping: the composer does not read its contents
                if key is None and not in_list and depth:
                    raise _LeaveToComposer  # a list or mapping as a key
                here = None
                if depth <= marked_depth:
                    here = _here(path, container, in_list, key, depth)
                    _locate(event, marks, here)
                stack.append((container, in_list, key, depth, path))
                container, in_list, key, depth, path = [] if kind is sequence_start else {}, kind is sequence_start, None, depth + 1, here
                continue
            elif kind in ends:
                value = container
                container, in_list, key, depth, path = stack.pop()
            elif kind is document_end:
                break
            else:
                raise _LeaveToComposer  # an alias: the composer expands it
            # The value is read: it goes into its list or mapping, or is the mapping's next key.
            if in_list:
                container.append(value)
            elif key is not None:
                container[key] = value
                key = None
            elif depth:
                key = value if type(value) is str else "null" if value is None else str(value)
                if key in container:
                    raise _LeaveToComposer  # a duplicate key: the composer reports it and skips its value
                if depth <= marked_depth:
                    key_marks[(*path, key)] = (line, column)  # type: ignore[misc]  # a path is kept this shallow; the key was the last value read
            else:
                root = value
        if not isinstance(next(events, None), yaml.StreamEndEvent):
            raise _LeaveToComposer  # more than one document
        return root

    def _plain_value(self, tag: str, value: str, event: Any, plain_values: dict[str, Any]) -> Any:
        """An untagged word that is not a string (a number, a flag, null, a date), kept in `plain_values` for the
        next time the same word comes, unless it could not be read."""
        problems = len(self.doc.problems)
        made = self._tagged_value(tag, value, event)
        if len(self.doc.problems) == problems:
            plain_values[value] = made
        return made

    def _tagged_value(self, tag: str, value: str, event: Any) -> Any:
        """A scalar of a tag other than a string's (`!!int 7`, or `7` resolved), or None with a problem."""
        if tag == _MERGE_TAG:
            raise _LeaveToComposer
        mark = event.start_mark
        if self._tag_refused(tag, mark.line + 1, mark.column + 1):
            return None
        return self._scalar(yaml.ScalarNode(tag, value, mark, event.end_mark, event.style), mark.line + 1, mark.column + 1)


def _here(path: Path_ | None, container: Any, in_list: bool, key: str | None, depth: int) -> Path_:
    """For `_EventReader`: the path of the value read next, into `container` (at `path`), `depth` deep."""
    assert path is not None  # asked only MARKED_DEPTH deep, where paths are kept
    if not depth:
        return ()
    return (*path, len(container)) if in_list else (*path, "<key>" if key is None else key)


def _locate(event: Any, marks: dict[Path_, tuple[int, int]], here: Path_) -> tuple[int, int]:
    """For `_EventReader`: note where the value that `event` starts is written (the first value at a path keeps
    it: keys all stand at "<key>"), and return its line and column."""
    mark = event.start_mark
    line_column = mark.line + 1, mark.column + 1
    marks.setdefault(here, line_column)
    return line_column


class _Converter(_Reading):
    """Turns a composed node graph into plain values, recording marks and refusing what is unsafe."""

    def convert(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(line, column, f"document too large: more than {MAX_NODES:,} values once aliases are expanded")
        if depth > MAX_DEPTH:
            raise _TooBig(line, column, f"document too deeply nested (more than {MAX_DEPTH} levels)")
        self.doc.value_marks.setdefault(path, (line, column))
        if self._tag_refused(node.tag, line, column):
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, column)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)  # the composer makes only scalar, sequence and mapping nodes
        return self._mapping(node, path, depth)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            kline, kcolumn = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.problems.append(YamlProblem(kline, kcolumn, "merge keys (<<) are not supported; write the keys out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(YamlProblem(kline, kcolumn, "a mapping key must be a plain word"))
                continue
            key = self.convert(key_node, (*path, "<key>"), depth + 1)
            key = str(key) if key is not None else "null"
            if key in result:
                first = self.doc.key_marks.get((*path, key), (kline, kcolumn))
                self.doc.problems.append(
                    YamlProblem(kline, kcolumn, f"duplicate key {key!r} (first written at line {first[0]})")
                )
                continue
            self.doc.key_marks[(*path, key)] = (kline, kcolumn)
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result


# A double-quoted scalar's escapes (YAML 1.1), or a control character written as it is.
_ESCAPE_OR_CONTROL = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|" + CONTROL_CHARACTERS.pattern, re.S)
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85"}


def _has_control_escape(text: str) -> bool:
    """True when `text` has an escape that a double-quoted scalar would turn into a control character."""
    return any(_is_control_escape(match.group()) for match in _ESCAPE.finditer(text))


def _is_control_escape(token: str) -> bool:
    character = chr(int(token[2:], 16)) if len(token) > 2 else _SIMPLE_ESCAPES.get(token[1], "")
    return bool(character) and CONTROL_CHARACTERS.match(character) is not None


def _first_control(source: str) -> int:
    """Offset in a scalar's source of the first escape or raw character that makes a control character (else 0)."""
    for match in _ESCAPE_OR_CONTROL.finditer(source):
        token = match.group()
        if token[0] != "\\" or _is_control_escape(token):
            return match.start()
    return 0
