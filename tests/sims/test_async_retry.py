"""async-retry: each rule of lambda-facts.md §1 (asynchronous invocation), then properties and the asks."""

from __future__ import annotations

import itertools

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.async_retry import ASKS, DETAIL_LIMIT, SIMULATION
from coldstart.core.sims.generate import format_duration
from coldstart.core.sims.params import ParamError
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked


def run(seed: int = 0, **params):
    return SIMULATION.run(params, seed)


def final(result, event: int = 0):
    [end] = [e for e in result.events if e.data.get("final") and e.data["event"] == event]
    return end


def runs(result, event: int = 0) -> list[float]:
    """When the function ran for an event: error attempts, and the final run when it ended in one."""
    times = [e.time for e in result.events if e.kind == "attempt" and e.data["event"] == event]
    end = final(result, event)
    if end.data["outcome"] in ("success", "retries-exhausted") and end.data["attempts"] > len(times):
        times.append(end.time)
    return times


# --- rules --------------------------------------------------------------------------------------------------------


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("async-retry") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html" in SIMULATION.sources


def test_defaults_retry_twice_waiting_one_then_two_minutes() -> None:
    """§1: MaximumRetryAttempts defaults to 2; 1 min before retry 1, 2 min before retry 2."""
    result = run()
    assert runs(result) == [0, 60, 180]
    end = final(result)
    assert end.time == 180 and end.data["outcome"] == "retries-exhausted" and end.data["attempts"] == 3
    assert result.summary["Retries used"] == 2
    assert result.summary["Time in queue"] == "3 min 0 s"


@pytest.mark.parametrize(("retries", "times"), [(0, [0]), (1, [0, 60]), (2, [0, 60, 180])])
def test_retry_attempts_0_to_2_set_the_number_of_runs(retries: int, times: list[float]) -> None:
    """§1: MaximumRetryAttempts is 0–2; after the last allowed attempt fails the event leaves the queue."""
    result = run(retry_attempts=retries)
    assert runs(result) == times
    assert final(result).time == times[-1]


def test_retry_attempts_outside_0_to_2_are_rejected() -> None:
    """§1: the API's valid range for MaximumRetryAttempts is 0–2."""
    for bad in (-1, 3):
        with pytest.raises(ParamError, match="retry_attempts"):
            SIMULATION.resolve({"retry_attempts": bad})


def test_max_event_age_range_is_60_s_to_6_h() -> None:
    """§1: MaximumEventAgeInSeconds is 60–21,600, default 21,600."""
    assert SIMULATION.resolve()["max_event_age"] == 21_600
    for bad in (59, 21_601):
        with pytest.raises(ParamError, match="60–21,600"):
            SIMULATION.resolve({"max_event_age": bad})


def test_a_success_ends_the_retries() -> None:
    """§1: retries follow function errors only; a successful attempt ends the event."""
    result = run(outcomes="error,success")
    end = final(result)
    assert (end.kind, end.time, end.data["attempts"]) == ("success", 60, 2)
    assert result.summary["Retries used"] == 1 and result.summary["Went to"] == "nowhere (done)"


def test_throttles_back_off_from_1_s_doubling_and_use_no_retry() -> None:
    """§1: throttles (429) go back to the queue with a backoff from 1 s (doubling here) and use no retry."""
    result = run(outcomes="throttle,throttle,throttle,success")
    throttles = [e.time for e in result.events if e.kind == "throttle"]
    assert throttles == [0, 1, 3]
    end = final(result)
    assert end.time == 7 and end.data["attempts"] == 1 and end.data["throttles"] == 3
    assert result.summary["Retries used"] == 0


def test_the_backoff_is_capped_at_5_minutes_and_bounded_by_the_event_age() -> None:
    """§1: throttle/5xx backoff grows to at most 5 min and goes on for up to the max event age (6 h)."""
    result = run(outcomes="throttle")
    times = [e.time for e in result.events if e.kind == "throttle"]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[:9] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert set(gaps[9:]) == {300}
    end = final(result)
    assert end.time == 21_600 and end.data["outcome"] == "expired" and end.data["attempts"] == 0
    assert max(times) <= 21_600


def test_5xx_errors_are_handled_like_throttles() -> None:
    """§1: system errors (5xx) are retried like throttles, bounded by the event age (min 60 s)."""
    result = run(outcomes="5xx", max_event_age=60)
    assert [e.time for e in result.events if e.kind == "5xx"] == [0, 1, 3, 7, 15, 31]
    assert final(result).time == 60 and final(result).data["outcome"] == "expired"


def test_throttles_between_errors_do_not_use_retry_attempts() -> None:
    """§1: only function errors count toward MaximumRetryAttempts."""
    result = run(outcomes="throttle,error,throttle,error,throttle,error,success")
    end = final(result)
    assert end.data["attempts"] == 3 and end.data["throttles"] == 3
    assert end.data["outcome"] == "retries-exhausted"


def test_no_retry_runs_after_the_max_event_age() -> None:
    """§1: once the event is older than the max event age it is discarded, even with retries left."""
    result = run(outcomes="error", max_event_age=100)
    assert runs(result) == [0, 60]
    end = final(result)
    assert end.time == 100 and end.data["outcome"] == "expired"
    assert "older than the maximum event age" in end.text


def test_the_destination_gets_an_invocation_record_and_the_dlq_the_event_alone() -> None:
    """§1 Destinations vs DLQ: a destination receives an invocation record, a DLQ only the event."""
    destination = run(on_failure="destination")
    [record] = [e for e in destination.events if e.kind == "on-failure"]
    assert "invocation record" in record.text and "error details" in record.text
    dlq = run(on_failure="dlq")
    [event] = [e for e in dlq.events if e.kind == "dlq"]
    assert "alone" in event.text and "standard SQS queue or SNS topic" in event.text
    both = run(on_failure="both")
    assert {e.kind for e in both.events} >= {"on-failure", "dlq"}
    dropped = run(on_failure="none")
    assert [e.kind for e in dropped.events][-1] == "dropped"
    assert final(dropped).data["went_to"] == "dropped"


def test_on_success_destination_gets_a_record_of_the_success() -> None:
    """§1: on-success and on-failure destinations are configured separately."""
    result = run(outcomes="success", on_success=True)
    assert [e.kind for e in result.events] == ["queued", "success", "on-success"]
    assert result.summary["Went to"] == "on-success destination"


def test_a_duplicate_delivery_runs_the_handler_again_without_using_a_retry() -> None:
    """§1: delivery is not exactly-once; processing must be idempotent."""
    result = run(outcomes="success", duplicates=True)
    [duplicate] = [e for e in result.events if e.kind == "duplicate"]
    assert "idempotent" in duplicate.text
    assert result.summary["Duplicate deliveries"] == 1 and result.summary["Retries used"] == 0


def test_many_events_are_counted_and_only_the_first_ones_told() -> None:
    result = run(seed=3, events=500, outcomes="", failure_probability=0.5, throttle_probability=0.2)
    assert result.summary["Events"] == 500
    finals = [e for e in result.events if e.data.get("final")]
    assert len(finals) == DETAIL_LIMIT
    assert result.events[-1].kind == "more" and "480 more events" in result.events[-1].text
    assert 0 < result.summary["Throttles and 5xx (no retry used)"]
    assert result.summary["Attempts (function runs)"] <= 3 * 500


def test_the_seed_decides_drawn_outcomes() -> None:
    params = {"events": 200, "outcomes": "", "failure_probability": 0.5}
    assert SIMULATION.run(params, 1).summary != SIMULATION.run(params, 2).summary


# --- properties ---------------------------------------------------------------------------------------------------

scripts = st.lists(st.sampled_from(["error", "success", "throttle", "5xx"]), min_size=0, max_size=6).map(",".join)
parameters = st.fixed_dictionaries({
    "retry_attempts": st.integers(0, 2),
    "max_event_age": st.integers(60, 21_600),
    "outcomes": scripts,
    "failure_probability": st.floats(0, 1),
    "throttle_probability": st.floats(0, 0.9),
    "on_failure": st.sampled_from(["destination", "dlq", "both", "none"]),
    "on_success": st.booleans(),
    "duplicates": st.booleans(),
    "events": st.integers(1, DETAIL_LIMIT),
    "spacing": st.floats(0, 100),
})


@settings(max_examples=75, deadline=None)
@given(params=parameters, seed=st.integers(0, 2**32))
def test_every_run_keeps_the_rules(params: dict, seed: int) -> None:
    """§1 as properties: time order; attempts ≤ retries + 1; each event ends once; nothing after the max age."""
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    for event in range(params["events"]):
        end = final(result, event)  # exactly one end per event
        queued = event * params["spacing"]
        assert end.data["attempts"] <= params["retry_attempts"] + 1
        assert len(runs(result, event)) == end.data["attempts"]
        tries = [e.time for e in result.events
                 if e.data.get("event") == event and e.kind in ("attempt", "throttle", "5xx", "success")]
        assert all(time <= queued + params["max_event_age"] + 1e-9 for time in tries)
        assert end.time - queued <= params["max_event_age"] + 1e-9


@settings(max_examples=30, deadline=None)
@given(events=st.integers(DETAIL_LIMIT + 1, 400), seed=st.integers(0, 1000))
def test_large_runs_count_every_event_once(events: int, seed: int) -> None:
    """Every event ends exactly once, also beyond the ones drawn on the timeline."""
    result = run(seed, events=events, outcomes="", failure_probability=0.4, throttle_probability=0.3)
    counted = sum(int(part.strip().split(" ")[0].replace(",", "")) for part in result.summary["Went to"].split(";"))
    assert counted == events


# --- asks ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_failure_time_matches_the_run(seed: int) -> None:
    spec = {"retry_attempts": [0, 2], "outcomes": ["error", "error,success", "throttle,error", "5xx"],
            "max_event_age": [60, 21_600]}
    question, answer = build_checked(ASKS["failure_time"], spec, seed)
    age = final(question.result).data["age"]
    assert answer == ("At once (0 s)" if age == 0 else f"After {format_duration(age)}")


@pytest.mark.parametrize("seed", range(12))
def test_attempts_matches_the_run(seed: int) -> None:
    spec = {"retry_attempts": [0, 2], "outcomes": ["error", "throttle,error,success", "throttle", "success"]}
    question, answer = build_checked(ASKS["attempts"], spec, seed)
    attempts = final(question.result).data["attempts"]
    assert answer == {0: "Never", 1: "Once"}.get(attempts, f"{attempts} times")


@pytest.mark.parametrize("seed", range(12))
def test_where_matches_the_run(seed: int) -> None:
    spec = {"on_failure": ["destination", "dlq", "both", "none"], "outcomes": ["error", "success"],
            "on_success": [True, False]}
    question, answer = build_checked(ASKS["where"], spec, seed)
    went_to = final(question.result).data["went_to"]
    expected = {"on-failure destination": "record with the error", "DLQ": "event alone", "dropped": "drops the event",
                "on-failure destination and DLQ": "Both", "on-success destination": "on-success",
                "done": "no on-success destination"}[went_to]
    assert expected in answer


def test_the_format_example_ask_works() -> None:
    """The spec in the course format's example: retry_attempts drawn from [0, 2], always failing."""
    _question, answer = build_checked(ASKS["failure_time"], {"retry_attempts": [0, 2], "outcomes": "error,error,error"}, 5)
    assert answer in {"At once (0 s)", "After 1 min 0 s", "After 3 min 0 s"}
