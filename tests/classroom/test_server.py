"""The web server's rules over HTTP, without a browser: aiohttp's test client against ColdstartServer's app."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from coldstart.core.classroom.limiter import BadTokenLimiter
from coldstart.core.classroom.seats import ClassFolder
from coldstart.web.server import (
    ClassDoor,
    ColdstartServer,
    Limits,
    SoloDoor,
    client_address,
    redact,
)


def never_started(db_path: Path) -> list[str]:
    raise AssertionError("no app process may start in these tests")


@pytest.fixture
def seats(folder: ClassFolder, clock) -> dict[str, str]:
    return {name: folder.add(name, clock) for name in ("ann", "bob")}


@pytest.fixture
async def served(folder: ClassFolder, clock, seats):
    server = ColdstartServer(door=ClassDoor(folder.root), app_argv=never_started, clock=clock,
                             limits=Limits(max_sessions=2, idle_after=timedelta(minutes=30)))
    test_server = TestServer(await server._make_app())
    await test_server.start_server(**server.RUNNER_OPTIONS)
    client = TestClient(test_server)
    await client.start_server()
    yield server, client
    await client.close()


async def test_the_link_is_traded_for_a_strict_http_only_cookie(served, seats) -> None:
    server, client = served
    response = await client.get(f"/?token={seats['ann']}", allow_redirects=False)
    assert response.status == 200
    cookie = response.cookies["coldstart_seat"]
    assert cookie.value == seats["ann"] and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert 'http-equiv="refresh" content="0;url=./"' in await response.text()
    assert response.headers["Referrer-Policy"] == "no-referrer"

    page = await client.get("/")  # the cookie jar sends it back
    text = await page.text()
    assert page.status == 200 and "static/js/textual.js" in text
    assert "googleapis" not in text and "https://" not in text  # nothing from another host
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert server.services == set()


async def test_no_token_or_a_bad_one_is_a_plain_403_and_starts_nothing(served) -> None:
    server, client = served
    for path in ("/", "/?token=guess", "/ws"):
        response = await client.get(path)
        assert response.status == 403, path
        assert "Ask your instructor" in await response.text()
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert server.services == set() and len(server.board) == 0


async def test_a_relinked_or_removed_seat_stops_working_at_once(served, seats, folder: ClassFolder, clock) -> None:
    _, client = served
    folder.relink("ann", clock)
    folder.remove("bob")
    for name in ("ann", "bob"):
        assert (await client.get(f"/?token={seats[name]}")).status == 403


async def test_repeated_bad_tokens_from_one_address_must_wait(served, seats, clock) -> None:
    _, client = served
    for _ in range(BadTokenLimiter.FREE_FAILURES + 1):
        assert (await client.get("/?token=guess")).status == 403
    waiting = await client.get(f"/?token={seats['ann']}")  # even a good token waits: guesses gain nothing
    assert waiting.status == 429 and "try again in 1 seconds" in await waiting.text()
    clock.advance(1)
    assert (await client.get(f"/?token={seats['ann']}")).status == 200


async def test_a_websocket_from_another_site_is_refused(served, seats) -> None:
    _, client = served
    await client.get(f"/?token={seats['ann']}")
    response = await client.get("/ws", headers={"Origin": "https://evil.example"})
    assert response.status == 403


async def test_the_single_learner_server_needs_no_token(tmp_path: Path, clock) -> None:
    server = ColdstartServer(door=SoloDoor(tmp_path / "me.db"), app_argv=never_started, clock=clock,
                             limits=Limits(max_sessions=1, idle_after=None))
    async with TestClient(TestServer(await server._make_app())) as client:
        assert (await client.get("/")).status == 200
        assert (await client.get("/static/js/textual.js")).headers["Referrer-Policy"] == "no-referrer"


async def test_tokens_never_reach_the_access_log(served, seats, caplog: pytest.LogCaptureFixture) -> None:
    _, client = served
    with caplog.at_level(logging.INFO, logger="aiohttp.access"):
        await client.get(f"/?token={seats['ann']}")
        await client.get("/?token=a-wrong-guess&fontsize=12")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /?token=[redacted]" in logged
    assert seats["ann"] not in logged and "a-wrong-guess" not in logged
    assert redact("/?fontsize=1&token=abc#x") == "/?fontsize=1&token=[redacted]#x"


class FakeRequest:
    def __init__(self, remote: str, forwarded: str | None = None) -> None:
        self.remote = remote
        self.headers = {"X-Forwarded-For": forwarded} if forwarded else {}


def test_behind_a_local_proxy_the_forwarded_address_counts() -> None:
    assert client_address(FakeRequest("127.0.0.1", "203.0.113.5")) == "203.0.113.5"  # type: ignore[arg-type]
    assert client_address(FakeRequest("127.0.0.1", "1.1.1.1, 203.0.113.5")) == "203.0.113.5"  # type: ignore[arg-type]
    # From anywhere else the header is the client's own word, and ignored.
    assert client_address(FakeRequest("198.51.100.7", "203.0.113.5")) == "198.51.100.7"  # type: ignore[arg-type]


def test_the_app_command_opens_the_seats_database(tmp_path: Path) -> None:
    from coldstart.cli.serve import app_argv

    argv = app_argv(tmp_path / "course")(tmp_path / "seats" / "ann.db")
    assert argv[:3] == [sys.executable, "-m", "coldstart"]
    assert argv[argv.index("--db") + 1] == str(tmp_path / "seats" / "ann.db")
    assert argv[argv.index("--course") + 1] == str(tmp_path / "course")
