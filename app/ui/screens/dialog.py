"""What every dialog of the app shares: a footer of its keys, and the help over it."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

from ..restyling import StyledAtMount

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(StyledAtMount, ModalScreen[ResultType]):
    """A modal screen whose keys are bindings like any screen's: its footer shows them (each dialog yields the
    app's Footer last in its compose) and ? or F1 lists them all in the help.

    The app's own ? does not reach through a modal screen (Textual stops the bindings at the first modal), so
    every dialog binds it again. F1 is there for when a text field has the focus and takes the ?.
    Subclasses' BINDINGS are added to these, and shown before them.
    """

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", tooltip="Every key you can press here", id="dialog.help"),
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key you can press here", id="dialog.help-f1"),
    ]

    HELP_KEYS = ("question_mark", "f1")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual lists a base class's bindings first; the help goes after the dialog's own keys, as on every screen.
        keys = self._bindings.key_to_bindings
        for key in self.HELP_KEYS:
            keys[key] = keys.pop(key)
