"""The exam's top line: its title, the question's number and the countdown, drawn as one widget."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from ...core.exam import TimerState

__all__ = ["ExamBar"]

# The countdown's look in each state of the exam's clock.
CLOCK_LOOKS: dict[TimerState, str] = {
    "normal": "exam-bar--countdown", "warning": "exam-bar--warning", "final": "exam-bar--final", "expired": "exam-bar--final",
}  # fmt: skip

COUNTDOWN_TIP = "When it reaches zero the exam is submitted with what you answered."


class ExamBar(Widget, can_focus=False):
    """The title on the left (bold, cut at a word if the line is short), then the question's number and the time
    left, each as wide as its text: what a row of three Statics drew (the title's 1fr wide, the others auto), as
    one widget. The exam's first frame is this line and the footer, and each widget in it is a widget mounted,
    styled and laid out before anything shows; a new number or time is a repaint of the line, not a layout.
    The countdown turns `warning`, then `final`, as the time runs out; hovering it says what zero means.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"exam-bar--title", "exam-bar--countdown", "exam-bar--warning", "exam-bar--final"}
    DEFAULT_CSS = """
    ExamBar {
        dock: top;
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    ExamBar > .exam-bar--title, ExamBar > .exam-bar--countdown {
        text-style: bold;
    }
    ExamBar > .exam-bar--warning {
        background: $warning;
        color: $text;
        text-style: bold;
    }
    ExamBar > .exam-bar--final {
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    POSITION_PADDING = 2  # columns each side of the question's number
    COUNTDOWN_PADDING = 1  # ... and of the time left

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.position = ""
        self.countdown = ""
        self.clock_state: TimerState = "normal"

    def show_position(self, text: str) -> None:
        if text != self.position:
            self.position = text
            self.refresh()

    def show_countdown(self, text: str, state: TimerState) -> None:
        if (text, state) != (self.countdown, self.clock_state):
            self.countdown, self.clock_state = text, state
            self.refresh()

    def _parts(self) -> tuple[str, str]:
        position = f"{' ' * self.POSITION_PADDING}{self.position}{' ' * self.POSITION_PADDING}" if self.position else ""
        countdown = f"{' ' * self.COUNTDOWN_PADDING}{self.countdown}{' ' * self.COUNTDOWN_PADDING}" if self.countdown else ""
        return position, countdown

    def render(self) -> Text:
        width = self.content_region.width
        position, countdown = self._parts()
        room = max(0, width - cell_len(position) - cell_len(countdown))
        title_style = self.get_component_rich_style("exam-bar--title", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        # A title too long for the room shows its first line, as the Static it replaces did (cut at a word).
        shown = ""
        if room:
            wrapped = Text(self.title).wrap(self.app.console, room)
            shown = wrapped[0].plain.rstrip() if len(wrapped) else ""
        line.append(shown.ljust(room), title_style)
        line.append(position)
        line.append(countdown, self._look(CLOCK_LOOKS[self.clock_state]))
        return line

    def _look(self, component: str) -> Style:
        """A component's style as a widget styled so would draw it: its background over the bar's, and a colour of
        `auto` (`$text` is "auto 87%") made readable on that background, at its alpha."""
        styles = self.get_component_styles(component)
        if not styles.has_rule("background"):
            return self.get_component_rich_style(component, partial=True)
        background = self.styles.background + styles.background
        colour = background + (background.get_contrast_text(styles.color.a) if styles.auto_color else styles.color)
        return Style(color=colour.rich_color, bgcolor=background.rich_color) + styles.text_style

    def on_mouse_move(self, event: events.MouseMove) -> None:
        _, countdown = self._parts()
        on_countdown = event.x >= self.outer_size.width - self.styles.padding.right - cell_len(countdown)  # x counts the padding
        tip = COUNTDOWN_TIP if on_countdown and countdown else None
        if tip != self.tooltip:
            self.tooltip = tip

    def on_leave(self, _: events.Leave) -> None:
        self.tooltip = None
