"""The title bar: one widget drawing the title and subtitle, with the command palette behind its icon."""

from __future__ import annotations

from coldstart.ui.widgets.header import Header
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from ui_helpers import wait_until


class Titled(App[None]):
    TITLE = "coldstart"

    def compose(self) -> ComposeResult:
        yield Header()


def drawn(app: App[None]) -> str:
    return str(app.screen.query_one(Header).render())


async def test_the_title_and_subtitle_are_centred_and_follow_changes() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        app.sub_title = "Cold starts"
        await wait_until(pilot, lambda: "coldstart — Cold starts" in drawn(app), "the subtitle shown")
        line = drawn(app)
        assert line.startswith(" ⭘") and len(line) == 60
        start = line.index("coldstart")
        assert abs(start - (8 + (60 - 18 - len("coldstart — Cold starts")) // 2)) <= 1  # centred between icon and clock space
        app.screen.sub_title = "Screen's own"
        await wait_until(pilot, lambda: "coldstart — Screen's own" in drawn(app), "the screen's subtitle wins")


async def test_a_long_title_ends_in_an_ellipsis_without_covering_the_icon() -> None:
    app = Titled()
    async with app.run_test(size=(40, 10)) as pilot:
        app.sub_title = "Asynchronous invocation, EventBridge, S3 events and destinations"
        await wait_until(pilot, lambda: "…" in drawn(app), "the title cut short")
        line = drawn(app)
        assert line.startswith(" ⭘") and len(line) == 40 and line.rstrip().endswith("…")


async def test_clicking_the_icon_opens_the_command_palette() -> None:
    app = Titled()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.click(Header, offset=(1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
