"""Fixes to the pinned Textual (8.2.8), applied once when the app is made: bugs reported upstream, and work
Textual repeats for nothing on every screen."""

from __future__ import annotations

import itertools
import selectors
import time
from asyncio import create_task, get_running_loop, wait
from collections.abc import Callable, Generator, Iterable
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

from rich.segment import Segment
from textual import events, messages
from textual._compositor import Compositor
from textual._styles_cache import StylesCache
from textual.app import App
from textual.await_remove import AwaitRemove
from textual.cache import FIFOCache
from textual.color import Color
from textual.constants import ESCAPE_DELAY
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode, NoScreen
from textual.geometry import Region, Size
from textual.screen import UPDATE_PERIOD, Screen
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, OptionList


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


def _await_mount_laying_out_only_if_needed(self: AwaitMount) -> Generator[None, None, None]:
    async def await_mount() -> None:
        if not self._widgets:
            return
        await wait([create_task(widget._mounted_event.wait(), name="await mount") for widget in self._widgets])
        parent = self._parent
        try:
            screen = parent.screen
        except NoScreen:
            parent.refresh(layout=True)
            return
        laid_out = screen._compositor.widgets
        own_mount = all(widget is screen for widget in self._widgets)  # its ScreenResume lays it out and draws it
        if not own_mount and (screen._layout_required or not all(widget in laid_out for widget in self._widgets)):
            parent.refresh(layout=True)
        parent.app._update_mouse_over(screen)

    return await_mount().__await__()


# Orders layout requests and layouts in time: a request older than a screen's last full layout was laid out
# (see lay_out_each_request_once).
_moments = itertools.count(1)
_moments_to_come = float("inf")  # the moment of a request not noted (none: every request goes through `refresh`)
_last_layout_request = [0]
# The widgets asking for a repaint while a screen is laid out (as a scrollbar does when its thumb changes), so that
# they are drawn in the frame that shows the layout.
_repainted_while_laying_out: list[Widget] | None = None
_textual_refresh = Widget.refresh
_textual_compositor_refresh = Screen._compositor_refresh


def _refresh_noting_requests(self: Widget, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Widget:
    if repaint and _repainted_while_laying_out is not None:
        _repainted_while_laying_out.append(self)
    if layout:
        self._layout_asked_at = _last_layout_request[0] = next(_moments)  # type: ignore[attr-defined]
        # What Textual does only when the widget is next idle (`_check_refresh`), so a layout that comes
        # first already sees the change: the cached arrangements of the ancestors it resizes are dropped.
        for ancestor in self.ancestors:
            if not isinstance(ancestor, Widget):
                break
            ancestor._clear_arrangement_cache()
            ancestor._layout_updates += 1
            if not ancestor.styles.auto_dimensions:
                break
    return _textual_refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)


_textual_on_layout = Screen._on_layout


async def _on_layout_unless_laid_out(self: Screen[Any], message: messages.Layout) -> None:
    """Textual's `Screen._on_layout` (8.2.8), for a widget's request that no full layout has met yet. A widget's
    request reaches its screen when the widget is next idle, often after the layout that met it (the one after the
    key that changed it): Textual laid the screen out again for it. Met means the last full layout came after the
    request and placed the widget (one mounted since is laid out for its request, as before; so is a hidden one:
    dropping those left a box whose widgets were mounted while it was shown drawn blank)."""
    widget = message.widget
    if widget in self._compositor._full_map and getattr(widget, "_layout_asked_at", _moments_to_come) < getattr(self, "_laid_out_at", 0):
        message.stop()
        message.prevent_default()
        return
    await _textual_on_layout(self, message)


def _refresh_layout_once_complete(self: Screen[Any], size: Size | None = None, scroll: bool = False) -> None:
    """Textual's `Screen._refresh_layout` (8.2.8), drawing what the layout repainted in its frame and settling the
    screen's own request (see lay_out_each_request_once, draw_each_layout_complete)."""
    size = self.outer_size if size is None else size
    if self.app.is_inline:
        size = size.with_height(self.app._get_inline_height())
    if not size:
        return
    self._compositor.update_widgets(self._dirty_widgets)
    self._update_timer.pause()
    follow_up = False
    try:
        if scroll and not self._layout_widgets:
            exposed_widgets = self._compositor.reflow_visible(self, size)
            if exposed_widgets:
                for widget, (region, _order, _clip, virtual_size, container_size, _, _) in self._compositor.layers:
                    if widget in exposed_widgets and widget._size_updated(region.size, virtual_size, container_size, layout=False):
                        widget.post_message(events.Resize(region.size, virtual_size, container_size))
        else:
            global _repainted_while_laying_out
            outer = _repainted_while_laying_out
            repainted: list[Widget] = []
            _repainted_while_laying_out = repainted
            try:
                started = next(_moments)
                _reflow(self, size)
            finally:
                _repainted_while_laying_out = outer
            # The layout asked for another (a scrollbar it made appear): that one is part of this change, so it
            # is drawn as soon as the app is idle, not a frame interval after this frame.
            follow_up = _last_layout_request[0] > started
            if self.is_current:  # drawn below, with the layout
                self._compositor.update_widgets(set(repainted))
            if getattr(self, "_layout_asked_at", 0) < started:
                self._layout_required = False
            self._laid_out_at = started  # type: ignore[attr-defined]
    except Exception as error:
        self.app._handle_exception(error)
        return
    if self.is_current:
        if self.app._batch_count:
            self.call_later(self._compositor_refresh)
        else:
            self._compositor_refresh()
        self._follows_a_layout = True  # type: ignore[attr-defined]
        if follow_up:
            self._drawn_at = 0.0  # type: ignore[attr-defined]
    if self.app._dom_ready:
        self.screen_layout_refresh_signal.publish(self.screen)
    else:
        self.app.post_message(events.Ready())
        self.app._dom_ready = True


def _reflow(screen: Screen[Any], size: Size) -> None:
    """Arrange every widget of `screen` and tell each its size (the full branch of Textual's `_refresh_layout`)."""
    hidden, shown, resized = screen._compositor.reflow(screen, size)
    screen._layout_widgets.clear()
    for widget in hidden:
        widget.post_message(events.Hide())
    layers = screen._compositor.layers
    # What a widget is told is judged against what it was last told, not against the compositor's last map: the
    # map is also rebuilt on demand (when a widget it does not know is repainted, between layouts), and a widget
    # placed or resized by that rebuild was never told (a parameter field stayed side by side at 80 columns, a
    # diagram too wide for its pane never said it scrolls).
    shown |= {widget for widget, _ in layers if getattr(widget, "_told_size", None) is None}
    send_resize = shown | resized
    for widget, (region, _order, _clip, virtual_size, container_size, _, _) in layers:
        widget._size_updated(region.size, virtual_size, container_size)
        if widget in send_resize or widget._told_size != region.size:  # type: ignore[attr-defined]
            widget._told_size = region.size  # type: ignore[attr-defined]
            widget.post_message(events.Resize(region.size, virtual_size, container_size))
    for widget in shown:
        widget.post_message(events.Show())


_textual_background_screens = App._background_screens


def _background_screens_seen_through_the_current(self: App[Any]) -> list[Screen[Any]]:
    stack = self._screen_stack
    if stack and stack[-1].styles.background.a == 1:
        return []  # nothing below an opaque screen shows
    return _textual_background_screens.fget(self)  # type: ignore[attr-defined,no-any-return]


async def _replace_screen_leaving_the_current_alone(self: App[Any], screen: Screen[Any]) -> Screen[Any]:
    """Textual's `App._replace_screen` (8.2.8) without its repaint of the current screen (see
    draw_a_screen_replacing_another_once)."""
    screen.post_message(events.ScreenSuspend())
    self.log.system(f"{screen} SUSPENDED")
    if not self.is_screen_installed(screen) and all(screen not in stack for stack in self._screen_stacks.values()):
        self.capture_mouse(None)
        await screen.remove()
        self.log.system(f"{screen} REMOVED")
    return screen


_textual_start_widget = App._start_widget


def _start_widget_styled(self: App[Any], parent: Widget, widget: Widget) -> None:
    _textual_start_widget(self, parent, widget)
    self.stylesheet.apply(widget)


def _on_screen_resume_drawing_once(self: Screen[Any], event: events.ScreenResume) -> None:
    """Textual's `Screen._on_screen_resume` (8.2.8), with three changes.

    - No repaint after a first layout, which drew it all.
    - No styling again of a screen styled for the stylesheet in use. Textual styles every screen pushed again from
      scratch; a screen shown before (a kept screen: `show_kept`) is styled already, and every change of the
      stylesheet since (a new theme) counts in `App._css_update_count`, as the screens in the stack do. Styling
      the lab's widgets again was 5 of its 12 ms to show again.
    - A screen changed while it was not shown is laid out before its first frame. Its widgets' requests reach it
      only when each is next idle, so Textual drew it as it was left (the last practice run's summary around the
      next run's question), then laid it out.
    """
    if self.app.SUSPENDED_SCREEN_CLASS:
        self.remove_class(self.app.SUSPENDED_SCREEN_CLASS)
    self.stack_updates += 1
    self.app._refresh_notifications()
    size = self.app.size
    self._update_auto_focus()
    if self.is_attached:
        if event.refresh_styles and self._css_update_count != self.app._css_update_count:
            self.update_node_styles(animate=False)
            self._css_update_count = self.app._css_update_count
        if self._size != size and not self._compositor._full_map:
            # Its first layout: every widget is new to the compositor, so all of the screen is drawn.
            self._refresh_layout(size)
            self._repaint_required = False
            return
        if self._size != size or _asked_for_a_layout_since_the_last(self):
            # Laid out now if it changed while it was not shown (a kept screen brought up to date), so the first
            # frame shows it as it is, not as it was left; and drawn whole in that layout's frame (what is on the
            # terminal is another screen), not once laid out and again whole.
            self._set_dirty()
            self._dirty_widgets.add(self)
            self._refresh_layout(size)
            _settle_requests_drawn(self)
            return
        self.refresh()


def _settle_requests_drawn(screen: Screen[Any]) -> None:
    """After a layout that drew the whole screen: the widgets' requests made before it are settled, so that they do
    not lay the screen out and draw it again when each widget is next idle (as they reach the screen then).

    Not while a widget of the screen is still being mounted (a kept screen filling in a box as it is shown): the
    layout did not place it, and its requests, and the others', are what lay the screen out again once it is."""
    laid_out_at = getattr(screen, "_laid_out_at", 0)
    widgets = list(screen.walk_children(Widget))
    if not all(widget.is_mounted for widget in widgets):
        return
    for widget in widgets:
        widget._repaint_required = False
        if getattr(widget, "_layout_asked_at", 0) < laid_out_at:
            widget._layout_required = False


def lay_out_and_draw_ahead(screen: Screen[Any], then: Callable[[bool], object]) -> None:
    """Lay out `screen`, which is not on show, at the app's size, and draw every widget it shows into the widget's
    cache of lines; then call `then(True)`, or `then(False)` if it was not done: for a screen on show (now or by the
    time it would be drawn), or laid out at another size, which is laid out when shown, as before. A screen mounted
    and never shown (`App._get_screen`) is laid out for the first time.

    For a screen brought up to date before the key that shows it (the practice screen set to the run `q` would
    start, the partner practice screen to the next question, the next topic built off screen): showing it then lays
    nothing out, and its first frame copies lines drawn already (see _on_screen_resume_drawing_once), where it laid
    out and drew the whole screen after the key.
    The lines are drawn once every widget has handled what the layout told it (a resized list throws its drawn
    lines away), so that they stay.
    """
    if not _lays_out_ahead(screen):
        then(False)
        return
    _lay_out_ahead(screen)

    def draw() -> None:
        if not _lays_out_ahead(screen):
            then(False)
            return
        _lay_out_ahead(screen)  # (what the widgets did may ask for one more)
        screen._compositor.update_widgets(screen._dirty_widgets)
        screen._compositor.render_update(full=True)  # the frame is thrown away: each widget keeps its lines
        screen._dirty_widgets.clear()
        _settle_requests_drawn(screen)
        then(True)

    once_each_widget_has_handled_its_messages(screen, draw)


async def mounted_off_screen(screen: Screen[Any]) -> None:
    """Mount `screen` without showing it (Textual's `App._get_screen`, as a push does first), unless it is running."""
    _, mounting = screen.app._get_screen(screen)
    await mounting


async def drawn_ahead(screen: Screen[Any]) -> bool:
    """`lay_out_and_draw_ahead(screen)`, awaited: whether it was laid out and drawn."""
    drawn = get_running_loop().create_future()
    lay_out_and_draw_ahead(screen, drawn.set_result)  # (it reports once)
    return bool(await drawn)


def make_ready_off_screen(screen: Screen[Any]) -> None:
    """Mount `screen` off screen, then lay it out and draw it ahead (`drawn_ahead`), from the app's queue; its
    `made_ready` attribute then says whether it was drawn (a screen shown meanwhile is drawn as it is shown)."""

    async def made_ready() -> None:
        await mounted_off_screen(screen)
        screen.made_ready = await drawn_ahead(screen)  # type: ignore[attr-defined]  # the screens made ready declare it

    screen.app.call_later(made_ready)


def _lays_out_ahead(screen: Screen[Any]) -> bool:
    """Whether `screen` is to be laid out ahead: mounted, not on show, and laid out at the app's size or never."""
    app = screen.app
    never_laid_out = not screen._compositor._full_map
    return screen not in app.screen_stack and screen.is_attached and screen.is_mounted and (never_laid_out or screen._size == app.size)


def _lay_out_ahead(screen: Screen[Any]) -> None:
    for _ in range(3):  # a layout may ask for another (the scrollbar it shows), as after a key
        if not _asked_for_a_layout_since_the_last(screen):
            return
        _refresh_layout_once_complete(screen, screen.app.size)  # not the current screen: laid out, not drawn


def once_each_widget_has_handled_its_messages(screen: Screen[Any], callback: Callable[[], object]) -> None:
    """Call `callback()` once every widget of `screen` has handled the messages in its queue now."""
    widgets = list(screen.walk_children(Widget, with_self=True))
    waiting = [len(widgets)]

    def handled() -> None:
        waiting[0] -= 1
        if waiting[0] == 0:
            callback()

    for widget in widgets:
        if not widget.call_later(handled):  # queued behind what the widget has to handle
            handled()  # (a widget closing meanwhile has nothing more to handle)


def _asked_for_a_layout_since_the_last(screen: Screen[Any]) -> bool:
    """Whether the screen or a widget in it asked for a layout after the screen was last laid out (a widget's
    request reaches the screen only when the widget is next idle, which a screen not shown may never be)."""
    laid_out_at = getattr(screen, "_laid_out_at", 0)
    if screen._layout_required or getattr(screen, "_layout_asked_at", 0) > laid_out_at:
        return True
    return any(getattr(widget, "_layout_asked_at", 0) > laid_out_at for widget in screen.walk_children(Widget))


def _compositor_refresh_noting_when(self: Screen[Any]) -> None:
    if self is self.app.screen and not self.app.is_inline:
        self._drawn_at = time.perf_counter()  # type: ignore[attr-defined]
        # The map made again now if it was thrown away (a widget new since the layout: a scrollbar it made appear),
        # not by the first look at a region in the middle of drawing the frame (see _full_map_with_its_cuts).
        self._compositor.full_map  # noqa: B018  # the property makes it
    _textual_compositor_refresh(self)


def _due_now(screen: Screen[Any]) -> bool:
    """Whether what the screen has pending is drawn now: a layout, or what follows a layout's frame, at once; other
    repaints once a frame interval has passed since the last frame (see draw_each_layout_complete)."""
    return (
        screen._layout_required
        or getattr(screen, "_follows_a_layout", False)
        or time.perf_counter() - getattr(screen, "_drawn_at", 0.0) >= UPDATE_PERIOD
    )


async def _on_idle_drawing_at_once_when_due(self: Screen[Any], event: events.Idle) -> None:
    """Textual's `Screen._on_idle` (8.2.8), drawing at once what is due rather than at the next tick."""
    event.prevent_default()
    if not self.app._batch_count and self.is_current:
        if self._layout_required or self._scroll_required or self._repaint_required or self._recompose_required or self._dirty_widgets:
            if _due_now(self):
                self._follows_a_layout = False  # type: ignore[attr-defined]  # set again by a layout drawn now
                self._on_timer_update()
            else:
                self._update_timer.resume()
            return
    await self._invoke_and_clear_callbacks()


class _SelectorWakingForTheEscapeDelay(selectors.SelectSelector):
    """The terminal driver's selector, waiting at most the escape delay (see `answer_a_lone_escape_in_time`)."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        return super().select(ESCAPE_DELAY if timeout is None else min(timeout, ESCAPE_DELAY))


def _placed_by_a_layout(widget: Widget) -> bool:
    """Whether a layout would put `widget` in the compositor's map: it is displayed, and a scrollbar is shown."""
    if isinstance(widget, ScrollBar):
        container = widget.parent
        if not isinstance(container, Widget):
            return False
        return container.show_vertical_scrollbar if widget.vertical else container.show_horizontal_scrollbar
    return widget.display


_textual_update_widgets = Compositor.update_widgets


def _update_widgets_keeping_the_map(self: Compositor, widgets: set[Widget]) -> None:
    """Textual's `Compositor.update_widgets` (8.2.8), which throws the map of every widget away for any widget not on
    screen, keeping it unless one is new to it: not for one it lacks because it is not shown (a hidden box, a
    scrollbar not needed) or is off screen."""
    whole = not self._full_map_invalidated
    _textual_update_widgets(self, widgets)
    if whole and not any(_placed_by_a_layout(w) for w in widgets - self._full_map.keys()):
        self._full_map_invalidated = False


_textual_reflow = Compositor.reflow
_textual_full_map = Compositor.full_map.fget  # type: ignore[attr-defined]


def _full_map_with_its_cuts(self: Compositor) -> Any:
    """Textual's `Compositor.full_map` (8.2.8), which makes the map again when it was thrown away but kept the cuts
    and layers worked out from the old one: a frame drawn next cut the new regions at the old places, and drew the
    widgets that had moved (a scrollbar come with the layout) blank. They are worked out again from the new map."""
    if self._full_map_invalidated and self.root is not None:
        self._cuts = None
        self._layers = None
        self._layers_visible = None
    return _textual_full_map(self)


def _reflow_noting_the_map_is_whole(self: Compositor, parent: Widget, size: Size) -> Any:
    result = _textual_reflow(self, parent, size)
    self._full_map_invalidated = False  # reflow arranged every widget: the map it made is the whole, current one
    return result


def apply() -> None:
    """Fix what the pinned Textual does at a cost, once, before the app is made (see each fix)."""
    cache_inner_outer_by_colours()
    lay_out_once_per_change()
    lay_out_option_lists_once()
    keep_the_screen_below_a_closed_one()
    resize_only_to_a_new_size()
    style_widgets_once_mounted()
    answer_a_lone_escape_in_time()
    lay_out_mounted_widgets_once()
    lay_out_each_request_once()
    draw_each_layout_complete()
    style_scrollbars_when_made()
    draw_a_shown_screen_once()
    draw_only_screens_that_show()
    lay_out_a_button_whose_label_changes()
    draw_a_screen_replacing_another_once()
    keep_the_map_of_every_widget_while_it_holds()
    style_alike_nodes_from_one_match()
    make_a_strips_caches_when_used()
    draw_no_widget_hidden_behind_others()


def draw_no_widget_hidden_behind_others() -> None:
    """Do not draw a widget whose every cell in the frame is covered by the widgets in front of it.

    Textual's compositor draws every widget on screen, front to back, and keeps the first piece drawn for each
    cell: a screen's background under its header, body and footer, and a container under the pane that fills it,
    were drawn whole and thrown away (about 1 ms of a topic's first frame). A widget is asked for its lines only
    if one of the cells it covers is not yet drawn; what reaches the screen is unchanged (the snapshot tests,
    and tests/ui/test_textual_fixes.py, which draws frames both ways).
    """
    Compositor._render_chops = _render_chops_skipping_covered  # type: ignore[method-assign]


_textual_render_chops = Compositor._render_chops


def _render_chops_skipping_covered(self: Compositor, crop: Region, is_rendered_line: Any) -> Any:
    """Textual's `Compositor._render_chops` and `_get_renders` (8.2.8) as one loop, skipping a covered widget."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    crop_overlaps = crop.overlaps if crop else None
    for widget, (region, clip) in self.visible_widgets.items():  # front to back
        if crop_overlaps is not None and not crop_overlaps(clip):
            continue
        x, y, width, height = region.intersection(clip)
        if not (width and height):
            continue
        end = x + width
        lines = range(y, y + height)
        if all(chops[line][cut] is not None for line in lines if is_rendered_line(line) for cut in cuts[line] if x <= cut < end):
            continue
        if clip.contains_region(region):
            strips = widget.render_lines(Region(0, 0, region.width, region.height))
        else:
            strips = widget.render_lines(Region(x - region.x, y - region.y, width, height))
        for line, strip in zip(lines, strips):
            if not is_rendered_line(line):
                continue
            chops_line = chops[line]
            line_cuts = [cut for cut in cuts[line] if x <= cut <= end]
            for cut, piece in zip(line_cuts, strip.divide([cut - x for cut in line_cuts[1:]])):
                if chops_line.get(cut) is None:
                    chops_line[cut] = piece
    return chops


def make_a_strips_caches_when_used() -> None:
    """Make each of a strip's seven caches the first time it is used, not when the strip is made.

    A strip (a line of segments) is made for every line of every widget drawn, and for every piece the compositor
    cuts them into: about 400 for a topic's first frame, each making seven caches (fourteen objects, a young
    garbage collection's worth every few frames), most never used. The cache sizes are Textual's (8.2.8).
    """
    Strip.__init__ = _strip_without_its_caches  # type: ignore[method-assign]
    Strip.__getattr__ = _strip_cache_made_when_used  # type: ignore[attr-defined]


_STRIP_CACHE_SIZES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}


def _strip_without_its_caches(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _strip_cache_made_when_used(self: Strip, name: str) -> FIFOCache[Any, Any]:
    """Called for an attribute a strip does not have: one of its caches, not made yet."""
    size = _STRIP_CACHE_SIZES.get(name)
    if size is None:
        raise AttributeError(name)
    cache: FIFOCache[Any, Any] = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def style_alike_nodes_from_one_match() -> None:
    """Style a node from the rules matched for a node that the stylesheet cannot tell from it.

    Textual matches every rule that may apply against the node's whole path each time it styles a node, and only
    remembers the result within one batch of nodes: a screen's header, footer, buttons and their component classes
    were matched again on every screen opened, and a focus or a `disabled` change matched a widget again. It was
    2–3 ms before the first frame of a topic, a question's feedback, or the exam's results. What the match can
    depend on is, for each node on the path: its CSS types, its id, its classes, and whether it has each pseudo-class
    the candidate rules mention; a node alike in all of that gets the same rules. They are remembered per
    stylesheet version (Textual parses a new list of rules when the stylesheet or the theme changes).

    A node's component classes (an option list's options, highlighted, disabled…) are styled through a virtual node
    each, which Textual made, matched and styled again on every restyle of the node: half of the time a list takes
    to restyle when it is disabled or focused. A node remembers them per state its path is in (what the components'
    candidate rules ask of each node on it), and takes back the ones it had when it is in that state again.
    """
    Stylesheet.apply = _apply_remembering_matches  # type: ignore[method-assign]
    Stylesheet._process_component_classes = _process_component_classes_remembered  # type: ignore[method-assign]


_textual_apply = Stylesheet.apply
MATCHES_KEPT = 4096


class _Matches:
    """What one version of a stylesheet's rules matched: what its candidate rules ask of a node, per set of selector
    names, and the styles per node alike."""

    def __init__(self, rules: list[RuleSet]) -> None:
        self.rules = rules
        self.candidates: dict[frozenset[str], tuple[tuple[str, ...], tuple[bool, ...]]] = {}
        self.styles: dict[tuple[object, ...], Any] = {}
        self.component_pseudo: dict[frozenset[str], tuple[str, ...]] = {}  # per set of component classes


_ORDER_PSEUDO_CLASSES = frozenset({"first-of-type", "last-of-type", "first-child", "last-child", "empty"})


def _candidates(stylesheet: Stylesheet, names: frozenset[str]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Of the rules Textual's `Stylesheet.apply` (8.2.8) may apply to a node (those whose last selector may name it):
    the pseudo-classes they mention, and the node's flags that Textual derives from them."""
    rules_map = stylesheet.rules_map
    rules = {rule for name in rules_map.keys() & names for rule in rules_map[name]}
    pseudo: set[str] = set().union(*[rule.pseudo_classes for rule in rules])
    flags = ("hover" in pseudo, "focus-within" in pseudo, not pseudo.isdisjoint(_ORDER_PSEUDO_CLASSES), "odd" in pseudo or "even" in pseudo)
    return tuple(sorted(pseudo)), flags


def _apply_remembering_matches(self: Stylesheet, node: DOMNode, *, animate: bool = False, cache: dict[tuple[Any, ...], Any] | None = None) -> None:
    rules = self.rules
    matches: _Matches | None = getattr(self, "_coldstart_matches", None)
    if matches is None or matches.rules is not rules:
        matches = _Matches(rules)
        self._coldstart_matches = matches  # type: ignore[attr-defined]
    names = frozenset(node._selector_names)
    candidates = matches.candidates.get(names)
    if candidates is None:
        candidates = matches.candidates[names] = _candidates(self, names)
    pseudo, flags = candidates
    key = (
        names,
        *(
            (path_node._css_type_names, path_node._id, frozenset(path_node._classes), tuple(path_node.has_pseudo_classes({name}) for name in pseudo))
            for path_node in node.css_path_nodes
        ),
    )
    styles = matches.styles.get(key)
    if styles is None:
        # Textual matches, and hands what it matched back in the batch cache it is given (a key of its own: a node
        # with a pseudo-class it does not cache by is matched again here too, as Textual would).
        own: dict[tuple[Any, ...], Any] = {}
        _textual_apply(self, node, animate=animate, cache=own)
        if len(own) == 1:
            if len(matches.styles) >= MATCHES_KEPT:
                matches.styles.clear()
            matches.styles[key] = next(iter(own.values()))
        return
    node._has_hover_style, node._has_focus_within, node._has_order_style, node._has_odd_or_even = flags
    self.replace_rules(node, styles, animate=animate)
    self._process_component_classes(node)


_textual_process_component_classes = Stylesheet._process_component_classes


@cache
def _component_classes(node_type: type[DOMNode]) -> frozenset[str]:
    return frozenset(node_type._get_component_classes())


def _process_component_classes_remembered(self: Stylesheet, node: DOMNode) -> None:
    """Textual's `Stylesheet._process_component_classes` (8.2.8), once per state of the node's path (see
    style_alike_nodes_from_one_match)."""
    components = _component_classes(type(node))
    if not components:
        return  # (a virtual node styled for a component class among them)
    matches: _Matches | None = getattr(self, "_coldstart_matches", None)
    if matches is None or matches.rules is not self.rules:
        _textual_process_component_classes(self, node)
        return
    pseudo = matches.component_pseudo.get(components)
    if pseudo is None:
        names = frozenset().union(*(DOMNode(classes=component)._selector_names for component in components))
        pseudo = matches.component_pseudo[components] = _candidates(self, names)[0]
    key = tuple(
        (path_node._css_type_names, path_node._id, frozenset(path_node._classes), tuple(path_node.has_pseudo_classes({name}) for name in pseudo))
        for path_node in node.css_path_nodes
    )
    remembered: tuple[_Matches, dict[tuple[Any, ...], dict[str, Any]]] | None = node.__dict__.get("_coldstart_components")
    if remembered is None or remembered[0] is not matches:
        remembered = (matches, {})
        node._coldstart_components = remembered  # type: ignore[attr-defined]
    found = remembered[1].get(key)
    if found is None:
        _textual_process_component_classes(self, node)
        remembered[1][key] = dict(node._component_styles)
        return
    styles = node._component_styles
    if styles.keys() != found.keys() or any(styles[name] is not component for name, component in found.items()):
        styles.clear()
        styles.update(found)
        node.refresh()  # as Textual does when a component's styles change


def keep_the_map_of_every_widget_while_it_holds() -> None:
    """Keep the compositor's map of every widget when a widget off screen or hidden asks to be repainted.

    Textual throws the map away whenever a widget not on screen asks for a repaint, to find new widgets; and a
    layout, which makes the whole map, leaves it marked as thrown away. The next look at any widget's region then
    arranged the whole screen again, inside the frame being drawn: every screen's first frame did (the work was
    charged to the footer, drawn first), and so did any frame after a layout set the position of a scrollbar
    that is not shown. The map is now marked whole after a layout, and thrown away only for a widget a layout
    would place that it lacks (a new one); a hidden widget, a scrollbar not shown, or one off screen is not new.
    When it is made again, it is made before a frame is drawn, with the cuts and layers worked out from it
    (Textual kept the old ones, and a frame drawn with them showed moved widgets blank).
    """
    Compositor.reflow = _reflow_noting_the_map_is_whole  # type: ignore[method-assign]
    Compositor.full_map = property(_full_map_with_its_cuts)  # type: ignore[method-assign,assignment]
    Compositor.update_widgets = _update_widgets_keeping_the_map  # type: ignore[method-assign]


def draw_a_screen_replacing_another_once() -> None:
    """Stop a screen that replaces another (the next topic, or the screen a pop uncovers) from being drawn in full
    again once the old one is gone.

    Textual repaints the current screen whole when it takes the old screen away, which it does after the new one
    has been laid out and drawn: the next or previous topic was drawn a second time, every line of it, 20 ms after
    it was complete. The screen's own ScreenResume already lays out and draws a new screen, and repaints one that
    is shown again (draw_a_shown_screen_once).
    """
    App._replace_screen = _replace_screen_leaving_the_current_alone  # type: ignore[method-assign]


def lay_out_a_button_whose_label_changes() -> None:
    """Lay a button out again when its label changes.

    A button is as wide as its label, but Textual's `Button.label` only repaints it: a button laid out before its
    label changed kept its old width and wrapped the new label out of sight. The dashboard's "Reviews due" button,
    given its count when the figures come, showed "Reviews due" without it whenever the figures came after the
    button's first layout (a snapshot test failed about one run in eight with two processes beside it).
    """
    Button.__dict__["label"]._layout = True


def draw_only_screens_that_show() -> None:
    """Treat the screens below the current one as visible only when the current one lets them show through.

    Textual counts the screen just below the current one as visible whatever the current one's background, so a
    change on it (home repainting as a screen opens over it) repainted the whole of the current screen, a frame
    interval after that screen had settled. Below an opaque screen nothing shows; under a dialog's translucent
    background the screens below show, and are drawn, as before.
    """
    App._background_screens = property(_background_screens_seen_through_the_current)  # type: ignore[method-assign,assignment]


def style_scrollbars_when_made() -> None:
    """Style a scrollbar as it is made, inside the layout that shows it, not when its container is next restyled.

    A scrollbar is made by the layout that finds it is needed, and started without its styles; they were applied
    the next time its container was restyled (a focus, a hover), which asked for another layout of the screen
    after its first frame. Styled when made, it is laid out with the rest.
    """
    App._start_widget = _start_widget_styled  # type: ignore[method-assign]


def draw_a_shown_screen_once() -> None:
    """Stop a screen shown for the first time from being drawn twice.

    A screen shown for the first time is laid out, which draws all of it (every widget is new); Textual then
    drew the whole screen again one frame interval later, for its own repaint request and one left standing from
    before it was mounted (the last work done when any screen opened). A screen shown again is repainted as
    before.
    """
    Screen._on_screen_resume = _on_screen_resume_drawing_once  # type: ignore[method-assign]


def lay_out_each_request_once() -> None:
    """Settle a screen's own request for a layout with the full layout that follows it.

    A new screen is laid out as soon as it is shown, and that layout left the screen's own request standing: the
    screen was laid out again at its next tick, 20 ms after its first frame, for nothing. Requests and layouts
    are now ordered in time (`_moments`): a full layout settles the screen's request unless a new one came during
    it. A widget's request tells its ancestors at once that their cached arrangements are stale (Textual does it
    when the widget is next idle), so a layout that comes first sees the change; and the request, which reaches
    the screen then, after that layout, is settled by it rather than laying the screen out once more (a screen just
    opened, each practice answer and question, a kept screen laid out ahead and then shown). Only layout requests:
    dropping late repaint requests too now and then left a scrollbar's thumb undrawn; they are handled as Textual
    does.
    """
    Widget.refresh = _refresh_noting_requests  # type: ignore[method-assign,assignment]
    Screen._on_layout = _on_layout_unless_laid_out  # type: ignore[method-assign]


def draw_each_layout_complete() -> None:
    """Draw a layout with what it changed, once, instead of in the frames after it.

    - Repaints asked during the layout (a scrollbar's thumb, resized) are drawn in its frame, not the next.
    - What is due is drawn as soon as the screen is idle, unless a frame was drawn less than a frame interval
      ago. Textual draws on a 60 Hz tick, so a key pressed after a pause waited up to 16.7 ms for the tick
      before anything showed (a practice answer's feedback, a simulation's result); repaints that follow a frame
      closely still wait for the tick, so an animation's frames never come faster.
    - A layout is drawn as soon as the screen is idle, whenever the last frame was, and so are the repaints that
      follow a layout's frame (a button enabled by the new question, a scrollbar the layout made appear). They
      complete one change, which waited a tick per step: the full practice feedback, a simulation's result and a
      topic came 4–24 ms sooner (bench_latency, alternated in one process).
    """
    Screen._refresh_layout = _refresh_layout_once_complete  # type: ignore[method-assign]
    Screen._compositor_refresh = _compositor_refresh_noting_when  # type: ignore[method-assign]
    Screen._on_idle = _on_idle_drawing_at_once_when_due  # type: ignore[method-assign]


def lay_out_mounted_widgets_once() -> None:
    """Stop a mount from laying its screen out again when its widgets are laid out already.

    Awaiting a mount (Textual awaits every screen's compose so) lays the parent out once all the widgets have
    handled their Mount event. A screen's widgets are mounted, then the screen is laid out and drawn, and only
    then did the wait end: a second full layout of what had just been laid out, 20 ms after the first frame
    of every screen opened (for a topic, a quarter of its opening). Widgets that are in the screen's last
    layout need no other; any that are not (hidden, or mounted after it) still get it, as before. A screen's own
    mount (awaited when it is pushed or switched to) asks for nothing: its ScreenResume lays it out and draws it,
    and a layout asked of the screen itself also repainted every line of it.
    """
    AwaitMount.__await__ = _await_mount_laying_out_only_if_needed  # type: ignore[method-assign]


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
