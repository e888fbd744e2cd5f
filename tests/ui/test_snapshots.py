"""A few deterministic pictures of the main screens (fixed course, database and clock; workers finished)."""

from __future__ import annotations

from ui_helpers import content_shown, progress_loaded


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


# --- the same screens in a light theme: every colour is a theme variable, so they read right there too ------


def test_home_screen_in_a_light_theme(snap_compare, make_app) -> None:
    assert snap_compare(make_app(theme="textual-light"), terminal_size=(80, 24), run_before=settled)


async def _dashboard_with_answers(pilot) -> None:
    """Two answers (one right, one wrong) on the first topic, then the dashboard."""
    from coldstart.ui.screens.dashboard import DashboardScreen

    await settled(pilot)
    app = pilot.app
    for question, right in zip(app.course.questions[:2], (True, False)):
        picked = question.correct_indexes if right else {next(i for i in range(len(question.choices)) if i not in question.correct_indexes)}
        app.progress.record_answer(question, picked, duration_ms=20_000, mode="practice")
    await app.push_screen(DashboardScreen())
    await content_shown(pilot)


def test_dashboard(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=_dashboard_with_answers)


def test_dashboard_in_a_light_theme(snap_compare, make_app) -> None:
    assert snap_compare(make_app(theme="textual-light"), terminal_size=(100, 40), run_before=_dashboard_with_answers)


async def _plan_with_an_exam_date(pilot) -> None:
    """Three answers (one right, two wrong: learning steps), one card moved to a review four days on (set
    directly: the app's scheduler fuzzes review intervals), an exam date ten days on, then the plan."""
    from datetime import timedelta

    from coldstart.core.progress.plan import set_exam_date
    from coldstart.core.progress.scheduling import iso
    from coldstart.ui.screens.plan import PlanScreen

    await settled(pilot)
    app = pilot.app
    for question, right in zip(app.course.questions[:3], (True, False, False)):
        picked = question.correct_indexes if right else {next(i for i in range(len(question.choices)) if i not in question.correct_indexes)}
        app.progress.record_answer(question, picked, duration_ms=20_000, mode="practice")
    app.progress.db.execute(
        "UPDATE cards SET state = 2, due = ? WHERE question_id = ?",
        [iso(app.progress.now() + timedelta(days=4)), app.course.questions[0].id],
    )
    set_exam_date(app.progress, app.progress.local_day(app.progress.now()) + timedelta(days=10))
    await app.push_screen(PlanScreen())
    await pilot.pause()


def test_plan_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_plan_with_an_exam_date)
