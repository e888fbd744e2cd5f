"""The exam's overview pages: the grid of every question, and the review before submitting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...core.exam import Review, Slot
from ..widgets.footer import Footer
from .dialog import Dialog

__all__ = ["SUBMIT", "ExamGridScreen", "ExamReviewScreen"]

# What the review page returns when the learner chooses to submit (a position means "jump there").
SUBMIT: Literal["submit"] = "submit"


def slot_mark(slot: Slot) -> str:
    """● answered, ◐ incomplete (a multiple response with the wrong number picked), ○ unanswered."""
    return "◐" if slot.incomplete else "●" if slot.answered else "○"


def slot_label(slot: Slot) -> str:
    """A grid cell: the question number, its mark, and ⚑ when flagged (readable without colour)."""
    return f"{slot.position + 1:>2} {slot_mark(slot)}{'⚑' if slot.flagged else ' '}"


class ExamGridScreen(Dialog[int | None]):
    """Every position of the exam at a glance; Enter or a click jumps there, Esc goes back."""

    COLUMNS = 10

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", tooltip="Back to the question", id="grid.back"),
        Binding("g", "dismiss(None)", "Back", show=False, id="grid.back2"),
        # Priority: the focused cell is a Button, whose own (unlisted) Enter would otherwise hide this one.
        Binding("enter", "jump", "Go to", tooltip="Go to the highlighted question", priority=True, id="grid.jump"),
        Binding("left", "move(-1)", "Left", show=False, id="grid.left"),
        Binding("right", "move(1)", "Right", show=False, id="grid.right"),
        Binding("up", f"move({-COLUMNS})", "Up", show=False, id="grid.up"),
        Binding("down", f"move({COLUMNS})", "Down", show=False, id="grid.down"),
    ]

    def __init__(self, slots: Sequence[Slot], current: int) -> None:
        super().__init__()
        self.slots = tuple(slots)
        self.current = current

    def compose(self) -> ComposeResult:
        review = Review(self.slots)
        counts = f"{review.answered} of {len(self.slots)} answered"
        if review.incomplete:
            counts += f", {len(review.incomplete)} incomplete"
        with Vertical(id="grid-box"):
            yield Static(f"All questions: {counts}, {len(review.flagged)} flagged", id="grid-title")
            with Grid(id="grid-cells"):
                for slot in self.slots:
                    states = (
                        ("-answered", slot.answered),
                        ("-incomplete", bool(slot.incomplete)),
                        ("-flagged", slot.flagged),
                        ("-current", slot.position == self.current),
                    )
                    classes = " ".join(name for name, on in states if on)
                    yield Button(slot_label(slot), id=f"slot-{slot.position}", classes=classes, compact=True)
            legend = "● answered  ◐ incomplete  ○ unanswered  ⚑ flagged — arrows and Enter, or click, to jump"
            yield Static(legend, id="grid-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#slot-{self.current}", Button))

    def _focused_position(self) -> int:
        """The position of the focused cell (the current question's until one is)."""
        focused = self.focused
        return int(str(focused.id).removeprefix("slot-")) if focused and focused.id else self.current

    def action_jump(self) -> None:
        self.dismiss(self._focused_position())

    def action_move(self, step: int) -> None:
        target = self._focused_position() + step
        if 0 <= target < len(self.slots):
            self.query_one(f"#slot-{target}", Button).focus()

    @on(Button.Pressed)
    def _jump(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(int(str(event.button.id).removeprefix("slot-")))


class ExamReviewScreen(Dialog[int | str | None]):
    """The page before submitting: what is unanswered, what is flagged, with a jump to each.

    Returns the position to jump to, SUBMIT, or None to go back to the question. An incomplete question (a
    multiple response with the wrong number picked) is listed with what is wrong with it.
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", tooltip="Back to the question", id="review.back"),
        Binding("r", "dismiss(None)", "Back", show=False, id="review.back2"),
        Binding("s", "submit", "Submit", tooltip="Submit the exam (you will be asked to confirm)", id="review.submit"),
        # Priority: the list's and the buttons' own (unlisted) Enter would otherwise hide this one.
        Binding("enter", "open", "Open", tooltip="Go to the highlighted question, or press the focused button", priority=True, id="review.open"),
    ]

    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review

    def _entry(self, slot: Slot) -> Option:
        stem = " ".join(slot.stem.split())
        label = Text.assemble((f"Question {slot.position + 1}", "bold"), "  ", stem[:120] + ("…" if len(stem) > 120 else ""))
        if slot.incomplete:
            label.append(f"  ({slot.incomplete})", style="italic")
        return Option(label)

    def _options(self) -> tuple[list[Option], list[int | None]]:
        """The list's options and, for each, the position it jumps to (None for a group heading)."""
        options: list[Option] = []
        targets: list[int | None] = []
        slots = {s.position: s for s in self.review.slots}
        groups = (
            ("Unanswered", self.review.unanswered),
            ("Incomplete", self.review.incomplete),
            ("Flagged for review", self.review.flagged),
        )
        for heading, positions in groups:
            if positions:
                options.append(Option(Text(f"{heading} ({len(positions)})", style="bold"), disabled=True))
                targets.append(None)
                for position in positions:
                    options.append(self._entry(slots[position]))
                    targets.append(position)
        return options, targets

    def compose(self) -> ComposeResult:
        review = self.review
        options, self.targets = self._options()
        counts = [f"{review.answered} of {len(review.slots)} answered", f"{len(review.unanswered)} unanswered"]
        if review.incomplete:
            counts.append(f"{len(review.incomplete)} incomplete")
        summary = " · ".join([*counts, f"{len(review.flagged)} flagged"])
        with Vertical(id="review-box"):
            yield Static("Review before submitting", id="review-title")
            yield Static(summary, id="review-summary")
            if options:
                yield OptionList(*options, id="review-list")
            else:
                yield Static("Every question is answered and none is flagged.", id="review-list")
            with Horizontal(id="review-buttons"):
                yield Button("Submit the exam (s)", id="review-submit", variant="primary")
                yield Button("Back to the question (Esc)", id="review-back")
        yield Footer()

    def on_mount(self) -> None:
        lists = self.query(OptionList)
        self.set_focus(lists.first() if lists else self.query_one("#review-submit", Button))

    def action_submit(self) -> None:
        self.dismiss(SUBMIT)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_select()
        elif isinstance(focused, Button):
            focused.press()

    @on(OptionList.OptionSelected, "#review-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        target = self.targets[event.option_index]
        if target is not None:
            self.dismiss(target)

    @on(Button.Pressed, "#review-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#review-back")
    def _back_pressed(self) -> None:
        self.dismiss(None)
