"""Every `--json` output carries its `format` version and exactly the top-level keys docs/json.md lists.

The documented commands are read from the doc itself (its `## \\`coldstart …\\`` headings, kind lines and key
tables), so a key added or removed in the code, or a command documented wrongly, fails here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.cli.common import JSON_FORMATS

DOC = Path(__file__).parent.parent / "docs" / "json.md"
FIXTURES = Path(__file__).parent / "fixtures"
# The mini course has no exam guide, which `stats coverage` needs: that one command reads the guided fixture.
COURSE_FOR = {"stats-coverage": FIXTURES / "guided"}
SIMULATION = "cost"  # stands for NAME in `coldstart sim NAME --json`


@dataclass(frozen=True)
class Documented:
    command: str  # as the heading writes it, e.g. "coldstart stats questions --json"
    kind: str
    format: int
    keys: dict[str, str]  # key -> documented type


def documented() -> list[Documented]:
    sections = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    found = []
    for section in sections:
        heading = re.match(r"`(coldstart [^`]+)`\n", section)
        assert heading, f"docs/json.md: a section heading is not a `coldstart …` command: {section[:60]!r}"
        kind = re.search(r"^Kind `([a-z-]+)`, format \*\*(\d+)\*\*", section, flags=re.MULTILINE)
        assert kind, f"docs/json.md: {heading[1]} has no 'Kind `…`, format **N**' line"
        keys = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, flags=re.MULTILINE))
        found.append(Documented(heading[1], kind[1], int(kind[2]), keys))
    return found


DOCUMENTED = documented()


def test_the_doc_covers_every_json_document_kind_once() -> None:
    assert sorted(d.kind for d in DOCUMENTED) == sorted(JSON_FORMATS)


@pytest.mark.parametrize("doc", DOCUMENTED, ids=lambda d: d.kind)
def test_json_output_has_format_and_the_documented_keys(doc: Documented, capsys, tmp_path: Path, monkeypatch) -> None:
    course = COURSE_FOR.get(doc.kind, FIXTURES / "mini")
    if doc.kind.startswith("class-"):  # the class commands read a class folder: one with a seat
        folder = tmp_path / "class"
        assert main(["class", "init", str(folder), "--course", str(course)]) == 0
        monkeypatch.setenv("COLDSTART_CLASS", str(folder))
        assert main(["--course", str(course), "class", "add", "ann"]) == 0
        capsys.readouterr()
    words = doc.command.split()[1:]  # without "coldstart"
    argv = ["--course", str(course), "--db", str(tmp_path / "progress.db"), *(SIMULATION if w == "NAME" else w for w in words)]

    code = main(argv)
    captured = capsys.readouterr()

    assert code == 0, captured.err
    data = json.loads(captured.out)
    assert isinstance(data, dict)
    assert data["format"] == doc.format == JSON_FORMATS[doc.kind]
    assert next(iter(data)) == "format"  # first, where a reader looks for it
    assert set(data) == set(doc.keys), f"{doc.command}: output keys differ from docs/json.md's table"
    for key, documented_type in doc.keys.items():
        assert _json_type(data[key]) in documented_type, f"{doc.command}: {key} is {_json_type(data[key])}"


# JSON's type names, by the Python type json.loads gives (bool before int: True is an int too).
JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object"))


def _json_type(value: object) -> str:
    return next((name for python_type, name in JSON_TYPES if isinstance(value, python_type)), "null")


def test_sim_list_for_one_simulation_is_the_same_document(capsys) -> None:
    assert main(["sim", "--list", SIMULATION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == JSON_FORMATS["sim-list"]
    assert [s["name"] for s in data["simulations"]] == [SIMULATION]
