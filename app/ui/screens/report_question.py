"""A small dialog to report a problem with a question: a reason and an optional note, for the course's author."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ...core.course.model import Question
from ...core.progress.reports import MAX_NOTE, REASON_LABELS
from ..store_errors import store_write
from ..widgets.footer import Footer
from .dialog import Dialog


@dataclass(frozen=True)
class ReportDraft:
    """What the learner chose: a reason id (see REASON_LABELS) and their note."""

    reason: str
    note: str


class ReportQuestionScreen(Dialog[ReportDraft | None]):
    """Dismissed with a ReportDraft when sent, None when cancelled; the caller stores it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without reporting", id="report.cancel"),
        Binding("ctrl+s", "send", "Send", tooltip="Send the report to the course's author", id="report.send"),
    ]

    def __init__(self, question: Question, draft: ReportDraft | None = None) -> None:
        """`draft` fills the dialog in again (a report the database refused, to send again)."""
        super().__init__()
        self.question = question
        self.draft = draft

    def compose(self) -> ComposeResult:
        stem = " ".join(self.question.stem.split())
        with Vertical(id="report-box"):
            yield Static("Report a problem with this question", classes="heading")
            yield Static(Text(f"{self.question.id}: {stem[:120]}{'…' if len(stem) > 120 else ''}"), id="report-question")
            with RadioSet(id="report-reasons"):
                for reason, label in REASON_LABELS.items():
                    yield RadioButton(label, name=reason, value=self.draft is not None and self.draft.reason == reason)
            note = self.draft.note if self.draft else ""
            yield Input(note, placeholder="What is wrong? (optional)", max_length=MAX_NOTE, id="report-note")
            with Horizontal(id="report-buttons"):
                yield Button("Send", id="report-send", variant="primary")
                yield Button("Cancel", id="report-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(RadioSet))

    def action_send(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.name is None:
            self.notify("Pick a reason first (arrow keys and space, or click).", severity="warning")
            self.query_one(RadioSet).focus()
            return
        self.dismiss(ReportDraft(pressed.name, self.query_one("#report-note", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(RadioSet.Changed)
    def _reason_picked(self) -> None:
        self.query_one("#report-note", Input).focus()

    @on(Input.Submitted, "#report-note")
    @on(Button.Pressed, "#report-send")
    def _send(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#report-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


def ask_and_report(screen: Screen[Any], question: Question) -> None:
    """Open the report dialog for `question` on top of `screen`; store what the learner sends at once."""

    def send(draft: ReportDraft | None) -> None:
        from ...core.progress.reports import report_question

        if draft is None:
            return
        with store_write(screen) as write:
            report_question(screen.app.progress, question, draft.reason, draft.note)  # type: ignore[attr-defined,arg-type]  # the App seen from a screen is ours and its progress is open here
        if write.failed:  # the dialog comes back with what the learner wrote, to send again or cancel
            screen.app.push_screen(ReportQuestionScreen(question, draft), send)
            return
        screen.notify("Thank you! Your report is saved for the course's author.", title="Reported")

    screen.app.push_screen(ReportQuestionScreen(question), send)
