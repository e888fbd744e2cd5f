from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from coldstart.core.clock import Clock, FakeClock, SystemClock, utc


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(90)
    assert clock.now() == datetime(2025, 3, 1, 12, 1, 30, tzinfo=UTC)
    clock.advance(days=1)
    assert clock.now().day == 2
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_clocks_are_utc_and_satisfy_the_protocol() -> None:
    for clock in (SystemClock(), FakeClock()):
        assert isinstance(clock, Clock)
        assert clock.now().utcoffset() == timedelta(0)


def test_utc_normalises_naive_and_offset_datetimes() -> None:
    naive = datetime(2025, 1, 1, 10, 0)
    assert utc(naive).tzinfo is UTC
    plus_two = datetime(2025, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert utc(plus_two).hour == 8
