"""What every simulation is and returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .params import Param, resolve_params

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

    def to_json(self) -> dict[str, Any]:
        return {
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
        }


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
    check: Callable[[dict[str, Any]], None] | None = None

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults with `overrides` applied, each value checked, then the cross-parameter rules."""
        values = resolve_params(self.params, overrides or {})
        if self.check is not None:
            self.check(values)
        return values

    def run(self, overrides: Mapping[str, Any] | None = None, seed: int = 0) -> SimResult:
        return self.runner(self.resolve(overrides), seed)
