"""sfn-retry: each rule of the Step Functions error-handling page, then properties and the asks.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (Retry and Catch
fields) and the CDK's JitterType (FULL draws between 0 and the computed wait).
"""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.generate import format_duration
from coldstart.core.sims.params import ParamError
from coldstart.core.sims.sfn_retry import ASKS, SIMULATION, computed_wait
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked, of_kind


def run(seed: int = 0, **params):
    return SIMULATION.run(params, seed)


def waits(result) -> list[float]:
    return [event.data["wait"] for event in of_kind(result, "retry-wait")]


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("sfn-retry") is SIMULATION
    assert "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html" in SIMULATION.sources


def test_the_defaults_wait_1_2_4_seconds_and_run_four_times() -> None:
    """IntervalSeconds 1, BackoffRate 2.0, MaxAttempts 3 by default: waits 1, 2 and 4 s, four runs."""
    result = run()
    assert waits(result) == [1.0, 2.0, 4.0]
    assert len(of_kind(result, "attempt")) == 4
    assert result.summary["Runs of the Task"] == 4


def test_the_first_retry_waits_interval_seconds_and_each_next_multiplies_by_backoff_rate() -> None:
    assert waits(run(interval_seconds=3, backoff_rate=1.5, max_attempts=4)) == [3.0, 4.5, 6.75, 10.125]


def test_max_delay_seconds_caps_every_wait() -> None:
    assert waits(run(interval_seconds=2, max_attempts=5, max_delay_seconds=5)) == [2.0, 4.0, 5.0, 5.0, 5.0]


def test_max_attempts_zero_never_retries() -> None:
    result = run(max_attempts=0)
    assert waits(result) == [] and len(of_kind(result, "attempt")) == 1
    assert of_kind(result, "catch")


def test_the_catch_fires_right_after_the_last_retry_fails() -> None:
    """The content's diagram: IntervalSeconds 2, BackoffRate 2, MaxAttempts 3, runs of 0 s: Catch at 14 s."""
    result = run(interval_seconds=2, max_attempts=3, task_seconds=0)
    assert of_kind(result, "catch")[0].time == 14.0
    assert result.verdict.startswith("Catch fires at 14 s after 4 runs")


def test_an_error_no_retrier_matches_goes_straight_to_the_catch() -> None:
    result = run(outcomes="PaymentDeclined")
    assert waits(result) == [] and of_kind(result, "catch")
    assert "no retrier matches it" in of_kind(result, "catch")[0].text


def test_an_error_no_catcher_matches_fails_the_execution() -> None:
    result = run(outcomes="PaymentDeclined", catch_errors="Lambda.Unknown")
    assert of_kind(result, "failed") and result.summary["Outcome"].startswith("execution failed")


def test_a_success_after_retries_ends_without_the_catch() -> None:
    result = run(outcomes="Lambda.ServiceException,Lambda.ServiceException,success")
    assert waits(result) == [1.0, 2.0] and of_kind(result, "success") and not of_kind(result, "catch")


def test_states_all_matches_any_error_and_must_stand_alone() -> None:
    assert waits(run(outcomes="PaymentDeclined", retry_errors="States.ALL")) == [1.0, 2.0, 4.0]
    with pytest.raises(ParamError, match=r"States\.ALL must be the only error"):
        SIMULATION.resolve({"retry_errors": "States.ALL,Lambda.Unknown"})


def test_the_result_labels_what_aws_does_not_document() -> None:
    assert "cap" in run().summary["Model's assumptions (not AWS-documented)"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(interval=st.integers(1, 60), rate=st.floats(1.0, 5.0), attempts=st.integers(0, 12),
       cap=st.integers(0, 120), seed=st.integers(0, 50))
def test_full_jitter_stays_within_the_computed_wait(interval: int, rate: float, attempts: int, cap: int,
                                                    seed: int) -> None:
    params = {"interval_seconds": interval, "backoff_rate": rate, "max_attempts": attempts, "max_delay_seconds": cap}
    plain = run(**params)
    jittered = run(seed, jitter="FULL", **params)
    assert_time_ordered(jittered)
    assert len(waits(jittered)) == len(waits(plain)) == attempts
    for n, (fixed, drawn) in enumerate(zip(waits(plain), waits(jittered), strict=True), start=1):
        assert fixed == computed_wait(SIMULATION.resolve(params), n)
        assert 0 <= drawn <= fixed
        assert cap == 0 or fixed <= cap
    assert waits(plain) == sorted(waits(plain))  # the computed waits never shrink
    assert jittered.events[-1].time <= plain.events[-1].time


def test_a_jittered_run_is_deterministic_for_a_seed() -> None:
    assert_deterministic(SIMULATION, {"jitter": "FULL", "max_attempts": 6}, 7)


@pytest.mark.parametrize("seed", range(12))
def test_the_asks_answer_what_the_run_shows(seed: int) -> None:
    spec = {"interval_seconds": [1, 5], "max_attempts": [1, 5], "backoff_rate": [1.5, 2.0, 3.0],
            "max_delay_seconds": [0, 0, 10]}
    question, answer = build_checked(ASKS["catch_time"], spec, seed)
    catch = of_kind(question.result, "catch")[0]
    assert answer == format_duration(catch.time)
    question, answer = build_checked(ASKS["runs"], {"max_attempts": [0, 6]}, seed)
    runs = question.result.params["max_attempts"] + 1
    assert answer.startswith(f"{runs} run")


def test_an_ask_ignores_a_spec_that_would_contradict_its_stem() -> None:
    question, _ = build_checked(ASKS["runs"], {"outcomes": "success", "jitter": "FULL"}, 0)
    assert question.result.params["outcomes"] == "Lambda.ServiceException" and question.result.params["jitter"] == "NONE"
