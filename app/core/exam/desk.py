"""The exam desk: where exams are started, resumed and discarded, under the rule that only one exam is ever
in progress.

The screens ask the desk and only show what it says: `before_starting()` tells what stands before a new exam
(an unfinished one to resume or discard, or one whose time ran out while the app was closed, submitted
now), `start()` refuses a second exam in progress, and `ran_out()` is the one definition of "its time ran
out while you were away" (only an exam that cannot pause keeps running while the app is closed).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock
from ..course.model import Blueprint, Course
from .draw import draw_exam, new_seed
from .errors import ExamError
from .scoring import ExamResult
from .session import AnswerSink, ExamSession, result_of
from .store import ExamRecord, ExamStore

__all__ = ["ExamDesk", "ExamInProgress", "Standing"]


class ExamInProgress(ExamError):
    """A new exam was asked for while `session` is unfinished: resume it or discard it first."""

    def __init__(self, session: ExamSession) -> None:
        super().__init__(f"{session.title} is unfinished; only one exam can be in progress", session.id)
        self.session = session


@dataclass(frozen=True)
class Standing:
    """What stands before a new exam: `unfinished` (resume or discard it first), or `submitted` (its time ran
    out while the app was closed, so it was submitted just now), or neither."""

    unfinished: ExamSession | None = None
    submitted: ExamSession | None = None


class ExamDesk:
    """Exams of `course` in `store`, timed by `clock`; answers also go to `answer_sink` (the review schedule)."""

    def __init__(self, course: Course, store: ExamStore, clock: Clock, *, answer_sink: AnswerSink | None = None) -> None:
        self.course = course
        self.store = store
        self.clock = clock
        self.answer_sink = answer_sink
        self._drawn_ahead: dict[str, int] = {}  # blueprint id -> the seed of a paper drawn before it was asked for

    def draw_ahead(self, blueprint: Blueprint) -> None:
        """Draw the next paper of `blueprint` now, while the learner is choosing, so starting it does not wait
        for the draw (a 65-question paper runs the simulations of its generated questions: several ms).

        The paper is drawn from a fresh seed and kept by `draw.paper_question`; the next `start` of `blueprint`
        without a seed of its own uses it. Nothing is stored: an exam exists only once it is started.
        """
        if blueprint.id not in self._drawn_ahead:
            seed = new_seed()
            draw_exam(blueprint, self.course, seed)
            self._drawn_ahead[blueprint.id] = seed

    def drawn(self, blueprint: Blueprint) -> ExamSession:
        """The exam the next `start(blueprint)` would begin, drawn (see `draw_ahead`) but not stored: for a screen made
        ready before the learner starts it. `start(blueprint, drawn=...)` begins that very exam."""
        self.draw_ahead(blueprint)
        seed = self._drawn_ahead[blueprint.id]
        return ExamSession.drawn(self.course, blueprint, self.store, self.clock, seed=seed, answer_sink=self.answer_sink)

    def unfinished(self) -> ExamRecord | None:
        """The exam in progress, if any (ExamError, naming it, when it is damaged)."""
        return self.store.find_resumable()

    def ran_out(self, record: ExamRecord) -> bool:
        """Whether the time of the unfinished exam `record` has run out (a pausable exam never runs while closed)."""
        return record.ran_out(self.clock.now())

    def resume(self, record: ExamRecord) -> ExamSession:
        """The session of `record`, rebuilt; submitted now if its time ran out (then `result` is set).

        A pausable exam stays paused until its screen shows a question (`visit`), so whatever is asked
        before that (resume it? discard it?) takes none of its time; show it at `opening_position`.
        """
        return ExamSession.resume(record, self.course, self.store, self.clock, answer_sink=self.answer_sink)

    def before_starting(self) -> Standing:
        """What must happen before a new exam may start (ExamError if the unfinished exam cannot be rebuilt)."""
        record = self.unfinished()
        if record is None:
            return Standing()
        session = self.resume(record)
        return Standing(submitted=session) if session.result is not None else Standing(unfinished=session)

    def start(self, blueprint: Blueprint, *, seed: int | None = None, drawn: ExamSession | None = None) -> ExamSession:
        """A new exam of `blueprint`; ExamInProgress while another can still be resumed. `drawn`, an exam of
        `blueprint` from `drawn()` not begun, is begun and returned, if it is the paper drawn ahead (and no `seed`
        asks for another).

        An exam that is damaged beyond resuming does not block a new one (the learner is offered to discard it).
        """
        try:
            record = self.unfinished()
        except ExamError:
            record = None
        if record is not None:
            session = self.resume(record)
            if session.result is None:
                raise ExamInProgress(session)
        if seed is None and drawn is not None and not drawn.stored and drawn.record.blueprint_id == blueprint.id \
                and drawn.record.seed == self._drawn_ahead.get(blueprint.id):
            drawn.begin()
            del self._drawn_ahead[blueprint.id]  # (only once stored: refused, the same paper is drawn again)
            return drawn
        if seed is None:
            seed = self._drawn_ahead.pop(blueprint.id, None)
        return ExamSession.start(self.course, blueprint, self.store, self.clock, seed=seed, answer_sink=self.answer_sink)

    def retake(self, exam_id: int) -> ExamSession:
        """A new exam of the questions missed in exam `exam_id`."""
        return ExamSession.retake_missed(self.course, exam_id, self.store, self.clock, answer_sink=self.answer_sink)

    def result(self, exam_id: int) -> ExamResult:
        """The scored result of a stored exam (ExamError if it is unknown or cannot be rebuilt from the course)."""
        record = self.store.load(exam_id)
        if record is None:
            raise ExamError(f"there is no exam {exam_id}")
        return result_of(record, self.course)

    def discard(self, exam_id: int) -> None:
        """Delete an unfinished exam and its answers."""
        self.store.discard(exam_id)
