"""The choice list on its own: page moves before the list has been laid out."""

from __future__ import annotations

import pytest
from coldstart.core.course.model import Choice
from coldstart.ui.widgets.choices import ChoiceList
from textual.app import App, ComposeResult
from ui_helpers import options_drawn


def _choices() -> list[tuple[int, Choice]]:
    return [(n, Choice(text=f"Choice number {n}", correct=n == 0, why="Because.")) for n in range(4)]


class _HiddenList(App[None]):
    """A list that is never laid out (display: none), as a list is in the moment before its first layout."""

    def compose(self) -> ComposeResult:
        choices = ChoiceList(_choices(), position=0, several=False)
        choices.display = False
        yield choices


async def test_page_keys_before_the_first_layout_move_to_the_ends_instead_of_crashing() -> None:
    app = _HiddenList()
    async with app.run_test() as pilot:
        choices = app.query_one(ChoiceList)
        choices.highlighted = 1
        choices.action_page_down()  # Textual's own page move raised KeyError here
        assert choices.highlighted == 3
        choices.action_page_up()
        assert choices.highlighted == 0
        await pilot.pause()
        assert app.is_running


class _ShownList(App[None]):
    def compose(self) -> ComposeResult:
        yield ChoiceList(_choices(), position=0, several=True)


async def test_each_choice_is_wrapped_once_for_its_width_and_not_again_when_picked(monkeypatch) -> None:
    """The option list measures a prompt, then draws it plain and highlighted, and again at each layout and each
    pick: a choice's text is wrapped once for its width, and a pick (a new marker beside it) wraps nothing."""
    from coldstart.ui.widgets import choices as module

    wrapped: list[str] = []
    inline_markdown = module.inline_markdown
    monkeypatch.setattr(module, "inline_markdown", lambda text, *args, **kwargs: wrapped.append(text) or inline_markdown(text, *args, **kwargs))
    app = _ShownList()
    async with app.run_test(size=(40, 20)) as pilot:
        choices = app.query_one(ChoiceList)
        await pilot.pause()
        choices.highlighted = 2  # drawn highlighted, and the first one plain again
        await pilot.pause()
        assert sorted(wrapped) == [f"Choice number {n}" for n in range(4)]
        wrapped.clear()
        choices.toggle(1)  # its marker changes
        await pilot.pause()
        assert wrapped == []
        assert "[x]" in choices.get_option_at_index(1).prompt.head.plain


@pytest.mark.parametrize("width", [12, 30, 57, 76, 120])
def test_a_prompt_is_drawn_as_a_grid_of_its_head_and_its_text_draws_it(width: int) -> None:
    """The head (marker, number) in a column of its own width, the text wrapped beside it in a hanging indent:
    the same segments as the Rich grid the list used to draw, without measuring and wrapping at every drawing."""
    from collections import OrderedDict

    from coldstart.present.inline import inline_markdown
    from coldstart.ui.widgets.choices import ChoicePrompt
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(width=200, color_system="truecolor")
    options = console.options.update(width=width, height=None)
    texts = ["Short", "Use `aws lambda invoke` with **--invocation-type Event**; the call returns at once " * 2, "a [bold] b", "x" * 150, ""]
    for text in texts:
        for head in (Text.assemble("( )", " ", ("1", "bold"), "  "), Text.assemble(("[x]", "bold"), " ", ("12", "bold"), "  ")):
            grid = Table.grid()
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(head, inline_markdown(text))
            expected = console.render_lines(grid, options, pad=False, new_lines=False)
            assert console.render_lines(ChoicePrompt(head, text, OrderedDict()), options, pad=False, new_lines=False) == expected


class _LongChoices(App[None]):
    def compose(self) -> ComposeResult:
        long = "A choice long enough to wrap at this width, with `inline code` and **bold** words, as course text has. " * 2
        yield ChoiceList([(n, Choice(text=f"{n}: {long}", correct=n == 0, why="Because.")) for n in range(4)], position=0, several=False)


async def test_each_option_is_drawn_as_textual_draws_it_and_the_feedbacks_choices_ahead_of_the_feedback(monkeypatch) -> None:
    """Choices are drawn once for every list (kept by look, style and width) and ahead of the feedback (the list
    disabled, the focus gone): drawn the same as Textual's own `_get_option_render`, in every state."""
    from textual.widgets import OptionList

    app = _LongChoices()
    async with app.run_test(size=(80, 30)) as pilot:
        choices = app.query_one(ChoiceList)
        choices.focus()
        choices.toggle(2)
        await pilot.pause()

        def as_textual_draws(option: object, style: object) -> list[object]:
            choices._option_render_cache.clear()
            return [list(strip) for strip in OptionList._get_option_render(choices, option, style)]  # type: ignore[arg-type]

        def as_drawn(option: object, style: object) -> list[object]:
            choices._option_render_cache.clear()
            return [list(strip) for strip in choices._get_option_render(option, style)]  # type: ignore[arg-type]

        def compare_every_option() -> None:
            plain = choices.get_visual_style("option-list--option")
            highlighted = choices.get_visual_style("option-list--option", "option-list--option-highlighted")
            for option in choices.options:
                for style in (plain, highlighted):
                    assert as_drawn(option, style) == as_textual_draws(option, style)
                    assert as_drawn(option, style) == as_textual_draws(option, style)  # looked up the second time

        compare_every_option()
        assert (False, True) in choices._styles_seen  # drawn enabled and focused

        choices.disabled = True  # as for a question's feedback
        await pilot.pause()
        compare_every_option()
        assert (True, False) in choices._styles_seen

        choices.disabled = False
        choices.focus()
        choices.toggle(1)  # another pick, then its feedback's choices drawn ahead
        await pilot.pause()
        width = choices.scrollable_content_region.width
        choices.draw_options_ahead(disabled=True, focused=False, content_widths=[width])
        drawn = options_drawn(monkeypatch, choices)
        choices.disabled = True
        await pilot.pause()
        assert choices.region.height and drawn == []  # shown disabled: every option looked up
        compare_every_option()
