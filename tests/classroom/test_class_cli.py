"""`coldstart class init/add/relink/list/remove` and `coldstart serve`'s checks, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.cli.serve import default_max_sessions, is_loopback
from coldstart.core.classroom.seats import ClassFolder


def links(out: str) -> dict[str, str]:
    return dict(line.split("\t") for line in out.splitlines() if "\t" in line)


def test_seats_from_the_command_line(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "class"
    assert main(["class", "init", str(root), "--url", "https://class.example.org"]) == 0
    monkeypatch.setenv("COLDSTART_CLASS", str(root))
    capsys.readouterr()
    assert main(["class", "add", "ann", "bob"]) == 0
    first = links(capsys.readouterr().out)
    assert sorted(first) == ["ann", "bob"] and first["ann"].startswith("https://class.example.org/?token=")
    token = first["ann"].split("token=")[1]
    assert token not in (root / "class.json").read_text()

    assert main(["class", "relink", "ann"]) == 0
    second = links(capsys.readouterr().out)
    folder = ClassFolder.open(root)
    assert folder.seat_for(token) is None and folder.seat_for(second["ann"].split("token=")[1]).name == "ann"

    assert main(["class", "list", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == 1
    listed = document["seats"]
    assert [(s["name"], s["started"], s["last_activity"]) for s in listed] == [("ann", False, None), ("bob", False, None)]
    assert main(["class", "remove", "bob"]) == 0
    assert "no longer works" in capsys.readouterr().out
    assert main(["class", "list"]) == 0
    out = capsys.readouterr().out
    assert "ann" in out and "bob" not in out and "not started" in out


def test_mistakes_are_one_clear_line(tmp_path: Path, capsys) -> None:
    assert main(["class", "add", "ann", "--dir", str(tmp_path)]) == 1
    assert "not a class folder" in capsys.readouterr().err
    assert main(["class", "init", str(tmp_path)]) == 0
    assert main(["class", "add", "ann", "../x", "--dir", str(tmp_path)]) == 1  # ann is still added
    captured = capsys.readouterr()
    assert "cannot name a seat" in captured.err and "ann\t" in captured.out and "Traceback" not in captured.err
    assert main(["class", "remove", "zed", "--dir", str(tmp_path)]) == 1
    assert "no seat named 'zed'" in capsys.readouterr().err
    assert main(["serve", "--class", str(tmp_path / "nowhere")]) == 1
    assert "not a class folder" in capsys.readouterr().err
    assert main(["serve", "--port", "0"]) == 2
    assert main(["serve", "--max-sessions", "0"]) == 2


def test_the_default_session_limit_comes_from_the_memory_available() -> None:
    assert default_max_sessions("MemTotal: 8000000 kB\nMemAvailable:    4096000 kB\n") == 4000 // 2 // 60
    assert default_max_sessions("MemAvailable: 10 kB\n") == 1
    assert default_max_sessions("MemAvailable: 999999999 kB\n") == 100
    assert default_max_sessions("nothing useful") == 4


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                                ("0.0.0.0", False), ("192.168.1.20", False), ("class.example.org", False)])
def test_which_hosts_are_this_computer_only(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list:
    """`coldstart serve` up to the moment it would serve: the servers it built, instead of serving."""
    from coldstart.web.server import ColdstartServer

    built: list[ColdstartServer] = []
    monkeypatch.setattr(ColdstartServer, "serve", lambda self: built.append(self))
    return built


def test_serve_alone_is_one_learner_on_their_own_database_on_this_computer(tmp_path: Path, started, capsys) -> None:
    own = tmp_path / "mine.db"
    assert main(["serve", "--db", str(own), "--max-sessions", "3", "--idle-minutes", "0"]) == 0
    (server,) = started
    assert server.host == "127.0.0.1" and server.port == 8000
    assert not server.door.needs_token and server.door.db_path("anyone") == own.resolve()
    assert server.limits.max_sessions == 3 and server.limits.idle_after is None
    assert "warning" not in capsys.readouterr().err


def test_serving_beyond_this_computer_warns_in_one_line(tmp_path: Path, started, capsys) -> None:
    root = tmp_path / "class"
    assert main(["class", "init", str(root)]) == 0
    assert main(["class", "add", "ann", "--dir", str(root)]) == 0
    assert main(["serve", "--class", str(root), "--host", "0.0.0.0", "--port", "8123",
                 "--public-url", "https://class.example.org"]) == 0
    (server,) = started
    assert server.door.needs_token and server.door.db_path("ann") == root / "seats" / "ann.db"
    assert server.public_url == "https://class.example.org"
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "unencrypted" in warnings[0] and "TLS proxy" in warnings[0]
