"""focus_at_once: the place Textual's focus scrolls to, reached without an animated scroll (app/ui/focusing.py)."""

from __future__ import annotations

from coldstart.ui.focusing import focus_at_once
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from ui_helpers import wait_until


class TallListApp(App[None]):
    """A heading above a list taller than the view, as the exams screen is at 80x24."""

    def __init__(self, at_once: bool) -> None:
        super().__init__()
        self.at_once = at_once
        self.scroll_animations = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pane"):
            yield Static("Practice exams\n" * 6)
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
        await wait_until(pilot, lambda: pane.scroll_y > 0 and not app.animator.is_being_animated(pane, "scroll_y"), "scrolled")
        for _ in range(3):
            await pilot.pause()
        return pane.scroll_y


async def test_focus_at_once_scrolls_where_textual_would_but_without_animating() -> None:
    animated, at_once = TallListApp(at_once=False), TallListApp(at_once=True)
    where_textual_goes = await settled_scroll(animated)
    assert animated.scroll_animations  # Textual's own focus scrolls in an animation
    assert await settled_scroll(at_once) == where_textual_goes
    assert at_once.scroll_animations == 0
