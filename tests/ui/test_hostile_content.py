"""A course with terminal escape sequences in it: every screen draws them as visible placeholders.

The `hostile_course` fixture (tests/conftest.py) plants ESC[2J in a topic title, an OSC 0 title in its
summary, an OSC 52 clipboard write in a stem, a C1 CSI in a choice and an ESC colour code in a why. The
screenshots of the home screen, the topic, a practised question with its whys, the search results and the
course problems must hold none of ESC, BEL or a C1 byte, and show the placeholder instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.topic import TopicScreen

TERMINAL_COMMANDS = re.compile("[\x07\x1b\x80-\x9f]")


def drawn(app) -> str:
    return app.export_screenshot()


async def test_no_screen_draws_escape_sequences_from_the_course(make_app, hostile_course: Path) -> None:
    app = make_app(course_dir=hostile_course)
    screens: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screens["home"] = drawn(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen)
        screens["topic"] = drawn(app)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        screens["question"] = drawn(app)
        await pilot.press("1", "enter")  # answered: the whys are shown
        await pilot.pause()
        screens["answered"] = drawn(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"maximum")
        await app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        screens["search"] = drawn(app)
    for name, svg in screens.items():
        assert not TERMINAL_COMMANDS.search(svg), name
    assert "Alpha \u241b[2J topic" in screens["home"].replace("&#160;", " ")
    assert "\u241b]52;c;" in screens["question"]
    assert "\ufffd2J" in screens["answered"] and "\u241b[31m" in screens["answered"]  # the choice and its why
    assert "Search:" in screens["search"] and "maximum" in screens["search"]
