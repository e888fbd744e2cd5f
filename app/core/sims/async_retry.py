"""Asynchronous invocation: the event queue, retries after function errors, throttles, and where events end up.

The rules (lambda-facts.md §1, from the AWS pages in SOURCES):

- Attempt 1 runs when the event is dequeued (here: as soon as it is queued).
- After a function error Lambda waits 1 min before retry 1 and 2 min before retry 2; `MaximumRetryAttempts`
  (0–2, default 2) says how many retries there are.
- Throttles (429) and system errors (5xx) send the event back to the queue with a backoff growing from 1 s
  to at most 5 min. AWS does not document the growth factor, so it doubles here. They use no retry attempt:
  only the maximum event age (60 s–6 h, default 6 h) bounds them.
- An event that runs out of retries, or grows older than the maximum event age, goes to the on-failure
  destination (an invocation record: the event plus request, response and error details) and/or the DLQ
  (the event alone), or is dropped when neither is configured.
- Delivery is at-least-once: a duplicate delivery runs the handler again with the same event.

One simulated event or up to 100,000: events are independent of each other here (nothing models a shared
concurrency pool), so each one's story is worked out on its own, and only the first few are told as
timeline events. The summary counts all of them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .base import Event, SimResult, Simulation, Work
from .generate import Composed, format_duration, run_ask
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html",
    "https://docs.aws.amazon.com/lambda/latest/api/API_FunctionEventInvokeConfig.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
)

RETRY_WAITS = (60.0, 120.0)  # before retry 1 and retry 2, after a function error
BACKOFF_FIRST = 1.0  # throttles and 5xx: the first wait...
BACKOFF_MAX = 300.0  # ...doubles up to 5 min
DEFAULT_MAX_AGE = 21_600  # 6 h
DETAIL_LIMIT = 20  # events whose whole story goes on the timeline; the rest are only counted

OUTCOMES = ("error", "success", "throttle", "5xx")
DESTINATIONS = {
    "destination": "on-failure destination",
    "dlq": "DLQ",
    "both": "on-failure destination and DLQ",
    "none": "dropped",
}

PARAMS = (
    Param("retry_attempts", "Retry attempts", "int", 2, minimum=0, maximum=2,
          help="MaximumRetryAttempts: retries after a function error (default 2)."),
    Param("max_event_age", "Maximum event age", "int", DEFAULT_MAX_AGE, unit="s", minimum=60, maximum=21_600,
          help="MaximumEventAgeInSeconds: how long an event may wait in the queue (default 6 h)."),
    Param("outcomes", "Outcome of each try", "text", "error", choices=OUTCOMES,
          help="What each try does, in order, e.g. 'throttle,error,success'; the last one repeats. "
               "Leave empty to draw outcomes with failure_probability and throttle_probability."),
    Param("failure_probability", "Failure probability", "float", 0.0, minimum=0.0, maximum=1.0,
          help="With no outcomes: the chance that a run ends in a function error."),
    Param("throttle_probability", "Throttle probability", "float", 0.0, minimum=0.0, maximum=1.0,
          help="With no outcomes: the chance that a try is throttled (429) before the function runs."),
    Param("on_failure", "On failure", "choice", "destination", choices=tuple(DESTINATIONS),
          help="Where a failed event goes: an on-failure destination, a DLQ, both, or nowhere."),
    Param("on_success", "On-success destination", "bool", False,
          help="Send an invocation record to an on-success destination when the event succeeds."),
    Param("duplicates", "Duplicate delivery", "bool", False,
          help="Deliver the first event twice, as the at-least-once queue sometimes does."),
    Param("events", "Events", "int", 1, minimum=1, maximum=100_000,
          help=f"How many events to queue; the first {DETAIL_LIMIT} are drawn on the timeline."),
    Param("spacing", "Time between events", "float", 1.0, unit="s", minimum=0.0, maximum=3_600.0,
          help="Seconds between one queued event and the next."),
)


@dataclass(frozen=True)
class Story:
    """How one event went: when it ended, how, and what it took."""

    index: int
    queued: float
    ended: float
    outcome: str  # "success", "retries-exhausted" or "expired"
    attempts: int  # runs of the function
    throttles: int  # throttles and 5xx: tries that went back to the queue without running the function

    @property
    def age(self) -> float:
        return self.ended - self.queued


def run(params: dict[str, Any], seed: int) -> SimResult:
    """Queue `events` events and follow each one to its end."""
    rng = random.Random(seed)
    script = [item for item in params["outcomes"].split(",") if item]
    stories: list[Story] = []
    timeline: list[Event] = []
    for index in range(params["events"]):
        queued = index * params["spacing"]
        told = timeline if index < DETAIL_LIMIT else None
        stories.append(_follow(index, queued, params, script, rng, told))
    if params["duplicates"]:
        timeline.append(_duplicate(stories[0]))
    if len(stories) > DETAIL_LIMIT:
        timeline.append(_untold(stories))
    timeline.sort(key=lambda event: event.time)  # stable: events at one time keep their order
    return SimResult(
        simulation="async-retry",
        params=params,
        seed=seed,
        events=tuple(timeline),
        summary=_summary(stories, params),
        view="timeline",
        verdict=_verdict(stories, params),
        steps=sum(story.attempts + story.throttles for story in stories),
    )


# Throttle backoff doubles from 1 s while it is below 5 min: 1, 2, 4, ... 256 s, nine waits.
_DOUBLING_WAITS = int(BACKOFF_MAX // BACKOFF_FIRST).bit_length()


def work(params: dict[str, Any]) -> Work:
    """Tries in all (runs of the function and throttled tries), at most, for every event.

    A function error restarts the backoff, so each of the retry_attempts + 1 runs may follow nine doubling
    waits; beyond those, waits of 5 min fill at most the maximum event age.
    """
    runs = params["retry_attempts"] + 1
    per_event = runs * (1 + _DOUBLING_WAITS) + params["max_event_age"] // int(BACKOFF_MAX) + 1
    return Work(params["events"] * per_event, "tries", ("events", "max_event_age"))


def _follow(index: int, queued: float, params: dict[str, Any], script: list[str], rng: random.Random,
            told: list[Event] | None) -> Story:
    """Follow one event from the queue to its end; append its timeline events to `told` unless it is None.

    This loop runs once per try for every event of the benchmark, so it reads parameters into locals and only
    formats text when `told` is set.
    """
    retry_attempts = params["retry_attempts"]
    throttle_p, failure_p = params["throttle_probability"], params["failure_probability"]
    deadline = queued + params["max_event_age"]
    last = len(script) - 1
    t = queued
    tries = attempts = throttles = 0
    backoff = BACKOFF_FIRST
    if told is not None:
        told.append(Event(t, "queued", f"Event {index + 1} is placed in the asynchronous event queue; the caller "
                          "does not wait for the result.", "queue", {"event": index}))
    while True:
        if script:
            outcome = script[tries if tries < last else last]
        elif rng.random() < throttle_p:
            outcome = "throttle"
        else:
            outcome = "error" if rng.random() < failure_p else "success"
        tries += 1
        if outcome == "success":
            attempts += 1
            story = Story(index, queued, t, "success", attempts, throttles)
            if told is not None:
                told.extend(_success_events(story, params))
            return story
        if outcome == "error":
            attempts += 1
            backoff = BACKOFF_FIRST  # the function ran: a later throttle starts its backoff afresh
            if attempts > retry_attempts:
                story = Story(index, queued, t, "retries-exhausted", attempts, throttles)
                if told is not None:
                    told.extend(_failure_events(story, params))
                return story
            wait = RETRY_WAITS[attempts - 1]
            if told is not None:
                told.append(Event(t, "attempt", f"{_attempt_name(attempts)}: function error (a code error, runtime "
                                  f"error or timeout). Retry {attempts} of {retry_attempts} in {format_duration(wait)}.",
                                  "function", {"event": index, "attempt": attempts, "outcome": "error"}))
        else:
            if told is None and backoff == BACKOFF_MAX and tries > last and script:
                # From here on the script only sends the event back at the capped backoff: jump to the last
                # try that still fits in the event's age rather than loop (an event can be throttled for 6 h).
                skipped = int((deadline - t) // BACKOFF_MAX)
                t += skipped * BACKOFF_MAX
                throttles += skipped
            throttles += 1
            wait = backoff
            backoff = min(backoff * 2, BACKOFF_MAX)
            if told is not None:
                told.append(_requeue_event(index, t, outcome, wait))
        if t + wait > deadline:
            story = Story(index, queued, deadline, "expired", attempts, throttles)
            if told is not None:
                told.extend(_failure_events(story, params))
            return story
        t += wait


def _attempt_name(attempt: int) -> str:
    return "Attempt 1" if attempt == 1 else f"Attempt {attempt} (retry {attempt - 1})"


def _requeue_event(index: int, t: float, outcome: str, wait: float) -> Event:
    cause = ("Throttled (429 TooManyRequestsException)" if outcome == "throttle"
             else "Lambda service error (5xx)")
    return Event(t, outcome, f"{cause}: the function did not run. The event goes back to the queue and is tried "
                 f"again in {format_duration(wait)}; this uses no retry attempt (the backoff grows from 1 s to at most "
                 "5 min; that it doubles is this model's assumption; bounded only by the maximum event age).", "queue", {"event": index, "wait": wait})


def _final(story: Story, kind: str, text: str, lane: str, went_to: str) -> Event:
    """The one event that ends an event's story; `data["final"]` marks it."""
    data = {"event": story.index, "final": True, "outcome": story.outcome, "went_to": went_to,
            "attempts": story.attempts, "throttles": story.throttles, "age": story.age}
    return Event(story.ended, kind, text, lane, data)


def _success_events(story: Story, params: dict[str, Any]) -> list[Event]:
    name = f"Event {story.index + 1}"
    went_to = "on-success destination" if params["on_success"] else "done"
    events = [_final(story, "success", f"{_attempt_name(story.attempts)}: succeeded. {name} leaves the queue after "
                     f"{format_duration(story.age)}.", "function", went_to)]
    if params["on_success"]:
        events.append(Event(story.ended, "on-success", f"The on-success destination receives an invocation record "
                            f"for {name}: the request, the function's response and details.", "destination",
                            {"event": story.index}))
    return events


def _failure_events(story: Story, params: dict[str, Any]) -> list[Event]:
    name = f"Event {story.index + 1}"
    target = params["on_failure"]
    if story.outcome == "expired":
        why = (f"{name} is older than the maximum event age ({format_duration(params['max_event_age'])}) before "
               "its next try could run, so Lambda discards it from the queue.")
    elif story.attempts == 1:
        why = f"{_attempt_name(1)}: function error, and no retries are configured."
    else:
        why = f"{_attempt_name(story.attempts)}: function error. No retries left."
    # Running out of retries is the function's last run failing; expiring is the queue giving up on the event.
    lane = "function" if story.outcome == "retries-exhausted" else "queue"
    events = [_final(story, "failed", f"{why} It went to: {DESTINATIONS[target]}.", lane, DESTINATIONS[target])]
    data = {"event": story.index}
    if target in ("destination", "both"):
        events.append(Event(story.ended, "on-failure", f"The on-failure destination receives an invocation record for "
                            f"{name}: the event plus request, response and error details as JSON.", "destination", data))
    if target in ("dlq", "both"):
        events.append(Event(story.ended, "dlq", f"The DLQ (a standard SQS queue or SNS topic) receives {name} alone, "
                            "without error details.", "dlq", data))
    if target == "none":
        events.append(Event(story.ended, "dropped", f"{name} is dropped: no on-failure destination or DLQ is "
                            "configured, so nothing keeps it.", "queue", data))
    return events


def _duplicate(story: Story) -> Event:
    return Event(story.queued, "duplicate", "Duplicate delivery: the queue is eventually consistent, so Event 1 is "
                 "delivered again and the handler runs a second time with the same event. Make processing "
                 "idempotent.", "function", {"event": story.index})


def _untold(stories: list[Story]) -> Event:
    last = max(story.ended for story in stories)
    more = len(stories) - DETAIL_LIMIT
    return Event(last, "more", f"… {more:,} more events are not drawn here; the summary counts all "
                 f"{len(stories):,}.", "queue", {"events": more})


def _summary(stories: list[Story], params: dict[str, Any]) -> dict[str, Any]:
    attempts = sum(story.attempts for story in stories)
    ages = [story.age for story in stories]
    summary: dict[str, Any] = {}
    if len(stories) > 1:
        summary["Events"] = len(stories)
    summary["Attempts (function runs)"] = attempts
    summary["Retries used"] = sum(max(story.attempts - 1, 0) for story in stories)
    summary["Throttles and 5xx (no retry used)"] = sum(story.throttles for story in stories)
    summary["Duplicate deliveries"] = 1 if params["duplicates"] else 0
    if len(stories) == 1:
        summary["Time in queue"] = format_duration(ages[0])
    else:
        summary["Time in queue (mean)"] = format_duration(sum(ages) / len(ages))
        summary["Time in queue (longest)"] = format_duration(max(ages))
    summary["Outcome"] = _count_words(Counter(_outcome_words(story) for story in stories), len(stories))
    summary["Went to"] = _count_words(Counter(_went_to(story, params) for story in stories), len(stories))
    return summary


def _outcome_words(story: Story) -> str:
    if story.outcome == "success":
        return f"succeeded on attempt {story.attempts}" if story.attempts else "succeeded"
    if story.outcome == "expired":
        return "failed: older than the maximum event age"
    return "failed: retries used up"


def _went_to(story: Story, params: dict[str, Any]) -> str:
    if story.outcome == "success":
        return "on-success destination" if params["on_success"] else "nowhere (done)"
    return DESTINATIONS[params["on_failure"]]


def _count_words(counts: Counter[str], total: int) -> str:
    if total == 1:
        return next(iter(counts))
    return "; ".join(f"{count:,} {words}" for words, count in counts.most_common())


def _verdict(stories: list[Story], params: dict[str, Any]) -> str:
    if len(stories) == 1:
        story = stories[0]
        runs = f"{story.attempts} run{'s' if story.attempts != 1 else ''}"
        if story.outcome == "success":
            return f"Event succeeded after {format_duration(story.age)} ({runs}, {story.throttles} throttled tries)"
        return (f"Event failed after {format_duration(story.age)} ({runs}, {story.throttles} throttled tries): "
                f"{DESTINATIONS[params['on_failure']]}")
    succeeded = sum(1 for story in stories if story.outcome == "success")
    failed = len(stories) - succeeded
    return (f"{len(stories):,} events: {succeeded:,} succeeded, {failed:,} failed "
            f"({DESTINATIONS[params['on_failure']]})")


SIMULATION = Simulation(
    name="async-retry",
    title="Asynchronous invocation retries",
    summary="An event in the async queue: retries after function errors (1 min, then 2 min), throttles with "
            "backoff, the maximum event age, and the on-failure destination or DLQ.",
    params=PARAMS,
    runner=run,
    sources=SOURCES,
    work=work,
    budget=12_000_000,  # the whole declared range: 100,000 events throttled for 6 h, about 3 s
)


# --- generated questions ---------------------------------------------------------------------------------------


def _first_story(result: SimResult) -> Mapping[str, Any]:
    return next(e.data for e in result.events if e.data.get("event") == 0 and e.data.get("final"))


def _setup(result: SimResult) -> str:
    p = result.params
    script = [item for item in p["outcomes"].split(",") if item]
    words = {"error": "a function error", "success": "success", "throttle": "a throttle (429)", "5xx": "a 5xx error"}
    if not script:
        tries = f"each run fails with probability {p['failure_probability']:g}"
    elif len(set(script)) == 1:
        tries = f"every try ends in {words[script[0]]}"
    else:
        tries = "its tries end in " + ", then ".join(words[item] for item in script) + " (the last repeats)"
    return (f"An asynchronous invocation has MaximumRetryAttempts = {p['retry_attempts']} and "
            f"MaximumEventAgeInSeconds = {p['max_event_age']:,}; {tries}.")


def _after(seconds: float) -> str:
    return "At once (0 s)" if seconds == 0 else f"After {format_duration(seconds)}"


def _compose_failure_time(result: SimResult) -> Composed:
    story = _first_story(result)
    age = story["age"]
    p = result.params
    runs = f"{story['attempts']} run{'' if story['attempts'] == 1 else 's'} of the function"
    why_right = (f"The run: {runs} and {story['throttles']} throttled tries; the event leaves the queue "
                 f"{format_duration(age)} after it was queued.")
    distractors = (
        (_after(age + 60), f"Adds a retry that is not there: MaximumRetryAttempts is {p['retry_attempts']}."),
        (_after(120 if age == 180 else age + 120),
         "Lambda waits 1 min before retry 1 but 2 min before retry 2: the waits are not equal."),
        (_after(p["max_event_age"]), "The maximum event age only bounds how long retries and throttles may go "
                                     "on; a failed event does not wait for it."),
        (_after(0), "Lambda does not retry a function error at once: it waits 1 min, then 2 min."),
        (_after(max(age - 60, 0)), "Leaves out a wait: the first attempt runs at once, then each retry waits."),
        (_after(age + 300), "Throttle backoff starts at 1 s and doubles up to 5 min; it is not 5 min each time."),
        (_after(age * 2 + 60), "Each wait happens once; the timeline does not repeat."),
    )
    return Composed(
        stem=f"{_setup(result)} How long after it was queued does the event leave the queue for good?",
        correct=(_after(age), why_right),
        distractors=distractors,
        reason="After a function error Lambda waits 1 min before retry 1 and 2 min before retry 2; throttles and "
               "5xx errors back off from 1 s up to 5 min without using retries; nothing waits past the maximum "
               "event age.",
    )


def _times(count: int) -> str:
    return {0: "Never", 1: "Once"}.get(count, f"{count} times")


def _compose_attempts(result: SimResult) -> Composed:
    story = _first_story(result)
    runs = story["attempts"]
    p = result.params
    candidates = (
        (runs + story["throttles"], "Throttled tries never reach the function, so they are not runs."),
        (runs + 1, "One too many: retries stop after MaximumRetryAttempts, or at the first success."),
        (runs - 1, "The first attempt counts as a run as well as the retries."),
        (3, "The notes' \"3 tries total\" holds only with the default of 2 retries and errors every time."),
        (p["retry_attempts"] + 2, "There is no extra final attempt after the last retry."),
        (runs + 2, "Retries stop after MaximumRetryAttempts, or at the first success."),
        (runs + 3, "Retries stop after MaximumRetryAttempts, or at the first success."),
    )
    distractors = tuple((_times(count), why) for count, why in candidates if count >= 0)
    return Composed(
        stem=f"{_setup(result)} How many times does the function run for this event?",
        correct=(_times(runs), f"In the run the function ran {runs} time{'' if runs == 1 else 's'}; "
                               f"{story['throttles']} throttled tries did not run it."),
        distractors=distractors,
        reason="A function error uses one of the retry attempts; a throttle or a 5xx error sends the event back "
               "to the queue without running the function and without using a retry.",
    )


# Of similar lengths (the right place between shorter and longer ones), so that length does not point to it.
_PLACES = {
    "on-failure destination": "The on-failure destination, as a record with the error details",
    "DLQ": "The dead-letter queue, as the event alone, without the error",
    "on-failure destination and DLQ": "Both: the destination gets an invocation record, the DLQ the event",
    "dropped": "Nowhere: Lambda drops the event and keeps no copy of it",
    "on-success destination": "The on-success destination, as an invocation record",
    "done": "Nowhere: it succeeded and no on-success destination is set",
}
_PLACE_WHY = {
    "on-failure destination": "Only a destination receives the invocation record (request, response, error).",
    "DLQ": "A DLQ receives only the event, never the error details.",
    "on-failure destination and DLQ": "Destinations and a DLQ can both be configured; each gets its own payload.",
    "dropped": "With neither a destination nor a DLQ, a failed event is lost.",
    "on-success destination": "On-success and on-failure destinations are configured separately.",
    "done": "A successful event goes nowhere unless an on-success destination is configured.",
}


# How a stem says what the function has for failed events, per value of the on_failure parameter.
_FAILURE_SETUP = {
    "destination": "an on-failure destination (and no dead-letter queue)",
    "dlq": "a dead-letter queue (and no on-failure destination)",
    "both": "both an on-failure destination and a dead-letter queue",
    "none": "neither an on-failure destination nor a dead-letter queue",
}


def _compose_where(result: SimResult) -> Composed:
    went_to = _first_story(result)["went_to"]
    others = [place for place in _PLACES if place != went_to]
    return Composed(
        stem=f"{_setup(result)} For failures the function has {_FAILURE_SETUP[result.params['on_failure']]}, and "
             f"{'an' if result.params['on_success'] else 'no'} on-success destination. Where does the event end up?",
        correct=(_PLACES[went_to], _PLACE_WHY[went_to]),
        distractors=(("Back with the caller, as an error in the response",
                      "An asynchronous caller does not wait for the result, so no error reaches it."),
                     *((_PLACES[place], _PLACE_WHY[place]) for place in others)),
        reason="Destinations receive an invocation record (the event plus request, response and error details); "
               "a DLQ, a standard SQS queue or SNS topic, receives only the event.",
    )


ASKS = {
    "failure_time": run_ask(SIMULATION, "How long after it was queued the event leaves the queue for good",
                            _compose_failure_time),
    "attempts": run_ask(SIMULATION, "How many times the function runs for the event", _compose_attempts),
    "where": run_ask(SIMULATION, "Where the event ends up and what that target receives", _compose_where,
                     version=2),
}
