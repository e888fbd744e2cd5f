"""API Gateway in front of Lambda: token buckets at each level, the stage cache, and Lambda's concurrency.

The rules, from the API Gateway and Lambda developer guides (SOURCES):

- API Gateway throttles with token buckets: a steady rate refills each bucket and the burst is its size.
  Limits are applied in this order: per-client (usage plan, one bucket per API key), then the stage's
  default method limits, then the account's limit per Region: 10,000 requests per second with a burst of
  5,000 requests by default. A request over any of them gets 429 Too Many Requests from API Gateway and never
  reaches Lambda.
- A stage cache answers a request whose cache key it holds and whose entry is younger than the TTL (300 s by
  default, at most 3,600 s) without invoking Lambda.
- Behind API Gateway, Lambda runs at most the function's concurrency (its reserved concurrency, or what the
  account has left). An invocation over it is throttled, and API Gateway returns 500 to the client.

The model's own choices, labelled in the result (AWS does not document them): buckets refill in 100 ms steps
with requests evenly spread over each step; a request refused by one layer has already taken a token from the
layers before it; the cache is looked up after every throttle (throttled requests never reach the cache, and
cache hits use tokens); requests go round the cache keys in turn, and traffic is split evenly between API keys;
each invocation takes the configured duration, and a concurrency slot frees when it ends.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

from .base import Event, SimResult, Simulation, Work
from .generate import Ask, Composed, run_ask
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
)

TICKS_PER_SECOND = 10
ACCOUNT_RATE = 10_000
ACCOUNT_BURST = 5_000

# Outcomes, in the order a request meets them; each is one series of the result.
CACHE_HIT = "cache hit"
PLAN_429 = "429 usage plan"
STAGE_429 = "429 stage/method"
ACCOUNT_429 = "429 account"
LAMBDA_500 = "500 Lambda throttle"
SERVED = "served by Lambda"
OUTCOMES = (PLAN_429, STAGE_429, ACCOUNT_429, CACHE_HIT, LAMBDA_500, SERVED)

ASSUMPTIONS = (
    "buckets refill in 100 ms steps, requests evenly spread over each step",
    "a request refused by one layer has already used a token of the layers before it",
    "the cache is looked up after the throttles",
    "requests go round the cache keys in turn; traffic is split evenly between API keys",
    "all requests go to one method of one stage, so the stage's and the method's limits are one bucket",
)

PARAMS = (
    Param("rate", "Requests per second", "int", 2_000, minimum=1, maximum=50_000,
          help="Requests arriving each second, steadily."),
    Param("seconds", "Duration", "int", 30, unit="s", minimum=1, maximum=300),
    Param("api_keys", "API keys", "int", 4, minimum=0, maximum=100,
          help="Clients of a usage plan, each with its own API key and bucket; 0 for no usage plan."),
    Param("plan_rate", "Usage plan rate", "float", 400.0, unit="req/s per key", minimum=0.1, maximum=50_000),
    Param("plan_burst", "Usage plan burst", "int", 200, unit="requests", minimum=0, maximum=50_000),
    Param("stage_rate", "Stage/method rate", "float", 1_000.0, unit="req/s", minimum=0.1, maximum=50_000),
    Param("stage_burst", "Stage/method burst", "int", 500, unit="requests", minimum=0, maximum=50_000),
    Param("account_rate", "Account rate (per Region)", "float", float(ACCOUNT_RATE), unit="req/s", minimum=1,
          maximum=100_000, help="10,000 by default (2,500 in some newer Regions); a soft quota."),
    Param("account_burst", "Account burst", "int", ACCOUNT_BURST, unit="requests", minimum=0, maximum=100_000,
          help="5,000 by default; set by AWS from the rate."),
    Param("cache_ttl", "Cache TTL", "int", 0, unit="s", minimum=0, maximum=3_600,
          help="0: no stage cache; 300 s is the default when caching is on, 3,600 s the most."),
    Param("cache_keys", "Distinct cache keys", "int", 50, minimum=1, maximum=1_000,
          help="How many different requests (path, query strings and headers in the cache key) clients make."),
    Param("concurrency", "Lambda concurrency", "int", 100, minimum=0, maximum=10_000,
          help="The function's reserved concurrency, or what the account's pool leaves it."),
    Param("duration_ms", "Invocation duration", "float", 200.0, unit="ms", minimum=1, maximum=29_000),
)


class Bucket:
    """A token bucket: `rate` tokens a second, at most `burst` held; it starts full."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst, self.tokens = rate, burst, float(burst)

    def take(self, wanted: int, seconds: float) -> int:
        """How many of `wanted` requests, evenly spread over `seconds`, get a token."""
        available = self.tokens + self.rate * seconds
        granted = min(wanted, math.floor(available))
        self.tokens = min(float(self.burst), available - granted)
        return granted


def run(params: dict[str, Any], seed: int) -> SimResult:
    dt = 1 / TICKS_PER_SECOND
    keys = params["api_keys"]
    plans = [Bucket(params["plan_rate"], params["plan_burst"]) for _ in range(keys)]
    stage = Bucket(params["stage_rate"], params["stage_burst"])
    account = Bucket(params["account_rate"], params["account_burst"])
    ttl, cache_keys = params["cache_ttl"], params["cache_keys"]
    expires = [-1.0] * cache_keys  # when each cache key's entry goes stale; -1: never fetched
    next_key = 0
    duration = params["duration_ms"] / 1000
    running: deque[tuple[float, int]] = deque()  # (end time, invocations) still holding a concurrency slot
    in_flight = 0
    per_second = {outcome: [0] * params["seconds"] for outcome in OUTCOMES}
    first: dict[str, float] = {}
    carried = 0.0
    steps = 0
    for tick in range(params["seconds"] * TICKS_PER_SECOND):
        now = tick * dt
        second = tick // TICKS_PER_SECOND
        steps += 1
        carried += params["rate"] * dt
        arrivals = int(carried + 1e-9)
        carried -= arrivals
        counts = dict.fromkeys(OUTCOMES, 0)
        passed = arrivals
        if keys:
            passed = 0
            for index, bucket in enumerate(plans):
                share = arrivals // keys + (1 if (index - tick) % keys < arrivals % keys else 0)
                passed += bucket.take(share, dt)
                steps += 1
            counts[PLAN_429] = arrivals - passed
        through_stage = stage.take(passed, dt)
        counts[STAGE_429] = passed - through_stage
        through = account.take(through_stage, dt)
        counts[ACCOUNT_429] = through_stage - through
        misses = through
        fetched: list[int] = []  # cache keys whose entry this step's misses fill
        if ttl:
            misses = 0
            for _ in range(min(through, cache_keys)):
                if expires[next_key] < now:
                    misses += 1
                    expires[next_key] = now + ttl
                    fetched.append(next_key)
                next_key = (next_key + 1) % cache_keys
                steps += 1
            # Beyond one request per key, every request in this step finds its key fresh: a hit.
            counts[CACHE_HIT] = through - misses
        while running and running[0][0] <= now + 1e-9:
            in_flight -= running.popleft()[1]
        started = min(misses, max(0, params["concurrency"] - in_flight))
        if started:
            running.append((now + duration, started))
            in_flight += started
        counts[LAMBDA_500] = misses - started
        for key in fetched[started:]:  # a throttled invocation returns no response to cache
            expires[key] = -1.0
        counts[SERVED] = started
        for outcome, count in counts.items():
            if count:
                per_second[outcome][second] += count
                first.setdefault(outcome, now)
    return _result(params, seed, per_second, first, steps)


_FIRST_TEXT = {
    PLAN_429: ("throttle", "First 429 from a usage plan: an API key is over its rate and burst"),
    STAGE_429: ("throttle", "First 429 from the stage/method limit"),
    ACCOUNT_429: ("throttle", "First 429 from the account's limit per Region"),
    CACHE_HIT: ("cache", "First cache hit: API Gateway answers without invoking Lambda"),
    LAMBDA_500: ("error", "First 500: Lambda throttled the invocation (concurrency used up); API Gateway returns 500"),
    SERVED: ("success", "First request served by Lambda"),
}
_LANES = {PLAN_429: "usage plan", STAGE_429: "stage", ACCOUNT_429: "account", CACHE_HIT: "cache",
          LAMBDA_500: "Lambda", SERVED: "Lambda"}


def _result(params: dict[str, Any], seed: int, per_second: dict[str, list[int]], first: dict[str, float],
            steps: int) -> SimResult:
    totals = {outcome: sum(values) for outcome, values in per_second.items()}
    arrived = sum(totals.values())
    events = [Event(first[o], _FIRST_TEXT[o][0], _FIRST_TEXT[o][1], _LANES[o]) for o in OUTCOMES if o in first]
    events.sort(key=lambda e: e.time)

    def share(count: int) -> str:
        return f"{count:,} ({100 * count / arrived:.1f}%)" if arrived else "0"

    throttled = totals[PLAN_429] + totals[STAGE_429] + totals[ACCOUNT_429]
    summary: dict[str, Any] = {
        "Requests": arrived,
        "429 from a usage plan (per API key)": share(totals[PLAN_429]),
        "429 from the stage/method limit": share(totals[STAGE_429]),
        "429 from the account limit": share(totals[ACCOUNT_429]),
        "Answered from the cache": share(totals[CACHE_HIT]) if params["cache_ttl"] else "no cache",
        "500 because Lambda throttled": share(totals[LAMBDA_500]),
        "Served by Lambda": share(totals[SERVED]),
        "Lambda invocations attempted": totals[LAMBDA_500] + totals[SERVED],
        "Who answers 429": "API Gateway, before Lambda is invoked; Lambda's own throttle reaches the client as 500",
        "Model's assumptions (not AWS-documented)": "; ".join(ASSUMPTIONS),
    }
    series = {outcome: tuple((float(second), float(count)) for second, count in enumerate(values))
              for outcome, values in per_second.items() if any(values)}
    limits = {"stage rate": params["stage_rate"], "account rate": params["account_rate"]}
    if params["api_keys"]:
        limits["all usage plans"] = params["plan_rate"] * params["api_keys"]
    verdict = (f"{share(totals[SERVED])} served by Lambda, {share(throttled)} refused with 429 by API Gateway, "
               f"{share(totals[LAMBDA_500])} 500 from Lambda throttles"
               + (f", {share(totals[CACHE_HIT])} from the cache" if params["cache_ttl"] else ""))
    return SimResult(simulation="apigw-throttle", params=params, seed=seed, events=tuple(events), summary=summary,
                     view="pool", series=series, limits=limits, verdict=verdict, steps=steps)


def work(params: dict[str, Any]) -> Work:
    """Bucket and cache-key steps: each 100 ms, one per API key and at most one per cache key."""
    per_tick = 1 + params["api_keys"] + (params["cache_keys"] if params["cache_ttl"] else 0)
    return Work(params["seconds"] * TICKS_PER_SECOND * per_tick, "steps", ("seconds", "cache_keys", "api_keys"))


SIMULATION = Simulation(
    name="apigw-throttle",
    title="API Gateway throttling and caching in front of Lambda",
    summary="Token buckets per API key, stage and account, a stage cache with a TTL, and Lambda's concurrency "
            "behind them: which layer answers 429, and when a Lambda throttle becomes a 500.",
    params=PARAMS,
    runner=run,
    sources=SOURCES,
    work=work,
    budget=300 * TICKS_PER_SECOND * (1 + 100 + 1_000),
)


# ---------------------------------------------------------------------------------------------- asks


def _steady(result: SimResult, outcome: str) -> int:
    """Requests a second with `outcome` in the last second of the run, once the buckets' bursts are spent."""
    points = result.series.get(outcome, ())
    return int(points[-1][1]) if points else 0


def _compose_who_answers(result: SimResult) -> Composed:
    p = result.params
    rate = p["rate"]
    plan_total = p["plan_rate"] * p["api_keys"]
    stem = (f"A REST API stage has a method limit of {p['stage_rate']:,.0f} requests per second (burst "
            f"{p['stage_burst']:,}); its {p['api_keys']} clients share a usage plan of {p['plan_rate']:,.0f} requests "
            f"per second per API key (burst {p['plan_burst']:,}); the function behind it has a concurrency of "
            f"{p['concurrency']:,} and runs {p['duration_ms']:,.0f} ms. The clients send {rate:,} requests per second "
            f"in all, evenly. Once the bursts are spent, what answers most of the refused requests each second?")
    counts = {
        "429 Too Many Requests from the usage plan's per-key throttle": _steady(result, PLAN_429),
        "429 Too Many Requests from the stage's method throttle": _steady(result, STAGE_429),
        "500 Internal Server Error after Lambda throttles the invocation": _steady(result, LAMBDA_500),
    }
    nothing = "No layer: once the bursts are spent every request is served by the function"
    answer = max(counts, key=lambda text: counts[text]) if any(counts.values()) else nothing
    reasons = {
        "429 Too Many Requests from the usage plan's per-key throttle":
            f"The plan lets {plan_total:,.0f} requests a second through for all keys together.",
        "429 Too Many Requests from the stage's method throttle":
            f"The stage lets {p['stage_rate']:,.0f} requests a second through, whatever the keys allow.",
        "500 Internal Server Error after Lambda throttles the invocation":
            f"{p['concurrency']:,} concurrent runs of {p['duration_ms']:,.0f} ms serve about "
            f"{p['concurrency'] * 1000 / p['duration_ms']:,.0f} requests a second; API Gateway turns the rest into 500.",
        nothing: "Every layer lets this traffic through.",
    }
    wrong = [(text, reasons[text] if counts[text] else "Few or no requests are refused there once traffic is steady.")
             for text in counts if text != answer]
    if answer != nothing:
        wrong.append((nothing, "Some layer refuses part of this traffic every second."))
    wrong.insert(0, ("429 Too Many Requests returned by Lambda and passed through by API Gateway",
                  "API Gateway never passes Lambda's 429 on: a throttled invocation becomes a 500."))
    wrong.append(("429 Too Many Requests from the account's limit of 10,000 requests per Region",
                  "The account limit is far above this traffic."))
    return Composed(stem=stem, correct=(answer, reasons[answer]), distractors=tuple(wrong),
                    reason="Each layer refuses what exceeds it: usage plan per key, then stage, then account; Lambda's "
                           "throttles come back as 500.")


def _compose_cache_invocations(result: SimResult) -> Composed:
    p = result.params
    served = sum(v for _, v in result.series.get(SERVED, ()))
    ttl, keys, seconds = p["cache_ttl"], p["cache_keys"], p["seconds"]
    refreshes = math.ceil(seconds / ttl) if ttl else 0

    def times(n: float) -> str:
        return f"{int(n):,} invocation{'' if int(n) == 1 else 's'} of the function"

    return Composed(
        stem=(f"A REST API stage with caching on (TTL {ttl} s) receives {p['rate']:,} GET requests per second for "
              f"{seconds} s, spread evenly over {keys} distinct cache keys; no throttle is reached. How many times is "
              f"the Lambda function invoked?"),
        correct=(times(served), "Each cache key misses once, then once more each time its entry outlives the TTL."),
        distractors=(
            (times(p["rate"] * seconds), "That invokes the function for every request; the cache answers repeats."),
            (times(keys), "That fetches each key once; an entry expires after the TTL and is fetched again."),
            (times(refreshes), "That refreshes the whole cache as one entry; each cache key has its own entry."),
            (times(p["rate"] * seconds - served), "That counts the cache hits, not the misses."),
            (times(2 * served), "That invokes the function twice for a miss; one invocation fills the entry."),
        ),
        reason="Only cache misses reach Lambda: the first request for each key, and the first after its entry expires.",
    )


_NO_CACHE_THROTTLES = {"cache_ttl": 0}
_CACHE_ONLY = {"api_keys": 0, "stage_rate": 50_000.0, "stage_burst": 50_000, "concurrency": 10_000}


def _fixed(name: str, compose: Callable[..., Any], forced: dict[str, Any]) -> Ask:
    """An ask whose spec is forced to what its stem describes (no cache; or no throttle but the cache)."""
    inner = run_ask(SIMULATION, name, compose)
    return Ask(name, lambda spec, seed: inner.build({**spec, **forced}, seed), inner.version)


ASKS = {
    "who_answers": _fixed("Which layer refuses most requests once bursts are spent", _compose_who_answers,
                          _NO_CACHE_THROTTLES),
    "cache_invocations": _fixed("How many requests reach Lambda behind a stage cache", _compose_cache_invocations,
                                _CACHE_ONLY),
}
