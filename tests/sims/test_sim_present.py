"""The one drawing of a simulation result (coldstart.present.sims), shared by `coldstart sim` and the app."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import coldstart.present.sims as present
from coldstart.core.sims import registry
from coldstart.core.sims.base import SimResult
from coldstart.present.palette import Palette
from coldstart.present.sims import MARKERS, full_result, plain, summary_table
from rich.console import Console


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_values_read_the_same_everywhere() -> None:
    assert (plain(True), plain(False)) == ("yes", "no")
    assert plain(1_000_000) == "1,000,000"
    assert plain(0.1 + 0.2) == "0.3"  # no float noise
    assert plain(2.0) == "2" and plain("") == "(empty)"


def test_a_summary_prints_booleans_as_yes_or_no() -> None:
    result = SimResult("x", {}, 0, (), {"Dead-letter queue": True, "Bisect": False})
    text = rendered(summary_table(result))
    assert "yes" in text and "no" in text and "True" not in text and "False" not in text


def test_every_marker_uses_a_palette_role_not_a_colour() -> None:
    roles = {field.name for field in fields(Palette)}
    assert {role for _, role in MARKERS.values()} <= roles


def test_the_simulation_drawing_names_no_literal_colour() -> None:
    source = Path(present.__file__).read_text()
    assert not re.search(r"#[0-9a-fA-F]{6}", source)
    assert not re.search(r"\b(red|green|yellow|cyan|magenta|blue|white)\b", source)


def test_every_simulation_draws_at_a_narrow_width() -> None:
    for simulation in registry.all_simulations():
        text = rendered(full_result(simulation.run(), 40), width=40)
        assert "Summary" in text, simulation.name
