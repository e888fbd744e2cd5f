"""Start one app, wait until its first screen is drawn and ready for keys, print when, and exit.

`python bench/startup_probe.py minimal` runs a Header + Static + Footer app;
`python bench/startup_probe.py coldstart` runs coldstart on the bundled course with a throwaway database.
Both are started by the same interpreter in the same way and print `time.monotonic()` (a clock shared by all
processes) at the moment they are ready, so bench_startup.py can measure launch-to-ready for each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def _ready(app) -> bool:
    """The first screen is up: for coldstart, the home screen with its topics listed."""
    if app.__class__.__name__ != "ColdstartApp":
        return app.screen.is_mounted
    topics = app.screen.query("#topics")
    return bool(topics) and topics.first().option_count > 0


async def _report_when_ready(pilot) -> None:
    while not _ready(pilot.app):
        await pilot.pause(0.001)
    # Drawn: every pending event of the screen processed and a refresh forced. (`pause()` with no delay would
    # also wait for the CPU to go idle, which for coldstart includes loading the progress store afterwards.)
    await pilot.pause(0)
    print(f"ready {time.monotonic():.6f}", flush=True)
    pilot.app.exit()


def minimal():
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    return Minimal()


def coldstart():
    from coldstart.ui.factory import create_app

    return create_app(db_path=Path(tempfile.mkdtemp()) / "bench.db")


if __name__ == "__main__":
    build = {"minimal": minimal, "coldstart": coldstart}[sys.argv[1]]
    build().run(headless=True, size=(80, 24), auto_pilot=_report_when_ready)
