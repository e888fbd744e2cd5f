"""Every allowed parameter set finishes in bounded work.

Each simulation estimates its work from its parameters before it runs (`Simulation.work`) and refuses a run
over its budget with one line naming what to reduce. The property tests below draw parameters from the whole
declared space, run what is allowed, and check that the steps the run counted (ticks, invocations, tries,
events) never exceed the estimate: so the estimate is a true bound, and the budget bounds every run.
Runs are kept small (TEST_STEPS) so the test stays quick; the bound is a formula, so small runs check it.
"""

from __future__ import annotations

import math

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.params import Param, ParamError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

TEST_STEPS = 400_000  # runs above this estimate are skipped here, to keep the suite quick


# Settings the concurrency simulation's other functions draw from ("functions" is free text).
FUNCTION_SETTINGS = ("source=sqs-standard", "source=sqs-fifo", "source=stream", "invocation=async", "rate=500",
                     "rate=5", "reserved=50", "duration_ms=3000", "batch_size=1", "arrival=schedule")


def more_functions() -> st.SearchStrategy:
    one = st.lists(st.sampled_from(FUNCTION_SETTINGS), max_size=3)
    return st.lists(one, max_size=3).map(
        lambda functions: ",".join(":".join([f"f{n}", *settings]) for n, settings in enumerate(functions)))


def values(param: Param) -> st.SearchStrategy:
    """Any value the declaration allows, with its ends and extras often."""
    if param.name == "functions":
        return more_functions()
    extras = list(param.allowed_extra)
    if param.kind == "int":
        low, high = int(param.minimum or 0), int(param.maximum or 10**9)
        return st.one_of(st.sampled_from([low, high, param.default, *extras]), st.integers(low, high))
    if param.kind == "float":
        low, high = float(param.minimum or 0), float(param.maximum or 1e9)
        return st.one_of(st.sampled_from([low, high, float(param.default), *extras]),
                         st.floats(low, high, allow_nan=False, allow_infinity=False))
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    if param.choices:
        return st.lists(st.sampled_from(param.choices), max_size=4).map(",".join)
    return st.just(param.default)  # free text (a function name, more functions): the default


def parameter_sets(name: str) -> st.SearchStrategy:
    return st.fixed_dictionaries({param.name: values(param) for param in registry.get(name).params})


@pytest.mark.parametrize("name", registry.names())
def test_every_simulation_declares_its_work_and_budget(name: str) -> None:
    simulation = registry.get(name)
    assert simulation.work is not None and simulation.budget > 0
    defaults = simulation.resolve()
    assert simulation.work(defaults).steps <= simulation.budget  # the defaults always run


@pytest.mark.parametrize("name", registry.names())
def test_a_run_never_does_more_work_than_its_estimate(name: str) -> None:
    simulation = registry.get(name)

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
    @given(overrides=parameter_sets(name), seed=st.integers(0, 3))
    def check(overrides: dict, seed: int) -> None:
        try:
            params = simulation.resolve(overrides)
        except ParamError:
            assume(False)  # a rule between parameters, or over the budget: refused before any work
            return
        estimate = simulation.work(params)
        assert estimate.steps <= simulation.budget
        assume(estimate.steps <= TEST_STEPS)
        result = simulation.runner(params, seed)
        assert 0 < result.steps <= estimate.steps, (overrides, result.steps, estimate.steps)

    check()


@pytest.mark.parametrize(("name", "largest"), [
    ("async-retry", {"events": 100_000, "max_event_age": 21_600, "retry_attempts": 2}),
    ("stream-retry", {"shards": 20, "records_per_shard": 10_000, "poison_record": -1}),
    ("sqs-retry", {"messages": 10_000}),
])
def test_simulations_bounded_by_their_ranges_refuse_nothing_they_declare(name: str, largest: dict) -> None:
    simulation = registry.get(name)
    assert simulation.work(simulation.resolve(largest)).steps <= simulation.budget


def test_an_over_budget_run_is_refused_naming_what_to_reduce() -> None:
    concurrency = registry.get("concurrency")
    huge = {"source": "stream", "shards": 10_000, "parallelization_factor": 10, "rate": 1_000_000, "seconds": 7_200}
    with pytest.raises(ParamError, match=r"run too large to simulate: about [\d,]+ steps .* reduce rate or seconds"):
        concurrency.resolve(huge)
    with pytest.raises(ParamError, match="reduce seconds, max_event_age"):
        concurrency.resolve({"invocation": "async", "seconds": 7_200})
    concurrency.resolve({"invocation": "async", "seconds": 7_200, "max_event_age": 3_600})  # this one fits


def test_the_budget_bounds_the_run_that_took_minutes() -> None:
    """The issue's run: 7.2 billion records; refused before a single tick."""
    concurrency = registry.get("concurrency")
    params = {p.name: p.default for p in concurrency.params}
    params.update(source="stream", shards=10_000, parallelization_factor=10, rate=1_000_000.0, seconds=7_200)
    estimate = concurrency.work(params)
    assert estimate.steps > concurrency.budget and math.isfinite(estimate.steps)
