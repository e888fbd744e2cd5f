"""The exam engine's errors: one type the UI catches, with a one-line message for the learner."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scoring import ExamResult

__all__ = ["ExamError", "ExamOver"]


class ExamError(Exception):
    """An exam cannot be started, changed, read or resumed; the message says why in one line.

    `exam_id` names the stored exam concerned, when there is one, so the UI can offer to discard it.
    """

    def __init__(self, message: str, exam_id: int | None = None) -> None:
        super().__init__(message)
        self.exam_id = exam_id


class ExamOver(ExamError):
    """The exam was already submitted (by the learner, or by the clock just now); `result` holds the outcome."""

    def __init__(self, result: ExamResult) -> None:
        super().__init__("the exam has been submitted", result.exam_id)
        self.result = result
