"""What every simulation is and returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .params import Param, ParamError, resolve_params

ViewKind = Literal["timeline", "pool", "decision", "table"]


@dataclass(frozen=True)
class Event:
    """Something that happened at a simulated time (seconds from the start of the run)."""

    time: float
    kind: str  # machine-readable, e.g. "attempt", "retry-wait", "dlq", "throttle"
    text: str  # one sentence for the learner
    lane: str = ""  # what it happened to (a function, a shard, a message group), for drawing lanes
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"time": self.time, "kind": self.kind, "text": self.text, "lane": self.lane, "data": dict(self.data)}


@dataclass(frozen=True)
class DecisionRow:
    """One row of a decision table: a requirement, what each option allows, and whether it decided."""

    requirement: str
    value: str
    options: Mapping[str, str]  # option name -> what it allows for this requirement
    deciding: bool
    reason: str = ""


@dataclass(frozen=True)
class SimResult:
    simulation: str
    params: Mapping[str, Any]
    seed: int
    events: tuple[Event, ...]
    summary: Mapping[str, Any]  # label -> value, in display order
    view: ViewKind = "timeline"
    # Curves over simulated time for charts: name -> [(time, value), ...], e.g. concurrency per function.
    series: Mapping[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    limits: Mapping[str, float] = field(default_factory=dict)  # horizontal lines to draw on the chart
    decision: tuple[DecisionRow, ...] = ()
    verdict: str = ""  # the one-line outcome, e.g. "Event sent to the on-failure destination at 3 min 1 s"
    steps: int = 0  # the work the run did, in the unit of its simulation's `Work` estimate (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        return _rounded_floats({
            "simulation": self.simulation,
            "params": dict(self.params),
            "seed": self.seed,
            "verdict": self.verdict,
            "view": self.view,
            "summary": dict(self.summary),
            "events": [e.to_json() for e in self.events],
            "series": {k: [list(p) for p in v] for k, v in self.series.items()},
            "limits": dict(self.limits),
            "decision": [
                {
                    "requirement": r.requirement,
                    "value": r.value,
                    "options": dict(r.options),
                    "deciding": r.deciding,
                    "reason": r.reason,
                }
                for r in self.decision
            ],
        })


def _rounded_floats(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with every float rounded to 12 significant digits: 0.01 min × 60 is 0.6 in the JSON, not
    0.6000000000000001. Simulated times and amounts never need more digits than that."""
    return {key: _without_float_noise(item) for key, item in document.items()}


def _without_float_noise(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {key: _without_float_noise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_float_noise(item) for item in value]
    return value


@dataclass(frozen=True)
class Work:
    """How much work a run will do, estimated from its parameters before it runs.

    `steps` is an upper bound of what the runner counts in `SimResult.steps` (a property test checks that over
    the whole parameter space); `unit` says what a step is, for the learner; `reduce` names the parameters that
    drive it, which is what the message asks to lower when a run is over its simulation's budget.
    """

    steps: int
    unit: str
    reduce: tuple[str, ...]


OUTPUT_UNIT = "events and summary lines"


def fixed_work(steps: int) -> Callable[[dict[str, Any]], Work]:
    """The estimate of a simulation whose work does not grow with its parameters (a bill, a decision table):
    at most `steps` of what `counted_by_output` counts."""
    return lambda params: Work(steps, OUTPUT_UNIT, ())


def counted_by_output(runner: Callable[[dict[str, Any], int], SimResult]) -> Callable[[dict[str, Any], int], SimResult]:
    """`runner`, with its work counted as what it produced (events, summary lines and decision rows): for
    simulations that do a fixed amount of work for each line they show, and no more."""
    def counted(params: dict[str, Any], seed: int) -> SimResult:
        result = runner(params, seed)
        return replace(result, steps=len(result.events) + len(result.summary) + len(result.decision))

    return counted


@dataclass(frozen=True)
class Simulation:
    """A named simulation: its parameters and the pure function that runs it."""

    name: str
    title: str
    summary: str
    params: tuple[Param, ...]
    runner: Callable[[dict[str, Any], int], SimResult]
    sources: tuple[str, ...] = ()
    # Rules between parameters (a FIFO batch size above 10, say): raises ParamError. Kept here rather than in
    # the runner so that everything that resolves parameters (the CLI, the app, the course validator) sees them.
    check: Callable[[dict[str, Any]], object] | None = None  # raises ParamError; what it returns is ignored
    # The work a run will do, estimated from resolved parameters, and the most a run may do: every run finishes
    # in bounded work, and one over the budget is refused before it starts, naming what to reduce.
    work: Callable[[dict[str, Any]], Work] | None = None
    budget: int = 0

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults with `overrides` applied, each value checked, then the cross-parameter rules and the budget."""
        values = resolve_params(self.params, overrides or {})
        if self.check is not None:
            self.check(values)
        self.check_work(values)
        return values

    def check_work(self, values: dict[str, Any]) -> None:
        """ParamError when a run with `values` would do more work than the simulation's budget allows."""
        if self.work is None:
            return
        estimate = self.work(values)
        if estimate.steps > self.budget:
            lower = ", ".join(estimate.reduce[:-1]) + " or " + estimate.reduce[-1] if len(estimate.reduce) > 1 else (
                "".join(estimate.reduce) or "the parameters")
            raise ParamError(f"these parameters make a run too large to simulate: about {estimate.steps:,} "
                             f"{estimate.unit}, where a {self.name} run may take {self.budget:,}; reduce {lower}")

    def run(self, overrides: Mapping[str, Any] | None = None, seed: int = 0) -> SimResult:
        return self.runner(self.resolve(overrides), seed)
