"""A Step Functions Task state that fails: its retrier's waits, its attempts, and when the Catch fires.

The rules, from the Step Functions developer guide (SOURCES):

- A failed attempt is matched against the retrier's `ErrorEquals` first; only when the error matches no
  retrier, or the retrier's attempts are used up, is it matched against the catcher's `ErrorEquals`. An error
  that neither matches fails the execution.
- `MaxAttempts` is the number of *retries* (default 3; 0 never retries), so the task runs at most
  MaxAttempts + 1 times.
- The first retry waits `IntervalSeconds` (default 1); each later one waits `BackoffRate` (default 2.0) times
  the one before; `MaxDelaySeconds` caps the wait however large the backoff grows.
- `JitterStrategy` FULL draws each wait at random between 0 and the computed wait; NONE (the default) uses
  the computed wait.

What AWS does not spell out, the model assumes, and the result says so (ASSUMPTIONS): that the cap applies
before the jitter is drawn, that a jittered wait keeps its fraction of a second rather than being rounded, and
that no time passes between a failure and the Catch transition or the next attempt beyond the wait itself.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from typing import Any

from .base import Event, SimResult, Simulation, Work
from .generate import Ask, Composed, format_duration, run_ask
from .params import Param, ParamError

SOURCES = (
    "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
    "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.JitterType.html",
    "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html",
)

SUCCESS = "success"
ERRORS = ("Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.Unknown", "States.Timeout",
          "PaymentDeclined")
WILDCARD = "States.ALL"
MAX_ATTEMPTS_SIMULATED = 1_000
LONGEST_WAIT = 31_536_000  # one year, a Standard execution's longest life: no wait the model draws is longer  # AWS allows up to 99,999,999 retries; a timeline of more says nothing new

ASSUMPTIONS = (
    "MaxDelaySeconds caps the computed wait before FULL jitter draws from it",
    "a jittered wait keeps its fraction of a second",
    "the next attempt or the Catch transition follows its wait with no further delay",
    "no wait grows past one year, the longest a Standard execution lives",
)

PARAMS = (
    Param("outcomes", "Outcome of each attempt", "text", "Lambda.ServiceException", choices=(*ERRORS, SUCCESS),
          help="What each run of the Task does, in order, e.g. 'Lambda.ServiceException,success'; the last one "
               "repeats."),
    Param("retry_errors", "Retrier ErrorEquals", "text", "Lambda.ServiceException,Lambda.TooManyRequestsException",
          choices=(*ERRORS, WILDCARD), repeats=False,
          help="The errors the retrier handles; empty for no Retry field."),
    Param("interval_seconds", "IntervalSeconds", "int", 1, unit="s", minimum=1, maximum=99_999_999,
          help="The wait before the first retry (default 1)."),
    Param("max_attempts", "MaxAttempts", "int", 3, minimum=0, maximum=MAX_ATTEMPTS_SIMULATED,
          help="How many retries (default 3; 0 never retries); the task runs at most MaxAttempts + 1 times. "
               f"AWS allows up to 99,999,999; the simulation stops at {MAX_ATTEMPTS_SIMULATED:,}."),
    Param("backoff_rate", "BackoffRate", "float", 2.0, minimum=1.0, maximum=100.0,
          help="Each wait is this many times the one before (default 2.0; at least 1.0)."),
    Param("max_delay_seconds", "MaxDelaySeconds", "int", 0, unit="s", minimum=1, maximum=31_622_400,
          allowed_extra=(0,), help="Caps every wait; 0 means not set."),
    Param("jitter", "JitterStrategy", "choice", "NONE", choices=("NONE", "FULL"),
          help="FULL draws each wait at random between 0 and the computed wait; NONE (default) waits exactly."),
    Param("catch_errors", "Catcher ErrorEquals", "text", WILDCARD, choices=(*ERRORS, WILDCARD), repeats=False,
          help="The errors the catcher sends to its fallback state; empty for no Catch field."),
    Param("task_seconds", "Run time of each attempt", "float", 1.0, unit="s", minimum=0.0, maximum=900.0,
          help="How long each run of the function takes before it succeeds or fails."),
)


def _check(values: dict[str, Any]) -> None:
    for name in ("retry_errors", "catch_errors"):
        items = [item for item in values[name].split(",") if item]
        if WILDCARD in items and len(items) > 1:
            raise ParamError(f"{name}: {WILDCARD} must be the only error of its retrier or catcher")


def computed_wait(params: Mapping[str, Any], retry: int) -> float:
    """The wait before retry number `retry` (1-based), before jitter: IntervalSeconds × BackoffRate^(retry-1),
    capped by MaxDelaySeconds when it is set."""
    interval, rate = params["interval_seconds"], params["backoff_rate"]
    # Compare exponents first: BackoffRate 100 to the 999th power is more than a float holds.
    if rate > 1 and (retry - 1) * math.log(rate) > math.log(LONGEST_WAIT / interval):
        wait = float(LONGEST_WAIT)
    else:
        wait = min(float(LONGEST_WAIT), interval * rate ** (retry - 1))
    cap = params["max_delay_seconds"]
    return min(wait, cap) if cap else wait


def _matches(error: str, listed: str) -> bool:
    items = [item for item in listed.split(",") if item]
    return error in items or (WILDCARD in items and bool(items))


def run(params: dict[str, Any], seed: int) -> SimResult:
    rng = random.Random(seed)
    script = [item for item in params["outcomes"].split(",") if item] or [SUCCESS]
    events: list[Event] = []
    now = 0.0
    retries = 0
    waits: list[float] = []
    attempt = 0
    ending = ""
    while True:
        attempt += 1
        outcome = script[min(attempt - 1, len(script) - 1)]
        label = "attempt 1" if attempt == 1 else f"retry {attempt - 1}"
        events.append(Event(now, "attempt", f"Task runs ({label})", "Task", {"attempt": attempt}))
        now += params["task_seconds"]
        if outcome == SUCCESS:
            events.append(Event(now, "success", f"Task succeeds on run {attempt}", "Task", {"attempt": attempt}))
            ending = "succeeded"
            break
        events.append(Event(now, "error", f"Task fails with {outcome}", "Task", {"attempt": attempt, "error": outcome}))
        if _matches(outcome, params["retry_errors"]) and retries < params["max_attempts"]:
            retries += 1
            computed = computed_wait(params, retries)
            wait = rng.uniform(0.0, computed) if params["jitter"] == "FULL" else computed
            waits.append(wait)
            how = f"computed {format_duration(computed)}, FULL jitter" if params["jitter"] == "FULL" else "computed"
            events.append(Event(now, "retry-wait", f"Retrier waits {format_duration(wait)} ({how}) before retry "
                                f"{retries}", "Retry", {"retry": retries, "wait": wait, "computed": computed}))
            now += wait
            continue
        why = ("retries used up" if _matches(outcome, params["retry_errors"])
               else "no retrier matches it")
        if _matches(outcome, params["catch_errors"]):
            events.append(Event(now, "catch", f"Catch fires for {outcome} ({why}): fallback state runs", "Catch",
                                {"error": outcome}))
            ending = "caught"
        else:
            events.append(Event(now, "failed", f"Execution fails with {outcome} ({why}, no catcher matches)",
                                "Catch", {"error": outcome}))
            ending = "failed"
        break
    return SimResult(
        simulation="sfn-retry",
        params=params,
        seed=seed,
        events=tuple(events),
        summary=_summary(params, attempt, waits, now, ending, events[-1]),
        view="timeline",
        verdict=_verdict(attempt, now, ending, events[-1]),
        steps=len(events),
    )


def _verdict(attempts: int, total: float, ending: str, last: Event) -> str:
    runs = f"{attempts} run{'s' if attempts != 1 else ''}"
    if ending == "succeeded":
        return f"Task succeeds after {runs}, {format_duration(total)} after it started"
    if ending == "caught":
        return f"Catch fires at {format_duration(total)} after {runs}, for {last.data['error']}"
    return f"Execution fails at {format_duration(total)} after {runs}, with {last.data['error']}"


def _summary(params: dict[str, Any], attempts: int, waits: list[float], total: float, ending: str,
             last: Event) -> dict[str, Any]:
    cap = params["max_delay_seconds"]
    return {
        "Outcome": {"succeeded": "Task succeeded", "caught": "Catch fired: the fallback state runs",
                    "failed": "execution failed"}[ending] + ("" if ending == "succeeded" else f" ({last.data['error']})"),
        "Runs of the Task": attempts,
        "Retries used": f"{len(waits)} of MaxAttempts {params['max_attempts']}",
        "Waits": ", ".join(format_duration(w) for w in waits[:12]) + (" …" if len(waits) > 12 else "") or "none",
        "Time spent waiting": format_duration(sum(waits)),
        "Time spent running": format_duration(attempts * params["task_seconds"]),
        "Total duration": format_duration(total),
        "Rule": (f"wait n = IntervalSeconds {params['interval_seconds']:,} x BackoffRate {params['backoff_rate']:g}"
                 f"^(n-1)" + (f", capped at MaxDelaySeconds {cap:,}" if cap else "")
                 + ("; FULL jitter: uniform in [0, wait]" if params["jitter"] == "FULL" else "")),
        "Model's assumptions (not AWS-documented)": "; ".join(ASSUMPTIONS),
    }


def work(params: dict[str, Any]) -> Work:
    """Timeline events: each run adds an attempt and its end, each retry a wait."""
    return Work(3 * (params["max_attempts"] + 1) + 1, "events", ("max_attempts",))


SIMULATION = Simulation(
    name="sfn-retry",
    title="Step Functions Retry and Catch timeline",
    summary="A failing Task state: IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds and jitter, "
            "then the Catch.",
    params=PARAMS,
    runner=run,
    sources=SOURCES,
    check=_check,
    work=work,
    budget=3 * (MAX_ATTEMPTS_SIMULATED + 1) + 1,
)


# ---------------------------------------------------------------------------------------------- asks


def _describe(params: Mapping[str, Any]) -> str:
    cap = params["max_delay_seconds"]
    return (
        f"A Task state's function fails every time with Lambda.ServiceException after "
        f"{format_duration(params['task_seconds'])}. Its retrier has IntervalSeconds {params['interval_seconds']}, "
        f"BackoffRate {params['backoff_rate']:g}, MaxAttempts {params['max_attempts']}"
        + (f", MaxDelaySeconds {cap}" if cap else "")
        + ", no JitterStrategy, and a Catch on States.ALL follows"
    )


def _compose_catch_time(result: SimResult) -> Composed:
    params = result.params
    runs = params["max_attempts"] + 1
    running = runs * params["task_seconds"]

    def total(waits: list[float]) -> str:
        return format_duration(running + sum(waits))

    retries = range(1, params["max_attempts"] + 1)
    actual = [computed_wait(params, n) for n in retries]
    uncapped = [computed_wait({**params, "max_delay_seconds": 0}, n) for n in retries]
    one_less = actual[:-1]
    doubled_first = [computed_wait(params, n + 1) for n in retries]
    flat = [float(params["interval_seconds"])] * len(actual)
    return Composed(
        stem=f"{_describe(params)}. How long after the Task first starts does the Catch fire?",
        correct=(total(actual), "MaxAttempts + 1 runs, and waits of IntervalSeconds x BackoffRate^(n-1), capped."),
        distractors=(
            (total(one_less) if actual else format_duration(running + params["interval_seconds"]),
             "That counts MaxAttempts as all the runs: it is the number of retries, after the first run."),
            (total(doubled_first), "That multiplies by BackoffRate before the first retry, which waits IntervalSeconds."),
            (total(uncapped), "That ignores MaxDelaySeconds, which caps every wait."),
            (total(flat), "That waits IntervalSeconds every time; BackoffRate multiplies each wait."),
            (format_duration(sum(actual)), "That leaves out the time the function itself runs."),
            (total(actual + [computed_wait(params, len(actual) + 1)]), "That waits once more before the Catch; "
             "the Catch fires as soon as the last retry fails."),
        ),
        reason="The retrier's waits and each run of the function add up; the Catch fires right after the last "
               "retry fails.",
    )


def _compose_runs(result: SimResult) -> Composed:
    params = result.params
    runs = params["max_attempts"] + 1

    def times(n: int) -> str:
        return f"{n} run{'s' if n != 1 else ''} of the function"

    return Composed(
        stem=f"{_describe(params)}. How many times does the function run before the Catch fires?",
        correct=(times(runs), "The first run plus MaxAttempts retries."),
        distractors=(
            (times(params["max_attempts"]), "That treats MaxAttempts as every run; it counts retries only."),
            (times(runs + 1), "That adds a run for the Catch; the catcher's fallback state is another state."),
            (times(1), "That skips the retrier; Retry is applied before Catch, never after it."),
            (times(2 * runs), "That runs the retrier twice; one retrier's attempts last for the whole state visit."),
            (times(runs + 2), "That adds a run for the Catch and one more retry; neither happens."),
        ),
        reason="Retry is applied first: the function runs once, then once per retry; then the Catch fires.",
    )


# What every ask's stem says: the function always fails with an error that both the retrier and the catcher
# match, and the waits are not jittered. A question's spec may draw the retrier's numbers, never these.
_ALWAYS_FAILS = {"outcomes": "Lambda.ServiceException", "retry_errors": "Lambda.ServiceException", "jitter": "NONE",
                 "catch_errors": WILDCARD}


def _ask(describe: str, compose: Callable[..., Any]) -> Ask:
    inner = run_ask(SIMULATION, describe, compose)
    return Ask(describe, lambda spec, seed: inner.build({**spec, **_ALWAYS_FAILS}, seed), inner.version)


ASKS = {
    "catch_time": _ask("When the Catch fires after retries with backoff", _compose_catch_time),
    "runs": _ask("How many times the task runs before the Catch", _compose_runs),
}
