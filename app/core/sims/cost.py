"""The monthly Lambda bill: requests, GB-seconds in price tiers, the free tier, INIT and ephemeral storage.

Prices and rules are from lambda-facts.md §6 (us-east-1, the AWS pricing page) and §4 (INIT billing).

Rates and rounding, and why. Every amount is a Decimal: no float ever touches money. The per-GB-s rates are
the pricing page's (x86 $0.0000166667, Arm $0.0000133334, and their tiers), with one exception: AWS's
published example (512 MB, 3 million invocations of 1 s, x86, free tier, $18.74) prices the x86 first tier
at $0.00001667, so that rate is billed as the example bills it. At $0.0000166667 the example's compute line
would be 1,100,000 × 0.0000166667 = $18.33337 and the bill $18.73, not the published $18.74. Each line of
the bill is rounded to the cent half to even (a line that lands exactly on half a cent, like
1,500,000 GB-s × $0.00001667 = $25.005, goes to the even cent, $25.00, which is also what the pricing
page's rate gives), and the total is the sum of the lines. So: the example is $18.74, Arm with the free tier
$15.07 (1,100,000 × $0.0000133334 = $14.67 + $0.40), x86 without it $25.60. The summary also says what the
pricing page's x86 rate would give, so the difference is visible rather than hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from .base import Event, SimResult, Simulation, counted_by_output, fixed_work
from .generate import Ask, GeneratedQuestion, draw_params, make_choices
from .params import Param

SOURCES = (
    "https://aws.amazon.com/lambda/pricing/",
    "https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
)

CENT = Decimal("0.01")
REQUEST_PRICE_PER_MILLION = Decimal("0.20")  # the same on x86 and Arm
FREE_REQUESTS = 1_000_000
FREE_GB_SECONDS = 400_000  # monthly, shared by x86 and Arm
FREE_EPHEMERAL_MB = 512
NOTES_GB_SECONDS_PER_DOLLAR = 600_000  # the notes' "$1.00 for 600,000 GB-seconds" (wrong: it is about 60,000)

# (GB-seconds in the tier, or None for "all the rest", the pricing page's price per GB-s, where it comes from)
_PRICED = "pricing page"
_ASSUMED = "assumed: not in the fact sheet, check the pricing page"
TIERS: dict[str, tuple[tuple[int | None, Decimal, str], ...]] = {
    "x86": (
        (6_000_000_000, Decimal("0.0000166667"), _PRICED),
        (9_000_000_000, Decimal("0.000015"), _PRICED),
        (None, Decimal("0.0000133334"), _PRICED),
    ),
    "arm": (
        (7_500_000_000, Decimal("0.0000133334"), _PRICED),
        (11_250_000_000, Decimal("0.0000120001"), _PRICED),
        (None, Decimal("0.0000106667"), _ASSUMED),
    ),
}

# Rates the bill charges differently from the pricing page, because AWS's own worked example does: the x86
# first tier, which the example prices at $0.00001667 (the module docstring says why).
AS_IN_AWS_EXAMPLE = {Decimal("0.0000166667"): Decimal("0.00001667")}

PARAMS: tuple[Param, ...] = (
    Param("memory_mb", "Memory", "int", 512, unit="MB", minimum=128, maximum=10_240),
    Param("invocations", "Invocations per month", "int", 3_000_000, minimum=0, maximum=100_000_000_000),
    Param("duration_ms", "Duration per invocation", "float", 1000.0, unit="ms", minimum=1, maximum=900_000,
          help="billed in 1 ms steps, rounded up"),
    Param("architecture", "Architecture", "choice", "x86", choices=("x86", "arm")),
    Param("free_tier", "Free tier", "bool", True, help="1M requests and 400,000 GB-s a month, x86 and Arm together"),
    Param("init_ms", "INIT duration", "float", 0.0, unit="ms", minimum=0, maximum=10_000,
          help="the INIT phase of each cold start; billed for all functions since 1 Aug 2025"),
    Param("cold_start_percent", "Cold starts", "float", 1.0, unit="% of invocations", minimum=0, maximum=100,
          help="how many invocations start a new environment and so pay for INIT"),
    Param("ephemeral_mb", "Ephemeral storage (/tmp)", "int", 512, unit="MB", minimum=512, maximum=10_240,
          help="512 MB is free; more is charged per GB-s of the configured size beyond 512 MB"),
    Param("ephemeral_rate", "Ephemeral storage rate", "float", 0.0000000309, unit="$ per GB-s", minimum=0,
          maximum=0.001, help="an assumption: the fact sheet gives no rate; check the pricing page"),
)


@dataclass(frozen=True)
class Bill:
    """One month's bill, line by line (money in dollars, rounded to the cent)."""

    invoke_gb_s: Decimal
    init_gb_s: Decimal
    cold_starts: int
    free_gb_s: Decimal
    billable_gb_s: Decimal
    tier_lines: tuple[tuple[Decimal, Decimal, str], ...]  # (GB-s, billed rate, where the rate comes from)
    compute: Decimal
    compute_exact: Decimal  # at the pricing page's rates for every tier, rounded to the cent
    billable_requests: int
    requests: Decimal
    ephemeral_gb_s: Decimal
    ephemeral: Decimal
    total: Decimal


def bill(params: dict[str, Any], *, init_billed: bool = True, free_tier: bool | None = None,
         gb_seconds_per_dollar: int | None = None) -> Bill:
    """The monthly bill. The keywords price what-ifs: INIT free (before 1 Aug 2025), the free tier on or
    off, or a flat rate of `gb_seconds_per_dollar` (the notes' wrong figure)."""
    free = params["free_tier"] if free_tier is None else free_tier
    invocations = params["invocations"]
    gb = Decimal(params["memory_mb"]) / 1024
    billed_ms = math.ceil(params["duration_ms"])  # 1 ms steps
    cold_starts = round(invocations * params["cold_start_percent"] / 100) if params["init_ms"] else 0
    init_ms = math.ceil(params["init_ms"])
    invoke_gb_s = gb * invocations * billed_ms / 1000
    init_gb_s = gb * cold_starts * init_ms / 1000 if init_billed else Decimal(0)
    free_gb_s = min(Decimal(FREE_GB_SECONDS), invoke_gb_s + init_gb_s) if free else Decimal(0)
    billable = invoke_gb_s + init_gb_s - free_gb_s
    if gb_seconds_per_dollar:
        rate = Decimal(1) / gb_seconds_per_dollar
        lines: tuple[tuple[Decimal, Decimal, str], ...] = ((billable, rate, "flat"),)
        compute_exact = _cents(billable * rate)
    else:
        lines = _tiers(billable, params["architecture"])
        compute_exact = _cents(sum((gb_s * exact for gb_s, exact in _tier_split(billable, params["architecture"])),
                                   Decimal(0)))
    compute = sum((_cents(gb_s * rate) for gb_s, rate, _ in lines), Decimal(0))
    billable_requests = max(0, invocations - FREE_REQUESTS) if free else invocations
    requests = _cents(REQUEST_PRICE_PER_MILLION * billable_requests / 1_000_000)
    extra_gb = Decimal(params["ephemeral_mb"] - FREE_EPHEMERAL_MB) / 1024
    ephemeral_gb_s = extra_gb * invocations * billed_ms / 1000 + extra_gb * cold_starts * init_ms / 1000
    ephemeral = _cents(ephemeral_gb_s * Decimal(repr(params["ephemeral_rate"])))
    return Bill(
        invoke_gb_s=invoke_gb_s, init_gb_s=init_gb_s, cold_starts=cold_starts, free_gb_s=free_gb_s,
        billable_gb_s=billable, tier_lines=lines, compute=compute, compute_exact=compute_exact,
        billable_requests=billable_requests, requests=requests, ephemeral_gb_s=ephemeral_gb_s,
        ephemeral=ephemeral, total=compute + requests + ephemeral,
    )


def _tier_split(billable: Decimal, architecture: str) -> list[tuple[Decimal, Decimal]]:
    """The billable GB-s split across the price tiers: [(GB-s, exact rate)]. The free tier comes off first."""
    out = []
    left = billable
    for size, rate, _ in TIERS[architecture]:
        part = left if size is None else min(left, Decimal(size))
        if part > 0:
            out.append((part, rate))
        left -= part
    return out or [(Decimal(0), TIERS[architecture][0][1])]


def _tiers(billable: Decimal, architecture: str) -> tuple[tuple[Decimal, Decimal, str], ...]:
    """The bill's compute lines: (GB-s, billed rate, where the rate comes from)."""
    notes = {rate: note for _, rate, note in TIERS[architecture]}
    return tuple(
        (gb_s, AS_IN_AWS_EXAMPLE.get(rate, rate), notes[rate]) for gb_s, rate in _tier_split(billable, architecture)
    )


def _cents(amount: Decimal) -> Decimal:
    """To the cent, half to even: $25.005 is $25.00 (see the module docstring)."""
    return amount.quantize(CENT, ROUND_HALF_EVEN)


def money(amount: Decimal) -> str:
    """Dollars as a learner reads them: $18.74, $1,234.50."""
    return f"${amount:,.2f}"


def _gb_s(value: Decimal) -> str:
    return f"{value:,.0f} GB-s" if value == value.to_integral_value() or value >= 100 else f"{value:,.3f} GB-s"


def _summary(params: dict[str, Any], b: Bill) -> dict[str, Any]:
    arch = params["architecture"]
    memory = params["memory_mb"]
    billed_ms = math.ceil(params["duration_ms"])
    summary: dict[str, Any] = {
        "Memory": f"{memory:,} MB = {Decimal(memory) / 1024:g} GB",
        "Invocations": params["invocations"],
        "Billed duration": f"{billed_ms:,} ms per invocation (1 ms steps)",
        "Architecture": "Arm (Graviton2)" if arch == "arm" else "x86",
        "Compute, invocations": _gb_s(b.invoke_gb_s),
        "Compute, INIT (billed since 1 Aug 2025)": (
            f"{_gb_s(b.init_gb_s)} ({b.cold_starts:,} cold starts x {math.ceil(params['init_ms']):,} ms)"
        ),
        "Free tier": (
            f"{_gb_s(b.free_gb_s)} and {min(FREE_REQUESTS, params['invocations']):,} requests free"
            if params["free_tier"] else "off"
        ),
        "Billable compute": _gb_s(b.billable_gb_s),
    }
    for index, (gb_s, rate, note) in enumerate(b.tier_lines, start=1):
        label = "Compute charge" if len(b.tier_lines) == 1 else f"Compute charge, tier {index}"
        where = "" if note == _PRICED else f" [{note}]"
        summary[label] = f"{money(_cents(gb_s * rate))} = {_gb_s(gb_s)} x ${rate}{where}"
    summary["Request charge"] = (
        f"{money(b.requests)} = {b.billable_requests:,} requests x $0.20 per million"
    )
    if params["ephemeral_mb"] > FREE_EPHEMERAL_MB:
        summary["Ephemeral storage charge"] = (
            f"{money(b.ephemeral)} = {_gb_s(b.ephemeral_gb_s)} beyond 512 MB x ${params['ephemeral_rate']:.10f} "
            "[assumed rate]"
        )
    else:
        summary["Ephemeral storage charge"] = "$0.00 (512 MB is included)"
    summary["Total per month"] = money(b.total)
    summary["Rounding"] = "each line to the cent, half to even; the total is the sum of the lines"
    if any(rate in AS_IN_AWS_EXAMPLE.values() for _, rate, _ in b.tier_lines):
        summary["Rounding"] += (
            "; the x86 first tier at $0.00001667, as AWS's worked example prices it: at the pricing page's "
            f"$0.0000166667 compute would be {money(b.compute_exact)}"
        )
    if b.init_gb_s:
        before = bill(params, init_billed=False)
        summary["Before 1 Aug 2025"] = (
            f"{money(before.total)}: INIT used to be free for on-demand ZIP functions on managed runtimes"
        )
    notes = bill(params, gb_seconds_per_dollar=NOTES_GB_SECONDS_PER_DOLLAR)
    summary["The notes' \"$1 for 600,000 GB-s\" would say"] = (
        f"{money(notes.total)}, about 10x too little: $1 buys about 60,000 GB-s on x86 (75,000 on Arm)"
    )
    other = "x86" if arch == "arm" else "arm"
    summary[f"Same work on {'Arm' if other == 'arm' else 'x86'}"] = money(bill(dict(params, architecture=other)).total)
    return summary


def _run(params: dict[str, Any], seed: int) -> SimResult:
    b = bill(params)
    events = (
        Event(0.0, "bill", f"Compute {money(b.compute)} + requests {money(b.requests)} + ephemeral storage "
              f"{money(b.ephemeral)} = {money(b.total)} a month", "bill"),
    )
    return SimResult(
        simulation="cost",
        params=params,
        seed=seed,
        events=events,
        summary=_summary(params, b),
        view="table",
        verdict=(
            f"{money(b.total)} a month: {money(b.compute)} compute + {money(b.requests)} requests"
            + (f" + {money(b.ephemeral)} ephemeral storage" if b.ephemeral else "")
        ),
    )


SIMULATION = Simulation(
    name="cost",
    title="The monthly Lambda bill",
    summary="Requests, GB-seconds in price tiers, the free tier, INIT billing, Arm vs x86 and extra /tmp space.",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(50),
    budget=50,
)


# ---------------------------------------------------------------------------------------------- asks

_BILL_SPEC = {"memory_mb": [128, 3008], "invocations": [2_000_000, 40_000_000], "duration_ms": [20, 2000]}


def _describe(params: dict[str, Any]) -> str:
    arch = "Arm" if params["architecture"] == "arm" else "x86"
    free = "the free tier applies" if params["free_tier"] else "the free tier is already used up"
    init = (
        f", {params['cold_start_percent']:g}% of them cold starts with a {params['init_ms']:,.0f} ms INIT"
        if params["init_ms"] else ""
    )
    return (
        f"A function with {params['memory_mb']:,} MB on {arch} runs {params['invocations']:,} times a month for "
        f"{math.ceil(params['duration_ms']):,} ms each{init}; {free}"
    )


def _build_bill(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = draw_params(SIMULATION, {**_BILL_SPEC, **spec}, seed)
    result = SIMULATION.runner(params, seed)
    b = bill(params)
    no_free = bill(params, free_tier=False)
    notes = bill(params, gb_seconds_per_dollar=NOTES_GB_SECONDS_PER_DOLLAR)
    decimal_gb = bill(dict(params, memory_mb=params["memory_mb"] * 1024 / 1000))
    no_init = bill(params, init_billed=False)
    correct = (money(b.total), f"Compute {money(b.compute)} + requests {money(b.requests)}.")
    distractors = [
        (money(notes.total), "That uses the notes' \"$1 for 600,000 GB-s\"; $1 buys about 60,000 GB-s."),
        (money(no_free.total) if params["free_tier"] else money(bill(params, free_tier=True).total),
         "That gets the free tier wrong: 1M requests and 400,000 GB-s a month come off only when it applies."),
        (money(b.compute), "That leaves out the request charge of $0.20 per million."),
        (money(no_init.total), "That leaves out INIT, billed for all functions since 1 Aug 2025."),
        (money(decimal_gb.total), "That treats 1 GB as 1,000 MB; AWS uses 1,024."),
        (money(b.total * 2), "That doubles the bill."),
    ]
    explanation = "\n".join(f"{label}: {value}" for label, value in result.summary.items())
    stem = f"{_describe(params)}. What is its monthly bill (us-east-1)?"
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


def _build_gb_seconds(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = draw_params(SIMULATION, {**_BILL_SPEC, **spec}, seed)
    result = SIMULATION.runner(params, seed)
    b = bill(params)
    total = b.invoke_gb_s + b.init_gb_s
    correct = (_gb_s(b.billable_gb_s), "Memory in GB x billed seconds x invocations, minus the free tier.")
    distractors = [
        (_gb_s(total) if params["free_tier"] else _gb_s(max(Decimal(0), total - FREE_GB_SECONDS)),
         "That gets the free tier's 400,000 GB-s wrong."),
        # One unit slip each way, so the answer sits between a longer and a shorter number, never at an end.
        (_gb_s(b.billable_gb_s * 1000), "That forgets to turn milliseconds into seconds."),
        (_gb_s(b.billable_gb_s / 1000), "That turns milliseconds into seconds twice."),
        (_gb_s(b.billable_gb_s * 1024 / 1000), "That divides the memory by 1,000 instead of 1,024."),
        (_gb_s(b.billable_gb_s - b.init_gb_s) if b.init_gb_s else _gb_s(b.billable_gb_s / 2),
         "That leaves out INIT time." if b.init_gb_s else "That halves the memory."),
    ]
    stem = f"{_describe(params)}. How many GB-seconds are billed?"
    explanation = "\n".join(f"{label}: {value}" for label, value in list(result.summary.items())[:9])
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


ASKS: dict[str, Ask] = {
    # Version 2: the bill's rates and rounding changed (Arm unrounded, half to even), so some totals moved a cent.
    "monthly_bill": Ask("The monthly bill for a workload (us-east-1 prices)", _build_bill, version=2),
    "billable_gb_seconds": Ask("The GB-seconds billed after the free tier", _build_gb_seconds, version=2),
}
