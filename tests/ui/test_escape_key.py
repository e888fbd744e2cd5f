"""A lone Escape (the Back key of every screen) reaches the app after the escape delay, not a tenth of a second."""

from __future__ import annotations

import os
import selectors

import pytest
from coldstart.cli import common
from coldstart.ui import textual_fixes
from textual.constants import ESCAPE_DELAY


def test_the_terminal_drivers_input_thread_wakes_within_the_escape_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.drivers import linux_driver

    textual_fixes.apply()
    asked: list[float | None] = []
    monkeypatch.setattr(selectors.SelectSelector, "select", lambda self, timeout=None: asked.append(timeout) or [])
    selector = linux_driver.selectors.SelectSelector()
    selector.select(1.0)  # longer than the delay (the driver's thread asks for 0.1 s; the app's delay is 25 ms)
    selector.select()
    selector.select(0.0)
    assert asked == [ESCAPE_DELAY, ESCAPE_DELAY, 0.0]


def test_the_app_waits_25_ms_for_the_rest_of_a_key_unless_the_learner_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """ESCDELAY is read when Textual is imported: `open_app` sets it first, and leaves one that is set alone."""
    started: list[str | None] = []

    class Stop(Exception):
        pass

    def create_app(**_: object) -> None:
        started.append(os.environ.get("ESCDELAY"))
        raise Stop

    monkeypatch.setattr("coldstart.ui.factory.create_app", create_app)
    namespace = common.argparse.Namespace(course=None, db=None)
    for preset in (None, "80"):
        if preset is None:
            monkeypatch.delenv("ESCDELAY", raising=False)
        else:
            monkeypatch.setenv("ESCDELAY", preset)
        with pytest.raises(Stop):
            common.open_app(namespace)
    assert started == [str(common.ESCAPE_DELAY_MS), "80"]
