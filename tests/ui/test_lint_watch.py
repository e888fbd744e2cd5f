"""With --watch the app shows `coldstart lint`'s findings as warnings, and serves every question anyway."""

from __future__ import annotations

import os
from pathlib import Path

from coldstart.ui.screens.home import HomeScreen
from textual.widgets import Button, OptionList


async def settle(app, pilot) -> None:
    """The reload worker, then the lint worker it starts, then the redraw."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_item_writing_warnings_appear_after_a_save_and_block_nothing(make_app, course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "alpha.yaml"
    app = make_app(course_dir=course_copy, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.warnings == ()  # the mini course is clean
        text = bank.read_text(encoding="utf-8")
        last = "      - {text: 3 seconds, why: That is the default.}\n"
        flawed = text.replace(last, last + "      - {text: None of the above, why: Names no fact.}\n")
        bank.write_text(flawed, encoding="utf-8")
        os.utime(bank, ns=(10**12, 10**12))
        app.poll_course_files()
        await settle(app, pilot)

        assert not app.loaded.problems and len(app.course.questions) == 3  # a warning leaves every question in
        line = flawed[: flawed.index("None of the above")].count("\n") + 1
        assert [(w.file.name, w.line, w.rule) for w in app.warnings] == [("alpha.yaml", line, "all-of-the-above")]
        assert any("item-writing warning" in str(n.message) for n in app._notifications)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "1 item-writing warning" in str(home.query_one("#problems", Button).label)
        await pilot.press("e")
        listed = app.screen.query_one(OptionList)
        assert "all-of-the-above" in str(listed.get_option_at_index(0).prompt)
