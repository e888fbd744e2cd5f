"""`coldstart sim`: list the simulations, or run one and print what happened.

- `coldstart sim --list` lists every available simulation with each parameter's range, unit and default
  (`--json` prints the same as JSON).
- `coldstart sim NAME [--set KEY=VALUE ...] [--seed N]` runs one and prints the verdict, the timeline (first
  and last events unless `--all`) and the summary; `--json` prints the whole result as JSON and nothing else.

A bad simulation name, parameter or value is one line on stderr naming it and what is allowed, exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.sims.base import Event, SimResult, Simulation

HEAD_EVENTS = 15  # a long timeline shows this many events first...
TAIL_EVENTS = 5  # ...and this many last, with a count of the rest between


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sim",
        help="list the simulations, or run one and print its timeline",
        description="Run a simulation of Lambda's behaviour on a simulated clock and print the outcome, the "
        "timeline and a summary. `coldstart sim --list` shows every simulation and its parameters.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="the simulation to run, e.g. async-retry")
    parser.add_argument("--list", action="store_true", help="list the simulations (or NAME's) with their parameters")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a parameter, e.g. --set retry_attempts=1; repeat for more",
    )
    parser.add_argument("--seed", type=int, default=0, help="the seed for runs that draw random numbers (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--all", action="store_true", help="print every event of a long timeline")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.sims import registry
    from ..core.sims.params import ParamError
    from .common import error

    try:
        if args.list:
            simulations = [registry.get(args.name)] if args.name else _available()
            return _list(simulations, as_json=args.json)
        if not args.name:
            error("name a simulation to run (coldstart sim NAME), or see them all with coldstart sim --list")
            return 2
        simulation = registry.get(args.name)
        result = simulation.run(parse_settings(simulation, args.set), args.seed)
    except ParamError as problem:
        error(str(problem))
        return 2
    except ModuleNotFoundError as missing:
        if not _is_simulation_module(missing):
            raise
        error(f"simulation {args.name!r} is not available in this version of coldstart")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
        return 0
    _show(simulation, result, every_event=args.all)
    return 0


def parse_settings(simulation: Simulation, settings: list[str]) -> dict[str, Any]:
    """`--set KEY=VALUE` strings as checked, typed overrides; ParamError names the bad one and what is allowed."""
    from ..core.sims.params import ParamError, resolve_params

    by_name = {param.name: param for param in simulation.params}
    overrides: dict[str, Any] = {}
    for setting in settings:
        key, equals, raw = setting.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ParamError(f"--set {setting!r}: expected KEY=VALUE, e.g. --set {simulation.params[0].name}="
                             f"{_plain(simulation.params[0].default)}")
        if key not in by_name:
            resolve_params(simulation.params, {key: raw})  # raises the unknown-name error, with a suggestion
        overrides[key] = by_name[key].parse(raw)
    return overrides


def _available() -> list[Simulation]:
    """Every registered simulation that is built; the others are still being written."""
    from ..core.sims import registry

    found = []
    for name in registry.names():
        try:
            found.append(registry.get(name))
        except ModuleNotFoundError as missing:
            if not _is_simulation_module(missing):
                raise
    return found


def _is_simulation_module(missing: ModuleNotFoundError) -> bool:
    from ..core.sims import registry

    return (missing.name or "").startswith(f"{registry.__package__}.")


# --- the list ---------------------------------------------------------------------------------------------------


def _list(simulations: list[Simulation], *, as_json: bool) -> int:
    if as_json:
        listing = [
            {"name": s.name, "title": s.title, "summary": s.summary, "sources": list(s.sources),
             "params": [p.to_json() for p in s.params]}
            for s in simulations
        ]
        sys.stdout.write(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
        return 0
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    out = _console()
    for simulation in simulations:
        # Few borders: the parameter's help is the widest column and needs the room.
        table = Table(title=f"[bold]{escape(simulation.name)}[/]: {escape(simulation.title)}", title_justify="left",
                      caption=escape(simulation.summary), caption_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("parameter", style="cyan", no_wrap=True)
        table.add_column("allowed", max_width=26)
        table.add_column("default", justify="right", max_width=14)
        table.add_column("what it is", ratio=1)
        for param in simulation.params:
            unit = f" {param.unit}" if param.unit and param.kind in ("int", "float") else ""
            table.add_row(escape(param.name), escape(param.describe_range()), escape(_plain(param.default) + unit),
                          escape(param.help or param.label))
        out.print(table)
        out.print()
    return 0


# --- one run ----------------------------------------------------------------------------------------------------


def _show(simulation: Simulation, result: SimResult, *, every_event: bool) -> None:
    from rich.markup import escape

    out = _console()
    out.print(f"[bold]{escape(simulation.title)}[/] [dim]({escape(simulation.name)}, seed {result.seed})[/]")
    if result.verdict:
        out.print(f"[bold green]→[/] [bold]{escape(result.verdict)}[/]")
    out.print()
    if result.events:
        out.print(_timeline(result.events, every_event=every_event))
        out.print()
    if result.decision:
        out.print(_decision(result))
        out.print()
    if result.series:
        out.print(_series(result))
        out.print()
    out.print(_summary(result))
    if simulation.sources:
        out.print("[dim]Sources:[/]")
        for source in simulation.sources:
            out.print(f"[dim]  {escape(source)}[/]", soft_wrap=True)  # a URL broken across lines cannot be opened


def _timeline(events: tuple[Event, ...], *, every_event: bool):
    from rich.markup import escape
    from rich.table import Table

    from ..core.sims.generate import format_offset

    with_lanes = any(event.lane for event in events)
    table = Table(title="Timeline", title_justify="left", show_lines=False)
    table.add_column("time", justify="right", no_wrap=True, style="cyan")
    if with_lanes:
        table.add_column("lane", no_wrap=True, style="magenta")
    table.add_column("what happens")

    def row(event: Event) -> None:
        cells = [format_offset(event.time), *([escape(event.lane)] if with_lanes else []), escape(event.text)]
        table.add_row(*cells)

    shown = list(events)
    if not every_event and len(events) > HEAD_EVENTS + TAIL_EVENTS + 1:
        for event in events[:HEAD_EVENTS]:
            row(event)
        hidden = len(events) - HEAD_EVENTS - TAIL_EVENTS
        table.add_row("", *([""] if with_lanes else []), f"[dim]… {hidden:,} more events … (--all shows them)[/]")
        shown = list(events[-TAIL_EVENTS:])
    for event in shown:
        row(event)
    return table


def _decision(result: SimResult):
    from rich.markup import escape
    from rich.table import Table

    options = list(result.decision[0].options)
    table = Table(title="Decision", title_justify="left")
    table.add_column("requirement")
    table.add_column("value")
    for option in options:
        table.add_column(escape(option))
    table.add_column("why")
    for decision_row in result.decision:
        mark = "[bold yellow]▶[/] " if decision_row.deciding else ""
        table.add_row(mark + escape(decision_row.requirement), escape(decision_row.value),
                      *(escape(decision_row.options.get(option, "")) for option in options), escape(decision_row.reason))
    return table


def _series(result: SimResult):
    """Each curve's peak and when it came, and the limits drawn with it (a terminal has no chart)."""
    from rich.markup import escape
    from rich.table import Table

    from ..core.sims.generate import format_offset

    table = Table(title="Curves", title_justify="left")
    table.add_column("curve")
    table.add_column("peak", justify="right")
    table.add_column("first reached", justify="right")
    for name, points in result.series.items():
        if not points:
            continue
        time, peak = max(points, key=lambda point: (point[1], -point[0]))
        table.add_row(escape(name), _plain(peak), format_offset(time))
    for name, value in result.limits.items():
        table.add_row(f"[dim]limit: {escape(name)}[/]", _plain(value), "")
    return table


def _summary(result: SimResult):
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Summary", title_justify="left", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    for label, value in result.summary.items():
        table.add_row(escape(str(label)), escape(_plain(value)))
    return table


def _plain(value: Any) -> str:
    """A value as a learner would type it: true/false, 1,000, 0.5, or the text itself."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:g}"
    return str(value) if value != "" else "(empty)"


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)
