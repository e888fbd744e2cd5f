"""Helpers the UI tests share (imported as `ui_helpers`, like tests/exam/exam_bank.py)."""

from __future__ import annotations

from textual import events


async def course_loaded(pilot) -> None:
    """Wait until the whole course is in: from a warm cache it arrives just after the first frames (home is drawn
    from its summary), and keys meanwhile wait on a screen saying so."""
    await pilot.app.course_loaded()
    await pilot.pause()


async def progress_loaded(pilot) -> None:
    """Open the progress store and show it now, rather than after the home screen's start-up delay; and wait
    for the whole course."""
    from coldstart.ui.screens.home import HomeScreen

    app = pilot.app
    await course_loaded(pilot)  # the home screen is composed, and the course is in
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


async def press_for(pilot, key: str, screen_type: type, what: str, ready=lambda screen: True):
    """Press `key` and wait until the screen on top is a `screen_type` and `ready(screen)` holds; returns it."""
    app = pilot.app
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, screen_type) and ready(app.screen), what)
    return app.screen


async def escape_home(pilot) -> None:
    """Press Escape and wait until the home screen is on top."""
    from coldstart.ui.screens.home import HomeScreen

    await press_for(pilot, "escape", HomeScreen, "back home")


async def content_shown(pilot, what: str = "the screen's content") -> None:
    """Wait until the screen on top shows its content in full: no worker running, no loading indicator, and for a
    screen that loads in the background (a `content_state`), its content shown. A picture then never catches
    a "Loading…" state, however busy the machine."""
    from textual.widgets import LoadingIndicator

    app = pilot.app

    def shown() -> bool:
        screen = app.screen
        return (
            getattr(screen, "content_state", "shown") != "loading"
            and not any(worker.is_running for worker in app.workers)
            and not screen.query(LoadingIndicator)
        )

    await wait_until(pilot, shown, what)
    await pilot.pause()


def answer(app, question, right: bool, mode: str = "practice") -> None:
    """Record one answer to `question` in the app's store: its key, or its first wrong choice."""
    wrong = {next(i for i, choice in enumerate(question.choices) if not choice.correct)}
    app.progress.record_answer(question, question.correct_indexes if right else wrong, duration_ms=20_000, mode=mode)


def type_at_once(app, *keys: str) -> None:
    """Send `keys` as a terminal delivers keys typed quickly: all queued before the app handles the first."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def click_when_settled(pilot, target, what: str, offset: tuple[int, int] = (0, 0)) -> None:
    """Click `target` (a widget or a selector on the screen on top) the way a learner does: once it is shown in
    full where it stays, and fail at once if the click lands on something else.

    Pilot.click aims at where the widget is when it is called. A button below content that is still being laid
    out moves down after that: the feedback of a practice answer is a Markdown document that Textual parses in
    a thread, so the screen looks idle while it is parsed and the Next button moves 12 rows down when it lands.
    A click aimed before that lands on the feedback and presses nothing (test_practice_by_mouse failed so under
    load). So wait for the state: no Markdown document being built, the point aimed at inside the visible part
    of its scrolling containers (scrolled there if it is not, as a learner would scroll), at the same place two
    frames running."""
    from textual.widgets import Markdown

    def being_built(document: Markdown) -> bool:
        # Its text is kept in _initial_markdown until its mount handler starts building it; it holds its lock while
        # parsing (in a thread) and mounting the blocks.
        return document._initial_markdown is not None or document.lock.is_locked

    app = pilot.app
    widget = app.screen.query_one(target) if isinstance(target, str) else target
    last: object = None

    def placed() -> object:
        screen = app.screen
        if not widget.display or widget.screen is not screen or any(map(being_built, screen.query(Markdown))):
            return None
        try:
            geometry = screen.find_widget(widget)
        except Exception:  # NoWidget: not laid out yet
            return None
        aim = geometry.region.offset + offset
        if not geometry.region or aim not in geometry.region.intersection(geometry.clip):
            widget.scroll_visible(animate=False, immediate=True)
            return None
        return geometry.region

    def still() -> bool:
        nonlocal last
        now = placed()
        settled, last = now is not None and now == last, now
        return settled

    await wait_until(pilot, still, f"{what} shown in full and still")
    assert await pilot.click(widget, offset=offset), f"the click missed {what}"


def markdown_parsed(monkeypatch, module) -> list[str]:
    """From now on, the Markdown texts `module` parses (its `parsed_markdown`), in order: a text drawn ahead of being
    shown is not parsed again when shown."""
    parsed: list[str] = []
    parse = module.parsed_markdown
    monkeypatch.setattr(module, "parsed_markdown", lambda text: parsed.append(text) or parse(text))
    return parsed


def options_drawn(monkeypatch, choice_list) -> list[object]:
    """From now on, each option `choice_list` draws rather than looks up (Textual's `Visual.to_strips` for it): a
    choice drawn ahead of being shown is not drawn again when shown."""
    from textual.visual import Visual

    drawn: list[object] = []
    to_strips = Visual.to_strips

    def counting(cls, widget, *args, **kwargs):  # type: ignore[no-untyped-def]
        if widget is choice_list:
            drawn.append(args)
        return to_strips(widget, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", classmethod(counting))
    return drawn


async def practising(pilot):
    """Press q on home (practise the highlighted topic): the practice screen and its question view."""
    from coldstart.ui.screens.practice import PracticeScreen

    await pilot.press("q")
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen, screen.view


def counted_until_first_frame(app, screen, monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """From now on, the full layouts and the lines drawn: the dict returned is filled with their counts when the
    first frame of `screen` is drawn."""
    from textual._compositor import Compositor
    from textual._styles_cache import StylesCache

    counts = {"layouts": 0, "lines": 0}
    at_first_frame: dict[str, int] = {}
    reflow, render_line, display = Compositor.reflow, StylesCache.render_line, app._display

    def counting_reflow(self, *args):  # type: ignore[no-untyped-def]
        counts["layouts"] += 1
        return reflow(self, *args)

    def counting_render_line(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["lines"] += 1
        return render_line(self, *args, **kwargs)

    def noting_display(shown, renderable):  # type: ignore[no-untyped-def]
        if shown is screen and renderable is not None and not at_first_frame:
            at_first_frame.update(counts)
        display(shown, renderable)

    monkeypatch.setattr(Compositor, "reflow", counting_reflow)
    monkeypatch.setattr(StylesCache, "render_line", counting_render_line)
    monkeypatch.setattr(app, "_display", noting_display)
    return at_first_frame
