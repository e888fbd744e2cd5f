"""The plan to the exam date through the app: opened from home, the date set in Settings, nothing without one."""

from __future__ import annotations

from datetime import timedelta

from coldstart.core.progress.plan import exam_date
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.plan import PlanScreen
from coldstart.ui.screens.settings import SettingsScreen
from textual.widgets import Input, Static
from ui_helpers import progress_loaded


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_home_opens_the_plan_and_settings_set_the_exam_date(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "exam" not in shown(app.screen, "#next-hint").lower()  # no date: nothing about it at home
        await pilot.press("p")
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        assert "No exam date set" in shown(plan, "#plan-summary")
        assert not plan.query_one("#plan-forecast").display
        await pilot.press("e")
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        day = (clock.now() + timedelta(days=20)).date()
        settings.query_one("#exam-date", Input).value = "31/12"
        settings.save()
        await pilot.pause()
        assert "YYYY-MM-DD" in shown(settings, "#settings-problem") and exam_date(app.progress) is None
        settings.query_one("#exam-date", Input).value = day.isoformat()
        settings.save()
        await pilot.pause()
        assert app.screen is plan and exam_date(app.progress) == day
        summary = shown(plan, "#plan-summary")
        assert "20 days left" in summary and "Today:" in summary
        assert plan.query_one("#plan-forecast").display and "now" in shown(plan, "#plan-forecast")
