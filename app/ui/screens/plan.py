"""The plan to the exam date: days left, today's target and a 14-day forecast of due reviews.

It shows what the core works out (app/core/progress/plan.py), drawn by app/present/plan.py as the CLI does.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...core.progress.plan import plan
from ...present.plan import NO_EXAM_DATE, forecast_chart, plan_summary
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.footer import Footer
from ..widgets.header import Header


class PlanScreen(StyledAtMount, ColdstartAware, Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the home screen", id="plan.back"),
        Binding("e", "set_date", "Exam date", tooltip="Set or change your exam date (Settings)", id="plan.set_date"),
        Binding("r", "reviews", "Reviews", tooltip="Answer the questions due today", id="plan.reviews"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with ReadingPane(id="plan"):
            yield Static(id="plan-summary")
            yield Static("Reviews due, next 14 days", classes="heading", id="plan-forecast-heading")
            yield Static(id="plan-forecast")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Plan to the exam"
        self.refresh_plan()
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh_plan())

    def on_screen_resume(self) -> None:
        self.refresh_plan()  # back from Settings with a new date

    def refresh_plan(self) -> None:
        palette = theme_palette(self.app)
        result = plan(self._app.course, self._app.progress)
        self.query_one("#plan-forecast-heading").display = result is not None
        forecast = self.query_one("#plan-forecast", Static)
        forecast.display = result is not None
        if result is None:
            self.query_one("#plan-summary", Static).update(Text(f"{NO_EXAM_DATE}\n\nPress e to set it."))
            return
        self.query_one("#plan-summary", Static).update(plan_summary(result, palette))
        forecast.update(forecast_chart(result, palette))

    def action_set_date(self) -> None:
        self._app.action_settings()

    def action_reviews(self) -> None:
        self._app.start_practice("review")
