"""The key footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    """Textual's Footer, without its rebuild storms.

    Textual's Footer throws away and rebuilds all its keys (a widget each, styled from scratch) whenever the
    screen's bindings *may* have changed: every focus change and every `refresh_bindings()`, one rebuild per
    notice. Opening a topic rebuilt it 6 times and answering a practice question 5 to 11 times, each time with the
    same keys. This one rebuilds at most once per frame, and only when what it would show differs from what it
    shows: the keys, their descriptions and tooltips, and which are enabled.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: object = None  # what the keys on screen were built from
        self._rebuild_pending = False

    def _keys_to_show(self) -> object:
        """Everything the keys are built from (see Footer.compose), to compare."""
        if not self._bindings_ready:
            return None
        bindings = self.screen.active_bindings
        keys = tuple((binding, enabled, tooltip) for _, binding, enabled, tooltip in bindings.values() if binding.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING) if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE else None
        return keys, palette[1:] if palette else None, self.combine_groups

    def compose(self) -> ComposeResult:
        self._shown = self._keys_to_show()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys_to_show() != self._shown:
            await self.recompose()
