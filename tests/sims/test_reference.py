"""docs/authoring.md's table of simulation parameters is the one the declarations make."""

from __future__ import annotations

from pathlib import Path

from coldstart.core.sims import registry
from coldstart.core.sims.reference import TABLE_END, TABLE_START, parameters_table

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def test_the_doc_table_matches_the_parameter_declarations() -> None:
    doc = AUTHORING.read_text(encoding="utf-8")
    start, end = doc.index(TABLE_START), doc.index(TABLE_END) + len(TABLE_END) + 1
    assert doc[start:end] == parameters_table(registry.all_simulations()), (
        "docs/authoring.md's simulation table has drifted: replace it with `coldstart sim --list --markdown`"
    )


def test_the_table_names_every_parameter_and_its_range() -> None:
    table = parameters_table(registry.all_simulations())
    for simulation in registry.all_simulations():
        [row] = [line for line in table.splitlines() if line.startswith(f"| {simulation.name} |")]
        for param in simulation.params:
            assert f"`{param.name}` ({param.describe_range()})" in row
    async_row = next(line for line in table.splitlines() if line.startswith("| async-retry |"))
    for name in ("failure_probability", "throttle_probability", "on_success", "events", "spacing"):
        assert f"`{name}`" in async_row
    assert "destination, dlq, both, none" in async_row
