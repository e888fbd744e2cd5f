"""What a screen may ask of the running app: `CourseApp`, and `ColdstartAware`, which gives a screen a typed
`_app`.

Screens never import the App (app.py imports the screens, so that would be a cycle): they see it through
`CourseApp`, the part of `ColdstartApp` they use — the course, the learner's stores, the clock, and the moves
between screens. A screen that opens another screen of its own flow imports it; a move to a screen of
another flow (a topic, a practice run, the exams) goes through these methods, so the App stays the one place
that knows every screen. tests/ui/test_import_cycles.py keeps the UI package free of import cycles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.theme import Theme

    from ..core.authoring.lint import Finding
    from ..core.clock import Clock
    from ..core.course.cache import CourseOpening
    from ..core.course.model import Blueprint, Course
    from ..core.course.result import LoadResult
    from ..core.course.summary import CourseSummary
    from ..core.exam import ExamDesk, ExamRecord, ExamStore
    from ..core.progress.store import ProgressStore


S = TypeVar("S", bound="Screen[Any]")  # a kept screen (`show_kept`)


class CourseApp(Protocol):
    """The running coldstart app, as screens and flows see it (`ColdstartApp` is the one implementation)."""

    warnings: tuple[Finding, ...]  # item-writing warnings (`coldstart lint`), with --watch only
    clock: Clock
    settings: dict[str, Any]

    # --- the course: its summary at once, the whole course once loaded (see ColdstartApp.with_course) ------

    summary: CourseSummary | None  # what the home screen draws; None only until a large course's topics are read
    course_opening: CourseOpening

    @property
    def course(self) -> Course: ...
    @property
    def loaded(self) -> LoadResult: ...
    @property
    def course_ready(self) -> bool: ...
    def with_course(self, then: Callable[[], object]) -> None: ...
    async def course_loaded(self) -> Course: ...
    def show_first_screen(self) -> None: ...
    def course_wait_over(self, then: Callable[[], object]) -> None: ...

    # --- the learner's stores (opened on first use) ------------------------------------------------------

    @property
    def progress(self) -> ProgressStore: ...
    @property
    def progress_ready(self) -> bool: ...
    @property
    def exams(self) -> ExamStore: ...
    @property
    def exam_desk(self) -> ExamDesk: ...
    def open_progress(self) -> bool: ...
    def prepare_progress(self) -> None: ...
    def progress_reader(self) -> ProgressStore: ...

    # --- moves between screens ---------------------------------------------------------------------------

    def show_kept(self, key: str, build: Callable[[], S], again: Callable[[S], object] | None = None) -> None: ...
    def open_topic(self, topic_id: str, section_id: str | None = None) -> None: ...
    def start_practice(self, mode: str, topic_id: str | None = None) -> None: ...
    def draw_practice_ahead(self, topic_id: str) -> None: ...
    def open_exams(self, blueprint_id: str | None = None) -> None: ...
    def start_exam(self, blueprint: Blueprint, *, seed: int | None = None, then: Callable[[], None] | None = None) -> None: ...
    def resume_exam(self) -> None: ...
    def action_settings(self) -> None: ...
    def discard_exam(self, record: ExamRecord, *, then: Callable[[], None] | None = None) -> None: ...
    def start_retake(self, exam_id: int, *, replace: Screen[Any] | None = None) -> None: ...

    # --- the Textual App methods the flows use -----------------------------------------------------------

    @property
    def screen(self) -> Screen[Any]: ...
    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> Any: ...
    def switch_screen(self, screen: Screen[Any]) -> Any: ...
    def pop_screen(self) -> Any: ...
    theme: str  # the name of the theme in use
    @property
    def available_themes(self) -> dict[str, Theme]: ...
    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None: ...


class ColdstartAware:
    """Mix into a Screen, Widget or command Provider that runs inside the coldstart app."""

    @property
    def _app(self) -> CourseApp:
        return self.app  # type: ignore[attr-defined,no-any-return]  # a mixin: the Screen or Widget it joins has `app`
