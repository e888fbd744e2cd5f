"""apigw-throttle: API Gateway's throttling layers, its stage cache, and Lambda's throttles behind them.

Sources: api-gateway-request-throttling.html (token buckets; usage plan per client, then stage/method, then
account; 429 Too Many Requests), limits.html (10,000 requests per second and a 5,000-request bucket per account
and Region), api-gateway-caching.html (TTL 300 s by default, at most 3,600 s) and Lambda's
services-apigateway-errors.html (a Lambda throttle reaches the client as 500).
"""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.apigw_throttle import (
    ACCOUNT_429,
    ACCOUNT_BURST,
    ACCOUNT_RATE,
    ASKS,
    CACHE_HIT,
    LAMBDA_500,
    OUTCOMES,
    PLAN_429,
    SERVED,
    SIMULATION,
    STAGE_429,
    Bucket,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked

OPEN = {"api_keys": 0, "stage_rate": 50_000.0, "stage_burst": 50_000, "concurrency": 10_000}


def run(**params):
    return SIMULATION.run(params, 0)


def total(result, outcome: str) -> int:
    return int(sum(value for _, value in result.series.get(outcome, ())))


def last_second(result, outcome: str) -> int:
    points = result.series.get(outcome, ())
    return int(points[-1][1]) if points else 0


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("apigw-throttle") is SIMULATION
    assert "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html" in SIMULATION.sources


def test_the_account_defaults_are_10000_per_second_and_a_5000_bucket() -> None:
    assert (ACCOUNT_RATE, ACCOUNT_BURST) == (10_000, 5_000)
    defaults = SIMULATION.resolve()
    assert (defaults["account_rate"], defaults["account_burst"]) == (10_000, 5_000)


def test_a_bucket_passes_its_burst_at_once_then_its_rate() -> None:
    bucket = Bucket(rate=100, burst=50)
    assert bucket.take(1_000, 0.1) == 60  # the full bucket of 50 plus 10 refilled in 100 ms
    assert bucket.take(1_000, 0.1) == 10


def test_the_account_limit_answers_429_above_10000_per_second() -> None:
    result = run(rate=15_000, seconds=10, **OPEN)
    assert last_second(result, ACCOUNT_429) == 5_000
    assert total(result, STAGE_429) == total(result, PLAN_429) == 0


def test_the_stage_limit_answers_before_the_account() -> None:
    result = run(rate=3_000, seconds=10, api_keys=0, stage_rate=1_000.0, stage_burst=500, concurrency=10_000)
    assert last_second(result, STAGE_429) == 2_000 and total(result, ACCOUNT_429) == 0


def test_each_api_key_has_its_own_bucket() -> None:
    """Four keys of 100 requests per second: 400 a second pass, whatever the stage allows above that."""
    result = run(rate=1_000, seconds=10, api_keys=4, plan_rate=100.0, plan_burst=50, stage_rate=5_000.0,
                 stage_burst=5_000, concurrency=10_000)
    assert last_second(result, PLAN_429) == 600 and last_second(result, SERVED) == 400


def test_a_lambda_throttle_reaches_the_client_as_500_not_429() -> None:
    """Concurrency 10 at 1 s each serves 10 requests a second; the other 90 are Lambda throttles, 500."""
    result = run(rate=100, seconds=10, concurrency=10, duration_ms=1_000, **{k: v for k, v in OPEN.items()
                                                                             if k != "concurrency"})
    assert last_second(result, SERVED) == 10 and last_second(result, LAMBDA_500) == 90
    assert total(result, STAGE_429) == total(result, ACCOUNT_429) == 0
    assert "500" in result.summary["Who answers 429"]


def test_cache_hits_never_reach_lambda() -> None:
    """10 keys, TTL 300 s, 60 s of 100 requests a second: 10 invocations, every other request a hit."""
    result = run(rate=100, seconds=60, cache_ttl=300, cache_keys=10, **OPEN)
    assert total(result, SERVED) == 10 and total(result, CACHE_HIT) == 5_990


def test_each_cache_key_is_fetched_again_after_its_ttl() -> None:
    result = run(rate=100, seconds=60, cache_ttl=20, cache_keys=10, **OPEN)
    assert total(result, SERVED) == 30  # at 0 s, about 20 s and about 40 s


def test_a_throttled_miss_leaves_nothing_in_the_cache() -> None:
    result = run(rate=100, seconds=5, cache_ttl=300, cache_keys=100, concurrency=0,
                 **{k: v for k, v in OPEN.items() if k != "concurrency"})
    assert total(result, CACHE_HIT) == 0 and total(result, LAMBDA_500) == 500


@settings(max_examples=40, deadline=None, derandomize=True)
@given(rate=st.integers(1, 5_000), keys=st.integers(0, 6), plan=st.floats(1, 2_000), stage=st.floats(1, 5_000),
       ttl=st.sampled_from([0, 1, 5, 300]), cache_keys=st.integers(1, 50), concurrency=st.integers(0, 500))
def test_every_request_has_exactly_one_outcome_and_lambda_never_exceeds_its_concurrency(
        rate, keys, plan, stage, ttl, cache_keys, concurrency) -> None:
    params = {"rate": rate, "seconds": 5, "api_keys": keys, "plan_rate": plan, "stage_rate": stage,
              "cache_ttl": ttl, "cache_keys": cache_keys, "concurrency": concurrency, "duration_ms": 1_000.0}
    result = SIMULATION.run(params, 0)
    assert_time_ordered(result)
    assert sum(total(result, outcome) for outcome in OUTCOMES) == rate * 5
    assert all(value <= concurrency for _, value in result.series.get(SERVED, ()))  # 1 s runs: per second = in flight
    if not keys:
        assert total(result, PLAN_429) == 0
    if not ttl:
        assert total(result, CACHE_HIT) == 0


def test_a_run_is_deterministic() -> None:
    assert_deterministic(SIMULATION, {"cache_ttl": 5}, 3)


@pytest.mark.parametrize("seed", range(12))
def test_the_asks_answer_what_the_run_shows(seed: int) -> None:
    spec = {"rate": [1500, 4000], "api_keys": [2, 8], "plan_rate": [100, 500], "stage_rate": [800, 3000],
            "concurrency": [50, 400]}
    question, answer = build_checked(ASKS["who_answers"], spec, seed)
    refused = {PLAN_429: "usage plan", STAGE_429: "stage", LAMBDA_500: "500"}
    most = max(refused, key=lambda outcome: last_second(question.result, outcome))
    assert refused[most] in answer
    question, answer = build_checked(ASKS["cache_invocations"], {"rate": [100, 1000], "cache_ttl": [5, 60],
                                                                 "cache_keys": [10, 200], "seconds": [30, 120]}, seed)
    assert answer.startswith(f"{total(question.result, SERVED):,} invocation")
    assert question.result.params["api_keys"] == 0
