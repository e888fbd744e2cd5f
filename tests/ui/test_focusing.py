"""focus_at_once (app/ui/focusing.py): a focused widget whose top is on screen stays where it is; one whose top is
out of view is brought where Textual's focus would bring it, without an animated scroll."""

from __future__ import annotations

from coldstart.ui.focusing import focus_at_once
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from ui_helpers import wait_until


class TallListApp(App[None]):
    """A heading of `heading_lines` above a list taller than the view, as the exams screen is at 80x24."""

    def __init__(self, at_once: bool, heading_lines: int) -> None:
        super().__init__()
        self.at_once, self.heading_lines = at_once, heading_lines
        self.scroll_animations = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pane"):
            yield Static("Practice exams\n" * self.heading_lines)
            yield OptionList(*(f"exam {n}\nits facts\nits domains" for n in range(20)), id="list")

    def on_mount(self) -> None:
        original = self.animator.animate

        def counted(obj: object, attribute: str, *args: object, **kwargs: object) -> None:
            self.scroll_animations += attribute.startswith("scroll")
            original(obj, attribute, *args, **kwargs)

        self.animator.animate = counted  # type: ignore[method-assign]
        listing = self.query_one(OptionList)
        if self.at_once:
            focus_at_once(self.screen, listing)
        else:
            self.screen.set_focus(listing)


async def settled_scroll(app: TallListApp) -> float:
    async with app.run_test(size=(40, 12)) as pilot:
        pane = app.query_one("#pane", VerticalScroll)
        await wait_until(pilot, lambda: app.focused is app.query_one(OptionList), "the list focused")
        for _ in range(10):  # Textual's own scroll comes after a refresh, then animates
            await pilot.pause(0.02)
        await wait_until(pilot, lambda: not app.animator.is_being_animated(pane, "scroll_y"), "the scroll over")
        return pane.scroll_y


async def test_a_list_whose_top_is_on_screen_stays_with_the_heading_above_it() -> None:
    """Textual scrolls the heading away to centre the list; its first entry was on screen already."""
    textual_goes = await settled_scroll(TallListApp(at_once=False, heading_lines=6))
    assert textual_goes > 0
    at_once = TallListApp(at_once=True, heading_lines=6)
    assert await settled_scroll(at_once) == 0
    assert at_once.scroll_animations == 0


async def test_a_list_below_the_view_is_brought_where_textual_would_but_without_animating() -> None:
    animated = TallListApp(at_once=False, heading_lines=30)
    where_textual_goes = await settled_scroll(animated)
    assert where_textual_goes > 0 and animated.scroll_animations
    at_once = TallListApp(at_once=True, heading_lines=30)
    assert await settled_scroll(at_once) == where_textual_goes
    assert at_once.scroll_animations == 0
