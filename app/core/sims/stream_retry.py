"""Stream event source mapping (Kinesis Data Streams, DynamoDB Streams): blocked shards, retries, bisecting.

The rules (lambda-facts.md §2, from the AWS pages in SOURCES):

- Records carry a partition key; each shard is read in order. Concurrency is shards × ParallelizationFactor
  (1–10): with a factor above 1, records of one shard are spread by partition key over that many lanes, so
  different keys proceed in parallel while each key stays in order.
- A batch goes to the function when the batching window (0–300 s) ends, the batch size (1–10,000) is
  reached, or the payload reaches 6 MB.
- A function error fails the whole batch, which is retried; the lane is blocked meanwhile. It stays blocked
  until the batch succeeds, retries run out (MaximumRetryAttempts, −1 = no limit) or the records grow older
  than MaximumRecordAgeInSeconds (−1 = no limit) or leave the stream (24 h retention here). Then the batch is
  discarded: its records go to the on-failure destination (SQS/SNS get metadata, S3 the whole invocation
  record), or are lost when there is none, and processing goes on.
- BisectBatchOnFunctionError splits a failing batch in two and tries each half, without using retry
  attempts. ReportBatchItemFailures lets the function name the failed record: the records before it are
  checkpointed and only the rest is retried.

Model choices where AWS documents no number: a failed batch is retried as soon as the failed invocation
returns; each invocation takes `duration_ms`; the poison record fails every invocation that contains it; a
record that leaves the stream before it was read is lost without reaching the destination. A blocked lane
can retry hundreds of thousands of times, so identical retries are computed at once, not one by one.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .base import Event, SimResult, Simulation, Work
from .generate import Composed, count_of, format_duration, run_ask
from .params import Param, ParamError

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-eventsourcemapping-onfailure.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/API_EventSourceMappingConfiguration.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html",
)

RETENTION = 24 * 3600.0  # DynamoDB Streams always; Kinesis by default (it can be extended)
PAYLOAD_LIMIT_KB = 6 * 1024  # a batch is capped at 6 MB, the synchronous invoke limit
MAX_SHARDS = 20
MAX_RECORDS_PER_SHARD = 10_000
TOLD_BATCHES = 20  # successful batches told one by one per lane (after a start or a recovery)
TOLD_RETRIES = 2  # a run of identical retries shows its first ones and its last; the middle is summed up

SOURCE_NAMES = {"kinesis": "Kinesis Data Streams", "dynamodb": "DynamoDB Streams"}
ON_FAILURE = {
    "none": "no on-failure destination: the records are lost",
    "sqs": "SQS on-failure destination (metadata: shard and sequence numbers, not the records)",
    "sns": "SNS on-failure destination (metadata: shard and sequence numbers, not the records)",
    "s3": "S3 on-failure destination (the whole invocation record, records included; S3 is newer than the notes)",
}
VERDICT_WHERE = {"none": "and lost (no on-failure destination)", "sqs": "to the SQS destination",
                 "sns": "to the SNS destination", "s3": "to the S3 destination"}

PARAMS = (
    Param("source", "Stream", "choice", "kinesis", choices=tuple(SOURCE_NAMES),
          help="Kinesis Data Streams (24 h retention by default) or DynamoDB Streams (24 h)."),
    Param("shards", "Shards", "int", 2, minimum=1, maximum=MAX_SHARDS, help="Shards in the stream."),
    Param("records_per_shard", "Records per shard", "int", 10, minimum=1, maximum=MAX_RECORDS_PER_SHARD,
          help="Records written to each shard. Record i goes to shard i mod shards."),
    Param("partition_keys", "Partition keys per shard", "int", 4, minimum=1, maximum=100,
          help="Distinct partition keys (item keys for DynamoDB) per shard; the seed assigns them to records."),
    Param("write_interval_ms", "Time between writes", "int", 0, unit="ms", minimum=0, maximum=60_000,
          help="Time between records written to a shard; 0 = all records are waiting at the start."),
    Param("record_kb", "Record size", "int", 1, unit="KB", minimum=1, maximum=1_024,
          help="Size of each record; a batch holds at most 6 MB."),
    Param("batch_size", "Batch size", "int", 100, minimum=1, maximum=10_000, help="BatchSize (default 100)."),
    Param("batching_window", "Batching window", "int", 0, unit="s", minimum=0, maximum=300,
          help="MaximumBatchingWindowInSeconds: how long to gather records before invoking (default 0)."),
    Param("parallelization_factor", "Parallelization factor", "int", 1, minimum=1, maximum=10,
          help="ParallelizationFactor: concurrent batches per shard, order kept per partition key."),
    Param("retry_attempts", "Retry attempts", "int", -1, minimum=0, maximum=10_000, allowed_extra=(-1,),
          help="MaximumRetryAttempts; -1 (default) retries until the record expires."),
    Param("max_record_age", "Maximum record age", "int", -1, unit="s", minimum=60, maximum=604_800,
          allowed_extra=(-1,), help="MaximumRecordAgeInSeconds; -1 (default) = until the stream drops it."),
    Param("bisect_on_error", "Bisect on error", "bool", False,
          help="BisectBatchOnFunctionError: split a failed batch in two (uses no retry attempt)."),
    Param("report_batch_item_failures", "Partial batch response", "bool", False,
          help="ReportBatchItemFailures: the function names the failed record; only it and later ones retry."),
    Param("poison_record", "Poison record", "int", 3, minimum=0, maximum=MAX_SHARDS * MAX_RECORDS_PER_SHARD - 1,
          allowed_extra=(-1,), help="Index of a record that makes the function fail every time; -1 = none."),
    Param("on_failure", "On-failure destination", "choice", "sqs", choices=tuple(ON_FAILURE),
          help="Where discarded records go: none, SQS or SNS (metadata), or S3 (the whole invocation record)."),
    Param("duration_ms", "Invocation duration", "int", 200, unit="ms", minimum=1, maximum=900_000,
          help="How long one invocation of the function takes."),
)


def _check(params: dict[str, Any]) -> None:
    records = params["shards"] * params["records_per_shard"]
    if params["poison_record"] >= records:
        raise ParamError(f"poison_record={params['poison_record']} is beyond the last record: there are "
                         f"{records:,} records (0–{records - 1:,}), or -1 for none")


class Record(NamedTuple):
    """One record in a shard (a tuple: a run can hold 200,000 of them)."""

    number: int  # global: record i is written to shard i mod shards (not `index`, which tuples already have)
    shard: int
    key: int
    written: float

    def label(self) -> str:
        return f"#{self.number}"


@dataclass
class Lane:
    """One in-order sequence of records: a shard, or one of its parallelization lanes."""

    shard: int
    records: list[Record]
    events: list[Event] = field(default_factory=list)
    busy: list[tuple[float, float]] = field(default_factory=list)  # invocation intervals, for concurrency
    ends: dict[int, str] = field(default_factory=dict)  # record index -> "processed", "discarded" or "expired"
    invocations: int = 0
    retries: int = 0
    bisections: int = 0
    blocked: float = 0.0  # longest time from a batch's first failure until the shard got past it
    told_ok: int = 0  # successful batches told since the lane started or last recovered
    folded: list[Record] = field(default_factory=list)  # successful batches beyond those, told as one event
    folded_batches: int = 0
    folded_until: float = 0.0
    steps: int = 0  # batches gathered and invocations made (bisected halves included), for the work count


def run(params: dict[str, Any], seed: int) -> SimResult:
    """Read every shard's records through the event source mapping and follow each record to its end."""
    lanes = _lanes(params, random.Random(seed))
    for lane in lanes:
        _read(lane, params)
        _unfold(lane)
    events = sorted((event for lane in lanes for event in lane.events), key=lambda event: event.time)
    limit = params["shards"] * params["parallelization_factor"]
    series = _concurrency([interval for lane in lanes for interval in lane.busy])
    peak = max((value for _, value in series), default=0)
    return SimResult(
        simulation="stream-retry",
        params=params,
        seed=seed,
        events=tuple(events),
        summary=_summary(lanes, params, limit, peak, events),
        view="timeline",
        series={"concurrent batches": series},
        limits={"shards × parallelization factor": limit},
        verdict=_verdict(lanes, params, events),
        steps=sum(len(lane.records) + lane.steps for lane in lanes),
    )


def work(params: dict[str, Any]) -> Work:
    """Records, batches and invocations, at most: each record is read once, each batch takes at least one
    record, and bisecting a failed batch makes at most two invocations per record."""
    records = params["shards"] * params["records_per_shard"]
    return Work(5 * records + 1, "records and invocations", ("shards", "records_per_shard"))


def _lanes(params: dict[str, Any], rng: random.Random) -> list[Lane]:
    """The records, with partition keys drawn by the seed, split into in-order lanes.

    With a parallelization factor above 1 a key always lands in the same lane of its shard (Lambda hashes the
    partition key), which is what keeps each key in order while the shard runs batches side by side.
    """
    shards, factor = params["shards"], params["parallelization_factor"]
    interval = params["write_interval_ms"] / 1000
    lanes = {(shard, slot): Lane(shard, []) for shard in range(shards) for slot in range(factor)}
    for index in range(shards * params["records_per_shard"]):
        shard = index % shards
        key = int(rng.random() * params["partition_keys"])  # randrange is three times slower
        record = Record(index, shard, key, (index // shards) * interval)
        lanes[(shard, key % factor)].records.append(record)
    return [lane for lane in lanes.values() if lane.records]


def _read(lane: Lane, params: dict[str, Any]) -> None:
    """Poll one lane: gather a batch, invoke, and deal with failures before the next batch."""
    cap = max(1, min(params["batch_size"], PAYLOAD_LIMIT_KB // params["record_kb"]))
    window = float(params["batching_window"])
    records = lane.records
    t, i = 0.0, 0
    while i < len(records):
        lane.steps += 1
        start = max(t, records[i].written)
        fresh = i
        while fresh < len(records) and start - records[fresh].written > _age_limit(params):
            fresh += 1
        if fresh > i:  # records that waited behind a blocked batch for too long
            _expire(lane, records[i:fresh], start, params)
            i = fresh
            continue
        send = start
        if window:
            # Wait for the window, unless the batch fills up first.
            send = start + window
            if i + cap - 1 < len(records):
                send = min(send, max(start, records[i + cap - 1].written))
        end = i
        while end < len(records) and end - i < cap and records[end].written <= send:
            end += 1
        t = _process(lane, records[i:end], send, params)
        i = end


def _age_limit(params: dict[str, Any]) -> float:
    """How old a record may be: the maximum record age, or else until it leaves the stream."""
    return RETENTION if params["max_record_age"] == -1 else min(RETENTION, params["max_record_age"])


def _process(lane: Lane, batch: list[Record], t: float, params: dict[str, Any]) -> float:
    """Invoke the function with `batch` (and the halves or remainders a failure leaves); return when done."""
    duration = params["duration_ms"] / 1000
    poison = params["poison_record"]
    pending = deque([batch])
    first_failure: float | None = None
    while pending:
        lane.steps += 1
        records = pending.popleft()
        fresh = [record for record in records if t - record.written <= _age_limit(params)]
        if len(fresh) < len(records):  # bisected halves can age while the other half is retried
            _expire(lane, records[: len(records) - len(fresh)], t, params)
            records = fresh
        if not records:
            continue
        lane.invocations += 1
        lane.busy.append((t, t + duration))
        failed_at = next((n for n, record in enumerate(records) if record.number == poison), None)
        if failed_at is None:
            _ok(lane, records, t, t + duration)
            t += duration
            continue
        _unfold(lane)
        _tell(lane, t, "batch", f"Batch of {_count(records)} {_span(records)} sent to the function.",
              records=[r.number for r in records])
        t += duration
        first_failure = t if first_failure is None else first_failure
        rest = _failed(lane, records, failed_at, t, params)
        if params["bisect_on_error"] and len(rest) > 1:
            half = len(rest) // 2
            lane.bisections += 1
            _tell(lane, t, "bisect", f"BisectBatchOnFunctionError splits the {len(rest)} records into "
                  f"{half} + {len(rest) - half} and tries each half; splitting uses no retry attempt.")
            pending.extendleft([rest[half:], rest[:half]])
            continue
        t = _retry(lane, rest, t, params)
        # The shard gets past the poison record only now, when the batch holding it is discarded.
        lane.blocked = max(lane.blocked, t - first_failure)
        lane.told_ok = 0  # tell the first batches after the recovery again
    return t


def _ok(lane: Lane, records: list[Record], start: float, end: float) -> None:
    """A successful batch. Beyond the first TOLD_BATCHES of a lane, successes are folded into one event."""
    _end(lane, records, "processed")
    if lane.told_ok >= TOLD_BATCHES:
        lane.folded.extend(records)
        lane.folded_batches += 1
        lane.folded_until = end
        return
    lane.told_ok += 1
    _tell(lane, start, "batch", f"Batch of {_count(records)} {_span(records)} sent to the function.",
          records=[r.number for r in records])
    _tell(lane, end, "batch-ok", f"Batch succeeded: {_count(records)} processed; the checkpoint moves past "
          f"{records[-1].label()}.", processed=[r.number for r in records], keys=_keys(records))


def _unfold(lane: Lane) -> None:
    """Tell the folded successful batches, if any, as one event at the end of the last of them."""
    if not lane.folded_batches:
        return
    records = lane.folded
    _tell(lane, lane.folded_until, "batches-ok", f"… {lane.folded_batches:,} more batches succeeded: "
          f"{_count(records)} {_span(records)} processed in order …", processed=[r.number for r in records], keys=_keys(records),
          batches=lane.folded_batches)
    lane.folded, lane.folded_batches = [], 0


def _failed(lane: Lane, records: list[Record], failed_at: int, t: float, params: dict[str, Any]) -> list[Record]:
    """Tell the failure; return the records that still have to go through (all, or from the failed one)."""
    poison = records[failed_at]
    if params["report_batch_item_failures"]:
        done = records[:failed_at]
        _end(lane, done, "processed")
        kept = f"the {_count(done)} before it {'is' if len(done) == 1 else 'are'} checkpointed; " if done else ""
        _tell(lane, t, "partial", f"Function error on {poison.label()}, and the function reports it as the failed "
              f"item (ReportBatchItemFailures): {kept}only {poison.label()} and later records are retried.",
              processed=[r.number for r in done], keys=_keys(done))
        return records[failed_at:]
    _tell(lane, t, "batch-error", f"Function error on {poison.label()} (a poison record): the whole batch of "
          f"{len(records)} fails and the shard is blocked; nothing behind it is read.")
    return records


def _retry(lane: Lane, records: list[Record], t: float, params: dict[str, Any]) -> float:
    """Retry a failing batch until retries run out or its oldest record is too old; then discard it.

    Every retry contains the poison record, so every retry fails the same way: the number of retries is
    worked out at once, and only the first few and the last are told.
    """
    duration = params["duration_ms"] / 1000
    limit = params["retry_attempts"]
    oldest = records[0].written
    # Retry n starts at t + (n - 1) × duration and may start while the oldest record is within the age limit.
    age_limit = _age_limit(params)
    by_age = int((oldest + age_limit - t) / duration + 1e-9) + 1 if t - oldest <= age_limit else 0
    count = by_age if limit == -1 else min(limit, by_age)
    of = "unlimited" if limit == -1 else f"{limit:,}"
    on = records[0].label() if params["report_batch_item_failures"] else "the poison record"
    told = [*range(1, min(count, TOLD_RETRIES) + 1), *([count] if count > TOLD_RETRIES else [])]
    for n in told:
        skipped = count - TOLD_RETRIES - 1
        if n == count and skipped > 0:
            _tell(lane, t + TOLD_RETRIES * duration, "blocked", f"… {skipped:,} more retries, each failing the "
                  f"same way; the shard stays blocked for another {format_duration(skipped * duration)} …",
                  retries=skipped)
        _tell(lane, t + (n - 1) * duration, "retry",
              f"Retry {n:,} of {of}: the batch of {_count(records)} fails again on {on}.", retry=n)
    if count:
        lane.invocations += count
        lane.retries += count
        lane.busy.append((t, t + count * duration))
    t += count * duration
    reason = "Retries used up" if limit != -1 and count == limit else _age_reason(params)
    _discard(lane, records, t, params, reason)
    return t


def _expire(lane: Lane, old: list[Record], t: float, params: dict[str, Any]) -> None:
    """Records too old by the time they are read (they waited behind a blocked batch).

    Records older than the maximum record age are discarded like a failed batch; records past the stream's
    retention are gone from the stream, so nothing of them reaches the on-failure destination.
    """
    _unfold(lane)
    if _age_limit(params) < RETENTION:
        _discard(lane, old, t, params, _age_reason(params) + " before they were read")
        return
    _end(lane, old, "expired")
    _tell(lane, t, "expired", f"{_count(old)} {_span(old)} left the stream (24 h retention) before the blocked "
          "shard reached them: lost, with nothing sent to the on-failure destination.",
          expired=[r.number for r in old], keys=_keys(old))


def _age_reason(params: dict[str, Any]) -> str:
    if params["max_record_age"] != -1 and params["max_record_age"] < RETENTION:
        return f"Older than the maximum record age ({format_duration(params['max_record_age'])})"
    return "Expired from the stream (24 h retention; the docs' example with longer retention blocks up to a week)"


def _discard(lane: Lane, records: list[Record], t: float, params: dict[str, Any], reason: str) -> None:
    _end(lane, records, "discarded")
    where = ON_FAILURE[params["on_failure"]]
    fate = f"discarded; {where}" if params["on_failure"] == "none" else f"discarded to the {where}"
    _tell(lane, t, "discard", f"{reason}: {_count(records)} {_span(records)} {fate}. The shard moves on.",
          discarded=[r.number for r in records], keys=_keys(records),
          destination=params["on_failure"])


def _end(lane: Lane, records: list[Record], how: str) -> None:
    for record in records:
        lane.ends[record.number] = how


def _tell(lane: Lane, t: float, kind: str, text: str, **data: Any) -> None:
    lane.events.append(Event(t, kind, text, f"shard {lane.shard + 1}", {"shard": lane.shard, **data}))


def _keys(records: list[Record]) -> list[str]:
    """The partition keys of records that end in an event, in the same order (so order per key can be checked)."""
    return [f"shard {record.shard + 1} key {record.key}" for record in records]


def _count(records: list[Record]) -> str:
    return "1 record" if len(records) == 1 else f"{len(records):,} records"


def _span(records: list[Record]) -> str:
    if len(records) == 1:
        return f"({records[0].label()})"
    return f"({records[0].label()} … {records[-1].label()})"


def _concurrency(intervals: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Concurrent invocations over time, as (time, count) steps. An end and a start at one time do not overlap."""
    changes = sorted([(end, -1) for _, end in intervals] + [(start, 1) for start, _ in intervals])
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    level = 0
    for time, step in changes:
        level += step
        if points[-1][0] == time:
            points[-1] = (time, float(level))
        else:
            points.append((time, float(level)))
    return tuple(points)


def _summary(lanes: list[Lane], params: dict[str, Any], limit: int, peak: float,
             events: list[Event]) -> dict[str, Any]:
    ends = [how for lane in lanes for how in lane.ends.values()]
    discarded = ends.count("discarded")
    poison_lost = sum(1 for lane in lanes if lane.ends.get(params["poison_record"]) == "discarded")
    return {
        "Source": SOURCE_NAMES[params["source"]],
        "Records": len(ends),
        "Concurrency limit (shards × parallelization factor)":
            f"{params['shards']} × {params['parallelization_factor']} = {limit}",
        "Peak concurrent batches": int(peak),
        "Invocations": sum(lane.invocations for lane in lanes),
        "Retries": sum(lane.retries for lane in lanes),
        "Bisections (no retry used)": sum(lane.bisections for lane in lanes),
        "Records processed": ends.count("processed"),
        "Records discarded": discarded,
        "Good records discarded": discarded - poison_lost,
        "Records expired unread (lost)": ends.count("expired"),
        "Longest blocked shard": format_duration(max(lane.blocked for lane in lanes)),
        "Discarded records went to": ON_FAILURE[params["on_failure"]],
        "Finished at": format_duration(events[-1].time if events else 0.0),
    }


def _verdict(lanes: list[Lane], params: dict[str, Any], events: list[Event]) -> str:
    ends = [how for lane in lanes for how in lane.ends.values()]
    discarded, expired = ends.count("discarded"), ends.count("expired")
    if not discarded and not expired:
        return f"All {len(ends):,} records processed in {format_duration(events[-1].time)}"
    lost = f"; {expired:,} expired unread" if expired else ""
    poison = params["poison_record"]
    if not any(lane.ends.get(poison) == "discarded" for lane in lanes):  # it expired unread, say
        return f"{discarded:,} of {len(ends):,} records discarded {VERDICT_WHERE[params['on_failure']]}{lost}"
    blocked = next(lane for lane in lanes if poison in lane.ends)
    return (f"Poison record #{poison} blocked shard {blocked.shard + 1} for "
            f"{format_duration(blocked.blocked)}; {discarded:,} record{'s' if discarded != 1 else ''} discarded "
            f"{VERDICT_WHERE[params['on_failure']]}{lost}")


SIMULATION = Simulation(
    name="stream-retry",
    title="Stream retries: Kinesis and DynamoDB Streams",
    summary="Shards read in order: a poison record blocks its shard until retries run out or it expires; "
            "bisecting and partial batch responses limit the damage; discarded records go to the on-failure "
            "destination.",
    params=PARAMS,
    runner=run,
    sources=SOURCES,
    check=_check,
    work=work,
    budget=1_000_001,  # the whole declared range: 20 shards of 10,000 records, about 2 s
)


# --- generated questions ---------------------------------------------------------------------------------------


def _setup(result: SimResult) -> str:
    p = result.params
    retries = "-1 (no limit)" if p["retry_attempts"] == -1 else f"{p['retry_attempts']:,}"
    age = "-1 (no limit)" if p["max_record_age"] == -1 else f"{p['max_record_age']:,} s"
    extras = [name for name, on in (("BisectBatchOnFunctionError", p["bisect_on_error"]),
                                    ("ReportBatchItemFailures", p["report_batch_item_failures"])) if on]
    poison = (f"record #{p['poison_record']} makes the function fail every time"
              if p["poison_record"] != -1 else "no record makes the function fail")
    return (f"A {SOURCE_NAMES[p['source']]} event source mapping reads {count_of(p['shards'], 'shard')} of "
            f"{p['records_per_shard']:,} records with BatchSize = {p['batch_size']:,}, MaximumRetryAttempts = "
            f"{retries} and MaximumRecordAgeInSeconds = {age}"
            f"{', with ' + ' and '.join(extras) if extras else ''}; {poison}; each invocation takes "
            f"{p['duration_ms']:,} ms.")


def _compose_blocked(result: SimResult) -> Composed:
    blocked = _discard_time(result)
    p = result.params
    def took(seconds: float, when: str) -> str:
        # Each duration comes with the event that would end the block, so that the choices read alike whatever
        # the durations' formats ("58 min 38 s" against "1 d 0 h") and the answer is not the longest text.
        return "Not at all (0 s)" if seconds == 0 else f"About {format_duration(seconds)}, {when}"
    retries_time = (p["retry_attempts"] + 1) * p["duration_ms"] / 1000 if p["retry_attempts"] != -1 else 0
    return Composed(
        stem=f"{_setup(result)} How long after its first failure does the shard get past the poison record?",
        correct=(took(blocked, "once the failing batch is discarded at last"),
                 f"The run discards the failing batch {format_duration(blocked)} after its first "
                 "failure, and only then does the shard move on."),
        # A duration equal to the answer's would read as a second right answer with another reason: left out.
        distractors=tuple(
            (took(seconds, when), why)
            for seconds, when, why in (
                (RETENTION, "when the poison record expires from the stream",
                 "24 h is when the record leaves the stream: it ends the block only without a lower retry or age "
                 "limit."),
                (604_800, "the longest record age a mapping allows",
                 "A week is the longest MaximumRecordAgeInSeconds, and the docs' example of "
                 "extended retention; it is not what these settings give."),
                (21_600, "when the retried event reaches its maximum event age",
                 "6 h is the asynchronous event age limit; stream records are not async events."),
                (0, "", "Lambda does not skip a failing record: it retries the batch and blocks the shard."),
                (retries_time + 60, "after a minute's wait before each retry",
                 "Stream retries do not wait a minute between attempts like async ones."),
                (blocked * 2 + 1, "as the batch is retried a second round", "The block ends once, when the batch is discarded."),
            )
            if format_duration(seconds) != format_duration(blocked)
        ),
        reason="A failing batch blocks its shard until it succeeds, runs out of retries or its records grow too "
               "old; bisecting uses no retries, and only then is the batch discarded.",
    )


def _discard_time(result: SimResult) -> float:
    """Time from the first failure to the discard that unblocked the poison record's shard (0 without one)."""
    first = next((e.time for e in result.events if e.kind in ("batch-error", "partial")), None)
    poison = result.params["poison_record"]
    discard = next((e.time for e in result.events if e.kind == "discard" and poison in e.data["discarded"]), None)
    if first is None or discard is None:
        return 0.0
    return discard - first


def _compose_discarded(result: SimResult) -> Composed:
    p = result.params
    lost = result.summary["Records discarded"]
    def records(count: int) -> str:
        return "No records" if count == 0 else ("1 record" if count == 1 else f"{count:,} records")
    return Composed(
        stem=f"{_setup(result)} How many records end up discarded ({ON_FAILURE[p['on_failure']]})?",
        correct=(records(lost), f"The run discards {records(lost).lower()}; every other record is processed."),
        distractors=(
            (records(1), "Without bisecting or a partial batch response the whole failed batch is discarded, "
                         "good records included."),
            (records(min(p["batch_size"], p["records_per_shard"])), "Bisecting or ReportBatchItemFailures can "
                                                                   "leave fewer records in the failing batch."),
            (records(0), "A record that always fails is never processed: it is discarded in the end."),
            (records(result.summary["Records"]), "Other batches and shards are not affected by the poison record."),
            (records(lost + 1), "Count again: only the records in the finally failing batch are discarded."),
            (records(lost + 2), "Count again: only the records in the finally failing batch are discarded."),
        ),
        reason="When a batch is finally given up, every record still in it is discarded; BisectBatchOnFunctionError "
               "and ReportBatchItemFailures shrink that batch towards the poison record alone.",
    )


def _compose_concurrency(result: SimResult) -> Composed:
    p = result.params
    limit = int(result.limits["shards × parallelization factor"])
    def batches(count: int) -> str:
        return "1 batch" if count == 1 else f"{count:,} batches"
    return Composed(
        stem=f"A stream has {count_of(p['shards'], 'shard')} and the event source mapping has ParallelizationFactor = "
             f"{p['parallelization_factor']}. At most how many batches can the function process at once?",
        correct=(batches(limit), "Concurrency is shards × ParallelizationFactor."),
        distractors=(
            (batches(p["shards"]), "Without a factor it would be one batch per shard; the factor multiplies it."),
            (batches(p["shards"] * 10), "ParallelizationFactor goes up to 10, but the setting here is lower."),
            (batches(p["shards"] + p["parallelization_factor"]), "The factor multiplies the shards, it does "
                                                                "not add to them."),
            (batches(1000), "1,000 is the default account concurrency, not the stream's limit."),
            (batches(limit * 2), "Concurrency is shards × ParallelizationFactor, no more."),
        ),
        reason="Each shard runs up to ParallelizationFactor batches at once, keeping records of one partition key "
               "in order.",
    )


ASKS = {
    "blocked_time": run_ask(SIMULATION, "How long a poison record blocks its shard", _compose_blocked, version=2),
    "discarded_records": run_ask(SIMULATION, "How many records are discarded to the on-failure destination",
                                 _compose_discarded, version=2),
    "concurrency": run_ask(SIMULATION, "How many batches run at once (shards × parallelization factor)",
                           _compose_concurrency),
}

