"""The fixes to the pinned Textual (app/ui/textual_fixes.py): a screen opened is laid out and drawn fewer times,
what changes after that is still drawn, and a change after a pause is drawn at once."""

from __future__ import annotations

from typing import Any

import pytest
from coldstart.ui import textual_fixes
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Static
from ui_helpers import wait_until

PROSE = "A line of prose that wraps at eighty columns, like a topic's, and a bit more to be sure of it. " * 3


class Reading(Screen[None]):
    def __init__(self, lines: int = 30) -> None:
        super().__init__()
        self.lines = lines  # 30 are taller than the screen: the body's scrollbar comes with the first layout

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            for n in range(self.lines):
                yield Static(f"{n}. {PROSE}", id=f"line-{n}")
            yield Button("Next")


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("home")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Textual with the fixes; counts the full layouts and the frames drawn."""
    textual_fixes.apply()
    counts = {"layouts": 0, "frames": 0}
    reflow = Compositor.reflow

    def counting_reflow(self: Compositor, *args: Any) -> Any:
        counts["layouts"] += 1
        return reflow(self, *args)

    monkeypatch.setattr(Compositor, "reflow", counting_reflow)
    return counts


def count_frames(app: App[None], counts: dict[str, int]) -> None:
    display = app._display

    def counting_display(screen: Screen[Any], renderable: Any) -> None:
        if renderable is not None:
            counts["frames"] += 1
        display(screen, renderable)

    app._display = counting_display  # type: ignore[method-assign]


async def settled(pilot: Any) -> None:
    for _ in range(5):  # a handful of frame intervals: anything still to come has come by then
        await pilot.pause(0.05)


async def test_a_screen_opened_is_laid_out_once_and_drawn_once_not_four_times_each(counted: dict[str, int]) -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        count_frames(app, counted)
        counted.update(layouts=0, frames=0)
        await app.push_screen(Reading(lines=4))  # no scrollbar
        await settled(pilot)
        assert not app.screen.query_one("#body", VerticalScroll).show_vertical_scrollbar
        # Textual as it comes (8.2.8) laid it out and drew it four times; its widgets' requests reach the screen
        # after the first layout, which met them (see lay_out_each_request_once).
        assert counted == {"layouts": 1, "frames": 1}, counted


async def test_what_changes_after_the_first_frame_is_drawn(counted: dict[str, int]) -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading())
        await settled(pilot)
        count_frames(app, counted)
        line = app.screen.query_one("#line-0", Static)
        line.update("Changed.")
        await wait_until(pilot, lambda: counted["frames"] >= 1, "a frame for the change")
        assert "Changed." in str(line.render())
        line.styles.height = 5  # a change of layout after the first frame is laid out
        await wait_until(pilot, lambda: line.region.height == 5, "the line laid out at its new height")


async def test_a_change_after_a_pause_is_drawn_at_once_not_at_the_next_tick(counted: dict[str, int]) -> None:
    """Textual draws on a 60 Hz tick: a key pressed after a pause waited up to 16.7 ms for it. What is due now
    is drawn as soon as the screen is idle; the tick is only for changes that follow a frame closely."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading())
        await settled(pilot)
        count_frames(app, counted)
        frames_at_ticks: list[int] = []
        timer = app.screen._update_timer
        resume = timer.resume
        timer.resume = lambda: (frames_at_ticks.append(counted["frames"]), resume())[1]  # type: ignore[method-assign]
        app.screen.query_one("#line-0", Static).update("Changed.")
        await wait_until(pilot, lambda: counted["frames"] >= 1, "the change drawn")
        assert not frames_at_ticks or frames_at_ticks[0] >= 1  # drawn before any wait for the tick



class Dialog(ModalScreen[None]):
    """A translucent screen: what is under it shows through (all but its bottom line)."""

    DEFAULT_CSS = "#question { dock: bottom; }"

    def compose(self) -> ComposeResult:
        yield Static("Sure?", id="question")


def record_frames(app: App[None]) -> list[str]:
    """Each frame drawn from now on, as the terminal would be sent it."""
    frames: list[str] = []
    display = app._display

    def recording_display(screen: Screen[Any], renderable: Any) -> None:
        if renderable is not None:
            frames.append(renderable.render_segments(app.console))
        display(screen, renderable)

    app._display = recording_display  # type: ignore[method-assign]
    return frames


async def test_a_change_under_an_opaque_screen_is_drawn_when_uncovered_and_through_a_dialog(counted: dict[str, int]) -> None:
    """Textual repainted the whole current screen for a change on the screen under it, which cannot show."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        await app.push_screen(Reading(lines=4))
        await settled(pilot)
        frames = record_frames(app)
        home.query_one(Static).update("home, changed")
        await settled(pilot)
        assert frames == [], "a change under an opaque screen drew a frame"
        app.pop_screen()
        await wait_until(pilot, lambda: any("home, changed" in frame for frame in frames), "the change drawn when uncovered")
        await app.push_screen(Dialog())
        await settled(pilot)
        home.query_one(Static).update("home, seen through")
        await wait_until(pilot, lambda: any("home, seen through" in frame for frame in frames), "the change drawn under the dialog")


async def test_a_button_grows_with_a_longer_label(counted: dict[str, int]) -> None:  # the fixture applies the fixes
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading(lines=1))
        await settled(pilot)
        button = app.screen.query_one(Button)
        width = button.region.width
        button.label = "Next, with a longer label"
        await wait_until(pilot, lambda: button.region.width > width, "the button laid out at its new width")
        assert button.region.width == len("Next, with a longer label") + 2  # a column each side, as Textual sizes it


async def test_a_screen_switched_to_is_drawn_once(counted: dict[str, int]) -> None:
    """Textual drew the screen switched to a second time, whole, once the one it replaced was taken away."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading(lines=4))
        await settled(pilot)
        count_frames(app, counted)
        counted.update(layouts=0, frames=0)
        following = Reading(lines=4)
        app.switch_screen(following)  # as a key binding does: not awaited
        await settled(pilot)
        assert app.screen is following and len(app.screen_stack) == 2
        assert counted["frames"] == 1, counted
        app.pop_screen()  # the screen uncovered is drawn again
        await settled(pilot)
        assert counted["frames"] == 2, counted


async def test_a_screen_resized_while_covered_is_laid_out_at_its_new_size_when_uncovered(counted: dict[str, int]) -> None:  # the fixture applies the fixes
    """Covered by an opaque screen, the screen below is not drawn (or laid out) until it shows again."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        await app.push_screen(Reading(lines=4))
        await settled(pilot)
        await pilot.resize_terminal(120, 30)
        await settled(pilot)
        app.pop_screen()
        await wait_until(pilot, lambda: app.screen is home and home.query_one(Static).region.width == 120, "home at 120 columns")


async def test_a_layout_leaves_the_map_of_every_widget_whole(counted: dict[str, int]) -> None:  # the fixture applies the fixes
    """Textual left the map a layout made marked as thrown away, so the first look at a widget's region in every
    new screen's first frame arranged the whole screen again."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading())
        await settled(pilot)
        compositor = app.screen._compositor
        compositor.reflow_visible(app.screen, app.size)  # a scroll: only what shows is arranged, the map is stale
        assert compositor._full_map_invalidated
        compositor.reflow(app.screen, app.size)  # a layout arranges every widget
        assert not compositor._full_map_invalidated
        arranged: list[object] = []
        arrange = compositor._arrange_root
        compositor._arrange_root = lambda *args, **kwargs: arranged.append(args) or arrange(*args, **kwargs)  # type: ignore[method-assign]
        assert app.screen.query_one("#line-29", Static).region.height > 0  # off screen, and in the map
        assert arranged == []


async def test_the_map_is_thrown_away_for_a_new_widget_not_for_a_hidden_one(counted: dict[str, int]) -> None:  # the fixture applies the fixes
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading())
        await settled(pilot)
        screen = app.screen
        compositor = screen._compositor
        hidden = screen.query_one("#line-1", Static)
        hidden.display = False
        await settled(pilot)
        assert hidden not in compositor._full_map and not compositor._full_map_invalidated
        compositor.update_widgets({hidden, screen.query_one("#line-29", Static)})  # hidden, and off screen
        assert not compositor._full_map_invalidated

        compositor.update_widgets({Static("new")})  # one the map lacks, which a layout would place: a new map has it
        assert compositor._full_map_invalidated



async def test_a_screen_changed_while_away_is_laid_out_before_it_is_drawn_again(counted: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:  # the fixture applies the fixes
    """A screen kept between visits (the app's `show_kept`) may be brought up to date just before it is pushed
    again, when its widgets' requests for a layout have not reached it yet: it drew itself as it was left (a
    practice run's summary under the next run's first question), then laid itself out."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        kept = Reading(lines=4)
        app.install_screen(kept, "kept")
        await app.push_screen("kept")
        await settled(pilot)
        app.pop_screen()
        await settled(pilot)
        assert not textual_fixes._asked_for_a_layout_since_the_last(kept)

        in_resume, laid_out_in_resume = [False], []
        resume = Screen._on_screen_resume

        def noting_resume(self: Screen[Any], event: Any) -> None:
            in_resume[0] = True
            try:
                resume(self, event)
            finally:
                in_resume[0] = False

        monkeypatch.setattr(Screen, "_on_screen_resume", noting_resume)
        refresh_layout = kept._refresh_layout
        kept._refresh_layout = lambda *args, **kwargs: (laid_out_in_resume.append(in_resume[0]), refresh_layout(*args, **kwargs))[1]  # type: ignore[method-assign]
        kept.query_one("#line-0", Static).update("Changed while away,\nnow two lines long.")  # a new height
        assert textual_fixes._asked_for_a_layout_since_the_last(kept)
        app.push_screen("kept")
        await wait_until(pilot, lambda: bool(laid_out_in_resume), "a layout")
        assert laid_out_in_resume[0], "laid out as it was shown, before its first frame"
        await settled(pilot)
        assert kept.query_one("#line-1", Static).region.y == 2  # below the two lines


def test_a_strip_makes_each_cache_when_first_used_and_keeps_using_it() -> None:
    from rich.segment import Segment
    from textual.strip import Strip

    textual_fixes.apply()
    strip = Strip([Segment("a line of text")])
    cropped = strip.crop(2, 6)
    assert cropped.text == "line" and strip.crop(2, 6) is cropped  # made at the first crop, used at the second
    assert [part.text for part in strip.divide([2, 7, 14])] == ["a ", "line ", "of text"]
    assert strip.divide([2, 7, 14]) is strip.divide([2, 7, 14])
    with pytest.raises(AttributeError):
        strip.not_a_cache  # noqa: B018  # any other missing attribute is still missing


async def test_a_widget_covered_by_the_widgets_in_front_is_not_drawn_and_frames_are_as_textual_draws_them(counted: dict[str, int]) -> None:  # the fixture applies the fixes
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Reading())  # the body fills the screen, its lines and scrollbar fill the body
        await settled(pilot)
        screen = app.screen
        body = screen.query_one("#body", VerticalScroll)
        first_line = screen.query_one("#line-0", Static)
        asked: list[Widget] = []
        for widget in (screen, body, first_line):
            widget.render_lines = lambda crop, widget=widget: asked.append(widget) or Widget.render_lines(widget, crop)  # type: ignore[method-assign]
        compositor = screen._compositor
        whole = compositor.size.region
        compositor._render_chops(whole, lambda y: True)
        assert asked == [first_line]  # the screen and the body behind them are not drawn

        def pieces(chops: Any) -> list[list[tuple[int, list[Any]]]]:
            return [[(cut, None if strip is None else list(strip)) for cut, strip in line.items()] for line in chops]

        for crop, is_rendered_line in [(whole, lambda y: True), (whole, lambda y: y % 3 == 0), (Region(5, 2, 30, 6), lambda y: True)]:
            drawn = compositor._render_chops(crop, is_rendered_line)
            assert pieces(drawn) == pieces(textual_fixes._textual_render_chops(compositor, crop, is_rendered_line))
        body.styles.padding = (1, 2)  # now the body shows around its lines: it is drawn
        await settled(pilot)
        asked.clear()
        compositor._render_chops(whole, lambda y: True)
        assert body in asked and screen not in asked
        assert pieces(compositor._render_chops(whole, lambda y: True)) == pieces(textual_fixes._textual_render_chops(compositor, whole, lambda y: True))
