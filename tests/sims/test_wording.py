"""Output fixed at its source in the core, so the CLI and the app both read right."""

from __future__ import annotations

import json

from coldstart.core.sims import registry


def run(name: str, **params):
    return registry.get(name).run(params)


def test_an_event_source_that_cannot_keep_up_does_not_say_all_ran() -> None:
    result = run("concurrency", source="sqs-standard", rate=100_000.0, seconds=60)
    waiting = result.summary["Messages or records left in the queue"]
    assert waiting > 0 and not result.verdict.startswith("All")
    assert f"{waiting:,} still waiting" in result.verdict


def test_the_last_failed_attempt_is_drawn_on_the_function_lane() -> None:
    result = run("async-retry")  # three errors: the third attempt ends it
    final = next(event for event in result.events if event.data.get("final"))
    assert final.text.startswith("Attempt 3") and final.lane == "function"
    expired = run("async-retry", outcomes="throttle", max_event_age=60)
    assert next(event for event in expired.events if event.data.get("final")).lane == "queue"


def test_reachable_paths_read_as_sentences() -> None:
    for attached in (False, True):
        for event in run("vpc-access", attached=attached, nat_gateway=True, internet_gateway=True).events:
            assert "via out" not in event.text and "via over" not in event.text
            assert ": reachable: " in event.text or ": not reachable: " in event.text


def test_cloudfront_functions_have_no_access_to_the_request_body() -> None:
    result = run("edge-choice", request_body=True)
    reasons = " ".join(row.reason for row in result.decision) + " ".join(map(str, result.summary.values()))
    assert "have no the" not in reasons and "no access to the request body" in reasons


def test_an_endpoint_named_twice_is_one_endpoint() -> None:
    params = registry.get("vpc-access").resolve({"attached": True, "endpoints": "s3-gateway, s3-gateway,interface"})
    assert params["endpoints"] == "s3-gateway,interface"
    outcomes = registry.get("async-retry").resolve({"outcomes": "error,error,success"})
    assert outcomes["outcomes"] == "error,error,success"  # a script keeps its repeats


def test_long_deployments_use_the_shared_duration_format() -> None:
    result = run("traffic-shift", config="Custom", custom_type="linear", custom_percent=1, custom_interval=1440)
    assert result.summary["Time to 100%"] == "99 d 0 h"
    assert "142560" not in result.verdict


def test_json_has_no_float_noise() -> None:
    result = run("traffic-shift", alarm_at_minute=0.01)
    text = json.dumps(result.to_json())
    assert "0.6000000000000001" not in text and '"time": 0.6' in text


def test_a_run_without_a_dlq_counts_its_repeats_without_stopping_early() -> None:
    """Batches the no-DLQ shortcut counts do not use up the 20,000 a run may start."""
    result = run("sqs-retry", messages=10_000, batch_size=10_000, batching_window=1, dlq=False, seconds=86_400,
                 visibility_timeout=3, function_timeout=1, duration_ms=1)
    assert result.summary["Batches invoked"] > 20_000
    assert "after 1 d 0 h" in result.verdict and "stops after" not in result.events[-1].text


def test_the_setup_lists_endpoints_once_in_one_list() -> None:
    result = run("vpc-access", attached=True, nat_gateway=True, internet_gateway=True,
                 endpoints="s3-gateway,dynamodb-gateway,s3-gateway")
    assert result.summary["Setup"] == ("attached to a private subnet of a VPC with a NAT gateway, an internet gateway, "
                                       "an S3 gateway endpoint and a DynamoDB gateway endpoint")
