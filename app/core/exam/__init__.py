"""The exam engine: timed, domain-weighted practice exams in the shape of DVA-C02.

- `draw`: which questions, in which order, with which choice order, rebuilt exactly from a seed.
- `timer`: the countdown arithmetic (deadline, pauses, warning and final states).
- `session`: an exam being taken (answers, flags, visits, submission, resume after a crash).
- `scoring`: all-or-nothing scoring with tallies per domain and per topic.
- `store`: the crash-safe tables in the progress database, and the history of results.

- `desk`: where exams are started, resumed and discarded; only one is ever in progress.

Typical use by the UI::

    desk = ExamDesk(course, ExamStore(db), clock)
    standing = desk.before_starting()  # an unfinished exam to resume or discard, or one submitted as it ran out
    session = standing.unfinished or desk.start(blueprint)
    session.visit(session.opening_position)  # where the learner was; a paused exam's clock starts again
    session.answer(0, {2}); session.flag(0); session.tick(); result = session.submit()
"""

from __future__ import annotations

from .desk import ExamDesk, ExamInProgress, Standing
from .draw import Paper, apportion, check_blueprint, draw_custom, draw_exam
from .errors import ExamError, ExamOver
from .scoring import ExamResult, QuestionResult, Tally
from .session import AnswerSink, ExamSession, Review, Slot, feed_progress, result_of
from .store import ExamRecord, ExamStore, HistoryEntry
from .timer import Countdown, TimerState

__all__ = [
    "AnswerSink",
    "Countdown",
    "ExamDesk",
    "ExamError",
    "ExamInProgress",
    "ExamOver",
    "ExamRecord",
    "ExamResult",
    "ExamSession",
    "ExamStore",
    "HistoryEntry",
    "Paper",
    "QuestionResult",
    "Review",
    "Slot",
    "Standing",
    "Tally",
    "TimerState",
    "apportion",
    "check_blueprint",
    "draw_custom",
    "draw_exam",
    "feed_progress",
    "result_of",
]
