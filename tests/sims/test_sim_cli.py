"""`coldstart sim`: the list, a run as tables or JSON, long timelines, and one clear line for bad input."""

from __future__ import annotations

import json

import pytest
from coldstart.cli import main
from coldstart.core.sims import registry


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["sim", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clear_line(err: str, *words: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)


# --- the list -----------------------------------------------------------------------------------------------------


def test_the_list_shows_every_built_simulation_with_ranges_units_and_defaults(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list")
    assert code == 0
    for name in ("async-retry", "stream-retry", "sqs-retry"):
        assert name in out
    assert "max_event_age" in out and "60–21,600 s" in out and "21,600 s" in out  # range with unit; default
    assert "retry_attempts" in out and "0–10,000 or -1" in out  # the stream's -1 for "no limit"


def test_the_list_skips_simulations_not_built_yet(capsys, monkeypatch) -> None:
    real_get = registry.get

    def get(name: str):
        if name == "vpc-access":
            raise ModuleNotFoundError("No module named 'coldstart.core.sims.vpc_access'", name="coldstart.core.sims.vpc_access")
        return real_get(name)

    monkeypatch.setattr(registry, "get", get)
    code, out, err = run_cli(capsys, "--list")
    assert code == 0 and "vpc-access" not in out and "async-retry" in out and not err


def test_the_list_of_one_simulation_and_as_json(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list", "sqs-retry", "--json")
    assert code == 0
    [listed] = json.loads(out)
    assert listed["name"] == "sqs-retry"
    batch = next(p for p in listed["params"] if p["name"] == "batch_size")
    assert (batch["default"], batch["minimum"], batch["maximum"]) == (10, 1, 10_000)


# --- a run --------------------------------------------------------------------------------------------------------


def test_a_run_prints_the_verdict_the_timeline_and_the_summary(capsys) -> None:
    code, out, err = run_cli(capsys, "async-retry")
    assert code == 0 and not err
    assert "Event failed after 3 min 0 s" in out
    assert "+1 min 0 s" in out and "+3 min 0 s" in out  # the time column
    assert "Summary" in out and "Retries used" in out
    assert "invocation-async-error-handling.html" in out  # the sources, unbroken


def test_settings_are_parsed_by_type(capsys) -> None:
    code, out, _ = run_cli(capsys, "async-retry", "--set", "retry_attempts=1", "--set", "on_failure=dlq",
                           "--set", "duplicates=yes", "--json")
    assert code == 0
    params = json.loads(out)["params"]
    assert (params["retry_attempts"], params["on_failure"], params["duplicates"]) == (1, "dlq", True)


def test_json_is_the_whole_result_and_nothing_else(capsys) -> None:
    code, out, _ = run_cli(capsys, "sqs-retry", "--set", "queue=fifo", "--set", "message_groups=3", "--seed", "4",
                           "--json")
    assert code == 0
    expected = registry.get("sqs-retry").run({"queue": "fifo", "message_groups": 3}, 4).to_json()
    assert json.loads(out) == json.loads(json.dumps(expected))


def test_the_seed_changes_a_drawn_run(capsys) -> None:
    args = ("async-retry", "--set", "outcomes=", "--set", "failure_probability=0.5", "--set", "events=50", "--json")
    one = json.loads(run_cli(capsys, *args, "--seed", "1")[1])
    two = json.loads(run_cli(capsys, *args, "--seed", "2")[1])
    assert one["seed"] == 1 and one["summary"] != two["summary"]


def test_a_long_timeline_shows_its_ends_unless_all(capsys) -> None:
    args = ("async-retry", "--set", "outcomes=throttle")  # 80 throttles in 6 h
    code, out, _ = run_cli(capsys, *args)
    assert code == 0
    assert "more events" in out and "--all" in out
    assert "+6 h 0 min" in out  # the end is still shown
    _, everything, _ = run_cli(capsys, *args, "--all")
    assert "more events" not in everything and everything.count("Throttled") == 80


# --- bad input: one line, exit 2 ----------------------------------------------------------------------------------


def test_an_unknown_simulation(capsys) -> None:
    code, out, err = run_cli(capsys, "async-retyr")
    assert code == 2 and not out
    assert_one_clear_line(err, "unknown simulation 'async-retyr'", "did you mean async-retry")


def test_an_unknown_parameter(capsys) -> None:
    code, _, err = run_cli(capsys, "async-retry", "--set", "retries=1")
    assert code == 2
    assert_one_clear_line(err, "unknown parameter 'retries'", "retry_attempts")


@pytest.mark.parametrize(("setting", "words"), [
    ("retry_attempts=3", ("retry_attempts=3", "0–2")),
    ("retry_attempts=two", ("retry_attempts='two'", "0–2")),
    ("max_event_age=10", ("max_event_age=10", "60–21,600 s")),
    ("on_failure=queue", ("on_failure='queue'", "destination, dlq, both, none")),
    ("outcomes=error,boom", ("'boom'", "error, success, throttle, 5xx")),
    ("duplicates=maybe", ("duplicates='maybe'", "true or false")),
    ("retry_attempts", ("expected KEY=VALUE",)),
])
def test_a_bad_value_names_it_and_the_allowed_range(capsys, setting: str, words: tuple[str, ...]) -> None:
    code, out, err = run_cli(capsys, "async-retry", "--set", setting)
    assert code == 2 and not out
    assert_one_clear_line(err, *words)


def test_rules_between_parameters_are_bad_values_too(capsys) -> None:
    code, _, err = run_cli(capsys, "sqs-retry", "--set", "function_timeout=60")
    assert code == 2
    assert_one_clear_line(err, "function_timeout=60 s is above visibility_timeout=30 s")


def test_no_name_is_a_usage_error(capsys) -> None:
    code, _, err = run_cli(capsys)
    assert code == 2
    assert_one_clear_line(err, "coldstart sim --list")


def test_a_simulation_not_built_yet(capsys, monkeypatch) -> None:
    def get(name: str):
        raise ModuleNotFoundError("No module named 'coldstart.core.sims.cost'", name="coldstart.core.sims.cost")

    monkeypatch.setattr(registry, "get", get)
    code, _, err = run_cli(capsys, "cost")
    assert code == 2
    assert_one_clear_line(err, "'cost' is not available")


def test_a_bad_seed_is_an_argparse_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["sim", "async-retry", "--seed", "x"])
    assert exit_.value.code == 2
