"""Work that can take longer than a frame runs off the UI thread, and a failing worker never closes the app.

`BackgroundContent` is for a screen whose content is read from the learner's store or computed from the
course (question statistics, the dashboard): the screen opens at once with a loading indicator where the
content goes, a thread computes it, and the UI thread only draws the result. Keys stay live meanwhile, so
Escape leaves a screen that is still loading; the result of a screen that was left is dropped (Textual
cancels a removed screen's workers, and messages to it are not delivered).

A worker that raises is reported with `report_worker_failure`: one error notification, and the app keeps
running. ColdstartApp sends every failed worker there, including those started with Textual's default
`exit_on_error=True`, which would otherwise end the app (see `ColdstartApp._handle_exception`).

SQLite connections belong to the thread that opened them: a thread that reads the store opens its own
connection (`CourseApp.progress_reader`).

Content read from the store can be remembered (`remember=`): kept with the store's change stamp
(`ProgressStore.change_stamp`), it is shown again at once, without a worker, until anything is written to the
store. Opening the dashboard again, or coming back to it from the question statistics, then costs no reading.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Literal

from rich.text import Text
from textual.app import App
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

__all__ = ["BackgroundContent", "ContentState", "PreparesAhead", "prepare_content", "report_worker_failure"]

ContentState = Literal["loading", "shown", "failed"]

# The worker group of a screen's content: a new load replaces one still running (exclusive).
CONTENT_GROUP = "content"

# Per app, per kind of content (`what`): the key and store stamp it was computed for, and the result.
_remembered: weakref.WeakKeyDictionary[App[Any], dict[str, tuple[object, tuple[int, int], Any]]] = weakref.WeakKeyDictionary()
# Per app, per kind of content: the key and store stamp `prepare_content` is computing it for, until it is kept.
_preparing: weakref.WeakKeyDictionary[App[Any], dict[str, tuple[object, tuple[int, int]]]] = weakref.WeakKeyDictionary()


def report_worker_failure(app: App[Any], error: BaseException, what: str = "A background task") -> None:
    """Tell the learner that `what` failed and why, in one notification; the app keeps running."""
    app.log.error(f"{what} failed: {error!r}")
    app.notify(
        f"{what} failed: {error or type(error).__name__}. Everything else keeps working; "
        "please report this if it happens again.",
        title="Something went wrong",
        severity="error",
        timeout=10,
        markup=False,
    )


UPDATING_NOTICE_AFTER = 0.2  # seconds content shown before may be brought up to date before a notice says so
PREPARE_AFTER = 0.3  # seconds a learner stays on a screen before what they may open next is computed ahead


def _kept(app: App[Any], what: str, remember: object, stamp: tuple[int, int] | None) -> tuple[object, tuple[int, int], Any] | None:
    """The result kept for `what`, if it was computed for `remember` at the store's `stamp`."""
    kept = _remembered.get(app, {}).get(what)
    return kept if kept is not None and kept[:2] == (remember, stamp) else None


def prepare_content(app: App[Any], what: str, remember: object, compute: Callable[[], Any]) -> None:
    """Compute `what` now, in a thread, and keep it as `load_content(what=what, remember=remember)` keeps a result,
    so the screen that shows it opens with it at once (unless the store changes meanwhile). For content a learner
    is likely to ask for next, computed while they pause (the dashboard's figures after new answers)."""
    stamp = app.progress.change_stamp()  # type: ignore[attr-defined]  # the coldstart app (CourseApp)
    preparing = _preparing.setdefault(app, {})
    if _kept(app, what, remember, stamp) is not None or preparing.get(what) == (remember, stamp):
        return  # kept, or being computed (home asks at start-up, and again once the learner pauses)
    preparing[what] = (remember, stamp)

    def prepared(result: Any = None, *, failed: bool = False) -> None:
        if preparing.get(what) == (remember, stamp):
            del preparing[what]
        if not failed:
            # Kept under the stamp read before computing: anything written meanwhile makes it stale, as in load_content.
            _remembered.setdefault(app, {})[what] = (remember, stamp, result)

    def prepare() -> None:
        try:
            result = compute()
        except BaseException:
            app.call_from_thread(prepared, failed=True)  # asked again, it is computed again
            raise
        app.call_from_thread(prepared, result)

    app.run_worker(prepare, name=f"preparing {what}", group=f"prepare {what}", thread=True, exclusive=True, exit_on_error=False)


class PreparesAhead:
    """Mix into a Screen: `prepare_when_paused(prepare)` runs `prepare()` once the screen has stayed on top for
    PREPARE_AFTER seconds (a new call starts the wait again), to compute ahead what the learner may open next."""

    _preparing: Timer | None = None

    def prepare_when_paused(self, prepare: Callable[[], None]) -> None:
        if self._preparing is not None:
            self._preparing.stop()

        def if_still_on_top() -> None:
            self._preparing = None
            if self.is_current:  # type: ignore[attr-defined]  # a mixin: the Screen it joins
                prepare()

        self._preparing = self.set_timer(PREPARE_AFTER, if_still_on_top)  # type: ignore[attr-defined]  # a mixin, as above


class BackgroundContent:
    """Mix into a Screen: `load_content(compute, show, where=...)` computes in a thread and shows on the UI thread.

    `content_state` says where the screen is ("loading", "shown", "failed"): what tests and benches wait for.
    """

    content_state: ContentState = "loading"
    _content_request: tuple[Worker[Any], Callable[[Any], None], Widget, Static, object, tuple[int, int] | None] | None = None
    _content_shown: Any = None  # the result on screen, so a remembered one is not drawn a second time

    def load_content(
        self,
        compute: Callable[[], Any],
        show: Callable[[Any], None],
        *,
        where: Widget,
        notice: Static,
        what: str,
        remember: object = None,
    ) -> None:
        """Run `compute()` in a thread while `where` shows a loading indicator, then `show(result)` here.

        If it raises, `notice` says so in place of the content and the app notifies; `what` names the
        content in those messages ("the question statistics").

        Content shown before on this screen stays while the new is computed; a notice says so if that takes longer
        than UPDATING_NOTICE_AFTER.

        `remember` (None: compute every time): the result depends on the progress store and on `remember` alone
        (the course, the minute): it is kept, and while neither the key nor the store's change stamp differ, it
        is shown at once.
        """
        app: Any = self.app  # type: ignore[attr-defined]  # a mixin, as above
        stamp = app.progress.change_stamp() if remember is not None else None
        kept = _kept(app, what, remember, stamp)
        if kept is not None:
            self._content_request = None  # a load still running is not needed any more
            where.loading = False
            if kept[2] is not self._content_shown:
                self._show_content(show, kept[2])
            return
        if self._content_shown is None:
            where.loading = True
        self.content_state = "loading"
        worker = self.run_worker(  # type: ignore[attr-defined]  # a mixin: the Screen it joins has run_worker
            compute, name=what, group=CONTENT_GROUP, thread=True, exclusive=True, exit_on_error=False
        )
        request = self._content_request = (worker, show, where, notice, remember, stamp)
        if self._content_shown is not None:
            # Shown before (a kept screen shown again, after new answers): what is on screen stays. Covering it with
            # an indicator, then uncovering it, laid the screen out twice more, and hid what changes little. If
            # bringing it up to date takes more than a moment, the notice says so; a quicker update would only flash
            # the notice (and changing its lines laid the screen out again, twice).
            def say_updating() -> None:
                if self._content_request is request:
                    notice.update(Text(f"Updating {what} with what changed since…", style="italic"))

            self.set_timer(UPDATING_NOTICE_AFTER, say_updating)  # type: ignore[attr-defined]  # a mixin, as above

    def content_remembered(self, what: str, remember: object) -> bool:
        """Whether `load_content(what=what, remember=remember)` would show a kept result at once, without a worker
        (a screen can then build what shows it with the screen, rather than while the result is computed)."""
        app: Any = self.app  # type: ignore[attr-defined]  # a mixin, as above
        return remember is not None and _kept(app, what, remember, app.progress.change_stamp()) is not None

    def _show_content(self, show: Callable[[Any], None], result: Any) -> None:
        show(result)
        self._content_shown = result
        self.content_state = "shown"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        request = self._content_request
        if request is None or event.worker is not request[0]:
            return
        worker, show, where, notice, remember, stamp = request
        if event.state == WorkerState.SUCCESS:
            self._content_request = None
            where.loading = False
            if stamp is not None:  # the stamp was read before the worker started: a write meanwhile makes it stale
                _remembered.setdefault(self.app, {})[worker.name] = (remember, stamp, worker.result)  # type: ignore[attr-defined]
            self._show_content(show, worker.result)
        elif event.state == WorkerState.ERROR:
            self._content_request = None
            where.loading = False
            error = worker.error or RuntimeError("unknown error")
            notice.update(Text(f"⚠ Could not load {worker.name}: {error}", style="bold red"))
            self.content_state = "failed"
            report_worker_failure(self.app, error, f"Loading {worker.name}")  # type: ignore[attr-defined]  # a mixin, as above
