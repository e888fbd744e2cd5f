"""The exam flow the whole app uses: at start-up (`open_exam_flow`), starting, resuming, discarding and
retaking an exam — the questions these ask the learner, and the screen each ends on.

The rules are the exam engine's (`ExamDesk`, app/core/exam/desk.py): only one exam is ever in progress, so
starting another while one is unfinished offers to resume it (or to discard it, after a confirmation), and
an exam whose time ran out while coldstart was closed is submitted when it is found, and its results shown.
The App's `start_exam`, `resume_exam`, `discard_exam` and `start_retake` call these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...core.exam import ExamError, ExamInProgress, ExamRecord, ExamSession
from ...core.wording import count_of
from ...present.exam_history import unfinished_summary
from ..store_errors import store_write
from .ask import AskScreen, Reply
from .exam import ExamScreen
from .exam_results import ExamResultsScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...core.course.model import Blueprint
    from ..context import CourseApp

__all__ = ["describe_unfinished", "discard_exam", "open_exam_flow", "resume_exam", "start_exam", "start_retake", "unfinished_exam"]


def describe_unfinished(app: CourseApp, record: ExamRecord) -> str:
    """'Quick exam is unfinished: 2 of 3 answered, 03:12 left (the clock keeps running).'"""
    return unfinished_summary(record, app.clock.now())


def unfinished_exam(app: CourseApp) -> ExamRecord | None:
    """The exam in progress, if any; a damaged one is reported, with an offer to discard it."""
    try:
        return app.exam_desk.unfinished()
    except ExamError as problem:
        _offer_discard_broken(app, problem)
        return None


def _offer_discard_broken(app: CourseApp, problem: ExamError, then: Callable[[], None] | None = None) -> None:
    if problem.exam_id is None:
        app.notify(str(problem), title="Exam", severity="error")
        return
    exam_id = problem.exam_id

    def answered(reply: str | None) -> None:
        if reply == "discard":
            with store_write(app) as write:
                app.exam_desk.discard(exam_id)
            if not write.failed and then is not None:
                then()

    replies = [Reply("discard", "Discard it", "y", "error"), Reply("keep", "Keep it", "n")]
    app.push_screen(AskScreen("This exam cannot be resumed", f"{problem}. Discard it?", replies, focus="keep"), answered)


def _resume_session(app: CourseApp, record: ExamRecord) -> ExamSession | None:
    """Rebuild the session of `record` (submitting it if time ran out while closed); None if it cannot be."""
    with store_write(app):  # refused (resuming stores the pause, or submits): it stays unfinished, to try again
        try:
            return app.exam_desk.resume(record)
        except ExamError as problem:
            _offer_discard_broken(app, problem)
    return None


def _show(app: CourseApp, session: ExamSession) -> None:
    """The exam screen, or its results if time ran out while coldstart was closed."""
    app.push_screen(ExamResultsScreen(session.result) if session.result is not None else ExamScreen(session))


def discard_exam(app: CourseApp, record: ExamRecord, *, then: Callable[[], None] | None = None) -> None:
    """Ask, then delete the unfinished exam `record`; `then` runs after it is gone."""
    answered = sum(a.picked is not None for a in record.answers)

    def confirmed(reply: str | None) -> None:
        if reply == "discard":
            with store_write(app) as write:
                app.exam_desk.discard(record.id)
            if write.failed:
                return
            app.notify(f"{record.title} was discarded.")
            if then is not None:
                then()

    replies = [Reply("discard", "Discard", "y", "error"), Reply("keep", "Keep it", "n")]
    message = f"{record.title}: its {count_of(answered, 'answer')} {'is' if answered == 1 else 'are'} deleted and it will not count in your results."
    app.push_screen(AskScreen("Discard the unfinished exam?", message, replies, focus="keep"), confirmed)


def resume_exam(app: CourseApp) -> None:
    """Go back to the unfinished exam (or show its results, if its time ran out meanwhile)."""
    record = unfinished_exam(app)
    if record is None:
        app.notify("There is no unfinished exam.")
        return
    session = _resume_session(app, record)
    if session is not None:
        _show(app, session)


def start_exam(
    app: CourseApp,
    blueprint: Blueprint,
    *,
    seed: int | None = None,
    then: Callable[[], None] | None = None,
    ready: ExamScreen | None = None,
) -> None:
    """Start a new exam of `blueprint`; with one unfinished, offer to resume it or discard it first.

    `seed` fixes the draw (tests, snapshots); `then` runs when a choice leaves the caller's screen
    showing (a cancel, a discard), so it can refresh. `ready`: the screen of the exam `blueprint` would begin,
    drawn and made ready off screen while the learner chose it (`ExamDesk.drawn`): the exam begun is that one,
    and it is shown by switching to that screen; not used (another exam stands in the way, say), it is removed.
    """
    new = _started(app, blueprint, seed=seed, then=then, drawn=ready.session if ready is not None else None)
    if ready is not None and new is ready.session:
        ready.begin()
        app.push_screen(ready)
        return
    if ready is not None:
        ready.remove()
    if new is not None:
        app.push_screen(ExamScreen(new))


def _started(
    app: CourseApp, blueprint: Blueprint, *, seed: int | None, then: Callable[[], None] | None, drawn: ExamSession | None
) -> ExamSession | None:
    """The new exam, stored (`drawn`, if the desk begins it); None where a question about the unfinished exam was
    asked instead, or the store refused (and said so)."""
    with store_write(app) as write:  # rebuilding the unfinished exam stores its pause, or submits it
        try:
            standing = app.exam_desk.before_starting()
        except ExamError as problem:
            # It cannot be resumed: once it is discarded, the new exam starts.
            _offer_discard_broken(app, problem, then=lambda: start_exam(app, blueprint, seed=seed, then=then))
            return None
    if write.failed:
        return None
    if standing.unfinished is not None:
        _offer_unfinished(app, standing.unfinished, instead=blueprint, seed=seed, then=then)
        return None
    if standing.submitted is not None and standing.submitted.result is not None:
        app.notify(
            f"{standing.submitted.title} ran out of time while coldstart was closed and was submitted: "
            f"{standing.submitted.result.score:.0f}%. It is under Past exams.",
            title="Unfinished exam submitted",
            timeout=8,
        )
    with store_write(app) as write:
        try:
            new = app.exam_desk.start(blueprint, seed=seed, drawn=drawn)
        except ExamInProgress as in_progress:  # only if another app started one meanwhile
            _offer_unfinished(app, in_progress.session, instead=blueprint, seed=seed, then=then)
            return None
        except ExamError as problem:
            app.notify(str(problem), title="Cannot start the exam", severity="error")
            return None
    return None if write.failed else new


def _offer_unfinished(
    app: CourseApp,
    session: ExamSession,
    *,
    instead: Blueprint | None = None,
    seed: int | None = None,
    then: Callable[[], None] | None = None,
) -> None:
    """Ask what to do with the unfinished exam: resume it, leave it for later, or discard it.

    With `instead` (the learner asked for another exam) discarding goes on to start that one.
    """

    # A pausable exam stays paused while this is asked (its clock starts when the exam screen shows a question).
    def answered(reply: str | None) -> None:
        if reply == "resume":
            app.push_screen(ExamScreen(session))
            return
        if reply == "discard":
            after = then if instead is None else (lambda: start_exam(app, instead, seed=seed, then=then))
            discard_exam(app, session.record, then=after)
        elif then is not None:
            then()

    if instead is None:
        replies = [Reply("resume", "Resume", "r", "primary"), Reply("later", "Later", "l"), Reply("discard", "Discard", "d", "error")]
        message = describe_unfinished(app, session.record)
    else:
        replies = [
            Reply("resume", "Resume it", "r", "primary"),
            Reply("discard", f"Discard it, start {instead.title}", "d", "error"),
            Reply("cancel", "Cancel", "c"),
        ]
        message = describe_unfinished(app, session.record) + " Only one exam can be in progress."
    app.push_screen(AskScreen("You have an unfinished exam", message, replies), answered)


def start_retake(app: CourseApp, exam_id: int, *, replace: Screen[Any] | None = None) -> None:
    """A new exam of the questions missed in exam `exam_id`; it replaces `replace` (the results) if given."""
    with store_write(app) as write:
        try:
            session = app.exam_desk.retake(exam_id)
        except ExamError as problem:
            app.notify(str(problem), title="Cannot start the retake", severity="error")
            return
    if write.failed:
        return
    if replace is not None and replace is app.screen:
        app.switch_screen(ExamScreen(session))
    else:
        app.push_screen(ExamScreen(session))


def open_exam_flow(app: CourseApp, blueprint_id: str | None) -> None:
    """What the app does at start-up about exams.

    With a blueprint id (from `coldstart exam NAME`) start that exam, or offer to resume the unfinished
    one. With None, only offer the unfinished exam, if there is one: Resume / Later / Discard. An exam
    whose time ran out while the app was closed is submitted now and its results shown.
    """
    if blueprint_id is not None:
        blueprint = app.course.blueprint(blueprint_id)
        if blueprint is None:
            app.notify(f"There is no exam {blueprint_id!r} in {app.course.title}.", severity="error")
            return
        start_exam(app, blueprint)
        return
    record = unfinished_exam(app)
    session = _resume_session(app, record) if record is not None else None
    if session is None:
        return
    if session.result is not None:
        _show(app, session)
    else:
        _offer_unfinished(app, session)
