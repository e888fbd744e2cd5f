"""The bad-token limiter and the session board, on a fake clock: no test waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from coldstart.core.classroom.limiter import BadTokenLimiter
from coldstart.core.classroom.sessions import ALREADY_OPEN, FULL, SessionBoard


def test_a_few_mistakes_are_free_then_each_bad_token_doubles_the_wait(clock) -> None:
    limiter = BadTokenLimiter(clock)
    assert [limiter.failed("10.0.0.9") for _ in range(BadTokenLimiter.FREE_FAILURES)] == [0.0, 0.0, 0.0]
    assert limiter.wait("10.0.0.9") == 0.0
    assert limiter.failed("10.0.0.9") == 1.0
    assert limiter.wait("10.0.0.9") == 1.0
    assert limiter.wait("10.0.0.7") == 0.0  # another address is not affected
    clock.advance(1)
    assert limiter.wait("10.0.0.9") == 0.0
    assert [limiter.failed("10.0.0.9") for _ in range(3)] == [2.0, 4.0, 8.0]
    for _ in range(20):
        limiter.failed("10.0.0.9")
    assert limiter.wait("10.0.0.9") == BadTokenLimiter.MAX_DELAY


def test_failures_are_forgotten_after_the_window_and_forgiven_by_a_good_token(clock) -> None:
    limiter = BadTokenLimiter(clock)
    for _ in range(5):
        limiter.failed("a")
    clock.advance(BadTokenLimiter.WINDOW.total_seconds() + 61)
    assert limiter.wait("a") == 0.0 and limiter.failed("a") == 0.0
    for _ in range(5):
        limiter.failed("b")
    limiter.succeeded("b")
    assert limiter.wait("b") == 0.0 and limiter.failed("b") == 0.0


def test_memory_stays_bounded(clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BadTokenLimiter, "MAX_ADDRESSES", 3)
    limiter = BadTokenLimiter(clock)
    for n in range(10):
        limiter.failed(f"10.0.0.{n}")
    assert len(limiter._failures) == 3


def test_one_session_per_seat_and_at_most_the_limit(clock) -> None:
    board: SessionBoard[object] = SessionBoard(clock, limit=2, idle_after=None)
    ann, bob, cid = object(), object(), object()
    assert board.open("ann", ann) is None
    refusal = board.open("ann", object())
    assert refusal is not None and refusal.reason == ALREADY_OPEN and "another tab" in refusal.message
    assert board.open("bob", bob) is None
    full = board.open("cid", cid)
    assert full is not None and full.reason == FULL and "try again" in full.message
    board.close("ann", object())  # not ann's session: nothing happens
    assert len(board) == 2
    board.close("ann", ann)
    assert board.open("cid", cid) is None


def test_sessions_without_input_are_idle_after_the_timeout(clock) -> None:
    board: SessionBoard[str] = SessionBoard(clock, limit=5, idle_after=timedelta(minutes=30))
    board.open("ann", "ann-app")
    board.open("bob", "bob-app")
    clock.advance(minutes=20)
    board.touch("bob")
    clock.advance(minutes=11)
    assert board.idle() == [("ann", "ann-app")]
    clock.advance(minutes=20)
    assert sorted(board.idle()) == [("ann", "ann-app"), ("bob", "bob-app")]


def test_no_timeout_means_never_idle(clock) -> None:
    board: SessionBoard[str] = SessionBoard(clock, limit=1, idle_after=None)
    board.open("ann", "x")
    clock.advance(days=3)
    assert board.idle() == []
    with pytest.raises(ValueError):
        SessionBoard(clock, limit=0, idle_after=None)
