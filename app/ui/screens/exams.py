"""Practice exams: the course's blueprints, the unfinished exam to resume, and past results with their trend.

Starting, resuming and discarding go through the app (`exam_flow.py` asks the questions they need).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from ...core.exam import ExamError, ExamRecord, HistoryEntry, check_blueprint
from ...present import exam_history
from ..context import ColdstartAware, CourseApp
from ..focusing import focus_at_once
from ..restyling import ReadingPane, StyledAtMount
from ..textual_fixes import make_ready_off_screen
from ..theme_palette import theme_palette
from ..widgets.footer import Footer
from ..widgets.header import Header
from .exam import ExamScreen
from .exam_flow import describe_unfinished, start_exam, unfinished_exam
from .exam_results import ExamResultsScreen

if TYPE_CHECKING:
    from ...core.course.model import Blueprint

__all__ = ["ExamsScreen", "trend_chart"]

_BLOCKS = " ▁▂▃▄▅▆▇█"


def trend_chart(entries: Sequence[HistoryEntry], *, height: int = 4, last: int = 30) -> str:
    """The last scores as a bar chart in Content markup: a column per exam, oldest on the left.

    Passed exams are drawn in the success colour, failed ones in the error colour, and a ↻ under a
    column marks a retake of missed questions (a smaller, harder exam, so its score reads differently).
    """
    shown = list(entries)[-last:]
    rows = []
    for row in reversed(range(height)):
        label = "100% " if row == height - 1 else "  0% " if row == 0 else "     "
        cells = []
        for entry in shown:
            # At least one eighth, so a 0% exam still shows as a column rather than a gap.
            eighths = max(1, round(entry.score / 100 * height * 8))
            block = _BLOCKS[max(0, min(8, eighths - row * 8))]
            cells.append(f"[{'$text-success' if entry.passed else '$text-error'}]{block}[/] ")
        rows.append(f"[$text-muted]{label}[/]" + "".join(cells))
    rows.append("     " + "".join("↻ " if entry.retake_of is not None else "  " for entry in shown))
    return "\n".join(rows)


def _blueprint_option(blueprint: Blueprint, app: CourseApp) -> Option:
    course = app.course
    domains = ", ".join(
        f"{(d.name if (d := course.domain(key)) else key)} {weight:g}%" for key, weight in blueprint.domain_weights.items()
    )
    facts = f"{blueprint.question_count} questions · {blueprint.minutes} minutes · pass mark {blueprint.pass_mark:g}%"
    if blueprint.pausable:
        facts += " · pausable"
    label = Text.assemble((blueprint.title, "bold"), "\n", facts, "\n", (domains, "dim"))
    if blueprint.description:
        label.append("\n" + " ".join(blueprint.description.split()), style="italic")
    for notice in check_blueprint(blueprint, course):
        label.append(f"\n⚠ {notice}", style="bold")
    return Option(label, id=blueprint.id)


class ExamsScreen(StyledAtMount, ColdstartAware, Screen[None]):
    """Choose a practice exam, resume the unfinished one, look back at past results."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to where you were", id="exams.back"),
        Binding("s", "start_selected", "Start", tooltip="Start the highlighted exam (or press Enter on it)", id="exams.start"),
        Binding("r", "resume", "Resume", tooltip="Go back to the exam you have not finished", id="exams.resume"),
        Binding("d", "discard", "Discard", tooltip="Throw away the unfinished exam (asks first)", id="exams.discard"),
    ]

    # No widget focused on compose: on_mount focuses the one that takes the keys, and focusing another first
    # restyled it twice (focus, then blur) for nothing.
    AUTO_FOCUS = ""  # (None would mean the app's, "*")

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: ExamRecord | None = None  # as last read from the database
        self._read_at_mount = False  # the state was read in on_mount, just before the first resume

    def compose(self) -> ComposeResult:
        course = self._app.course
        yield Header()
        with ReadingPane(id="exams"):
            yield Static("Practice exams", classes="heading")
            yield Static(
                "Timed like the real exam, with no feedback until you submit; every answer also feeds your "
                "review schedule. Enter or a click starts one.",
                id="exams-intro",
            )
            # Filled when there is an unfinished exam (_show_unfinished): mostly there is none, and its text and
            # two buttons were a fifth of the widgets this screen mounted.
            unfinished = Horizontal(id="unfinished")
            unfinished.display = False
            yield unfinished
            if course.blueprints:
                yield OptionList(*(_blueprint_option(b, self._app) for b in course.blueprints), id="blueprints")
            else:
                yield Static(Text(f"{course.title} has no practice exams."), id="blueprints")
            yield Static("Past exams", classes="heading")
            yield Static(id="trend")
            yield Static(id="trend-legend")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static("No exams taken yet.", id="no-history")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Practice exams"
        self.query_one("#history", DataTable).add_columns(*(name for name, _ in exam_history.COLUMNS))
        self.refresh_state()
        self._read_at_mount = True
        blueprints = self.query_one("#blueprints")
        focus_at_once(self, blueprints if isinstance(blueprints, OptionList) else self.query_one("#exams"))

    def on_screen_resume(self) -> None:
        """Read the state again when coming back (from an exam, its results, a dialog); not on the first resume,
        which follows the mount at once: reading it twice was a third of the work of opening the screen."""
        self._draw_ahead_soon()  # the paper drawn ahead was used, if an exam was started from here
        if self._read_at_mount:
            self._read_at_mount = False
            return
        self.refresh_state()

    # --- the next paper, drawn while the learner chooses ------------------------------------------------------------

    _draw_ahead_asked = False

    @on(OptionList.OptionHighlighted, "#blueprints")
    def _draw_ahead_soon(self) -> None:
        """Draw the highlighted exam's paper once this frame is drawn (ExamDesk.draw_ahead): starting it then only
        stores it and shows its first question."""
        if not self._draw_ahead_asked:
            self._draw_ahead_asked = True
            self.call_after_refresh(self._draw_ahead)

    def _draw_ahead(self) -> None:
        self._draw_ahead_asked = False
        blueprints = self.query_one("#blueprints")
        if not self.is_current or not isinstance(blueprints, OptionList) or blueprints.highlighted is None:
            return
        blueprint = self._app.course.blueprint(blueprints.get_option_at_index(blueprints.highlighted).id or "")
        if blueprint is not None:
            try:
                self._make_exam_ready(blueprint)
            except ExamError:
                pass  # starting it says what is wrong

    _exam_ready: ExamScreen | None = None  # the screen of the exam `s` would begin, made ready off screen

    def _make_exam_ready(self, blueprint: Blueprint) -> None:
        """The exam `s` would begin, drawn (not stored) and its screen mounted, laid out and drawn off screen, so
        that starting it stores it and switches to that screen (built after the key, it took 5-8 ms to its first
        frame, the store's write included). None while an unfinished exam stands in the way: `s` asks about it."""
        ready = self._exam_ready
        if ready is not None and ready.session.record.blueprint_id == blueprint.id:
            return  # (made ready for it already: `_start` takes it away before it begins)
        self._forget_exam_ready()
        if self.unfinished is not None:
            return
        screen = self._exam_ready = ExamScreen(self._app.exam_desk.drawn(blueprint), begins=False)
        make_ready_off_screen(screen)

    def _forget_exam_ready(self) -> None:
        ready, self._exam_ready = self._exam_ready, None
        if ready is not None:
            ready.remove()

    def on_unmount(self) -> None:
        self._forget_exam_ready()

    def refresh_state(self) -> None:
        """Show the unfinished exam (if any) and the past results as they are in the database now."""
        record = unfinished_exam(self._app)
        self.unfinished = record
        self.query_one("#unfinished").display = record is not None
        if record is not None:
            self._show_unfinished(record)
        try:
            history = self._app.exams.history()
        except ExamError as problem:
            self.notify(str(problem), title="Past exams", severity="error")
            history = []
        table = self.query_one("#history", DataTable)
        table.clear()
        palette = theme_palette(self.app)
        for entry in reversed(history):  # newest first: the one just taken is on top
            table.add_row(*exam_history.row(entry, palette), key=str(entry.id))
        table.display = bool(history)
        self.query_one("#no-history").display = not history
        self.query_one("#trend", Static).update(Content.from_markup(trend_chart(history)) if len(history) > 1 else "")
        self.query_one("#trend").display = len(history) > 1
        legend = "Scores, oldest first: one bar per exam, coloured by pass or fail; ↻ marks a retake of missed questions."
        self.query_one("#trend-legend", Static).update(legend)
        self.query_one("#trend-legend").display = len(history) > 1
        self.refresh_bindings()

    def _show_unfinished(self, record: ExamRecord) -> None:
        """Say what the unfinished exam is, beside its Resume (or See results) and Discard buttons."""
        text = Text(describe_unfinished(self._app, record))
        resume = "See results (r)" if self._app.exam_desk.ran_out(record) else "Resume (r)"
        bar = self.query_one("#unfinished", Horizontal)
        if not bar.children:
            bar.mount_all([
                Static(text, id="unfinished-text"),
                Button(resume, id="resume", variant="primary"),
                Button("Discard (d)", id="discard", variant="error"),
            ])
            return
        self.query_one("#unfinished-text", Static).update(text)
        self.query_one("#resume", Button).label = resume

    # --- actions -------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return self.unfinished is not None
        if action == "start_selected":
            return bool(self._app.course.blueprints)
        return True

    def action_start_selected(self) -> None:
        blueprints = self.query_one("#blueprints")
        if isinstance(blueprints, OptionList) and blueprints.highlighted is not None:
            self._start(blueprints.get_option_at_index(blueprints.highlighted).id)

    def action_resume(self) -> None:
        self._app.resume_exam()

    def action_discard(self) -> None:
        if self.unfinished is not None:
            self._app.discard_exam(self.unfinished, then=self.refresh_state)

    def _start(self, blueprint_id: str | None) -> None:
        blueprint = self._app.course.blueprint(blueprint_id or "")
        if blueprint is not None:
            # Begun by start_exam if it is the exam the desk would begin for `blueprint`, else removed by it.
            ready, self._exam_ready = self._exam_ready, None
            start_exam(self._app, blueprint, then=self.refresh_state, ready=ready)

    @on(OptionList.OptionSelected, "#blueprints")
    def _blueprint_chosen(self, event: OptionList.OptionSelected) -> None:
        self._start(event.option.id)

    @on(Button.Pressed, "#resume")
    def _resume_pressed(self) -> None:
        self.action_resume()

    @on(Button.Pressed, "#discard")
    def _discard_pressed(self) -> None:
        self.action_discard()

    @on(DataTable.RowSelected, "#history")
    def _history_chosen(self, event: DataTable.RowSelected) -> None:
        try:
            result = self._app.exam_desk.result(int(str(event.row_key.value)))
        except ExamError as problem:
            self.notify(str(problem), title="Cannot show that exam", severity="error")
            return
        self.app.push_screen(ExamResultsScreen(result))
