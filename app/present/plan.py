"""The plan to the exam date as Rich Text, for the Plan screen and `coldstart plan` alike."""

from __future__ import annotations

from rich.text import Text

from ..core.progress.plan import ForecastDay, Plan
from ..core.wording import count_of
from .charts import bar
from .palette import TERMINAL, Palette

__all__ = ["NO_EXAM_DATE", "forecast_chart", "plan_summary"]

NO_EXAM_DATE = (
    "No exam date set. Set one and coldstart works out how many new questions and reviews a day "
    "cover the course and keep it remembered by then."
)

# "Thu 05 " before the bar and " 123 ◀ exam" after it.
_LABEL_CELLS = 7
_AFTER_BAR_CELLS = 11


def plan_summary(plan: Plan, palette: Palette = TERMINAL) -> Text:
    """Days left, today's target and what keeping up with reviews does, in a few lines."""
    if plan.days_left > 1:
        left = f"{plan.days_left} days left"
    else:
        left = {1: "tomorrow", 0: "today"}.get(plan.days_left, "passed")
    text = Text.assemble(("Exam ", "bold"), (f"{plan.exam_date:%a %d %b %Y}", "bold"), f" · {left}\n")
    style = palette.warning if plan.days_left < 0 else "bold"
    text.append(plan.advice() + "\n", style=style)
    if plan.days_left < 0:
        return text
    introduced = plan.questions_total - plan.questions_new
    text.append(f"{introduced} of {count_of(plan.questions_total, 'question')} started", style=palette.muted)
    if plan.questions_new and plan.new_days_left:
        text.append(f" · {plan.new_per_day} new a day for {count_of(plan.new_days_left, 'day')}", style=palette.muted)
    text.append(f" · {count_of(plan.learning, 'learning step')} today\n", style=palette.muted)
    keep = f"Doing each day's reviews keeps recall near {plan.desired_retention:.0%}"
    if plan.recall_if_stopped is not None:
        keep += f"; with none, recall on exam day would be about {plan.recall_if_stopped:.0%}"
    text.append(keep + ".", style=palette.muted)
    return text


def forecast_chart(plan: Plan, width: int = 80, palette: Palette = TERMINAL) -> Text:
    """Reviews due per day over the forecast, one bar a day, scaled to the busiest day; the exam day marked."""
    bar_cells = max(8, min(40, width - _LABEL_CELLS - _AFTER_BAR_CELLS))
    busiest = max((d.reviews for d in plan.forecast), default=0)
    text = Text()
    for index, day in enumerate(plan.forecast):
        text.append(_label(day, index), style=palette.muted)
        text.append_text(bar(day.reviews / busiest if busiest else 0.0, bar_cells, palette))
        text.append(f" {day.reviews:>3}")
        if day.day == plan.exam_date:
            text.append(" ◀ exam", style=f"bold {palette.warning}")
        if index < len(plan.forecast) - 1:
            text.append("\n")
    return text


def _label(day: ForecastDay, index: int) -> str:
    return f"{'today' if index == 0 else f'{day.day:%a %d}':<6} "
