"""Deterministic pictures of the screens (fixed course, database and clock; workers finished): every screen at
80x24, the size many terminals open at, where nothing may be cut (the exam's are in test_exam_snapshots.py)."""

from __future__ import annotations

from ui_helpers import answer, content_shown, progress_loaded, wait_until


async def settled(pilot) -> None:
    """Let background loading (the progress store) finish so every picture shows the same thing."""
    await progress_loaded(pilot)


def test_home_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=settled)


def test_topic_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24), run_before=settled)


def test_topic_screen_wide_with_contents(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=(120, 36), run_before=settled)


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["enter", "question_mark"], terminal_size=(80, 24), run_before=settled)


# --- the same screens in a light theme: every colour is a theme variable, so they read right there too ------


def test_home_screen_in_a_light_theme(snap_compare, make_app) -> None:
    assert snap_compare(make_app(theme="textual-light"), terminal_size=(80, 24), run_before=settled)


async def _dashboard_with_answers(pilot) -> None:
    """Two answers (one right, one wrong) on the first topic, then the dashboard."""
    from coldstart.ui.screens.dashboard import DashboardScreen

    await settled(pilot)
    app = pilot.app
    for question, right in zip(app.course.questions[:2], (True, False)):
        answer(app, question, right)
    await app.push_screen(DashboardScreen())
    await content_shown(pilot, "the dashboard's figures")


def test_dashboard(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=_dashboard_with_answers)


def test_dashboard_in_a_light_theme(snap_compare, make_app) -> None:
    assert snap_compare(make_app(theme="textual-light"), terminal_size=(100, 40), run_before=_dashboard_with_answers)


async def _plan_with_an_exam_date(pilot) -> None:
    """Three answers (one right, two wrong: learning steps), one card moved to a review four days on (set
    directly: the app's scheduler fuzzes review intervals), an exam date ten days on, then the plan."""
    from datetime import timedelta

    from coldstart.core.progress.plan import set_exam_date
    from coldstart.core.progress.scheduling import iso
    from coldstart.ui.screens.plan import PlanScreen

    await settled(pilot)
    app = pilot.app
    for question, right in zip(app.course.questions[:3], (True, False, False)):
        picked = question.correct_indexes if right else {next(i for i in range(len(question.choices)) if i not in question.correct_indexes)}
        app.progress.record_answer(question, picked, duration_ms=20_000, mode="practice")
    app.progress.db.execute(
        "UPDATE cards SET state = 2, due = ? WHERE question_id = ?",
        [iso(app.progress.now() + timedelta(days=4)), app.course.questions[0].id],
    )
    set_exam_date(app.progress, app.progress.local_day(app.progress.now()) + timedelta(days=10))
    await app.push_screen(PlanScreen())
    await content_shown(pilot, "the plan")


def test_plan_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_plan_with_an_exam_date)


# --- the other screens at 80x24 ----------------------------------------------------------------------------


def test_dashboard_at_80x24(snap_compare, make_app, long_titles) -> None:
    """Readiness by domain: every column, the domain names wrapping."""
    assert snap_compare(make_app(long_titles), terminal_size=(80, 24), run_before=_dashboard_with_answers)


def test_dashboard_topics_at_80x24(snap_compare, make_app, long_titles) -> None:
    """The topics table at the end of the dashboard: long titles wrap, read/seen/right/mastery stay."""

    async def run_before(pilot) -> None:
        await _dashboard_with_answers(pilot)
        pilot.app.screen.query_one("#dashboard").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(make_app(long_titles), terminal_size=(80, 24), run_before=run_before)


def test_question_statistics_at_80x24(snap_compare, make_app) -> None:
    """Six wrong answers to one question (so it is flagged), one right to another; the first row's details below."""

    async def run_before(pilot) -> None:
        from coldstart.ui.screens.question_stats import QuestionStatsScreen

        await settled(pilot)
        app = pilot.app
        first, second = app.course.questions[:2]
        for _ in range(6):
            answer(app, first, right=False)
        answer(app, second, right=True)
        await app.push_screen(QuestionStatsScreen())
        await content_shown(pilot, "the question statistics")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_help_over_the_dashboard_at_80x24(snap_compare, make_app) -> None:
    """Long descriptions wrap under their own column; the footer's keys and the hidden ones are all listed."""

    async def run_before(pilot) -> None:
        from coldstart.ui.screens.help import HelpScreen

        await _dashboard_with_answers(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")
        await content_shown(pilot, "the help over the dashboard")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_practice_feedback_at_80x24(snap_compare, make_app) -> None:
    """A wrong pick submitted: the verdict, each choice's why and the explanation (the clock seeds the shuffle)."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "view", None) is not None, "the first practice question")
        view = pilot.app.screen.view
        wrong = next(n for n, own in enumerate(view.order) if not view.question.choices[own].correct)
        await pilot.press(str(wrong + 1), "enter")
        await wait_until(pilot, lambda: pilot.app.screen.answered, "the feedback")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_simulation_lab_after_a_run_at_80x24(snap_compare, make_app) -> None:
    """The lab on async-retry with its default parameters, run once: the result under the fields."""

    async def run_before(pilot) -> None:
        from test_simulation_panel import open_lab

        await settled(pilot)
        panel = await open_lab(pilot, "async-retry")  # its fields mounted and set: a run reads them
        panel.run_simulation()
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: panel.result is not None, "the simulation's result")
        await content_shown(pilot, "the simulation's result")
        from coldstart.ui.widgets.simulation import ResultView

        # The panel scrolls its result to the top after the next refresh; doing it here too fixes the picture's
        # scroll position whichever comes first.
        panel.query_one(ResultView).scroll_visible(animate=False, top=True)
        await content_shown(pilot, "the result scrolled to the top")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_settings_at_80x24(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await settled(pilot)
        pilot.app.action_settings()
        await content_shown(pilot, "the settings")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_report_a_question_at_80x24(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        from coldstart.ui.screens.report_question import ReportQuestionScreen

        await settled(pilot)
        await pilot.app.push_screen(ReportQuestionScreen(pilot.app.course.questions[0]))
        await content_shown(pilot, "the report dialog")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_course_problems_at_80x24(snap_compare, make_app, course_copy) -> None:
    (course_copy / "content/beta.yaml").write_text("id: beta\ntitle: [broken\n")

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("e")
        await content_shown(pilot, "the course's problems")
        pilot.app.clear_notifications()  # the start-up notice would float over the list
        await pilot.pause()

    assert snap_compare(make_app(course_copy), terminal_size=(80, 24), run_before=run_before)


def test_class_screen_at_80x24(snap_compare, make_app, tmp_path, mini_course, clock) -> None:
    """The instructor's screen on a class of two (one right on everything, one wrong)."""
    from classroom.conftest import study
    from coldstart.core.classroom.seats import ClassFolder
    from coldstart.core.course.loader import load_course

    folder = ClassFolder.init(tmp_path / "class")
    course = load_course(mini_course).course
    for name, right in (("ann", True), ("bob", False)):
        folder.add(name, clock)
        study(folder, name, course, clock, right=right)

    async def run_before(pilot) -> None:
        await content_shown(pilot, "the class")

    assert snap_compare(make_app(class_dir=str(folder.root)), terminal_size=(80, 24), run_before=run_before)


def test_a_topic_simulation_after_predicting_and_running_at_80x24(snap_compare, make_app, course_copy) -> None:
    """Inside a topic at 80x24: the prediction checked, the run's result scrolled into view."""
    from test_simulation_panel import add_gamma

    add_gamma(course_copy)

    async def run_before(pilot) -> None:
        from coldstart.ui.widgets.choices import ChoiceList
        from coldstart.ui.widgets.simulation import ResultView, SimulationPanel
        from textual.widgets import Button

        await settled(pilot)
        app = pilot.app
        app.open_topic("gamma")
        await wait_until(pilot, lambda: bool(app.screen.query(".open-sim")), "the topic's simulation")
        panel = app.screen.query_one(SimulationPanel)
        panel.query_one(".open-sim", Button).press()
        await wait_until(pilot, lambda: bool(panel.query(ChoiceList)), "the prediction's choices")
        choices = panel.query_one(ChoiceList)
        choices.toggle(next(n for n, (own, _) in enumerate(choices.shown) if own == 1))  # the right one
        panel.query_one(".predict-submit", Button).press()
        await wait_until(pilot, lambda: bool(panel.query(ResultView)) and panel.query_one(ResultView).result is not None, "the run")
        await content_shown(pilot, "the run's result")
        panel.query_one(ResultView).scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_app(course_copy), terminal_size=(80, 24), run_before=run_before)


# Each screen of app/ui/screens and a picture of it at 80x24 (a new screen gets one too).
PICTURED_AT_80x24 = {
    "AskScreen": "test_exam_snapshots/test_exam_dialogs_at_80x24[submit-dialog]",
    "ClassScreen": "test_snapshots/test_class_screen_at_80x24",
    "DashboardScreen": "test_snapshots/test_dashboard_at_80x24",
    "ExamScreen": "test_exam_snapshots/test_exam_screen_in_the_final_minute",
    "ExamGridScreen": "test_exam_snapshots/test_exam_dialogs_at_80x24[grid]",
    "ExamReviewScreen": "test_exam_snapshots/test_exam_dialogs_at_80x24[review-page]",
    "ExamResultsScreen": "test_exam_snapshots/test_exam_results_by_domain_and_topic_at_80x24",
    "ExamsScreen": "test_exam_snapshots/test_exams_screen_with_a_past_result_at_80x24",
    "HelpScreen": "test_snapshots/test_help_screen",
    "HomeScreen": "test_snapshots/test_home_screen",
    "LabScreen": "test_snapshots/test_simulation_lab_after_a_run_at_80x24",
    "PlanScreen": "test_snapshots/test_plan_screen",
    "PracticeScreen": "test_snapshots/test_practice_feedback_at_80x24",
    "ProblemsScreen": "test_snapshots/test_course_problems_at_80x24",
    "QuestionStatsScreen": "test_snapshots/test_question_statistics_at_80x24",
    "ReportQuestionScreen": "test_snapshots/test_report_a_question_at_80x24",
    "SettingsScreen": "test_snapshots/test_settings_at_80x24",
    "TopicScreen": "test_snapshots/test_topic_screen",
}


def test_every_screen_has_a_picture_at_80x24() -> None:
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    import coldstart.ui.screens
    from textual.screen import Screen

    screens = set()
    for module_info in pkgutil.iter_modules(coldstart.ui.screens.__path__):
        module = importlib.import_module(f"coldstart.ui.screens.{module_info.name}")
        screens |= {name for name, cls in inspect.getmembers(module, inspect.isclass) if issubclass(cls, Screen) and cls.__module__ == module.__name__}
    # The loading screens are all animation around one line of text, so no two pictures of them agree;
    # tests/ui/test_loading.py checks what they say at 80x24.
    # Dialog is the base of the dialogs, never shown by itself; each dialog has its picture (and _WaitingScreen
    # that of the loading screens).
    not_pictured = {"LoadingScreen", "CourseWaitScreen", "_WaitingScreen", "Dialog"}
    assert screens - not_pictured == set(PICTURED_AT_80x24), f"without a picture: {sorted(screens - not_pictured - set(PICTURED_AT_80x24))}"
    pictures = Path(__file__).parent / "__snapshots__"
    assert [name for name in PICTURED_AT_80x24.values() if not (pictures / f"{name}.svg").exists()] == []
