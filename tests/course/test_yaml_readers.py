"""The fast YAML reader (parser events straight to values) reads every file as the thorough one (composed nodes)
did: the same data, the same problems, and the same line and column for every value and key.

The fast reader locates only the shallow values as it reads; a deeper one is located when asked, by reading
the file again. Both are checked here through `where`, which is all the loader uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from coldstart.core.course import yamlfile
from coldstart.core.course.yamlfile import YamlDocument, read_yaml

REPO = Path(__file__).resolve().parents[2]


def read_thoroughly(path: Path) -> YamlDocument:
    """`read_yaml` as it was before the fast reader: the composer and the node converter only."""
    original = yamlfile._EventReader.read

    def leave(self: Any) -> Any:
        raise yamlfile._LeaveToComposer

    yamlfile._EventReader.read = leave  # type: ignore[method-assign]
    try:
        return read_yaml(path)
    finally:
        yamlfile._EventReader.read = original  # type: ignore[method-assign]


def assert_read_alike(path: Path) -> None:
    thorough = read_thoroughly(path)
    fast = read_yaml(path)
    assert fast.data == thorough.data
    assert fast.problems == thorough.problems
    assert not [problem for problem in fast.problems if "\n" in problem.message]  # one line each
    for where in thorough.value_marks:
        assert fast.where(where) == thorough.where(where), where
    for where in thorough.key_marks:
        assert fast.where(where, key=True) == thorough.where(where, key=True), where
    assert fast.where(("no", "such", "path", 7)) == thorough.where(("no", "such", "path", 7))


BUNDLED = sorted((REPO / "content").glob("*.yaml")) + sorted((REPO / "quizzes").rglob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_file_reads_alike(path: Path) -> None:
    assert_read_alike(path)


TRICKY = {
    "scalars": "a: 1\nb: 2.5\nc: true\nd: ~\ne: 2024-05-01\nf: '1'\ng: \"x\"\nh: -3\ni: .inf\nj: yes\nk: 0x1F\n",
    "keys of every kind": "1: one\n~: nothing\n'quoted': q\ntrue: t\n2024-01-01: date\n",
    "flow style": "a: {b: [1, 2, {c: d}], e: []}\nf: {}\n",
    "nested lists": "questions:\n  - id: a\n    choices:\n      - text: x\n        why: [1, [2, [3]]]\n",
    "block scalars": "stem: |\n  line one\n  line two\nexplanation: >\n  folded\n  text\n",
    "escaped control characters": 'a: "bell \\a and escape \\x1b[2J"\nb: ok\nc: ["\\e]0;title\\a"]\n',
    "a tag that asks for code": "a: !!python/object/apply:os.system [echo]\nb: 1\n",
    "a local tag on a scalar": "a: !mine x\nb: !mine\n",
    "a local tag on a mapping": "a: !mine {b: 1}\nc: 2\n",
    "a tagged key": "!mine k: 1\nother: 2\n",
    "explicit standard tags": "a: !!str 12\nb: !!int '7'\nc: !!float 1\n",
    "a bad value": "a: !!int nope\nb: !!timestamp 2024-13-45\n",
    "a date that is no date": "a: 2024-13-45\n",
    "the same words again": "a: [2, 2, true, true, ~, ~, 2024-05-01, 2024-05-01]\nb: {x: 2, y: true}\nc: 2024-13-45\nd: 2024-13-45\n",
    "a list or mapping tag on a scalar": "a: !!seq x\nb: !!map y\nc: !!set z\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "merge keys": "base: &base {a: 1}\nthing:\n  <<: *base\n  b: 2\n",
    "anchors and aliases": "a: &x [1, 2]\nb: *x\n",
    "a list as a key": "? [a, b]\n: c\nd: e\n",
    "a mapping as a key": "? {a: b}\n: c\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an empty document": "---\n",
    "only comments": "# nothing here\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    "a tab": "a:\n\tb: 1\n",
    "windows line ends": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "a scalar document": "just text\n",
    "a list document": "- a\n- b: c\n",
    "deep nesting": "a: " + "[" * 70 + "]" * 70 + "\n",
    "a key called <key>": "<key>: 1\nb: {<key>: 2}\n",
    "backslashes that make no control character": "a: \"tab\\there \\\\x1b\"\nb: 'C:\\x1b'\nc: plain \\e text\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_unusual_files_read_alike(name: str, tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(TRICKY[name].encode())
    assert_read_alike(path)


def test_a_common_file_is_read_without_composing_nodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast reader is the one used: the composer is not run for a plain bank, nor the deep marks made."""
    monkeypatch.setattr(yaml, "compose_all", lambda *a, **k: pytest.fail("composed"))
    path = tmp_path / "bank.yaml"
    path.write_text("topic: t\nquestions:\n  - id: q1\n    choices:\n      - text: a\n")
    doc = read_yaml(path)
    assert doc.data == {"topic": "t", "questions": [{"id": "q1", "choices": [{"text": "a"}]}]}
    assert doc.where(("questions", 0)) == (3, 5)
    assert ("questions", 0, "choices", 0, "text") not in doc.value_marks  # located only when asked:
    assert doc.where(("questions", 0, "choices", 0, "text")) == (5, 15)


def test_the_quick_look_for_control_characters_misses_none() -> None:
    from coldstart.core.text import CONTROL_CHARACTERS

    prose = "Plain text — with “quotes”, tabs\tand lines\n, emoji 🙂 and 日本語.\n"
    assert not yamlfile._may_hold_controls(prose, carriage_returns=True)
    for code in range(0x3000):
        character = chr(code)
        if CONTROL_CHARACTERS.match(character):
            assert yamlfile._may_hold_controls(prose + character + prose, carriage_returns=True), hex(code)
            if character != "\r":
                assert yamlfile._may_hold_controls(prose + character, carriage_returns=False), hex(code)
    assert not yamlfile._may_hold_controls("line\r\nline\r\n", carriage_returns=False)
    assert yamlfile._may_hold_controls("line\r\nline\r\n", carriage_returns=True)
