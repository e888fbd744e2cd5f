"""Question statistics as `coldstart stats questions` prints them and the app's table shows them."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..core.progress.question_stats import SHORT_FLAGS, QuestionStats
from ..core.text import printable
from ..core.wording import count_of
from .inline import inline_markdown
from .palette import TERMINAL, Palette
from .text import MISSING, percent, seconds_text, signed

__all__ = ["COLUMNS", "details", "row"]

# Each column's heading and how its cells line up.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Question", "left"),
    ("Tries", "right"),
    ("Right", "right"),
    ("D", "right"),
    ("Time", "right"),
    ("Top wrong", "left"),
    ("Flags", "left"),
)


def row(q: QuestionStats, palette: Palette = TERMINAL) -> tuple[Text | str, ...]:
    """One question's cells, in the order of COLUMNS (its id, read from the database, as printable Text:
    brackets never read as markup and control characters stay inert)."""
    wrong = q.most_chosen_wrong
    return (
        Text(printable(q.question_id)),
        str(q.attempts),
        percent(q.proportion_correct),
        signed(q.discrimination),
        seconds_text(q.mean_seconds),
        f"{wrong.letter} ×{wrong.picks}" if wrong else MISSING,
        Text(" ".join(SHORT_FLAGS.get(f, f) for f in q.flags), style=f"bold {palette.warning}"),
    )


def details(q: QuestionStats, root: Path, palette: Palette = TERMINAL) -> Group:
    """One question in full: where it is (inside the course folder `root`), its figures, its choices with
    their picks (a choice's whole text, wrapped beside its bar), its flags."""
    text = Text.assemble((q.question_id, "bold"))
    if q.location is not None:
        file = q.location.file
        text.append(f"  {file.relative_to(root) if file.is_relative_to(root) else file}:{q.location.line}", style=palette.muted)
    text.append(f"\n{count_of(q.attempts, 'answer')} from {count_of(q.learners, 'learner')}, {percent(q.proportion_correct)} right")
    if q.mean_seconds is not None:
        text.append(f", {seconds_text(q.mean_seconds)} on average")
    text.append("\nDiscrimination: ")
    text.append(signed(q.discrimination) if q.discrimination is not None else q.discrimination_note or MISSING)
    if q.generated:
        text.append("\nGenerated question: its choices change with every drawing, so picks are not compared.", style=palette.muted)
    choices = Table.grid(padding=(0, 1))
    choices.add_column(no_wrap=True)  # ✓ and the letter
    choices.add_column(no_wrap=True)  # the share of picks as a bar
    choices.add_column(no_wrap=True, justify="right")  # the picks
    choices.add_column(ratio=1)  # the choice, wrapped
    for c in q.choices:
        share = c.picks / q.attempts if q.attempts else 0.0
        filled = round(share * 10)
        choices.add_row(
            Text(f"{'✓' if c.correct else ' '} {c.letter}", style=palette.good if c.correct else ""),
            Text.assemble(("█" * filled, palette.good if c.correct else palette.bad), ("░" * (10 - filled), palette.muted)),
            Text(f"{c.picks:>3}"),
            inline_markdown(c.text),  # the course's Markdown drawn, as in practice
        )
    notes = Text()
    for flag in q.flags:
        notes.append(f"\n⚑ {q.describe_flag(flag)}", style=f"bold {palette.warning}")
    if q.older_answers:
        notes.append(f"\n{count_of(q.older_answers, 'answer')} to earlier versions of this question are not counted.", style=palette.muted)
    return Group(text, choices, *([notes[1:]] if notes else []))
