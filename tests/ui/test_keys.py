"""Keys that do what the screen shows: the first key after a screen opens, dialog replies, settings from home."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.screens.exams import ExamsScreen
from coldstart.ui.screens.help import HelpScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.lab import LabScreen
from coldstart.ui.screens.plan import PlanScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.settings import SettingsScreen
from coldstart.ui.screens.topic import TopicScreen
from coldstart.ui.widgets.choices import ChoiceList
from textual.app import App
from textual.widgets import Input, OptionList
from ui_helpers import progress_loaded, type_at_once, wait_until


def lab_moved_down(app: App) -> bool:
    return isinstance(app.screen, LabScreen) and app.screen.query_one("#lab-list", OptionList).highlighted == 1


def practice_moved_down(app: App) -> bool:
    focused = app.screen.focused
    return isinstance(app.screen, PracticeScreen) and isinstance(focused, ChoiceList) and focused.highlighted == 1


def topic_scrolled(app: App) -> bool:
    return isinstance(app.screen, TopicScreen) and app.screen.query_one("#topic-body").scroll_y == 1


def help_moved_down(app: App) -> bool:
    return isinstance(app.screen, HelpScreen) and app.screen.query_one("#help-keys").scroll_y >= 1


def typed_in_settings(app: App) -> bool:
    return isinstance(app.screen, SettingsScreen) and "7" in app.screen.query_one("#retention", Input).value


def back_home(app: App) -> bool:
    return isinstance(app.screen, HomeScreen)


# (the key that opens a screen from home, what it opens, the key pressed right after, its effect)
FIRST_KEYS = [
    ("l", LabScreen, "down", lab_moved_down),
    ("q", PracticeScreen, "down", practice_moved_down),
    ("c", TopicScreen, "down", topic_scrolled),
    ("question_mark", HelpScreen, "down", help_moved_down),
    ("s", SettingsScreen, "7", typed_in_settings),
    ("x", ExamsScreen, "escape", back_home),
    ("d", DashboardScreen, "escape", back_home),
    ("p", PlanScreen, "escape", back_home),
]


@pytest.mark.parametrize(("opener", "screen", "first_key", "effect"), FIRST_KEYS,
                         ids=[screen.__name__ for _, screen, _, _ in FIRST_KEYS])
async def test_the_first_key_after_a_screen_opens_is_not_lost(
        make_app, opener: str, screen: type, first_key: str, effect: Callable[[App], bool]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:  # small: the topic's text scrolls
        await progress_loaded(pilot)
        pushed: list[type] = []
        push_screen = app.push_screen
        app.push_screen = lambda new, *args, **kwargs: pushed.append(type(new)) or push_screen(new, *args, **kwargs)
        type_at_once(app, opener, first_key)
        await wait_until(pilot, lambda: screen in pushed and effect(app),
                         f"{first_key} pressed right after {opener} opened {screen.__name__}")


def help_rows(app: App) -> list[tuple[str, str]]:
    """The help screen's rows as (key, what it does)."""
    assert isinstance(app.screen, HelpScreen)
    return [(row.keys, row.action) for row in app.screen.rows]


async def test_settings_open_from_home_by_key_and_by_its_action_line_entry(make_app) -> None:
    from coldstart.ui.screens.home import ActionLine

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        assert "Settings s" in str(app.screen.query_one("#home-actions", ActionLine).render())
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opens")
        assert ("s", "Desired retention for reviews, the exam date and the theme") in help_rows(app)
        await pilot.press("escape", "s")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), "s opens the settings")


def footer_keys(app: App) -> dict[str, str]:
    """What the current screen's footer shows: key → description."""
    from coldstart.ui.widgets.footer import Footer

    return {key.key: key.description for footer in app.screen.query(Footer) for key in footer.keys}


async def test_dialog_replies_are_bindings_in_the_footer_and_the_help(make_app) -> None:
    from coldstart.ui.screens.ask import AskScreen, Reply

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        answers: list[str | None] = []
        replies = [Reply("resume", "Resume", "r", "primary"), Reply("later", "Later", "l"), Reply("discard", "Discard", "d")]
        app.push_screen(AskScreen("You have an unfinished exam", "Resume it?", replies), answers.append)
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen)
                         and {"r": "Resume", "l": "Later", "d": "Discard"}.items() <= footer_keys(app).items(),
                         "the replies in the dialog's footer")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opens over the dialog")
        rows = help_rows(app)
        assert {("r", "Resume"), ("l", "Later"), ("d", "Discard")} <= set(rows)
        assert "Close without choosing" in {what for _, what in rows}
        await pilot.press("escape", "l")
        await wait_until(pilot, lambda: answers == ["later"], "l answers Later")


async def test_settings_save_and_cancel_are_keys_in_the_footer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), "the settings open")
        settings = app.screen
        assert {"ctrl+s": "Save", "escape": "Cancel"}.items() <= footer_keys(app).items()
        box = settings.query_one("#retention", Input)
        box.value = "0.85"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "ctrl+s saves and closes")
        assert app.progress.desired_retention == 0.85


async def test_the_key_after_a_dialog_reply_reaches_the_screen_beneath(make_app) -> None:
    """A reply closes its dialog, and the key typed right after it works on the screen the dialog covered."""
    from coldstart.ui.screens.ask import AskScreen, Reply

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        answers: list[str | None] = []
        app.push_screen(AskScreen("Leave?", "Sure?", [Reply("leave", "Leave", "y"), Reply("stay", "Stay", "n")]), answers.append)
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen), "the dialog")
        type_at_once(app, "y", "x")
        await wait_until(pilot, lambda: answers == ["leave"] and isinstance(app.screen, ExamsScreen),
                         "y answers, then x opens the exams from home")
