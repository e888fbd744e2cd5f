"""traffic-shift: each rule of lambda-facts.md §9 (CodeDeploy for Lambda aliases), then properties and asks."""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.generate import format_duration
from coldstart.core.sims.traffic_shift import ASKS, NEW, OLD, PREDEFINED, SIMULATION, plan_of, weight_at
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked, of_kind

NEW_CURVE, OLD_CURVE = f"{NEW} (new) %", f"{OLD} (old) %"


def run(**params):
    return SIMULATION.run(params, 0)


def shifts(result) -> list[tuple[float, int]]:
    """(minute, % on the new version) of each shift event."""
    return [(e.time / 60, e.data["weights"][NEW]) for e in of_kind(result, "shift")]


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("traffic-shift") is SIMULATION
    assert "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html" in SIMULATION.sources


def test_every_predefined_configuration_is_offered_with_both_names() -> None:
    """§9 / §12 #17: Canary 10% 5/10/15/30 min, Linear 10% every 1/2/3/10 min, AllAtOnce; SAM names lack the
    CodeDeployDefault.Lambda prefix."""
    assert set(PREDEFINED) == {
        "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes",
        "Canary10Percent30Minutes", "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes",
        "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes", "AllAtOnce",
    }
    for name in PREDEFINED:
        summary = run(config=name).summary
        assert summary["SAM DeploymentPreference.Type"] == name
        assert summary["CodeDeploy configuration"] == f"CodeDeployDefault.Lambda{name}"


@pytest.mark.parametrize("minutes", [5, 10, 15, 30])
def test_canary_puts_10_percent_at_once_and_the_rest_after_n_minutes(minutes: int) -> None:
    """§9: canary X%/N min: X% at t = 0, then 100% at t = N."""
    result = run(config=f"Canary10Percent{minutes}Minutes")
    assert shifts(result) == [(0, 10), (minutes, 100)]
    assert weight_at(result, minutes - 0.5) == 10 and weight_at(result, minutes) == 100


@pytest.mark.parametrize(("name", "n"), [("Linear10PercentEvery1Minute", 1), ("Linear10PercentEvery2Minutes", 2),
                                         ("Linear10PercentEvery3Minutes", 3), ("Linear10PercentEvery10Minutes", 10)])
def test_linear_adds_10_percent_every_n_minutes(name: str, n: int) -> None:
    """§9: linear 10%/N min: 10% × (k+1) at t = k·N, so 100% at t = 9N."""
    result = run(config=name)
    assert shifts(result) == [(k * n, 10 * (k + 1)) for k in range(10)]
    assert result.summary["Time to 100%"] == (f"{9 * n} min" if 9 * n < 60 else format_duration(9 * n * 60))


def test_all_at_once_shifts_everything_immediately() -> None:
    """§9: AllAtOnce: 100% immediately."""
    assert shifts(run(config="AllAtOnce")) == [(0, 100)]


def test_custom_configurations_use_other_percentages_and_whole_minute_intervals() -> None:
    """§9: custom configurations with other percentages and intervals (whole minutes)."""
    canary = run(config="Custom", custom_type="canary", custom_percent=25, custom_interval=7)
    assert shifts(canary) == [(0, 25), (7, 100)]
    linear = run(config="Custom", custom_type="linear", custom_percent=30, custom_interval=4)
    assert shifts(linear) == [(0, 30), (4, 60), (8, 90), (12, 100)]


def test_failing_pre_traffic_hook_stops_before_any_shift() -> None:
    """§9: BeforeAllowTraffic (PreTraffic) runs first; if it fails no traffic moves."""
    result = run(pre_traffic_hook="fail")
    assert shifts(result) == []
    assert max(w for _, w in result.series[NEW_CURVE]) == 0
    assert "BeforeAllowTraffic" in of_kind(result, "hook")[0].text


def test_failing_post_traffic_hook_rolls_back_after_the_last_shift() -> None:
    """§9: AfterAllowTraffic (PostTraffic) runs once all traffic has shifted; failing it rolls back."""
    result = run(config="Canary10Percent10Minutes", post_traffic_hook="fail")
    [rollback] = of_kind(result, "rollback")
    assert rollback.time == 600 and rollback.data["weights"] == {OLD: 100, NEW: 0}
    assert "AfterAllowTraffic" in of_kind(result, "hook")[-1].text


def test_alarm_during_the_deployment_rolls_back_to_the_old_version() -> None:
    """§9: CloudWatch alarms trigger automatic rollback: the alias goes back to 100% on the old version."""
    result = run(config="Linear10PercentEvery2Minutes", alarm_at_minute=7)
    [rollback] = of_kind(result, "rollback")
    assert rollback.time == 7 * 60
    assert weight_at(result, 6.9) == 40 and weight_at(result, 7) == 0
    assert result.summary["Final alias weights"] == f"{OLD} 100% / {NEW} 0%"


def test_alarm_after_the_deployment_does_not_roll_back() -> None:
    result = run(config="Canary10Percent5Minutes", alarm_at_minute=8)
    assert not of_kind(result, "rollback")
    assert result.summary["Final alias weights"] == f"{OLD} 0% / {NEW} 100%"


def test_an_alias_points_to_at_most_two_versions() -> None:
    """§9: an alias points to at most two versions: the two weights always add up to 100%."""
    result = run(config="Linear10PercentEvery1Minute", alarm_at_minute=4.5)
    assert set(result.series) == {NEW_CURVE, OLD_CURVE}
    for (t_new, new), (t_old, old) in zip(result.series[NEW_CURVE], result.series[OLD_CURVE]):
        assert t_new == t_old and new + old == 100


@settings(max_examples=80, deadline=None)
@given(
    config=st.sampled_from([*PREDEFINED, "Custom"]),
    custom_type=st.sampled_from(["canary", "linear"]),
    percent=st.integers(1, 99),
    interval=st.integers(1, 60),
    alarm=st.one_of(st.just(-1.0), st.floats(0, 200)),
    pre=st.sampled_from(["pass", "fail", "none"]),
    post=st.sampled_from(["pass", "fail", "none"]),
    seed=st.integers(0, 1000),
)
def test_properties(config, custom_type, percent, interval, alarm, pre, post, seed) -> None:
    """Time never goes back; same run each time; weights stay in 0-100 and rise until a rollback."""
    params = {"config": config, "custom_type": custom_type, "custom_percent": percent, "custom_interval": interval,
              "alarm_at_minute": alarm, "pre_traffic_hook": pre, "post_traffic_hook": post}
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    curve = result.series[NEW_CURVE]
    assert [t for t, _ in curve] == sorted(t for t, _ in curve)
    assert all(0 <= w <= 100 for _, w in curve)
    rollbacks = of_kind(result, "rollback")
    rising = [w for t, w in curve if not rollbacks or t < rollbacks[0].time]
    assert rising == sorted(rising)
    if rollbacks:
        assert curve[-1][1] == 0
    if pre == "fail":
        assert max(w for _, w in curve) == 0


@pytest.mark.parametrize("seed", range(9))
def test_time_to_full_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["time_to_full"], {}, seed)
    span = question.result.summary["Time to 100%"]
    assert answer == ("Immediately" if span == "0 min" else f"After {span}")
    end = plan_of(question.result.params).steps()[-1][0]
    ten = 10 * end
    ten_text = f"After {ten} min" if ten < 60 else f"After {format_duration(ten * 60)}"
    assert end == 0 or not any(c.text == ten_text for c in question.choices)


@pytest.mark.parametrize("seed", range(9))
def test_weight_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["weight_at_minute"], {}, seed)
    minute = float(question.stem.split(" minutes after")[0].rsplit(" ", 1)[1])
    assert answer == f"{int(weight_at(question.result, minute))}%"
