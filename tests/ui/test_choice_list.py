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
