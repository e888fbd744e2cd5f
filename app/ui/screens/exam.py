"""Taking a practice exam: one question at a time, a countdown that never hides, no feedback until the end.

The screen only shows and forwards: every answer, flag and visit goes straight to the `ExamSession`,
which stores it as it happens, so closing or killing the app loses at most the seconds spent on the
question on screen, and a resumed exam opens on the question the learner was on. A multiple-response pick
of the wrong number is kept as it is, as on the real exam, and shown as incomplete. Time comes from the
app's injected clock; a 1-second interval calls `tick`, which tests call themselves after moving a
FakeClock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from ...core.exam import ExamOver, ExamResult, ExamSession, TimerState
from ...core.wording import count_word
from ...present.text import clock_text
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..store_errors import store_write
from ..textual_fixes import make_ready_off_screen
from ..widgets.after_first_frame import AfterFirstFrame
from ..widgets.ahead import draw_question_ahead
from ..widgets.blocks import DrawnText
from ..widgets.choices import ChoiceList
from ..widgets.exam_bar import ExamBar
from ..widgets.footer import Footer
from .ask import AskScreen, Reply
from .exam_overview import SUBMIT, ExamGridScreen, ExamReviewScreen

if TYPE_CHECKING:
    from .exam_results import ExamResultsScreen

__all__ = ["ExamScreen"]

# A checkpoint stores the time spent on the question on screen, so a crash loses at most this much of it.
CHECKPOINT_EVERY = timedelta(seconds=15)


class ExamScreen(StyledAtMount, ColdstartAware, Screen[None]):
    """One sitting of an exam. When it is submitted (by the learner or by the clock) the results replace it."""

    BINDINGS = [
        Binding("n", "next", "Next", tooltip="The next question (the review page after the last)", show=False, id="exam.next"),
        # Enter moves on unless a button has focus; priority, so the choice list does not take it for a pick.
        Binding("enter", "enter", "Next", show=False, priority=True, id="exam.enter"),
        Binding("p", "previous", "Previous", tooltip="The previous question", show=False, id="exam.previous"),
        Binding("f", "flag", "Flag", tooltip="Flag this question to come back to it (or unflag it)", show=False, id="exam.flag"),
        Binding("g", "grid", "Grid", tooltip="Every question at a glance: answered, flagged, unanswered", show=False, id="exam.grid"),
        Binding("r", "review", "Review", tooltip="What is unanswered or flagged, before you submit", show=False, id="exam.review"),
        Binding("s", "submit", "Submit", tooltip="Submit the exam (you will be asked to confirm)", id="exam.submit"),
        Binding("escape", "leave", "Leave", tooltip="Leave the exam; resume it later from Practice exams", id="exam.leave"),
        # The real exam has no search; the app-wide / would open the course in the middle of it (and the
        # command palette, which can too, is switched off while this screen is up).
        Binding("slash", "no_search", "Search", show=False, id="exam.no-search"),
        *(Binding(str(k), f"choose({k})", f"Pick {k}", show=False, id=f"exam.choose-{k}") for k in range(1, 10)),
    ]

    # No widget focused on compose: on_mount focuses the one that takes the keys, and focusing another first
    # restyled it twice (focus, then blur) for nothing.
    AUTO_FOCUS = ""  # (None would mean the app's, "*")

    def __init__(self, session: ExamSession, position: int | None = None, *, begins: bool = True) -> None:
        """`begins=False`: the screen of an exam drawn and not begun (`ExamDesk.drawn`), made ready off screen while
        the learner chooses it; `begin()` starts it once the exam is stored, as the screen is shown."""
        super().__init__()
        self.session = session
        self._begins = begins
        self.begun = False
        self.made_ready = False  # laid out and drawn off screen before it was shown
        self.position = position if position is not None else session.opening_position
        self._last_checkpoint: datetime | None = None
        self._done = False
        self._results_ready: ExamResultsScreen | None = None  # made ready while "Submit the exam?" asks
        self._palette_was = True
        self.countdown_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ExamBar(self.session.title, id="exam-bar")
        # The bar, with the clock, answers the key at once; the question and the buttons come just after (see
        # AfterFirstFrame), filled in before they are drawn.
        yield AfterFirstFrame(self._compose_question, then=self._show_first_question, id="exam-rest")
        yield Footer(show_command_palette=False)

    def _compose_question(self) -> ComposeResult:
        with Horizontal(id="exam-nav"):
            yield Button("◀ Previous (p)", id="nav-previous", compact=True)
            yield Button("Flag (f)", id="nav-flag", compact=True)
            yield Button("Grid (g)", id="nav-grid", compact=True)
            yield Button("Review (r)", id="nav-review", compact=True)
            yield Static(id="nav-spacer")
            yield Button("Next (n) ▶", id="nav-next", compact=True, variant="primary")
        with ReadingPane(id="exam-body"):
            # No domain or topic here: the real exam does not say which domain a question is from.
            # The stem's Markdown drawn by Rich once per width (DrawnText), and one choice list refilled per question:
            # Textual's Markdown widget and a new list per question were most of the time from a key to the next one.
            yield DrawnText(id="stem")
            yield Static(id="choose-hint")
            yield ChoiceList((), position=self.position, several=False, id="choice-list")
            yield Static(id="count-note")

    def on_mount(self) -> None:
        if self._begins:
            self.begin()
        else:  # made ready off screen: the bar as it will show, the whole time left
            self._show_countdown(self.session.state())
            self._show_position()

    def begin(self) -> None:
        """The exam starts on this screen: its clock ticks, its notices show, the palette is off."""
        if self.begun:
            return
        self.begun = True
        # The palette can open any topic or search the course: not during the exam (restored on leaving).
        self._palette_was = self.app.use_command_palette
        self.app.use_command_palette = False
        self.countdown_timer = self.set_interval(1, self.tick)
        self._last_checkpoint = self._app.clock.now()
        for notice in self.session.notices:
            self.notify(notice, title="Shorter than the blueprint", severity="warning", timeout=8)
        self.tick()
        self._show_position()

    async def _show_first_question(self) -> None:
        if not self._done:
            await self.show(self.position)

    async def _question_shown(self) -> bool:
        """Wait for the question and the buttons (a key pressed before they came is answered once they have); False
        if the screen closed first (submitted by the clock, say)."""
        return await self.query_one("#exam-rest", AfterFirstFrame).wait_until_mounted()

    def on_unmount(self) -> None:
        # Leaving by any way (Esc, quitting the app) stores the time on the question shown and, on a
        # pausable exam, stops the clock. (A screen made ready and never begun has nothing to store.)
        if not self.begun:
            return
        self._stop_timer()
        self.app.use_command_palette = self._palette_was
        self._suspend()

    _suspended = False  # stored as left (Leave), before the screen below read the exam again

    def _suspend(self) -> None:
        """Store the time on the question shown (and a pausable exam's pause), once: the exam stays resumable from
        its last stored change. Refused by the store, it is tried again as the screen unmounts."""
        if self.session.result is None and not self._suspended:
            with store_write(self) as write:
                self.session.suspend()
            self._suspended = not write.failed

    # --- the clock ---------------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Check the clock (the session submits itself at zero), redraw the countdown, checkpoint now and then."""
        if self._done:
            return
        with store_write(self) as write:  # at zero it submits: refused, the next tick tries again
            state = self.session.tick()
        if write.failed:
            return
        if self.session.result is not None:
            self._finish(self.session.result)
            return
        self._show_countdown(state)
        now = self._app.clock.now()
        if self._last_checkpoint is None or now - self._last_checkpoint >= CHECKPOINT_EVERY:
            self._last_checkpoint = now
            self._change(self.session.checkpoint)

    def _show_countdown(self, state: TimerState) -> None:
        self.query_one(ExamBar).show_countdown(f"Time left {clock_text(self.session.remaining())}", state)

    def _stop_timer(self) -> None:
        if self.countdown_timer is not None:
            self.countdown_timer.stop()

    def _change(self, change: Callable[..., Any], *args: Any) -> bool:
        """Make a change to the session; if time ran out meanwhile, show the results instead. True if made.

        A change the database refuses is told in a notification and not made: the session is as it was,
        and the learner can do it again.
        """
        with store_write(self) as write:
            try:
                change(*args)
            except ExamOver as over:
                self._finish(over.result)
                return False
        return not write.failed

    def _finish(self, result: ExamResult) -> None:
        """Replace this screen (and any dialog over it) with the results."""
        if self._done:
            return
        self._done = True
        self._stop_timer()
        from .exam_results import ExamResultsScreen

        app = self.app
        while app.screen is not self and self in app.screen_stack:
            app.pop_screen()
        ready, self._results_ready = self._results_ready, None
        if ready is not None and ready.shows_alike(result):
            ready.result = result  # what comes below the score is drawn from the result as stored
            app.switch_screen(ready)
            return
        if ready is not None:
            ready.remove()
        app.switch_screen(ExamResultsScreen(result))

    def _make_results_ready(self) -> None:
        """While "Submit the exam?" asks: the results submitting would give, their screen mounted off screen, laid
        out and drawn, so that Submit shows the score with nothing left to do (it was built after the key)."""
        from .exam_results import ExamResultsScreen

        preview = self.session.preview()
        if preview is None or self._done or self._results_ready is not None:
            return
        screen = self._results_ready = ExamResultsScreen(preview)
        make_ready_off_screen(screen)

    def _forget_results_ready(self) -> None:
        ready, self._results_ready = self._results_ready, None
        if ready is not None:
            ready.remove()

    # --- showing a question ------------------------------------------------------------------------------------

    async def show(self, position: int) -> None:
        """Show the question at `position` (the session starts counting its time, and a paused exam's clock)."""
        if not self._change(self.session.visit, position):
            return
        self.position = position
        question = self.session.question(position)
        instruction = question.kind.instruction(question.choose)
        self.query_one("#stem", DrawnText).show_markdown(question.stem)
        self.query_one("#choose-hint", Static).update(instruction)
        self.query_one("#choose-hint").display = bool(instruction)
        picked = self.session.picked(position) or frozenset()
        choices = self.query_one("#choice-list", ChoiceList)
        choices.show(self.session.shown_choices(position), position=position, several=question.kind.several, picked=picked)
        self.query_one("#exam-body", VerticalScroll).scroll_home(animate=False)
        choices.take_focus()
        self._show_status()
        self.refresh_bindings()  # Previous and the number keys depend on the position
        if position + 1 < len(self.session):  # the next question drawn while the learner works on this one
            self.call_after_refresh(self._draw_ahead, position + 1)

    def _draw_ahead(self, position: int) -> None:
        if self._done or not self.is_attached:
            return
        question = self.session.question(position)
        shown = self.session.shown_choices(position)
        draw_question_ahead(self.query_one("#stem", DrawnText), self.query_one("#choice-list", ChoiceList), question.stem, shown, several=question.kind.several)

    def _show_position(self) -> None:
        flagged = self.session.flagged(self.position)
        self.query_one(ExamBar).show_position(f"Question {self.position + 1} of {len(self.session)}" + ("  ⚑ Flagged" if flagged else ""))

    def _show_status(self) -> None:
        total = len(self.session)
        flagged = self.session.flagged(self.position)
        self._show_position()
        self.query_one("#nav-flag", Button).label = "Unflag (f)" if flagged else "Flag (f)"
        last = self.position == total - 1
        self.query_one("#nav-next", Button).label = "Review (n) ▶" if last else "Next (n) ▶"
        self.query_one("#nav-previous", Button).disabled = self.position == 0
        self._show_count_note()

    def _show_count_note(self) -> None:
        """Under the choices, when the number picked is not the number asked: what that means for the score."""
        question = self.session.question(self.position)
        picked = self.session.picked(self.position) or frozenset()
        problem = self.session.count_problem(self.position)
        note = self.query_one("#count-note", Static)
        note.display = problem is not None
        if problem is None:
            return
        # Fewer than asked is simply work in progress; more than asked needs saying.
        too_many = len(picked) > question.choose
        note.set_class(too_many, "too-many")
        asked = count_word(question.choose)
        said = problem if too_many else f"You picked {count_word(len(picked))} of {asked}"
        until = f"exactly {asked}" if too_many else asked
        note.update(f"{said}. Kept as incomplete: it counts as wrong until you pick {until}.")

    # --- picking -----------------------------------------------------------------------------------------------

    @on(ChoiceList.Changed)
    def _picked(self, event: ChoiceList.Changed) -> None:
        """Store the picks as they are: a wrong number for "Choose N" is kept too (incomplete, scored wrong)."""
        event.stop()
        stored = event.picked or None
        if self.session.picked(event.position) != stored:
            self._change(self.session.answer, event.position, stored)
        if event.position == self.position and not self._done:
            self._show_status()

    async def action_choose(self, number: int) -> None:
        if not await self._question_shown():
            return
        self.query_one("#choice-list", ChoiceList).toggle(number - 1)

    # --- moving ------------------------------------------------------------------------------------------------

    async def go_to(self, position: int) -> None:
        """Move to another question."""
        if not await self._question_shown() or self._done or not 0 <= position < len(self.session):
            return
        await self.show(position)

    async def action_next(self) -> None:
        if self.position + 1 < len(self.session):
            await self.go_to(self.position + 1)
        else:
            self.action_review()

    async def action_enter(self) -> None:
        if isinstance(self.focused, Button):
            raise SkipAction()  # let the focused button take its Enter
        await self.action_next()

    async def action_previous(self) -> None:
        await self.go_to(self.position - 1)

    async def action_flag(self) -> None:
        if not await self._question_shown():
            return
        if self._change(self.session.flag, self.position, not self.session.flagged(self.position)):
            self._show_status()

    def action_grid(self) -> None:
        self.app.push_screen(ExamGridScreen(self.session.grid(), self.position), self._jump)

    def action_review(self) -> None:
        self.app.push_screen(ExamReviewScreen(self.session.review()), self._reviewed)

    async def _jump(self, position: int | None) -> None:
        if position is not None:
            await self.go_to(position)

    async def _reviewed(self, choice: int | str | None) -> None:
        if choice == SUBMIT:
            self.action_submit()
        elif isinstance(choice, int):
            await self.go_to(choice)

    def action_submit(self) -> None:
        review = self.session.review()
        parts = [f"You answered {review.answered} of {len(review.slots)} questions."]
        wrong = [f"{len(positions)} {what}" for what, positions in (("unanswered", review.unanswered), ("incomplete", review.incomplete)) if positions]
        if wrong:
            parts.append(f"{' and '.join(wrong)} count as wrong.")
        if review.flagged:
            parts.append(f"{len(review.flagged)} still flagged.")
        parts.append("Answers cannot be changed after submitting.")
        replies = [Reply("submit", "Submit", "y", "primary"), Reply("stay", "Keep working", "n")]
        self.app.push_screen(AskScreen("Submit the exam?", " ".join(parts), replies, focus="stay"), self._submit_answered)
        self.call_after_refresh(self._make_results_ready)

    def _submit_answered(self, reply: str | None) -> None:
        if reply == "submit" and not self._done:
            with store_write(self) as write:
                result = self.session.submit()
            if not write.failed:  # else the exam stays on screen, to submit again
                self._finish(result)
                return
        self._forget_results_ready()  # kept working: the answers may change

    def action_leave(self) -> None:
        if self.session.pausable:
            message = "The clock stops until you come back. Resume it from Practice exams."
        else:
            message = (
                "The clock keeps running, as in the real exam: "
                f"{clock_text(self.session.remaining())} left. Resume it from Practice exams."
            )
        replies = [Reply("leave", "Leave", "y", "warning"), Reply("stay", "Stay", "n")]
        self.app.push_screen(AskScreen("Leave the exam?", message, replies, focus="stay"), self._leave_answered)

    def _leave_answered(self, reply: str | None) -> None:
        if reply == "leave" and not self._done:
            self._done = True
            # Suspended now, not as the screen unmounts: the exams list below reads the exam as it shows again,
            # before that, and said a pausable exam had the time left when its last question was shown.
            self._stop_timer()
            self._suspend()
            self.dismiss()

    def action_no_search(self) -> None:
        self.notify("Search is off during the exam, as in the real one.", severity="information")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous":
            return self.position > 0
        if action == "choose":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and 1 <= number <= len(self.session.question(self.position).choices)
        return True

    # --- buttons -----------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#exam-nav Button")
    async def _nav_pressed(self, event: Button.Pressed) -> None:
        # Each button is named after the action its key runs: one code path for keys and clicks.
        await self.app.run_action(str(event.button.id).removeprefix("nav-"), self)
