"""A practice run: which questions come (the mode), one after another, each answer stored as it is given."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..clock import Clock
from ..course.generated import materialize
from ..course.model import Course, PredictQuestion, Question
from ..progress.store import AnswerResult, ProgressStore

PracticeMode = Literal["practice", "review", "cram", "retake"]

MODE_TITLES: dict[str, str] = {
    "practice": "Practice",
    "review": "Reviews due",
    "cram": "Cram (your schedule is not changed)",
    "retake": "Retake the ones you got wrong",
}

# What an empty run says, by mode.
_NOTHING_TO_DO = {
    "review": "No reviews are due now.",
    "retake": "Nothing to retake: your last answer to every question was right.",
}


def practice_queue(mode: str, course: Course, progress: ProgressStore, topic_id: str | None = None) -> list[str]:
    """The question ids a run of `mode` asks, in order: "practice" (a topic's questions), "review" (due
    today), "cram" (weakest first, never scheduled) or "retake" (last answered wrong); `topic_id` narrows
    the last three to one topic."""
    if mode == "practice" and topic_id:
        return [q.id for q in course.questions_for(topic_id)]
    if mode == "review":
        return progress.due_today(topic_id)
    if mode == "cram":
        return progress.cram_queue(topic_id)
    if mode == "retake":
        return progress.retake_wrong(topic_id)
    raise ValueError(f"unknown practice mode {mode!r}")


def prediction_id(topic_id: str, simulation: str, stem: str) -> str:
    """The id a prediction is stored under: stable while the simulation and the question's stem stay."""
    digest = hashlib.sha1(f"{simulation}|{stem}".encode()).hexdigest()[:10]
    return f"predict:{topic_id}:{digest}"


def record_prediction(
    progress: ProgressStore, topic_id: str, simulation: str, predict: PredictQuestion, picked: int
) -> AnswerResult:
    """Keep a prediction made before a simulation in `topic_id` ran (never scheduled for review)."""
    return progress.record_prediction(
        prediction_id(topic_id, simulation, predict.stem), topic_id, predict, picked, duration_ms=None
    )


@dataclass(frozen=True)
class Attempt:
    question_id: str
    correct: bool


@dataclass(frozen=True)
class Shown:
    """The question on screen: drawn (a generated one gets its numbers), with its choices in `order`."""

    question: Question
    order: tuple[int, ...]  # the question's own choice indexes in the order shown
    position: int  # 0-based place in the queue
    changed: bool  # it changed since the learner last answered it


@dataclass(frozen=True)
class Submitted:
    """What submitting did: `problem` says why nothing was stored (no pick, the wrong count), else `correct`."""

    problem: str | None = None
    correct: bool = False


class PracticeSession:
    """One practice run over `question_ids`.

    `show()` gives the question to show (or None when the run is over), `submit(picked)` stores an answer,
    `advance()` goes on to the next question (after an answer, or to skip one), `stop()` jumps to the end.
    Questions retired from the course since the queue was built are passed over.
    """

    def __init__(
        self,
        mode: str,
        question_ids: list[str],
        course: Course,
        progress: ProgressStore,
        clock: Clock,
        *,
        topic_id: str | None = None,
        title: str | None = None,
    ) -> None:
        if mode not in MODE_TITLES:
            raise ValueError(f"unknown practice mode {mode!r}")
        self.mode = mode
        self.queue = list(question_ids)
        self.course = course
        self.progress = progress
        self.clock = clock
        self.topic_id = topic_id
        self.heading = title or MODE_TITLES[mode]
        self.index = 0
        self.attempts: list[Attempt] = []
        self.shown: Shown | None = None
        self.answered = False
        self.session_id: str | None = None
        self._shown_at: datetime | None = None
        self._ended = False
        # The run's seed: with a question's place in the queue, it draws a generated question's numbers and shuffles
        # its choices (`_drawn`), differently in each run and place, and is known before the question is shown, so
        # the screen can draw the next question ahead exactly as it will be shown.
        self._seed = int(clock.now().timestamp())

    @classmethod
    def open(
        cls, mode: str, course: Course, progress: ProgressStore, clock: Clock, topic_id: str | None = None
    ) -> PracticeSession:
        """A run of `mode` (see `practice_queue`); practising a topic is titled after it."""
        queue = practice_queue(mode, course, progress, topic_id)
        topic = course.topic(topic_id) if topic_id else None
        title = f"Practice: {topic.title}" if mode == "practice" and topic else None
        return cls(mode, queue, course, progress, clock, topic_id=topic_id, title=title)

    def same_run(self, other: PracticeSession) -> bool:
        """Whether `other` is this run as it would start: the same mode, topic, questions, course and store, and
        neither begun (a run opened ahead of the key that starts it stands in for the one opened at the key)."""
        return (
            (self.mode, self.topic_id, self.heading, self.queue) == (other.mode, other.topic_id, other.heading, other.queue)
            and self.course is other.course
            and self.progress is other.progress
            and not self._begun()
            and not other._begun()
        )

    def _begun(self) -> bool:
        return self.session_id is not None or self.index > 0 or bool(self.attempts) or self._ended

    # --- the walk ----------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the run in the progress store (a run with nothing to ask stores nothing)."""
        if self.queue and self.session_id is None:
            self.session_id = self.progress.start_session(self.mode, self.topic_id)  # type: ignore[arg-type]  # mode is one of the store's mode literals

    def show(self) -> Shown | None:
        """The question at the current place, drawn and shuffled; None once the run is over (then it ends)."""
        while self.index < len(self.queue) and self.course.question(self.queue[self.index]) is None:
            self.index += 1  # retired since the queue was built
        self.answered = False
        if self.index >= len(self.queue):
            self.shown = None
            self.end()
            return None
        self.shown = self._drawn(self.index)
        self._shown_at = self.clock.now()
        return self.shown

    def _drawn(self, index: int) -> Shown:
        """The question at `index` of the queue (one in the course), drawn and shuffled for this run and place."""
        base = self.course.question(self.queue[index])
        assert base is not None
        seed = self._seed + index
        question = materialize(base, seed)
        order = list(range(len(question.choices)))
        random.Random(seed).shuffle(order)
        return Shown(question, tuple(order), index, self.progress.is_changed(base))

    @property
    def over(self) -> bool:
        return self.index >= len(self.queue)

    def upcoming(self) -> Shown | None:
        """The question after the one shown, drawn and shuffled as `show` will give it, for the screen to draw
        ahead; None when the run ends after this one."""
        return self._first_from(self.index + 1)

    def next_to_show(self) -> Shown | None:
        """The question `show` gives now (None if the run is over), without showing it: for a screen to draw ahead
        the first question of a run it may start."""
        return self._first_from(self.index)

    def _first_from(self, start: int) -> Shown | None:
        for index in range(start, len(self.queue)):
            if self.course.question(self.queue[index]) is not None:  # one retired since the queue was built is passed over, as `show` does
                return self._drawn(index)
        return None

    def submit(self, picked: frozenset[int]) -> Submitted:
        """Store the answer `picked` (the question's own choice indexes) to the question shown."""
        if self.shown is None or self.answered:
            raise RuntimeError("no question is waiting for an answer")
        question = self.shown.question
        if not picked:
            return Submitted("Pick an answer first (number keys or click).")
        problem = question.kind.count_problem(question.choose, picked)
        if problem is not None:
            return Submitted(f"{problem}.")
        assert self._shown_at is not None
        elapsed = self.clock.now() - self._shown_at
        result = self.progress.record_answer(
            question,
            picked,
            duration_ms=int(elapsed.total_seconds() * 1000),
            mode=self.mode,  # type: ignore[arg-type]  # as above
            session_id=self.session_id,
        )
        self.attempts.append(Attempt(question.id, result.correct))
        self.answered = True
        return Submitted(correct=result.correct)

    def advance(self) -> None:
        """Go on to the next place in the queue (after an answer, or skipping the question shown)."""
        if not self.over:
            self.index += 1

    def stop(self) -> None:
        """Jump to the end of the run (the summary)."""
        self.index = len(self.queue)

    def end(self) -> None:
        """Close the run in the progress store (every answer is already there); once, however often called.

        A refused write (StoreError) leaves it open, so calling again retries."""
        if self.session_id is not None and not self._ended:
            self.progress.end_session(self.session_id)
            self._ended = True

    # --- the tally ---------------------------------------------------------------------------------------

    @property
    def right(self) -> int:
        return sum(a.correct for a in self.attempts)

    @property
    def wrong_ids(self) -> list[str]:
        """The questions answered wrong in this run, in the order answered (what "Retake" asks again)."""
        return [a.question_id for a in self.attempts if not a.correct]

    def summary(self) -> str:
        """What the run came to, what is still due today, and what to do next."""
        if not self.queue:
            done = _NOTHING_TO_DO.get(self.mode, "There are no questions here yet.")
        elif not self.attempts:
            done = "You did not answer any question this time."
        else:
            answered = len(self.attempts)
            done = f"You answered {answered}: {self.right} right, {answered - self.right} wrong. Every answer is saved."
        return f"{done}\n{self.next_step()}"

    def next_step(self) -> str:
        """What is still due today (reviews apart from learning steps) and the most useful thing to do next."""
        due = self.progress.due()
        now = self.progress.now()
        still = f"Still due today: {due.in_words(now)}." if due.reviews or due.learning else "Nothing is due for the rest of today."
        if due.reviews or due.learning_now:
            advice = "Next: do your reviews."
        elif self.wrong_ids:
            advice = "Next: retake the ones you got wrong while they are fresh."
        elif due.learning:
            advice = "Next: come back for the learning steps when they are due, or practise a new topic."
        else:
            advice = "Next: practise a topic you have not finished, or take a practice exam."
        return f"{still} {advice}"

    def retake(self) -> PracticeSession:
        """A new run of the questions answered wrong in this one."""
        return PracticeSession("retake", self.wrong_ids, self.course, self.progress, self.clock, topic_id=self.topic_id)
