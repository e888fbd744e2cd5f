"""The one place an app is built: the CLI, the tests and `textual serve` all come through `create_app`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.clock import Clock, SystemClock

if TYPE_CHECKING:
    from .app import ColdstartApp


def create_app(
    course_dir: Path | str | None = None,
    db_path: Path | str | None = None,
    settings: Mapping[str, Any] | None = None,
    *,
    clock: Clock | None = None,
) -> ColdstartApp:
    """Build the coldstart App.

    `course_dir` defaults to $COLDSTART_COURSE or the bundled course; `db_path` to $COLDSTART_DB or the user
    data directory (one file per course). `settings` may carry `theme`, `exam` (open that exam), `watch`.
    Tests pass a temporary database and a FakeClock.
    """
    from ..core.paths import resolve_course_dir
    from .app import ColdstartApp

    return ColdstartApp(
        course_dir=resolve_course_dir(course_dir),
        db_path=Path(db_path) if db_path else None,
        settings=dict(settings or {}),
        clock=clock or SystemClock(),
    )


def app() -> Any:  # pragma: no cover - for `textual run coldstart.ui.factory:app` and textual serve
    return create_app()
