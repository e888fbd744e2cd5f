"""Never freeze: slow content loads in a worker behind a loading state, keys stay live, and a failing worker
leaves the app running (app/ui/background.py).

A `Gate` holds a worker at a known point, so a test sees the loading state for certain rather than by timing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import coldstart.ui.background as background
import coldstart.ui.screens.dashboard as dashboard_screen
import coldstart.ui.screens.home as home_screen
import coldstart.ui.screens.question_stats as question_stats_screen
import pytest
from coldstart.core.course.model import CalloutBlock
from coldstart.core.progress import database
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.question_stats import QuestionStatsScreen
from coldstart.ui.widgets.footer import Footer
from coldstart.ui.widgets.header import Header
from coldstart.ui.widgets.simulation import ResultView, SimulationPanel
from textual.timer import Timer
from textual.widgets import DataTable, Static
from ui_helpers import content_shown, escape_home, press_for, progress_loaded, wait_until

WAIT_SECONDS = 30  # a worker held by a gate that a failing test never opens gives up after this


class Gate:
    """Wraps a function run in a worker thread: it waits until the test opens the gate, then runs it."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.finished = threading.Event()
        self.calls = 0
        self.threads: list[threading.Thread] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.threads.append(threading.current_thread())
        self.entered.set()
        try:
            assert self.opened.wait(WAIT_SECONDS), "the test never opened the gate"
            return self.function(*args, **kwargs)
        finally:
            self.finished.set()


def failing(*_: Any, **__: Any) -> Any:
    raise RuntimeError("a bug in the figures")


def notified(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def answer_two_questions(app) -> None:
    for question, right in zip(app.course.questions[:2], (True, False)):
        wrong = {next(i for i in range(len(question.choices)) if i not in question.correct_indexes)}
        app.progress.record_answer(question, question.correct_indexes if right else wrong, duration_ms=20_000, mode="practice")


def hold(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Gate:
    """Replace `module.name` by itself behind a gate. The dashboard's figures are then not computed ahead by home
    (at start-up, and after a pause): that would pass the gate first, and these tests are about the screen's own."""
    gate = Gate(getattr(module, name))
    monkeypatch.setattr(module, name, gate)
    if module is dashboard_screen:
        monkeypatch.setattr(HomeScreen, "_prepare_figures", lambda self: None)
    return gate


async def figures_computed_at_start_up(pilot) -> None:  # type: ignore[no-untyped-def]
    """Home computes the dashboard's figures in a thread as the store opens at start-up: wait for them, so that what a
    test counts afterwards is its own."""
    kept = lambda: background._remembered.get(pilot.app, {}).get(dashboard_screen.WHAT)  # noqa: E731
    await wait_until(pilot, lambda: kept() is not None, "the figures computed at start-up")


async def open_while_held(pilot, screen: Any, gate: Gate) -> Any:
    """Two answers, then `screen` opened; returns once its worker is held at the gate."""
    await progress_loaded(pilot)
    answer_two_questions(pilot.app)
    pilot.app.push_screen(screen)
    await wait_until(pilot, gate.entered.is_set, "the content is being computed")
    assert pilot.app.screen is screen and screen.content_state == "loading"
    return screen


# --- question statistics and the dashboard: loading, then content ----------------------------------------------


async def test_question_statistics_show_a_loading_state_then_the_table(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = hold(monkeypatch, question_stats_screen, "question_statistics")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_while_held(pilot, QuestionStatsScreen(), gate)
        table = screen.query_one(DataTable)
        assert table.loading
        assert "Reading every answer…" in str(screen.query_one("#qstats-summary", Static).render())
        await pilot.press("f")  # keys stay live while loading: the filter waits for the figures
        gate.opened.set()
        await content_shown(pilot)
        assert not table.loading and table.row_count == 0  # flagged only: none with two answers
        await pilot.press("f")
        assert table.row_count == 2
        assert gate.threads[0] is not threading.main_thread()


async def test_the_dashboard_computes_its_figures_once_per_opening_off_the_ui_thread(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = hold(monkeypatch, dashboard_screen, "dashboard")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_while_held(pilot, DashboardScreen(), gate)
        assert screen.query_one("#dashboard").loading
        gate.opened.set()
        await content_shown(pilot)
        assert "2/" in str(screen.query_one("#dash-headline", Static).render())  # 2 questions seen
        footer_keys = lambda: {key.key for key in screen.query_one(Footer).keys}  # noqa: E731
        await wait_until(pilot, lambda: "w" in footer_keys(), "Drill weakest offered in the footer")  # one answer was wrong
        app.theme = "textual-light"  # drawn again in the new colours, from the same figures
        await wait_until(pilot, lambda: screen.board is not None, "the figures are kept")
        assert gate.calls == 1
        assert gate.threads[0] is not threading.main_thread()


async def test_figures_shown_before_stay_under_a_notice_while_new_ones_are_computed(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard is kept between visits (`show_kept`): after new answers it shows the figures it had, saying they
    are being brought up to date once that takes more than a moment, rather than covering them with a loading
    indicator."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        await figures_computed_at_start_up(pilot)  # (not held by the gate below)
        screen = await press_for(pilot, "d", DashboardScreen, "the dashboard")
        await content_shown(pilot)
        headline = screen.query_one("#dash-headline", Static)
        assert "0/" in str(headline.render())
        await escape_home(pilot)

        gate = hold(monkeypatch, dashboard_screen, "dashboard")
        answer_two_questions(app)
        await pilot.press("d")
        await wait_until(pilot, gate.entered.is_set, "the figures being computed again")
        assert app.screen is screen and screen.content_state == "loading"
        assert not screen.query_one("#dashboard").loading  # the figures shown before stay on screen
        assert "0/" in str(headline.render())  # with no notice yet: a quick update would only flash it
        await wait_until(pilot, lambda: "Updating your progress" in str(headline.render()), "the notice, once it takes a while")
        gate.opened.set()
        await content_shown(pilot)
        assert "2/" in str(headline.render())


async def test_question_statistics_show_their_rows_and_a_new_filter_replaces_them(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        answer_two_questions(app)
        app.push_screen(QuestionStatsScreen())
        await content_shown(pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("f", "f")  # flagged only, then all again
        await wait_until(pilot, lambda: table.row_count == 2, "every answered question in the table")
        assert sorted(str(key.value) for key in table.rows) == sorted(q.id for q in app.course.questions[:2])


class Counted:
    """Wraps a function and counts its calls (from any thread)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function, self.calls = function, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.function(*args, **kwargs)


async def open_and_show(pilot, screen: Any) -> Any:
    pilot.app.push_screen(screen)
    await content_shown(pilot)
    return screen


@pytest.mark.parametrize(("screen_class", "module", "name"), [
    (QuestionStatsScreen, question_stats_screen, "question_statistics"),
    (DashboardScreen, dashboard_screen, "dashboard"),
])  # fmt: skip
async def test_figures_are_computed_again_only_after_the_store_changed(
    make_app, clock, monkeypatch: pytest.MonkeyPatch, screen_class, module, name: str
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        await figures_computed_at_start_up(pilot)
        counted = Counted(getattr(module, name))
        monkeypatch.setattr(module, name, counted)
        answer_two_questions(app)
        await open_and_show(pilot, screen_class())
        await pilot.press("escape")
        again = screen_class()
        app.push_screen(again)
        await pilot.pause()
        # Nothing was written: the figures are shown as the screen opens, with no worker and no loading state.
        assert again.content_state == "shown" and not any(worker.node is again for worker in app.workers)
        assert counted.calls == 1
        await pilot.press("escape")
        answer_two_questions(app)  # a write: the figures are read again, and show the new answers
        await open_and_show(pilot, screen_class())
        assert counted.calls == 2
        if screen_class is QuestionStatsScreen:
            assert "4 answers" in str(app.screen.query_one("#qstats-summary", Static).render())
        else:
            await pilot.press("escape")
            clock.advance(minutes=1)  # readiness reads the time: a minute later, the dashboard computes again
            await open_and_show(pilot, screen_class())
            assert counted.calls == 3


async def test_back_on_the_dashboard_from_the_statistics_nothing_is_computed_or_drawn_again(make_app, monkeypatch) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        await figures_computed_at_start_up(pilot)
        counted = Counted(dashboard_screen.dashboard)
        monkeypatch.setattr(dashboard_screen, "dashboard", counted)
        answer_two_questions(app)
        board = await open_and_show(pilot, DashboardScreen())
        drawn = Counted(board.show_figures)
        monkeypatch.setattr(board, "show_figures", drawn)
        await pilot.press("s")
        await content_shown(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is board, "back on the dashboard")
        await content_shown(pilot)
        assert counted.calls == 1 and drawn.calls == 0


@pytest.mark.parametrize("screen_class", [QuestionStatsScreen, DashboardScreen])
async def test_escape_leaves_a_screen_that_is_still_loading(make_app, monkeypatch: pytest.MonkeyPatch, screen_class) -> None:
    gates = {
        QuestionStatsScreen: (question_stats_screen, "question_statistics"),
        DashboardScreen: (dashboard_screen, "dashboard"),
    }
    gate = hold(monkeypatch, *gates[screen_class])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_while_held(pilot, screen_class(), gate)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back home")
        gate.opened.set()  # the result arrives after the screen is gone: it is dropped, nothing breaks
        await wait_until(pilot, lambda: gate.finished.is_set() and not any(w.is_running for w in app.workers), "the late result")
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert not app._notifications


@pytest.mark.parametrize(("screen_class", "module", "name", "notice", "what"), [
    (QuestionStatsScreen, question_stats_screen, "question_statistics", "#qstats-summary", "the question statistics"),
    (DashboardScreen, dashboard_screen, "dashboard", "#dash-headline", "your progress"),
])  # fmt: skip
async def test_a_failing_load_says_so_in_place_and_the_app_keeps_running(
    make_app, monkeypatch: pytest.MonkeyPatch, screen_class, module, name: str, notice: str, what: str
) -> None:
    monkeypatch.setattr(module, name, failing)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        app.push_screen(screen_class())
        await wait_until(pilot, lambda: getattr(app.screen, "content_state", None) == "failed", "the failure is shown")
        shown = str(app.screen.query_one(notice, Static).render())
        assert f"Could not load {what}: a bug in the figures" in shown
        assert "a bug in the figures" in notified(app)
        await pilot.press("escape")  # still answering keys
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back home")
        assert app.is_running


# --- any worker: a failure is reported, never the end of the app -------------------------------------------------


async def test_a_failing_worker_with_textual_defaults_does_not_close_the_app(make_app) -> None:
    def broken() -> None:
        raise ValueError("a bug in a background task")

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        app.run_worker(broken, thread=True)  # exit_on_error=True, Textual's default: it would end the app
        await wait_until(pilot, lambda: "a bug in a background task" in notified(app), "the failure is reported")
        assert app.is_running and app.return_code is None
        await pilot.press("d")  # and keeps answering keys
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")


async def _lab(pilot, name: str) -> SimulationPanel:
    from coldstart.ui.screens.lab import LabScreen

    pilot.app.push_screen(LabScreen(name))
    await wait_until(pilot, lambda: bool(pilot.app.screen.query(".sim-status")) and bool(pilot.app.screen.query(".run")), f"the lab on {name}")
    return pilot.app.screen.query_one(SimulationPanel)


async def test_a_simulation_that_fails_says_so_and_the_app_keeps_running(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await _lab(pilot, "async-retry")
        assert panel.simulation is not None
        panel.simulation = dataclasses.replace(panel.simulation, runner=failing)
        panel.run_simulation()
        await wait_until(pilot, lambda: "failed" in str(panel.query_one(".sim-status", Static).render()), "the failure is shown")
        assert "⚠ The simulation failed: a bug in the figures" in str(panel.query_one(".sim-status", Static).render())
        assert "a bug in the figures" in notified(app)
        assert panel._running_timer is None
        assert app.is_running


async def test_running_twice_leaves_no_running_timer(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Timer] = []
    stopped: set[int] = set()
    original_stop = Timer.stop

    def stop(timer: Timer) -> None:
        stopped.add(id(timer))
        original_stop(timer)

    monkeypatch.setattr(Timer, "stop", stop)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await _lab(pilot, "async-retry")
        original_set_interval = panel.set_interval

        def set_interval(*args: Any, **kwargs: Any) -> Timer:
            timer = original_set_interval(*args, **kwargs)
            started.append(timer)
            return timer

        monkeypatch.setattr(panel, "set_interval", set_interval)
        panel.run_simulation()
        panel.run_simulation()  # Run pressed again before the first run is shown
        view = panel.query_one(ResultView)
        await wait_until(pilot, lambda: view.result is not None and not any(w.is_running for w in app.workers), "the result")
        assert len(started) == 2 and all(id(timer) in stopped for timer in started)
        assert "Running…" not in str(panel.query_one(".sim-status", Static).render())


# --- the store is checked and opened off the UI thread -------------------------------------------------------------


async def test_the_store_is_checked_off_the_ui_thread(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    checked_in: list[threading.Thread] = []
    original = database.check_database_file

    def check(*args: Any, **kwargs: Any) -> None:
        checked_in.append(threading.current_thread())
        original(*args, **kwargs)

    monkeypatch.setattr(database, "check_database_file", check)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.progress_ready, "the store is open")
        assert checked_in and all(thread is not threading.main_thread() for thread in checked_in)
        answer_two_questions(app)  # the UI thread writes through the connection the worker opened
        with app.progress_reader() as reader:
            assert len(reader.question_states()) == 2


# --- exam results: each review is built when it comes into view ---------------------------------------------------


async def test_exam_results_build_the_reviews_as_they_come_into_view(make_app) -> None:
    from coldstart.core.exam import ExamSession
    from coldstart.ui.screens.exam_results import ExamResultsScreen, QuestionReviews

    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:  # short: the tallies fill the view and the screenful below
        await progress_loaded(pilot)
        session = ExamSession.start(app.course, app.course.blueprint("quick"), app.exams, app.clock, seed=11)
        for position in range(len(session)):
            session.answer(position, {0})
        app.push_screen(ExamResultsScreen(session.submit()))
        await wait_until(pilot, lambda: isinstance(app.screen, ExamResultsScreen), "the results")
        await content_shown(pilot)
        reviews = app.screen.query_one(QuestionReviews)
        assert [item.position for item in reviews.shown] == [0, 1, 2] and 2 not in reviews.built  # not in view: not built
        assert reviews.span(2) == (reviews.span(2)[0], 4)  # the rule, a blank line, its heading only, a blank line
        await pilot.press("n", "n", "n")  # jump to the last: it and every one above it are built, in order
        await wait_until(pilot, lambda: reviews.built == {0, 1, 2}, "every review up to the last")
        body = app.screen.query_one("#results-body")

        def last_top() -> int:
            span = reviews.span(2)
            return reviews.region.y + span[0] if span else -1

        await wait_until(pilot, lambda: body.region.y <= last_top() < body.region.bottom, "the last question in view")
        assert reviews.span(2)[1] > 6  # the stem and the choices under its heading


# --- live reload (--watch): the course loads in a worker and the header says so -------------------------------------


async def test_a_course_reload_shows_its_state_and_keys_stay_live(make_app, course_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from coldstart.core.course import loader

    app = make_app(course_dir=course_copy, watch=True)  # loaded before the loader is held
    gate = Gate(loader.load_course)
    monkeypatch.setattr(loader, "load_course", gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        topic_file = course_copy / "content" / "alpha.yaml"
        topic_file.write_text(topic_file.read_text(encoding="utf-8").replace("- tip: A tip.", "- tip: A newer tip."), encoding="utf-8")
        os.utime(topic_file, ns=(10**9, 10**9))
        app.poll_course_files()
        await wait_until(pilot, gate.entered.is_set, "the reload has started")
        assert "reloading the course…" in app.sub_title
        await pilot.press("enter")  # keys stay live: the first topic opens while the course loads
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TopicScreen", "the topic")
        gate.opened.set()
        await wait_until(pilot, lambda: app.sub_title == app.course.title, "the reloaded course served")
        tips = [block for section in app.course.topic("alpha").sections for block in section.blocks if isinstance(block, CalloutBlock)]
        assert "A newer tip." in [tip.markdown for tip in tips]
        await pilot.press("escape")  # home, whose header shows the course title again
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and "reloading" not in str(
            app.screen.query_one(Header).title_content), "the header without 'reloading'")


async def test_a_course_reload_that_fails_says_so_and_serves_the_last_course(make_app, course_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from coldstart.core.course import loader

    app = make_app(course_dir=course_copy, watch=True)
    monkeypatch.setattr(loader, "load_course", failing)
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        before = app.course
        topic_file = course_copy / "content" / "alpha.yaml"
        topic_file.write_text(topic_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.utime(topic_file, ns=(10**9, 10**9))
        app.poll_course_files()
        await wait_until(pilot, lambda: "Could not reload the course: a bug in the figures" in notified(app), "the failure")
        assert app.course is before and app.sub_title == before.title and app.is_running


def threads_computing_the_figures(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread of each computation of the dashboard's figures, as they happen."""
    threads: list[threading.Thread] = []
    real = dashboard_screen.dashboard
    monkeypatch.setattr(dashboard_screen, "dashboard", lambda *args: threads.append(threading.current_thread()) or real(*args))
    return threads


async def opens_with_the_figures_computed_ahead(pilot, threads: list[threading.Thread]) -> DashboardScreen:
    """Wait for the dashboard's figures to be computed ahead, once, in a thread, and kept; then open the dashboard
    and see it show them without computing any."""
    app = pilot.app
    kept = lambda: background._remembered.get(app, {}).get(dashboard_screen.WHAT)  # noqa: E731
    await wait_until(pilot, lambda: len(threads) == 1 and kept() is not None, "the figures computed ahead, and kept")
    assert threads[0] is not threading.main_thread()
    screen = DashboardScreen()
    app.push_screen(screen)
    await wait_until(pilot, lambda: screen.content_state == "shown", "the dashboard showing its figures")
    assert len(threads) == 1  # opened with the figures computed ahead, none computed for it
    return screen


async def test_home_computes_the_dashboards_figures_ahead_once_the_learner_pauses_after_new_answers(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "PREPARE_AFTER", 0.001)  # the pause on home, here a millisecond
    # The store is opened by progress_loaded; the start-up warm-up, adopting a store of its own later (a busy
    # machine), would change the store's stamp and so the figures to compute: not what this test looks at.
    monkeypatch.setattr(home_screen, "WARM_UP_DELAY", 3600)
    threads = threads_computing_the_figures(monkeypatch)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        home = app.screen
        answer_two_questions(app)
        home._refresh_progress_if_changed()  # what coming back to home does: the store changed
        screen = await opens_with_the_figures_computed_ahead(pilot, threads)
        assert "2/" in str(screen.query_one("#dash-headline", Static).render())  # the two new answers are in them
        # On the dashboard, the question statistics are computed ahead in turn.
        await wait_until(pilot, lambda: background._remembered.get(app, {}).get(question_stats_screen.WHAT) is not None,
                         "the statistics computed ahead")
        monkeypatch.setattr(question_stats_screen, "question_statistics", failing)  # computing them again would fail
        statistics = QuestionStatsScreen()
        app.push_screen(statistics)
        await wait_until(pilot, lambda: statistics.content_state == "shown", "the statistics shown")
        assert statistics.query_one(DataTable).row_count == 2
        app.pop_screen()
        await wait_until(pilot, lambda: app.screen is screen, "the dashboard again")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, "home again")
        home._refresh_progress_if_changed()  # nothing written since: nothing computed
        await pilot.pause()
        assert len(threads) == 1


async def test_home_computes_the_dashboards_figures_ahead_at_start_up_too(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first visit to the dashboard in a session is the slowest (the readiness estimate's draws are made then):
    at start-up the figures are computed ahead as soon as the store is open, without waiting for a pause (which
    never comes here)."""
    monkeypatch.setattr(background, "PREPARE_AFTER", 3600)
    threads = threads_computing_the_figures(monkeypatch)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        # Home opens the store itself, as at every start (its warm-up), and shows the progress.
        await opens_with_the_figures_computed_ahead(pilot, threads)


async def test_content_being_prepared_is_not_computed_again_when_asked_again(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home asks for the dashboard's figures at start-up and again once the learner pauses: asked again while they
    are being computed for the same store, they are computed once; a failed computation is tried again when asked."""
    monkeypatch.setattr(HomeScreen, "_prepare_figures", lambda self: None)  # only this test's computations
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        gate = Gate(lambda: "figures")
        background.prepare_content(app, "test figures", "key", gate)
        await wait_until(pilot, gate.entered.is_set, "the first computation under way")
        background.prepare_content(app, "test figures", "key", gate)  # asked again meanwhile
        gate.opened.set()
        kept = lambda: background._remembered.get(app, {}).get("test figures")  # noqa: E731
        await wait_until(pilot, lambda: kept() is not None, "the figures kept")
        assert gate.calls == 1 and kept()[2] == "figures"
        background.prepare_content(app, "test figures", "key", gate)  # kept: nothing to compute
        await pilot.pause()
        assert gate.calls == 1

        broken = Gate(failing)
        broken.opened.set()
        background.prepare_content(app, "broken figures", "key", broken)
        await wait_until(pilot, lambda: broken.finished.is_set() and not background._preparing.get(app, {}).get("broken figures"), "the failure")
        background.prepare_content(app, "broken figures", "key", broken)
        await wait_until(pilot, lambda: broken.calls == 2, "tried again")
