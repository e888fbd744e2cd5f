"""SQS event source mapping: batches, the visibility timeout, partial batch responses, redrive to the DLQ.

The rules (lambda-facts.md §3, from the AWS pages in SOURCES):

- Batch size: default 10; standard queues up to 10,000, but above 10 only with a batching window of at least
  1 s; FIFO queues at most 10, and no batching window (0–300 s on standard queues).
- The function timeout must not exceed the queue's visibility timeout (Lambda rejects the mapping); AWS
  recommends a visibility timeout of at least 6 × the function timeout.
- A function error (a timeout included) returns the whole batch to the queue: its messages become visible
  again when their visibility timeout ends. With ReportBatchItemFailures only the failed messages return.
  Lambda deletes the messages of a successful batch.
- The DLQ belongs to the source queue (its redrive policy): once a message has been received
  maxReceiveCount times (AWS recommends at least 5), SQS moves it to the DLQ instead of delivering it again.
- Standard queues start with 5 concurrent batches and add up to 300 per minute while messages remain, up to
  1,000 (before late 2023 it was +60 per minute, as the notes say). FIFO queues deliver each message group in
  order and never run two batches of one group at once: a failing group holds back only itself.

Model choices: all messages are in the queue at the start; every invocation takes `duration_ms` (a timeout
when that is longer than the function timeout); the poison message fails every invocation that holds it; a
message that becomes visible after its last allowed receive moves to the DLQ at that moment.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from .base import Event, SimResult, Simulation, Work
from .generate import Composed, count_of, format_duration, run_ask
from .params import Param, ParamError

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",
    "https://aws.amazon.com/blogs/compute/introducing-faster-polling-scale-up-for-aws-lambda-functions-configured-with-amazon-sqs/",
)

FIFO_MAX_BATCH = 10
STANDARD_BATCH_WITHOUT_WINDOW = 10  # a larger batch needs a batching window of at least 1 s
VISIBILITY_FACTOR = 6  # recommended visibility timeout: at least 6 × the function timeout
RECOMMENDED_RECEIVES = 5
START_CONCURRENCY = 5  # standard queues: concurrent batches at the start...
SCALE_PER_SECOND = 300 / 60  # ...plus up to 300 per minute...
MAX_CONCURRENCY = 1_000  # ...up to 1,000 concurrent batches
MAX_BATCHES = 20_000  # a run stops here (and says so): 10,000 messages timing out 1,000 times each would not end

PARAMS = (
    Param("queue", "Queue type", "choice", "standard", choices=("standard", "fifo"),
          help="A standard queue, or a FIFO queue that keeps each message group in order."),
    Param("messages", "Messages", "int", 10, minimum=1, maximum=10_000, help="Messages waiting in the queue."),
    Param("batch_size", "Batch size", "int", 10, minimum=1, maximum=10_000,
          help="BatchSize: default 10; above 10 needs a batching window ≥ 1 s; FIFO at most 10."),
    Param("batching_window", "Batching window", "int", 0, unit="s", minimum=0, maximum=300,
          help="MaximumBatchingWindowInSeconds (standard queues only)."),
    Param("visibility_timeout", "Visibility timeout", "int", 30, unit="s", minimum=1, maximum=43_200,
          help="How long a received message stays hidden; recommended ≥ 6 × the function timeout."),
    Param("function_timeout", "Function timeout", "int", 3, unit="s", minimum=1, maximum=900,
          help="The function's timeout (default 3 s, at most 15 min); must not exceed the visibility timeout."),
    Param("duration_ms", "Invocation duration", "int", 200, unit="ms", minimum=1, maximum=900_000,
          help="How long one invocation takes; longer than the function timeout means it times out."),
    Param("max_receive_count", "maxReceiveCount", "int", 5, minimum=1, maximum=1_000,
          help="Receives before SQS moves a message to the DLQ (recommended ≥ 5)."),
    Param("dlq", "Dead-letter queue", "bool", True, help="A DLQ in the source queue's redrive policy."),
    Param("report_batch_item_failures", "Partial batch response", "bool", False,
          help="ReportBatchItemFailures: only the failed messages return to the queue."),
    Param("poison_message", "Poison message", "int", 3, minimum=0, maximum=9_999, allowed_extra=(-1,),
          help="Index of a message that makes the function fail every time; -1 = none."),
    Param("message_groups", "Message groups", "int", 1, minimum=1, maximum=1_000,
          help="FIFO only: message i belongs to group i mod message_groups."),
    Param("seconds", "Simulated time", "int", 600, unit="s", minimum=10, maximum=86_400,
          help="How long to run; messages neither deleted nor moved by then are still in the queue."),
)


def _check(params: dict[str, Any]) -> None:
    """The configurations Lambda rejects, plus a poison message that does not exist."""
    size, window = params["batch_size"], params["batching_window"]
    if params["queue"] == "fifo":
        if size > FIFO_MAX_BATCH:
            raise ParamError(f"batch_size={size} is too large for a FIFO queue: expected 1–{FIFO_MAX_BATCH}")
        if window:
            raise ParamError(f"batching_window={window} is not supported for FIFO queues: expected 0")
    else:
        if size > STANDARD_BATCH_WITHOUT_WINDOW and window < 1:
            raise ParamError(f"batch_size={size} above {STANDARD_BATCH_WITHOUT_WINDOW} needs batching_window ≥ 1 s "
                             "(MaximumBatchingWindowInSeconds); set one or use a batch of 10 or fewer")
        if params["message_groups"] > 1:
            raise ParamError(f"message_groups={params['message_groups']} applies to FIFO queues only: "
                             "use queue=fifo, or 1 for a standard queue")
    if params["function_timeout"] > params["visibility_timeout"]:
        raise ParamError(f"function_timeout={params['function_timeout']} s is above visibility_timeout="
                         f"{params['visibility_timeout']} s: Lambda rejects an SQS event source mapping whose "
                         "function timeout exceeds the queue's visibility timeout")
    if params["poison_message"] >= params["messages"]:
        raise ParamError(f"poison_message={params['poison_message']} is beyond the last message: there are "
                         f"{params['messages']:,} messages (0–{params['messages'] - 1:,}), or -1 for none")


@dataclass
class Message:
    index: int
    group: int
    receives: int = 0
    visible_at: float = 0.0
    end: str = ""  # "deleted", "dlq", or "" while it is in the queue


class Batch(NamedTuple):
    """A batch in flight; a tuple, so the heap of running batches orders by end time, then number."""

    ends_at: float
    number: int
    started: float
    messages: list[Message]


@dataclass
class Queue:
    """The queue as the poller sees it, and what the run has told so far."""

    params: dict[str, Any]
    messages: list[Message]
    rng: random.Random
    ready: deque[Message] = field(default_factory=deque)  # standard: visible, in the order SQS hands them out
    groups: dict[int, deque[Message]] = field(default_factory=dict)  # FIFO: each group's messages, in order
    # FIFO groups that may have become readable (freed, or their head visible again), so that taking a batch
    # does not scan every group. A stale entry is dropped when it is looked at.
    candidates: deque[int] = field(default_factory=deque)
    hidden: list[tuple[float, int]] = field(default_factory=list)  # heap of (visible again at, index)
    running: list[Batch] = field(default_factory=list)  # heap by end time
    busy_groups: set[int] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    batches: int = 0
    failed: int = 0
    counted: int = 0  # of the batches, those `_repeat` counted rather than ran: they do not use up MAX_BATCHES
    peak: int = 0
    stopped: float | None = None  # when the run gave up at MAX_BATCHES, if it did
    points: list[tuple[float, float]] = field(default_factory=lambda: [(0.0, 0.0)])
    fifo: bool = field(init=False)

    def __post_init__(self) -> None:
        self.fifo = self.params["queue"] == "fifo"

    def lane(self, message: Message) -> str:
        return f"group {message.group + 1}" if self.fifo else "queue"

    def tell(self, t: float, kind: str, text: str, lane: str, **data: Any) -> None:
        self.events.append(Event(t, kind, text, lane, data))


def run(params: dict[str, Any], seed: int) -> SimResult:
    """Poll the queue until every message is deleted or moved, or the simulated time is up."""
    groups = params["message_groups"] if params["queue"] == "fifo" else 1
    messages = [Message(index, index % groups) for index in range(params["messages"])]
    queue = Queue(params, messages, random.Random(seed))
    if queue.fifo:
        for message in messages:
            queue.groups.setdefault(message.group, deque()).append(message)
        queue.candidates.extend(queue.groups)
    else:
        queue.ready.extend(messages)
    _warn(queue)
    t = 0.0
    moments = 0
    while True:
        moments += 1
        _finish(queue, t)
        _reveal(queue, t)
        if queue.batches - queue.counted < MAX_BATCHES:
            _dispatch(queue, t)
        elif not queue.running:  # the batches in flight have ended; start no more
            queue.stopped = t
            break
        upcoming = _next_time(queue, t)
        if upcoming is None or upcoming > params["seconds"]:
            break
        t = upcoming
    _close(queue)
    return SimResult(
        simulation="sqs-retry",
        params=params,
        seed=seed,
        events=tuple(sorted(queue.events, key=lambda event: event.time)),
        summary=_summary(queue),
        view="timeline",
        series={"concurrent batches": tuple(queue.points)},
        limits={"concurrency cap": float(min(groups, MAX_CONCURRENCY) if queue.fifo else MAX_CONCURRENCY)},
        verdict=_verdict(queue),
        steps=moments + queue.batches - queue.counted,
    )


def work(params: dict[str, Any]) -> Work:
    """Moments of simulated time the run stops at, and batches it runs, at most: a run stops after MAX_BATCHES
    batches; each batch ends once and its failed messages reappear at one moment; the pollers grow at most
    1,000 times; the first batches wait for their window."""
    return Work(3 * MAX_BATCHES + params["messages"] + MAX_CONCURRENCY + 10, "batches and moments", ("messages",))


def _warn(queue: Queue) -> None:
    """Configurations Lambda accepts but AWS advises against, told at the start."""
    p = queue.params
    advised = VISIBILITY_FACTOR * p["function_timeout"]
    if p["visibility_timeout"] < advised:
        queue.tell(0.0, "warning", f"Visibility timeout {p['visibility_timeout']} s is below the recommended "
                   f"{VISIBILITY_FACTOR} × the function timeout ({advised} s): messages can reappear while retries "
                   "of a throttled batch are still going on.", "config")
    if p["dlq"] and p["max_receive_count"] < RECOMMENDED_RECEIVES:
        queue.tell(0.0, "warning", f"maxReceiveCount = {p['max_receive_count']} is below the recommended "
                   f"{RECOMMENDED_RECEIVES}: a message can reach the DLQ after a brief problem, such as throttling.",
                   "config")
    if not p["dlq"]:
        queue.tell(0.0, "warning", "No DLQ on the source queue: a message that always fails comes back until the "
                   "queue's retention period ends. (A function's own DLQ serves asynchronous invokes only.)",
                   "config")


def _finish(queue: Queue, t: float) -> None:
    """Batches that have ended by `t`: delete what succeeded, hide what failed until its visibility ends."""
    p = queue.params
    while queue.running and queue.running[0].ends_at <= t:
        batch = heapq.heappop(queue.running)
        _track(queue, batch.ends_at)
        queue.busy_groups.discard(batch.messages[0].group)
        if queue.fifo:
            queue.candidates.append(batch.messages[0].group)
        timed_out = p["duration_ms"] > p["function_timeout"] * 1000
        poison = next((n for n, m in enumerate(batch.messages) if m.index == p["poison_message"]), None)
        lane = queue.lane(batch.messages[0])
        if not timed_out and poison is None:
            _settle(queue, batch.messages, "deleted")
            queue.tell(batch.ends_at, "batch-ok", f"Batch {batch.number} succeeded: Lambda deletes its "
                       f"{_count(batch.messages)} from the queue.", lane, deleted=_ids(batch.messages))
            continue
        queue.failed += 1
        back_at = batch.started + p["visibility_timeout"]
        returned = batch.messages
        if timed_out:
            why = f"The function timed out after {p['function_timeout']} s, a function error: the whole batch of"
        elif p["report_batch_item_failures"]:
            assert poison is not None  # a batch without it that did not time out was deleted above
            # A FIFO group must stay in order, so the messages after a failed one come back with it.
            returned = batch.messages[poison:] if queue.fifo else [batch.messages[poison]]
            kept = [m for m in batch.messages if m not in returned]
            _settle(queue, kept, "deleted")
            deletes = f"Lambda deletes the other {_count(kept)}; " if kept else ""
            why = (f"Function error on {_name(batch.messages[poison])}, reported as failed "
                   f"(ReportBatchItemFailures): {deletes}only")
        else:
            assert poison is not None
            why = f"Function error on {_name(batch.messages[poison])}: the whole batch of"
        deleted = [m.index for m in batch.messages if m.end == "deleted"]
        subject_is_batch = returned is batch.messages and not (p["report_batch_item_failures"] and not timed_out)
        queue.tell(batch.ends_at, "batch-error", f"{why} {_count(returned)} {_span(returned)} "
                   f"return{'s' if subject_is_batch or len(returned) == 1 else ''} to the queue, visible again at "
                   f"{format_duration(back_at)} when the visibility timeout ends.", lane, deleted=deleted,
                   returned=_ids(returned))
        back_at = _repeat(queue, batch, returned, back_at)
        for message in returned:
            message.visible_at = back_at
            heapq.heappush(queue.hidden, (back_at, message.index))


def _repeat(queue: Queue, batch: Batch, returned: list[Message], back_at: float) -> float:
    """Count, rather than replay, a failing batch that can only come back the same way until the end.

    Without a DLQ, when the failed batch is all that is left, it is received again every visibility timeout and
    fails each time: one day of a 1 s visibility timeout would otherwise be 86,400 told batches. Returns when
    the messages become visible after the counted receives (past the end of the run when there are any).
    """
    p = queue.params
    alone = len(returned) == len(batch.messages) and not queue.running and not queue.hidden and not queue.ready
    waits = p["batching_window"] and len(returned) < p["batch_size"]  # the window would stretch the period
    if p["dlq"] or not alone or waits or back_at > p["seconds"]:
        return back_at
    if sum(1 for m in queue.messages if not m.end) != len(returned):  # FIFO: other groups still wait
        return back_at
    visibility: float = p["visibility_timeout"]
    count = int((p["seconds"] - back_at) // visibility) + 1  # receives at back_at, + visibility, … ≤ seconds
    for message in returned:
        message.receives += count
    queue.batches += count
    queue.counted += count
    queue.failed += count
    queue.tell(back_at, "repeat", f"… with no DLQ to stop it, the same {_count(returned)} {_span(returned)} "
               f"come{'s' if len(returned) == 1 else ''} back every {visibility} s and fail again: {count:,} more receives until the end of the simulated "
               "time …", queue.lane(returned[0]), receives=count)
    return back_at + count * visibility


def _reveal(queue: Queue, t: float) -> None:
    """Messages whose visibility timeout has ended: visible again, or moved to the DLQ by the redrive policy."""
    p = queue.params
    due: list[Message] = []
    while queue.hidden and queue.hidden[0][0] <= t:
        due.append(queue.messages[heapq.heappop(queue.hidden)[1]])
    if not queue.fifo:
        queue.rng.shuffle(due)  # a standard queue hands failed messages out again in no particular grouping
    moved: dict[str, list[Message]] = {}
    for message in due:
        if p["dlq"] and message.receives >= p["max_receive_count"]:
            _settle(queue, [message], "dlq")
            moved.setdefault(queue.lane(message) if queue.fifo else "dlq", []).append(message)
        elif not queue.fifo:
            queue.ready.append(message)
        if queue.fifo:  # the message stays in its place in the group; the group may be readable again
            queue.candidates.append(message.group)
    for lane, messages in moved.items():
        one = len(messages) == 1
        queue.tell(t, "dlq", f"{_count(messages).capitalize()} {_span(messages)} {'has' if one else 'have'} been "
                   f"received {p['max_receive_count']} times (maxReceiveCount): SQS moves "
                   f"{'it' if one else 'them'} to the dead-letter queue of the source queue.", lane,
                   moved=_ids(messages))


def _dispatch(queue: Queue, t: float) -> None:
    """Start as many batches as the concurrency allows and the queue can fill."""
    while len(queue.running) < _capacity(queue, t) and queue.batches - queue.counted < MAX_BATCHES:
        messages = _take(queue, t)
        if not messages:
            return
        queue.batches += 1
        p = queue.params
        for message in messages:
            message.receives += 1
        ends = t + min(p["duration_ms"] / 1000, p["function_timeout"])
        heapq.heappush(queue.running, Batch(ends, queue.batches, t, messages))
        if queue.fifo:
            queue.busy_groups.add(messages[0].group)
        _track(queue, t)
        again = "" if all(m.receives == 1 for m in messages) else " (again)"
        queue.tell(t, "batch", f"Batch {queue.batches}: {_count(messages)} {_span(messages)} received{again}, "
                   f"hidden from other consumers for the {p['visibility_timeout']} s visibility timeout.",
                   queue.lane(messages[0]), messages=_ids(messages), receives=[m.receives for m in messages])


def _take(queue: Queue, t: float) -> list[Message]:
    """The next batch, or nothing when no batch is due yet (the batching window is still open, say)."""
    size = queue.params["batch_size"]
    if queue.fifo:
        # One batch per group at a time, from the head of the group, once the head is visible again.
        while queue.candidates:
            group = queue.candidates.popleft()
            pending = queue.groups[group]
            if pending and group not in queue.busy_groups and pending[0].visible_at <= t:
                return list(islice(pending, size))
        return []
    if not queue.ready:
        return []
    window = queue.params["batching_window"]
    if len(queue.ready) < size and t < queue.ready[0].visible_at + window:
        return []
    return [queue.ready.popleft() for _ in range(min(size, len(queue.ready)))]


def _capacity(queue: Queue, t: float) -> int:
    if queue.fifo:
        return MAX_CONCURRENCY  # FIFO is bounded by its message groups: one batch per group at a time
    return min(MAX_CONCURRENCY, START_CONCURRENCY + int(t * SCALE_PER_SECOND + 1e-9))


def _next_time(queue: Queue, t: float) -> float | None:
    """When something can happen next: a batch ends, messages reappear, a window closes, concurrency grows."""
    times = []
    if queue.running:
        times.append(queue.running[0].ends_at)
    if queue.hidden:
        times.append(queue.hidden[0][0])
    if queue.ready and not queue.fifo:
        window_ends = queue.ready[0].visible_at + queue.params["batching_window"]
        if window_ends > t:
            times.append(window_ends)
        elif len(queue.running) >= _capacity(queue, t) and _capacity(queue, t) < MAX_CONCURRENCY:
            times.append((len(queue.running) + 1 - START_CONCURRENCY) / SCALE_PER_SECOND)
    later = [time for time in times if time > t]
    return min(later) if later else None


def _close(queue: Queue) -> None:
    """Whatever is neither deleted nor in the DLQ is still in the queue when the run ends."""
    left = [m for m in queue.messages if not m.end]
    if not left:
        return
    poison = next((m for m in left if m.index == queue.params["poison_message"]), None)
    cycling = (f" {_name(poison).capitalize()} has been received {poison.receives:,} times and will keep coming "
               "back." if poison else "")
    if queue.stopped is None:
        at, why = float(queue.params["seconds"]), f"End of the simulated {format_duration(queue.params['seconds'])}"
    else:
        at, why = queue.stopped, f"The simulation stops after {MAX_BATCHES:,} batches"
    queue.tell(at, "in-queue", f"{why}: {_count(left)} still in the queue (visible or in flight).{cycling}",
               "queue", remaining=_ids(left))


def _settle(queue: Queue, messages: list[Message], end: str) -> None:
    """Messages leave the queue: "deleted" after success or "dlq" by the redrive policy."""
    for message in messages:
        message.end = end
        if queue.fifo:
            pending = queue.groups[message.group]
            if pending[0] is message:  # the usual case: a group is settled from its head
                pending.popleft()
            else:
                pending.remove(message)


def _track(queue: Queue, t: float) -> None:
    level = float(len(queue.running))
    queue.peak = max(queue.peak, len(queue.running))
    if queue.points[-1][0] == t:
        queue.points[-1] = (t, level)
    else:
        queue.points.append((t, level))


def _ids(messages: list[Message]) -> list[int]:
    return [m.index for m in messages]


def _name(message: Message) -> str:
    return f"message #{message.index}"


def _count(messages: list[Message]) -> str:
    return "1 message" if len(messages) == 1 else f"{len(messages):,} messages"


def _span(messages: list[Message]) -> str:
    """Which messages: "(#3)", "(#0 … #9)" when they run on, else a few of them in order."""
    ids = sorted(m.index for m in messages)
    if len(ids) == 1:
        return f"(#{ids[0]})"
    if ids[-1] - ids[0] == len(ids) - 1:
        return f"(#{ids[0]} … #{ids[-1]})"
    shown = ", ".join(f"#{i}" for i in ids[:4])
    return f"({shown}, … #{ids[-1]})" if len(ids) > 5 else f"({', '.join(f'#{i}' for i in ids)})"


def _summary(queue: Queue) -> dict[str, Any]:
    p = queue.params
    ends = [m.end for m in queue.messages]
    poison = queue.messages[p["poison_message"]] if p["poison_message"] != -1 else None
    moved = ends.count("dlq")
    advised = VISIBILITY_FACTOR * p["function_timeout"]
    check = (f"{p['visibility_timeout']} s ≥ {VISIBILITY_FACTOR} × {p['function_timeout']} s: as recommended"
             if p["visibility_timeout"] >= advised else
             f"{p['visibility_timeout']} s < {VISIBILITY_FACTOR} × {p['function_timeout']} s = {advised} s: below "
             "the recommendation")
    return {
        "Queue": f"FIFO, {p['message_groups']} message group{'s' if p['message_groups'] != 1 else ''}"
                 if queue.fifo else "standard",
        "Messages": len(ends),
        "Batches invoked": queue.batches,
        "Failed batches": queue.failed,
        "Deleted after success": ends.count("deleted"),
        "Moved to the DLQ": moved,
        "Good messages moved to the DLQ": moved - (1 if poison is not None and poison.end == "dlq" else 0),
        "Still in the queue at the end": ends.count(""),
        "Receives of the poison message": poison.receives if poison is not None else "no poison message",
        "Peak concurrent batches": queue.peak,
        "Scaling": "one batch per message group at a time" if queue.fifo else
                   "5 concurrent batches at first, then up to +300 per minute to 1,000 (the notes' +60 per minute "
                   "is the rate before late 2023)",
        "Visibility timeout": check,
        "Simulated time": format_duration(p["seconds"]),
    }


def _verdict(queue: Queue) -> str:
    p = queue.params
    deleted = sum(1 for m in queue.messages if m.end == "deleted")
    if p["poison_message"] == -1 and deleted == len(queue.messages):
        last = max((e.time for e in queue.events), default=0.0)
        return f"All {deleted:,} messages deleted after {format_duration(last)}"
    moved = [e for e in queue.events if e.kind == "dlq"]
    poison = queue.messages[p["poison_message"]] if p["poison_message"] != -1 else None
    if poison is not None and poison.end == "dlq":
        at = next(e.time for e in moved if poison.index in e.data["moved"])
        others = sum(len(event.data["moved"]) for event in moved) - 1
        with_it = f", with {others:,} good message{'s' if others != 1 else ''}" if others else ""
        return (f"Poison message #{poison.index} moved to the DLQ at {format_duration(at)} after {poison.receives} "
                f"receives{with_it}; {deleted:,} deleted")
    left = sum(1 for m in queue.messages if not m.end)
    moved_count = sum(len(event.data["moved"]) for event in moved)
    until = p["seconds"] if queue.stopped is None else queue.stopped
    return (f"{deleted:,} messages deleted, {moved_count:,} moved to the DLQ, {left:,} still in the queue after "
            f"{format_duration(until)}")


SIMULATION = Simulation(
    name="sqs-retry",
    title="SQS retries: visibility timeout, redrive and FIFO groups",
    summary="Batches from a standard or FIFO queue: a failing batch returns after the visibility timeout, "
            "maxReceiveCount moves a poison message to the queue's DLQ, and partial batch responses spare the "
            "good messages.",
    params=PARAMS,
    runner=run,
    sources=SOURCES,
    check=_check,
    work=work,
    budget=3 * MAX_BATCHES + 10_000 + MAX_CONCURRENCY + 10,  # the whole declared range: MAX_BATCHES bounds it
)


# --- generated questions ---------------------------------------------------------------------------------------


def _setup(result: SimResult) -> str:
    p = result.params
    queue = (f"a FIFO queue with {count_of(p['message_groups'], 'message group')}" if p["queue"] == "fifo"
             else "a standard queue")
    partial = "with" if p["report_batch_item_failures"] else "without"
    return (f"A function reads {queue} of {p['messages']:,} messages in batches of {p['batch_size']} "
            f"{partial} ReportBatchItemFailures. The visibility timeout is {p['visibility_timeout']} s, the "
            f"function timeout {p['function_timeout']} s, maxReceiveCount {p['max_receive_count']}, and the queue "
            f"{'has a' if p['dlq'] else 'has no'} DLQ. "
            + (f"Message #{p['poison_message']} makes the function fail every time." if p["poison_message"] != -1
               else "No message makes the function fail."))


def _compose_dlq_time(result: SimResult) -> Composed:
    p = result.params
    poison = p["poison_message"]
    moved = next((e.time for e in result.events if e.kind == "dlq" and poison in e.data["moved"]), None)
    vis, mrc = p["visibility_timeout"], p["max_receive_count"]
    never = "Never: it stays in the queue"
    answer = never if moved is None else f"After {format_duration(moved)}"
    def after(seconds: float) -> str:
        return f"After {format_duration(seconds)}"
    return Composed(
        stem=f"{_setup(result)} When does message #{max(poison, 0)} reach the DLQ, counted from the start?",
        correct=(answer, "No DLQ is configured on the queue, so the message keeps coming back." if moved is None
                 else f"It is received {mrc} times, {vis} s apart, then SQS moves it when it becomes visible again."),
        distractors=(
            (after(max(mrc - 1, 1) * vis), "The message moves when it would be received once more than "
                                           "maxReceiveCount allows, not at its last receive."),
            (after((mrc + 1) * vis), "It moves as soon as its last allowed receive has timed out, not one later."),
            (after(mrc * p["function_timeout"]), "Messages reappear after the visibility timeout, not the "
                                                  "function timeout."),
            (never, "With a DLQ on the source queue, redrive moves the message after maxReceiveCount receives."),
            (after(p["duration_ms"] / 1000), "SQS does not move a message at its first failure."),
            (after(mrc * vis * 2), "Each receive hides the message for one visibility timeout, not two."),
        ),
        reason="A failed message returns to the queue when its visibility timeout ends; after maxReceiveCount "
               "receives, the source queue's redrive policy moves it to the DLQ.",
    )


def _compose_dlq_count(result: SimResult) -> Composed:
    p = result.params
    moved = result.summary["Moved to the DLQ"]
    def count(n: int) -> str:
        return {0: "None", 1: "1 message"}.get(n, f"{n:,} messages")
    return Composed(
        stem=f"{_setup(result)} How many messages end up in the DLQ within {format_duration(p['seconds'])}?",
        correct=(count(moved), "That is what the run shows: the messages that kept failing with the poison "
                               "message until maxReceiveCount."),
        distractors=(
            (count(1), "Without a partial batch response, good messages fail with the poison one in its batch."),
            (count(p["batch_size"]), "With a partial batch response, or when batches regroup, fewer messages "
                                     "share the poison message's fate."),
            (count(0), "A message that always fails is moved once it reaches maxReceiveCount."),
            (count(p["messages"]), "Only the messages that keep failing reach the DLQ."),
            (count(moved + 1), "Count the messages that failed maxReceiveCount times, no more."),
            (count(moved + 2), "Count the messages that failed maxReceiveCount times, no more."),
        ),
        reason="Without ReportBatchItemFailures the whole batch returns on a failure, so good messages are "
               "received again and can reach maxReceiveCount too; with it only the failed message returns.",
    )


ASKS = {
    "dlq_time": run_ask(SIMULATION, "When the poison message reaches the queue's DLQ", _compose_dlq_time),
    "dlq_messages": run_ask(SIMULATION, "How many messages end up in the DLQ", _compose_dlq_count),
}
