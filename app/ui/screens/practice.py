"""Practice on screen: the question the `PracticeSession` shows, the learner's picks, instant feedback.

The session (app/core/practice/) decides which questions come, shuffles, stores each answer the moment it is
given and keeps the tally; this screen shows and asks.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...core.practice import Attempt, PracticeSession, Shown
from ..context import ColdstartAware
from ..messages import CourseReloaded
from ..restyling import ReadingPane, StyledAtMount
from ..store_errors import store_write
from ..textual_fixes import lay_out_and_draw_ahead, once_each_widget_has_handled_its_messages
from ..theme_palette import theme_palette
from ..widgets.choices import ChoiceList
from ..widgets.footer import Footer
from ..widgets.header import Header
from ..widgets.question import QuestionView

if TYPE_CHECKING:
    from ...core.course.model import Question


class PracticeScreen(StyledAtMount, ColdstartAware, Screen[None]):
    BINDINGS = [
        Binding("escape", "leave", "Done", tooltip="Stop here; every answer so far is saved", id="practice.leave"),
        # priority: the choice list has focus, and its own Enter would only toggle a choice.
        Binding("enter", "submit_or_next", "Submit", tooltip="Submit your answer, then go to the next question", id="practice.submit", priority=True),
        Binding("n", "next", "Next", tooltip="The next question", id="practice.next"),
        Binding("s", "skip", "Skip", tooltip="Skip this question without answering", id="practice.skip"),
        Binding("exclamation_mark", "report", "Report", tooltip="Report a problem with this question: wrong key, unclear, outdated, typo", id="practice.report"),
        *(Binding(str(n), f"pick({n - 1})", f"Pick {n}", show=False, id=f"practice.pick{n}", priority=True) for n in range(1, 10)),
    ]

    # No widget focused on compose: on_mount focuses the one that takes the keys, and focusing another first
    # restyled it twice (focus, then blur) for nothing.
    AUTO_FOCUS = ""  # (None would mean the app's, "*")

    def __init__(self, session: PracticeSession, *, begins: bool = True) -> None:
        """A screen for `session`, which it starts once mounted unless `begins` is False (the partner screen the next
        question is made ready in: see `action_next`)."""
        super().__init__()
        self.session = session
        self._begins = begins
        self.next_ready: tuple[PracticeSession, int] | None = None  # the question made ready here (`prepare_next`)
        # One view for every question of the run, updated in place (see QuestionView).
        self._question_view = QuestionView(id="practice-question")
        self._prepared: PracticeSession | None = None  # the run this screen shows ahead, not on show (`prepare`)
        self.ready_run: PracticeSession | None = None  # that run, once laid out and drawn ahead
        self._status_shown: Text | None = None
        self._shown: Shown | None = None

    # What the tests and the key checks read, straight from the session.
    @property
    def mode(self) -> str:
        return self.session.mode

    @property
    def queue(self) -> list[str]:
        return self.session.queue

    @property
    def topic_id(self) -> str | None:
        return self.session.topic_id

    @property
    def attempts(self) -> list[Attempt]:
        return self.session.attempts

    @property
    def answered(self) -> bool:
        return self.session.answered

    @property
    def question(self) -> Question | None:
        return self.session.shown.question if self.session.shown else None

    @property
    def question_shown(self) -> Shown | None:
        """What this screen shows: the run's question, or, made ready while not on show, the one after it."""
        return self._shown

    @property
    def view(self) -> QuestionView | None:
        """The question on screen; None before the first and after the last (the summary)."""
        view = self._question_view
        return view if view.display and view.question is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        with ReadingPane(id="practice-body"):
            yield Static(id="practice-status")
            yield self._question_view
            with Horizontal(id="practice-buttons"):
                retake = Button("Retake", id="retake-these", variant="warning")  # offered by the summary
                retake.display = False
                yield retake
                yield Button("Submit", id="submit", variant="primary")
                yield Button("Next ▶", id="next")
                yield Button("Skip", id="skip")
                yield Button("Report…", id="report", tooltip="Report a problem with this question (!)")
                yield Button("Done", id="done")
        yield Footer()

    def on_course_reloaded(self, _: CourseReloaded) -> None:
        """The course files changed (--watch): the questions still to come are served from the new course."""
        self.session.course = self._app.course

    def on_mount(self) -> None:
        if self._begins:
            self.begin(self.session)  # with the screen, so the first key reaches the choices (the view focuses them)

    def begin(self, session: PracticeSession) -> None:
        """Start `session` here: when the screen is built, and for each run after. The screen is kept between runs
        (`show_kept`): a new run shown in it is drawn 17 ms after the key, where a new screen took 28. If this
        screen was prepared for the same run (`prepare`), that run starts, as it is on screen already."""
        prepared, self._prepared, self.ready_run, self.next_ready = self._prepared, None, None, None
        if prepared is not None and prepared.same_run(session):
            session = prepared
        self._show_run(session)
        with store_write(self):  # without a run in the store the answers are still recorded, only not counted in one
            session.start()
        self.show_question()  # (a prepared run's first question again: nothing changes on screen but the time it was shown)

    def prepare(self, session: PracticeSession) -> None:
        """Set this screen, while it is not on show, to the first question of `session` (not started: nothing is
        stored), laid out and drawn, so that starting the same run (`begin`) shows it with nothing left to do.

        See `ColdstartApp.draw_practice_ahead`. Starting practice laid out and drew the whole kept screen after the
        key (the last run's summary had hidden the question and shown other buttons): 8 ms of the 13 to its first
        frame."""
        if self in self.app.screen_stack or session.next_to_show() is None:
            return
        if self._prepared is None or not self._prepared.same_run(session):  # (else on this screen already)
            self._prepared, self.ready_run, self.next_ready = session, None, None
            self._show_run(session)
            self.show_question()
        if self.ready_run is None:
            # Once the widgets' own requests (the footer's keys) are in: after this frame of the screen on show.
            self.call_after_refresh(self._lay_out_and_draw_ahead, self._prepared)

    def _lay_out_and_draw_ahead(self, session: PracticeSession) -> None:
        if self._prepared is session:
            lay_out_and_draw_ahead(self, partial(self._ready, session))

    def _ready(self, session: PracticeSession, drawn: bool) -> None:
        if drawn and self._prepared is session:
            self.ready_run = session

    def _show_run(self, session: PracticeSession) -> None:
        self.session = session
        self.sub_title = session.heading
        self._question_view.display = True  # hidden by the last run's summary

    # --- showing ---------------------------------------------------------------------------------------------

    def show_question(self) -> None:
        """Show the next question (or the summary after the last)."""
        session = self.session
        shown: Shown | None = None
        with store_write(self):  # past the last question the run is closed in the store: refused, the summary still shows
            shown = session.show()
        if shown is None:
            self._question_view.display = False
            self.show_summary()
            return
        self._display(shown)

    def _display(self, shown: Shown) -> None:
        """Show `shown`, unanswered: its stem and choices, the status line above them and the buttons for it."""
        session = self.session
        self._shown = shown
        self._question_view.show(shown.question, shown.order)
        topic = self._app.course.topic(shown.question.topic)
        status = Text.assemble(
            (f"{session.heading} · question {shown.position + 1} of {len(session.queue)}", "bold"),
            # Mixed queues (reviews, cram, retakes) say which topic each question is from.
            (f" · {topic.title if topic else shown.question.topic}", "dim") if session.mode != "practice" else "",
            (f" · {session.right}/{len(session.attempts)} right so far", "dim") if session.attempts else "",
            # The line under the status says whether the question changed since the learner last answered it; blank
            # if not (in the status's widget: a widget of its own for one line cost more to build than to draw).
            "\n",
            ("↻ This question changed since you last answered it.", theme_palette(self.app).warning) if shown.changed else " ",
        )
        self._show_status(status)
        self._sync_buttons(active=True, answered=False)
        # At once, not after the next frame: a kept screen starting a new run is laid out, at the top, before its
        # first frame (the last run had scrolled to its feedback).
        self.query_one("#practice-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def show_summary(self) -> None:
        # With the blank line a question's status keeps under it for the "changed" note, as before.
        self._show_status(Text.assemble((self.session.summary(), "bold"), "\n", " "))
        self._sync_buttons()
        wrong = self.session.wrong_ids
        retake = self.query_one("#retake-these", Button)
        retake.label = f"Retake the {len(wrong)} I got wrong"
        retake.display = bool(wrong)
        self.query_one("#done", Button).focus()

    def _show_status(self, status: Text) -> None:
        if status != self._status_shown:  # (a Static lays the screen out again on every update)
            self._status_shown = status
            self.query_one("#practice-status", Static).update(status)

    def _sync_buttons(self, *, active: bool | None = None, answered: bool | None = None) -> None:
        """The buttons for a question shown (`active`), answered or not, or for the summary; by default as the run
        stands (a partner screen shows the question after the one the run is at)."""
        active = self.question is not None if active is None else active
        answered = self.answered if answered is None else answered
        if active:
            self.query_one("#retake-these", Button).display = False  # offered by a run's summary only
        self.query_one("#submit", Button).display = active and not answered
        self.query_one("#next", Button).display = active and answered
        self.query_one("#skip", Button).display = active and not answered
        self.query_one("#report", Button).display = active
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit_or_next", "skip", "pick"):
            return self.question is not None and not self.answered
        if action == "next":
            return self.question is not None and self.answered
        if action == "report":
            return self.question is not None
        return True

    # --- answering --------------------------------------------------------------------------------------------

    def action_pick(self, position: int) -> None:
        if self.view is not None and not self.answered:
            self.view.toggle(position)

    @on(ChoiceList.Changed)
    def _picked(self, _: ChoiceList.Changed) -> None:
        # Once the pick is on screen: the feedback for it drawn while the learner has yet to press Enter.
        self.call_after_refresh(self._question_view.draw_feedback_ahead)

    def action_submit_or_next(self) -> None:
        if self.answered:
            self.action_next()
        else:
            self.submit()

    def submit(self) -> None:
        view = self.view
        assert view is not None
        picked = view.picked
        with store_write(self) as write:
            submitted = self.session.submit(picked)
        if write.failed:
            return  # not recorded: the picks stay on screen, and submitting again retries
        if submitted.problem is not None:
            self.notify(submitted.problem, severity="warning")
            return
        view.show_feedback(picked)
        self._sync_buttons()
        # The feedback and the buttons for it come first; the choices are dimmed and the focus moves to Next in the
        # frame after (Enter already goes on: it is the screen's key, and the choices take no more picks).
        self.call_after_refresh(self._settle_feedback, view)

    def _settle_feedback(self, view: QuestionView) -> None:
        if not self.answered or view.question is not self.question:
            return  # moved on already
        # The feedback brought into view, now that it is laid out; not by Textual's scroll to the focused button
        # (centred, animated).
        self.query_one("#practice-body", VerticalScroll).scroll_to_widget(view.query_one(".feedback"), top=True, animate=False, immediate=True)
        # Next focused before the list is disabled: Textual moves the focus off a disabled list itself, and scrolls
        # to where it lands, animated.
        self.set_focus(self.query_one("#next", Button), scroll_visible=False)
        view.dim_choices()
        upcoming = self.session.upcoming()
        if upcoming is not None:
            # Drawn while the learner reads the feedback, once it is settled on screen: after the frame that shows
            # the list dimmed and Next focused, whose restyles come as messages (focus, blur) to the widgets.
            once_each_widget_has_handled_its_messages(self, partial(self.call_after_refresh, self._draw_next_ahead, view, upcoming))

    async def _draw_next_ahead(self, view: QuestionView, upcoming: Shown) -> None:
        view.draw_ahead(upcoming.question, upcoming.order)
        await self._make_next_ready(upcoming)

    async def _make_next_ready(self, upcoming: Shown) -> None:
        """Make the question after this one ready in the partner screen, not on show: laid out and drawn, so that
        `n` shows it by switching screens (see `action_next`)."""
        if self.app.screen is not self or self.session.upcoming() != upcoming:
            return  # moved on, or left
        found = self._app.practice_partner(self)
        if found is None:
            return
        partner, mounting = found
        if mounting is not None:
            await mounting  # (the first time: the partner is mounted, off screen)
        if self.app.screen is self and self.answered and self.session.upcoming() == upcoming:
            partner.prepare_next(self.session, upcoming)

    def prepare_next(self, session: PracticeSession, upcoming: Shown) -> None:
        """Show `upcoming`, the question after the one `session` is at, on this screen while it is not on show, and
        lay it out and draw it; `takes_over` then says it is ready for the run once the run has moved on to it."""
        if self in self.app.screen_stack:
            return
        self._prepared, self.ready_run, self.next_ready = None, None, None
        self.session = session
        self.sub_title = session.heading
        self._question_view.display = True
        self._display(upcoming)
        lay_out_and_draw_ahead(self, partial(self._ready_for_next, session, upcoming.position))

    def _ready_for_next(self, session: PracticeSession, position: int, drawn: bool) -> None:
        if drawn and self.session is session and self not in self.app.screen_stack:
            self.next_ready = (session, position)

    def takes_over(self, session: PracticeSession) -> bool:
        """Whether this screen, not on show, shows the question `session` is at now, made ready (`prepare_next`)."""
        return self.next_ready == (session, session.index) and self not in self.app.screen_stack

    def action_next(self) -> None:
        """The next question: shown by switching to the partner screen if it is ready with it (a screen change that
        lays out and draws nothing: the first frame in 3-4 ms), else here (the stem, the choices and the buttons
        changed, laid out and drawn: 9-11 ms)."""
        if not self.answered:
            return
        self.session.advance()
        partner = self._app.practice_partner_ready(self)
        if partner is None:
            self.show_question()
            return
        partner.next_ready = None
        self.app.switch_screen(partner)
        partner.show_question()  # the question it shows: the time it is shown from is now

    def action_skip(self) -> None:
        if self.question is not None and not self.answered:
            self.session.advance()
            self.show_question()

    def action_leave(self) -> None:
        if self.question is not None and self.attempts:
            self.session.stop()
            self.show_question()  # the summary, then Done leaves
            return
        with store_write(self):  # every answer is stored already; only the run's end time is not
            self.session.end()
        self.dismiss()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def action_report(self) -> None:
        """Ask for a reason and a note, then store the report on the question on screen at once."""
        from .report_question import ask_and_report

        if self.question is not None:
            ask_and_report(self, self.question)

    @on(Button.Pressed, "#report")
    def _report_pressed(self) -> None:
        self.action_report()

    @on(Button.Pressed, "#done")
    def _done_pressed(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#retake-these")
    def _retake_pressed(self) -> None:
        self.dismiss()
        self.app.push_screen(PracticeScreen(self.session.retake()))
