"""Fixes to the pinned Textual (8.2.8), applied once when the app is made: bugs reported upstream, and work
Textual repeats for nothing on every screen."""

from __future__ import annotations

import selectors
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from textual._styles_cache import StylesCache
from textual.app import App
from textual.await_remove import AwaitRemove
from textual.color import Color
from textual.constants import ESCAPE_DELAY
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import OptionList


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(_styles_cache: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


_textual_size_updated = Widget._size_updated
_textual_screen_resized = Screen._screen_resized
_textual_update_node_styles = DOMNode.update_node_styles


def _screen_resized_if_changed(self: Screen[Any], size: Size) -> None:
    compositor = self._compositor
    if compositor.size != size or not compositor._full_map:
        _textual_screen_resized(self, size)


def _update_node_styles_if_registered(self: DOMNode, animate: bool = True) -> None:
    if isinstance(self, Widget) and self._parent is None:
        return
    _textual_update_node_styles(self, animate)


def _size_updated_without_relayout(self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
    return _textual_size_updated(self, size, virtual_size, container_size, layout=False)


class _VirtualSizeStoredQuietly:
    """An option list's virtual size, stored without asking for a layout (see `lay_out_option_lists_once`)."""

    def __get__(self, widget: Widget | None, owner: type | None = None) -> Any:
        return Widget.virtual_size if widget is None else Widget.virtual_size.__get__(widget, type(widget))

    def __set__(self, widget: Widget, size: Size) -> None:
        widget.set_reactive(Widget.virtual_size, size)
        widget.refresh()


_textual_prune = App._prune


def _prune_keeping_the_screen_below(self: App[Any], *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
    if nodes and all(isinstance(node, Screen) for node in nodes):
        parent = None  # see keep_the_screen_below_a_closed_one
    return _textual_prune(self, *nodes, parent=parent)


class _SelectorWakingForTheEscapeDelay(selectors.SelectSelector):
    """The terminal driver's selector, waiting at most the escape delay (see `answer_a_lone_escape_in_time`)."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        return super().select(ESCAPE_DELAY if timeout is None else min(timeout, ESCAPE_DELAY))


def apply() -> None:
    """Fix what the pinned Textual does at a cost, once, before the app is made (see each fix)."""
    cache_inner_outer_by_colours()
    lay_out_once_per_change()
    lay_out_option_lists_once()
    keep_the_screen_below_a_closed_one()
    resize_only_to_a_new_size()
    style_widgets_once_mounted()
    answer_a_lone_escape_in_time()


def answer_a_lone_escape_in_time() -> None:
    """Let the terminal driver hand over a lone Escape after the escape delay, not after a tenth of a second.

    An Escape is the start of most keys' sequences, so the driver's parser holds a lone one until the escape
    delay (`ESCDELAY`) has passed with nothing after it. But it only looks again when its input thread wakes,
    which waits up to 0.1 s for more input: Escape, the Back key of every screen, arrived 100 ms late whatever
    the delay (measured in tmux: 122 ms from the key to home, with ESCDELAY at 25 ms as with 100). Its selector
    now waits at most the escape delay, so the thread wakes in time to hand the key over.
    """
    try:
        from textual.drivers import linux_driver
    except ImportError:  # no terminal driver of that kind here (Windows has its own)
        return
    linux_driver.selectors = SimpleNamespace(  # type: ignore[attr-defined,assignment]
        SelectSelector=_SelectorWakingForTheEscapeDelay, EVENT_READ=selectors.EVENT_READ, SelectorKey=selectors.SelectorKey
    )


def resize_only_to_a_new_size() -> None:
    """Lay a screen out for a Resize only when it is not laid out at that size already.

    A screen's first layout sends the screen itself a Resize event (it is new in the compositor's map), and a
    Resize lays out the screen again, and every screen under it, at the size they all have: two full layouts
    of nothing changed on every screen opened (for a topic, a fifth of its opening). A change that needs a
    layout asks for one itself (Textual's `_layout_required`), so skipping these loses nothing.
    """
    Screen._screen_resized = _screen_resized_if_changed  # type: ignore[method-assign]


def style_widgets_once_mounted() -> None:
    """Restyle a node whose classes changed, unless it is a widget not yet in the DOM.

    Registering a widget applies its styles; a class set before that (a Button's variant, set in its
    constructor) styled the widget from scratch, a millisecond each, to be styled again when it is mounted.
    """
    DOMNode.update_node_styles = _update_node_styles_if_registered  # type: ignore[method-assign]


def keep_the_screen_below_a_closed_one() -> None:
    """Stop a closed screen's removal from laying out the screen it uncovered.

    Removing widgets lays their parent out again once they are gone. A screen's parent is the app, and the app
    passes a layout on to the screen now current: coming back from a topic laid home out again and drew it twice
    more, when nothing in it had moved (a screen is laid out on its own). The mouse-over that removal also
    updates is updated by the uncovered screen's next frame.
    """
    App._prune = _prune_keeping_the_screen_below  # type: ignore[method-assign]


def lay_out_option_lists_once() -> None:
    """Stop an option list from laying its screen out again once it learns its lines.

    An option list counts its lines when it first has a width (after the screen's first layout) and stores the
    count as its virtual size, whose reactive attribute asks for a layout of the whole screen: every screen with a
    list (home, the lab, the exams) was laid out and drawn again just after its first frame. Nothing in that
    layout depends on the count: a list sized by its content asks for its own layout when options are added
    (`refresh(layout=self.styles.auto_dimensions)`), and a scrollbar that must now come asks for its own
    (`_scroll_update`, which the list calls next). So the count is stored and the list repainted, nothing more.
    """
    OptionList.virtual_size = _VirtualSizeStoredQuietly()  # type: ignore[assignment]


def lay_out_once_per_change() -> None:
    """Stop a layout from asking for another layout of what it has just laid out.

    When a layout gives a widget a new size, Textual stores the widget's new virtual size through its reactive
    attribute, which asks for a layout of the widget and of all its ancestors: so a screen that had just been
    laid out, whose widgets had all just been sized, was laid out again, in full, after its first frame (for a
    new screen, every widget is new in size). That second layout computes the same regions: what does change a
    layout after a resize, a scrollbar coming or going, asks for its own (`_refresh_scrollbars`). Textual's
    own layout of a scroll stores the virtual size quietly (`layout=False`); here every layout does.
    """
    Widget._size_updated = _size_updated_without_relayout  # type: ignore[method-assign]


def cache_inner_outer_by_colours() -> None:
    """Make `StylesCache.get_inner_outer` cache by colours alone.

    Textual decorates that method with `lru_cache`, so each cached answer also keeps the StylesCache that
    asked, and with it every line its widget drew (https://github.com/Textualize/textual/issues/6665, open).
    Every closed screen's widgets left up to 1,024 of those alive: after opening each topic a few times,
    about 300,000 objects that every full garbage collection then walked (half a second of CPU each).
    The answer depends on the two colours only, so caching by them gives the same styles.
    """
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
