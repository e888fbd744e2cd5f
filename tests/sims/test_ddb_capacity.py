"""ddb-capacity: the capacity arithmetic of the DynamoDB developer guide, the per-partition limits, the prices.

Sources: read-write-operations.html (4 KB read steps, 1 KB write steps, eventual halves, transactional
doubles), throttling-key-range-limit-exceeded-mitigation.html and the warm-throughput page (one partition:
3,000 read units and 1,000 write units a second), and the us-east-1 pricing pages (provisioned $0.00013 per
RCU-hour and $0.00065 per WCU-hour; on-demand $0.125 and $0.625 per million request units).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from coldstart.core.paths import bundled_course_dir
from coldstart.core.sims import registry
from coldstart.core.sims.ddb_capacity import ASKS, SIMULATION, capacity, item_size, read_units, write_units
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, build_checked


def figures(**params):
    return capacity(SIMULATION.resolve(params))


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("ddb-capacity") is SIMULATION
    assert "https://aws.amazon.com/dynamodb/pricing/on-demand/" in SIMULATION.sources


@pytest.mark.parametrize(("kb", "consistency", "units"), [
    (8, "strong", 2), (8, "eventual", 1), (8, "transactional", 4),  # the pricing page's 8 KB example
    (3.5, "strong", 1),  # "a 3,500-byte item consumes the same throughput as a 4 KB item"
    (10, "strong", 3),  # 10 KB rounds up to 12 KB
    (4, "eventual", 0.5),
])
def test_reads_take_4_kb_steps_times_the_consistency_factor(kb: float, consistency: str, units: float) -> None:
    assert read_units(kb, consistency) == Decimal(repr(units))


@pytest.mark.parametrize(("kb", "kind", "units"), [(1, "standard", 1), (3, "standard", 3), (3, "transactional", 6),
                                                   (1.5, "standard", 2), (0.2, "standard", 1)])
def test_writes_take_1_kb_steps_doubled_when_transactional(kb: float, kind: str, units: int) -> None:
    """The pricing page: a 3 KB write takes 3 WCUs, a transactional one 6."""
    assert write_units(kb, kind) == units


def test_a_hot_key_is_throttled_above_1000_write_units_on_its_partition() -> None:
    c = figures(item_kb=2, writes_per_second=2_000, hot_key_percent=50)  # 1,000 writes x 2 WCU = 2,000 WCU
    assert c["hot_writes"] == 2_000 and c["throttled_writes"] == 500


def test_a_hot_key_is_throttled_above_3000_read_units_on_its_partition() -> None:
    c = figures(item_kb=4, read_consistency="strong", reads_per_second=10_000, hot_key_percent=40)
    assert c["hot_reads"] == 4_000 and c["throttled_reads"] == 1_000


def test_an_even_spread_throttles_nothing() -> None:
    c = figures(reads_per_second=1_000_000, writes_per_second=100_000, hot_key_percent=0)
    assert c["throttled_reads"] == c["throttled_writes"] == 0


def test_the_prices_are_the_us_east_1_rates() -> None:
    """100 WCU and 100 RCU provisioned at 100% for 730 h; 100 writes/s and 100 strong reads/s on demand."""
    c = figures(item_kb=1, reads_per_second=100, writes_per_second=100, read_consistency="strong", utilization=100)
    assert c["provisioned_reads"] == Decimal("9.49")  # 100 x 0.00013 x 730
    assert c["provisioned_writes"] == Decimal("47.45")  # 100 x 0.00065 x 730
    assert c["on_demand_reads"] == Decimal("32.85")  # 262.8M x $0.125 per million
    assert c["on_demand_writes"] == Decimal("164.25")  # 262.8M x $0.625 per million


def test_the_summary_states_the_region_and_the_models_assumptions() -> None:
    summary = SIMULATION.run({}, 0).summary
    assert "us-east-1" in summary["Region and prices"]
    assert "730 hours" in summary["Model's assumptions (not AWS-documented)"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(kb=st.floats(0.01, 400), reads=st.integers(0, 100_000), hot=st.floats(0, 100))
def test_consistency_orders_the_read_units_and_the_hot_key_never_exceeds_its_limit(kb, reads, hot) -> None:
    eventual, strong, transactional = (read_units(kb, c) for c in ("eventual", "strong", "transactional"))
    assert eventual * 2 == strong and strong * 2 == transactional and strong >= Decimal(repr(kb)) / 4
    c = figures(item_kb=kb, reads_per_second=reads, hot_key_percent=hot)
    served = c["hot_reads"] - c["throttled_reads"] * c["per_read"]
    assert c["throttled_reads"] >= 0 and served <= 3_000 + c["per_read"]
    assert assert_deterministic(SIMULATION, {"item_kb": kb}, 0).view == "table"


def bank_spec(question_id: str) -> dict:
    """The parameter spec a generated question of the DynamoDB bank draws from, so these tests check the drawings
    learners really get."""
    bank = yaml.safe_load((bundled_course_dir() / "quizzes" / "dynamodb.yaml").read_text())
    return next(q["generate"]["params"] for q in bank["questions"] if q["id"] == question_id)


READ_SPEC = bank_spec("ddb-gen-read-capacity")
WRITE_SPEC = bank_spec("ddb-gen-write-capacity")
HOT_SPEC = bank_spec("ddb-gen-hot-key")


def choice(question, text: str):
    return next(c for c in question.choices if c.text == text)


@pytest.mark.parametrize("seed", range(40))
def test_the_asks_answer_what_the_run_shows(seed: int) -> None:
    question, answer = build_checked(ASKS["read_capacity"], READ_SPEC, seed)
    assert answer == question.result.summary["Reads need"].split(" a second")[0]
    question, answer = build_checked(ASKS["write_capacity"], WRITE_SPEC, seed)
    assert answer == question.result.summary["Writes need"].split(" a second")[0]
    question, answer = build_checked(ASKS["hot_key_throttle"], HOT_SPEC, seed)
    assert answer == f"About {capacity(question.result.params)['throttled_writes']:,} writes a second"


def test_the_key_explains_its_arithmetic() -> None:
    """1,000 eventually consistent reads of 6,000 bytes: 8 KB, 2 units, halved; 100 transactional writes of 2.5 KB."""
    question, answer = build_checked(ASKS["read_capacity"], {"item_kb": 6000 / 1024, "reads_per_second": 1000}, 0)
    assert answer == "1,000 RCU"
    assert choice(question, answer).why == ("A 6,000-byte item rounds up to 8 KB, 2 read units, halved for eventual "
                                            "consistency: 1,000 x 1 = 1,000 RCU.")
    question, answer = build_checked(ASKS["write_capacity"],
                                     {"item_kb": 2.5, "writes_per_second": 100, "write_kind": "transactional"}, 0)
    assert answer == "600 WCU"
    assert choice(question, answer).why == ("A 2,560-byte item rounds up to 3 KB, 3 write units, doubled for the "
                                            "transaction: 100 x 6 = 600 WCU.")


def test_the_wrong_choices_are_the_classic_slips() -> None:
    """6,000-byte strongly consistent reads: no rounding gives 1,465, 1 KB steps 6,000, eventual 1,000 (of 2,000)."""
    question, answer = build_checked(ASKS["read_capacity"], {"item_kb": 6000 / 1024, "reads_per_second": 1000,
                                                             "read_consistency": "strong"}, 0)
    assert answer == "2,000 RCU"
    assert sorted(c.text for c in question.choices if not c.correct) == ["1,000 RCU", "1,465 RCU", "6,000 RCU"]
    assert "halves" in choice(question, "1,000 RCU").why and "1 KB steps" in choice(question, "6,000 RCU").why
    # Standard writes of 2.5 KB: 3 WCU each; unrounded 250, rounded to 4 KB first 400, doubled 600.
    question, answer = build_checked(ASKS["write_capacity"], {"item_kb": 2.5, "writes_per_second": 100}, 0)
    assert answer == "300 WCU"
    assert sorted(c.text for c in question.choices if not c.correct) == ["250 WCU", "400 WCU", "600 WCU"]
    assert "as for transactional writes" in choice(question, "600 WCU").why


@pytest.mark.parametrize(("ask", "question_id"), [("read_capacity", "ddb-gen-read-capacity"),
                                                  ("write_capacity", "ddb-gen-write-capacity"),
                                                  ("hot_key_throttle", "ddb-gen-hot-key")])
def test_the_key_is_rarely_the_smallest_or_largest_figure(ask: str, question_id: str) -> None:
    """Over 1,000 drawings of the bank's spec: three distinct wrong answers every time (make_choices raises
    otherwise), and the key is the smallest or largest figure offered in under 1% of them, so "pick the middle
    figure" is no shortcut. (It happens when an item is a hair under a step, e.g. 7.99 KB: then skipping the
    rounding gives the answer itself and the smaller slip drops out.) A key of 0 is the smallest by nature."""
    spec = bank_spec(question_id)
    extreme = 0
    for seed in range(1_000):
        question, answer = build_checked(ASKS[ask], spec, seed)
        figures = sorted(figure(c.text) for c in question.choices)
        extreme += figure(answer) != 0 and not figures[0] < figure(answer) < figures[-1]
    assert extreme < 10


def figure(text: str) -> Decimal:
    """The number a choice offers: "1,500.5 RCU" or "About 1,493 writes a second"."""
    return Decimal(next(word for word in text.split() if word[0].isdigit()).replace(",", ""))


def test_a_hot_key_within_its_partition_is_not_throttled() -> None:
    """400 writes of 2 WCU on the key: 800 WCU, within 1,000, so the key is "About 0" and the slips throttle it."""
    question, answer = build_checked(ASKS["hot_key_throttle"],
                                     {"item_kb": 2, "writes_per_second": 2000, "hot_key_percent": 20}, 0)
    assert answer == "About 0 writes a second" and "none are throttled" in choice(question, answer).why
    assert all(c.text != answer for c in question.choices if not c.correct)


def test_about_0_is_sometimes_the_key_and_sometimes_a_slip() -> None:
    """A choice that is always wrong would teach test-taking, not DynamoDB: the bank's spec makes "About 0" both."""
    as_key = as_slip = 0
    for seed in range(200):
        question, answer = build_checked(ASKS["hot_key_throttle"], HOT_SPEC, seed)
        as_key += answer == "About 0 writes a second"
        as_slip += any(c.text == "About 0 writes a second" and not c.correct for c in question.choices)
    assert 20 <= as_key <= 80 and as_slip >= 20


@settings(max_examples=200, deadline=None, derandomize=True)
@given(kb=st.floats(0.01, 400))
def test_a_stem_states_the_size_in_bytes_that_rounds_like_the_drawn_size(kb: float) -> None:
    """A drawn 3.77236 KB reads "3,863-byte items": the same 4 KB and 1 KB steps as the size computed with."""
    size = int(item_size(kb).split("-byte")[0].replace(",", ""))
    assert read_units(size / 1024, "strong") == read_units(kb, "strong")
    assert write_units(size / 1024, "standard") == write_units(kb, "standard")
