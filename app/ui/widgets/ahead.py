"""What a question screen shows next, drawn before the key that shows it, at the widths it may have then.

While the learner reads a question's feedback (practice) or works on a question (exams), the one after it is
known: drawing its stem's Markdown and wrapping its choices then, rather than after the key that shows it, was
about 1.5 ms of the time from that key to the next question on screen, and drawing its choices as the list will
show them (in the order the session shuffles them, numbered, the first highlighted) another. The feedback to a pick
is drawn the same way (QuestionView.draw_feedback_ahead).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import ScrollableContainer
from textual.widget import Widget

from ...core.course.model import Choice
from .blocks import DrawnText
from .choices import ChoiceList


def widths_to_come(widget: Widget, width: int) -> tuple[int, ...]:
    """`width` (one of the widget's now), and what it becomes if the scrolling pane around the widget shows or hides
    its vertical scrollbar: what is shown next may or may not need the bar the pane has now."""
    pane = next((ancestor for ancestor in widget.ancestors if isinstance(ancestor, ScrollableContainer)), None)
    if pane is None:
        return (width,)
    bar = pane.styles.scrollbar_size_vertical
    return (width, width + bar if pane.show_vertical_scrollbar else width - bar)


def draw_question_ahead(stem: DrawnText, choices: ChoiceList, stem_markdown: str, shown_choices: Sequence[tuple[int, Choice]], *, several: bool) -> None:
    """Draw `stem_markdown` in `stem`, and `shown_choices` (in the order they will be shown) in `choices`, at the
    widths they may have when shown."""
    # Their widths now, or, while they are hidden (a practice run's summary), those they were last drawn at.
    stem_width = stem.size.width or stem.drawn_width
    choices_width = choices.scrollable_content_region.width or choices.drawn_width
    if not stem_width or not choices_width:
        return  # never laid out
    for width in widths_to_come(stem, stem_width):
        stem.draw_markdown_ahead(stem_markdown, width)
    choices.draw_ahead(shown_choices, several=several, content_widths=widths_to_come(choices, choices_width))
