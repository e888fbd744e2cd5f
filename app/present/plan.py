"""The plan to the exam date as Rich Text, for the Plan screen and `coldstart plan` alike."""

from __future__ import annotations

from rich.text import Text

from ..core.progress.plan import Plan
from ..core.wording import count_of
from .palette import TERMINAL, Palette

__all__ = ["NO_EXAM_DATE", "forecast_chart", "plan_summary"]

NO_EXAM_DATE = (
    "No exam date set. Set one and coldstart works out how many new questions and reviews a day "
    "cover the course and keep it remembered by then."
)

CHART_ROWS = 5
_BLOCKS = " ▁▂▃▄▅▆▇█"


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
    if plan.learning:
        text.append(f" · {plan.learning} in learning", style=palette.muted)
    text.append("\n")
    keep = f"Doing each day's reviews keeps recall near {plan.desired_retention:.0%}"
    if plan.recall_if_stopped is not None:
        keep += f"; with none, recall on exam day would be about {plan.recall_if_stopped:.0%}"
    text.append(keep + ".", style=palette.muted)
    return text


def forecast_chart(plan: Plan, palette: Palette = TERMINAL, height: int = CHART_ROWS) -> Text:
    """Reviews due per day over the forecast as columns scaled to the busiest day, each with its count
    above and its day below; the exam day, when it falls in the forecast, is marked under its column.

    14 columns of 5 cells: 70 cells wide and `height` + 3 or 4 rows high, so it fits an 80x24 terminal.
    """
    busiest = max((d.reviews for d in plan.forecast), default=0)
    eighths = [round(d.reviews / busiest * height * 8) if busiest else 0 for d in plan.forecast]
    rows = [Text().join(Text(f"{d.reviews:>3}  ", style="bold" if d.reviews else palette.muted) for d in plan.forecast)]
    for row in range(height - 1 if busiest else -1, -1, -1):  # no columns to draw before the first review
        line = Text()
        for level in eighths:
            cell = _BLOCKS[max(0, min(8, level - row * 8))]
            line.append(f"{cell * 3}  ", style=palette.accent)
        rows.append(line)
    rows.append(Text("".join(f"{'now' if i == 0 else f'{d.day:%a}':>3}  " for i, d in enumerate(plan.forecast)), style=palette.muted))
    rows.append(Text("".join(f"{d.day:%d}".rjust(3) + "  " for d in plan.forecast), style=palette.muted))
    if any(d.day == plan.exam_date for d in plan.forecast):
        rows.append(Text("".join(("exam" if d.day == plan.exam_date else "").rjust(4) + " " for d in plan.forecast),
                         style=f"bold {palette.warning}"))
    for line in rows:
        line.rstrip()  # in place: no trailing blanks to wrap at narrow widths
    return Text("\n").join(rows)
