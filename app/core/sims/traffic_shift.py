"""CodeDeploy traffic shifting for a Lambda alias: canary, linear, all-at-once, hooks and alarm rollback.

Rules (lambda-facts.md §9): the predefined configurations are Canary 10% for 5/10/15/30 minutes, Linear
10% every 1/2/3/10 minutes and AllAtOnce; CodeDeploy names carry the `CodeDeployDefault.Lambda` prefix,
SAM's `DeploymentPreference.Type` uses them without it. Custom configurations use other percentages and
whole-minute intervals. CodeDeploy moves the alias's routing weights between two versions (an alias
points to at most two). The BeforeAllowTraffic hook (SAM `PreTraffic`) runs before any traffic moves;
AfterAllowTraffic (`PostTraffic`) once all of it has. CloudWatch alarms trigger an automatic rollback.

Timeline model (§9): canary X% for N min puts X% on the new version at t = 0 and 100% at t = N; linear
P% every N min puts P% × (k + 1) there at t = k·N, so 10% steps reach 100% at t = 9N. (AWS only says
"every N minutes until all traffic is shifted"; the first step at t = 0 is this model's assumption.)
Hooks take no simulated time. An alarm that fires at the minute of a step is seen before that step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .base import Event, SimResult, Simulation, counted_by_output, fixed_work
from .generate import Ask, GeneratedQuestion, draw_params, format_duration, make_choices, run_story
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html",
    "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html",
    "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html",
)

CODEDEPLOY_PREFIX = "CodeDeployDefault.Lambda"
OLD, NEW = "version 1", "version 2"


@dataclass(frozen=True)
class ShiftPlan:
    """A traffic-shifting configuration: kind canary, linear or all-at-once, a percent and an interval."""

    kind: str  # canary | linear | all-at-once
    percent: int = 100
    interval_min: int = 0
    sam_name: str = ""  # empty for a custom configuration

    @property
    def codedeploy_name(self) -> str:
        return f"{CODEDEPLOY_PREFIX}{self.sam_name}" if self.sam_name else "(custom configuration)"

    def steps(self) -> list[tuple[int, int]]:
        """(minute, percent on the new version) for each shift, in order, ending at 100."""
        if self.kind == "all-at-once":
            return [(0, 100)]
        if self.kind == "canary":
            return [(0, self.percent), (self.interval_min, 100)]
        out, k = [], 0
        while True:
            weight = min(100, self.percent * (k + 1))
            out.append((k * self.interval_min, weight))
            if weight == 100:
                return out
            k += 1

    def describe(self) -> str:
        if self.kind == "all-at-once":
            return "all traffic at once"
        if self.kind == "canary":
            return f"canary: {self.percent}% at once, the other {100 - self.percent}% after {self.interval_min} min"
        return f"linear: +{self.percent}% every {self.interval_min} min until 100%"


PREDEFINED: dict[str, ShiftPlan] = {
    name: plan
    for plan in (
        *(ShiftPlan("canary", 10, m, f"Canary10Percent{m}Minutes") for m in (5, 10, 15, 30)),
        ShiftPlan("linear", 10, 1, "Linear10PercentEvery1Minute"),
        *(ShiftPlan("linear", 10, m, f"Linear10PercentEvery{m}Minutes") for m in (2, 3, 10)),
        ShiftPlan("all-at-once", sam_name="AllAtOnce"),
    )
    for name in (plan.sam_name,)
}

HOOK_CHOICES = ("pass", "fail", "none")
PARAMS: tuple[Param, ...] = (
    Param("config", "Deployment configuration", "choice", "Canary10Percent5Minutes",
          choices=(*PREDEFINED, "Custom"),
          help="a SAM DeploymentPreference type (CodeDeploy adds the CodeDeployDefault.Lambda prefix), or Custom"),
    Param("custom_type", "Custom type", "choice", "canary", choices=("canary", "linear"),
          help="config=Custom: canary (one step, then the rest) or linear (equal steps)"),
    Param("custom_percent", "Custom percent", "int", 20, unit="%", minimum=1, maximum=99,
          help="config=Custom: the canary share, or the linear step"),
    Param("custom_interval", "Custom interval", "int", 15, unit="min", minimum=1, maximum=1440,
          help="config=Custom: whole minutes until the rest (canary) or between steps (linear)"),
    Param("alarm_at_minute", "Alarm fires at", "float", -1.0, unit="min", minimum=0, maximum=1440,
          allowed_extra=(-1.0,), help="when a CloudWatch alarm goes off; -1 for never"),
    Param("pre_traffic_hook", "PreTraffic hook", "choice", "pass", choices=HOOK_CHOICES,
          help="BeforeAllowTraffic: runs before any traffic shifts"),
    Param("post_traffic_hook", "PostTraffic hook", "choice", "pass", choices=HOOK_CHOICES,
          help="AfterAllowTraffic: runs once all traffic has shifted"),
)


def plan_of(params: dict[str, Any]) -> ShiftPlan:
    """The configuration the parameters name."""
    if params["config"] != "Custom":
        return PREDEFINED[params["config"]]
    return ShiftPlan(params["custom_type"], params["custom_percent"], params["custom_interval"])


def _weights(new: int) -> str:
    return f"{OLD} {100 - new}% / {NEW} {new}%"


def _minutes(value: float) -> str:
    """Minutes of a deployment: "5 min" under an hour (deployments step in whole minutes), and beyond it the
    span every simulation writes, "1 h 30 min" or "99 d 0 h" rather than "142560 min"."""
    return f"{value:g} min" if value < 60 else format_duration(value * 60)


def _run(params: dict[str, Any], seed: int) -> SimResult:
    plan = plan_of(params)
    events: list[Event] = []
    points: list[tuple[float, float]] = [(0.0, 0.0)]

    def event(minute: float, kind: str, text: str, lane: str = "alias", **data: Any) -> None:
        events.append(Event(float(minute * 60), kind, text, lane, data))

    def weigh(minute: float, new: int) -> None:
        points.append((minute * 60, points[-1][1]))  # the step: the old weight up to this moment
        points.append((minute * 60, float(new)))

    event(0, "deploy", f"Deployment starts ({plan.describe()}); the alias sends {_weights(0)}")
    alarm = params["alarm_at_minute"]
    steps = plan.steps()
    end = steps[-1][0]
    outcome, rolled_back_at, rolled_back_from = "", None, 0
    if params["pre_traffic_hook"] == "fail":
        event(0, "hook", "BeforeAllowTraffic (PreTraffic) hook fails: the deployment stops before any traffic "
              f"moves; the alias stays on {OLD} 100%", "hooks", hook="BeforeAllowTraffic", passed=False)
        outcome = "failed at the PreTraffic hook; no traffic ever reached the new version"
    else:
        if params["pre_traffic_hook"] == "pass":
            event(0, "hook", "BeforeAllowTraffic (PreTraffic) hook passes: traffic may shift", "hooks",
                  hook="BeforeAllowTraffic", passed=True)
        current = 0
        for minute, new in steps:
            if 0 <= alarm <= minute:  # an alarm at a step's minute is seen before that step
                rolled_back_at, rolled_back_from = alarm, current
                break
            weigh(minute, new)
            current = new
            event(minute, "shift", f"Alias weights now {_weights(new)}", weights={OLD: 100 - new, NEW: new})
        if rolled_back_at is None and params["post_traffic_hook"] == "fail":
            event(end, "hook", "AfterAllowTraffic (PostTraffic) hook fails", "hooks",
                  hook="AfterAllowTraffic", passed=False)
            rolled_back_at, rolled_back_from = end, 100
            cause = "the PostTraffic hook failed"
        else:
            cause = "a CloudWatch alarm fired"
        if rolled_back_at is not None:
            if rolled_back_at == alarm:
                event(rolled_back_at, "alarm", f"CloudWatch alarm fires at minute {alarm:g}", "alarms")
            weigh(rolled_back_at, 0)
            event(rolled_back_at, "rollback", f"Rollback: the alias goes back to {OLD} 100% ({cause})",
                  weights={OLD: 100, NEW: 0})
            outcome = f"rolled back at minute {rolled_back_at:g} ({cause}) with {rolled_back_from}% on {NEW}"
        else:
            if params["post_traffic_hook"] == "pass":
                event(end, "hook", "AfterAllowTraffic (PostTraffic) hook passes", "hooks",
                      hook="AfterAllowTraffic", passed=True)
            event(end, "done", f"Deployment succeeded: {NEW} takes all traffic")
            outcome = f"succeeded: {NEW} at 100% " + (f"after {_minutes(end)}" if end else "at once")
            if alarm > end:
                event(alarm, "alarm", f"CloudWatch alarm fires at minute {alarm:g}, after the deployment finished: "
                      "the automatic rollback belongs to the deployment, so nothing rolls back now", "alarms")
    last = max([e.time for e in events] + [end * 60])
    points.append((last, points[-1][1]))
    new_series = tuple(points)
    old_series = tuple((t, 100.0 - w) for t, w in points)
    summary: dict[str, Any] = {
        "SAM DeploymentPreference.Type": plan.sam_name or "(custom)",
        "CodeDeploy configuration": plan.codedeploy_name,
        "Behaviour": plan.describe(),
        "Steps (minute: % on the new version)": ", ".join(f"{m}: {w}%" for m, w in steps),
        "Time to 100%": _minutes(end),
        "Hooks": f"PreTraffic {params['pre_traffic_hook']}, PostTraffic {params['post_traffic_hook']}",
        "Alarm": "none" if alarm < 0 else f"fires at minute {alarm:g}",
        "Outcome": outcome,
        "Final alias weights": _weights(int(points[-1][1])),
    }
    return SimResult(
        simulation="traffic-shift",
        params=params,
        seed=seed,
        events=tuple(sorted(events, key=lambda e: e.time)),
        summary=summary,
        view="timeline",
        series={f"{OLD} (old) %": old_series, f"{NEW} (new) %": new_series},
        limits={"all traffic": 100.0},
        verdict=f"{plan.sam_name or 'Custom ' + plan.kind}: {outcome}",
    )


SIMULATION = Simulation(
    name="traffic-shift",
    title="CodeDeploy traffic shifting and rollback",
    summary="How canary, linear and all-at-once deployments move an alias's weights, and what hooks and alarms do.",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(130),
    budget=130,
)


def weight_at(result: SimResult, minute: float) -> float:
    """The % on the new version just after `minute` (the last point at or before it)."""
    series = result.series[f"{NEW} (new) %"]
    return [w for t, w in series if t <= minute * 60][-1]


# ---------------------------------------------------------------------------------------------- asks


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return SIMULATION.resolve(dict(params, alarm_at_minute=-1, pre_traffic_hook="pass", post_traffic_hook="pass"))


def _when(minute: int) -> str:
    return "Immediately" if minute == 0 else f"After {_minutes(minute)}"


def _build_time_to_full(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = _clean(draw_params(SIMULATION, {"config": [*PREDEFINED], **spec}, seed))
    plan = plan_of(params)
    result = SIMULATION.runner(params, seed)
    end = plan.steps()[-1][0]
    n = plan.interval_min
    name = plan.sam_name or f"a custom {plan.kind} configuration ({plan.describe()})"
    correct = (_when(end), plan.describe().capitalize() + ".")
    reasons = {
        0: "Only AllAtOnce shifts everything at once; canary and linear start with a share.",
        n: "That is one interval; a linear deployment keeps stepping until 100%.",
        9 * n: "A canary moves the rest in a single step once its interval is over.",
    }
    # Ten intervals is never offered: AWS does not say whether the first linear step is at 0 or after N.
    candidates = [0, n, 9 * n, 2 * n, 5 * n, 15, 45, 90]
    distractors = [
        (_when(m), reasons.get(m, f"Nothing in this configuration takes {_minutes(m)}."))
        for m in candidates
        if m != end and (n == 0 or m != 10 * n) and (m > 0 or 0 not in (n, end))
    ]
    stem = f"A Lambda alias is deployed with {name}. When does the new version receive 100% of the traffic?"
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), run_story(result), result)


def _build_weight(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = _clean(draw_params(SIMULATION, {"config": [n for n in PREDEFINED if n != "AllAtOnce"], **spec}, seed))
    plan = plan_of(params)
    steps = plan.steps()
    # Ask half-way between two steps, so the answer never hangs on which side of a step the minute falls.
    k = random.Random(seed).randrange(len(steps))
    start = steps[k][0]
    until = steps[k + 1][0] if k + 1 < len(steps) else start + max(plan.interval_min, 1)
    minute = (start + until) / 2
    result = SIMULATION.runner(params, seed)
    weight = int(weight_at(result, minute))
    correct = (f"{weight}%", f"The last step before minute {minute:g} was at minute {start}: {weight}% on the new version.")
    timeline = ", ".join(f"{w}% at {m} min" for m, w in steps)
    reasons = {
        0: "0% is before the first step; the first step happens as the deployment starts.",
        100: f"100% comes only at minute {steps[-1][0]}.",
    }
    offered = {0, 10, 20, 50, 90, 100, min(100, weight + 10), max(0, weight - 10)} - {weight}
    if plan.kind == "linear":
        # AWS does not say whether the first linear step comes at the start or after one interval; this model
        # takes the start (§9), so the other reading's answer (one step less) is never offered as wrong.
        offered.discard(weight - plan.percent)
    candidates = sorted(offered, key=lambda w: abs(w - weight))
    distractors = [(f"{w}%", reasons.get(w, f"The timeline is {timeline}.")) for w in candidates]
    name = (plan.sam_name and f"{plan.sam_name} ({CODEDEPLOY_PREFIX}{plan.sam_name})") or plan.describe()
    stem = (
        f"An alias is deployed with {name}. No alarm fires. What share of traffic goes to the new version "
        f"{minute:g} minutes after the deployment starts?"
    )
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), run_story(result), result)


ASKS: dict[str, Ask] = {
    "time_to_full": Ask("When the new version receives 100% of the traffic", _build_time_to_full),
    "weight_at_minute": Ask("The new version's share of traffic some minutes into a deployment", _build_weight),
}

__all__ = ["ASKS", "PREDEFINED", "SIMULATION", "ShiftPlan", "plan_of", "weight_at"]
