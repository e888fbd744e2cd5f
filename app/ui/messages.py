"""Messages the App sends to its screens."""

from __future__ import annotations

from textual.message import Message


class CourseReloaded(Message, bubble=False):
    """The course was reloaded from its files (`coldstart --watch`): `app.course` and `app.loaded` are new.

    Sent to every screen on the stack; a screen that shows course content redraws what changed.
    """


class LintChecked(Message, bubble=False):
    """The course's item-writing warnings (`app.warnings`, the findings of `coldstart lint`) were computed anew.

    Only with `coldstart --watch`; sent to every screen on the stack. Warnings never hide or block anything.
    """


class CourseLoading(Message, bubble=False):
    """The course being opened moved on (`app.course_opening`): its summary is known (`app.summary`), another
    question bank was read, or the whole course is loaded (`app.course_ready`), or failed to load.

    Sent to every screen on the stack while the app starts; the home screen shows how far the questions are, and
    a screen waiting for the course (`with_course`) opens what it waited for.
    """
