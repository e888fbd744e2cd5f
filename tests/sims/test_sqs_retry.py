"""sqs-retry: each rule of lambda-facts.md §3 (SQS event source mapping), properties and the asks."""

from __future__ import annotations

from collections import defaultdict

import pytest
from coldstart.core.sims import registry, sqs_retry
from coldstart.core.sims.generate import format_duration
from coldstart.core.sims.params import ParamError
from coldstart.core.sims.sqs_retry import ASKS, SIMULATION
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked, of_kind
from sim_checks import ends as ends_by


def run(seed: int = 0, **params):
    return SIMULATION.run(params, seed)


def ends(result) -> dict[int, list[str]]:
    """Message index -> how it ended: deleted, moved to the DLQ, or still in the queue at the end."""
    return ends_by(result, "deleted", "moved", "remaining")


# --- rules --------------------------------------------------------------------------------------------------------


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("sqs-retry") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html" in SIMULATION.sources


def test_batch_size_defaults_to_10() -> None:
    """§3: BatchSize defaults to 10."""
    assert SIMULATION.resolve()["batch_size"] == 10


def test_a_standard_batch_above_10_needs_a_batching_window() -> None:
    """§3: standard queues take up to 10,000, but more than 10 requires a batching window of at least 1 s."""
    with pytest.raises(ParamError, match="batch_size=11 above 10 needs batching_window ≥ 1 s"):
        SIMULATION.resolve({"batch_size": 11})
    assert SIMULATION.resolve({"batch_size": 10_000, "batching_window": 1})["batch_size"] == 10_000
    with pytest.raises(ParamError, match="batch_size"):
        SIMULATION.resolve({"batch_size": 10_001, "batching_window": 1})


def test_fifo_takes_at_most_10_and_no_batching_window() -> None:
    """§3: FIFO queues: batch size at most 10; the batching window is not supported."""
    with pytest.raises(ParamError, match="too large for a FIFO queue"):
        SIMULATION.resolve({"queue": "fifo", "batch_size": 11, "batching_window": 1})
    with pytest.raises(ParamError, match="not supported for FIFO"):
        SIMULATION.resolve({"queue": "fifo", "batching_window": 1})
    with pytest.raises(ParamError, match="batching_window"):
        SIMULATION.resolve({"batching_window": 301})


def test_a_function_timeout_above_the_visibility_timeout_is_rejected() -> None:
    """§3: the function timeout must be ≤ the visibility timeout; Lambda rejects the ESM otherwise."""
    with pytest.raises(ParamError, match="Lambda rejects"):
        SIMULATION.resolve({"function_timeout": 31, "visibility_timeout": 30})
    SIMULATION.resolve({"function_timeout": 30, "visibility_timeout": 30})


def test_a_visibility_timeout_below_6_times_the_function_timeout_is_warned_about() -> None:
    """§3: AWS recommends a visibility timeout of at least 6 × the function timeout."""
    result = run(visibility_timeout=10, function_timeout=3)
    [warning] = of_kind(result, "warning")
    assert warning.time == 0 and "6 × the function timeout (18 s)" in warning.text
    assert "below the recommendation" in result.summary["Visibility timeout"]
    assert not of_kind(run(visibility_timeout=18, function_timeout=3), "warning")


def test_a_max_receive_count_below_5_is_warned_about() -> None:
    """§3: the recommended maxReceiveCount is at least 5."""
    [warning] = of_kind(run(max_receive_count=4), "warning")
    assert "recommended 5" in warning.text


def test_message_groups_only_for_fifo() -> None:
    with pytest.raises(ParamError, match="FIFO queues only"):
        SIMULATION.resolve({"message_groups": 2})


def test_a_failing_batch_returns_whole_and_comes_back_after_the_visibility_timeout() -> None:
    """§3: by default the whole batch returns and is visible again after the visibility timeout."""
    result = run()
    [first_error, *_] = of_kind(result, "batch-error")
    assert first_error.data["returned"] == list(range(10)) and first_error.data["deleted"] == []
    assert [e.time for e in of_kind(result, "batch")] == [0, 30, 60, 90, 120]


def test_redrive_moves_messages_after_max_receive_count_good_ones_included() -> None:
    """§3: the DLQ is configured on the source queue; after maxReceiveCount receives SQS moves the message."""
    result = run()
    [moved] = of_kind(result, "dlq")
    assert moved.time == 150 and sorted(moved.data["moved"]) == list(range(10))
    assert "source queue" in moved.text
    assert result.summary["Good messages moved to the DLQ"] == 9
    assert result.summary["Receives of the poison message"] == 5


def test_partial_batch_response_returns_only_the_failed_message() -> None:
    """§3: with ReportBatchItemFailures only the failed messages return; Lambda deletes the rest."""
    result = run(report_batch_item_failures=True)
    first_error = of_kind(result, "batch-error")[0]
    assert first_error.data["returned"] == [3] and len(first_error.data["deleted"]) == 9
    [moved] = of_kind(result, "dlq")
    assert moved.data["moved"] == [3] and moved.time == 150
    assert result.summary["Deleted after success"] == 9


def test_without_a_dlq_the_poison_message_stays_in_the_queue() -> None:
    """§3: without a DLQ on the source queue a failing message keeps coming back."""
    result = run(dlq=False, report_batch_item_failures=True, seconds=300)
    assert not of_kind(result, "dlq")
    [left] = of_kind(result, "in-queue")
    assert left.time == 300 and left.data["remaining"] == [3]
    assert result.summary["Receives of the poison message"] == 11  # at 0, 30, …, 300 s
    assert "function's own DLQ serves asynchronous invokes only" in of_kind(result, "warning")[0].text


def test_a_day_of_repeats_is_counted_not_replayed() -> None:
    result = run(dlq=False, visibility_timeout=1, function_timeout=1, seconds=86_400)
    assert len(result.events) < 10
    assert result.summary["Receives of the poison message"] == 86_401
    assert result.summary["Batches invoked"] == 86_401


def test_a_timeout_is_a_function_error() -> None:
    """§3: a timeout fails the batch like any function error."""
    result = run(poison_message=-1, duration_ms=4_000, function_timeout=3, seconds=100)
    assert "timed out after 3 s" in of_kind(result, "batch-error")[0].text
    assert result.summary["Deleted after success"] == 0


def test_fifo_keeps_each_group_in_order_and_a_failing_group_holds_only_itself() -> None:
    """§3: FIFO delivers in order per message group; after an error the group waits for its retries."""
    result = run(queue="fifo", messages=12, message_groups=3, batch_size=2, poison_message=0, max_receive_count=2)
    deleted_by_group: dict[str, list[int]] = defaultdict(list)
    for event in result.events:
        deleted_by_group[event.lane].extend(event.data.get("deleted", ()))
    assert deleted_by_group["group 2"] == [1, 4, 7, 10] and deleted_by_group["group 3"] == [2, 5, 8, 11]
    other_groups_done = max(e.time for e in of_kind(result, "batch-ok") if e.lane != "group 1")
    assert other_groups_done < 1  # they did not wait for group 1's visibility timeout
    [moved] = of_kind(result, "dlq")
    assert moved.lane == "group 1" and moved.data["moved"] == [0, 3]  # the batch-mate goes too
    assert deleted_by_group["group 1"] == [6, 9]


def test_fifo_partial_response_returns_the_failed_message_and_those_after_it() -> None:
    """§3: in a FIFO group the messages after a failed one must wait for it, so they return too."""
    result = run(queue="fifo", messages=6, batch_size=6, poison_message=2, report_batch_item_failures=True)
    first_error = of_kind(result, "batch-error")[0]
    assert first_error.data["deleted"] == [0, 1] and first_error.data["returned"] == [2, 3, 4, 5]


def test_standard_queues_start_at_5_batches_and_add_300_a_minute() -> None:
    """§3: standard queues start with 5 concurrent batches and add up to 300 per minute (notes: +60)."""
    result = run(messages=10_000, batch_size=1, duration_ms=60_000, function_timeout=60, visibility_timeout=360,
                 poison_message=-1, seconds=120)
    levels = dict(result.series["concurrent batches"])
    assert levels[0.0] == 5
    assert max(level for time, level in levels.items() if time < 60) <= 5 + 300
    assert result.summary["Peak concurrent batches"] == 5 + 2 * 300  # two minutes of scaling


def test_a_run_that_would_not_end_stops_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(sqs_retry, "MAX_BATCHES", 500)  # the real cap takes a second to reach
    result = run(messages=1_000, batch_size=1, duration_ms=2_000, function_timeout=1, visibility_timeout=1,
                 max_receive_count=1_000, seconds=86_400)
    assert result.summary["Batches invoked"] == 500
    [left] = of_kind(result, "in-queue")
    assert "stops after 500 batches" in left.text and left.time < 86_400
    assert sorted(ends(result)) == list(range(1_000))


# --- properties ---------------------------------------------------------------------------------------------------


@st.composite
def parameters(draw) -> dict:
    fifo = draw(st.booleans())
    messages = draw(st.integers(1, 40))
    timeout = draw(st.integers(1, 30))
    params = {
        "queue": "fifo" if fifo else "standard",
        "messages": messages,
        "batch_size": draw(st.integers(1, 10)),
        "batching_window": 0 if fifo else draw(st.sampled_from([0, 1, 20])),
        "function_timeout": timeout,
        "visibility_timeout": draw(st.integers(timeout, 200)),
        "duration_ms": draw(st.sampled_from([100, 2_000, 40_000])),
        "max_receive_count": draw(st.integers(1, 6)),
        "dlq": draw(st.booleans()),
        "report_batch_item_failures": draw(st.booleans()),
        "poison_message": draw(st.integers(-1, messages - 1)),
        "message_groups": draw(st.integers(1, 5)) if fifo else 1,
        "seconds": draw(st.sampled_from([10, 300, 3_600])),
    }
    return params


@settings(max_examples=75, deadline=None)
@given(params=parameters(), seed=st.integers(0, 2**32))
def test_every_run_keeps_the_rules(params: dict, seed: int) -> None:
    """§3 as properties: time order; each message ends once; FIFO order within a group."""
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    ended = ends(result)
    assert sorted(ended) == list(range(params["messages"]))
    assert all(len(how) == 1 for how in ended.values())
    if params["queue"] == "fifo":
        _assert_fifo_order(result, params)
    assert result.summary["Peak concurrent batches"] <= (params["message_groups"] if params["queue"] == "fifo"
                                                         else 1_000)


def _assert_fifo_order(result, params: dict) -> None:
    """Within a group, messages are received first in order, and deleted in order."""
    groups = params["message_groups"]
    first_received: dict[int, list[int]] = defaultdict(list)
    deleted: dict[int, list[int]] = defaultdict(list)
    seen: set[int] = set()
    for event in result.events:
        for index in event.data.get("messages", ()):
            if index not in seen:
                seen.add(index)
                first_received[index % groups].append(index)
        for index in event.data.get("deleted", ()):
            deleted[index % groups].append(index)
    for group in range(groups):
        assert first_received[group] == sorted(first_received[group])
        assert deleted[group] == sorted(deleted[group])


# --- asks ---------------------------------------------------------------------------------------------------------

SPEC = {"report_batch_item_failures": [True, False], "max_receive_count": [1, 8], "visibility_timeout": [5, 120],
        "messages": [4, 30], "queue": ["standard", "fifo"], "dlq": [True, True, False]}


@pytest.mark.parametrize("seed", range(12))
def test_dlq_time_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["dlq_time"], SPEC, seed)
    moved = [e.time for e in question.result.events if e.kind == "dlq" and 3 in e.data["moved"]]
    assert answer == (f"After {format_duration(moved[0])}" if moved else "Never: it stays in the queue")


@pytest.mark.parametrize("seed", range(12))
def test_dlq_messages_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["dlq_messages"], SPEC, seed)
    moved = sum(len(e.data["moved"]) for e in question.result.events if e.kind == "dlq")
    assert answer == {0: "None", 1: "1 message"}.get(moved, f"{moved:,} messages")
