"""Every simulation by name. Modules are imported on first use, to keep start-up fast."""

from __future__ import annotations

import difflib
import importlib
from types import ModuleType

from .base import Simulation
from .generate import Ask
from .params import ParamError

# name -> module exposing SIMULATION (and optionally ASKS for generated questions)
_MODULES: dict[str, str] = {
    "async-retry": ".async_retry",
    "stream-retry": ".stream_retry",
    "sqs-retry": ".sqs_retry",
    "concurrency": ".concurrency",
    "edge-choice": ".edge_choice",
    "cost": ".cost",
    "memory-cpu": ".memory_cpu",
    "traffic-shift": ".traffic_shift",
    "vpc-access": ".vpc_access",
    "apigw-throttle": ".apigw_throttle",
    "sfn-retry": ".sfn_retry",
    "ddb-capacity": ".ddb_capacity",
}


class UnknownSimulation(ParamError):
    pass


def names() -> tuple[str, ...]:
    return tuple(_MODULES)


def _module(name: str) -> ModuleType:
    path = _MODULES.get(name)
    if path is None:
        close = difflib.get_close_matches(name, _MODULES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UnknownSimulation(f"unknown simulation {name!r}{hint}; known: {', '.join(_MODULES)}")
    return importlib.import_module(path, __package__)


def get(name: str) -> Simulation:
    """The simulation called `name`; UnknownSimulation (a ParamError) if there is none."""
    simulation: Simulation = _module(name).SIMULATION
    return simulation


def asks(name: str) -> dict[str, Ask]:
    """What generated questions may ask about a simulation's result: ask name -> question builder."""
    return dict(getattr(_module(name), "ASKS", {}))


def all_simulations() -> tuple[Simulation, ...]:
    return tuple(get(name) for name in _MODULES)
