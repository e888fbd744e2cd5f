"""Inline Markdown in one-line course text: drawn as meant, while Rich markup stays as written."""

from __future__ import annotations

from coldstart.core.course.model import Choice
from coldstart.present.inline import CODE_STYLE, inline_markdown, reflow
from coldstart.ui.command_palette import _inline_markdown_markup
from coldstart.ui.widgets.choices import ChoiceList
from rich.style import Style
from textual.app import App, ComposeResult
from textual.content import Content


def styles(text: str) -> list[tuple[str, str]]:
    drawn = inline_markdown(text)
    return [(drawn.plain[span.start : span.end], str(span.style)) for span in drawn.spans]


def test_code_bold_italics_and_links_are_drawn_without_their_syntax() -> None:
    drawn = inline_markdown("Run `sam deploy` with **care**, *now*, see [the docs](https://aws.example/x)")
    assert drawn.plain == "Run sam deploy with care, now, see the docs"
    assert styles("Run `sam deploy` with **care**, *now*, see [the docs](https://aws.example/x)") == [
        ("sam deploy", CODE_STYLE),
        ("care", "bold"),
        ("now", "italic"),
        ("the docs", str(Style(underline=True, link="https://aws.example/x"))),
    ]


def test_markup_and_lone_symbols_stay_as_written() -> None:
    text = "[bold]not bold[/bold] 2 * 3 * 4 for snake_case_name and a `[red]` code span"
    drawn = inline_markdown(text)
    assert drawn.plain == "[bold]not bold[/bold] 2 * 3 * 4 for snake_case_name and a [red] code span"
    assert styles(text) == [("[red]", CODE_STYLE)]


def test_emphasis_nests_and_a_code_span_inside_bold_keeps_both() -> None:
    assert styles("**a `b` c**") == [("a ", "bold"), ("b", CODE_STYLE), (" c", "bold")]
    assert inline_markdown("`` a`b ``").plain == "a`b"


def test_search_help_markup_draws_the_markdown_and_keeps_brackets() -> None:
    markup = _inline_markdown_markup("Use `x[/bold` and **b**, not [bold]y[/bold] [/bo")
    content = Content.from_markup(markup)  # a snippet cut inside a tag must not break the palette
    assert content.plain == "Use x[/bold and b, not [bold]y[/bold] [/bo"
    assert [(content.plain[s.start : s.end], str(s.style)) for s in content.spans] == [("x[/bold", "bold cyan"), ("b", "bold")]


async def test_a_choice_shows_its_code_span_without_backticks_and_markup_as_written() -> None:
    class OneList(App[None]):
        def compose(self) -> ComposeResult:
            choice = Choice("Set `ReservedConcurrentExecutions` to [bold]0[/bold]", True, "")
            yield ChoiceList([(0, choice)], position=0, several=False)

    app = OneList()
    async with app.run_test(size=(80, 10)):
        screen = app.export_screenshot().replace("&#160;", " ")
    assert "ReservedConcurrentExecutions" in screen and "`" not in screen
    assert "[bold]0[/bold]" in screen


def test_reflow_reads_single_line_breaks_as_spaces_and_keeps_paragraphs() -> None:
    stem = "Once the bursts are spent, how many requests reach the function and\nsucceed?\n\nA second  paragraph\n"
    assert reflow(stem) == "Once the bursts are spent, how many requests reach the function and succeed?\n\nA second paragraph"
