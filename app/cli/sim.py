"""`coldstart sim`: list the simulations, or run one and print what happened.

- `coldstart sim --list` lists every available simulation by name and title; `coldstart sim --list NAME`
  shows one simulation's parameters with their ranges, units, defaults and help. `--json` prints either as
  JSON; `--markdown` prints the parameters table of docs/authoring.md.
- `coldstart sim NAME [--set KEY=VALUE ...] [--seed N]` runs one and prints the verdict, what the simulation
  draws (a time axis, a pool chart or a decision table), the timeline (first and last events unless `--all`)
  and the summary; `--json` prints the whole result as JSON and nothing else.

The drawing is the app's own (`coldstart.present.sims`), so the terminal and the simulation panel agree.
A bad simulation name, parameter, value or seed, or a run too large to simulate, is one line on stderr
naming it and what is allowed, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .common import json_document

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.sims.base import SimResult, Simulation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sim",
        help="list the simulations, or run one and print its timeline",
        description="Run a simulation of Lambda's behaviour on a simulated clock and print the outcome, the "
        "timeline and a summary. `coldstart sim --list` shows every simulation and its parameters.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="the simulation to run, e.g. async-retry")
    parser.add_argument("--list", action="store_true", help="list the simulations, or NAME's parameters")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table of every simulation's parameters, as in docs/authoring.md")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a parameter, e.g. --set retry_attempts=1; repeat for more",
    )
    # A string, checked in run(): argparse would answer a bad number with its whole usage block.
    parser.add_argument("--seed", default="0", metavar="N", help="the seed for runs that draw random numbers (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--all", action="store_true", help="print every event of a long timeline")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..core.sims import registry
    from ..core.sims.params import ParamError
    from .common import error

    try:
        if args.markdown:  # the table is a listing, with or without --list
            from ..core.sims.reference import parameters_table

            sys.stdout.write(parameters_table(_available()))
            return 0
        if args.list:
            if args.name:
                return _sheet(registry.get(args.name), as_json=args.json)
            return _index(_available(), as_json=args.json)
        if not args.name:
            error("name a simulation to run (coldstart sim NAME), or see them all with coldstart sim --list")
            return 2
        simulation = registry.get(args.name)
        seed = parse_seed(args.seed)
        result = simulation.run(parse_settings(simulation, args.set), seed)
    except ParamError as problem:
        error(str(problem))
        return 2
    except ModuleNotFoundError as missing:
        if not _is_simulation_module(missing):
            raise
        error(f"simulation {args.name!r} is not available in this version of coldstart")
        return 2
    if args.json:
        json_document("sim-run", result.to_json())
        return 0
    _show(simulation, result, every_event=args.all)
    return 0


def parse_seed(raw: str) -> int:
    """The --seed value as a whole number; ParamError (one line) otherwise."""
    from ..core.sims.params import ParamError

    try:
        return int(raw.strip().replace("_", ""))
    except ValueError:
        raise ParamError(f"--seed {raw!r} is not a whole number, e.g. --seed 7") from None


def parse_settings(simulation: Simulation, settings: list[str]) -> dict[str, Any]:
    """`--set KEY=VALUE` strings as checked, typed overrides; ParamError names the bad one and what is allowed."""
    from ..core.sims.params import ParamError, resolve_params
    from ..present.sims import param_default

    by_name = {param.name: param for param in simulation.params}
    overrides: dict[str, Any] = {}
    for setting in settings:
        key, equals, raw = setting.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ParamError(f"--set {setting!r}: expected KEY=VALUE, e.g. --set {simulation.params[0].name}="
                             f"{param_default(simulation.params[0])}")
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


def _index(simulations: list[Simulation], *, as_json: bool) -> int:
    """Every simulation's name and title; `--json` adds the parameters, as before."""
    if as_json:
        return _json_listing(simulations)
    from ..present.sims import simulation_index

    out = _console()
    out.print(simulation_index(simulations))
    out.print()
    out.print("[dim]Parameters: coldstart sim --list NAME. A run: coldstart sim NAME.[/]")
    return 0


def _sheet(simulation: Simulation, *, as_json: bool) -> int:
    """One simulation's parameters, readable in 80 columns."""
    if as_json:
        return _json_listing([simulation])
    from ..present.sims import parameter_sheet

    out = _console()
    out.print(parameter_sheet(simulation))
    _print_sources(out, simulation)
    return 0


def _json_listing(simulations: list[Simulation]) -> int:
    listing = [
        {"name": s.name, "title": s.title, "summary": s.summary, "sources": list(s.sources),
         "params": [p.to_json() for p in s.params]}
        for s in simulations
    ]
    json_document("sim-list", {"simulations": listing})
    return 0


# --- one run ----------------------------------------------------------------------------------------------------


def _show(simulation: Simulation, result: SimResult, *, every_event: bool) -> None:
    from rich.markup import escape

    from ..present.sims import full_result

    out = _console()
    out.print(f"[bold]{escape(simulation.title)}[/] [dim]({escape(simulation.name)}, seed {result.seed})[/]")
    out.print()
    out.print(full_result(result, out.width, every_event=every_event, more_hint="--all shows them"))
    _print_sources(out, simulation)


def _print_sources(out: Console, simulation: Simulation) -> None:
    from rich.markup import escape

    if simulation.sources:
        out.print()
        out.print("[dim]Sources:[/]")
        for source in simulation.sources:
            out.print(f"[dim]  {escape(source)}[/]", soft_wrap=True)  # a URL broken across lines cannot be opened


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)
