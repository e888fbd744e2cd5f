"""A question on screen: its stem, its choices (one or several to pick), and, after an answer, why."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...core.course.model import Question
from .ahead import draw_question_ahead, widths_to_come
from .blocks import DrawnText, parsed_markdown
from .choices import ChoiceList


class QuestionView(Vertical):
    """Shows one question at a time (`show`). `order` lists the question's own choice indexes in display order.

    One view shows question after question: each `show` updates its stem, instruction and choice list in
    place, which is far cheaper than mounting (styling, laying out) a new view per question. The stem and the
    feedback are Markdown drawn by Rich in one widget each (DrawnText, drawn once per width): Textual's Markdown
    widget mounts a widget per paragraph and list item, and building, styling and measuring them was most of the
    time between a key and the next question or the feedback on screen.
    """

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView .stem { margin: 0 0 1 0; padding: 0 2; }
    QuestionView ChoiceList { height: auto; max-height: 100%; }
    QuestionView .choose { color: $warning; text-style: bold; }
    QuestionView .feedback { height: auto; margin: 1 0 0 0; border: round $success; padding: 0 1; }
    QuestionView .feedback.-wrong { border: round $error; }
    """

    def __init__(self, question: Question | None = None, order: tuple[int, ...] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.order = order or ()

    def compose(self) -> ComposeResult:
        yield DrawnText(classes="stem")
        yield Static(classes="choose")
        yield ChoiceList((), position=0, several=False, classes="choices")
        feedback = DrawnText(classes="feedback")
        feedback.display = False  # until an answer: set before mounting, so it is styled once
        yield feedback

    def on_mount(self) -> None:
        if self.question is not None:
            self.show(self.question, self.order)

    def show(self, question: Question, order: tuple[int, ...] | None = None) -> None:
        """Show `question` (its choices in `order`, if given), unanswered, with the choices focused."""
        order = order or tuple(range(len(question.choices)))
        choices = self.query_one(ChoiceList)
        if self._showing_unanswered(question, order):
            choices.take_focus()  # nothing else to change (a practice screen prepared with the question ahead)
            return
        self.question = question
        self.order = order
        self.query_one(".stem", DrawnText).show_markdown(question.stem)
        instruction = question.kind.instruction(question.choose)
        choose = self.query_one(".choose", Static)
        choose.update(Text(instruction))
        choose.display = bool(instruction)
        self.query_one(".feedback").display = False
        choices.show([(i, question.choices[i]) for i in self.order], position=0, several=question.kind.several)
        choices.disabled = False
        choices.take_focus()

    def _showing_unanswered(self, question: Question, order: tuple[int, ...]) -> bool:
        """Whether this view shows `question` in `order` as `show` leaves it: nothing picked, no feedback."""
        if self.question is None or order != self.order or not (question is self.question or question == self.question):
            return False
        choices = self.query_one(ChoiceList)
        return not (choices.picked or choices.disabled or choices.highlighted != 0 or self.query_one(".feedback").display)

    @property
    def picked(self) -> frozenset[int]:
        """The picked choices, as the question's own indexes."""
        return self.query_one(ChoiceList).picked

    def toggle(self, position: int) -> None:
        """Pick (one to pick) or toggle (several) the choice shown at `position` (0-based)."""
        self.query_one(ChoiceList).toggle(position)

    def dim_choices(self) -> None:
        """Show the choices as they stay once answered: the list disabled (dimmed, and no longer focused)."""
        self.query_one(ChoiceList).disabled = True

    def show_feedback(self, picked: frozenset[int]) -> bool:
        """Reveal right or wrong, the key and every choice's why, and take no more picks. Returns whether the answer
        was right. The choices are dimmed by `dim_choices`: the screen does it once the feedback is on screen, the
        first thing the learner looks for (restyling and drawing the list again was a third of the time to it)."""
        self.query_one(ChoiceList).frozen = True
        correct, key, source, make = self._feedback(picked)
        feedback = self.query_one(".feedback", DrawnText)
        feedback.set_class(not correct, "-wrong")
        feedback.border_title = "Right" if correct else "Wrong"
        # Updated in place, not mounted: the box is laid out once, with the question.
        feedback.show(key, source, make)
        feedback.display = True
        return correct

    def draw_ahead(self, question: Question, order: tuple[int, ...]) -> None:
        """Draw `question`'s stem and choices (in `order`) ahead of showing it in this view (see widgets/ahead.py)."""
        shown = [(i, question.choices[i]) for i in order]
        draw_question_ahead(self.query_one(".stem", DrawnText), self.query_one(ChoiceList), question.stem, shown, several=question.kind.several)

    def draw_feedback_ahead(self) -> None:
        """Draw the feedback the choices picked now would get, at the width it will have, while the learner has yet
        to submit: submitting then shows lines already drawn (the Markdown of the whys and the explanation was a
        fifth of the time from Enter to the feedback on screen)."""
        picked = self.picked
        feedback = self.query_one(".feedback", DrawnText)
        if self.question is None or not picked or feedback.display or not self.size.width:
            return  # nothing picked, or submitted already
        _, key, _, make = self._feedback(picked)
        styles = feedback.styles
        # At the view's width, and narrower by the scrolling pane's bar, which a long feedback may bring.
        for width in widths_to_come(self, self.size.width - styles.margin.width - styles.gutter.width):
            feedback.draw_ahead(key, make, width)
        # And the choices as the feedback shows them: the list disabled, the focus gone to the buttons.
        choices = self.query_one(ChoiceList)
        choices.draw_options_ahead(disabled=True, focused=False, content_widths=widths_to_come(choices, choices.scrollable_content_region.width))

    def _feedback(self, picked: frozenset[int]) -> tuple[bool, tuple[str, str, str], str, Callable[[], RenderableType]]:
        """The feedback for `picked`: right or not, and its drawing's key, text and maker (see DrawnText.show)."""
        question = self.question
        assert question is not None, "feedback on a question shown"
        correct = question.is_correct(picked)
        right = [f"**{n + 1}**" for n, i in enumerate(self.order) if question.choices[i].correct]
        lines = [f"The answer: {', '.join(right)}.\n"]
        for n, i in enumerate(self.order):
            choice = question.choices[i]
            mark = "✓" if choice.correct else "✗"
            yours = " *(your pick)*" if i in picked else ""
            lines.append(f"- {mark} **{n + 1}**{yours}: {choice.why}")
        lines.append(f"\n{question.explanation}\n\nSource: <{question.source}>")
        heading = "✓ Correct" if correct else "✗ Not quite"
        text = "\n".join(lines)
        return correct, ("feedback", heading, text), f"{heading}\n\n{text}", lambda: Group(Text(heading, style="bold"), Text(), parsed_markdown(text))
