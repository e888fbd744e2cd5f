"""Practice: one question at a time with instant feedback — topic practice, reviews, cram and retakes.

`PracticeSession` is to practice what `ExamSession` is to exams: the queue, the walk through it, the shuffle,
the tally and the summary, with every answer committed to the progress store as it is given. The screen
(app/ui/screens/practice.py) only shows the session's question and forwards the learner's keys.
"""

from __future__ import annotations

from .session import (
    MODE_TITLES,
    Attempt,
    PracticeMode,
    PracticeSession,
    Shown,
    Submitted,
    practice_queue,
    prediction_id,
    record_prediction,
)

__all__ = [
    "MODE_TITLES",
    "Attempt",
    "PracticeMode",
    "PracticeSession",
    "Shown",
    "Submitted",
    "practice_queue",
    "prediction_id",
    "record_prediction",
]
