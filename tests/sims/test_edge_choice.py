"""edge-choice: every row of the comparison table in lambda-facts.md §5, the decision rules, presets, asks."""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.edge_choice import ASKS, CFF, LAE, PRESETS, SIMULATION, checks, decide, requirements
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked


def row(requirement: str, **params):
    """(CloudFront Functions fits, Lambda@Edge fits) for one requirement of the table."""
    [check] = [c for c in checks(requirements(SIMULATION.resolve(params))) if c.requirement == requirement]
    return check.cff_ok, check.lae_ok


def choice(**params) -> str:
    req = requirements(SIMULATION.resolve(params))
    return decide(req, checks(req)).choice


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("edge-choice") is SIMULATION
    assert any("edge-functions-choosing" in s for s in SIMULATION.sources)


# --- one test per row of the table -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"), [("javascript", (True, True)), ("python", (False, True)), ("other", (False, False))]
)
def test_language_row(language: str, expected: tuple[bool, bool]) -> None:
    """§5 Language: CloudFront Functions JavaScript only; Lambda@Edge Node.js and Python."""
    assert row("Language", language=language) == expected


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [("viewer-request", (True, True)), ("viewer-response", (True, True)),
     ("origin-request", (False, True)), ("origin-response", (False, True))],
)
def test_triggers_row(trigger: str, expected: tuple[bool, bool]) -> None:
    """§5 Triggers: CloudFront Functions viewer request/response; Lambda@Edge all four."""
    assert row("Trigger", trigger=trigger) == expected


@pytest.mark.parametrize(("rate", "expected"), [(10_000, (True, True)), (10_001, (True, False)),
                                                (10_000_000, (True, False))])
def test_scale_row(rate: int, expected: tuple[bool, bool]) -> None:
    """§5 Scale: CloudFront Functions 10,000,000+ requests/s; Lambda@Edge up to 10,000/s per Region."""
    assert row("Request rate", request_rate=rate) == expected


@pytest.mark.parametrize(
    ("trigger", "ms", "expected"),
    [("viewer-request", 0.5, (True, True)), ("viewer-request", 1.5, (False, True)),
     ("viewer-request", 5_000, (False, True)), ("viewer-response", 5_001, (False, False)),
     ("origin-request", 30_000, (False, True)), ("origin-response", 30_001, (False, False))],
)
def test_max_execution_time_row(trigger: str, ms: float, expected: tuple[bool, bool]) -> None:
    """§5 Max execution time: sub-millisecond; Lambda@Edge 5 s (viewer), 30 s (origin)."""
    assert row("Execution time", trigger=trigger, max_exec_ms=ms) == expected


@pytest.mark.parametrize(
    ("trigger", "mb", "expected"),
    [("viewer-request", 2, (True, True)), ("viewer-request", 3, (False, True)),
     ("viewer-response", 128, (False, True)), ("viewer-response", 129, (False, False)),
     ("origin-request", 10_240, (False, True)), ("origin-request", 10_241, (False, False))],
)
def test_max_memory_row(trigger: str, mb: float, expected: tuple[bool, bool]) -> None:
    """§5 Max memory: 2 MB; Lambda@Edge 128 MB viewer, origin up to 10 GB (archived table: 3,008 MB, [VERIFY])."""
    assert row("Memory", trigger=trigger, memory_mb=mb) == expected


def test_origin_memory_above_3008_mb_carries_the_verify_caution() -> None:
    """§5: the origin-trigger memory ceiling is [VERIFY]; the run says so rather than asserting it."""
    result = SIMULATION.run({"trigger": "origin-request", "memory_mb": 4096, "network": True})
    assert "VERIFY" in result.summary["Caution"]
    assert "Caution" not in SIMULATION.run({"trigger": "origin-request", "memory_mb": 2048}).summary


@pytest.mark.parametrize(
    ("trigger", "kb", "expected"),
    [("viewer-request", 10, (True, True)), ("viewer-request", 11, (False, True)),
     ("viewer-request", 1024, (False, True)), ("viewer-request", 1025, (False, False)),
     ("origin-request", 50 * 1024, (False, True)), ("origin-request", 50 * 1024 + 1, (False, False))],
)
def test_max_code_size_row(trigger: str, kb: float, expected: tuple[bool, bool]) -> None:
    """§5 Max code and libraries: 10 KB; Lambda@Edge 1 MB (viewer), 50 MB (origin)."""
    assert row("Code and libraries", trigger=trigger, package_kb=kb) == expected


@pytest.mark.parametrize(
    ("requirement", "param"),
    [("Network access", "network"), ("File system access", "file_system"), ("Request body access", "request_body")],
)
def test_network_file_system_and_body_rows(requirement: str, param: str) -> None:
    """§5: network, file system and request body access: CloudFront Functions no, Lambda@Edge yes."""
    assert row(requirement, **{param: False}) == (True, True)
    assert row(requirement, **{param: True}) == (False, True)


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [("viewer-request", (True, False)), ("viewer-response", (True, True)),
     ("origin-request", (False, True)), ("origin-response", (False, True))],
)
def test_geolocation_row(trigger: str, expected: tuple[bool, bool]) -> None:
    """§5 Geolocation/device data: CloudFront Functions yes; Lambda@Edge not at viewer request, yes otherwise.
    (At origin triggers CloudFront Functions are out for the trigger itself.)"""
    cff_geo, lae_geo = row("Geolocation and device data", trigger=trigger, geolocation=True)
    cff_trigger, _ = row("Trigger", trigger=trigger)
    assert (cff_geo and cff_trigger, lae_geo) == expected


def test_pricing_row_decides_when_both_fit() -> None:
    """§5 Pricing: CloudFront Functions have a free tier and charge per request; Lambda@Edge per request and
    duration, no free tier. Both fit → the cheaper CloudFront Functions."""
    result = SIMULATION.run({})
    [cost] = [r for r in result.decision if r.requirement == "Cost"]
    assert cost.deciding and "free tier" in cost.options[CFF] and "no free tier" in cost.options[LAE]
    assert result.summary["Choice"] == CFF


def test_python_or_libraries_need_lambda_at_edge() -> None:
    """§5 decision rules: Python or third-party libraries → Lambda@Edge."""
    assert choice(language="python") == LAE
    assert choice(third_party_libraries=True) == LAE


# --- presets, neither, and the result ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "expected"),
    [("cache-key-normalization", CFF), ("header-manipulation", CFF), ("url-rewrite-redirect", CFF),
     ("jwt-validation", CFF), ("ab-testing-cookie", CFF), ("geolocation-content", CFF),
     ("image-resize-origin-response", LAE), ("external-auth-api", LAE), ("request-body-inspection", LAE),
     ("python-personalization", LAE), ("video-transcode", "Neither"), ("custom", CFF)],
)
def test_presets_choose_per_the_decision_rules(preset: str, expected: str) -> None:
    """§5: typical CloudFront Functions jobs (cache key, headers, rewrites, JWT at viewer request) and the rest."""
    assert choice(preset=preset) == expected
    assert set(PRESETS) >= {preset}


def test_settings_override_a_preset() -> None:
    assert choice(preset="jwt-validation", network=True) == LAE


def test_neither_points_behind_the_origin_and_past_15_minutes_beyond_lambda() -> None:
    """§5/§8: when neither fits, a regional Lambda function behind the origin; past 15 min not Lambda at all."""
    too_long = SIMULATION.run({"trigger": "origin-request", "max_exec_ms": 60_000})
    assert too_long.summary["Choice"] == "Neither" and "regional Lambda" in too_long.summary["Use instead"]
    viewer = SIMULATION.run({"max_exec_ms": 10_000})
    assert "origin trigger" in viewer.summary["Use instead"]
    beyond = SIMULATION.run({"trigger": "origin-request", "max_exec_ms": 1_000_000})
    assert beyond.summary["Use instead"].startswith("not Lambda at all")


def test_lambda_at_edge_deployment_facts_are_shown() -> None:
    """§5: authored in us-east-1, numbered version, edgelambda.amazonaws.com, no layers or container images."""
    text = SIMULATION.run({"network": True}).summary["Deploying Lambda@Edge"]
    for fact in ("us-east-1", "numbered version", "edgelambda.amazonaws.com", "layers", "status code"):
        assert fact in text


def test_one_decision_row_per_requirement() -> None:
    result = SIMULATION.run({"preset": "external-auth-api"})
    assert result.view == "decision"
    names = [r.requirement for r in result.decision]
    assert len(names) == len(set(names)) == 12
    deciding = {r.requirement for r in result.decision if r.deciding}
    assert deciding == {"Execution time", "Memory", "Code and libraries", "Network access"}
    assert all(r.reason for r in result.decision if r.deciding)


@settings(max_examples=80, deadline=None)
@given(
    language=st.sampled_from(["javascript", "python", "other"]),
    trigger=st.sampled_from(["viewer-request", "viewer-response", "origin-request", "origin-response"]),
    exec_ms=st.floats(0.01, 2_000_000), memory=st.floats(0.1, 20_000), package=st.floats(0.1, 100_000),
    network=st.booleans(), body=st.booleans(), geolocation=st.booleans(), rate=st.integers(1, 20_000_000),
    seed=st.integers(0, 1000),
)
def test_properties(language, trigger, exec_ms, memory, package, network, body, geolocation, rate, seed) -> None:
    """Same run each time; the choice is the first option every requirement fits, CloudFront Functions first."""
    params = {"language": language, "trigger": trigger, "max_exec_ms": exec_ms, "memory_mb": memory,
              "package_kb": package, "network": network, "request_body": body, "geolocation": geolocation,
              "request_rate": rate}
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    rows = checks(requirements(SIMULATION.resolve(params)))
    expected = CFF if all(c.cff_ok for c in rows) else LAE if all(c.lae_ok for c in rows) else "Neither"
    assert result.summary["Choice"] == expected


@pytest.mark.parametrize("seed", range(11))
def test_which_option_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["which_option"], {}, seed)
    choice_ = question.result.summary["Choice"]
    assert answer.startswith(choice_) or (choice_ == "Neither" and answer.startswith("Neither"))
    if choice_ != CFF:
        assert not any(c.text.startswith(choice_) and not c.correct for c in question.choices)


@pytest.mark.parametrize("seed", range(4))
def test_exec_limit_ask_matches_the_table(seed: int) -> None:
    question, answer = build_checked(ASKS["exec_limit"], {}, seed)
    trigger = question.result.params["trigger"]
    assert answer.split(",")[0] == ("5 seconds" if trigger.startswith("viewer") else "30 seconds")
