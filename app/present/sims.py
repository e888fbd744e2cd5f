"""A simulation result, and the list of simulations, as Rich renderables: one drawing for the CLI and the app.

Everything here is a pure function of core objects, a width and a `Palette`, so it is easy to test and both
front ends show the same thing: `coldstart sim NAME` prints `full_result` to the terminal, and the app's
simulation panel renders it inside a widget, redrawn at the widget's width.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..core.sims.base import Event, SimResult, Simulation
from ..core.sims.generate import format_offset
from ..core.sims.params import Param
from .palette import TERMINAL, Palette

HEAD_EVENTS = 15  # a long timeline shows this many events first...
TAIL_EVENTS = 5  # ...and this many last, with a count of the rest between
AXIS_LANES = 8  # the time axis draws at most this many lanes

def plain(value: object) -> str:
    """A value as the learner reads it, the same in the CLI and the app: yes/no, 1,000, 0.25, or the text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() or abs(value) >= 1e6:
            return f"{value:,.0f}"
        return f"{value:,.6g}"
    text = str(value)
    return text if text else "(empty)"


# --- markers ----------------------------------------------------------------------------------------------------

# How each kind of event is marked: a symbol and a palette role. Unknown kinds get "•".
MARKERS: dict[str, tuple[str, str]] = {
    "queued": ("○", "muted"),
    "attempt": ("●", "accent"),
    "success": ("✓", "good"),
    "succeeded": ("✓", "good"),
    "processed": ("✓", "good"),
    "error": ("✗", "bad"),
    "failed": ("✗", "bad"),
    "throttle": ("▲", "warning"),
    "retry-wait": ("·", "muted"),
    "dlq": ("⊘", "bad"),
    "discarded": ("⊘", "bad"),
    "on-failure": ("⊘", "bad"),
    "destination": ("→", "accent"),
    "duplicate": ("⧉", "warning"),
    "rollback": ("↺", "bad"),
    "shift": ("⇒", "accent"),
}


def marker(event: Event, palette: Palette = TERMINAL) -> tuple[str, str]:
    """The symbol and style an event is drawn with."""
    kind = event.kind.lower()
    symbol, role = MARKERS.get(kind) or next((value for key, value in MARKERS.items() if key in kind), ("•", ""))
    return symbol, getattr(palette, role) if role else ""


# --- a run ------------------------------------------------------------------------------------------------------


def _shown(result: SimResult, upto: int | None) -> tuple[Event, ...]:
    return result.events if upto is None else result.events[:upto]


def time_axis(result: SimResult, width: int, palette: Palette = TERMINAL, upto: int | None = None) -> Text:
    """One line per lane with a marker at each event's time, and a labelled time axis underneath."""
    lanes: list[str] = []
    for event in result.events:
        lane = event.lane or "events"
        if lane not in lanes:
            lanes.append(lane)
    label_width = min(16, max((len(lane) for lane in lanes), default=6))
    plot = max(10, width - label_width - 3)
    end = max((e.time for e in result.events), default=0.0) or 1.0
    text = Text()
    for lane in lanes[:AXIS_LANES]:
        cells: list[tuple[str, str]] = [(" ", "")] * plot
        for event in _shown(result, upto):
            if (event.lane or "events") == lane:
                cells[min(plot - 1, int(event.time / end * (plot - 1)))] = marker(event, palette)
        text.append(lane[:label_width].rjust(label_width) + " │", style=palette.muted)
        for symbol, style in cells:
            text.append(symbol, style=style or None)
        text.append("\n")
    text.append(" " * label_width + " └" + "─" * plot + "\n", style=palette.muted)
    start_label, end_label = "0", format_offset(end)
    gap = max(1, plot - len(start_label) - len(end_label))
    text.append(" " * (label_width + 2) + start_label + " " * gap + end_label, style=palette.muted)
    return text


def events_table(result: SimResult, palette: Palette = TERMINAL, upto: int | None = None, *,
                 every_event: bool = False, more_hint: str = "") -> Table:
    """The events in time order; a long run shows the first HEAD_EVENTS and the last TAIL_EVENTS and counts
    the rest between them (`more_hint` says how to see them, e.g. "--all shows them")."""
    events = _shown(result, upto)
    with_lanes = any(event.lane for event in result.events)
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("time", justify="right", no_wrap=True, style=palette.muted)
    table.add_column("", width=1, no_wrap=True)
    if with_lanes:
        table.add_column("lane", no_wrap=True, max_width=16)
    table.add_column("what happens", ratio=1)
    rows: list[Event | None] = list(events)
    if not every_event and len(events) > HEAD_EVENTS + TAIL_EVENTS + 1:
        rows = [*events[:HEAD_EVENTS], None, *events[-TAIL_EVENTS:]]
    for event in rows:
        if event is None:
            hidden = len(events) - HEAD_EVENTS - TAIL_EVENTS
            note = f"… {hidden:,} more events …" + (f" ({more_hint})" if more_hint else "")
            table.add_row("", "", *([""] if with_lanes else []), Text(note, style=palette.muted))
            continue
        symbol, style = marker(event, palette)
        lane = [Text(event.lane)] if with_lanes else []
        table.add_row(format_offset(event.time), Text(symbol, style=style), *lane, Text(event.text))
    return table


def summary_table(result: SimResult) -> Table:
    """The run's summary: one label and value a row, in the order the simulation gives them."""
    table = Table(show_header=False, box=None, pad_edge=False, expand=False)
    table.add_column(style="bold", ratio=2)
    table.add_column(ratio=3)
    for label, value in result.summary.items():
        table.add_row(Text(str(label)), Text(plain(value)))
    return table


def decision_table(result: SimResult) -> Table:
    """One row per requirement: what is needed, what each option allows; the deciding rows stand out."""
    options = list(result.decision[0].options) if result.decision else []
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
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
    """Why each deciding row decided, one line each."""
    text = Text()
    for row in result.decision:
        if row.deciding and row.reason:
            text.append("▶ ", style="bold")
            text.append(row.reason + "\n")
    return text


def pool_chart(result: SimResult, width: int, palette: Palette = TERMINAL, height: int = 8) -> Text:
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
        drawn = [v for v in result.limits.values() if v <= top]
        text.append(f"{name}  (peak {peak:,.0f})\n", style="bold")
        for row in range(height, 0, -1):
            low, high = top * (row - 1) / height, top * row / height
            label = f"{high:>7,.0f} ┤" if row == height else f"{low:>7,.0f} ┤" if row == 1 else "        │"
            text.append(label, style=palette.muted)
            limit_here = any(low < v <= high for v in drawn)
            for value in columns:
                if value >= high:
                    text.append("█", style=palette.accent)
                elif value > low:
                    text.append(bars[max(1, int((value - low) / (high - low) * 8))], style=palette.accent)
                elif limit_here:
                    text.append("─", style=palette.warning)
                else:
                    text.append(" ")
            text.append("\n")
        text.append(" " * 8 + "└" + "─" * plot + "\n", style=palette.muted)
        end_label = format_offset(end)
        text.append(" " * 9 + "0" + " " * max(1, plot - 1 - len(end_label)) + end_label + "\n", style=palette.muted)
    if result.limits:
        text.append("Limits: " + ", ".join(f"{k} = {v:,.0f}" for k, v in result.limits.items()), style=palette.warning)
        highest = max((max(p[1] for p in pts) for pts in result.series.values() if pts), default=0)
        hidden = [k for k, v in result.limits.items() if v > highest * 2]
        if hidden:
            text.append(" (far above the curve, so not drawn: " + ", ".join(hidden) + ")", style=palette.muted)
    return text


def full_result(result: SimResult, width: int, palette: Palette = TERMINAL, upto: int | None = None, *,
                every_event: bool = False, more_hint: str = "") -> RenderableType:
    """Everything about a run, in the order a learner reads it: the verdict, the view the simulation asks for
    (a decision table, a pool chart or a time axis), its events, and the summary."""
    parts: list[RenderableType] = []
    if result.verdict:
        parts += [Text.assemble(("→ ", palette.good), (result.verdict, "bold")), Text("")]
    if result.view == "decision" and result.decision:
        parts += [decision_table(result), decision_reasons(result)]  # the reasons end with a blank line
    if result.view == "pool" and result.series:
        parts += [pool_chart(result, width, palette), Text("")]
    if result.view == "timeline" and result.events:
        parts += [time_axis(result, width, palette, upto), Text("")]
    if result.events:
        parts.append(events_table(result, palette, upto, every_event=every_event, more_hint=more_hint))
    parts += [Text(""), Text("Summary", style="bold underline"), summary_table(result)]
    return Group(*parts)


# --- the simulations and their parameters --------------------------------------------------------------------


def simulation_index(simulations: Iterable[Simulation]) -> Table:
    """Each simulation's name and one-line title."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for simulation in simulations:
        table.add_row(simulation.name, simulation.title)
    return table


def param_default(param: Param) -> str:
    """A parameter's default as one would type it (true/false for a switch, as in YAML), with its unit."""
    if isinstance(param.default, bool):
        value = "true" if param.default else "false"
    else:
        value = plain(param.default)
    return value + (f" {param.unit}" if param.unit and param.kind in ("int", "float") else "")


def parameter_sheet(simulation: Simulation) -> RenderableType:
    """One simulation's parameters, readable in 80 columns: each name and its default on one line, then what
    it accepts and what it is, indented underneath (long lists of choices wrap inside the indent)."""
    parts: list[RenderableType] = [
        Text.assemble((simulation.name, "bold"), " — ", simulation.title),
        Text(simulation.summary),
    ]
    for param in simulation.params:
        parts.append(Text(""))
        parts.append(Text.assemble((param.name, "bold"), ("   default ", "dim"), param_default(param)))
        parts.append(Padding(Text.assemble(("accepts ", "dim"), param.describe_range()), (0, 0, 0, 4)))
        parts.append(Padding(Text(param.help or param.label), (0, 0, 0, 4)))
    return Group(*parts)
