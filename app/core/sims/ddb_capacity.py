"""DynamoDB capacity: read and write units from item size and consistency, a hot partition key, and what a
month costs in provisioned and in on-demand mode (us-east-1, Standard table class).

The rules, from the DynamoDB developer guide and pricing pages (SOURCES):

- Reads are counted in 4 KB steps, rounded up: a strongly consistent read of up to 4 KB takes 1 read unit, an
  eventually consistent one half a unit, a transactional one 2 units. An 8 KB item: 2, 1 and 4 units.
- Writes are counted in 1 KB steps, rounded up: a standard write of up to 1 KB takes 1 write unit, a
  transactional one 2. A 3 KB item: 3 and 6 units.
- One partition serves at most 3,000 read units and 1,000 write units a second, in both capacity modes: all the
  traffic of one partition key value lands on one partition, so a hot key throttles (KeyRangeThroughputExceeded)
  even when the table as a whole has capacity to spare.
- Prices, us-east-1, Standard table class: provisioned $0.00013 per RCU-hour and $0.00065 per WCU-hour;
  on-demand $0.125 per million read request units and $0.625 per million write request units (the rates since
  AWS halved on-demand throughput prices on 1 November 2024).

The model's own choices, labelled in the result: a month of 730 hours; provisioned capacity set so that the
workload uses `utilization` percent of it (auto scaling's target tracking keeps a margin like this); the free
tier, storage, backups, streams and reserved capacity left out; the traffic steady all month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from typing import Any

from .base import Event, SimResult, Simulation, counted_by_output, fixed_work
from .generate import Composed, count_of, run_ask
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-key-range-limit-exceeded-mitigation.html",
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html",
    "https://aws.amazon.com/dynamodb/pricing/provisioned/",
    "https://aws.amazon.com/dynamodb/pricing/on-demand/",
)

READ_STEP_KB = 4
WRITE_STEP_KB = 1
READ_FACTOR = {"eventual": Decimal("0.5"), "strong": Decimal(1), "transactional": Decimal(2)}
WRITE_FACTOR = {"standard": Decimal(1), "transactional": Decimal(2)}
PARTITION_READ_UNITS = 3_000
PARTITION_WRITE_UNITS = 1_000
# How a run and a stem name a read of each consistency.
CONSISTENCY = {"eventual": "eventually consistent", "strong": "strongly consistent", "transactional": "transactional"}
REGION = "us-east-1"
RCU_HOUR = Decimal("0.00013")
WCU_HOUR = Decimal("0.00065")
RRU_MILLION = Decimal("0.125")
WRU_MILLION = Decimal("0.625")
CENT = Decimal("0.01")

ASSUMPTIONS = (
    "a month of 730 hours",
    "steady traffic all month",
    "no free tier, storage, backups, streams or reserved capacity",
    "provisioned capacity = what the workload uses / utilization",
)

PARAMS = (
    Param("item_kb", "Item size", "float", 6.0, unit="KB", minimum=0.01, maximum=400.0,
          help="The size of each item read or written (DynamoDB's item limit is 400 KB)."),
    Param("reads_per_second", "Reads per second", "int", 1_000, minimum=0, maximum=1_000_000),
    Param("writes_per_second", "Writes per second", "int", 100, minimum=0, maximum=1_000_000),
    Param("read_consistency", "Read consistency", "choice", "eventual", choices=tuple(READ_FACTOR),
          help="eventual (the default of GetItem, Query and Scan) halves a read's units; transactional doubles them."),
    Param("write_kind", "Writes", "choice", "standard", choices=tuple(WRITE_FACTOR),
          help="transactional writes (TransactWriteItems) take twice the units."),
    Param("hot_key_percent", "Traffic on the hottest key", "float", 0.0, unit="%", minimum=0.0, maximum=100.0,
          help="The share of reads and writes that use one partition key value, and so one partition."),
    Param("utilization", "Provisioned utilization", "float", 70.0, unit="%", minimum=10.0, maximum=100.0,
          help="Provisioned mode: capacity is set so the workload uses this share of it (auto scaling's target)."),
)


def _units(item_kb: float, step_kb: int) -> int:
    """How many `step_kb` steps an item takes: its size rounded up to the next multiple of the step."""
    return int((Decimal(repr(item_kb)) / step_kb).to_integral_value(ROUND_CEILING))


def read_units(item_kb: float, consistency: str) -> Decimal:
    """Read units for one read: 4 KB steps, rounded up, times 0.5 (eventual), 1 (strong) or 2 (transactional)."""
    return _units(item_kb, READ_STEP_KB) * READ_FACTOR[consistency]


def write_units(item_kb: float, kind: str) -> Decimal:
    """Write units for one write: 1 KB steps, rounded up, times 2 for a transactional write."""
    return _units(item_kb, WRITE_STEP_KB) * WRITE_FACTOR[kind]


def _a(words: str) -> str:
    """ "An eventually consistent", "A strongly consistent": the article the first word takes."""
    return f"{'An' if words[0] in 'aeiou' else 'A'} {words}"


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_EVEN)


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def figure(value: Decimal) -> str:
    """1,500; 0.5; 1,000.5: whole numbers without a decimal point, others to one place."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"


def units(value: Decimal, unit: str) -> str:
    """1,500 RCU; 0.5 RCU; 1,000.5 RCU."""
    return f"{figure(value)} {unit}"


def capacity(params: Mapping[str, Any]) -> dict[str, Any]:
    """Every figure of the result, computed once: units, the hot partition, provisioned and on-demand cost."""
    per_read = read_units(params["item_kb"], params["read_consistency"])
    per_write = write_units(params["item_kb"], params["write_kind"])
    reads = params["reads_per_second"] * per_read
    writes = params["writes_per_second"] * per_write
    share = Decimal(repr(params["hot_key_percent"])) / 100
    hot_reads, hot_writes = reads * share, writes * share
    over_reads = max(Decimal(0), hot_reads - PARTITION_READ_UNITS)
    over_writes = max(Decimal(0), hot_writes - PARTITION_WRITE_UNITS)
    target = Decimal(repr(params["utilization"])) / 100
    rcu = int((reads / target).to_integral_value(ROUND_CEILING))
    wcu = int((writes / target).to_integral_value(ROUND_CEILING))
    hours = 730
    provisioned_reads = _cents(rcu * RCU_HOUR * hours)
    provisioned_writes = _cents(wcu * WCU_HOUR * hours)
    seconds = hours * 3600
    on_demand_reads = _cents(reads * seconds * RRU_MILLION / 1_000_000)
    on_demand_writes = _cents(writes * seconds * WRU_MILLION / 1_000_000)
    return {
        "per_read": per_read, "per_write": per_write, "reads": reads, "writes": writes,
        "hot_reads": hot_reads, "hot_writes": hot_writes,
        "throttled_reads": math.ceil(over_reads / per_read) if over_reads else 0,
        "throttled_writes": math.ceil(over_writes / per_write) if over_writes else 0,
        "rcu": rcu, "wcu": wcu,
        "provisioned": provisioned_reads + provisioned_writes,
        "provisioned_reads": provisioned_reads, "provisioned_writes": provisioned_writes,
        "on_demand": on_demand_reads + on_demand_writes,
        "on_demand_reads": on_demand_reads, "on_demand_writes": on_demand_writes,
    }


def _run(params: dict[str, Any], seed: int) -> SimResult:
    c = capacity(params)
    kb = params["item_kb"]
    read_steps, write_steps = _units(kb, READ_STEP_KB), _units(kb, WRITE_STEP_KB)
    events = [
        Event(0.0, "read", f"{_a(CONSISTENCY[params['read_consistency']])} read of {kb:g} KB: {read_steps} x 4 KB steps x "
              f"{READ_FACTOR[params['read_consistency']]:g} = {units(c['per_read'], 'RCU')}", "reads"),
        Event(0.0, "write", f"{_a(params['write_kind'])} write of {kb:g} KB: {write_steps} x 1 KB steps x "
              f"{WRITE_FACTOR[params['write_kind']]:g} = {units(c['per_write'], 'WCU')}", "writes"),
    ]
    for kind, over, hot, limit, unit in (("reads", c["throttled_reads"], c["hot_reads"], PARTITION_READ_UNITS, "RCU"),
                                         ("writes", c["throttled_writes"], c["hot_writes"], PARTITION_WRITE_UNITS, "WCU")):
        if over:
            events.append(Event(0.0, "throttle", f"The hot key needs {units(hot, unit)} a second, over one "
                                f"partition's {limit:,}: about {over:,} {kind} a second are throttled", kind))
    cheaper = "on-demand" if c["on_demand"] < c["provisioned"] else "provisioned"
    summary = {
        "Read units per read": units(c["per_read"], "RCU"),
        "Write units per write": units(c["per_write"], "WCU"),
        "Reads need": f"{units(c['reads'], 'RCU')} a second ({params['reads_per_second']:,} reads)",
        "Writes need": f"{units(c['writes'], 'WCU')} a second ({params['writes_per_second']:,} writes)",
        "Hot key": (f"{params['hot_key_percent']:g}% of traffic: {units(c['hot_reads'], 'RCU')} and "
                    f"{units(c['hot_writes'], 'WCU')} on one partition (limit {PARTITION_READ_UNITS:,} RCU and "
                    f"{PARTITION_WRITE_UNITS:,} WCU)"),
        "Throttled on the hot key": f"{c['throttled_reads']:,} reads and {c['throttled_writes']:,} writes a second",
        "Provisioned capacity": f"{c['rcu']:,} RCU and {c['wcu']:,} WCU (at {params['utilization']:g}% utilization)",
        "Provisioned, per month": (f"{money(c['provisioned'])} = {money(c['provisioned_reads'])} reads "
                                   f"(${RCU_HOUR} per RCU-hour) + {money(c['provisioned_writes'])} writes "
                                   f"(${WCU_HOUR} per WCU-hour)"),
        "On-demand, per month": (f"{money(c['on_demand'])} = {money(c['on_demand_reads'])} reads "
                                 f"(${RRU_MILLION} per million) + {money(c['on_demand_writes'])} writes "
                                 f"(${WRU_MILLION} per million)"),
        "Cheaper for this steady traffic": cheaper,
        "Region and prices": f"{REGION}, Standard table class; on-demand rates since 1 Nov 2024",
        "Model's assumptions (not AWS-documented)": "; ".join(ASSUMPTIONS),
    }
    throttled = c["throttled_reads"] or c["throttled_writes"]
    verdict = (f"{units(c['reads'], 'RCU')} + {units(c['writes'], 'WCU')} a second; provisioned "
               f"{money(c['provisioned'])} vs on-demand {money(c['on_demand'])} a month"
               + ("; the hot key is throttled" if throttled else ""))
    return SimResult(simulation="ddb-capacity", params=params, seed=seed, events=tuple(events), summary=summary,
                     view="table", verdict=verdict)


SIMULATION = Simulation(
    name="ddb-capacity",
    title="DynamoDB capacity, hot keys and cost",
    summary="Read and write units from item size and consistency, a hot partition key against the per-partition "
            "limits, and provisioned vs on-demand cost a month (us-east-1).",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(30),
    budget=30,
)


# ---------------------------------------------------------------------------------------------- asks


def item_bytes(kb: float) -> int:
    """An item's size in bytes (1 KB = 1,024 bytes), rounded up so that it takes the same number of 4 KB and
    1 KB steps as `kb` does."""
    return math.ceil(Decimal(repr(kb)) * 1024)


def item_size(kb: float) -> str:
    """An item's size as a stem states it: a drawn 3.77236 KB reads "3,863-byte items"."""
    return f"{item_bytes(kb):,}-byte items"


def _total(count: int, per_item: Decimal, unit: str) -> str:
    """`count` operations a second of `per_item` units each, rounded up to whole units when the product is not
    a whole or half unit (as one would provision it): the figure a learner who made that mistake would pick."""
    total = count * per_item
    if total * 2 != (total * 2).to_integral_value():
        total = total.to_integral_value(ROUND_CEILING)
    return units(total, unit)


_STRONGER = {"eventual": "That forgets to halve: an eventually consistent read takes half the units of a strongly "
                         "consistent one.",
             "strong": "That halves the units as for eventually consistent reads; these reads are strongly "
                       "consistent."}


def _compose_read_capacity(result: SimResult) -> Composed:
    p = result.params
    reads, kb, consistency = p["reads_per_second"], p["item_kb"], p["read_consistency"]
    factor = READ_FACTOR[consistency]
    steps = _units(kb, READ_STEP_KB)
    per_read = steps * factor
    answer = units(capacity(p)["reads"], "RCU")
    other = "eventual" if consistency == "strong" else "strong"
    halved = ", halved for eventual consistency" if consistency == "eventual" else ""
    return Composed(
        stem=(f"An application makes {reads:,} {CONSISTENCY[consistency]} reads a second of {item_size(kb)}. "
              f"How many read capacity units does this take each second?"),
        correct=(answer, f"A {item_bytes(kb):,}-byte item rounds up to {steps * READ_STEP_KB} KB, "
                         f"{count_of(steps, 'read unit')}{halved}: {reads:,} x {figure(per_read)} = {answer}."),
        # Best mistakes first (no rounding is smaller, 1 KB steps larger), then spares.
        distractors=(
            (_total(reads, Decimal(repr(kb)) / READ_STEP_KB * factor, "RCU"),
             "That divides the size by 4 KB without rounding each item up to the next 4 KB."),
            (_total(reads, _units(kb, WRITE_STEP_KB) * factor, "RCU"),
             "That counts reads in 1 KB steps, the write unit's step; a read unit covers 4 KB."),
            (_total(reads, steps * READ_FACTOR[other], "RCU"), _STRONGER[consistency]),
            (_total(reads, steps * READ_FACTOR["transactional"], "RCU"),
             "That doubles the units as for transactional reads (TransactGetItems); these are plain reads."),
            (_total(reads, steps * READ_STEP_KB * factor, "RCU"),
             "That rounds the item up to 4 KB steps and then counts one unit per KB, the write unit's step."),
            (_total(reads, (steps + 1) * factor, "RCU"),
             "That adds a unit for the key and attribute names; they are already part of the item size."),
            # For an item just under 4 KB most slips above coincide; this one still differs.
            (_total(reads, _units(kb, WRITE_STEP_KB) * READ_FACTOR[other], "RCU"),
             f"That makes two slips: it counts 1 KB steps, the write unit's step, and uses the factor of "
             f"{CONSISTENCY[other]} reads."),
        ),
        reason="Each read takes ceil(size / 4 KB) units, halved if eventually consistent, doubled if transactional.",
    )


def _compose_write_capacity(result: SimResult) -> Composed:
    p = result.params
    writes, kb, kind = p["writes_per_second"], p["item_kb"], p["write_kind"]
    factor = WRITE_FACTOR[kind]
    steps = _units(kb, WRITE_STEP_KB)
    answer = units(capacity(p)["writes"], "WCU")
    doubled = ", doubled for the transaction" if kind == "transactional" else ""
    wrong_factor = ("That forgets to double: a transactional write (TransactWriteItems) takes twice the units of a "
                    "standard one." if kind == "transactional" else
                    "That doubles the units as for transactional writes; these are standard writes.")
    return Composed(
        stem=(f"An application makes {writes:,} {kind} writes a second of {item_size(kb)}. "
              f"How many write capacity units does this take each second?"),
        correct=(answer, f"A {item_bytes(kb):,}-byte item rounds up to {steps} KB, {count_of(steps, 'write unit')}{doubled}: "
                         f"{writes:,} x {figure(steps * factor)} = {answer}."),
        # Best mistakes first: no rounding is smaller, rounding to 4 KB first larger (or, for 3-4, 7-8 and 11-12 KB
        # items, the answer itself, and so skipped), the transaction's factor on the other side; then a slip that
        # is always larger, so the answer is never the largest figure offered, then spares.
        distractors=(
            (_total(writes, Decimal(repr(kb)) * factor, "WCU"),
             "That divides the size by 1 KB without rounding each item up to whole KB."),
            (_total(writes, _units(kb, READ_STEP_KB) * READ_STEP_KB * factor, "WCU"),
             "That rounds the item up to 4 KB, the read step, before counting 1 KB write units."),
            (_total(writes, steps * WRITE_FACTOR["standard" if kind == "transactional" else "transactional"], "WCU"),
             wrong_factor),
            (_total(writes, (steps + 1) * factor, "WCU"),
             "That adds a unit for the key and attribute names; they are already part of the item size."),
            (_total(writes, _units(kb, READ_STEP_KB) * factor, "WCU"),
             "That counts writes in 4 KB steps, the read unit's step; a write unit covers 1 KB."),
            (_total(writes, steps * factor / 2, "WCU"),
             "That halves the units; only eventually consistent reads are halved, never writes."),
            (_total(writes, steps * factor * 2, "WCU"),
             "That doubles the units for the copies DynamoDB keeps in three Availability Zones; they cost nothing."),
        ),
        reason="Each write takes ceil(size / 1 KB) units, doubled for a transactional write.",
    )


def _compose_hot_key(result: SimResult) -> Composed:
    p = result.params
    c = capacity(p)
    per = c["per_write"]
    hot_units = c["hot_writes"]
    hot_writes = hot_units / per

    def about(count: Decimal) -> str:
        return f"About {math.ceil(max(Decimal(0), count)):,} writes a second"

    need = (f"The key's {units(hot_writes, 'writes')} a second take {units(per, 'WCU')} each, "
            f"{units(hot_units, 'WCU')} on one partition")
    why = (f"{need}: the {units(hot_units - PARTITION_WRITE_UNITS, 'WCU')} above its 1,000 WCU are about "
           f"{c['throttled_writes']:,} writes." if c["throttled_writes"] else
           f"{need}, within its 1,000 WCU, so none are throttled.")
    return Composed(
        stem=(f"A table takes {p['writes_per_second']:,} standard writes a second of {item_size(p['item_kb'])}, and "
              f"its capacity covers them all. {p['hot_key_percent']:g}% of the writes use the same partition key "
              f"value. About how many writes a second does DynamoDB throttle for that key?"),
        correct=(about(Decimal(c["throttled_writes"])), why),
        # When the key is throttled: one larger and one smaller than the answer, then the trap of trusting the
        # table's total. When it is not, the mistakes that throttle it anyway; any that come to 0 are skipped.
        distractors=(
            (about(hot_units - PARTITION_WRITE_UNITS), "That counts the throttled write units, not the writes."),
            (about((hot_units - PARTITION_READ_UNITS) / per), "That uses the read limit of 3,000 units; writes stop "
             "at 1,000."),
            (about(hot_writes), "That throttles all of the key's writes; its partition still serves 1,000 WCU."),
            ("About 0 writes a second", "That trusts the table's total capacity; one key's traffic stays on one "
             "partition, which has its own limit of 1,000 WCU."),
            (about((c["writes"] - PARTITION_WRITE_UNITS) / per), "That holds the whole table to one partition's "
             "1,000 WCU; the other key values spread over other partitions."),
            (about((hot_units * 2 - PARTITION_WRITE_UNITS) / (per * 2)), "That doubles each write's units as for "
             "a transactional write; these are standard writes."),
            (about(hot_writes - PARTITION_WRITE_UNITS), f"That counts 1,000 writes, not 1,000 units; each write of "
             f"this size takes {units(per, 'WCU')}."),
            (about((hot_units - 2 * PARTITION_WRITE_UNITS) / per), "That assumes adaptive capacity doubles the "
             "partition's limit; it cannot raise one partition above 1,000 WCU."),
            (about(hot_units), "That reads the key's write units as writes and throttles them all; only the traffic "
             "above 1,000 WCU is refused."),
        ),
        reason="The hot key's writes all land on one partition, which serves at most 1,000 write units a second.",
    )

ASKS = {
    "read_capacity": run_ask(SIMULATION, "Read capacity units for a read workload", _compose_read_capacity),
    "write_capacity": run_ask(SIMULATION, "Write capacity units for a write workload", _compose_write_capacity),
    "hot_key_throttle": run_ask(SIMULATION, "Writes throttled on a hot partition key", _compose_hot_key),
}
