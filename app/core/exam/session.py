"""An exam being taken: answers, flags, navigation, the countdown and submission.

Every change is written to the `ExamStore` as it happens, so `ExamSession.resume` can rebuild the same
session after the app closes or crashes, open at the question the learner was on. Time comes from the
injected clock; the UI calls `tick()` about once a second, which submits the exam when time runs out, and
`visit(position)` whenever it shows a question, which is how the time spent per question is measured.

A pausable exam's clock runs only while a question is on screen: it stops when the app closes (`suspend`)
and stays stopped after `resume` until the first `visit`, so a dialog asking whether to resume it does not
eat into its time.

A multiple-response pick of the wrong number is kept as it is, as on the real exam: stored, shown as
incomplete on the grid and the review page (`count_problem`), and scored wrong if submitted so.

A write that fails (another process holding the database too long, a read-only file, a full disk) raises
`StoreError` and leaves the session exactly as it was, so the same change can simply be tried again.

Answers are sets of the question's own (YAML) choice indexes. The screen shows the choices in the order
`shown_choices(position)` gives, each with its own index, so the UI never does the mapping itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from ..course.model import Blueprint, Choice, Course, Question
from ..progress.database import transaction
from .draw import Paper, draw_custom, draw_exam, new_seed, paper_question
from .errors import ExamError, ExamOver
from .scoring import ExamResult, QuestionResult
from .store import IN_PROGRESS, AnswerRecord, ExamRecord, ExamStore
from .timer import Countdown, TimerState

if TYPE_CHECKING:
    from ..clock import Clock
    from ..progress.store import ProgressStore

__all__ = ["AnswerSink", "ExamSession", "Review", "Slot", "feed_progress", "result_of"]


class AnswerSink(Protocol):
    """Where submitted exam answers go to feed the review schedule: `feed_progress` in the app.

    It is called inside the exam store's write transaction, so it must write through the same connection
    (`feed_progress(progress)` where `progress.db` is the exam store's database): the submission and the
    answers then commit together.
    """

    def __call__(self, question: Question, picked: frozenset[int], duration: timedelta) -> None: ...


def feed_progress(progress: ProgressStore, session_id: str | None = None) -> AnswerSink:
    """An AnswerSink that records each submitted answer in the progress store, in mode "exam".

    Exam answers move the FSRS schedule like practice answers do; the time spent on the question is
    passed as the answer's duration.
    """

    def record(question: Question, picked: frozenset[int], duration: timedelta) -> None:
        ms = round(duration / timedelta(milliseconds=1))
        progress.record_answer(question, picked, duration_ms=ms, mode="exam", session_id=session_id)

    return record


@dataclass(frozen=True)
class Slot:
    """One position of the exam as the navigation grid and the review list show it."""

    position: int
    question_id: str
    stem: str
    answered: bool  # something is picked (possibly the wrong number: see `incomplete`)
    flagged: bool
    current: bool
    incomplete: str | None = None  # "Choose two: you picked one" when the pick is the wrong number


@dataclass(frozen=True)
class Review:
    """The review list shown before submitting."""

    slots: tuple[Slot, ...]

    @property
    def answered(self) -> int:
        """Questions answered in full (an incomplete pick does not count: it is scored wrong)."""
        return sum(s.answered and not s.incomplete for s in self.slots)

    @property
    def unanswered(self) -> tuple[int, ...]:
        return tuple(s.position for s in self.slots if not s.answered)

    @property
    def incomplete(self) -> tuple[int, ...]:
        """Multiple-response questions with the wrong number picked."""
        return tuple(s.position for s in self.slots if s.incomplete)

    @property
    def flagged(self) -> tuple[int, ...]:
        return tuple(s.position for s in self.slots if s.flagged)


def _questions(record: ExamRecord, course: Course) -> tuple[Question, ...]:
    """The record's questions from the course, refusing any whose choices no longer fit the stored order."""
    questions = []
    for qid, order in zip(record.question_ids, record.permutations, strict=True):
        question = course.question(qid)
        if question is None:
            raise ExamError(f"exam {record.id} cannot be rebuilt: question {qid!r} is no longer in the course", record.id)
        question = paper_question(question, record.seed)
        if sorted(order) != list(range(len(question.choices))):
            raise ExamError(f"exam {record.id} cannot be rebuilt: question {qid!r} has different choices now", record.id)
        questions.append(question)
    return tuple(questions)


def result_of(record: ExamRecord, course: Course) -> ExamResult:
    """The scored result of a submitted exam from its stored record (for history and retakes)."""
    if record.submitted_at is None:
        raise ExamError(f"exam {record.id} has not been submitted", record.id)
    questions = _questions(record, course)
    return ExamResult.build(
        course,
        [
            QuestionResult(a.position, q, a.picked, order, a.flagged, a.time_spent)
            for a, q, order in zip(record.answers, questions, record.permutations, strict=True)
        ],
        exam_id=record.id,
        blueprint_id=record.blueprint_id,
        title=record.title,
        pass_mark=record.pass_mark,
        started=record.countdown.started,
        submitted_at=record.submitted_at,
        time_used=record.countdown.elapsed(record.submitted_at),
        timed_out=record.timed_out,
    )


class ExamSession:
    """One sitting of an exam. Build it with `start`, `custom`, `retake_missed` or `resume`.

    Only one exam is in progress at a time: starting another while one is unfinished is an ExamError
    whose `exam_id` is the unfinished one, to resume or to discard (`ExamStore.discard`).
    """

    def __init__(
        self,
        record: ExamRecord,
        course: Course,
        store: ExamStore,
        clock: Clock,
        *,
        notices: Sequence[str] = (),
        answer_sink: AnswerSink | None = None,
    ) -> None:
        self.record = record
        self.course = course
        self.questions = _questions(record, course)
        self.notices = tuple(notices)
        self._store = store
        self._clock = clock
        self._sink = answer_sink
        self._countdown = record.countdown
        self._picked = [a.picked for a in record.answers]
        self._flagged = [a.flagged for a in record.answers]
        self._spent = [a.time_spent for a in record.answers]
        self._current: int | None = None
        self._stored_position = record.current_position  # as last written, so a re-visit writes nothing
        self._shown_since: datetime | None = None
        self.result: ExamResult | None = result_of(record, course) if record.submitted_at else None
        self._to_store: Callable[[], ExamRecord] | None = None  # how an exam drawn but not stored yet is stored (`drawn`)

    # --- building -------------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        course: Course,
        blueprint: Blueprint,
        store: ExamStore,
        clock: Clock,
        *,
        seed: int | None = None,
        answer_sink: AnswerSink | None = None,
    ) -> ExamSession:
        """Draw and store a new exam for `blueprint`; `notices` says where the bank fell short."""
        seed = new_seed() if seed is None else seed
        paper = draw_exam(blueprint, course, seed)
        record = cls._store_new(
            store, clock, paper, seed=seed, blueprint_id=blueprint.id, title=blueprint.title,
            limit=timedelta(minutes=blueprint.minutes), pass_mark=blueprint.pass_mark, pausable=blueprint.pausable,
        )  # fmt: skip
        return cls(record, course, store, clock, notices=paper.notices, answer_sink=answer_sink)

    @classmethod
    def drawn(
        cls,
        course: Course,
        blueprint: Blueprint,
        store: ExamStore,
        clock: Clock,
        *,
        seed: int,
        answer_sink: AnswerSink | None = None,
    ) -> ExamSession:
        """A new exam of `blueprint` drawn from `seed` but not stored: a screen can be made ready with it (its first
        question, its whole time) before the learner starts it. `begin()` stores it, as `start` would with the same
        seed, its clock starting then; until then it takes no change and its clock does not run."""
        paper = draw_exam(blueprint, course, seed)
        if not paper.question_ids:
            raise ExamError("there are no questions for this exam in the course")
        record = ExamRecord(
            id=0, blueprint_id=blueprint.id, title=blueprint.title, seed=seed, question_ids=tuple(paper.question_ids),
            permutations=tuple(tuple(order) for order in paper.permutations), pass_mark=blueprint.pass_mark,
            pausable=blueprint.pausable, countdown=Countdown(clock.now(), timedelta(minutes=blueprint.minutes)),
            status=IN_PROGRESS, timed_out=False, submitted_at=None, retake_of=None,
            answers=tuple(AnswerRecord(i, qid, None, False, timedelta(0), None) for i, qid in enumerate(paper.question_ids)),
        )  # fmt: skip
        session = cls(record, course, store, clock, notices=paper.notices, answer_sink=answer_sink)
        session._to_store = lambda: cls._store_new(
            store, clock, paper, seed=seed, blueprint_id=blueprint.id, title=blueprint.title,
            limit=timedelta(minutes=blueprint.minutes), pass_mark=blueprint.pass_mark, pausable=blueprint.pausable,
        )  # fmt: skip
        return session

    @property
    def stored(self) -> bool:
        """False for an exam `drawn` and not begun."""
        return self._to_store is None

    def begin(self) -> None:
        """Store an exam made by `drawn`, its clock starting now. ExamError if another exam is in progress, and
        StoreError if the store refuses: then nothing has changed, and it can be tried again."""
        if self._to_store is None:
            return
        record = self._to_store()  # the paper drawn already, stored as it is
        self.record, self._countdown, self._stored_position = record, record.countdown, record.current_position
        self._to_store = None

    @classmethod
    def custom(
        cls,
        course: Course,
        question_ids: Sequence[str],
        store: ExamStore,
        clock: Clock,
        *,
        title: str,
        limit: timedelta,
        pass_mark: float,
        pausable: bool = True,
        blueprint_id: str = "custom",
        seed: int | None = None,
        retake_of: int | None = None,
        answer_sink: AnswerSink | None = None,
    ) -> ExamSession:
        """A stored exam of exactly these questions, shuffled from `seed`."""
        seed = new_seed() if seed is None else seed
        paper = draw_custom(question_ids, course, seed)
        record = cls._store_new(
            store, clock, paper, seed=seed, blueprint_id=blueprint_id, title=title, limit=limit, pass_mark=pass_mark,
            pausable=pausable, retake_of=retake_of,
        )  # fmt: skip
        return cls(record, course, store, clock, notices=paper.notices, answer_sink=answer_sink)

    @classmethod
    def retake_missed(
        cls,
        course: Course,
        exam_id: int,
        store: ExamStore,
        clock: Clock,
        *,
        seed: int | None = None,
        answer_sink: AnswerSink | None = None,
    ) -> ExamSession:
        """A new exam of the questions missed in exam `exam_id`, at the same pace per question and pass mark."""
        record = store.load(exam_id)
        if record is None:
            raise ExamError(f"there is no exam {exam_id}")
        missed = result_of(record, course).missed_ids
        if not missed:
            raise ExamError("nothing was missed in that exam: there is nothing to retake")
        # Same minutes per question as the original, rounded up to whole minutes.
        minutes = math.ceil(record.countdown.limit.total_seconds() / 60 * len(missed) / len(record.question_ids))
        return cls.custom(
            course, missed, store, clock, title=f"Retake: missed in {record.title}",
            limit=timedelta(minutes=max(minutes, 1)), pass_mark=record.pass_mark, pausable=record.pausable,
            blueprint_id=record.blueprint_id, seed=seed, retake_of=record.id, answer_sink=answer_sink,
        )  # fmt: skip

    @staticmethod
    def _store_new(
        store: ExamStore,
        clock: Clock,
        paper: Paper,
        *,
        seed: int,
        blueprint_id: str,
        title: str,
        limit: timedelta,
        pass_mark: float,
        pausable: bool,
        retake_of: int | None = None,
    ) -> ExamRecord:
        """Store `paper` as a new exam in progress, its clock starting now; the record as stored."""
        if not paper.question_ids:
            raise ExamError("there are no questions for this exam in the course")
        # One exam at a time, so "resume" is never ambiguous.
        if (unfinished := store.find_resumable()) is not None:
            raise ExamError(
                f"{unfinished.title} (exam {unfinished.id}) is still in progress: resume or discard it first",
                unfinished.id,
            )
        exam_id = store.create(
            blueprint_id=blueprint_id, title=title, seed=seed, paper=paper, pass_mark=pass_mark,
            pausable=pausable, started=clock.now(), limit=limit, retake_of=retake_of,
        )  # fmt: skip
        record = store.load(exam_id)
        assert record is not None
        return record

    @classmethod
    def resume(
        cls,
        record: ExamRecord,
        course: Course,
        store: ExamStore,
        clock: Clock,
        *,
        answer_sink: AnswerSink | None = None,
    ) -> ExamSession:
        """Rebuild a stored in-progress exam (see `ExamStore.find_resumable`).

        On a pausable exam the time the app was closed does not count: it stays paused from the moment
        it was closed (or, after a crash, from its last stored change) until the first `visit` shows a
        question again. On any other exam the clock kept running, and if time ran out meanwhile the exam
        is submitted now, with what was answered: check `result`. `opening_position` says where to
        show it.
        """
        session = cls(record, course, store, clock, answer_sink=answer_sink)
        if session.result is not None:
            return session  # submitted already: nothing to resume, the result is there to show
        if record.countdown_while_closed != record.countdown:  # a crash left the pause unstored
            session._set_countdown(record.countdown_while_closed)
        session._expire_if_due()
        return session

    # --- reading --------------------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def pausable(self) -> bool:
        return self.record.pausable

    @property
    def paused(self) -> bool:
        return self._countdown.paused_since is not None

    @property
    def current(self) -> int | None:
        """The position on screen, as last told by `visit`."""
        return self._current

    @property
    def opening_position(self) -> int:
        """Where the screen opens: the question the learner was last on, or else (an exam started before
        positions were stored) the first unanswered one; a new exam opens on its first question."""
        if self._stored_position is not None and 0 <= self._stored_position < len(self.questions):
            return self._stored_position
        return next((i for i, picked in enumerate(self._picked) if picked is None), 0)

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, position: int) -> Question:
        return self.questions[self._position(position)]

    def shown_choices(self, position: int) -> tuple[tuple[int, Choice], ...]:
        """The question's choices in the order the screen shows them, each with its own index."""
        question = self.question(position)
        return tuple((own, question.choices[own]) for own in self.record.permutations[position])

    def picked(self, position: int) -> frozenset[int] | None:
        """The own-order choice indexes picked at `position`, or None."""
        return self._picked[self._position(position)]

    def flagged(self, position: int) -> bool:
        return self._flagged[self._position(position)]

    def count_problem(self, position: int) -> str | None:
        """'Choose two: you picked one' when the stored pick at `position` is the wrong number, else None.

        Such a pick is kept (incomplete) and scored wrong, like an unanswered question.
        """
        question = self.question(position)
        picked = self._picked[position]
        return question.kind.count_problem(question.choose, picked) if picked is not None else None

    def time_spent(self, position: int) -> timedelta:
        """Time spent on the question so far, counting the visit in progress."""
        spent = self._spent[self._position(position)]
        if position == self._current and self._shown_since is not None:
            spent += self._visit_end() - self._shown_since
        return spent

    def remaining(self) -> timedelta:
        return self._countdown.remaining(self._countdown_now())

    def deadline(self) -> datetime:
        return self._countdown.deadline(self._countdown_now())

    def state(self) -> TimerState:
        """normal, warning, final or expired: what the countdown should look like now."""
        return self._countdown.state(self._countdown_now())

    def _countdown_now(self) -> datetime:
        """Now, for the countdown: an exam not begun (`drawn`) stays at its start, its whole time left."""
        return self._clock.now() if self.stored else self._countdown.started

    def grid(self) -> tuple[Slot, ...]:
        """Every position with its answered / flagged / current state, for the navigation grid."""
        return tuple(
            Slot(i, q.id, q.stem, self._picked[i] is not None, self._flagged[i], i == self._current, self.count_problem(i))
            for i, q in enumerate(self.questions)
        )

    def review(self) -> Review:
        """The review list before submitting: what is unanswered, what is flagged."""
        return Review(self.grid())

    # --- changing -------------------------------------------------------------------------------------

    def tick(self) -> TimerState:
        """Check the clock; when time is up, submit with what was answered. Call it about once a second."""
        if self.stored:
            self._expire_if_due()
        return self.state()

    def answer(self, position: int, picked: frozenset[int] | set[int] | None) -> None:
        """Record the own-order choice indexes picked at `position`; None or an empty set clears the answer.

        A wrong number for "Choose N" is stored as it is, as the real exam keeps it: `count_problem` then
        marks it incomplete, and it is scored wrong (and fed to the review schedule as wrong) unless it
        is completed before submitting. Only what can never be an answer is refused: an index the
        question does not have, or more picks than its type holds (two on a single-response question).
        """
        self._guard()
        position = self._position(position)
        question = self.questions[position]
        chosen = frozenset(picked) if picked else None
        if chosen is not None:
            if not all(isinstance(i, int) and 0 <= i < len(question.choices) for i in chosen):
                raise ValueError(f"question {question.id} has choices 0 to {len(question.choices) - 1}: got {sorted(chosen)}")
            if not question.kind.may_hold(chosen):
                raise ValueError(f"question {question.id} takes one answer: got {len(chosen)}")
        self._store.save_answer(self.id, position, chosen, self._clock.now())
        self._picked[position] = chosen  # only once stored: a failed write (StoreError) changes nothing

    def flag(self, position: int, flagged: bool = True) -> None:
        """Mark (or unmark) a question for review."""
        self._guard()
        position = self._position(position)
        self._store.save_flag(self.id, position, flagged, self._clock.now())
        self._flagged[position] = flagged

    def visit(self, position: int) -> None:
        """The UI now shows `position`: the time since the last visit goes to the question shown until now,
        and `position` is stored as where a resumed exam opens.

        A question on screen is exam time: a paused exam (a pausable one just resumed) starts its clock again.
        """
        self._guard()
        position = self._position(position)
        if self.paused:
            self.unpause()
        self._close_visit(moving_to=position)
        self._current = position
        self._shown_since = self._clock.now()

    def checkpoint(self) -> None:
        """Store the time spent on the question on screen so far (call now and then: a crash loses less).

        Unlike `visit`, it never restarts a paused clock.
        """
        self._guard()
        if self._shown_since is not None:
            self._close_visit()
            self._shown_since = self._clock.now()

    def pause(self) -> None:
        """Stop the countdown (pausable exams only); the time on the question shown is stored."""
        self._guard()
        if not self.pausable:
            raise ExamError(f"{self.title} cannot be paused: the clock keeps running, as in the real exam")
        self._close_visit()
        self._set_countdown(self._countdown.pause(self._clock.now()))

    def unpause(self) -> None:
        """Restart the countdown after `pause` (nothing to do, and nothing written, if it is running)."""
        self._guard()
        if not self.paused:
            return
        self._set_countdown(self._countdown.unpause(self._clock.now()))
        if self._current is not None:
            self._shown_since = self._clock.now()

    def suspend(self) -> None:
        """The app is closing: store the time on the question shown and, if pausable, stop the countdown.

        Never raises ExamOver: if time has run out, the exam is simply submitted. An exam not begun has nothing to store.
        """
        if not self.stored:
            return
        self._expire_if_due()
        if self.result is not None:
            return
        if self.pausable:
            self.pause()
        else:
            self._close_visit()

    def submit(self) -> ExamResult:
        """Score and store the exam, and feed the answers to the review schedule.

        Submitting again returns the same result; so does submitting just after time ran out (the clock
        submitted it first, and `result.timed_out` says so).
        """
        self._expire_if_due()
        return self.result or self._finish(timed_out=False)

    # --- inside ---------------------------------------------------------------------------------------

    def _position(self, position: int) -> int:
        if not 0 <= position < len(self.questions):
            raise IndexError(f"this exam has positions 0 to {len(self.questions) - 1}: got {position}")
        return position

    def _guard(self) -> None:
        """Refuse changes to a submitted exam, submitting it first if time has just run out, and to one not begun."""
        if not self.stored:
            raise ExamError(f"{self.title} has not begun: begin() stores it first")
        self._expire_if_due()
        if self.result is not None:
            raise ExamOver(self.result)

    def _expire_if_due(self) -> None:
        if self.result is None and self._countdown.state(self._clock.now()) == "expired":
            self._finish(timed_out=True)

    def _visit_end(self) -> datetime:
        # Time after the deadline is not time spent answering.
        return min(self._clock.now(), self._countdown.deadline(self._clock.now()))

    def _close_visit(self, *, moving_to: int | None = None) -> None:
        """Store the time spent on the question on screen and, with `moving_to`, the position shown next:
        one transaction, and the session changes only once it is committed."""
        shown, since = self._current, self._shown_since
        moving = moving_to if moving_to != self._stored_position else None
        if (shown is None or since is None) and moving is None:
            return
        end = self._visit_end()
        spent = max(end - since, timedelta(0)) if since is not None else timedelta(0)
        with transaction(self._store.db):
            if shown is not None and since is not None:
                self._store.add_time(self.id, shown, spent, end)
            if moving is not None:
                self._store.save_position(self.id, moving)
        if shown is not None and since is not None:
            self._spent[shown] += spent
            self._shown_since = None
        if moving is not None:
            self._stored_position = moving

    def _set_countdown(self, countdown: Countdown) -> None:
        self._store.save_countdown(self.id, countdown)
        self._countdown = countdown

    def preview(self) -> ExamResult | None:
        """What submitting now would give, stored nowhere (the time on the question shown not yet counted in): what a
        screen can draw while the learner confirms. None once the exam is over."""
        if self.result is not None or self._countdown.state(self._clock.now()) == "expired":
            return None
        return self._scored(timed_out=False)

    def _finish(self, *, timed_out: bool) -> ExamResult:
        self._close_visit()
        self._current = None
        result = self._scored(timed_out=timed_out)
        # One transaction for the outcome and every answer it feeds to the review schedule: a crash or a
        # kill part-way leaves the exam unsubmitted with all its answers, to submit again, never a
        # submitted exam whose answers are missing from the schedule. A failed write (a full disk, a lock
        # held too long) raises StoreError with nothing written, and the exam can be submitted again.
        with transaction(self._store.db):
            self._store.submit(result)
            if self._sink is not None:
                for item in result.questions:
                    if item.picked is not None:
                        self._sink(item.question, item.picked, item.time_spent)
        self.result = result
        return result

    def _scored(self, *, timed_out: bool) -> ExamResult:
        """The exam scored as it stands now."""
        now = self._clock.now()
        submitted_at = min(now, self._countdown.deadline(now))
        return ExamResult.build(
            self.course,
            [
                QuestionResult(i, q, self._picked[i], self.record.permutations[i], self._flagged[i], self._spent[i])
                for i, q in enumerate(self.questions)
            ],
            exam_id=self.id,
            blueprint_id=self.record.blueprint_id,
            title=self.title,
            pass_mark=self.record.pass_mark,
            started=self._countdown.started,
            submitted_at=submitted_at,
            time_used=self._countdown.elapsed(submitted_at),
            timed_out=timed_out,
        )
