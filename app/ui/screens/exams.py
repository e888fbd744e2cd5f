"""Practice exams: the course's blueprints, the unfinished exam to resume, and past results with their trend.

The functions at the bottom are the exam flow the whole app uses: `open_exam_flow` at start-up,
`start_exam`, `resume_exam` and `start_retake`. Only one exam is ever in progress, so starting another
while one is unfinished always offers to resume it (or to discard it, after a confirmation). An exam whose
time ran out while coldstart was closed is submitted when it is found, and its results are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...core.exam import ExamError, ExamRecord, ExamSession, HistoryEntry, check_blueprint, feed_progress
from ..store_errors import store_write
from ..typed import ColdstartAware
from .exam import ExamScreen
from .exam_dialogs import AskScreen, Reply
from .exam_results import ExamResultsScreen, results_of
from .exam_widgets import clock_text

if TYPE_CHECKING:
    from ...core.course.model import Blueprint
    from ..app import ColdstartApp

__all__ = ["ExamsScreen", "open_exam_flow", "resume_exam", "start_exam", "start_retake", "trend_chart"]

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


def _blueprint_option(blueprint: Blueprint, app: ColdstartApp) -> Option:
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


class ExamsScreen(ColdstartAware, Screen[None]):
    """Choose a practice exam, resume the unfinished one, look back at past results."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to where you were", id="exams.back"),
        Binding("s", "start_selected", "Start", tooltip="Start the highlighted exam (or press Enter on it)", id="exams.start"),
        Binding("r", "resume", "Resume", tooltip="Go back to the exam you have not finished", id="exams.resume"),
        Binding("d", "discard", "Discard", tooltip="Throw away the unfinished exam (asks first)", id="exams.discard"),
    ]

    DEFAULT_CSS = """
    ExamsScreen #exams {
        padding: 0 2;
    }
    ExamsScreen .heading {
        text-style: bold;
        color: $accent;
        margin: 1 0 0 0;
    }
    ExamsScreen #exams-intro, ExamsScreen #trend-legend, ExamsScreen #no-history {
        color: $text-muted;
    }
    ExamsScreen #unfinished {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border: tall $warning;
    }
    ExamsScreen #unfinished-text {
        width: 1fr;
        padding: 1 0 0 0;
    }
    ExamsScreen #unfinished Button {
        margin: 0 0 0 1;
    }
    ExamsScreen #blueprints {
        height: auto;
        max-height: 100%;
    }
    ExamsScreen #history {
        height: auto;
        max-height: 16;
    }
    ExamsScreen #trend {
        margin: 1 0 0 0;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.unfinished: ExamRecord | None = None  # as last read from the database

    def compose(self) -> ComposeResult:
        course = self._app.course
        yield Header()
        with VerticalScroll(id="exams"):
            yield Static("Practice exams", classes="heading")
            yield Static(
                "Timed like the real exam, with no feedback until you submit; every answer also feeds your "
                "review schedule. Enter or a click starts one.",
                id="exams-intro",
            )
            with Horizontal(id="unfinished"):
                yield Static(id="unfinished-text")
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
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
        self.query_one("#history", DataTable).add_columns("#", "Date", "Exam", "Score", "Result")
        self.refresh_state()
        blueprints = self.query("#blueprints")
        if blueprints and isinstance(blueprints.first(), OptionList):
            blueprints.first().focus()

    def on_screen_resume(self) -> None:
        self.refresh_state()

    def refresh_state(self) -> None:
        """Show the unfinished exam (if any) and the past results as they are in the database now."""
        record = _unfinished(self._app)
        self.unfinished = record
        self.query_one("#unfinished").display = record is not None
        if record is not None:
            self.query_one("#unfinished-text", Static).update(Text(_describe_unfinished(self._app, record)))
            self.query_one("#resume", Button).label = "See results (r)" if _ran_out(self._app, record) else "Resume (r)"
        try:
            history = self._app.exams.history()
        except ExamError as problem:
            self.notify(str(problem), title="Past exams", severity="error")
            history = []
        table = self.query_one("#history", DataTable)
        table.clear()
        for entry in reversed(history):  # newest first: the one just taken is on top
            title = entry.title if entry.retake_of is None else f"↻ {entry.title} (#{entry.retake_of})"
            table.add_row(
                str(entry.id),
                f"{entry.submitted_at.astimezone():%Y-%m-%d %H:%M}",
                Text(title),
                f"{entry.score:.0f}%",
                "pass" if entry.passed else "fail",
                key=str(entry.id),
            )
        table.display = bool(history)
        self.query_one("#no-history").display = not history
        self.query_one("#trend", Static).update(Content.from_markup(trend_chart(history)) if len(history) > 1 else "")
        self.query_one("#trend").display = len(history) > 1
        legend = "Scores, oldest first: one bar per exam, coloured by pass or fail; ↻ marks a retake of missed questions."
        self.query_one("#trend-legend", Static).update(legend)
        self.query_one("#trend-legend").display = len(history) > 1
        self.refresh_bindings()

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
        resume_exam(self._app)

    def action_discard(self) -> None:
        if self.unfinished is not None:
            discard_exam(self._app, self.unfinished, then=self.refresh_state)

    def _start(self, blueprint_id: str | None) -> None:
        blueprint = self._app.course.blueprint(blueprint_id or "")
        if blueprint is not None:
            start_exam(self._app, blueprint, then=self.refresh_state)

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
            result = results_of(self._app, int(str(event.row_key.value)))
        except ExamError as problem:
            self.notify(str(problem), title="Cannot show that exam", severity="error")
            return
        self.app.push_screen(ExamResultsScreen(result))


# --- the exam flow ---------------------------------------------------------------------------------------------


def _ran_out(app: ColdstartApp, record: ExamRecord) -> bool:
    """Whether the unfinished exam's time has run out (only an exam that cannot pause runs while closed)."""
    return not record.pausable and record.countdown.state(app.clock.now()) == "expired"


def _describe_unfinished(app: ColdstartApp, record: ExamRecord, remaining: timedelta | None = None) -> str:
    """'Quick exam is unfinished: 2 of 3 answered, 03:12 left (the clock keeps running).'"""
    answered = sum(a.picked is not None for a in record.answers)
    if _ran_out(app, record):
        time = "its time has run out"
    else:
        left = remaining if remaining is not None else record.countdown.remaining(app.clock.now())
        time = f"{clock_text(left)} left"
        time += " (paused)" if record.pausable else " (the clock keeps running)"
    return f"{record.title} is unfinished: {answered} of {len(record.answers)} answered, {time}."


def _unfinished(app: ColdstartApp) -> ExamRecord | None:
    """The exam in progress, if any; a damaged one is reported, with an offer to discard it."""
    try:
        return app.exams.find_resumable()
    except ExamError as problem:
        _offer_discard_broken(app, problem)
        return None


def _offer_discard_broken(app: ColdstartApp, problem: ExamError, then: Callable[[], None] | None = None) -> None:
    if problem.exam_id is None:
        app.notify(str(problem), title="Exam", severity="error")
        return
    exam_id = problem.exam_id

    def answered(reply: str | None) -> None:
        if reply == "discard":
            with store_write(app) as write:
                app.exams.discard(exam_id)
            if not write.failed and then is not None:
                then()

    replies = [Reply("discard", "Discard it", "y", "error"), Reply("keep", "Keep it", "n")]
    app.push_screen(AskScreen("This exam cannot be resumed", f"{problem}. Discard it?", replies, focus="keep"), answered)


def _resume_session(app: ColdstartApp, record: ExamRecord) -> ExamSession | None:
    """Rebuild the session of `record` (submitting it if time ran out while closed); None if it cannot be."""
    with store_write(app):  # refused (resuming stores the pause, or submits): it stays unfinished, to try again
        try:
            return ExamSession.resume(record, app.course, app.exams, app.clock, answer_sink=feed_progress(app.progress))
        except ExamError as problem:
            _offer_discard_broken(app, problem)
    return None


def _show(app: ColdstartApp, session: ExamSession) -> None:
    """The exam screen, or its results if time ran out while coldstart was closed."""
    app.push_screen(ExamResultsScreen(session.result) if session.result is not None else ExamScreen(session))


def discard_exam(app: ColdstartApp, record: ExamRecord, *, then: Callable[[], None] | None = None) -> None:
    """Ask, then delete the unfinished exam `record`; `then` runs after it is gone."""
    answered = sum(a.picked is not None for a in record.answers)

    def confirmed(reply: str | None) -> None:
        if reply == "discard":
            with store_write(app) as write:
                app.exams.discard(record.id)
            if write.failed:
                return
            app.notify(f"{record.title} was discarded.")
            if then is not None:
                then()

    replies = [Reply("discard", "Discard", "y", "error"), Reply("keep", "Keep it", "n")]
    message = f"{record.title}: its {answered} answers are deleted and it will not count in your results."
    app.push_screen(AskScreen("Discard the unfinished exam?", message, replies, focus="keep"), confirmed)


def resume_exam(app: ColdstartApp) -> None:
    """Go back to the unfinished exam (or show its results, if its time ran out meanwhile)."""
    record = _unfinished(app)
    if record is None:
        app.notify("There is no unfinished exam.")
        return
    session = _resume_session(app, record)
    if session is not None:
        _show(app, session)


def start_exam(app: ColdstartApp, blueprint: Blueprint, *, seed: int | None = None, then: Callable[[], None] | None = None) -> None:
    """Start a new exam of `blueprint`; with one unfinished, offer to resume it or discard it first.

    `seed` fixes the draw (tests, snapshots); `then` runs when a choice leaves the caller's screen
    showing (a cancel, a discard), so it can refresh.
    """
    record = _unfinished(app)
    if record is not None:
        session = _resume_session(app, record)
        if session is None:
            return  # it cannot be rebuilt: the offer to discard it is on screen
        if session.result is None:
            _offer_unfinished(app, session, instead=blueprint, seed=seed, then=then)
            return
        app.notify(
            f"{session.title} ran out of time while coldstart was closed and was submitted: "
            f"{session.result.score:.0f}%. It is under Past exams.",
            title="Unfinished exam submitted",
            timeout=8,
        )
    with store_write(app) as write:
        try:
            new = ExamSession.start(app.course, blueprint, app.exams, app.clock, seed=seed, answer_sink=feed_progress(app.progress))
        except ExamError as problem:
            app.notify(str(problem), title="Cannot start the exam", severity="error")
            return
    if not write.failed:
        app.push_screen(ExamScreen(new))


def _offer_unfinished(
    app: ColdstartApp,
    session: ExamSession,
    *,
    instead: Blueprint | None = None,
    seed: int | None = None,
    then: Callable[[], None] | None = None,
) -> None:
    """Ask what to do with the unfinished exam: resume it, leave it for later, or discard it.

    With `instead` (the learner asked for another exam) discarding goes on to start that one.
    """

    def answered(reply: str | None) -> None:
        if reply == "resume":
            app.push_screen(ExamScreen(session))
            return
        with store_write(app):
            session.suspend()  # rebuilding it restarted the clock of a pausable exam: stop it again
        if reply == "discard":
            after = then if instead is None else (lambda: start_exam(app, instead, seed=seed, then=then))
            discard_exam(app, session.record, then=after)
        elif then is not None:
            then()

    if instead is None:
        replies = [Reply("resume", "Resume", "r", "primary"), Reply("later", "Later", "l"), Reply("discard", "Discard", "d", "error")]
        message = _describe_unfinished(app, session.record, session.remaining())
    else:
        replies = [
            Reply("resume", "Resume it", "r", "primary"),
            Reply("discard", f"Discard it, start {instead.title}", "d", "error"),
            Reply("cancel", "Cancel", "c"),
        ]
        message = _describe_unfinished(app, session.record, session.remaining()) + " Only one exam can be in progress."
    app.push_screen(AskScreen("You have an unfinished exam", message, replies), answered)


def start_retake(app: ColdstartApp, exam_id: int, *, replace: Screen | None = None) -> None:
    """A new exam of the questions missed in exam `exam_id`; it replaces `replace` (the results) if given."""
    with store_write(app) as write:
        try:
            session = ExamSession.retake_missed(app.course, exam_id, app.exams, app.clock, answer_sink=feed_progress(app.progress))
        except ExamError as problem:
            app.notify(str(problem), title="Cannot start the retake", severity="error")
            return
    if write.failed:
        return
    if replace is not None and replace is app.screen:
        app.switch_screen(ExamScreen(session))
    else:
        app.push_screen(ExamScreen(session))


def open_exam_flow(app: ColdstartApp, blueprint_id: str | None) -> None:
    """What the app does at start-up about exams.

    With a blueprint id (from `coldstart exam NAME`) start that exam, or offer to resume the unfinished
    one. With None, only offer the unfinished exam, if there is one: Resume / Later / Discard. An exam
    whose time ran out while the app was closed is submitted now and its results shown.
    """
    if blueprint_id is not None:
        blueprint = app.course.blueprint(blueprint_id)
        if blueprint is None:
            app.notify(f"There is no exam {blueprint_id!r} in {app.course.title}.", severity="error")
            return
        start_exam(app, blueprint)
        return
    record = _unfinished(app)
    session = _resume_session(app, record) if record is not None else None
    if session is None:
        return
    if session.result is not None:
        _show(app, session)
    else:
        _offer_unfinished(app, session)
