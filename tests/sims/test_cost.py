"""cost: each rule of lambda-facts.md §6 (pricing) and the INIT billing of §4, then properties and the asks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.cost import ASKS, SIMULATION, bill
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked


def run(**params):
    return SIMULATION.run(params, 0)


def total(**params) -> Decimal:
    return bill(SIMULATION.resolve(params)).total


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("cost") is SIMULATION
    assert "https://aws.amazon.com/lambda/pricing/" in SIMULATION.sources


def test_aws_pricing_example_comes_to_18_74() -> None:
    """§6 test vector: 512 MB, 3M invocations of 1 s, x86, free tier: $18.34 + $0.40 = $18.74 a month."""
    result = run(memory_mb=512, invocations=3_000_000, duration_ms=1000, architecture="x86", free_tier=True)
    assert result.summary["Billable compute"] == "1,100,000 GB-s"
    assert result.summary["Compute charge"].startswith("$18.34 = 1,100,000 GB-s x $0.00001667")
    assert result.summary["Request charge"].startswith("$0.40 = 2,000,000 requests")
    assert result.summary["Total per month"] == "$18.74"
    assert result.verdict.startswith("$18.74 a month")


def test_rounding_rule_is_stated_with_the_pricing_page_figure() -> None:
    """§6: the example prices the x86 first tier at $0.00001667; at $0.0000166667 the compute line would be $18.33."""
    b = bill(SIMULATION.resolve())
    assert b.compute == Decimal("18.34") and b.compute_exact == Decimal("18.33")
    assert "$18.33" in run().summary["Rounding"] and "half to even" in run().summary["Rounding"]


@pytest.mark.parametrize(("setting", "total", "compute"), [
    ({}, "$18.74", "$18.34 = 1,100,000 GB-s x $0.00001667"),  # AWS's published example
    ({"architecture": "arm"}, "$15.07", "$14.67 = 1,100,000 GB-s x $0.0000133334"),  # Arm's rate is not rounded
    ({"free_tier": False}, "$25.60", "$25.00 = 1,500,000 GB-s x $0.00001667"),  # $25.005 rounds half to even
])
def test_the_three_reference_bills(setting: dict, total: str, compute: str) -> None:
    """The example, Arm with the free tier and x86 without it come to what AWS's rates give."""
    summary = run(**setting).summary
    assert summary["Total per month"] == total
    assert summary["Compute charge"].startswith(compute)


def test_an_empty_month_takes_nothing_off_and_has_no_minus_zero() -> None:
    summary = run(invocations=0).summary
    assert summary["Free tier"] == "0 GB-s and 0 requests free"
    assert all("-0" not in str(value) for value in summary.values())


def test_requests_cost_20_cents_per_million_on_both_architectures() -> None:
    """§6: requests $0.20 per 1M, the same on x86 and Arm."""
    for arch in ("x86", "arm"):
        b = bill(SIMULATION.resolve({"invocations": 5_000_000, "free_tier": False, "architecture": arch}))
        assert b.requests == Decimal("1.00")


def test_gb_seconds_use_1024_mb_per_gb_and_1_ms_billing_steps() -> None:
    """§6: GB-s = (memory MB / 1,024) × seconds, billed in 1 ms increments (rounded up)."""
    b = bill(SIMULATION.resolve({"memory_mb": 1024, "invocations": 1000, "duration_ms": 1.2, "free_tier": False}))
    assert b.invoke_gb_s == Decimal("2")  # 1,000 × 1 GB × 0.002 s
    assert run(duration_ms=1.2).summary["Billed duration"].startswith("2 ms")


def test_free_tier_is_1m_requests_and_400000_gb_seconds() -> None:
    """§6: free tier (monthly, not time-limited): 1M requests + 400,000 GB-s."""
    on = bill(SIMULATION.resolve({"free_tier": True}))
    off = bill(SIMULATION.resolve({"free_tier": False}))
    assert off.billable_gb_s - on.billable_gb_s == 400_000
    assert off.billable_requests - on.billable_requests == 1_000_000
    small = bill(SIMULATION.resolve({"invocations": 100_000, "duration_ms": 100}))
    assert small.total == 0


@pytest.mark.parametrize(
    ("arch", "rates"),
    # The pricing page's rates, as billed: only the x86 first tier is billed as AWS's worked example bills it.
    [("x86", ("0.00001667", "0.000015", "0.0000133334")), ("arm", ("0.0000133334", "0.0000120001", "0.0000106667"))],
)
def test_gb_second_prices_are_tiered(arch: str, rates: tuple[str, ...]) -> None:
    """§6: x86 tiers at 6 B and 15 B GB-s; Arm at 7.5 B and 18.75 B (Arm's tier 3 is marked assumed)."""
    huge = {"memory_mb": 10_240, "duration_ms": 900_000, "invocations": 3_000_000, "free_tier": False,
            "architecture": arch}
    b = bill(SIMULATION.resolve(huge))
    assert [line[1] for line in b.tier_lines] == [Decimal(r) for r in rates]
    first_tier = {"x86": 6_000_000_000, "arm": 7_500_000_000}[arch]
    assert b.tier_lines[0][0] == first_tier
    summary = SIMULATION.run(huge).summary
    assert ("assumed" in summary["Compute charge, tier 3"]) == (arch == "arm")


def test_one_dollar_buys_about_60000_gb_seconds_on_x86_and_75000_on_arm() -> None:
    """§6 / §12 #1: $1 ≈ 60,000 GB-s on x86 (about 75,000 on Arm); the notes' 600,000 is wrong."""
    for arch, expected in (("x86", 60_000), ("arm", 75_000)):
        params = {"memory_mb": 1024, "invocations": expected, "duration_ms": 1000, "free_tier": False,
                  "architecture": arch}
        assert bill(SIMULATION.resolve(params)).compute == pytest.approx(Decimal("1.00"), abs=Decimal("0.01"))
    notes = run().summary['The notes\' "$1 for 600,000 GB-s" would say']
    assert notes.startswith("$2.23") and "60,000" in notes


def test_arm_is_about_20_percent_cheaper_per_gb_second() -> None:
    """§6: Arm is about 20% cheaper per GB-s."""
    params = {"free_tier": False, "invocations": 10_000_000}
    x86 = bill(SIMULATION.resolve(params)).compute
    arm = bill(SIMULATION.resolve({**params, "architecture": "arm"})).compute
    assert arm / x86 == pytest.approx(Decimal("0.8"), abs=Decimal("0.01"))


def test_init_is_billed_since_august_2025() -> None:
    """§4: INIT is billed for all configurations since 1 Aug 2025 (it used to be free for on-demand ZIP)."""
    params = {"init_ms": 500, "cold_start_percent": 2.0}
    b = bill(SIMULATION.resolve(params))
    assert b.cold_starts == 60_000
    assert b.init_gb_s == Decimal("0.5") * 60_000 * Decimal("0.5")
    summary = run(**params).summary
    assert summary["Before 1 Aug 2025"].startswith("$18.74")
    assert total(**params) > total()


def test_ephemeral_storage_above_512_mb_is_charged_at_a_labelled_assumed_rate() -> None:
    """§6 / §8: 512 MB of /tmp is free; more is charged per GB-s (the rate is not in the fact sheet)."""
    assert run().summary["Ephemeral storage charge"].startswith("$0.00")
    line = run(ephemeral_mb=10_240).summary["Ephemeral storage charge"]
    assert "assumed" in line
    b = bill(SIMULATION.resolve({"ephemeral_mb": 1536}))
    assert b.ephemeral_gb_s == 1 * 3_000_000 * 1  # 1 GB beyond 512 MB for 3M seconds


def test_result_is_a_table_of_bill_lines() -> None:
    result = run()
    assert result.view == "table"
    labels = list(result.summary)
    assert labels.index("Compute charge") < labels.index("Request charge") < labels.index("Total per month")


@settings(max_examples=80, deadline=None)
@given(
    memory=st.integers(128, 10_240),
    invocations=st.integers(0, 10**9),
    duration=st.floats(1, 900_000),
    arch=st.sampled_from(["x86", "arm"]),
    init=st.floats(0, 10_000),
    ephemeral=st.integers(512, 10_240),
    seed=st.integers(0, 1000),
)
def test_properties(memory: int, invocations: int, duration: float, arch: str, init: float, ephemeral: int,
                    seed: int) -> None:
    """The bill adds up; more invocations never cost less; the free tier never costs more; same run each time."""
    params = {"memory_mb": memory, "invocations": invocations, "duration_ms": duration, "architecture": arch,
              "init_ms": init, "ephemeral_mb": ephemeral}
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    b = bill(SIMULATION.resolve(params))
    assert b.total == b.compute + b.requests + b.ephemeral
    assert b.total >= 0
    assert bill(SIMULATION.resolve({**params, "invocations": invocations + 1000})).total >= b.total
    assert bill(SIMULATION.resolve({**params, "free_tier": False})).total >= b.total


@pytest.mark.parametrize("seed", range(8))
def test_monthly_bill_ask_matches_the_bill(seed: int) -> None:
    question, answer = build_checked(ASKS["monthly_bill"], {}, seed)
    assert answer == question.result.summary["Total per month"]


@pytest.mark.parametrize("seed", range(8))
def test_billable_gb_seconds_ask_matches_the_bill(seed: int) -> None:
    question, answer = build_checked(ASKS["billable_gb_seconds"], {}, seed)
    assert answer == question.result.summary["Billable compute"]


def test_asks_take_a_content_spec() -> None:
    _question, answer = build_checked(
        ASKS["monthly_bill"], {"memory_mb": 512, "invocations": 3_000_000, "duration_ms": 1000}, 1
    )
    assert answer == "$18.74"
