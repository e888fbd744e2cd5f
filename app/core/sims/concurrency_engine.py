"""The engine behind the concurrency simulation: functions sharing an account's concurrency, tick by tick.

Rules (lambda-facts.md §3 and §4):

- Reserved concurrency is a function's guaranteed slice and its cap; functions without one share the
  unreserved pool (the account limit minus all reservations). Provisioned environments hold their share
  from the start.
- A request runs on a free provisioned environment if there is one, else on a warm idle on-demand
  environment, else on a new one whose INIT phase (`init_ms`) is the cold start. Idle on-demand
  environments are reclaimed after `idle_reclaim_s`.
- Each function may create at most 1,000 new environments per 10 s: an allowance that holds at most 1,000
  and refills continuously at 100 per second, so unused rate does not accumulate.
- A request that finds no room is throttled. Synchronous callers get 429 TooManyRequestsException;
  asynchronous events are retried with backoff (1 s doubling to 5 min) until the maximum event age, then
  dropped; an SQS batch's messages reappear after the visibility timeout; a stream batch is retried.
- Event sources set their own concurrency: SQS standard starts with 5 concurrent batches and adds up to 300
  per minute while messages wait, up to the ESM's maximum concurrency (1,000 without one); SQS FIFO runs at
  most one batch per active message group; a stream runs shards × parallelization factor batches.

How it runs fast: time advances in 100 ms ticks and requests are counted, not simulated one by one with
their own events. A request holds its environment for at least one tick, which is Lambda's own ceiling of
10 requests per second per environment; longer durations are rounded to whole ticks at random in
proportion (150 ms is one tick or two, half the time each), so average occupancy stays right. Durations
come from a seeded table of log-normal draws used in turn. Only notable moments become Events.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..wording import count_of
from .base import Event

TICK_S = 0.1
TICKS_PER_S = 10
UNRESERVED_MINIMUM = 100
SCALING_BURST = 1_000  # new environments per function per 10 s
SCALING_REFILL_PER_TICK = SCALING_BURST / 10 / TICKS_PER_S  # refilled continuously: 100 per second
SQS_START_BATCHES = 5
SQS_ADD_PER_TICK = 300 / 60 / TICKS_PER_S  # up to +300 concurrent batches per minute
SQS_ESM_CAP = 1_000
ASYNC_BACKOFF_START_S = 1
ASYNC_BACKOFF_MAX_S = 300
MAX_DURATION_MS = 900_000  # the 15-minute timeout
SERIES_POINTS = 600  # at most about this many points per concurrency curve
EVENTS_PER_KIND = 8  # per function and kind of event; the summary keeps the full counts
DURATION_TABLE = 2048  # pre-drawn durations per function, used in turn (a power of two)
RETRY_STEPS = 8  # a batch of async retries costs about as much work as this many function-ticks or invocations


@dataclass(frozen=True)
class FunctionConfig:
    """One function in the pool and its traffic."""

    name: str
    reserved: int  # -1: none
    provisioned: int
    rate: float
    arrival: str  # steady | burst | ramp | schedule
    duration_ms: float
    duration_variation: float
    init_ms: float
    invocation: str  # sync | async
    source: str  # direct | sqs-standard | sqs-fifo | stream
    batch_size: int
    max_concurrency: int  # -1: none
    message_groups: int
    shards: int
    parallelization_factor: int
    visibility_timeout: int
    burst_seconds: int
    schedule_every_s: int

    @property
    def cap_text(self) -> str:
        return f"reserved {self.reserved:,}" if self.reserved >= 0 else "unreserved pool"

    def esm_limit(self) -> int:
        """The most batches the event source runs at once (0 for direct invocation, which has none)."""
        esm_cap = self.max_concurrency if self.max_concurrency > 0 else SQS_ESM_CAP
        if self.source == "sqs-standard":
            return esm_cap
        if self.source == "sqs-fifo":
            return min(self.message_groups, esm_cap)
        if self.source == "stream":
            return self.shards * self.parallelization_factor
        return 0


@dataclass(frozen=True)
class PoolSettings:
    """Account-wide settings of a run."""

    account_limit: int = 1000
    seconds: int = 60  # how long requests arrive
    requests: int = 0  # 0: use each function's rate; otherwise exactly this many, shared by rate
    idle_reclaim_s: int = 300
    max_event_age: int = 21_600


def check_pool(configs: Iterable[FunctionConfig], account_limit: int) -> str | None:
    """Why these reservations do not fit the account, or None if they do.

    Lambda keeps at least 100 units unreserved, so reservations, plus provisioned concurrency taken from
    the unreserved pool, may use at most account_limit - 100.
    """
    configs = list(configs)
    reserved = sum(c.reserved for c in configs if c.reserved >= 0)
    provisioned_unreserved = sum(c.provisioned for c in configs if c.reserved < 0)
    allowed = account_limit - UNRESERVED_MINIMUM
    if reserved > allowed:
        return (
            f"reserved concurrency totals {reserved:,} but at most {allowed:,} can be reserved: Lambda keeps "
            f"at least {UNRESERVED_MINIMUM} of the account limit of {account_limit:,} unreserved"
        )
    if reserved + provisioned_unreserved > allowed:
        return (
            f"provisioned concurrency of {provisioned_unreserved:,} on functions without a reservation would "
            f"leave fewer than {UNRESERVED_MINIMUM} of the account limit of {account_limit:,} unreserved "
            f"(reserved: {reserved:,})"
        )
    for c in configs:
        if c.reserved >= 0 and c.provisioned > c.reserved:
            return (
                f"{c.name}: provisioned={c.provisioned:,} is above reserved={c.reserved:,}; provisioned "
                "concurrency must fit inside the reserved concurrency"
            )
    return None


# ---------------------------------------------------------------------------------------------- traffic


def intensity_cumulative(config: FunctionConfig, seconds: int) -> list[float]:
    """Expected arrivals from 0 to each tick boundary at 1 request per second of full intensity."""
    ticks = seconds * TICKS_PER_S
    times = [i * TICK_S for i in range(ticks + 1)]
    if config.arrival == "steady":
        return times
    if config.arrival == "ramp":  # intensity rises as t/T, so its integral is t^2 / 2T
        return [t * t / (2 * seconds) for t in times]
    if config.arrival == "burst":  # 5% of the rate, full rate for burst_seconds from 10% of the run
        start = 0.1 * seconds
        end = min(seconds, start + config.burst_seconds)
        return [0.05 * t + 0.95 * max(0.0, min(t, end) - start) for t in times]
    period = config.schedule_every_s  # schedule: each period's requests arrive in its first second
    return [t // period * period + min(t % period, 1.0) * period for t in times]


def arrival_counts(configs: list[FunctionConfig], settings: PoolSettings, rng: random.Random) -> list[list[int]]:
    """Requests arriving in each tick, per function; in `requests` mode the totals are exact."""
    shapes = [intensity_cumulative(c, settings.seconds) for c in configs]
    if settings.requests:
        expected = [c.rate * shape[-1] for c, shape in zip(configs, shapes)]
        targets = _largest_remainder(settings.requests, expected if sum(expected) > 0 else [1.0] * len(configs))
        scales = [target / shape[-1] if shape[-1] else 0.0 for target, shape in zip(targets, shapes)]
        phases = [0.5] * len(configs)  # rounding half up makes the last cumulative value exactly the target
    else:
        scales = [c.rate for c in configs]
        phases = [rng.random() for _ in configs]
    counts = []
    for shape, scale, phase in zip(shapes, scales, phases):
        cumulative = [math.floor(value * scale + phase) for value in shape]
        counts.append([b - a for a, b in itertools.pairwise(cumulative)])
    return counts


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    floors = [math.floor(s) for s in shares]
    for k in sorted(range(len(shares)), key=lambda k: floors[k] - shares[k])[: total - sum(floors)]:
        floors[k] += 1
    return floors


def duration_table(cfg: FunctionConfig, rng: random.Random) -> tuple[list[int], list[int], list[int]]:
    """Pre-drawn durations (ms), and the ticks each holds an environment warm and cold (with INIT)."""
    sigma = cfg.duration_variation
    mu = math.log(cfg.duration_ms) - sigma * sigma / 2  # keeps the mean at duration_ms
    per_tick = TICK_S * 1000
    ms: list[int] = []
    warm: list[int] = []
    cold: list[int] = []
    draw = rng.random
    for _ in range(DURATION_TABLE):
        d = min(MAX_DURATION_MS, rng.lognormvariate(mu, sigma)) if sigma else cfg.duration_ms
        ms.append(max(1, round(d)))
        for out, exact in ((warm, d / per_tick), (cold, (d + cfg.init_ms) / per_tick)):
            whole = int(exact)
            out.append(max(1, whole + (draw() < exact - whole)))
    return ms, warm, cold


def duration_ticks_bound(cfg: FunctionConfig) -> int:
    """The most ticks one invocation can hold an environment."""
    return math.ceil((MAX_DURATION_MS + cfg.init_ms) / (TICK_S * 1000)) + 1


def drain_ticks(configs: list[FunctionConfig], settings: PoolSettings) -> int:
    """How long after traffic stops retries and polling go on (running work always finishes)."""
    extra = 0
    if any(c.source == "direct" and c.invocation == "async" for c in configs):
        extra = settings.max_event_age * TICKS_PER_S + 1
    if any(c.source != "direct" for c in configs):
        longest_hidden = max(c.visibility_timeout for c in configs) * TICKS_PER_S
        extra = max(extra, settings.seconds * TICKS_PER_S, longest_hidden + 1)
    return extra


# Tries of one throttled async event: nine doubling waits (1 s to 256 s), then 5 min waits up to its age.
_ASYNC_DOUBLINGS = (ASYNC_BACKOFF_MAX_S // ASYNC_BACKOFF_START_S).bit_length()


def _concurrency_cap(cfg: FunctionConfig, settings: PoolSettings) -> int:
    """The most invocations the function can have running at once."""
    caps = [settings.account_limit]
    if cfg.reserved >= 0:
        caps.append(cfg.reserved)
    if cfg.source != "direct":
        caps.append(cfg.esm_limit())
    return max(1, min(caps))


def work_bound(configs: list[FunctionConfig], settings: PoolSettings) -> dict[str, int]:
    """An upper bound of a run's `steps`, worked out before it runs, in its parts (their sum is the bound).

    "ticks": the main loop visits each function at most once a tick, until traffic stops, the drain ends and
    the longest invocation finishes; "requests": every request (or message) is invoked at most once;
    "retries": each tick's throttled async events come back at most once per backoff step; "queue": the
    queue of an event source is handled in at most a few chunks a tick.
    """
    arrival = settings.seconds * TICKS_PER_S
    ticks = arrival + drain_ticks(configs, settings) + max(duration_ticks_bound(c) for c in configs) + 2
    arriving = [math.ceil(c.rate * intensity_cumulative(c, settings.seconds)[-1]) + 1 for c in configs]
    if settings.requests:
        arriving = [settings.requests] * len(configs)
    # An invocation holds its environment at least a tick, so no more start than the function's cap each tick.
    # An event source's batch is booked once and then takes its messages from the queue: two steps.
    requests = sum(min(count, _concurrency_cap(c, settings) * ticks) * (1 if c.source == "direct" else 2)
                   for c, count in zip(configs, arriving))
    retries = RETRY_STEPS * sum(
        arrival * (_ASYNC_DOUBLINGS + settings.max_event_age // ASYNC_BACKOFF_MAX_S + 1)
        for c in configs if c.source == "direct" and c.invocation == "async"
    )
    # A throttled SQS batch's messages are hidden and come back after the visibility timeout as chunks of
    # their own, so a chunk can be handled again once per timeout until the run ends.
    queue = sum(
        3 * (arrival + ticks) * (1 + (ticks // max(1, c.visibility_timeout * TICKS_PER_S) if c.source.startswith("sqs") else 0))
        for c in configs if c.source != "direct"
    )
    return {"ticks": ticks * len(configs), "requests": requests, "retries": retries, "queue": queue}


# ---------------------------------------------------------------------------------------------- results


@dataclass
class FunctionStats:
    """What happened to one function. Request counts are messages or records for event sources."""

    name: str
    requests: int = 0
    succeeded: int = 0
    throttled_sync: int = 0  # synchronous requests answered with 429
    throttle_events: int = 0  # every throttled attempt (async retries and ESM batches included)
    throttled_by_limit: int = 0  # ... because the reserved cap or the unreserved pool was full
    throttled_by_scaling: int = 0  # ... because the scaling allowance was used up
    expired: int = 0  # async events dropped at the maximum event age
    left_in_queue: int = 0  # messages or records still waiting when the run ended
    cold_starts: int = 0
    reclaimed: int = 0
    peak: int = 0
    busy_ticks: int = 0  # sum of in-flight requests over the ticks in which traffic arrived
    created: list[tuple[float, int]] = field(default_factory=list)  # (time, new environments)
    latency: dict[int, int] = field(default_factory=dict)  # ms -> requests (or messages)


@dataclass
class PoolRun:
    """Everything a run produced."""

    configs: list[FunctionConfig]
    settings: PoolSettings
    stats: list[FunctionStats]
    events: list[Event]
    series: dict[str, tuple[tuple[float, float], ...]]
    limits: dict[str, float]
    pool: int  # the unreserved pool
    peak_total: int
    end_time: float
    steps: int = 0  # function-ticks run, invocations booked, retries and queue chunks handled (see `work_bound`)


def percentile(latency: dict[int, int], fraction: float) -> int:
    """The smallest latency (ms) at or below which `fraction` of the requests finished; 0 if none ran."""
    total = sum(latency.values())
    seen = 0
    for value in sorted(latency):
        seen += latency[value]
        if seen >= fraction * total:
            return value
    return 0


def invocation_rate(cfg: FunctionConfig) -> float:
    """Invocations per second at the function's full rate: an event source invokes once per batch."""
    return cfg.rate if cfg.source == "direct" else cfg.rate / cfg.batch_size


def littles_law(cfg: FunctionConfig) -> float:
    """Concurrency ≈ invocations per second × average duration in seconds (at the function's full rate)."""
    return invocation_rate(cfg) * cfg.duration_ms / 1000


# ---------------------------------------------------------------------------------------------- engine


class _Fn:
    """The moving state of one function (slots, because the main loop reads these millions of times)."""

    __slots__ = (
        "backlog",
        "backlog_n",
        "busy_ticks",
        "cfg",
        "cold_second",
        "cold_ticks",
        "counts",
        "cursor",
        "direct",
        "emitted",
        "esm_level",
        "esm_noted",
        "first_throttle",
        "idle",
        "idle_n",
        "index",
        "ms",
        "od_busy",
        "pc_busy",
        "plain_draws",
        "provisioned",
        "reclaim_second",
        "reserved",
        "ring_msgs",
        "ring_od",
        "ring_pc",
        "series",
        "stats",
        "ticks",
        "tokens",
        "tokens_tick",
        "win_max",
    )

    def __init__(self, index: int, cfg: FunctionConfig, counts: list[int], rng: random.Random, ring: int) -> None:
        self.cfg = cfg
        self.index = index
        self.stats = FunctionStats(cfg.name, requests=sum(counts))
        self.counts = counts
        self.direct = cfg.source == "direct"
        self.provisioned = cfg.provisioned
        self.reserved = cfg.reserved
        self.ms, self.ticks, self.cold_ticks = duration_table(cfg, rng)
        self.cursor = 0  # the next table entry for requests whose latency is recorded one by one
        # Warm requests that did not wait take their durations from the table in turn, from entry 0: only
        # their number is kept, and the latency histogram is rebuilt from it at the end.
        self.plain_draws = 0
        self.ring_pc = [0] * ring  # provisioned environments that finish at each tick (mod ring)
        self.ring_od = [0] * ring  # on-demand environments that finish at each tick
        self.ring_msgs = [0] * ring  # messages that finish at each tick (event sources)
        self.pc_busy = 0
        self.od_busy = 0
        self.idle: deque[list[int]] = deque()  # [idle since tick, environments], oldest first
        self.idle_n = 0
        self.tokens = float(SCALING_BURST)  # the scaling allowance, refilled lazily from tokens_tick
        self.tokens_tick = 0
        self.backlog: deque[list[int]] = deque()  # [arrival tick, messages], oldest first
        self.backlog_n = 0
        self.esm_level = float(min(SQS_START_BATCHES, cfg.esm_limit())) if cfg.source == "sqs-standard" else 0.0
        self.esm_noted = int(self.esm_level)  # the SQS poller level the last event reported
        self.cold_second = 0  # cold starts so far in the current second, for burst events
        self.reclaim_second = 0  # environments reclaimed so far in the current second
        self.win_max = 0  # highest in-flight count in the current series window
        self.busy_ticks = 0
        self.series: list[tuple[float, float]] = [(0.0, 0.0)]
        self.emitted: dict[str, int] = {}
        self.first_throttle = True


class PoolEngine:
    """One run. Use `simulate()`."""

    def __init__(self, configs: list[FunctionConfig], settings: PoolSettings, seed: int) -> None:
        problem = check_pool(configs, settings.account_limit)
        if problem:
            raise ValueError(problem)
        self.configs = configs
        self.settings = settings
        rng = random.Random(seed)
        counts = arrival_counts(configs, settings, rng)
        self.arrival_ticks = settings.seconds * TICKS_PER_S
        longest = max(max(duration_ticks_bound(c) for c in configs),
                      max(c.visibility_timeout for c in configs) * TICKS_PER_S)
        ring = 1 << (longest + 2).bit_length()
        self.mask = ring - 1
        self.fns = [_Fn(k, c, counts[k], rng, ring) for k, c in enumerate(configs)]
        # Each tick a different function goes first, so none always wins the shared pool.
        self.orders = [self.fns[j:] + self.fns[:j] for j in range(len(self.fns))]
        self.pool = settings.account_limit - sum(c.reserved for c in configs if c.reserved >= 0)
        self.pool_used = sum(c.provisioned for c in configs if c.reserved < 0)
        self.pool_full_noted = False
        self.reclaim_ticks = settings.idle_reclaim_s * TICKS_PER_S
        self.max_age_ticks = settings.max_event_age * TICKS_PER_S
        # Work that comes back later: async retries, tick -> {(function, origin tick, attempt): events}, and
        # throttled SQS messages, tick -> [[function, arrival tick, messages]]; `due` heaps their ticks.
        self.retries: dict[int, dict[tuple[int, int, int], int]] = {}
        self.returns: dict[int, list[list[int]]] = {}
        self.due: list[int] = []
        self.events: list[Event] = []
        self.steps = 0  # the work done, counted where the loops are; the main loop adds its own at the end
        self.peak_total = 0
        self.total_series: list[tuple[float, float]] = [(0.0, 0.0)]
        self.window = max(1, math.ceil(self.arrival_ticks / SERIES_POINTS))
        self.drain_limit = self.arrival_ticks + drain_ticks(configs, settings)

    # -- events ---------------------------------------------------------------------------------------
    def note(self, fn: _Fn | None, tick: float, kind: str, text: str, **data: Any) -> None:
        """Record a notable moment; per function and kind only the first few (the summary has the counts)."""
        if fn is not None:
            seen = fn.emitted.get(kind, 0)
            fn.emitted[kind] = seen + 1
            if seen >= EVENTS_PER_KIND:
                return
        lane = fn.cfg.name if fn is not None else "account"
        self.events.append(Event(round(tick * TICK_S, 3), kind, text, lane, data))

    # -- main loop ------------------------------------------------------------------------------------
    def run(self) -> PoolRun:
        self._opening_events()
        fns, orders, k, window, mask = self.fns, self.orders, len(self.fns), self.window, self.mask
        arrival_ticks = self.arrival_ticks
        total_max = 0
        tick = 0
        ticks_run = 0
        while True:
            ticks_run += 1
            arriving = tick < arrival_ticks
            if not arriving:
                if not self._busy():
                    upcoming = self._next_due()
                    if upcoming is None or upcoming >= self.drain_limit:
                        break
                    if upcoming > tick:  # nothing runs until then: skip ahead
                        self._jump(tick, upcoming)
                        tick = upcoming
                if tick >= self.drain_limit and not any(fn.pc_busy or fn.od_busy for fn in fns):
                    break  # polling and retries stop at the drain limit; running work is seen to its end
            if tick % TICKS_PER_S == 0:
                for fn in fns:
                    self._each_second(fn, tick)
            slot = tick & mask
            total = 0
            for fn in orders[tick % k]:
                ring = fn.ring_pc
                done = ring[slot]
                if done:
                    ring[slot] = 0
                    fn.pc_busy -= done
                ring = fn.ring_od
                done = ring[slot]
                if done:
                    ring[slot] = 0
                    fn.od_busy -= done
                    if fn.reserved < 0:
                        self.pool_used -= done
                    fn.idle.append([tick, done])
                    fn.idle_n += done
                if fn.direct:
                    if arriving:
                        n = fn.counts[tick]
                        if n:
                            throttled = self._admit(fn, tick, n, None)
                            fn.stats.succeeded += n - throttled
                            if throttled:
                                self._after_throttle(fn, tick, throttled, tick, 0)
                else:
                    self._poll(fn, tick, slot, fn.counts[tick] if arriving else 0)
                busy = fn.pc_busy + fn.od_busy
                if arriving:
                    fn.busy_ticks += busy
                if busy > fn.win_max:
                    fn.win_max = busy
                total += busy
            due = self.retries.pop(tick, None)
            if due:
                for (f, origin, attempt), count in due.items():
                    self._retry(fns[f], tick, count, origin, attempt)
                total = 0
                for fn in fns:
                    busy = fn.pc_busy + fn.od_busy
                    fn.win_max = max(fn.win_max, busy)
                    total += busy
            returning = self.returns.pop(tick, None)
            if returning:
                for f, arrived, messages in returning:
                    fns[f].backlog.appendleft([arrived, messages])
                    fns[f].backlog_n += messages
            if total > total_max:
                total_max = total
            if tick % window == window - 1:
                self._sample(tick + 1, total_max)
                total_max = 0
            tick += 1
        self._sample(tick, total_max)
        self.steps += ticks_run * k
        return self._finish(tick)

    def _later(self, table: dict[int, Any], tick: int) -> Any:
        """The entry of `table` (retries or returns) for `tick`, created and heaped if new."""
        entry = table.get(tick)
        if entry is None:
            entry = table[tick] = {} if table is self.retries else []
            heapq.heappush(self.due, tick)
        return entry

    def _next_due(self) -> int | None:
        """The earliest tick at which retries or returning messages are due (None when nothing is)."""
        while self.due and self.due[0] not in self.retries and self.due[0] not in self.returns:
            heapq.heappop(self.due)
        return self.due[0] if self.due else None

    def _busy(self) -> bool:
        return any(fn.pc_busy or fn.od_busy or fn.backlog_n for fn in self.fns)

    def _jump(self, tick: int, upcoming: int) -> None:
        """Skip a stretch in which nothing runs (async events waiting for their retry)."""
        self._sample(tick, 0)
        for fn in self.fns:
            self._flush_second(fn, tick)
            self._reclaim(fn, upcoming)
            self._flush_second(fn, upcoming)
        self._sample(upcoming, 0)

    def _sample(self, tick: int, total_max: int) -> None:
        t = round(tick * TICK_S, 3)
        for fn in self.fns:
            fn.stats.peak = max(fn.stats.peak, fn.win_max)
            fn.series.append((t, float(fn.win_max)))
            fn.win_max = 0
        self.peak_total = max(self.peak_total, total_max)
        self.total_series.append((t, float(total_max)))

    # -- environments ---------------------------------------------------------------------------------
    def _each_second(self, fn: _Fn, tick: int) -> None:
        if fn.idle and fn.idle[0][0] <= tick - self.reclaim_ticks:
            self._reclaim(fn, tick)
        self._flush_second(fn, tick)

    def _reclaim(self, fn: _Fn, tick: int) -> None:
        """Idle environments older than the reclaim time are gone."""
        while fn.idle and fn.idle[0][0] <= tick - self.reclaim_ticks:
            count = fn.idle.popleft()[1]
            fn.idle_n -= count
            fn.stats.reclaimed += count
            fn.reclaim_second += count

    def _flush_second(self, fn: _Fn, tick: int) -> None:
        """Report the second before `tick`: its first cold starts or a burst of 10 or more, and reclaims."""
        second = (tick - 1) // TICKS_PER_S * TICKS_PER_S
        count, fn.cold_second = fn.cold_second, 0
        if count and (fn.stats.cold_starts == count or count >= 10):
            self.note(
                fn, second, "cold-start",
                f"{count_of(count, 'new environment')} in this second: each runs a {fn.cfg.init_ms:,.0f} ms INIT "
                "(cold start) before its first request",
                environments=count,
            )
        count, fn.reclaim_second = fn.reclaim_second, 0
        if count:
            self.note(
                fn, second, "reclaim",
                f"{count_of(count, 'idle environment')} reclaimed after {self.settings.idle_reclaim_s:,} s without "
                "requests; requests beyond the warm ones left start cold again",
                environments=count,
            )

    def _room(self, fn: _Fn) -> int:
        """How many more on-demand requests may run now: the reservation's rest, or the shared pool's."""
        return fn.reserved - fn.provisioned - fn.od_busy if fn.reserved >= 0 else self.pool - self.pool_used

    def _admit(self, fn: _Fn, tick: int, n: int, started: list[tuple[int, int]] | None, wait_ms: int = 0) -> int:
        """Start n invocations now where there is room; return how many were throttled.

        With `started` None the latencies go straight into the statistics: the table duration, plus INIT for
        a cold start, plus `wait_ms` the requests already waited. Otherwise (duration ms with INIT, ticks
        held) of each started invocation is appended to `started`, for the caller to account.
        """
        free = fn.provisioned - fn.pc_busy
        if free > 0:  # 1. provisioned environments, always warm
            take = n if n < free else free
            fn.pc_busy += take
            self._run(fn, fn.ring_pc, fn.ticks, tick, take, wait_ms, started)
            n -= take
            if not n:
                return 0
        room = self._room(fn)
        if fn.idle_n and room > 0:  # 2. warm idle on-demand environments, the most recently used first
            idle = fn.idle
            if idle[0][0] <= tick - self.reclaim_ticks:
                self._reclaim(fn, tick)
            warm = n if n < fn.idle_n else fn.idle_n
            if warm > room:
                warm = room
            left = warm
            while left:
                last = idle[-1]
                if last[1] > left:
                    last[1] -= left
                    break
                left -= last[1]
                idle.pop()
            fn.idle_n -= warm
            self._occupy(fn, tick, warm)
            self._run(fn, fn.ring_od, fn.ticks, tick, warm, wait_ms, started)
            n -= warm
            room -= warm
            if not n:
                return 0
        cold = min(n, room, self._tokens(fn, tick))  # 3. new environments: cold starts
        if cold > 0:
            fn.tokens -= cold
            fn.stats.created.append((round(tick * TICK_S, 3), cold))
            fn.stats.cold_starts += cold
            fn.cold_second += cold
            self._occupy(fn, tick, cold)
            self._run(fn, fn.ring_od, fn.cold_ticks, tick, cold, round(fn.cfg.init_ms) + wait_ms, started)
            n -= cold
            room -= cold
        if n > 0:
            self._throttled(fn, tick, n, by_limit=room <= 0)
        return n

    def _tokens(self, fn: _Fn, tick: int) -> int:
        """The scaling allowance now: refilled continuously since last asked, never above 1,000."""
        if fn.tokens < SCALING_BURST:
            fn.tokens = min(float(SCALING_BURST), fn.tokens + (tick - fn.tokens_tick) * SCALING_REFILL_PER_TICK)
        fn.tokens_tick = tick
        return int(fn.tokens)

    def _occupy(self, fn: _Fn, tick: int, count: int) -> None:
        fn.od_busy += count
        if fn.reserved < 0:
            self.pool_used += count
            if not self.pool_full_noted and self.pool_used >= self.pool:
                self.pool_full_noted = True
                self.note(
                    None, tick, "pool-full",
                    f"The unreserved pool of {self.pool:,} is fully in use: functions without reserved "
                    "concurrency are throttled until some of it frees up",
                    pool=self.pool,
                )

    def _run(self, fn: _Fn, ring: list[int], ticks: list[int], tick: int, count: int, extra_ms: int,
             started: list[tuple[int, int]] | None) -> None:
        """Book `count` invocations into the completion ring, taking durations from the table in turn."""
        mask, table = self.mask, DURATION_TABLE - 1
        self.steps += count
        if started is None and not extra_ms:
            first = fn.plain_draws
            fn.plain_draws = first + count
            for draw in range(first, first + count):
                ring[(tick + ticks[draw & table]) & mask] += 1
            return
        cursor = fn.cursor
        ms = fn.ms
        latency = fn.stats.latency
        for _ in range(count):
            cursor = (cursor + 1) & table
            held = ticks[cursor]
            ring[(tick + held) & mask] += 1
            if started is None:
                value = ms[cursor] + extra_ms
                latency[value] = latency.get(value, 0) + 1
            else:
                started.append((ms[cursor] + extra_ms, held))
        fn.cursor = cursor

    def _throttled(self, fn: _Fn, tick: int, n: int, by_limit: bool) -> None:
        stats = fn.stats
        stats.throttle_events += n
        if by_limit:
            stats.throttled_by_limit += n
        else:
            stats.throttled_by_scaling += n
        if fn.first_throttle:
            fn.first_throttle = False
            if not by_limit:
                why = ("it may add only 1,000 new environments per 10 s (before 27 Nov 2023: an account-wide "
                       "burst of 500-3,000, then +500 per minute)")
            elif fn.reserved >= 0:
                why = f"its reserved concurrency of {fn.reserved:,} is in use"
            else:
                why = f"the unreserved pool of {self.pool:,} is in use"
            self.note(fn, tick, "throttle", f"First throttle: {why}. {_throttle_outcome(fn.cfg)}", requests=n)

    # -- direct invocation ----------------------------------------------------------------------------
    def _retry(self, fn: _Fn, tick: int, n: int, origin: int, attempt: int) -> None:
        """Async events throttled before come back; their latency includes the time they waited."""
        self.steps += RETRY_STEPS
        if fn.provisioned <= fn.pc_busy and self._room(fn) <= 0:
            # No room at all, so all are throttled again: the common case in a backlog, kept cheap.
            fn.stats.throttle_events += n
            fn.stats.throttled_by_limit += n
            self._after_throttle(fn, tick, n, origin, attempt)
            return
        throttled = self._admit(fn, tick, n, None, (tick - origin) * 100)
        fn.stats.succeeded += n - throttled
        if throttled:
            self._after_throttle(fn, tick, throttled, origin, attempt)

    def _after_throttle(self, fn: _Fn, tick: int, throttled: int, origin: int, attempt: int) -> None:
        """Sync callers got 429; async events wait for their next try, or expire at the maximum event age."""
        stats = fn.stats
        if fn.cfg.invocation == "sync":
            stats.throttled_sync += throttled
            return
        again = tick + min(ASYNC_BACKOFF_START_S * 2**attempt, ASYNC_BACKOFF_MAX_S) * TICKS_PER_S
        if again - origin > self.max_age_ticks:
            stats.expired += throttled
            self.note(
                fn, origin + self.max_age_ticks, "expired",
                f"{count_of(throttled, 'async event')} reached the maximum event age of "
                f"{self.settings.max_event_age:,} s while throttled: dropped, or sent to the DLQ or on-failure "
                "destination if one is configured",
                events=throttled,
            )
            return
        group = self._later(self.retries, again)
        key = (fn.index, origin, attempt + 1)
        group[key] = group.get(key, 0) + throttled

    # -- event source mappings ------------------------------------------------------------------------
    def _poll(self, fn: _Fn, tick: int, slot: int, arrived: int) -> None:
        """The ESM starts batches up to its concurrency; messages wait in the queue or stream meanwhile."""
        messages = fn.ring_msgs[slot]
        if messages:
            fn.ring_msgs[slot] = 0
            fn.stats.succeeded += messages
        if arrived:
            fn.backlog.append([tick, arrived])
            fn.backlog_n += arrived
        cfg = fn.cfg
        if not fn.backlog_n:
            if cfg.source == "sqs-standard":  # at low traffic the pollers drop back to 5
                fn.esm_level = float(max(min(SQS_START_BATCHES, cfg.esm_limit()), fn.pc_busy + fn.od_busy))
            return
        if tick >= self.drain_limit:
            return
        limit = int(fn.esm_level) if cfg.source == "sqs-standard" else cfg.esm_limit()
        wanted = min(max(0, limit - fn.pc_busy - fn.od_busy), -(-fn.backlog_n // cfg.batch_size))
        if wanted:
            started: list[tuple[int, int]] = []
            throttled = self._admit(fn, tick, wanted, started)
            for ms, held in started:
                self._take_batch(fn, tick, ms, held)
            if throttled and cfg.source != "stream":  # a stream batch simply stays and is retried
                self._hide_throttled(fn, tick, throttled)
        if cfg.source == "sqs-standard" and fn.backlog_n and fn.esm_level < cfg.esm_limit():
            fn.esm_level = min(float(cfg.esm_limit()), fn.esm_level + SQS_ADD_PER_TICK)
        if cfg.source == "sqs-standard" and tick % (60 * TICKS_PER_S) == 0 and int(fn.esm_level) > fn.esm_noted:
            self.note(
                fn, tick, "esm-scaling",
                f"Messages kept waiting, so the SQS pollers grew from {fn.esm_noted:,} to {int(fn.esm_level):,} "
                "concurrent batches (up to +300 per minute since late 2023; it used to be +60)",
                level=int(fn.esm_level),
            )
            fn.esm_noted = int(fn.esm_level)
        elif cfg.source == "sqs-standard" and int(fn.esm_level) < fn.esm_noted:
            fn.esm_noted = int(fn.esm_level)  # scaled back down at low traffic

    def _take_batch(self, fn: _Fn, tick: int, ms: int, held: int) -> None:
        """A started invocation takes up to batch_size messages, oldest first; each message's latency is
        its time in the queue plus the invocation's duration."""
        size = min(fn.cfg.batch_size, fn.backlog_n)
        fn.backlog_n -= size
        fn.ring_msgs[(tick + held) & self.mask] += size
        latency = fn.stats.latency
        while size:
            self.steps += 1
            head = fn.backlog[0]
            used = min(size, head[1])
            value = (tick - head[0]) * 100 + ms
            latency[value] = latency.get(value, 0) + used
            head[1] -= used
            size -= used
            if not head[1]:
                fn.backlog.popleft()

    def _hide_throttled(self, fn: _Fn, tick: int, batches: int) -> None:
        """SQS: a throttled batch's messages stay invisible for the visibility timeout, then return."""
        back = tick + fn.cfg.visibility_timeout * TICKS_PER_S
        size = min(batches * fn.cfg.batch_size, fn.backlog_n)
        fn.backlog_n -= size
        while size:
            self.steps += 1
            head = fn.backlog[0]
            used = min(size, head[1])
            self._later(self.returns, back).append([fn.index, head[0], used])
            head[1] -= used
            size -= used
            if not head[1]:
                fn.backlog.popleft()

    # -- start and end --------------------------------------------------------------------------------
    def _opening_events(self) -> None:
        reserved = ", ".join(f"{c.name} {c.reserved:,}" for c in self.configs if c.reserved >= 0) or "none"
        self.note(
            None, 0, "pool",
            f"Account limit {self.settings.account_limit:,}; reserved: {reserved}; unreserved pool "
            f"{self.pool:,} (at least {UNRESERVED_MINIMUM} always stays unreserved)",
            account_limit=self.settings.account_limit, pool=self.pool,
        )
        for fn in self.fns:
            cfg = fn.cfg
            if cfg.provisioned:
                self.note(
                    fn, 0, "provisioned",
                    f"{cfg.provisioned:,} provisioned environments are initialised and warm before any request; "
                    "traffic above them spills over to on-demand environments, which start cold",
                    environments=cfg.provisioned,
                )
            if cfg.reserved == 0:
                self.note(fn, 0, "reserved-zero", "Reserved concurrency is 0: every invocation is throttled")
            if cfg.source != "direct":
                self.note(fn, 0, "esm", esm_text(cfg))

    def _finish(self, tick: int) -> PoolRun:
        for fn in self.fns:
            self._flush_second(fn, tick)
            stats = fn.stats
            rounds, rest = divmod(fn.plain_draws, DURATION_TABLE)  # entries [0, rest) were used once more
            for index, value in enumerate(fn.ms):
                count = rounds + (index < rest)
                if count:
                    stats.latency[value] = stats.latency.get(value, 0) + count
            stats.left_in_queue = fn.backlog_n + sum(
                messages for due in self.returns.values() for f, _, messages in due if f == fn.index
            )
            stats.busy_ticks = fn.busy_ticks
        self.events.sort(key=lambda e: e.time)
        series = {fn.cfg.name: tuple(fn.series) for fn in self.fns}
        if len(self.fns) > 1:
            series["all functions"] = tuple(self.total_series)
        limits = {"account limit": float(self.settings.account_limit)}
        limits.update({f"{c.name} reserved": float(c.reserved) for c in self.configs if c.reserved >= 0})
        if any(c.reserved >= 0 for c in self.configs):
            limits["unreserved pool"] = float(self.pool)
        return PoolRun(
            configs=self.configs,
            settings=self.settings,
            stats=[fn.stats for fn in self.fns],
            events=self.events,
            series=series,
            limits=limits,
            pool=self.pool,
            peak_total=self.peak_total,
            end_time=round(tick * TICK_S, 3),
            steps=self.steps,
        )


def _throttle_outcome(cfg: FunctionConfig) -> str:
    if cfg.source in ("sqs-standard", "sqs-fifo"):
        return "The batch's messages reappear in the queue after the visibility timeout."
    if cfg.source == "stream":
        return "The batch is retried until its records expire."
    if cfg.invocation == "async":
        return "The event goes back to Lambda's queue and is retried with backoff (1 s doubling to 5 min)."
    return "The caller gets HTTP 429 TooManyRequestsException and must retry."


def esm_text(cfg: FunctionConfig) -> str:
    """One sentence on how the function's event source limits its concurrency."""
    if cfg.source == "sqs-standard":
        cap = (f"maximum concurrency {cfg.max_concurrency:,}" if cfg.max_concurrency > 0
               else "the ESM's own cap of 1,000 batches (newer docs: 1,250 concurrent invocations)")
        return (f"SQS standard event source: starts with {SQS_START_BATCHES} concurrent batches of up to "
                f"{cfg.batch_size:,} messages and adds up to 300 per minute while messages wait, up to {cap}")
    if cfg.source == "sqs-fifo":
        return (f"SQS FIFO event source: at most one batch per message group at a time, so concurrency is at "
                f"most min({cfg.message_groups:,} groups, maximum concurrency) = {cfg.esm_limit():,}")
    return (f"Stream event source: {cfg.shards:,} shards x parallelization factor {cfg.parallelization_factor} "
            f"= {cfg.esm_limit():,} concurrent batches of up to {cfg.batch_size:,} records")


def simulate(configs: list[FunctionConfig], settings: PoolSettings, seed: int) -> PoolRun:
    """Run the pool. ValueError if the reservations do not fit the account (see `check_pool`)."""
    return PoolEngine(configs, settings, seed).run()
