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
