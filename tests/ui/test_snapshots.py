"""A few deterministic pictures of the main screens (fixed course, database and clock; workers finished)."""

from __future__ import annotations

from ui_helpers import progress_loaded


async def settled(pilot) -> None:
    """Let background loading (the progress store) finish so every picture shows the same thing."""
    await progress_loaded(pilot)


def test_home_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=settled)


def test_topic_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24), run_before=settled)


def test_topic_screen_wide_with_contents(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(120, 36), run_before=settled)


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter", "question_mark"], terminal_size=(80, 24), run_before=settled)
