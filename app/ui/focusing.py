"""Focus a widget and bring it into view in one step, without an animated scroll, and only if it is out of view.

`Screen.set_focus` scrolls a widget that cannot be seen entirely to the centre of its container, after the next
refresh and animated. A screen that opens with such a widget focused (the exams' list of blueprints, taller than
the view at 80x24) then drew a dozen frames of scrolling, about 200 ms, and came to rest with the screen's heading
and introduction scrolled away, though the list's first entry, the one highlighted, was on screen from the start.
Here a widget whose top is in view stays where it is; one whose top is not is brought to where Textual would
bring it, at once.
"""

from __future__ import annotations

from typing import Any

from textual.errors import NoWidget
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["focus_at_once", "top_in_view"]


def top_in_view(screen: Screen[Any], widget: Widget) -> bool:
    """The first line of `widget` is on screen (not scrolled or clipped away)."""
    try:
        placed = screen.find_widget(widget)
    except NoWidget:
        return False
    visible = placed.visible_region
    return bool(visible.height) and visible.y == placed.region.y


def focus_at_once(screen: Screen[Any], widget: Widget) -> None:
    """Focus `widget` on `screen`; if its top is out of view, scroll it into view (as Textual does, centred)
    without animating."""
    screen.set_focus(widget, scroll_visible=False)

    def into_view() -> None:
        if screen.focused is widget and not top_in_view(screen, widget):
            screen.scroll_to_center(widget, animate=False, origin_visible=True)

    screen.call_later(into_view)
