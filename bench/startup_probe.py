"""Start one app, wait for its first screen to be ready, and exit. Used by bench_startup.py.

`python bench/startup_probe.py minimal` runs a Header + Static + Footer app;
`python bench/startup_probe.py coldstart` runs coldstart on the bundled course with a throwaway database.
Both are started by the same interpreter in the same way, so the ratio of their times is fair.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


async def _exit_when_ready(pilot) -> None:
    await pilot.pause()  # the first screen has been composed, mounted and drawn
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
    build().run(headless=True, size=(80, 24), auto_pilot=_exit_when_ready)
