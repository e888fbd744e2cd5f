"""stream-retry: each rule of lambda-facts.md §2 (Kinesis and DynamoDB stream ESMs), properties and asks."""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.generate import format_duration
from coldstart.core.sims.params import ParamError
from coldstart.core.sims.stream_retry import ASKS, RETENTION, SIMULATION
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked, of_kind
from sim_checks import ends as ends_by


def run(seed: int = 0, **params):
    return SIMULATION.run(params, seed)


def ends(result) -> dict[int, list[str]]:
    """Record index -> how it ended: processed, discarded, or expired unread."""
    return ends_by(result, "processed", "discarded", "expired")


# --- rules --------------------------------------------------------------------------------------------------------


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("stream-retry") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html" in SIMULATION.sources


def test_defaults_follow_the_esm_defaults() -> None:
    """§2: BatchSize 100, window 0, ParallelizationFactor 1, MaximumRetryAttempts and MaximumRecordAge -1."""
    params = SIMULATION.resolve()
    assert (params["batch_size"], params["batching_window"], params["parallelization_factor"]) == (100, 0, 1)
    assert (params["retry_attempts"], params["max_record_age"]) == (-1, -1)
    assert not params["bisect_on_error"] and not params["report_batch_item_failures"]


@pytest.mark.parametrize(("name", "bad", "good"), [
    ("batch_size", 10_001, 10_000), ("batching_window", 301, 300), ("parallelization_factor", 11, 10),
    ("retry_attempts", 10_001, -1), ("max_record_age", 59, 604_800), ("max_record_age", 604_801, -1),
])
def test_parameter_ranges_are_the_documented_ones(name: str, bad: int, good: int) -> None:
    """§2 table: BatchSize 1–10,000; window 0–300 s; factor 1–10; retries -1 or 0–10,000; age -1 or 60–604,800."""
    assert SIMULATION.resolve({name: good})[name] == good
    with pytest.raises(ParamError, match=name):
        SIMULATION.resolve({name: bad})


def test_a_poison_record_beyond_the_stream_is_rejected() -> None:
    with pytest.raises(ParamError, match="poison_record=20 is beyond the last record"):
        SIMULATION.resolve({"shards": 2, "records_per_shard": 10, "poison_record": 20})


def test_by_default_a_poison_record_blocks_its_shard_until_it_expires() -> None:
    """§2: with default settings one bad record blocks its shard until it expires (24 h retention)."""
    result = run(shards=1)
    [discard] = of_kind(result, "discard")
    assert discard.time == pytest.approx(RETENTION, abs=1)
    assert result.summary["Longest blocked shard"] == "1 d 0 h"
    assert result.summary["Retries"] > 400_000  # counted, not told: the timeline stays short
    assert len(result.events) < 20
    assert "… " in of_kind(result, "blocked")[0].text


def test_the_whole_failed_batch_is_discarded_good_records_included() -> None:
    """§2: a function error fails the whole batch; when it is given up, all its records are discarded."""
    result = run(shards=1, retry_attempts=2)
    [discard] = of_kind(result, "discard")
    assert discard.data["discarded"] == list(range(10))
    assert result.summary["Good records discarded"] == 9


def test_another_shard_is_not_blocked() -> None:
    """§2: shards are processed independently; the block holds only the poison record's shard."""
    result = run(shards=2)  # record 3 is on shard 2
    ok = [e for e in of_kind(result, "batch-ok") if e.lane == "shard 1"]
    assert ok and ok[0].time == pytest.approx(0.2)


def test_retry_attempts_limit_the_retries() -> None:
    """§2: MaximumRetryAttempts bounds the retries of a failing batch."""
    result = run(shards=1, retry_attempts=3, duration_ms=1000)
    assert [e.data["retry"] for e in of_kind(result, "retry")] == [1, 2, 3]
    [discard] = of_kind(result, "discard")
    assert discard.time == 4.0 and discard.text.startswith("Retries used up")


def test_max_record_age_ends_the_block() -> None:
    """§2: MaximumRecordAgeInSeconds discards records older than the age (here after 60 s of retries)."""
    result = run(shards=1, max_record_age=60, duration_ms=1000)
    retries = [e.time for e in of_kind(result, "retry")]
    assert max(retries) <= 60
    [discard] = of_kind(result, "discard")
    assert 60 <= discard.time <= 61 and "maximum record age" in discard.text


def test_bisecting_uses_no_retry_attempts() -> None:
    """§2: BisectBatchOnFunctionError splits the failed batch; splitting does not use up retry attempts."""
    result = run(shards=1, retry_attempts=0, bisect_on_error=True)
    assert result.summary["Bisections (no retry used)"] > 0
    assert result.summary["Retries"] == 0
    [discard] = of_kind(result, "discard")
    assert discard.data["discarded"] == [3]  # only the poison record is lost
    assert result.summary["Records processed"] == 9


def test_partial_batch_response_checkpoints_the_records_before_the_failure() -> None:
    """§2: with ReportBatchItemFailures the records before the failed one are checkpointed; the rest retry."""
    result = run(shards=1, retry_attempts=1, report_batch_item_failures=True)
    [partial] = of_kind(result, "partial")
    assert partial.data["processed"] == [0, 1, 2]
    [discard] = of_kind(result, "discard")
    assert discard.data["discarded"] == list(range(3, 10))


@pytest.mark.parametrize(("target", "words"), [
    ("sqs", "metadata"), ("sns", "metadata"), ("s3", "whole invocation record"), ("none", "lost"),
])
def test_on_failure_destinations_receive_what_the_docs_say(target: str, words: str) -> None:
    """§2: SQS and SNS receive metadata, S3 the whole invocation record; with none the records are lost."""
    [discard] = of_kind(run(shards=1, retry_attempts=0, on_failure=target), "discard")
    assert words in discard.text


def test_parallelization_runs_keys_side_by_side_up_to_shards_times_factor() -> None:
    """§2: concurrency = shards × ParallelizationFactor, order kept per partition key."""
    result = run(shards=2, records_per_shard=200, partition_keys=50, parallelization_factor=4, batch_size=5,
                 poison_record=-1)
    assert result.limits["shards × parallelization factor"] == 8
    assert result.summary["Peak concurrent batches"] == 8
    assert max(value for _, value in result.series["concurrent batches"]) == 8


def test_a_batch_waits_for_the_window_unless_it_fills_first() -> None:
    """§2: a batch goes when the batching window ends or the batch size is reached."""
    result = run(shards=1, records_per_shard=10, write_interval_ms=1000, batching_window=5, batch_size=4,
                 poison_record=-1)
    assert [e.time for e in of_kind(result, "batch")] == [3, 7, 13]  # full at 3 s and 7 s; the window at 13 s


def test_a_batch_is_capped_at_6_mb() -> None:
    """§2: a batch is also sent when the payload reaches 6 MB (6,144 KB)."""
    result = run(shards=1, records_per_shard=20, record_kb=1_024, batch_size=100, poison_record=-1)
    assert {len(e.data["records"]) for e in of_kind(result, "batch")} == {6, 2}


def test_records_waiting_behind_a_long_block_leave_the_stream_unread() -> None:
    """§2: records stay in the stream for 24 h (DynamoDB Streams; Kinesis by default)."""
    result = run(source="dynamodb", shards=1, records_per_shard=30, batch_size=1)
    [expired] = of_kind(result, "expired")
    assert expired.data["expired"] == list(range(4, 30))
    assert result.summary["Source"] == "DynamoDB Streams"
    assert result.summary["Records expired unread (lost)"] == 26


def test_many_successful_batches_are_folded_into_one_event() -> None:
    result = run(shards=1, records_per_shard=1_000, batch_size=10, poison_record=-1)
    [folded] = of_kind(result, "batches-ok")
    assert folded.data["batches"] == 80 and len(folded.data["processed"]) == 800
    assert sorted(ends(result)) == list(range(1_000))


# --- properties ---------------------------------------------------------------------------------------------------

parameters = st.fixed_dictionaries({
    "source": st.sampled_from(["kinesis", "dynamodb"]),
    "shards": st.integers(1, 4),
    "records_per_shard": st.integers(1, 40),
    "partition_keys": st.integers(1, 6),
    "write_interval_ms": st.sampled_from([0, 100, 5_000, 60_000]),
    "batch_size": st.integers(1, 12),
    "batching_window": st.sampled_from([0, 1, 30]),
    "parallelization_factor": st.integers(1, 10),
    "retry_attempts": st.sampled_from([-1, 0, 1, 5]),
    "max_record_age": st.sampled_from([-1, 60, 3_600]),
    "bisect_on_error": st.booleans(),
    "report_batch_item_failures": st.booleans(),
    "on_failure": st.sampled_from(["none", "sqs", "sns", "s3"]),
    "duration_ms": st.sampled_from([50, 1_000, 30_000]),
    "poison_fraction": st.floats(-0.3, 0.999),
})


@settings(max_examples=75, deadline=None)
@given(drawn=parameters, seed=st.integers(0, 2**32))
def test_every_run_keeps_the_rules(drawn: dict, seed: int) -> None:
    """§2 as properties: order per partition key; each record ends once; concurrency ≤ shards × factor."""
    params = dict(drawn)
    records = params["shards"] * params["records_per_shard"]
    fraction = params.pop("poison_fraction")
    params["poison_record"] = -1 if fraction < 0 else int(fraction * records)
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    ended = ends(result)
    assert sorted(ended) == list(range(records))
    assert all(len(how) == 1 for how in ended.values())
    if params["poison_record"] != -1:
        assert ended[params["poison_record"]] != ["processed"]
    limit = params["shards"] * params["parallelization_factor"]
    assert max(value for _, value in result.series["concurrent batches"]) <= limit
    assert result.summary["Peak concurrent batches"] <= limit
    _assert_order_per_key(result)


def _assert_order_per_key(result) -> None:
    """Within each partition key, records reach their end in the order they were written."""
    last: dict[str, int] = {}
    for event in result.events:
        for field in ("processed", "discarded", "expired"):
            if field not in event.data:
                continue
            for index, key in zip(event.data[field], event.data["keys"], strict=True):
                assert last.get(key, -1) < index, f"record {index} ended before an earlier record of {key}"
                last[key] = index


# --- asks ---------------------------------------------------------------------------------------------------------

SPEC = {"shards": [1, 3], "retry_attempts": [-1, 5], "bisect_on_error": [True, False],
        "report_batch_item_failures": [True, False], "max_record_age": [-1, 3_600], "on_failure": ["sqs", "s3"]}


@pytest.mark.parametrize("seed", range(10))
def test_blocked_time_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["blocked_time"], SPEC, seed)
    first = next(e.time for e in question.result.events if e.kind in ("batch-error", "partial"))
    [discard] = [e for e in question.result.events if e.kind == "discard" and 3 in e.data["discarded"]]
    blocked = discard.time - first
    assert answer == ("Not at all (0 s)" if blocked == 0 else f"About {format_duration(blocked)}, once the failing batch is discarded at last")


@pytest.mark.parametrize("seed", range(10))
def test_discarded_records_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["discarded_records"], SPEC, seed)
    lost = sum(len(e.data["discarded"]) for e in question.result.events if e.kind == "discard")
    assert answer == {0: "No records", 1: "1 record"}.get(lost, f"{lost:,} records")


@pytest.mark.parametrize("seed", range(10))
def test_concurrency_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["concurrency"], {"shards": [1, 20], "parallelization_factor": [1, 10]}, seed)
    p = question.result.params
    limit = p["shards"] * p["parallelization_factor"]
    assert answer == ("1 batch" if limit == 1 else f"{limit:,} batches")
