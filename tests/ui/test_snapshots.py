"""A few deterministic pictures of the main screens (80x24; fixed course, database and clock)."""

from __future__ import annotations


def test_home_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_topic_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24))


def test_topic_screen_wide_with_contents(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(120, 36))


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter", "question_mark"], terminal_size=(80, 24))
