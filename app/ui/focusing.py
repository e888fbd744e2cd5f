"""Focus a widget and bring it into view in one step, without an animated scroll.

`Screen.set_focus` scrolls a widget that cannot be seen entirely to the centre of its container, after the next
refresh and animated: a screen that opens with such a widget focused (the exams' list of blueprints, taller
than the view at 80x24) then draws a dozen frames of scrolling, about 200 ms, before it holds still. The learner
sees the same place either way; this goes there at once.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

__all__ = ["focus_at_once"]


def focus_at_once(screen: Screen[Any], widget: Widget) -> None:
    """Focus `widget` on `screen` and scroll it into view (as Textual does, centred) without animating."""
    screen.set_focus(widget, scroll_visible=False)

    def into_view() -> None:
        if screen.focused is widget and not screen.can_view_entire(widget):
            screen.scroll_to_center(widget, animate=False, origin_visible=True)

    screen.call_later(into_view)
