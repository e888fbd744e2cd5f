"""Practice: one question at a time with instant feedback — topic practice, reviews, cram and retakes.

Every answer is committed to the progress store the moment it is given, so leaving (or losing the
terminal) never loses one. The mode decides only which questions come and whether FSRS schedules them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ...core.course.generated import materialize
from ..typed import ColdstartAware
from ..widgets.question import QuestionView

if TYPE_CHECKING:
    from ...core.course.model import Question

MODE_TITLES = {
    "practice": "Practice",
    "review": "Reviews due",
    "cram": "Cram (your schedule is not changed)",
    "retake": "Retake the ones you got wrong",
}


@dataclass
class Attempt:
    question_id: str
    correct: bool


class PracticeScreen(ColdstartAware, Screen[None]):
    BINDINGS = [
        Binding("escape", "leave", "Done", tooltip="Stop here; every answer so far is saved", id="practice.leave"),
        # priority: the choice list has focus, and its own Enter would only toggle a choice.
        Binding("enter", "submit_or_next", "Submit", tooltip="Submit your answer, then go to the next question", id="practice.submit", priority=True),
        Binding("n", "next", "Next", tooltip="The next question", id="practice.next"),
        Binding("s", "skip", "Skip", tooltip="Skip this question without answering", id="practice.skip"),
        Binding("exclamation_mark", "report", "Report", tooltip="Report a problem with this question: wrong key, unclear, outdated, typo", id="practice.report"),
        *(Binding(str(n), f"pick({n - 1})", f"Pick {n}", show=False, id=f"practice.pick{n}", priority=True) for n in range(1, 10)),
    ]

    def __init__(self, mode: str, question_ids: list[str], *, title: str | None = None, topic_id: str | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.queue = list(question_ids)
        self.heading = title or MODE_TITLES.get(mode, mode.title())
        self.topic_id = topic_id
        self.index = 0
        self.answered = False
        self.attempts: list[Attempt] = []
        self.session_id: str | None = None
        self.question: Question | None = None
        self.view: QuestionView | None = None  # the question on screen (an old one may still be leaving)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="practice-body"):
            yield Static(id="practice-status")
            yield Static(id="practice-changed")
            yield Static(id="practice-question")
            with Horizontal(id="practice-buttons"):
                yield Button("Submit", id="submit", variant="primary")
                yield Button("Next ▶", id="next")
                yield Button("Skip", id="skip")
                yield Button("Report…", id="report", tooltip="Report a problem with this question (!)")
                yield Button("Done", id="done")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.heading
        if self.queue:
            self.session_id = self._app.progress.start_session(self.mode, self.topic_id)  # type: ignore[arg-type]
        self.show_question()

    # --- showing ---------------------------------------------------------------------------------------------

    def show_question(self) -> None:
        course = self._app.course
        while self.index < len(self.queue) and course.question(self.queue[self.index]) is None:
            self.index += 1  # retired since the queue was built
        self.answered = False
        self.query_one("#practice-changed", Static).update("")
        holder = self.query_one("#practice-body", VerticalScroll)
        if self.view is not None:
            self.view.remove()
            self.view = None
        if self.index >= len(self.queue):
            self.show_summary()
            return
        base = course.question(self.queue[self.index])
        assert base is not None
        seed = int(self._app.clock.now().timestamp()) + self.index
        self.question = materialize(base, seed)
        order = list(range(len(self.question.choices)))
        random.Random(seed).shuffle(order)
        view = self.view = QuestionView(self.question, tuple(order))
        holder.mount(view, after=self.query_one("#practice-question"))
        self.shown_at = self._app.clock.now()
        topic = course.topic(self.question.topic)
        status = Text.assemble(
            (f"{self.heading} · question {self.index + 1} of {len(self.queue)}", "bold"),
            # Mixed queues (reviews, cram, retakes) say which topic each question is from.
            (f" · {topic.title if topic else self.question.topic}", "dim") if self.mode != "practice" else "",
            (f" · {sum(a.correct for a in self.attempts)}/{len(self.attempts)} right so far", "dim") if self.attempts else "",
        )
        self.query_one("#practice-status", Static).update(status)
        if self._app.progress.is_changed(base):
            self.query_one("#practice-changed", Static).update(
                Text("↻ This question changed since you last answered it.", style="yellow")
            )
        self._sync_buttons()
        self.call_after_refresh(view.focus_choices)
        holder.scroll_home(animate=False)

    def show_summary(self) -> None:
        self.question = None
        if self.session_id:
            self._app.progress.end_session(self.session_id)
        right = sum(a.correct for a in self.attempts)
        if not self.queue:
            message = {
                "review": "No reviews are due today. Come back tomorrow, or practise a topic.",
                "retake": "Nothing to retake: your last answer to every question was right.",
            }.get(self.mode, "There are no questions here yet.")
        elif not self.attempts:
            message = "You did not answer any question this time."
        else:
            message = f"You answered {len(self.attempts)}: {right} right, {len(self.attempts) - right} wrong. Every answer is saved."
        self.query_one("#practice-status", Static).update(Text(message, style="bold"))
        self._sync_buttons()
        wrong = [a.question_id for a in self.attempts if not a.correct]
        buttons = self.query_one("#practice-buttons", Horizontal)
        if wrong and not self.query("#retake-these"):
            buttons.mount(Button(f"Retake the {len(wrong)} I got wrong", id="retake-these", variant="warning"), before=0)
        self.query_one("#done", Button).focus()

    def _sync_buttons(self) -> None:
        active = self.question is not None
        self.query_one("#submit", Button).display = active and not self.answered
        self.query_one("#next", Button).display = active and self.answered
        self.query_one("#skip", Button).display = active and not self.answered
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

    def action_submit_or_next(self) -> None:
        if self.answered:
            self.action_next()
        else:
            self.submit()

    def submit(self) -> None:
        view, question = self.view, self.question
        assert view is not None and question is not None
        picked = view.picked
        if not picked:
            self.notify("Pick an answer first (number keys or click).", severity="warning")
            return
        problem = question.kind.count_problem(question.choose, picked)
        if problem is not None:
            self.notify(f"{problem}.", severity="warning")
            return
        elapsed = self._app.clock.now() - self.shown_at
        result = self._app.progress.record_answer(
            question,
            picked,
            duration_ms=int(elapsed.total_seconds() * 1000),
            mode=self.mode,  # type: ignore[arg-type]
            session_id=self.session_id,
        )
        self.attempts.append(Attempt(question.id, result.correct))
        self.answered = True
        view.show_feedback(picked)
        self._sync_buttons()
        self.query_one("#next", Button).focus()
        self.call_after_refresh(self._scroll_to_feedback, view)

    def _scroll_to_feedback(self, view: QuestionView) -> None:
        self.query_one("#practice-body", VerticalScroll).scroll_to_widget(view.query_one(".feedback"), top=True, animate=False)

    def action_next(self) -> None:
        if self.answered:
            self.index += 1
            self.show_question()

    def action_skip(self) -> None:
        if self.question is not None and not self.answered:
            self.index += 1
            self.show_question()

    def action_leave(self) -> None:
        if self.question is not None and self.attempts:
            self.index = len(self.queue)
            self.show_question()  # the summary, then Done leaves
            return
        if self.session_id and self.question is not None:
            self._app.progress.end_session(self.session_id)
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
        wrong = [a.question_id for a in self.attempts if not a.correct]
        self.dismiss()
        self._app.push_screen(PracticeScreen("retake", wrong, topic_id=self.topic_id))
