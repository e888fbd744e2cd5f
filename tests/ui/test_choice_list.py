"""The choice list on its own: page moves before the list has been laid out."""

from __future__ import annotations

from coldstart.core.course.model import Choice
from coldstart.ui.widgets.choices import ChoiceList
from textual.app import App, ComposeResult


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


async def test_each_choice_is_laid_out_once_for_its_width_and_again_only_when_its_marker_changes(monkeypatch) -> None:
    """The option list measures a prompt, then draws it plain and highlighted, and again at each layout: the grid of
    marker, number and text is laid out once (a Rich table measures every cell each time)."""
    from rich.table import Table

    laid_out: list[str] = []
    table_drawing = Table.__rich_console__

    def counted(self: Table, console, options):
        laid_out.append(self.columns[1]._cells[0].plain)
        yield from table_drawing(self, console, options)

    monkeypatch.setattr(Table, "__rich_console__", counted)
    app = _ShownList()
    async with app.run_test(size=(40, 20)) as pilot:
        choices = app.query_one(ChoiceList)
        await pilot.pause()
        choices.highlighted = 2  # drawn highlighted, and the first one plain again
        await pilot.pause()
        assert sorted(laid_out) == [f"Choice number {n}" for n in range(4)]
        laid_out.clear()
        choices.toggle(1)  # its marker changes: that one choice is laid out again
        await pilot.pause()
        assert laid_out == ["Choice number 1"]
        assert "[x]" in choices.get_option_at_index(1).prompt.key[0]
