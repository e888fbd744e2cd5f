"""concurrency: each rule of lambda-facts.md §4 (pools, scaling, throttles) and §3 (ESM scaling), then
properties and the asks."""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.concurrency import ASKS, SIMULATION, simulate
from coldstart.core.sims.concurrency_engine import TICKS_PER_S, percentile
from coldstart.core.sims.params import ParamError
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked, of_kind


def run(seed: int = 0, **params):
    return SIMULATION.run(params, seed)


def pool(seed: int = 0, **params):
    """The engine's own record of a run (per-function statistics)."""
    return simulate(SIMULATION.resolve(params), seed)


def ended(stats) -> int:
    return stats.succeeded + stats.throttled_sync + stats.expired + stats.left_in_queue


# --- §4 the account pool and reservations ------------------------------------------------------------------------


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("concurrency") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html" in SIMULATION.sources


def test_default_account_limit_is_1000() -> None:
    """§4: account concurrency defaults to 1,000 per Region."""
    assert SIMULATION.resolve()["account_limit"] == 1000
    assert run().limits["account limit"] == 1000


@pytest.mark.parametrize(
    "params",
    [
        {"reserved": 901},
        {"reserved": 500, "functions": "b:reserved=401"},
        {"account_limit": 2000, "reserved": 1901},
        {"provisioned": 901},  # provisioned on an unreserved function comes out of the unreserved pool
    ],
)
def test_at_least_100_always_stay_unreserved(params: dict) -> None:
    """§4: Lambda keeps at least 100 units unreserved, so at most account limit - 100 can be reserved."""
    with pytest.raises(ParamError, match="100"):
        SIMULATION.resolve(params)


def test_reserving_exactly_limit_minus_100_is_allowed() -> None:
    """§4: the maximum you can reserve is the account limit minus 100."""
    assert SIMULATION.resolve({"reserved": 600, "functions": "b:reserved=300"})["reserved"] == 600


def test_provisioned_must_fit_inside_reserved() -> None:
    """§4: when reserved concurrency is also set, provisioned <= reserved."""
    with pytest.raises(ParamError, match="provisioned"):
        SIMULATION.resolve({"reserved": 10, "provisioned": 20})


def test_reserved_concurrency_caps_the_function_and_sync_callers_get_429() -> None:
    """§4: reserved concurrency is a cap; a throttled synchronous caller gets 429 TooManyRequestsException."""
    result = run(reserved=50, rate=500, seconds=10)  # demand 500/s x 0.2 s = 100 > 50
    stats = pool(reserved=50, rate=500, seconds=10).stats[0]
    assert stats.peak == 50
    assert max(value for _, value in result.series["api"]) == 50
    assert stats.throttled_sync > 0 and stats.throttled_by_limit == stats.throttle_events
    [first] = of_kind(result, "throttle")
    assert "reserved concurrency of 50" in first.text and "429 TooManyRequestsException" in first.text
    assert result.limits["api reserved"] == 50


def test_reserved_zero_throttles_every_invocation() -> None:
    """§1/§4: setting reserved concurrency to 0 throttles every invocation."""
    stats = pool(reserved=0, rate=50, seconds=5).stats[0]
    assert stats.succeeded == 0 and stats.throttled_sync == stats.requests > 0


def test_reserved_concurrency_is_a_guarantee() -> None:
    """§4: reserved concurrency is a guarantee: no other function can use it."""
    run_ = pool(
        account_limit=1000, reserved=200, rate=100, seconds=20,
        functions="hog:rate=20000:duration_ms=1000",  # wants 20,000 of the 800 left
    )
    api, hog = run_.stats
    assert api.throttle_events == 0
    assert hog.throttled_by_limit > 0 and hog.peak == 800
    assert run_.peak_total <= 1000


def test_unreserved_functions_share_one_pool() -> None:
    """§4: functions without a reservation share the unreserved pool (account limit minus reservations)."""
    run_ = pool(reserved=300, rate=10, seconds=20, functions="a:rate=5000:duration_ms=1000,b:rate=5000:duration_ms=1000")
    _, a, b = run_.stats
    assert run_.pool == 700
    assert a.peak + b.peak >= 700 and max(v for _, v in run_.series["all functions"]) <= 1000
    assert a.throttled_by_limit > 0 and b.throttled_by_limit > 0


# --- §4 provisioned concurrency and cold starts ---------------------------------------------------------------------


def test_provisioned_environments_have_no_cold_starts() -> None:
    """§4: provisioned environments are initialised before invocations, so requests they serve never cold-start."""
    stats = pool(provisioned=50, rate=100, duration_ms=200, duration_variation=0, seconds=30).stats[0]
    assert stats.cold_starts == 0 and stats.succeeded == stats.requests


def test_traffic_above_provisioned_spills_over_with_cold_starts() -> None:
    """§4 / §12 #10: spill-over above the provisioned amount runs on-demand with normal cold starts."""
    result = run(provisioned=10, rate=200, duration_ms=200, seconds=30, init_ms=500)
    stats = pool(provisioned=10, rate=200, duration_ms=200, seconds=30, init_ms=500).stats[0]
    assert stats.cold_starts > 0
    assert of_kind(result, "provisioned") and of_kind(result, "cold-start")
    # A cold request pays its INIT: the slowest requests take at least init + a duration.
    assert percentile(stats.latency, 1.0) >= 500


def test_warm_environments_are_reused_and_idle_ones_reclaimed() -> None:
    """§4: a new environment cold-starts once and is reused while warm; idle ones are reclaimed (then cold again)."""
    kept = pool(arrival="schedule", schedule_every_s=60, rate=10, seconds=300, idle_reclaim_s=120).stats[0]
    lost = pool(arrival="schedule", schedule_every_s=60, rate=10, seconds=300, idle_reclaim_s=30).stats[0]
    assert kept.reclaimed == 0 or kept.cold_starts < lost.cold_starts
    assert lost.reclaimed > 0
    assert lost.cold_starts > 2 * kept.cold_starts


# --- §4 scaling rate -------------------------------------------------------------------------------------------------


def test_scaling_rate_is_1000_environments_per_10_seconds_refilled_continuously() -> None:
    """§4: each function gains at most 1,000 environments per 10 s; the rate refills continuously (100/s)."""
    result = run(account_limit=50_000, rate=20_000, duration_ms=1000, seconds=30)
    stats = pool(account_limit=50_000, rate=20_000, duration_ms=1000, seconds=30).stats[0]
    assert stats.throttled_by_scaling > 0
    created = 0
    for time, count in stats.created:
        created += count
        assert created <= 1000 + 100 * time + 1e-9  # never more than the burst plus the continuous refill
    assert stats.peak <= 1000 + 100 * 30
    [first] = of_kind(result, "throttle")
    assert "1,000 new environments per 10 s" in first.text and "before 27 Nov 2023" in first.text


def test_unused_scaling_rate_does_not_accumulate() -> None:
    """§4: unused rate does not accumulate: after a quiet spell the allowance is still at most 1,000."""
    stats = pool(
        account_limit=50_000, arrival="burst", rate=20_000, burst_seconds=5, duration_ms=1000, seconds=100,
    ).stats[0]
    burst_start = 10.0  # the burst starts at 10% of the run
    in_first_second = sum(count for time, count in stats.created if burst_start <= time < burst_start + 1)
    assert 900 <= in_first_second <= 1000 + 100


def test_functions_scale_independently() -> None:
    """§4: the scaling rate is per function, so two functions together may add 2,000 in the first 10 s."""
    run_ = pool(account_limit=50_000, rate=20_000, duration_ms=1000, seconds=10, functions="b")
    for stats in run_.stats:
        assert sum(count for time, count in stats.created if time < 1) >= 900


# --- §4 throttling by invocation type --------------------------------------------------------------------------------


def test_async_throttles_are_retried_until_they_run() -> None:
    """§4 / §1: asynchronous throttles go back to the queue and are retried with backoff, not dropped."""
    stats = pool(reserved=50, rate=500, seconds=10, invocation="async").stats[0]
    assert stats.throttle_events > 0 and stats.throttled_sync == 0
    assert stats.succeeded == stats.requests
    assert percentile(stats.latency, 0.99) > 1000  # some waited at least one 1-second backoff


def test_async_events_expire_at_the_maximum_event_age() -> None:
    """§1 / §4: throttled async events are retried only up to the max event age, then dropped (or DLQ)."""
    result = run(reserved=0, rate=20, seconds=5, invocation="async", max_event_age=60)
    stats = pool(reserved=0, rate=20, seconds=5, invocation="async", max_event_age=60).stats[0]
    assert stats.expired == stats.requests > 0
    assert all(e.time <= 5 + 60 for e in of_kind(result, "expired"))


def test_littles_law_matches_a_steady_unthrottled_run() -> None:
    """§4: concurrency ≈ requests per second × average duration in seconds."""
    result = run(rate=400, duration_ms=500, seconds=120, init_ms=0)
    stats = pool(rate=400, duration_ms=500, seconds=120, init_ms=0).stats[0]
    mean = stats.busy_ticks / (120 * TICKS_PER_S)
    assert mean == pytest.approx(200, rel=0.05)
    assert result.summary["Little's law (rate x duration)"].startswith("200 = 400/s x 0.5 s")


# --- §3 event sources ------------------------------------------------------------------------------------------------


def test_sqs_standard_starts_at_5_and_adds_up_to_300_per_minute() -> None:
    """§3: SQS standard starts with 5 concurrent batches and adds up to 300 per minute while messages wait."""
    result = run(source="sqs-standard", rate=5000, batch_size=10, duration_ms=1000, seconds=90)
    series = result.series["api"]
    assert all(v <= 5 + 300 * t / 60 for t, v in series)  # 5 at the start, then at most +300 a minute
    assert max(v for t, v in series if t <= 60) >= 250  # and it does grow while messages wait
    assert max(v for t, v in series if t <= 90) > 305
    [event] = of_kind(result, "esm-scaling")[:1]
    assert "+300 per minute" in event.text and "+60" in event.text


def test_sqs_maximum_concurrency_caps_the_pollers() -> None:
    """§3: ScalingConfig.MaximumConcurrency caps the ESM's concurrent batches."""
    stats = pool(source="sqs-standard", rate=5000, batch_size=10, duration_ms=1000, seconds=90, max_concurrency=40)
    assert stats.stats[0].peak == 40


def test_sqs_fifo_concurrency_is_bounded_by_message_groups() -> None:
    """§3: FIFO concurrency <= min(active message groups, max concurrency); batch size at most 10."""
    stats = pool(source="sqs-fifo", message_groups=3, rate=500, batch_size=10, seconds=20).stats[0]
    assert stats.peak == 3
    with pytest.raises(ParamError, match="FIFO"):
        SIMULATION.resolve({"source": "sqs-fifo", "batch_size": 11})


def test_stream_concurrency_is_shards_times_parallelization_factor() -> None:
    """§2: concurrency = active shards × ParallelizationFactor."""
    stats = pool(source="stream", shards=2, parallelization_factor=3, rate=5000, batch_size=10, seconds=20).stats[0]
    assert stats.peak == 6


def test_throttled_sqs_batches_return_after_the_visibility_timeout() -> None:
    """§4: SQS ESM throttles: the messages reappear after the visibility timeout."""
    stats = pool(source="sqs-standard", reserved=2, rate=200, batch_size=10, seconds=20, visibility_timeout=30)
    stats = stats.stats[0]
    assert stats.throttle_events > 0
    assert percentile(stats.latency, 1.0) >= 30_000
    assert ended(stats) == stats.requests


# --- parameters, modes and the result --------------------------------------------------------------------------------


def test_more_functions_parse_and_inherit_the_flat_settings() -> None:
    """The `functions` parameter: NAME[:KEY=VALUE...], unset keys copy the first function but reserved/provisioned."""
    run_ = pool(reserved=100, provisioned=10, duration_ms=300, functions="worker:rate=50,report:reserved=20")
    _api, worker, report = run_.configs
    assert (worker.name, worker.rate, worker.duration_ms, worker.reserved, worker.provisioned) == (
        "worker", 50, 300, -1, 0
    )
    assert report.reserved == 20


@pytest.mark.parametrize(
    ("functions", "message"),
    [
        ("w:rate", "KEY=VALUE"),
        ("w:colour=red", "KEY=VALUE"),
        ("w:rate=fast", "rate"),
        ("api", "used twice"),
        ("bad name!", "not valid"),
        (",".join(f"f{k}" for k in range(10)), "at most 10"),
    ],
)
def test_bad_function_lists_get_one_clear_error(functions: str, message: str) -> None:
    with pytest.raises(ParamError, match=message):
        SIMULATION.resolve({"functions": functions})


def test_requests_mode_delivers_exactly_that_many_across_ten_functions() -> None:
    """The benchmark's count mode: exactly `requests` requests, shared in proportion to the rates."""
    more = ",".join(f"f{k}:rate={10 * k}" for k in range(2, 11))
    run_ = pool(requests=50_000, seconds=120, rate=10, functions=more)
    assert sum(s.requests for s in run_.stats) == 50_000
    assert all(ended(s) == s.requests for s in run_.stats)
    assert run_.stats[-1].requests == pytest.approx(10 * run_.stats[0].requests, rel=0.01)


def test_result_is_a_pool_view_with_limits_and_summary() -> None:
    result = run(reserved=100, functions="b")
    assert result.view == "pool"
    assert set(result.series) == {"api", "b", "all functions"}
    assert result.limits == {"account limit": 1000, "api reserved": 100, "unreserved pool": 900}
    for label in ("Requests", "Succeeded", "Cold starts", "Latency p50 / p90 / p99", "api: Little's law (rate x duration)"):
        assert label in result.summary
    assert result.verdict


# --- properties ------------------------------------------------------------------------------------------------------

function_settings = st.fixed_dictionaries(
    {
        "rate": st.integers(0, 3000),
        "duration_ms": st.integers(20, 2000),
        "arrival": st.sampled_from(["steady", "burst", "ramp", "schedule"]),
        "invocation": st.sampled_from(["sync", "async"]),
        "source": st.sampled_from(["direct", "direct", "sqs-standard", "sqs-fifo", "stream"]),
        "reserved": st.sampled_from([-1, -1, 0, 5, 40, 150]),
        "provisioned": st.integers(0, 30),
        "batch_size": st.integers(1, 10),
    }
)


def _params(first: dict, more: list[dict], account_limit: int, seconds: int) -> dict:
    def fit(settings: dict) -> dict:
        out = dict(settings)
        if out["reserved"] >= 0:
            out["provisioned"] = min(out["provisioned"], out["reserved"])
        return out

    first = fit(first)
    items = []
    for index, overrides in enumerate(map(fit, more)):
        items.append(f"g{index}:" + ":".join(f"{key}={value}" for key, value in overrides.items()))
    return {
        **first, "account_limit": account_limit, "seconds": seconds, "functions": ",".join(items),
        "max_event_age": 120, "idle_reclaim_s": 20, "schedule_every_s": 10, "burst_seconds": 3,
    }


@settings(max_examples=60, deadline=None)
@given(
    first=function_settings,
    more=st.lists(function_settings, max_size=2),
    account_limit=st.sampled_from([400, 1000, 3000]),
    seconds=st.integers(2, 20),
    seed=st.integers(0, 2**32),
)
def test_properties(first: dict, more: list[dict], account_limit: int, seconds: int, seed: int) -> None:
    """Time never goes back; same seed, same run; no limit is ever exceeded; every request ends exactly once."""
    params = _params(first, more, account_limit, seconds)
    try:
        SIMULATION.resolve(params)
    except ParamError:
        return  # reservations that break the 100-unreserved rule are rejected, as tested above
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    run_ = pool(seed, **params)
    for cfg, stats in zip(run_.configs, run_.stats):
        curve = result.series[cfg.name]
        assert [t for t, _ in curve] == sorted(t for t, _ in curve)
        if cfg.reserved >= 0:
            assert max(v for _, v in curve) <= cfg.reserved
        esm = cfg.esm_limit()
        if esm:
            assert stats.peak <= esm
        created = 0
        for time, count in stats.created:  # the scaling allowance: 1,000, refilled by 100 per second
            created += count
            assert created <= 1000 + 100 * time + 1e-6
        assert ended(stats) == stats.requests
    total = result.series.get("all functions", result.series[run_.configs[0].name])
    assert max(v for _, v in total) <= account_limit
    assert run_.peak_total <= account_limit


# --- asks ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_peak_with_reserved_answers_what_the_run_shows(seed: int) -> None:
    question, answer = build_checked(ASKS["peak_with_reserved"], {}, seed)
    peak = question.result.summary["Peak concurrency"].split(" ")[0]
    assert answer.split(":")[0] == peak
    assert answer.split(":")[0] == f"{question.result.params['reserved']:,}"


@pytest.mark.parametrize("seed", range(6))
def test_spillover_answer_counts_the_runs_cold_starts(seed: int) -> None:
    question, answer = build_checked(ASKS["spillover_cold_starts"], {}, seed)
    assert answer.startswith(f"About {question.result.summary['Cold starts']:,}: ")
    assert any("ever starts cold" in c.text for c in question.choices)  # the notes' claim, as a distractor


def test_asks_accept_a_content_spec() -> None:
    question, _ = build_checked(ASKS["peak_with_reserved"], {"reserved": 60, "duration_ms": 500}, 3)
    assert question.result.params["reserved"] == 60
