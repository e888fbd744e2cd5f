"""The key footer every screen shows: one widget that draws every key as one line of text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from .drawn_once import KeptPerStylesheet

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

DIM = Style(dim=True)


@dataclass(frozen=True)
class FooterKey:
    """One key the footer shows."""

    key: str  # as Textual names it ("question_mark"): what a click presses
    key_display: str  # as the learner reads it ("?")
    description: str
    action: str
    enabled: bool
    tooltip: str


class Footer(Widget, can_focus=False):
    """The screen's keys, drawn as Textual's Footer draws them, but as one widget.

    Textual's Footer is a container of one widget per key, thrown away and rebuilt (each styled from scratch)
    whenever the screen's bindings *may* have changed: every focus change and every `refresh_bindings()`.
    Opening a topic rebuilt it 6 times, answering a practice question up to 11 times, and its keys were a
    tenth of the widgets a screen mounted. This one draws the keys as a line of text, redrawn only when what it
    would show differs from what it shows. Clicking a key presses it (a disabled key rings the bell); the key
    under the mouse is highlighted and shows its tooltip.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover", "footer--palette-edge"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    Footer > .footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    Footer > .footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    Footer > .footer--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    Footer > .footer--palette-edge {
        color: $foreground 20%;
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self.keys: tuple[FooterKey, ...] = ()  # what is on screen
        self.palette_key: FooterKey | None = None  # drawn at the right end, as Textual's Footer does
        self.hovered: FooterKey | None = None
        self._update_pending = False

    # --- which keys ------------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # So the first frame has the keys; the screen's signal corrects them once focus has settled.
        self.keys, self.palette_key = self._to_show()
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_shown, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_shown(self, screen: Screen[Any]) -> None:
        """Its screen is shown again: look at the keys before its first frame. A kept screen brought up to date
        while it was not shown (`show_kept`) hears of its new keys only when it is next idle, after that frame."""
        if screen is self.screen and self.is_attached:
            self._update_if_changed()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings may have changed: look once, after this frame, whether the keys did."""
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_if_changed)

    def _update_if_changed(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        shown = self._to_show()
        if shown != (self.keys, self.palette_key):
            self.keys, self.palette_key = shown
            self.refresh()

    def _to_show(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """The shown bindings, one per action (the first bound), and the command palette's key, shown although
        its binding is hidden: as Textual's Footer picks them, from one look at the screen's bindings."""
        bindings = self.screen.active_bindings
        keys, actions = [], set()
        for _, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(self._footer_key(binding, enabled, tooltip))
        palette_key = None
        found = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _ = found
            palette_key = self._footer_key(binding, enabled, binding.tooltip or binding.description)
        return tuple(keys), palette_key

    def _footer_key(self, binding: Binding, enabled: bool, tooltip: str) -> FooterKey:
        return FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)

    # --- drawing ---------------------------------------------------------------------------------------------

    def _drawn(self, key: FooterKey) -> Text:
        """One key: its name and what it does, dimmed when unavailable, highlighted under the mouse."""
        key_style = self.get_component_rich_style("footer--key", partial=True)
        description_style = self.get_component_rich_style("footer--description", partial=True)
        if key is self.hovered:
            hover = self.get_component_rich_style("footer--hover", partial=True)
            key_style, description_style = key_style + hover, description_style + hover
        if not key.enabled:
            key_style, description_style = key_style + DIM, description_style + DIM
        if key is self.palette_key:  # compact, as Textual draws it
            return Text.assemble((key.key_display, key_style), (f" {key.description} ", description_style), end="")
        drawn = Text.assemble((f" {key.key_display} ", key_style), end="")
        if key.description:
            drawn.append(f"{key.description} ", description_style)
        return drawn

    def _layout(self) -> list[tuple[int, FooterKey, Text]]:
        """Where each key is drawn: (column, key, text); the palette's key at the right end, behind a rule."""
        placed, column = [], 0
        for key in self.keys:
            drawn = self._drawn(key)
            placed.append((column, key, drawn))
            column += drawn.cell_len
        if self.palette_key is not None:
            drawn = self._drawn(self.palette_key)
            placed.append((max(1, self.size.width - drawn.cell_len), self.palette_key, drawn))
        return placed

    # The keys' line drawn for a footer, by what it depends on (the keys, the one under the mouse, the size, and
    # the footer's style). Every topic's footer shows the same keys, and a kept screen's is drawn again whole when
    # the screen shows again: each drew them from scratch (1 ms of a topic's or a practice run's first frame).
    _drawn_lines: ClassVar[KeptPerStylesheet[tuple[Any, ...], Any]] = KeptPerStylesheet(keep=64)

    def _render_content(self) -> None:
        key = (self.keys, self.palette_key, self.hovered, self.size, self.visual_style)
        self._render_cache = self._drawn_lines.get(self.app, key, self._drawn_now)
        self._dirty_regions.clear()

    def _drawn_now(self) -> Any:
        super()._render_content()
        return self._render_cache

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        for column, key, drawn in self._layout():
            if key is self.palette_key:  # the other keys are cut short before it
                line.truncate(column - 1, pad=True)
                edge = self.styles.background + self.get_component_styles("footer--palette-edge").color  # blends the 20%
                line.append("▏", Style(color=edge.rich_color))
            line.append_text(drawn)
        return line

    # --- the mouse -------------------------------------------------------------------------------------------

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column `x`, if any."""
        for column, key, drawn in reversed(self._layout()):  # the palette's key first: it covers the rest
            if column <= x < column + drawn.cell_len:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        """A click presses the key under it, as if typed; a disabled one rings the bell."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, _: events.Leave) -> None:
        self._hover(None)

    def _hover(self, key: FooterKey | None) -> None:
        if key is not self.hovered:
            self.hovered = key
            self.tooltip = (key.tooltip or key.description) if key else None
            self.refresh()
