"""Helpers the UI tests share (imported as `ui_helpers`, like tests/exam/exam_bank.py)."""

from __future__ import annotations


async def progress_loaded(pilot) -> None:
    """Open the progress store and show it now, rather than after the home screen's start-up delay."""
    from coldstart.ui.screens.home import HomeScreen

    app = pilot.app
    await pilot.pause()  # the home screen is composed
    if app.open_progress() and isinstance(app.screen, HomeScreen):
        app.screen.refresh_progress()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition, what: str = "the expected state", frames: int = 400) -> None:
    """Let the app run until `condition()` holds: a state, not a number of pauses, so a busy machine only
    takes more frames. Fails with `what` if it never holds."""
    for _ in range(frames):
        if condition():
            return
        await pilot.pause()
    assert condition(), f"never reached: {what}"


async def content_shown(pilot) -> None:
    """Let the screen's content computed in the background (app/ui/background.py) arrive and be drawn."""
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "content_state", "shown") == "shown", "the screen's content shown")
