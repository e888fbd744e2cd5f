"""Memory buys CPU: the vCPU share at a memory size, and what it does to CPU-bound duration and cost.

Rules (lambda-facts.md §7): memory is 128-10,240 MB; CPU scales in proportion to memory, with the
equivalent of one vCPU at 1,769 MB (the notes' 1,792 MB is outdated), so the share is memory / 1,769,
5.79 at 10,240 MB (AWS: "up to 6 vCPUs"). Above one vCPU only multi-threaded or multi-process code gains.
The cores a function can see come from a third-party measurement, not an AWS document.

Duration model: `cpu_seconds` of work at one full vCPU, spread over `threads`, runs at the speed of the
CPU the code can use: min(vCPU share, threads, visible cores). `wait_ms` is time spent waiting (on a
database, say) that more memory does not shorten. Cost per invocation uses the x86 or Arm tier-1 price
(§6) without the free tier, so learners see that, for CPU-bound code, more memory costs the same while it
still speeds the work up, and only costs more once the code cannot use the extra CPU.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .base import SimResult, Simulation, counted_by_output, fixed_work
from .cost import REQUEST_PRICE_PER_MILLION, TIERS
from .generate import Ask, GeneratedQuestion, count_of, draw_params, make_choices
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
    "https://aws.amazon.com/blogs/aws/new-for-aws-lambda-functions-with-up-to-10-gb-of-memory-and-6-vcpus/",
    "https://github.com/rwnx/lambda-cpuinfo",
    "https://aws.amazon.com/lambda/pricing/",
)

MB_PER_VCPU = 1769
NOTES_MB_PER_VCPU = 1792  # outdated figure in the notes
TIMEOUT_S = 900
# Visible cores by memory, from a third-party measurement (https://github.com/rwnx/lambda-cpuinfo).
VISIBLE_CORES = ((3008, 2), (5307, 3), (7076, 4), (8845, 5), (10_240, 6))
SWEEP_MB = (128, 256, 512, 1024, 1769, 3008, 3538, 5307, 7076, 8845, 10_240)

PARAMS: tuple[Param, ...] = (
    Param("memory_mb", "Memory", "int", 1024, unit="MB", minimum=128, maximum=10_240),
    Param("cpu_seconds", "CPU work", "float", 2.0, unit="vCPU-seconds", minimum=0.001, maximum=5_400,
          help="how long the work takes on one full vCPU"),
    Param("threads", "Threads", "int", 1, minimum=1, maximum=1024,
          help="threads or processes that can work in parallel; 1 for single-threaded code"),
    Param("wait_ms", "Waiting time", "float", 0.0, unit="ms", minimum=0, maximum=900_000,
          help="time spent waiting on other services, which more memory does not shorten"),
    Param("architecture", "Architecture", "choice", "x86", choices=("x86", "arm"), help="for the price"),
)


def vcpu_share(memory_mb: float, mb_per_vcpu: int = MB_PER_VCPU) -> float:
    """The vCPU equivalent a memory size buys: memory / 1,769 (one vCPU at 1,769 MB)."""
    return memory_mb / mb_per_vcpu


def visible_cores(memory_mb: int) -> int:
    """Cores the function sees at a memory size (third-party measurement)."""
    return next(cores for limit, cores in VISIBLE_CORES if memory_mb <= limit)


def usable_cpu(memory_mb: int, threads: int) -> float:
    """The CPU the code can use: its vCPU share, but no more than its threads or the cores it sees."""
    return min(vcpu_share(memory_mb), threads, visible_cores(memory_mb))


def duration_s(params: dict[str, Any], memory_mb: int | None = None) -> float:
    """Seconds one invocation takes at `memory_mb` (default: the parameter)."""
    memory = params["memory_mb"] if memory_mb is None else memory_mb
    seconds: float = params["cpu_seconds"] / usable_cpu(memory, params["threads"]) + params["wait_ms"] / 1000
    return seconds


def cost_per_million(params: dict[str, Any], memory_mb: int | None = None) -> Decimal:
    """Dollars per million invocations: billed ms (rounded up) x GB x tier-1 rate, plus the request price."""
    memory = params["memory_mb"] if memory_mb is None else memory_mb
    billed_ms = math.ceil(min(duration_s(params, memory), TIMEOUT_S) * 1000)
    rate = TIERS[params["architecture"]][0][1]
    return Decimal(memory) / 1024 * billed_ms / 1000 * rate * 1_000_000 + REQUEST_PRICE_PER_MILLION


def _dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _seconds(value: float) -> str:
    return f"{value:,.2f} s" if value < 100 else f"{value:,.0f} s"


def _run(params: dict[str, Any], seed: int) -> SimResult:
    memory, threads = params["memory_mb"], params["threads"]
    share = vcpu_share(memory)
    usable = usable_cpu(memory, threads)
    took = duration_s(params)
    limit = "threads" if usable == threads else ("visible cores" if usable == visible_cores(memory) else "memory")
    sweep = sorted(set(SWEEP_MB) | {memory})
    summary: dict[str, Any] = {
        "Memory": f"{memory:,} MB",
        "vCPU share": f"{share:.2f} vCPU = {memory:,} / {MB_PER_VCPU:,} (the notes' 1,792 MB per vCPU is outdated)",
        "Visible cores": f"{visible_cores(memory)} (a third-party measurement, not an AWS figure)",
        "CPU the code can use": f"{usable:.2f} vCPU, limited by its {limit}"
        + (" (single-threaded code never uses more than one vCPU)" if threads == 1 else ""),
        "Duration": _seconds(took) + (" - over the 15-minute timeout: it would fail" if took > TIMEOUT_S else ""),
        "Cost per million invocations": _dollars(cost_per_million(params)) + " (tier-1 price, no free tier)",
    }
    for mb in sweep:
        mark = " <- this function" if mb == memory else ""
        summary[f"At {mb:,} MB"] = (
            f"{_seconds(duration_s(params, mb))}, {_dollars(cost_per_million(params, mb))} per million{mark}"
        )
    cheapest = min(cost_per_million(params, mb) for mb in sweep)
    best = max(mb for mb in sweep if cost_per_million(params, mb) <= cheapest * Decimal("1.005"))
    summary["Fastest at the lowest price"] = (
        f"{best:,} MB: {_seconds(duration_s(params, best))} for {_dollars(cost_per_million(params, best))} per million"
    )
    if best > memory:
        summary["So"] = (
            f"raising memory to {best:,} MB makes this run {took / duration_s(params, best):.1f}x faster for about "
            "the same price: GB-s stay the same while CPU-bound work speeds up in proportion"
        )
    elif memory > best:
        summary["So"] = (
            f"above {best:,} MB this code cannot use the extra CPU ({count_of(threads, 'thread')}), so more memory only costs more"
        )
    return SimResult(
        simulation="memory-cpu",
        params=params,
        seed=seed,
        events=(),
        summary=summary,
        view="table",  # the memory sweep is in the summary: series are curves over time, not over memory
        verdict=(
            f"At {memory:,} MB: {share:.2f} vCPU, the code uses {usable:.2f}; {_seconds(took)} per run, "
            f"{_dollars(cost_per_million(params))} per million"
        ),
    )


SIMULATION = Simulation(
    name="memory-cpu",
    title="Memory, vCPUs and CPU-bound duration",
    summary="How memory buys CPU (one vCPU at 1,769 MB, up to 6), what threads change, and the cost per run.",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(60),
    budget=60,
)


# ---------------------------------------------------------------------------------------------- asks


def _build_duration(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = draw_params(
        SIMULATION, {"memory_mb": [128, 10_240], "cpu_seconds": [1, 20], "threads": [1, 8], "wait_ms": 0, **spec}, seed
    )
    params = SIMULATION.resolve(dict(params, cpu_seconds=round(params["cpu_seconds"], 1)))
    result = SIMULATION.runner(params, seed)
    memory, threads, work = params["memory_mb"], params["threads"], params["cpu_seconds"]
    wait = params["wait_ms"] / 1000
    share = vcpu_share(memory)
    correct = (
        _seconds(duration_s(params)),
        f"The code can use {usable_cpu(memory, threads):.2f} vCPU: min(share {share:.2f}, {count_of(threads, 'thread')}, "
        f"{visible_cores(memory)} visible cores).",
    )
    distractors = [
        (_seconds(work / share + wait), "That assumes the code uses the whole vCPU share, whatever its threads."),
        (_seconds(work / min(vcpu_share(memory, NOTES_MB_PER_VCPU), threads, visible_cores(memory)) + wait),
         "That uses the notes' outdated 1,792 MB per vCPU; it is 1,769 MB."),
        (_seconds(work / min(memory / 1024, threads, visible_cores(memory)) + wait),
         "That gives one vCPU per 1,024 MB; one vCPU comes at 1,769 MB."),
        (_seconds(work / min(threads, visible_cores(memory)) + wait),
         "That gives every visible core a full vCPU; the share is memory / 1,769."),
        (_seconds(work + wait), "That ignores memory: CPU scales with memory."),
        (_seconds(work / visible_cores(memory) + wait),
         "That runs the work on every core the function sees; the CPU share and the threads limit it."),
        (_seconds(2 * duration_s(params)), "Twice the real figure: the CPU share is memory / 1,769."),
        (_seconds(duration_s(params) / 2), "Half the real figure: the CPU share is memory / 1,769."),
    ]
    thread_text = "single-threaded" if threads == 1 else f"spread over {threads} threads"
    stem = (
        f"A CPU-bound function does {work:g} vCPU-seconds of work, {thread_text}, with {memory:,} MB of memory. "
        "About how long does one invocation take?"
    )
    explanation = "\n".join(f"{k}: {v}" for k, v in list(result.summary.items())[:5])
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


def _build_share(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = draw_params(SIMULATION, {"memory_mb": [128, 10_240], **spec}, seed)
    result = SIMULATION.runner(params, seed)
    memory = params["memory_mb"]
    correct = (f"{vcpu_share(memory):.2f} vCPU", f"{memory:,} / 1,769 MB per vCPU.")
    distractors = [
        (f"{vcpu_share(memory, NOTES_MB_PER_VCPU):.2f} vCPU", "That uses the notes' outdated 1,792 MB per vCPU."),
        (f"{memory / 1024:.2f} vCPU", "That gives one vCPU per 1,024 MB; it is one per 1,769 MB."),
        (f"{visible_cores(memory)}.00 vCPU", "That counts the cores the function can see, not its CPU share."),
        (f"{min(6.0, memory / 1000):.2f} vCPU", "That gives one vCPU per 1,000 MB."),
        ("1.00 vCPU", "Every function does not get one vCPU: the share scales with memory."),
    ]
    stem = f"A function is configured with {memory:,} MB of memory. How much CPU does it get?"
    explanation = (
        f"CPU scales with memory: one vCPU at 1,769 MB, so {memory:,} MB gives {vcpu_share(memory):.2f} vCPU "
        f"(at most about 6 at 10,240 MB). Above one vCPU, only multi-threaded code benefits."
    )
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


ASKS: dict[str, Ask] = {
    "duration": Ask("How long CPU-bound work takes at a memory size and thread count", _build_duration),
    "vcpu_share": Ask("The vCPU share a memory size buys", _build_share),
}
