"""Concurrency pools: reserved and provisioned concurrency, cold starts, scaling limits and throttles.

Several functions (up to 10) share an account's concurrency. The flat parameters describe the first
function; `functions` adds more, each a NAME with optional KEY=VALUE settings. The mechanics live in
`concurrency_engine` (read its docstring for the rules and how a million requests run in about a second);
this module declares the parameters, checks them, and turns a run into a summary, a pool chart and
generated questions. Every rule comes from lambda-facts.md §3 and §4.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from .base import SimResult, Simulation, Work
from .concurrency_engine import (
    MAX_DURATION_MS,
    TICKS_PER_S,
    UNRESERVED_MINIMUM,
    FunctionConfig,
    FunctionStats,
    PoolRun,
    PoolSettings,
    check_pool,
    invocation_rate,
    littles_law,
    percentile,
    work_bound,
)
from .concurrency_engine import (
    simulate as run_engine,
)
from .generate import Ask, GeneratedQuestion, draw_params, make_choices, run_story
from .params import Param, ParamError

MAX_FUNCTIONS = 10
WORK_BUDGET = 30_000_000  # about 10 s on a slow machine; the benchmark's million requests take about 2 million

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html",
    "https://aws.amazon.com/blogs/aws/aws-lambda-functions-now-scale-12-times-faster-when-handling-high-volume-requests/",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/API_PutProvisionedConcurrencyConfig.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",
    "https://aws.amazon.com/blogs/compute/introducing-faster-polling-scale-up-for-aws-lambda-functions-configured-with-amazon-sqs/",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html",
)

# Settings each function has; the flat parameters describe the first function, `functions` adds more.
FUNCTION_KEYS = (
    "reserved",
    "provisioned",
    "rate",
    "arrival",
    "duration_ms",
    "duration_variation",
    "init_ms",
    "invocation",
    "source",
    "batch_size",
    "max_concurrency",
    "message_groups",
    "shards",
    "parallelization_factor",
    "visibility_timeout",
    "burst_seconds",
    "schedule_every_s",
)

PARAMS: tuple[Param, ...] = (
    Param("name", "Function name", "text", "api", help="name of the first function (letters, digits, - and _)"),
    Param(
        "account_limit", "Account concurrency limit", "int", 1000, minimum=100, maximum=100_000,
        help="default 1,000 per Region; a soft quota raised through Service Quotas",
    ),
    Param(
        "reserved", "Reserved concurrency", "int", -1, minimum=0, maximum=100_000, allowed_extra=(-1,),
        help="-1 for none (the function shares the unreserved pool); 0 throttles every invocation",
    ),
    Param(
        "provisioned", "Provisioned concurrency", "int", 0, minimum=0, maximum=100_000,
        help="environments initialised in advance; at most the reserved concurrency when that is set",
    ),
    Param(
        "arrival", "Arrival pattern", "choice", "steady", choices=("steady", "burst", "ramp", "schedule"),
        help="steady: `rate` throughout; burst: 5% of `rate`, then full `rate` for `burst_seconds` from 10% of the "
        "run; ramp: 0 rising to `rate`; schedule: every `schedule_every_s` the period's requests arrive in one second",
    ),
    Param("rate", "Request rate", "float", 100.0, unit="req/s", minimum=0, maximum=1_000_000),
    Param("duration_ms", "Mean duration", "float", 200.0, unit="ms", minimum=1, maximum=MAX_DURATION_MS),
    Param(
        "duration_variation", "Duration variation", "float", 0.3, minimum=0, maximum=1.5,
        help="spread of the (log-normal) durations around the mean; 0 makes every request take the mean",
    ),
    Param("init_ms", "INIT time (cold start)", "float", 300.0, unit="ms", minimum=0, maximum=10_000,
          help="the INIT phase of a new on-demand environment; at most 10 s"),
    Param("invocation", "Invocation type", "choice", "sync", choices=("sync", "async"),
          help="sync callers get 429 when throttled; async events are retried with backoff until max_event_age"),
    Param("source", "Event source", "choice", "direct", choices=("direct", "sqs-standard", "sqs-fifo", "stream"),
          help="direct invokes, or an event source mapping that polls SQS or a stream"),
    Param("batch_size", "Batch size", "int", 10, minimum=1, maximum=10_000,
          help="messages or records per invocation for sqs-standard, sqs-fifo (at most 10) and stream"),
    Param("max_concurrency", "ESM maximum concurrency", "int", -1, minimum=2, maximum=1000, allowed_extra=(-1,),
          help="SQS ScalingConfig.MaximumConcurrency; -1 for none (the ESM itself stops at 1,000 batches)"),
    Param("message_groups", "Active message groups", "int", 10, minimum=1, maximum=100_000,
          help="sqs-fifo: at most one batch in flight per message group"),
    Param("shards", "Shards", "int", 4, minimum=1, maximum=10_000, help="stream: active shards"),
    Param("parallelization_factor", "Parallelization factor", "int", 1, minimum=1, maximum=10,
          help="stream: concurrent batches per shard"),
    Param("visibility_timeout", "Visibility timeout", "int", 30, unit="s", minimum=1, maximum=43_200,
          help="SQS: a throttled batch's messages reappear after this"),
    Param("seconds", "Traffic lasts", "int", 60, unit="s", minimum=1, maximum=7_200,
          help="how long requests arrive; the run continues until in-flight work and retries end"),
    Param("requests", "Total requests", "int", 0, minimum=0, maximum=10_000_000,
          help="0: use the rates; otherwise exactly this many requests, shared in proportion to the rates"),
    Param("burst_seconds", "Burst length", "int", 10, unit="s", minimum=1, maximum=3_600,
          help="arrival=burst: how long the burst lasts"),
    Param("schedule_every_s", "Schedule period", "int", 60, unit="s", minimum=2, maximum=3_600,
          help="arrival=schedule: one burst of requests per period"),
    Param("idle_reclaim_s", "Idle environments reclaimed after", "int", 300, unit="s", minimum=1, maximum=7_200,
          help="a simulation setting: AWS does not publish how long idle environments stay warm"),
    Param("max_event_age", "Maximum event age (async)", "int", 21_600, unit="s", minimum=60, maximum=21_600,
          help="how long throttled async events are retried"),
    Param(
        "functions", "More functions", "text", "",
        help="up to 9 more, comma-separated: NAME[:KEY=VALUE...], e.g. "
        "'worker:rate=200:reserved=50,report:arrival=schedule:invocation=async'. KEY is any of "
        + ", ".join(FUNCTION_KEYS)
        + ". Unset keys copy the first function's, except reserved (none) and provisioned (0)",
    ),
)
_BY_NAME = {p.name: p for p in PARAMS}



_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def parse_functions(params: dict[str, Any]) -> list[FunctionConfig]:
    """The functions the flat parameters and `functions` describe, checked; ParamError if not valid."""
    first = {key: params[key] for key in FUNCTION_KEYS}
    configs = [_config(str(params["name"]).strip(), first)]
    for item in (part.strip() for part in str(params["functions"]).split(",")):
        if not item:
            continue
        name, *settings = (piece.strip() for piece in item.split(":"))
        values = dict(first, reserved=-1, provisioned=0)
        for setting in settings:
            key, sep, raw = (part.strip() for part in setting.partition("="))
            if not sep or key not in FUNCTION_KEYS:
                raise ParamError(
                    f"functions: {setting!r} in {item!r} is not KEY=VALUE with KEY one of {', '.join(FUNCTION_KEYS)}"
                )
            values[key] = _BY_NAME[key].parse(raw)
        configs.append(_config(name, values))
    if len(configs) > MAX_FUNCTIONS:
        raise ParamError(f"functions: at most {MAX_FUNCTIONS} functions in all, got {len(configs)}")
    names = [c.name for c in configs]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ParamError(f"functions: the name {duplicate!r} is used twice")
    problem = check_pool(configs, params["account_limit"])
    if problem:
        raise ParamError(problem)
    return configs


def _config(name: str, values: dict[str, Any]) -> FunctionConfig:
    if not _NAME.match(name):
        raise ParamError(f"function name {name!r} is not valid: use 1-40 letters, digits, - or _")
    config = FunctionConfig(name=name, **values)
    if config.source == "sqs-fifo" and config.batch_size > 10:
        raise ParamError(f"{name}: batch_size={config.batch_size:,} is too large for a FIFO queue: at most 10")
    return config


def settings_of(params: dict[str, Any]) -> PoolSettings:
    """The account-wide settings of a run."""
    return PoolSettings(
        account_limit=params["account_limit"],
        seconds=params["seconds"],
        requests=params["requests"],
        idle_reclaim_s=params["idle_reclaim_s"],
        max_event_age=params["max_event_age"],
    )


def simulate(params: dict[str, Any], seed: int) -> PoolRun:
    """Run the pool on resolved parameters; ParamError if the functions or reservations are not valid."""
    return run_engine(parse_functions(params), settings_of(params), seed)


# ---------------------------------------------------------------------------------------------- result


def _merged_latency(stats: Iterable[FunctionStats]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for s in stats:
        for value, count in s.latency.items():
            merged[value] = merged.get(value, 0) + count
    return merged


def _latency_text(latency: dict[int, int]) -> str:
    if not latency:
        return "no request ran"
    return " / ".join(f"{percentile(latency, q):,}" for q in (0.5, 0.9, 0.99)) + " ms"


def _summary(run: PoolRun, params: dict[str, Any]) -> dict[str, Any]:
    stats = run.stats
    arrival_s = params["seconds"]
    summary: dict[str, Any] = {
        "Account limit": f"{run.settings.account_limit:,} (unreserved pool {run.pool:,})",
        "Requests": sum(s.requests for s in stats),
        "Succeeded": sum(s.succeeded for s in stats),
        "Throttled, sync (429 TooManyRequestsException)": sum(s.throttled_sync for s in stats),
        "Throttled attempts in all": sum(s.throttle_events for s in stats),
    }
    if any(c.invocation == "async" and c.source == "direct" for c in run.configs):
        summary["Async events dropped at max event age"] = sum(s.expired for s in stats)
    if any(c.source != "direct" for c in run.configs):
        summary["Messages or records left in the queue"] = sum(s.left_in_queue for s in stats)
    summary["Cold starts"] = sum(s.cold_starts for s in stats)
    summary["Latency p50 / p90 / p99"] = _latency_text(_merged_latency(stats))
    if len(stats) > 1:
        summary["Peak concurrency, all functions"] = run.peak_total
    for cfg, s in zip(run.configs, stats):
        prefix = f"{cfg.name}: " if len(stats) > 1 else ""
        mean = s.busy_ticks / (arrival_s * TICKS_PER_S)
        per = "" if cfg.source == "direct" else f" ({cfg.rate:,.0f} records/s in batches of {cfg.batch_size:,})"
        summary[f"{prefix}Peak concurrency"] = f"{s.peak:,} ({cfg.cap_text}, {cfg.provisioned:,} provisioned)"
        summary[f"{prefix}Little's law (rate x duration)"] = (
            f"{_num(littles_law(cfg))} = {_num(invocation_rate(cfg))}/s x {cfg.duration_ms / 1000:g} s{per}; "
            f"mean seen {mean:,.1f}"
        )
        if len(stats) > 1:
            summary[f"{prefix}Outcome"] = (
                f"{s.succeeded:,} ok, {s.throttle_events:,} throttled, {s.cold_starts:,} cold starts, "
                f"p50/p90/p99 {_latency_text(s.latency)}"
            )
    return summary


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"


def _verdict(run: PoolRun) -> str:
    throttled = sum(s.throttle_events for s in run.stats)
    cold = sum(s.cold_starts for s in run.stats)
    requests = sum(s.requests for s in run.stats)
    waiting = sum(s.left_in_queue for s in run.stats)
    if waiting:  # an event source that could not keep up: "all ran" would hide the backlog
        return (
            f"{requests - waiting:,} of {requests:,} messages or records processed, {waiting:,} still waiting in "
            f"the queue or stream when the run ended; {throttled:,} throttled attempts; {cold:,} cold starts; "
            f"peak concurrency {run.peak_total:,}"
        )
    if not throttled:
        return f"All {requests:,} requests ran; {cold:,} cold starts; peak concurrency {run.peak_total:,}"
    worst = max(run.stats, key=lambda s: s.throttle_events)
    return (
        f"{throttled:,} throttled attempts (most on {worst.name}); {cold:,} cold starts; "
        f"peak concurrency {run.peak_total:,} of {run.settings.account_limit:,}"
    )


def _run(params: dict[str, Any], seed: int) -> SimResult:
    return _result(simulate(params, seed), params, seed)


def _result(run: PoolRun, params: dict[str, Any], seed: int) -> SimResult:
    return SimResult(
        simulation="concurrency",
        params=params,
        seed=seed,
        events=tuple(run.events),
        summary=_summary(run, params),
        view="pool",
        series=run.series,
        limits=run.limits,
        verdict=_verdict(run),
        steps=run.steps,
    )


# What to lower when a part of the work bound is the largest.
_REDUCE = {
    "ticks": ("seconds", "the number of functions"),
    "requests": ("rate", "seconds"),
    "retries": ("seconds", "max_event_age", "the number of async functions"),
    "queue": ("seconds", "the number of event-source functions"),
}


def work(params: dict[str, Any]) -> Work:
    """The engine's bound on its work, naming what drives its largest part."""
    parts = work_bound(parse_functions(params), settings_of(params))
    largest = max(parts, key=lambda part: parts[part])
    reduce = ("requests",) if largest == "requests" and params["requests"] else _REDUCE[largest]
    return Work(sum(parts.values()), "steps (ticks, invocations and retries)", reduce)


SIMULATION = Simulation(
    name="concurrency",
    title="Concurrency pools, cold starts and throttles",
    summary=(
        "Functions share the account's concurrency: reserved slices, provisioned warm environments, cold "
        "starts on spill-over, the 1,000-per-10-s scaling rate, and what throttling does to sync, async and "
        "event-source traffic."
    ),
    params=PARAMS,
    runner=_run,
    sources=SOURCES,
    check=parse_functions,  # the functions, the 100 unreserved and provisioned <= reserved, at resolve time
    work=work,
    budget=WORK_BUDGET,
)


# ---------------------------------------------------------------------------------------------- asks


def _build_cap(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    """Demand above a reserved cap: what peak concurrency does the function reach?"""
    drawn = draw_params(SIMULATION, {"reserved": [20, 200], "duration_ms": [200, 1000], **spec}, seed)
    reserved = drawn["reserved"] if drawn["reserved"] > 0 else 100
    # Twice the demand the reservation allows (Little's law), so the cap is what the run shows.
    rate = max(drawn["rate"], math.ceil(2 * reserved * 1000 / drawn["duration_ms"]))
    params = SIMULATION.resolve(
        dict(drawn, reserved=reserved, provisioned=min(drawn["provisioned"], reserved), rate=rate, invocation="sync")
    )
    run = simulate(params, seed)
    cfg, stats = run.configs[0], run.stats[0]
    demand = littles_law(cfg)
    stem = (
        f"A function with reserved concurrency {cfg.reserved:,} receives {cfg.rate:,.0f} synchronous requests "
        f"per second, each taking about {cfg.duration_ms:,.0f} ms, in an account with a limit of "
        f"{run.settings.account_limit:,}. What is the highest concurrency it reaches?"
    )
    # Bare numbers would give the key away by length (the cap is nearly always the smallest): each choice
    # names its number and the reasoning that leads to it, in sentences of about the same length.
    correct = (
        f"{stats.peak:,}: the reservation caps it and throttles the requests above it",
        f"Reserved concurrency is a cap as well as a guarantee: the run peaks at {stats.peak:,} and throttles "
        f"{stats.throttled_sync:,} requests with 429.",
    )
    # A number equal to the answer would read as a second right answer with another reason: left out.
    distractors = [
        (f"{value:,}: {reason}", why)
        for value, reason, why in (
            (round(demand), "synchronous callers wait in line until an environment frees up",
             "That is the demand (rate x duration), but the reservation caps the function."),
            (run.settings.account_limit, "a reservation guarantees capacity but never limits it",
             "The account limit is shared; the reservation caps this function."),
            (run.settings.account_limit - UNRESERVED_MINIMUM, "all but the 100 unreserved units of the account",
             "That is the most the account can reserve in all."),
            (cfg.reserved + cfg.provisioned, "provisioned concurrency adds to the reservation",
             "Provisioned concurrency sits inside the reservation, not on top."),
            (2 * cfg.reserved, "bursts may reach twice the reservation", "Nothing doubles the reservation."),
        )
        if value != stats.peak
    ]
    result = _result(run, params, seed)
    explanation = (
        f"Needed: {cfg.rate:,.0f}/s x {cfg.duration_ms / 1000:g} s = {demand:,.0f} concurrent requests "
        f"(Little's law). The reservation of {cfg.reserved:,} caps the function, so it peaks at {stats.peak:,} "
        f"and the rest get 429 TooManyRequestsException.\n" + run_story(result)
    )
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


def _build_spillover(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    """Provisioned concurrency below the demand: which requests still see cold starts?"""
    params = draw_params(SIMULATION, {"provisioned": [5, 50], "duration_ms": [200, 800], **spec}, seed)
    needed = (params["provisioned"] * 2 + 10) * 1000 / params["duration_ms"]
    params = SIMULATION.resolve(dict(params, rate=max(params["rate"], math.ceil(needed)), reserved=-1, requests=0))
    run = simulate(params, seed)
    cfg, stats = run.configs[0], run.stats[0]
    result = _result(run, params, seed)
    stem = (
        f"A function has {cfg.provisioned:,} provisioned environments and receives about {cfg.rate:,.0f} "
        f"requests per second of {cfg.duration_ms:,.0f} ms each for {params['seconds']:,} s. "
        "Which statement about cold starts is true?"
    )
    correct = (
        f"About {stats.cold_starts:,}: requests that spilled over to new on-demand environments start cold",
        "Provisioned environments are initialised in advance; traffic above them runs on on-demand "
        "environments, which start cold.",
    )
    # A count equal to the answer would read as a second right answer with another reason: left out.
    distractors = [
        (text, why)
        for count, text, why in (
            (0, "None: with provisioned concurrency set, no request of this function ever starts cold",
             "That is the notes' claim; it holds only for requests served by provisioned environments."),
            (stats.requests, f"All {stats.requests:,}: provisioned concurrency only reserves capacity for the function",
             "Provisioned environments are already initialised: requests they serve have no cold start."),
            (cfg.provisioned, f"Exactly {cfg.provisioned:,}: each provisioned environment starts cold on its first request",
             "Provisioned environments initialise before any request arrives."),
            (cfg.provisioned + stats.cold_starts,
             f"About {cfg.provisioned + stats.cold_starts:,}: the spill-over ones, and each provisioned environment once",
             "Provisioned environments initialise before any request arrives; only the spill-over starts cold."),
        )
        if count != stats.cold_starts
    ]
    explanation = (
        f"Demand is about {littles_law(cfg):,.0f} concurrent requests, above the {cfg.provisioned:,} provisioned "
        f"environments, so {stats.cold_starts:,} new on-demand environments were created, each with a "
        f"{cfg.init_ms:,.0f} ms INIT.\n" + run_story(result)
    )
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


ASKS: dict[str, Ask] = {
    "peak_with_reserved": Ask(
        "The peak concurrency of a function whose demand exceeds its reserved concurrency", _build_cap, version=2
    ),
    "spillover_cold_starts": Ask(
        "Which requests see cold starts when demand exceeds provisioned concurrency", _build_spillover, version=2
    ),
}

__all__ = [
    "ASKS",
    "SIMULATION",
    "FunctionConfig",
    "FunctionStats",
    "PoolRun",
    "check_pool",
    "littles_law",
    "parse_functions",
    "percentile",
    "simulate",
]
