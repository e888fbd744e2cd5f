"""The coldstart App: it holds the loaded course and the learner's store, and moves between screens."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from functools import cached_property, partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.worker import WorkerFailed, WorkerState

from ..core.clock import Clock
from ..core.course.cache import CourseOpening, fingerprint
from ..core.course.summary import CourseSummary
from ..core.wording import count_of
from . import textual_fixes
from .background import report_worker_failure
from .collector import CollectBetweenActions
from .messages import CourseLoading, CourseReloaded, LintChecked
from .store_errors import store_write

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.command import Provider
    from textual.theme import Theme

    from ..core.authoring.lint import Finding
    from ..core.course.model import Blueprint, Course
    from ..core.course.result import LoadResult
    from ..core.exam import ExamDesk, ExamRecord, ExamStore
    from ..core.progress.database import StoreError
    from ..core.progress.store import ProgressStore


# While a screen waits for the course (`with_course`), the keys typed are kept for the screen it opens, but these
# go through at once: Escape leaves the wait, ctrl+q the app.
KEYS_THAT_LEAVE_A_WAIT = ("escape", "ctrl+q")

# Seconds after the first frame that the whole course is unpickled from the cache (see on_mount).
COURSE_LOAD_DELAY = 0.1

# The styles of every screen but the first (app.tcss styles that one), and how many seconds after the first
# frame they are parsed if no screen has asked for them by then.
SCREEN_STYLES = Path(__file__).with_name("screens.tcss")
SCREEN_STYLES_DELAY = 0.3

# The names kept screens are installed under start with this (see `show_kept`).
KEPT_SCREEN = "kept:"
KEPT_TOPICS = 8  # topic screens kept, the ones read last (see `kept_screen`)
S = TypeVar("S", bound=Screen[Any])  # a kept screen's type, as built and as brought up to date (`show_kept`)


class KeyHandled(Message):
    """Posted behind a key to the widget it went to: it bubbles up the same way, so when it reaches the app the
    key has been handled everywhere on its way, bindings included."""


class _CourseOpeningMoved(Message):
    """Posted (from the loading thread) whenever the course being opened moved on: see `CourseOpening`."""


def needs_course(method: Callable[..., None]) -> Callable[..., None]:
    """For an App method that opens a screen built from the whole course: until the course is loaded, the
    screen opens once it is, behind the screen that says it is loading (`with_course`)."""

    @wraps(method)
    def when_loaded(self: ColdstartApp, *args: Any, **kwargs: Any) -> None:
        self.with_course(partial(method, self, *args, **kwargs))

    return when_loaded


# The palette's providers, imported when the palette first opens rather than before the first frame (Textual
# accepts a callable that returns the provider class in COMMANDS).
def _topic_commands() -> type[Provider]:
    from .command_palette import TopicCommands

    return TopicCommands


def _search_commands() -> type[Provider]:
    from .command_palette import SearchCommands

    return SearchCommands


class ColdstartApp(App[None]):
    """Learn AWS Lambda in the terminal.

    The one implementation of `CourseApp` (context.py), which is how the screens see it: the App imports the
    screens, the screens never import the App.
    """

    TITLE = "coldstart"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_topic_commands, _search_commands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Every key you can press here", id="help"),
        Binding("slash", "search", "Search", tooltip="Search the whole course", id="search"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave coldstart; your progress is already saved", id="quit", priority=True),
    ]

    def __init__(self, *, course_dir: Path, db_path: Path | None, settings: dict[str, Any], clock: Clock) -> None:
        super().__init__()
        self.course_dir = course_dir
        self.db_path_option = db_path
        self.settings = settings
        self.clock = clock
        # Taken before loading: a file saved while loading shows as a change at the first poll.
        self.course_fingerprint = fingerprint(course_dir) if settings.get("watch") else None
        # The home screen is drawn from the course's summary; the whole course (its questions) arrives after it.
        # From the cache, the summary is there at once and the course is unpickled after the first frame; a
        # large course not in the cache is read from its files from now on, behind a loading screen until its
        # topics are read (see CourseOpening). Screens built from the whole course open through `with_course`.
        self.course_opening = CourseOpening(course_dir)
        self.summary: CourseSummary | None = self.course_opening.summary
        self._loaded: LoadResult | None = self.course_opening.result  # adopted on the UI thread (_course_opening_moved)
        self._course_arrived = self._loaded is not None  # a small course read at once (its notices at mount)
        # Item-writing warnings (`coldstart lint`), for authors: computed in the background with --watch only.
        self.warnings: tuple[Finding, ...] = ()
        self.sub_title = self.summary.title if self.summary else course_dir.name
        # The store as opened by a worker thread (`prepare_progress`), or why it could not be, until adopted.
        self._prepared_progress: ProgressStore | StoreError | None = None
        self.collector = CollectBetweenActions(working=self._working)
        self._topic_made_ready: str | None = None  # the kept name of the topic screen made ready off screen, if any
        textual_fixes.apply()

    # --- lifecycle ---------------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the app's first screen (no blank screen is drawn before it); for an instructor
        who opened a class (`coldstart --class DIR`), the class. A large course not in the cache shows a loading
        screen until its topics are read."""
        if self.summary is None:
            from .screens.loading import LoadingScreen

            return LoadingScreen(self.course_dir)
        if self.settings.get("class_dir"):
            from .screens.classroom import ClassScreen

            return ClassScreen(Path(self.settings["class_dir"]))
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        theme = self.settings.get("theme")
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme {theme!r}; press ctrl+p and choose 'Change theme'.", severity="warning")
        if self.course_ready:
            self._course_opened()
        self.course_opening.listen(lambda: self.post_message(_CourseOpeningMoved()))  # post_message: from any thread
        # The whole course is unpickled just after the first frames, rather than in a thread competing with them
        # (read from its files, it is on its way already). Nobody acts on a screen within a tenth of a second,
        # and what needs the course before it is there waits for it (with_course).
        self.call_after_refresh(self.set_timer, COURSE_LOAD_DELAY, self.course_opening.start)
        # Counted from the first frame, not from now: on a busy machine the first frame can take longer than the delay.
        self.call_after_refresh(self.set_timer, SCREEN_STYLES_DELAY, self.load_screen_styles)
        self.collector.start()
        self.set_interval(self.collector.TICK, self.collector.tick, name="collector")

    def on_unmount(self) -> None:
        self.collector.stop()

    def load_screen_styles(self) -> None:
        """Parse screens.tcss, the other screens' styles, once: after the first frames, or when a screen opens first.

        Textual parses an app's whole CSS before its first frame; the first screen's rules are a tenth of it. These
        are added to the stylesheet that parsed app.tcss, which keeps what it parsed, so only this file is parsed
        (a screen's own CSS_PATH would make Textual parse every source again when it first opens). No node on
        screen yet needs restyling: these rules name the other screens and their widgets only.
        """
        if self.stylesheet.has_source(str(SCREEN_STYLES), ""):
            return
        self.stylesheet.read(SCREEN_STYLES)
        self.stylesheet.parse()
        if self.css_monitor is not None:  # `textual run --dev` reloads it when edited, as it does app.tcss
            self.css_monitor.add_paths([SCREEN_STYLES])

    # --- the course, summary first ----------------------------------------------------------------------

    @property
    def course_ready(self) -> bool:
        """True once the whole course is loaded (its arrival may still be on its way to the UI thread: see
        `_course_opening_moved`), or has failed to load and been said so."""
        return self._course_arrived or self.course_opening.result is not None

    @property
    def loaded(self) -> LoadResult:
        """The whole course and its problems. Screens that need it open through `with_course`, which waits where
        the learner sees it; anything else that asks before it is loaded waits for it here."""
        if self._loaded is not None:
            return self._loaded
        try:
            return self.course_opening.wait()
        except Exception:  # said on screen when it happened (_course_opening_moved)
            return self._nothing_loaded

    @property
    def course(self) -> Course:
        return self.loaded.course

    @cached_property
    def _nothing_loaded(self) -> LoadResult:
        """What a course that failed to load serves: nothing (the failure itself is shown)."""
        from ..core.course.model import Course
        from ..core.course.result import LoadResult

        return LoadResult(Course.nothing_at(self.course_dir), ())

    def with_course(self, then: Callable[[], object]) -> None:
        """Run `then` (which opens a screen built from the whole course) now if the course is loaded; else open
        a screen that says the questions are loading, which runs `then` in its place when they are (Escape there
        gives up). Keys typed meanwhile wait for the screen `then` opens (see `_hand_out_keys`)."""
        if self.course_ready:
            then()
            return
        from .screens.loading import CourseWaitScreen

        self.push_screen(CourseWaitScreen(then))

    def show_kept(self, key: str, build: Callable[[], S], again: Callable[[S], object] | None = None) -> None:
        """Push the screen kept as `key` (see `kept_screen`)."""
        self.push_screen(self.kept_screen(key, build, again))

    def kept_screen(
        self, key: str, build: Callable[[], S], again: Callable[[S], object] | None = None, *, group: str = "", keep: int = 1
    ) -> S:
        """The screen kept as `key`, to show: built by `build()` on the first visit, then kept for the next ones, each
        shown after `again(screen)` (if given) has brought it to what this visit shows.

        The lab, the exams list, the dashboard, its question statistics, practice and the topics read last are
        screens a learner comes back to. Built again on each visit, composing, styling and laying out their widgets
        was most of the time to their first frame (the lab: 36 ms, shown again 5). Each brings itself up to date
        when shown (on_screen_resume), or is brought by `again` (practice starts the new run in it); the lab stays
        as the learner left it (the simulation, its parameters, its result), a topic at the place being read.

        Screens of a `group` (the topics) are kept `keep` at a time: the one shown least recently goes when another
        comes. Kept screens not on show are dropped when the course changes (`_drop_kept_screens`), as they are
        drawn from it.
        """
        name = f"{KEPT_SCREEN}{group}{key}"
        if group:
            # Once the screen shown now has replaced the one before (which may be one to drop).
            self.call_after_refresh(self._keep_only_the_latest, group, keep, name)
        if not self.is_screen_installed(name):
            screen = build()
            self.install_screen(screen, name)
            return screen
        kept = cast("S", self.get_screen(name))
        if kept in self.screen_stack:
            # Open already, under the screen on top (the exams list under an exam's results)? A screen cannot be in
            # the stack twice, so this visit gets one of its own.
            return build()
        if again is not None:
            again(kept)
        return kept

    @cached_property
    def _kept_by_recency(self) -> dict[str, list[str]]:
        """Per group of kept screens, their names, the one shown last at the end."""
        return {}

    def _keep_only_the_latest(self, group: str, keep: int, shown: str) -> None:
        """`shown` (of `group`) is the latest shown; past `keep` of them, the least recently shown go (not one on show)."""
        names = self._kept_by_recency.setdefault(group, [])
        if shown in names:
            names.remove(shown)
        names.append(shown)
        for name in names[: max(0, len(names) - keep)]:
            screen = self._installed_screens.get(name)
            if not isinstance(screen, Screen):
                names.remove(name)  # dropped meanwhile (the course changed)
            elif self._not_on_show(screen):
                self._let_go(name, screen)

    def _drop_kept_screens(self) -> None:
        """The course changed: kept screens not on show go, to be built from the new course on the next visit (those
        on show are told, as every screen in the stack is, and stay)."""
        for name, screen in list(self._installed_screens.items()):
            if name.startswith(KEPT_SCREEN) and isinstance(screen, Screen) and self._not_on_show(screen):
                self._let_go(name, screen)

    def _not_on_show(self, screen: Screen[Any]) -> bool:
        return all(screen not in stack for stack in self._screen_stacks.values())

    def _let_go(self, name: str, screen: Screen[Any]) -> None:
        """Stop keeping the screen kept as `name`, and remove it."""
        self.uninstall_screen(name)
        screen.remove()
        for names in self._kept_by_recency.values():
            if name in names:
                names.remove(name)

    async def course_loaded(self) -> Course:
        """The whole course, once loaded (for a coroutine that can wait, e.g. a command palette provider)."""
        while not self.course_ready:
            await self._course_arrival.wait()
        return self.course

    @cached_property
    def _course_arrival(self) -> asyncio.Event:
        return asyncio.Event()

    async def on__course_opening_moved(self, _: _CourseOpeningMoved) -> None:
        """Adopt what the course opening has now (its summary, the whole course or its failure), and tell every screen."""
        opening = self.course_opening
        if opening.summary is not None and opening.summary != self.summary:
            self.summary = opening.summary
            self.sub_title = opening.summary.title
        if opening.result is not None and not self._course_arrived:
            self._loaded, self._course_arrived = opening.result, True
            self._course_arrival.set()
            self.collector.keep_what_exists()  # the course lives as long as the app
            self._course_opened()
        elif opening.error is not None and not self._course_arrived:
            self._loaded, self._course_arrived = self._nothing_loaded, True
            self._course_arrival.set()
            self.notify(f"Could not read the course: {opening.error}", title="Course files", severity="error", markup=False)
        for screen in self.screen_stack:
            screen.post_message(CourseLoading())

    def show_first_screen(self) -> None:
        """The loading screen has the course's summary: show the first screen over it.

        Over it, not in its place: Textual 8.2.8 cannot switch away from an app's first screen (switch_screen
        pops a result callback that screen never had), so the emptied loading screen stays at the bottom.
        """
        self.push_screen(self.get_default_screen())

    def course_wait_over(self, then: Callable[[], object]) -> None:
        """A screen that waited for the course (`with_course`) gives way to the screen `then` opens, which gets
        the keys typed meanwhile."""
        self.pop_screen()
        then()
        self.call_later(self._hand_out_keys)

    def _course_opened(self) -> None:
        """Say what is wrong in the course files; with --watch, check its questions and watch its files."""
        if self.loaded.problems:
            count = len(self.loaded.problems)
            self.notify(
                f"{count_of(count, 'problem')} in the course files; open them from the home screen.",
                title="Course problems",
                severity="warning",
                timeout=6,
            )
        if self.course_fingerprint is not None:
            self.set_interval(1, self.poll_course_files, name="watch-course")
            self._lint_course(self.loaded)

    def _handle_exception(self, error: Exception) -> None:
        """A worker that raises is a bug in one task (a simulation, a screen's figures), not a reason to close the
        app and lose the learner's place: Textual's workers exit the app on error by default, so every worker
        failure is reported here instead and the app keeps running. Any other error ends the app as in Textual."""
        if isinstance(error, WorkerFailed):
            report_worker_failure(self, error.error)
            return
        super()._handle_exception(error)

    # --- the first key after a screen opens -------------------------------------------------------------
    #
    # A key that opens a screen and the key after it can arrive together (a fast typist, a busy machine).
    # Textual sends each key to the focused widget at once, and runs a screen's bindings only when the key has
    # bubbled back up to the app, so the second key went to the old screen, or to the new one before anything
    # in it had focus, and was lost. The app hands keys out one at a time instead: the next key waits until the
    # previous one has finished its way up (a KeyHandled posted behind it says so) and, if it opened a screen,
    # until that screen is mounted. Each screen focuses its first widget in on_mount with `set_focus` (at once,
    # where `Widget.focus` waits a turn), so the waiting key reaches that widget.

    _opening: AwaitMount | None = None
    _key_on_its_way: Widget | None = None  # where the last key went, until its KeyHandled comes back

    @cached_property
    def _keys_waiting(self) -> deque[events.Key]:
        return deque()

    def push_screen(
        self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False, *, mode: str | None = None
    ) -> Any:
        """Textual's push_screen (one signature for its overloads), remembering the screen being mounted."""
        opened = super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload]  # one signature standing in for Textual's overloads
        if isinstance(opened, AwaitMount):
            self._opening = opened
        return opened

    def _get_screen(self, screen: Screen[Any] | str) -> tuple[Screen[Any], AwaitMount]:
        """Textual's, after loading the other screens' styles: every screen but home is mounted through here, whether
        pushed, switched to or made ready off screen (`textual_fixes.mounted_off_screen`)."""
        self.load_screen_styles()
        return super()._get_screen(screen)

    def _working(self) -> bool:
        """A worker is running (a dashboard being computed, a course being read): the app is not idle."""
        return any(worker.state == WorkerState.RUNNING for worker in self.workers)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.collector.input_seen()
            if isinstance(event, (events.Key, events.MouseDown, events.MouseUp)):  # what acts, not the mouse moving
                self.collector.hold_young_collections()
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._holding_keys_for_course() and event.key in KEYS_THAT_LEAVE_A_WAIT:
                self._keys_waiting.clear()  # given up: the keys typed for the awaited screen go with it
            self._keys_waiting.append(event)
            await self._hand_out_keys()
        else:
            await super().on_event(event)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if renderable is not None and not self._batch_count:
            self.collector.frame_drawn()  # the frame answering a key is out: collections held for it may run

    async def on_key_handled(self, _: KeyHandled) -> None:
        self._key_on_its_way = None
        await self._hand_out_keys()

    async def _hand_out_keys(self) -> None:
        while self._keys_waiting:
            if self._key_on_its_way is not None and self._key_on_its_way.is_attached:
                return  # its KeyHandled hands out the next one (a widget removed on the way sends none)
            if self._opening is not None:
                opening, self._opening = self._opening, None
                await opening
            if self._holding_keys_for_course() and self._keys_waiting[0].key not in KEYS_THAT_LEAVE_A_WAIT:
                return  # for the screen that opens once the course is loaded (course_wait_over hands them out)
            key = self._keys_waiting.popleft()
            target: Widget = self.screen.focused or self.screen
            await super().on_event(key)  # runs a priority binding, or sends the key to `target`
            self._key_on_its_way = target if target.post_message(KeyHandled()) else None

    def _holding_keys_for_course(self) -> bool:
        return bool(getattr(self.screen, "HOLDS_KEYS_FOR_COURSE", False))

    # --- live reload (--watch) ---------------------------------------------------------------------------
    #
    # Once a second the names, sizes and modification times of the course files are compared with the last
    # look (a few stat calls, no reading). On a change the course is loaded again in a thread and swapped in
    # whole. The loader serves every file that is valid and reports the others, so a half-saved or broken
    # file costs only what is in it: its topic or questions leave the course until the file is fixed, the
    # problems are shown, and an open topic whose file broke stays on screen as last loaded (TopicScreen).

    def poll_course_files(self) -> None:
        """Reload the course in the background if any course file changed since the last look."""
        current = fingerprint(self.course_dir)
        if current == self.course_fingerprint:
            return
        self.course_fingerprint = current
        self.sub_title = f"{self.course.title} · reloading the course…"  # until swap_course: the load takes a while
        self._reload_course(current)

    @work(thread=True, exclusive=True, exit_on_error=False, group="course-reload")
    def _reload_course(self, stamp: tuple[object, ...]) -> None:
        from ..core.course.loader import load_course

        try:
            result = load_course(self.course_dir)
        except Exception as error:
            self.call_from_thread(self._reload_failed, error)
            return
        self.call_from_thread(self.swap_course, result, stamp)

    def _reload_failed(self, error: Exception) -> None:
        self.sub_title = self.course.title  # the course as last loaded is still served
        self.notify(f"Could not reload the course: {error}", title="Course files", severity="error")

    def swap_course(self, result: LoadResult, stamp: tuple[object, ...] | None = None) -> None:
        """Serve `result` from now on and tell every screen. A load older than the last change seen is dropped."""
        if stamp is not None and stamp != self.course_fingerprint:
            return  # files changed again while this loaded; the newer load follows
        self._loaded, self.summary = result, CourseSummary.of(result)
        self.warnings = ()  # until the new course is linted: the old ones point at lines that may have moved
        self.sub_title = self.course.title
        if self.progress_ready:
            self.progress.course = self.course  # due lists and topic progress follow the new course
        self._drop_kept_screens()
        for screen in self.screen_stack:
            screen.post_message(CourseReloaded())
        problems = result.problems
        if problems:
            count = len(problems)
            self.notify(
                f"{count_of(count, 'problem')}; the first: {problems[0].display(self.course.root)}. "
                "Everything else is served; see them from the home screen (e).",
                title="Course reloaded with problems",
                severity="warning",
                timeout=8,
            )
        else:
            self.notify("The course was reloaded from its files.", title="Course reloaded", timeout=3)
        if self.course_fingerprint is not None:
            self._lint_course(result)

    @work(thread=True, exclusive=True, exit_on_error=False, group="course-lint")
    def _lint_course(self, loaded: LoadResult) -> None:
        """Run `coldstart lint`'s checks on a loaded course, off the UI thread (drawing generated questions takes seconds)."""
        from ..core.authoring.lint import lint

        try:
            findings = lint(loaded.course).findings
        except Exception as error:  # a bug in a check must not cost the author their live reload
            self.call_from_thread(self.notify, f"Could not check the questions: {error}", title="coldstart lint", severity="error")
            return
        self.call_from_thread(self.show_warnings, loaded, findings)

    def show_warnings(self, loaded: LoadResult, findings: tuple[Finding, ...]) -> None:
        """Serve the warnings of `loaded`, unless a newer course has been loaded since (its own lint follows)."""
        if loaded is not self.loaded:
            return
        self.warnings = findings
        for screen in self.screen_stack:
            screen.post_message(LintChecked())
        if findings:
            count = len(findings)
            self.notify(
                f"{count} item-writing warning{'s' if count != 1 else ''}; the first: {findings[0].display(self.course.root)}. "
                "The app serves every question anyway; see them from the home screen (e).",
                title="coldstart lint",
                timeout=6,
            )

    # --- shared state --------------------------------------------------------------------------------------

    @cached_property
    def db_path(self) -> Path:
        from ..core.paths import resolve_db_path

        return resolve_db_path(self.db_path_option, self.course.id)

    @property
    def progress_ready(self) -> bool:
        return "progress" in self.__dict__

    def open_progress(self) -> bool:
        """Open the progress store; if the file cannot be used, leave with its one-line reason and exit code 1."""
        from ..core.progress.database import StoreError

        first_time = not self.progress_ready
        try:
            self.progress  # noqa: B018 - opening it is the point
        except StoreError as problem:
            self.exit(return_code=1, message=f"coldstart: {problem}")
            return False
        if first_time:
            for reason in self.progress.unusable_settings().values():  # stored by an older, unchecked import
                self.notify(f"The stored setting {reason}; the default is used.", title="Settings", severity="warning", markup=False)
            self._remember_theme()
            # `coldstart exam NAME` opens that exam; otherwise an unfinished exam is offered for resuming.
            from .screens.exam_flow import open_exam_flow

            open_exam_flow(self, self.settings.get("exam"))
        return True

    @cached_property
    def progress(self) -> ProgressStore:
        """The learner's progress store, opened on first use (StoreError if the file cannot be used).

        Opened by `prepare_progress` in a worker thread if that has finished, else here and now."""
        prepared, self._prepared_progress = self._prepared_progress, None
        if isinstance(prepared, Exception):
            raise prepared
        return prepared or self._open_progress_store(handed_over=False)

    def _open_progress_store(self, *, handed_over: bool) -> ProgressStore:
        from ..core.exam.store import MIGRATIONS as EXAM_MIGRATIONS
        from ..core.progress.store import open_store

        return open_store(
            self.db_path, self.course, clock=self.clock, extra_migrations=(EXAM_MIGRATIONS,), handed_over=handed_over
        )

    def prepare_progress(self) -> None:
        """Check and open the progress store in the calling worker thread, for `progress` to adopt on the UI thread.

        Checking the file reads all of it (`PRAGMA quick_check`): about a second at a million answers, during
        which the UI thread would ignore keys. A failure is kept for `open_progress` to report. If the UI thread
        opened the store meanwhile, this one is closed again.
        """
        from ..core.progress.database import StoreError

        if self.progress_ready or self._prepared_progress is not None:
            return
        try:
            store = self._open_progress_store(handed_over=True)
        except StoreError as problem:
            self._prepared_progress = problem
            return
        if self.progress_ready:
            store.close()
        else:
            self._prepared_progress = store

    def progress_reader(self) -> ProgressStore:
        """The progress store on a read-only connection of the calling thread (a worker's), for it to close.

        SQLite connections belong to the thread that opened them; `progress` belongs to the UI thread."""
        return self.progress.reader(self.db_path)

    @cached_property
    def exams(self) -> ExamStore:
        """The exam tables, in the same database as the progress store."""
        from ..core.exam.store import ExamStore

        return ExamStore(self.progress.db, migrate=False)

    @property
    def exam_desk(self) -> ExamDesk:
        """Where exams are started and resumed (one in progress at a time); answers also feed the reviews.

        Kept while the course and the progress store are the ones it was made for (it holds the papers drawn
        ahead: `ExamDesk.draw_ahead`), made again when either is replaced (a course reloaded)."""
        from ..core.exam import ExamDesk, feed_progress

        desk = self._exam_desk
        if desk is None or desk.course is not self.course or desk.store.db is not self.progress.db:
            desk = self._exam_desk = ExamDesk(self.course, self.exams, self.clock, answer_sink=feed_progress(self.progress))
        return desk

    _exam_desk: ExamDesk | None = None

    # --- actions -----------------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        self.action_command_palette()

    def _remember_theme(self) -> None:
        """Use the learner's last theme (unless --theme chose one), and keep whichever they pick next."""
        saved = self.progress.setting("theme")
        if not self.settings.get("theme") and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme: Theme) -> None:
        with store_write(self):  # not saved: the theme still changes, for this run
            self.progress.set_setting("theme", theme.name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Settings", "Desired retention for reviews, the exam date and the theme", self.action_settings)

    @needs_course  # the settings are kept in the progress store, which is opened with the course
    def action_settings(self) -> None:
        from .screens.settings import SettingsScreen

        if self.open_progress():
            self.push_screen(SettingsScreen())

    @needs_course
    def start_practice(self, mode: str, topic_id: str | None = None) -> None:
        """Open a practice run: "practice" (a topic's questions), "review" (due today), "cram", "retake"."""
        from ..core.practice import PracticeSession
        from .screens.practice import PracticeScreen

        session = PracticeSession.open(mode, self.course, self.progress, self.clock, topic_id)
        # One practice screen for every run, kept between them: a run started later is shown in it (`begin`).
        self.show_kept("practice", lambda: PracticeScreen(session), lambda screen: screen.begin(session))

    # The two practice screens: the one `start_practice` shows, and its partner, which the question after the one on
    # show is made ready in while the learner reads its feedback (see PracticeScreen.action_next). They take turns.
    _PRACTICE_SCREENS = (f"{KEPT_SCREEN}practice", f"{KEPT_SCREEN}practice-partner")

    def practice_partner(self, showing: S) -> tuple[S, Awaitable[Any] | None] | None:
        """The practice screen that is not `showing` (a practice screen) and not open, and, the first time, what
        mounts it (off screen, to be laid out ahead); None if both are open."""
        from .screens.practice import PracticeScreen

        assert isinstance(showing, PracticeScreen)
        for name in self._PRACTICE_SCREENS:
            installed = self._installed_screens.get(name)
            if installed is showing or installed in self.screen_stack:
                continue
            if isinstance(installed, PracticeScreen):
                return cast("S", installed), None
            if installed is None:
                partner = PracticeScreen(showing.session, begins=False)
                self.install_screen(partner, name)
                return cast("S", partner), textual_fixes.mounted_off_screen(partner)
        return None

    def practice_partner_ready(self, showing: S) -> S | None:
        """The practice screen made ready with the question the run of `showing` (a practice screen) is at now."""
        from .screens.practice import PracticeScreen

        assert isinstance(showing, PracticeScreen)
        for name in self._PRACTICE_SCREENS:
            partner = self._installed_screens.get(name)
            if isinstance(partner, PracticeScreen) and partner is not showing and partner.takes_over(showing.session):
                return cast("S", partner)
        return None

    def draw_practice_ahead(self, topic_id: str) -> None:
        """Set the kept practice screen (if there is one, and it is not open) to the first question of the run
        `start_practice("practice", topic_id)` would start, laid out and drawn, while the learner looks at the topic
        on home or reads it (see `PracticeScreen.prepare`)."""
        name = f"{KEPT_SCREEN}practice"
        if not (self.course_ready and self.progress_ready and self.is_screen_installed(name)):
            return  # (before importing what a run needs: home highlights a topic before its first frame)
        from ..core.practice import PracticeSession
        from .screens.practice import PracticeScreen

        screen = self.get_screen(name)
        if isinstance(screen, PracticeScreen) and screen not in self.screen_stack:
            screen.prepare(PracticeSession.open("practice", self.course, self.progress, self.clock, topic_id))

    @needs_course
    def open_exams(self, blueprint_id: str | None = None) -> None:
        """The exams screen (unless it is showing already), or straight into one exam."""
        from .screens.exam_flow import open_exam_flow
        from .screens.exams import ExamsScreen

        if blueprint_id:
            open_exam_flow(self, blueprint_id)
        elif not isinstance(self.screen, ExamsScreen):
            self.show_kept("exams", ExamsScreen)

    @needs_course
    def start_exam(self, blueprint: Blueprint, *, seed: int | None = None, then: Callable[[], None] | None = None) -> None:
        """A new exam of `blueprint`, after the unfinished one is resumed or discarded (see exam_flow.py)."""
        from .screens.exam_flow import start_exam

        start_exam(self, blueprint, seed=seed, then=then)

    @needs_course
    def resume_exam(self) -> None:
        """Back to the unfinished exam, or its results if its time ran out."""
        from .screens.exam_flow import resume_exam

        resume_exam(self)

    @needs_course
    def discard_exam(self, record: ExamRecord, *, then: Callable[[], None] | None = None) -> None:
        """Ask, then throw away the unfinished exam `record`."""
        from .screens.exam_flow import discard_exam

        discard_exam(self, record, then=then)

    @needs_course
    def start_retake(self, exam_id: int, *, replace: Screen[Any] | None = None) -> None:
        """A new exam of the questions missed in exam `exam_id` (in place of `replace`, the results)."""
        from .screens.exam_flow import start_retake

        start_retake(self, exam_id, replace=replace)

    def prepare_topic_ahead(self, topic_id: str, *, whole: bool = True) -> None:
        """Make the screen of `topic_id` ready off screen: built, mounted, laid out and drawn, so that the key that
        opens it shows it by switching screens, with nothing to lay out or draw (a topic built after the key took
        6-12 ms to its first frame, and its passages' Markdown, drawn the first time, up to 50).

        The topic after the one on show (for `n`) is made ready `whole`, its body all mounted; the topic
        highlighted on home (for Enter) only as far as its first screenful, the rest being mounted once it is
        shown, as for a topic opened cold: each highlight makes one ready, and moving down the list should not
        wait for whole topics. In a worker: the app is busy until it is done. One topic is made ready at a time;
        the one made ready before goes unless it was shown since (then it is kept as any topic read)."""
        name = f"{KEPT_SCREEN}topic:{topic_id}"
        if not self.course_ready or self.course.topic(topic_id) is None or self.is_screen_installed(name):
            return  # kept already (read before), or ready; or not in the course (its load failed)
        from .screens.topic import TopicScreen

        earlier = self._topic_made_ready
        shown = self._kept_by_recency.get("topic:", [])
        if earlier is not None and earlier not in shown and isinstance(screen := self._installed_screens.get(earlier), Screen) and self._not_on_show(screen):
            self._let_go(earlier, screen)
        screen = TopicScreen(topic_id)
        self.install_screen(screen, name)
        self._topic_made_ready = name
        self.run_worker(self._make_topic_ready(screen, whole), group="topic-ahead", exclusive=True, exit_on_error=False)

    async def _make_topic_ready(self, screen: Screen[Any], whole: bool) -> None:
        from .screens.topic import TopicScreen

        assert isinstance(screen, TopicScreen)
        await textual_fixes.mounted_off_screen(screen)
        if not screen.is_attached:
            return  # let go meanwhile (another topic made ready, or the course changed)
        if whole:
            await screen.complete_off_screen()
        screen.made_ready_off_screen = await textual_fixes.drawn_ahead(screen)

    @needs_course
    def open_topic(self, topic_id: str, section_id: str | None = None) -> None:
        """Show a topic (at a section), replacing any topic screen already open so Back goes home."""
        from .screens.topic import TopicScreen

        def at_section(screen: TopicScreen) -> None:
            if section_id is not None:
                screen.go_to_section(section_id)

        if isinstance(self.screen, TopicScreen) and self.screen.topic_id == topic_id:
            at_section(self.screen)  # on show already (a search from within it): to the section, in place
            return

        # The topics read last are kept, each at the place being read: back to one (the previous topic, or home and
        # back) is shown again, not built again.
        screen = self.kept_screen(topic_id, lambda: TopicScreen(topic_id, section_id), at_section, group="topic:", keep=KEPT_TOPICS)
        if isinstance(self.screen, TopicScreen):
            # Swapped in place: popping first would resume the home screen underneath, which redraws its progress.
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
