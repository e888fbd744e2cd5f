"""The choices of a question, each shown whole and numbered, to pick one (radio) or several (check boxes).

`ChoiceList` stands in for both a RadioSet (pick one) and a SelectionList (pick several).
Textual draws each of their options on one line and cuts it off with "…", and about half the choices in
the bundled course are longer than an 80-column line; an OptionList wraps every option to the width, so
each choice is shown whole, with a hanging indent after its marker and number. Practice and exams share it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Padding, Visual, visualize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.course.model import Choice
from ...present.inline import inline_markdown
from .drawn_once import KeptPerStylesheet, remembered

__all__ = ["ChoiceList", "ChoicePrompt", "choice_marker"]

# A choice's text wrapped to a width, line by line: (the choice's text, the width it may take) -> its lines.
Wrapped = OrderedDict[tuple[str, int], list[list[Segment]]]

# The heads drawn (marker and number, at their own width), by their text, styles and width.
_drawn_heads: OrderedDict[tuple[object, ...], list[list[Segment]]] = OrderedDict()
HEADS_KEPT = 512


def drawn_head(console: Console, head: Text, options: ConsoleOptions) -> list[list[Segment]]:
    """A prompt's head drawn, kept per look: a list has a handful ("( ) 1", "(•) 1", …) and draws each prompt
    several times a frame (to learn its height, plain, highlighted); drawing the head was half of drawing one."""
    key = (head.plain, str(head.style), tuple(head.spans), options.max_width)
    return remembered(_drawn_heads, key, lambda: console.render_lines(head, options), HEADS_KEPT)


def choice_marker(several: bool, picked: bool) -> str:
    """A choice's box: [x] / [ ] when several may be picked, (•) / ( ) when one is."""
    if several:
        return "[x]" if picked else "[ ]"
    return "(•)" if picked else "( )"


class ChoicePrompt:
    """A choice as the list shows it: its head (marker and number) beside its text, the text in a hanging indent.

    Drawn as a Rich grid of the two columns draws it, segment for segment (the head's column as wide as the head,
    the text's as wide as its longest line, or as the rest of the width when that is too little), but without the
    grid: a grid measures and wraps every cell each time it is drawn, and the option list draws a prompt to learn
    its height, then plain, then highlighted, and again whenever its marker changes. The text's lines are
    wrapped once per width and kept in `wrapped` (the list's), so a pick, which changes only the head, wraps
    nothing, and neither does a question seen again.
    """

    KEEP = 256  # wrapped texts kept: the choices of a 65-question exam, and more

    def __init__(self, head: Text, text: str, wrapped: Wrapped) -> None:
        self.head, self.text, self.wrapped = head, text, wrapped

    @property
    def look(self) -> tuple[object, ...]:
        """All that its drawing depends on, besides the style and width it is drawn at."""
        return (self.head.plain, str(self.head.style), tuple(self.head.spans), self.text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        head_width = self.head.cell_len
        cell = options.update(justify="left", overflow="ellipsis", height=None, highlight=False)
        head = drawn_head(console, self.head, cell.update(width=head_width, no_wrap=True))
        blank = [Segment(" " * head_width, Style())]  # the grid's empty cell
        newline = Segment.line()
        for number, line in enumerate(self._lines(console, cell.update(no_wrap=False), options.max_width - head_width)):
            yield from head[0] if number == 0 else blank
            yield from line
            yield newline

    def _lines(self, console: Console, options: ConsoleOptions, room: int) -> list[list[Segment]]:
        """The text's lines in a column as wide as its longest line, at most `room` (kept per text and room)."""

        def wrap() -> list[list[Segment]]:
            # Course text goes in as Text, so brackets in a choice are never read as markup; its inline Markdown is
            # drawn.
            text = inline_markdown(self.text)
            longest = max((Measurement.get(console, options, text).maximum, 1))
            return console.render_lines(text, options.update(width=max(1, min(longest, room))))

        return remembered(self.wrapped, (self.text, room), wrap, self.KEEP)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = Measurement.get(console, options, inline_markdown(self.text))
        return Measurement(self.head.cell_len + text.minimum, self.head.cell_len + text.maximum)


class ChoiceList(OptionList):
    """The choices of the question at `position`, in the order shown, each numbered from 1.

    With `several` False it behaves like radio buttons (picking one unpicks the other), with `several` True
    like check boxes (a question's `kind.several` says which). Space, Enter (when the screen does not take it), a click or `toggle(n)` picks. Values are
    the question's own (YAML) choice indexes, so nothing outside has to map screen order back.
    """

    BINDINGS = [Binding("space", "select", "Pick", show=False, id="choices.pick")]

    DEFAULT_CSS = """
    ChoiceList {
        border: tall $border-blurred;
        padding: 0 1;
    }
    """

    # Each choice as drawn for an option list (before Textual marks its lines with the option's index), by what
    # the drawing depends on: the prompt's look, the option's style, padding and width, the list's alignment;
    # shared by every list. Textual draws an option again for each list and each style it shows in: the choices in
    # the frame that shows a question's feedback (the list disabled) were a fifth of that frame; drawn ahead
    # (`draw_options_ahead`, `draw_ahead`), they are looked up.
    _drawn_options: ClassVar[KeptPerStylesheet[tuple[object, ...], list[Strip]]] = KeptPerStylesheet(keep=1024)

    @dataclass
    class Changed(Message):
        """What is picked at `position` changed, by key or by mouse.

        The position travels with the message, so a pick made just before moving on is never taken for
        a pick on the next question.
        """

        choice_list: ChoiceList
        position: int
        picked: frozenset[int]

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(
        self,
        shown: Sequence[tuple[int, Choice]],
        *,
        position: int,
        several: bool,
        picked: frozenset[int] = frozenset(),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.shown = tuple(shown)
        self.position = position
        self.several = several
        self.picked = frozenset(picked)
        # Picks are taken no more (an answer was submitted): at once, where disabling the list, which restyles and
        # redraws it, may come a frame later.
        self.frozen = False
        self._wrapped: Wrapped = OrderedDict()  # the choices' texts, wrapped (ChoicePrompt): kept from question to question
        # The options' styles (plain, highlighted) in each state the list was drawn in, (disabled, focused): what
        # drawing ahead for a state the list is not in yet uses.
        self._styles_seen: dict[tuple[bool, bool], tuple[VisualStyle, VisualStyle]] = {}
        super().__init__(*self._options_shown(), id=id, classes=classes)

    def show(self, shown: Sequence[tuple[int, Choice]], *, position: int, several: bool, picked: frozenset[int] = frozenset()) -> None:
        """Show the choices of another question in this list: cheaper than mounting a new list, which is styled
        and laid out from scratch (the exam moves from question to question this way)."""
        self.shown = tuple(shown)
        self.position = position
        self.several = several
        self.picked = frozenset(picked)
        self.frozen = False
        self.set_options(self._options_shown())
        if self.shown:
            self.action_first()  # as a new list does: the first choice highlighted

    def take_focus(self) -> None:
        """Focus the list at once, so a key pressed as its question appears picks in it; once the question is laid
        out, bring the list into view if it does not fit, as Textual's focus does, but without animating.

        `Screen.set_focus` scrolls a widget it cannot show whole to the centre, animated, a dozen frames (about
        150 ms) before a new question held still; and it measured where the list was before the new question was
        laid out, so a question after a long feedback opened scrolled past its status line for no reason.
        """
        screen = self.screen
        if screen.focused is self:
            return
        screen.set_focus(self, scroll_visible=False)

        def into_view() -> None:
            if screen.focused is self and not screen.can_view_entire(self):
                screen.scroll_to_center(self, animate=False, origin_visible=True, immediate=True)

        self.call_after_refresh(into_view)

    def _options_shown(self) -> list[Option]:
        return [Option(self._prompt(n)) for n in range(len(self.shown))]

    def _prompt(self, n: int) -> ChoicePrompt:
        """The choice's marker and number, with its text in a hanging indent beside them."""
        own, choice = self.shown[n]
        on = own in self.picked
        return ChoicePrompt(self._head(n, len(self.shown), on, self.several), choice.text, self._wrapped)

    @staticmethod
    def _head(n: int, count: int, on: bool, several: bool) -> Text:
        """The marker and number of the n-th (0-based) of `count` choices."""
        return Text.assemble((choice_marker(several, on), "bold" if on else ""), " ", (f"{n + 1:>{len(str(count))}}", "bold"), "  ")

    def wrap_ahead(self, texts: Sequence[str], widths: Iterable[int]) -> None:
        """Wrap the choices `texts`, to be shown in this list, for each of the list's `widths` (its region's, as
        `scrollable_content_region`), so that showing them copies their lines (see ChoicePrompt)."""
        if not texts:
            return
        console = self.app.console
        inset = self._get_left_gutter_width() + self.get_component_styles("option-list--option").padding.width
        head_width = self._head(0, len(texts), False, self.several).cell_len
        for width in widths:
            drawn = width - inset  # the width an option is drawn at
            if drawn - head_width <= 0:
                continue
            options = console.options.update(width=drawn, justify="left", overflow="ellipsis", height=None, highlight=False, no_wrap=False)
            for text in texts:
                ChoicePrompt(Text(), text, self._wrapped)._lines(console, options, drawn - head_width)

    # --- drawing the options -----------------------------------------------------------------------------------

    # The width of its content when it was last drawn: what a drawing ahead uses while the list is hidden.
    drawn_width: int = 0

    def render_lines(self, crop: Region) -> list[Strip]:
        self.drawn_width = self.scrollable_content_region.width
        self._styles_seen[(self.disabled, self.has_focus)] = (
            self.get_visual_style("option-list--option"),
            self.get_visual_style("option-list--option", "option-list--option-highlighted"),
        )
        return super().render_lines(crop)

    def _get_option_render(self, option: Option, style: VisualStyle) -> list[Strip]:
        """Textual's (8.2.8), with each choice's drawing looked up in `_drawn_options` first."""
        prompt = option.prompt
        if not isinstance(prompt, ChoicePrompt) or self.text_selection is not None:
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is None:
            meta = {"option": self._option_to_index[option]}
            strips = [strip.apply_meta(meta) for strip in self._drawn_option(prompt, style, padding, self._option_width())]
            self._option_render_cache[cache_key] = strips
        return strips

    def _option_width(self, content_width: int | None = None) -> int:
        width = self.scrollable_content_region.width if content_width is None else content_width
        return width - self._get_left_gutter_width()

    def _drawn_option(self, prompt: ChoicePrompt, style: VisualStyle, padding: Spacing, width: int) -> list[Strip]:
        """The choice drawn as Textual's `_get_option_render` draws it, but for its index; looked up if drawn before."""
        # And what Textual's drawing reads of the list's own CSS: its text alignment. (Its link style too, which
        # changes with its state as `style` does, and no list's CSS sets apart.)
        key = (prompt.look, style, padding, width, self.styles.text_align, self.styles.content_align)

        def draw() -> list[Strip]:
            visual: Visual = visualize(self, prompt, markup=self._markup)
            if padding:
                visual = Padding(visual, padding)
            strips = Visual.to_strips(self, visual, width, None, style)
            return [strip.extend_cell_length(width, style.rich_style) for strip in strips]

        return self._drawn_options.get(self.app, key, draw)

    def draw_options_ahead(self, *, disabled: bool, focused: bool, content_widths: Iterable[int]) -> None:
        """Draw the options as they are now (picks, highlight) in the style of a state the list will be in (as for
        a question's feedback: disabled, not focused), at each of `content_widths` (its region's, as
        `scrollable_content_region`)."""
        prompts = [option.prompt for option in self.options if isinstance(option.prompt, ChoicePrompt)]
        self._draw_prompts_ahead(prompts, self.highlighted, (disabled, focused), content_widths)

    def draw_ahead(self, shown: Sequence[tuple[int, Choice]], *, several: bool, content_widths: Iterable[int]) -> None:
        """Draw the choices `shown` (in the order shown) as `show` will show them: nothing picked, the first
        highlighted, the list enabled and focused; at each of `content_widths` (as in `draw_options_ahead`)."""
        widths = tuple(content_widths)
        self.wrap_ahead([choice.text for _, choice in shown], widths)
        prompts = [ChoicePrompt(self._head(n, len(shown), False, several), choice.text, self._wrapped) for n, (_, choice) in enumerate(shown)]
        self._draw_prompts_ahead(prompts, 0, (False, True), widths)

    def _draw_prompts_ahead(self, prompts: Sequence[ChoicePrompt], highlighted: int | None, state: tuple[bool, bool], content_widths: Iterable[int]) -> None:
        """Draw `prompts` in the styles of `state` (disabled, focused), once the list has been drawn in that state
        (before, its styles are not known), the `highlighted` one highlighted."""
        styles = self._styles_seen.get(state)
        if styles is None or self.text_selection is not None:
            return
        plain, highlighted_style = styles
        padding = self.get_component_styles("option-list--option").padding
        for content_width in content_widths:
            width = self._option_width(content_width)
            for index, prompt in enumerate(prompts):
                self._drawn_option(prompt, highlighted_style if index == highlighted else plain, padding, width)

    def toggle(self, n: int) -> None:
        """Pick (or, when several may be picked, unpick) the choice shown n-th (0-based), and say so."""
        if self.frozen or not 0 <= n < len(self.shown):
            return
        own = self.shown[n][0]
        if self.several:
            self.picked = self.picked ^ {own}
        elif own in self.picked:
            return  # like a radio button: picking the picked choice again changes nothing
        else:
            self.picked = frozenset({own})
        for index in range(len(self.shown)):
            self.replace_option_prompt_at_index(index, self._prompt(index))
        self.highlighted = n
        self.post_message(self.Changed(self, self.position, self.picked))

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        # Before its first layout an OptionList has measured no lines, and Textual's page move then looks up a
        # line that does not exist (KeyError): a PageDown pressed as practice opens closed the app. Until the
        # lines exist, a page move goes to the first or last choice, which is where it would land anyway.
        if not self._index_to_line:
            self.highlighted = 0 if direction < 0 else len(self.shown) - 1
            return
        super()._move_page(direction)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)
