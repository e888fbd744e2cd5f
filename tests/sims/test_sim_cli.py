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


def test_the_list_names_each_simulation_with_its_title_in_80_columns(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list")
    assert code == 0
    for simulation in registry.all_simulations():
        assert any(simulation.name in line and simulation.title in line for line in out.splitlines())
    assert "max_event_age" not in out  # parameters are one simulation's business: --list NAME
    assert len(out.splitlines()) <= len(registry.names()) + 3
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80


def test_the_list_of_one_simulation_shows_its_parameters_readably_in_80_columns(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list", "async-retry")
    assert code == 0
    assert "max_event_age   default 21,600 s" in out and "accepts 60–21,600 s" in out  # range with unit; default
    assert "MaximumEventAgeInSeconds" in out  # the help, whole
    _, stream, _ = run_cli(capsys, "--list", "stream-retry")
    assert "accepts 0–10,000 or -1" in stream  # the stream's -1 for "no limit"
    for name in registry.names():
        _, sheet, _ = run_cli(capsys, "--list", name)
        lines = [line.rstrip() for line in sheet.splitlines() if not line.startswith("  https://")]
        assert max(len(line) for line in lines) <= 80, name
        for param in registry.get(name).params:
            assert param.name in sheet


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
    [listed] = json.loads(out)["simulations"]
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
    assert "│" in out and "└" in out  # the time axis the app draws, drawn here too
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
    assert json.loads(out) == {"format": 1, **json.loads(json.dumps(expected))}


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


@pytest.mark.parametrize("seed", ["abc", "1.5", ""])
def test_a_bad_seed_is_one_line_not_the_usage_block(capsys, seed: str) -> None:
    code, out, err = run_cli(capsys, "async-retry", "--seed", seed)
    assert code == 2 and not out
    assert_one_clear_line(err, f"--seed {seed!r} is not a whole number")


@pytest.mark.parametrize(("simulation", "setting"), [
    ("async-retry", "spacing=nan"),
    ("concurrency", "rate=nan"),
    ("cost", "duration_ms=nan"),
    ("memory-cpu", "cpu_seconds=inf"),
    ("cost", "ephemeral_rate=NaN"),
    ("traffic-shift", "alarm_at_minute=-inf"),
    ("edge-choice", "max_exec_ms=1e999"),
    ("concurrency", "functions=worker:rate=nan"),
])
def test_nan_and_infinity_are_bad_values(capsys, simulation: str, setting: str) -> None:
    code, out, err = run_cli(capsys, simulation, "--set", setting)
    assert code == 2 and not out
    assert_one_clear_line(err, setting.split("=")[-2].split(":")[-1] + "=", "expected")


def test_the_markdown_list_is_the_doc_table(capsys) -> None:
    from coldstart.core.sims.reference import parameters_table

    code, out, _ = run_cli(capsys, "--list", "--markdown")
    assert code == 0 and out == parameters_table(registry.all_simulations())


@pytest.mark.parametrize(("name", "settings"), [
    ("apigw-throttle", ("cache_ttl=60", "api_keys=2", "rate=1,500")),
    ("sfn-retry", ("interval_seconds=2", "max_delay_seconds=5", "jitter=FULL")),
    ("ddb-capacity", ("item_kb=9.5", "read_consistency=transactional", "hot_key_percent=40")),
])
def test_the_issue_11_simulations_run_from_the_cli_as_tables_and_json(capsys, name: str, settings: tuple) -> None:
    argv = [arg for setting in settings for arg in ("--set", setting)]
    code, out, err = run_cli(capsys, name, *argv, "--seed", "2")
    assert code == 0 and not err and "Summary" in out and "→" in out
    code, out, _ = run_cli(capsys, name, *argv, "--seed", "2", "--json")
    overrides = dict(setting.split("=", 1) for setting in settings)
    simulation = registry.get(name)
    typed = {key: param.parse(overrides[key]) for key, param in ((p.name, p) for p in simulation.params)
             if key in overrides}
    assert code == 0 and json.loads(out) == {"format": 1, **json.loads(json.dumps(simulation.run(typed, 2).to_json()))}


@pytest.mark.parametrize(("name", "setting", "words"), [
    ("sfn-retry", "backoff_rate=0.5", ("backoff_rate", "1–100")),
    ("sfn-retry", "retry_errors=States.ALL,Lambda.Unknown", ("States.ALL must be the only error",)),
    ("ddb-capacity", "read_consistency=strongly", ("read_consistency", "eventual")),
    ("apigw-throttle", "cache_ttl=7200", ("cache_ttl", "0–3,600")),
])
def test_bad_values_of_the_new_simulations_are_one_line(capsys, name: str, setting: str, words: tuple) -> None:
    code, _, err = run_cli(capsys, name, "--set", setting)
    assert code != 0
    assert_one_clear_line(err, *words)
