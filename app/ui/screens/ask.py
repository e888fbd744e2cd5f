"""A question with a few answers as buttons: the app's one confirmation dialog (submit, leave, discard, resume)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from ..widgets.footer import Footer
from .dialog import Dialog

__all__ = ["AskScreen", "Reply"]


@dataclass(frozen=True)
class Reply:
    """One answer to an AskScreen: the value it returns, its button label, its key and its look."""

    value: str
    label: str
    key: str
    variant: ButtonVariant = "default"


class AskScreen(Dialog[str | None]):
    """A question with a few answers as buttons, each also on its own key; Esc answers None.

    One dialog for every confirmation (submit, leave, discard, resume), so they all look
    and behave alike. `focus` names the reply focused at first: the safe one, for anything destructive.
    Each reply's key is a binding of this dialog, so the footer and the help (?) show it like any other key.
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without choosing", id="ask.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False, id="ask.left"),
        Binding("right", "app.focus_next", "Next", show=False, id="ask.right"),
    ]

    def __init__(self, title: str, message: str, replies: Sequence[Reply], *, focus: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.question_text = message
        self.replies = tuple(replies)
        self.focus_value = focus if focus is not None else self.replies[0].value
        # The replies differ per question, so their bindings are this dialog's own rather than class BINDINGS.
        for reply in self.replies:
            binding = Binding(reply.key, f"reply({reply.value!r})", reply.label, tooltip=reply.label, id=f"ask.reply.{reply.value}")
            self._bindings.key_to_bindings.setdefault(reply.key, []).append(binding)

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box"):
            yield Static(Text(self.title_text), id="ask-title")
            yield Static(Text(self.question_text), id="ask-message")
            with Horizontal(id="ask-replies"):
                for reply in self.replies:
                    yield Button(f"{reply.label} ({reply.key})", id=f"reply-{reply.value}", variant=reply.variant)
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#reply-{self.focus_value}", Button))

    def action_reply(self, value: str) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id).removeprefix("reply-"))
