"""Draw a simulation result with Rich: a time axis with markers, event lists, charts and tables.

Pure functions of a `SimResult` and a width, so they are easy to test and reuse in the CLI.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...core.sims.base import Event, SimResult
from ...core.sims.generate import format_offset

# How each kind of event is marked on the axis. Unknown kinds get "•".
MARKERS = {
    "queued": ("○", "dim"),
    "attempt": ("●", "cyan"),
    "success": ("✓", "green"),
    "succeeded": ("✓", "green"),
    "processed": ("✓", "green"),
    "error": ("✗", "red"),
    "failed": ("✗", "red"),
    "throttle": ("▲", "yellow"),
    "retry-wait": ("·", "dim"),
    "dlq": ("⊘", "red"),
    "discarded": ("⊘", "red"),
    "on-failure": ("⊘", "red"),
    "destination": ("→", "magenta"),
    "duplicate": ("⧉", "yellow"),
    "rollback": ("↺", "red"),
    "shift": ("⇒", "cyan"),
}


def marker(event: Event) -> tuple[str, str]:
    kind = event.kind.lower()
    if kind in MARKERS:
        return MARKERS[kind]
    for key, value in MARKERS.items():
        if key in kind:
            return value
    return ("•", "white")


def time_axis(result: SimResult, width: int, upto: int | None = None) -> Text:
    """One line per lane with markers at event times, and a labelled time axis underneath."""
    events = list(result.events[: upto if upto is not None else len(result.events)])
    all_events = result.events
    lanes: list[str] = []
    for event in all_events:
        lane = event.lane or "events"
        if lane not in lanes:
            lanes.append(lane)
    label_width = min(16, max((len(lane) for lane in lanes), default=6))
    plot = max(10, width - label_width - 3)
    end = max((e.time for e in all_events), default=0.0) or 1.0
    text = Text()
    for lane in lanes[:8]:
        row = [" "] * plot
        styles = [""] * plot
        for event in events:
            if (event.lane or "events") != lane:
                continue
            column = min(plot - 1, int(event.time / end * (plot - 1)))
            symbol, style = marker(event)
            row[column], styles[column] = symbol, style
        text.append(lane[:label_width].rjust(label_width) + " │", style="dim")
        for symbol, style in zip(row, styles):
            text.append(symbol, style=style or None)
        text.append("\n")
    axis = "─" * plot
    text.append(" " * label_width + " └" + axis + "\n", style="dim")
    start_label, end_label = "0", format_offset(end)
    gap = max(1, plot - len(start_label) - len(end_label))
    text.append(" " * (label_width + 2) + start_label + " " * gap + end_label, style="dim")
    return text


def events_table(result: SimResult, upto: int | None = None, limit: int = 40) -> Table:
    """The events as a table; long runs show the first and last ones."""
    events = list(result.events[: upto if upto is not None else len(result.events)])
    table = Table(expand=True, show_edge=False, pad_edge=False, box=None)
    table.add_column("time", style="dim", no_wrap=True, width=12)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("what happened", ratio=1)
    shown: list[Event | None] = list(events)
    if len(events) > limit:
        head, tail = events[: limit // 2], events[-limit // 2 :]
        shown = [*head, None, *tail]
    for event in shown:
        if event is None:
            table.add_row("", "", Text(f"… {len(events) - limit} more events …", style="dim italic"))
            continue
        symbol, style = marker(event)
        lane = f"[{event.lane}] " if event.lane else ""
        table.add_row(format_offset(event.time), Text(symbol, style=style), Text(lane, style="dim") + Text(event.text))
    return table


def summary_table(result: SimResult) -> Table:
    table = Table(show_header=False, expand=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in result.summary.items():
        table.add_row(Text(str(label)), Text(_value(value)))
    return table


def decision_table(result: SimResult) -> Table:
    options = list(result.decision[0].options) if result.decision else []
    table = Table(expand=True, show_lines=False)
    table.add_column("requirement", ratio=2)
    table.add_column("you need", ratio=1, overflow="fold")
    for option in options:
        table.add_column(option, ratio=2)
    for row in result.decision:
        style = "bold" if row.deciding else "dim"
        mark = "▶ " if row.deciding else "  "
        cells = [Text(mark + row.requirement, style=style), Text(row.value, style=style)]
        cells += [Text(str(row.options.get(option, "")), style=style) for option in options]
        table.add_row(*cells)
    return table


def decision_reasons(result: SimResult) -> Text:
    text = Text()
    for row in result.decision:
        if row.deciding and row.reason:
            text.append("▶ ", style="bold")
            text.append(row.reason + "\n")
    return text


def pool_chart(result: SimResult, width: int, height: int = 8) -> Text:
    """Each series over time as a bar chart `height` rows tall, with the limits that fit drawn across it.

    The y axis runs to the peak (with some headroom) rather than to the account limit, so a peak of 50 under a
    limit of 1,000 is still visible; limits far above the curve are named underneath instead of drawn.
    """
    text = Text()
    plot = max(10, width - 10)
    bars = " ▁▂▃▄▅▆▇█"
    for name, points in list(result.series.items())[:6]:
        if not points:
            continue
        end = max(p[0] for p in points) or 1.0
        peak = max(p[1] for p in points)
        columns = [0.0] * plot
        for t, value in points:
            column = min(plot - 1, int(t / end * (plot - 1)))
            columns[column] = max(columns[column], value)
        near = [v for v in result.limits.values() if peak < v <= peak * 2]
        top = max([peak * 1.1, 1.0, *near])
        drawn = {label: v for label, v in result.limits.items() if v <= top}
        text.append(f"{name}  (peak {peak:,.0f})\n", style="bold")
        for row in range(height, 0, -1):
            low, high = top * (row - 1) / height, top * row / height
            label = f"{high:>7,.0f} ┤" if row == height else f"{low:>7,.0f} ┤" if row == 1 else "        │"
            text.append(label, style="dim")
            limit_here = any(low < v <= high for v in drawn.values())
            for value in columns:
                if value >= high:
                    text.append("█", style="cyan")
                elif value > low:
                    text.append(bars[max(1, int((value - low) / (high - low) * 8))], style="cyan")
                elif limit_here:
                    text.append("─", style="yellow")
                else:
                    text.append(" ")
            text.append("\n")
        text.append(" " * 8 + "└" + "─" * plot + "\n", style="dim")
        end_label = format_offset(end)
        text.append(" " * 9 + "0" + " " * max(1, plot - 1 - len(end_label)) + end_label + "\n", style="dim")
    if result.limits:
        text.append("Limits: " + ", ".join(f"{k} = {v:,.0f}" for k, v in result.limits.items()), style="yellow")
        hidden = [k for k, v in result.limits.items() if v > max((max(p[1] for p in pts) for pts in result.series.values() if pts), default=0) * 2]
        if hidden:
            text.append(" (far above the curve, so not drawn: " + ", ".join(hidden) + ")", style="dim")
    return text


def full_result(result: SimResult, width: int, upto: int | None = None) -> RenderableType:
    """Everything about a run, in the order a learner reads it (used by the panel and the CLI)."""
    parts: list[RenderableType] = []
    if result.verdict:
        parts.append(Text(result.verdict, style="bold"))
    if result.view == "decision" and result.decision:
        parts += [decision_table(result), decision_reasons(result)]
    if result.view == "pool" and result.series:
        parts.append(pool_chart(result, width))
    if result.view == "timeline" and result.events:
        parts += [time_axis(result, width, upto), Text(""), events_table(result, upto)]
    elif result.events:
        parts.append(events_table(result, upto, limit=12))
    parts.append(Text(""))
    parts.append(summary_table(result))
    return Group(*parts)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
