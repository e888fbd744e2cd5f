"""The one way the app handles a write the progress database refuses: say so, keep the work, let the learner retry.

Another coldstart holding the database longer than the busy timeout, a read-only file or a full disk makes
a write fail. The core raises `StoreError` with nothing written (and leaves its own state as it was); every
screen that writes wraps the write in `store_write`:

    with store_write(self) as write:
        result = self._app.progress.record_answer(...)
    if write.failed:
        return  # the learner's pick stays on screen; pressing the key again retries

The failure becomes a notification, the block is left early and the screen stays as it was, instead of a
traceback that ends the app. Writes that repeat on their own (the exam's checkpoints, sections read while
scrolling) fail the same way every time: the same message is not shown again within REPEAT_AFTER.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, cast
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

    from .context import CourseApp

__all__ = ["REPEAT_AFTER", "StoreWrite", "store_write"]

REPEAT_AFTER = timedelta(seconds=10)

# What each running app last told the learner, and when, so a failing background write does not flood it.
_last_told: WeakKeyDictionary[App[object], tuple[str, datetime]] = WeakKeyDictionary()


class StoreWrite:
    """A context that turns a refused write into a notification; `failed` says whether it happened."""

    def __init__(self, node: DOMNode) -> None:
        self.node = node
        self.failed = False

    def __enter__(self) -> StoreWrite:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> bool:
        if error is None:
            return False
        # Imported here, not at the top: the app imports this module before its first frame, and importing the
        # progress package pulls in sqlite-utils and fsrs, which the home screen loads only after it is drawn.
        from ..core.progress.database import StoreError, describe_sqlite_error

        if isinstance(error, StoreError):
            reason = str(error)
        elif isinstance(error, sqlite3.OperationalError):  # a write outside the core's transactions
            reason = f"cannot write to the progress database: {describe_sqlite_error(error)}"
        else:
            return False
        self.failed = True
        _tell(self.node.app, reason)
        return True  # handled: the screen carries on as it was


def store_write(node: DOMNode | CourseApp) -> StoreWrite:
    """`with store_write(self) as write:` around a progress write, then check `write.failed`.

    `node` is the screen or widget writing, or the app itself (the exam flow sees it as a `CourseApp`,
    whose one implementation is the Textual App, a DOMNode too)."""
    return StoreWrite(cast("DOMNode", node))


def _tell(app: App[object], reason: str) -> None:
    now = _now(app)
    told = _last_told.get(app)
    if told is not None and told[0] == reason and now - told[1] < REPEAT_AFTER:
        return
    _last_told[app] = (reason, now)
    app.notify(
        f"{reason[:1].upper()}{reason[1:]}. Nothing on screen was lost: try again in a moment.",
        title="Not saved",
        severity="error",
        timeout=10,
        markup=False,
    )


def _now(app: App[object]) -> datetime:
    clock = getattr(app, "clock", None)  # the coldstart app's injected clock
    return clock.now() if clock is not None else datetime.now()
