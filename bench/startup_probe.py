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


async def _report_when_ready(pilot) -> None:
    await pilot.pause()  # the first screen has been composed, mounted and drawn
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
    from app.ui.factory import create_app

    return create_app(db_path=Path(tempfile.mkdtemp()) / "bench.db")


if __name__ == "__main__":
    build = {"minimal": minimal, "coldstart": coldstart}[sys.argv[1]]
    build().run(headless=True, size=(80, 24), auto_pilot=_report_when_ready)
