"""Write the pictures the README shows: `python docs/screenshots.py` (SVG files in docs/images/).

Each picture is the real app, built by the same factory as the `coldstart` command, on the bundled course
with a throwaway progress database and a fixed clock, at 80x24 (the size the app is designed to hold).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coldstart.core.clock import FakeClock  # noqa: E402
from coldstart.ui.factory import create_app  # noqa: E402

IMAGES = ROOT / "docs" / "images"
SIZE = (80, 24)


async def shoot(name: str, steps) -> None:
    app = create_app(ROOT, Path(tempfile.mkdtemp()) / "screenshots.db", {}, clock=FakeClock(datetime(2026, 11, 2, 9, tzinfo=timezone.utc)))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await steps(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(str(IMAGES / f"{name}.svg"))
    print(f"wrote docs/images/{name}.svg")


async def home(app, pilot) -> None:
    pass


async def topic(app, pilot) -> None:
    app.open_topic("async-invocation")
    await pilot.pause()


async def practice(app, pilot) -> None:
    app.start_practice("practice", "concurrency")
    await pilot.pause()


async def lab(app, pilot) -> None:
    from coldstart.ui.screens.lab import LabScreen

    app.push_screen(LabScreen("async-retry"))
    await pilot.pause()
    app.screen.action_run()
    await app.workers.wait_for_complete()
    await pilot.pause()
    panel = app.screen.query_one("SimulationPanel")
    app.screen.query_one("#lab-body").scroll_to_widget(panel.query_one("ResultView"), top=True, animate=False)


async def exam(app, pilot) -> None:
    app.open_exams("lambda-sprint")
    await pilot.pause()


async def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, steps in (("home", home), ("topic", topic), ("practice", practice), ("lab", lab), ("exam", exam)):
        await shoot(name, steps)


if __name__ == "__main__":
    asyncio.run(main())
