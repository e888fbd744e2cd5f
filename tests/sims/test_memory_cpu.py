"""memory-cpu: each rule of lambda-facts.md §7 (memory → vCPU), the cost effect (§6), properties and asks."""

from __future__ import annotations

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.memory_cpu import (
    ASKS,
    SIMULATION,
    cost_per_million,
    duration_s,
    usable_cpu,
    vcpu_share,
    visible_cores,
)
from coldstart.core.sims.params import ParamError
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked


def params(**overrides):
    return SIMULATION.resolve(overrides)


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("memory-cpu") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html" in SIMULATION.sources


@pytest.mark.parametrize("memory", [127, 10_241])
def test_memory_is_128_to_10240_mb(memory: int) -> None:
    """§7: memory is 128-10,240 MB in 1 MB steps."""
    with pytest.raises(ParamError):
        SIMULATION.resolve({"memory_mb": memory})


def test_one_vcpu_at_1769_mb_and_5_79_at_the_maximum() -> None:
    """§7: 1,769 MB = one vCPU; vcpu_credit = memory / 1769, 5.79 at 10,240 MB (up to 6 vCPUs)."""
    assert vcpu_share(1769) == 1
    assert round(vcpu_share(10_240), 2) == 5.79
    summary = SIMULATION.run({"memory_mb": 1769}).summary
    assert summary["vCPU share"].startswith("1.00 vCPU") and "1,792" in summary["vCPU share"]  # §12 #2


@pytest.mark.parametrize(
    ("memory", "cores"),
    [(128, 2), (3008, 2), (3009, 3), (5307, 3), (5308, 4), (7076, 4), (7077, 5), (8845, 5), (8846, 6), (10_240, 6)],
)
def test_visible_cores_follow_the_measured_table(memory: int, cores: int) -> None:
    """§7 table (third-party measurement): ≤3,008 → 2, ≤5,307 → 3, ≤7,076 → 4, ≤8,845 → 5, ≤10,240 → 6."""
    assert visible_cores(memory) == cores


def test_single_threaded_code_cannot_use_more_than_one_vcpu() -> None:
    """§7: above 1 vCPU, code must be multi-threaded or multi-process to benefit."""
    assert usable_cpu(10_240, 1) == 1
    assert duration_s(params(memory_mb=1769, cpu_seconds=4)) == duration_s(params(memory_mb=10_240, cpu_seconds=4)) == 4
    assert "single-threaded" in SIMULATION.run({"memory_mb": 4096}).summary["CPU the code can use"]


def test_multi_threaded_code_uses_the_whole_share() -> None:
    """§7: CPU scales with memory; multi-threaded code gains up to the share (5.79 at 10,240 MB)."""
    assert duration_s(params(memory_mb=10_240, cpu_seconds=5.79, threads=8)) == pytest.approx(1.0, rel=1e-3)
    assert usable_cpu(4096, 2) == 2  # two threads cap it below the 2.32 share


def test_below_one_vcpu_duration_scales_with_memory() -> None:
    """§7: raising memory adds CPU: at half of 1,769 MB, CPU-bound work takes twice as long."""
    assert duration_s(params(memory_mb=885, cpu_seconds=1)) == pytest.approx(1769 / 885)


def test_more_memory_costs_the_same_while_it_speeds_cpu_bound_work_up() -> None:
    """§6/§7: GB-s stay constant while duration falls in proportion; past the usable CPU, more memory costs more."""
    p = params(cpu_seconds=2)
    assert float(cost_per_million(p, 128)) == pytest.approx(float(cost_per_million(p, 1769)), rel=0.001)
    assert float(cost_per_million(p, 3008)) > float(cost_per_million(p, 1769)) * 1.5
    summary = SIMULATION.run({"memory_mb": 512}).summary
    assert "same price" in summary["So"]
    assert summary["Fastest at the lowest price"].startswith("1,769 MB")


def test_waiting_time_is_not_shortened_by_memory() -> None:
    assert duration_s(params(memory_mb=10_240, cpu_seconds=1, threads=8, wait_ms=500)) == pytest.approx(1 / 5.788 + 0.5, rel=1e-3)


def test_result_is_a_table_with_a_memory_sweep() -> None:
    result = SIMULATION.run({"memory_mb": 2000})
    assert result.view == "table"
    assert "At 2,000 MB" in result.summary and "<- this function" in result.summary["At 2,000 MB"]
    sweep = [int(label[3:-3].replace(",", "")) for label in result.summary if label.startswith("At ")]
    assert sweep == sorted(sweep) and sweep[0] == 128 and sweep[-1] == 10_240


@settings(max_examples=80, deadline=None)
@given(memory=st.integers(128, 10_240), work=st.floats(0.001, 100), threads=st.integers(1, 64),
       seed=st.integers(0, 1000))
def test_properties(memory: int, work: float, threads: int, seed: int) -> None:
    """Never more CPU than the share, the threads or the cores; more memory never slower; same run each time."""
    p = {"memory_mb": memory, "cpu_seconds": work, "threads": threads}
    result = assert_deterministic(SIMULATION, p, seed)
    assert_time_ordered(result)
    used = usable_cpu(memory, threads)
    assert used <= vcpu_share(memory) and used <= threads and used <= visible_cores(memory)
    resolved = params(**p)
    assert duration_s(resolved, min(memory + 100, 10_240)) <= duration_s(resolved, memory)


@pytest.mark.parametrize("seed", range(8))
def test_duration_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["duration"], {}, seed)
    assert answer == question.result.summary["Duration"].split(" - ")[0]


@pytest.mark.parametrize("seed", range(8))
def test_vcpu_share_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["vcpu_share"], {}, seed)
    assert answer == question.result.summary["vCPU share"].split(" = ")[0]
