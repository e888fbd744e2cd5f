"""Fixes to the pinned Textual (8.2.8), applied once when the app is made: bugs reported upstream, and work
Textual repeats for nothing on every screen."""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.style import Style
from textual.widget import Widget


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(_styles_cache: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


_screen_resized = Screen._screen_resized
_size_updated = Widget._size_updated
_update_node_styles = DOMNode.update_node_styles


def _screen_resized_if_changed(screen: Screen[object], size: Size) -> None:
    """Lay the screen out for `size` unless it is laid out at that size already.

    A screen's first layout sends the screen itself a Resize event (it is new in the compositor's map), and a
    Resize lays out the screen again, and every screen under it, at the size they all have: two full layouts
    of nothing changed on every screen opened (for a topic, a fifth of its opening). A change that needs a
    layout asks for one itself (Textual's `_layout_required`), so skipping these loses nothing.
    """
    compositor = screen._compositor
    if compositor.size != size or not compositor._full_map:
        _screen_resized(screen, size)


def _update_node_styles_if_registered(node: DOMNode, animate: bool = True) -> None:
    """Restyle a node whose classes changed, unless it is a widget not yet in the DOM.

    Registering a widget applies its styles; a class set before that (a Button's variant, set in its
    constructor) styled the widget from scratch, a millisecond each, to be styled again when it is mounted.
    """
    if isinstance(node, Widget) and node._parent is None:
        return
    _update_node_styles(node, animate)


def _size_updated_without_layout_unless_scrolling(
    widget: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    """Note a widget's new size; a widget that cannot scroll does not lay the screen out again for it.

    Textual sets the widget's `virtual_size` here as a reactive that asks for a layout, so every widget given
    its first size by a layout (every widget of a new screen, every scrollbar that appears) asked for one
    more layout of the whole screen, which made the same arrangement again: a widget is placed by its styles
    and its content, and its virtual size only says how far it scrolls. A widget that can scroll still asks
    (its scrollbars may change), as does any ScrollView, whose virtual size is its content.
    """
    styles = widget.styles
    cannot_scroll = styles.overflow_x == "hidden" and styles.overflow_y == "hidden" and not isinstance(widget, ScrollView)
    return _size_updated(widget, size, virtual_size, container_size, layout and not cannot_scroll)


def apply() -> None:
    """Make `StylesCache.get_inner_outer` cache by colours alone; lay a screen out again only at a new size;
    style a widget only once it is in the DOM.

    Textual decorates that method with `lru_cache`, so each cached answer also keeps the StylesCache that
    asked, and with it every line its widget drew (https://github.com/Textualize/textual/issues/6665, open).
    Every closed screen's widgets left up to 1,024 of those alive: after opening each topic a few times,
    about 300,000 objects that every full garbage collection then walked (half a second of CPU each).
    The answer depends on the two colours only, so caching by them gives the same styles.
    """
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
    Screen._screen_resized = _screen_resized_if_changed  # type: ignore[method-assign,assignment]
    DOMNode.update_node_styles = _update_node_styles_if_registered  # type: ignore[method-assign,assignment]
    Widget._size_updated = _size_updated_without_layout_unless_scrolling  # type: ignore[method-assign,assignment]
