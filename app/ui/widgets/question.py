"""A question on screen: its stem, its choices (one or several to pick), and, after an answer, why."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from app.core.course.model import Question

LETTERS = "ABCDEFGHIJ"
CHOOSE_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def choose_text(count: int) -> str:
    return f"Choose {CHOOSE_WORDS.get(count, count)}"


class QuestionView(Vertical):
    """Shows one question. `order` lists the question's own choice indexes in display order."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView .stem { margin: 0 0 1 0; }
    QuestionView .stem MarkdownParagraph:last-of-type { margin: 0; }
    QuestionView RadioSet, QuestionView SelectionList { width: 100%; height: auto; border: round $panel; }
    QuestionView RadioSet:focus, QuestionView SelectionList:focus { border: round $accent; }
    QuestionView .choose { color: $warning; text-style: bold; }
    QuestionView .feedback { height: auto; margin: 1 0 0 0; border: round $success; padding: 0 1; }
    QuestionView .feedback.-wrong { border: round $error; }
    QuestionView .feedback Markdown { margin: 0; }
    """

    def __init__(self, question: Question, order: tuple[int, ...] | None = None) -> None:
        super().__init__()
        self.question = question
        self.order = order or tuple(range(len(question.choices)))

    def compose(self) -> ComposeResult:
        question = self.question
        yield Markdown(question.stem, classes="stem")
        labels = [Text(f"{LETTERS[n]}. ") + Text(question.choices[i].text) for n, i in enumerate(self.order)]
        if question.type == "multiple":
            yield Static(Text(f"{choose_text(question.choose)}."), classes="choose")
            yield SelectionList[int](*(Selection(label, n) for n, label in enumerate(labels)), classes="choices")
        else:
            yield RadioSet(*(RadioButton(label) for label in labels), classes="choices")
        yield Vertical(classes="feedback")

    def on_mount(self) -> None:
        self.query_one(".feedback").display = False

    def focus_choices(self) -> None:
        for choices in self.query(".choices"):  # none once the view is leaving
            choices.focus()

    @property
    def picked(self) -> frozenset[int]:
        """The picked choices, as the question's own indexes."""
        choices = self.query_one(".choices")
        if isinstance(choices, SelectionList):
            return frozenset(self.order[n] for n in choices.selected)
        assert isinstance(choices, RadioSet)
        return frozenset() if choices.pressed_index < 0 else frozenset({self.order[choices.pressed_index]})

    def toggle(self, position: int) -> None:
        """Pick (single) or toggle (multiple) the choice shown at `position` (0-based)."""
        if not 0 <= position < len(self.order):
            return
        choices = self.query_one(".choices")
        if isinstance(choices, SelectionList):
            choices.toggle(position)
        else:
            assert isinstance(choices, RadioSet)
            buttons = list(choices.query(RadioButton))
            buttons[position].value = True

    def freeze_choices(self) -> None:
        self.query_one(".choices").disabled = True

    def show_feedback(self, picked: frozenset[int]) -> bool:
        """Reveal right or wrong, the key and every choice's why. Returns whether the answer was right."""
        question = self.question
        correct = question.is_correct(picked)
        lines = ["### ✓ Correct" if correct else "### ✗ Not quite"]
        right = [f"**{LETTERS[n]}**" for n, i in enumerate(self.order) if question.choices[i].correct]
        lines.append(f"The answer: {', '.join(right)}.\n")
        for n, i in enumerate(self.order):
            choice = question.choices[i]
            mark = "✓" if choice.correct else "✗"
            yours = " *(your pick)*" if i in picked else ""
            lines.append(f"- {mark} **{LETTERS[n]}**{yours}: {choice.why}")
        lines.append(f"\n{question.explanation}\n\nSource: <{question.source}>")
        feedback = self.query_one(".feedback", Vertical)
        feedback.set_class(not correct, "-wrong")
        feedback.border_title = "Right" if correct else "Wrong"
        feedback.remove_children()
        feedback.mount(Markdown("\n".join(lines)))
        feedback.display = True
        self.freeze_choices()
        return correct
