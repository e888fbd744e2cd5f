"""For authors and instructors in the app: live reload (--watch), reporting a question, question statistics."""

from __future__ import annotations

import os
from pathlib import Path

from coldstart.core.progress.reports import list_reports
from coldstart.core.progress.store import open_store
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.question_stats import QuestionStatsScreen
from coldstart.ui.screens.report_question import ReportQuestionScreen
from coldstart.ui.screens.topic import TopicScreen
from coldstart.ui.widgets.blocks import Passage
from textual.geometry import Region
from textual.widgets import Button, DataTable, Input, OptionList, RadioButton, Static
from ui_helpers import click_when_settled, content_shown, wait_until


def save(path: Path, text: str, second: int) -> None:
    """Write a course file as an editor would, at a distinct modification time (stat times can be coarse)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(second * 10**9, second * 10**9))


async def reload(app, pilot) -> None:
    """One poll of the course files, the reload it starts, and the screens' redraw."""
    app.poll_course_files()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# --- live reload ----------------------------------------------------------------------------------------


async def test_a_broken_file_is_reported_and_the_fixed_one_shown_in_place(make_app, course_copy: Path) -> None:
    topic_file = course_copy / "content" / "alpha.yaml"
    good = topic_file.read_text(encoding="utf-8")
    app = make_app(course_dir=course_copy, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # open the first topic, alpha
        screen = app.screen
        assert isinstance(screen, TopicScreen)
        screen.go_to_section("two", 1)
        await pilot.pause()
        place = screen._place()
        assert place[0] == "two"

        save(topic_file, good.replace("title: Second section", "title: [half saved"), 1_000)
        await reload(app, pilot)
        assert app.loaded.problems and app.course.topic("alpha") is None
        assert any("problem" in n and "alpha.yaml:" in n for n in notices(app))
        assert app.screen is screen  # the learner is still reading...
        notice = screen.query_one("#topic-notice", Static)
        assert notice.has_class("-shown") and "alpha.yaml has problems" in str(notice.render())
        assert screen.check_action("practice", ()) is False and screen._place() == place  # ...where they were

        save(topic_file, good.replace("- tip: A tip.", "- tip: A better tip."), 2_000)
        await reload(app, pilot)
        assert not app.loaded.problems
        assert not screen.query("#topic-notice.-shown")  # drawn again without it
        assert "A better tip." in [source for passage in screen.query(Passage) for source in passage.sources]
        assert screen._place() == place  # drawn again at the same section and line

        await pilot.press("escape")
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.query("#problems")
        topics = home.query_one("#topics", OptionList)
        assert [topics.get_option_at_index(i).id for i in range(topics.option_count)] == ["alpha", "beta"]


async def test_home_lists_what_loads_and_offers_the_problems(make_app, course_copy: Path) -> None:
    app = make_app(course_dir=course_copy, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        save(course_copy / "content" / "beta.yaml", "id: beta\ntitle: [\n", 1_000)
        await reload(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        topics = home.query_one("#topics", OptionList)
        assert topics.option_count == 1 and topics.get_option_at_index(0).id == "alpha"
        button = home.query_one("#problems", Button)
        assert "problem" in str(button.label)
        await pilot.pause()
        drawn = " ".join(strip.text for strip in button.render_lines(Region(0, 0, *button.outer_size)))
        assert " ".join(str(button.label).split()) in " ".join(drawn.split())  # all of it, wrapped at 80 columns
        assert home.check_action("show_problems", ()) is True
        await pilot.press("e")
        assert type(app.screen).__name__ == "ProblemsScreen"

        from coldstart.core.course.loader import load_course

        before = app.loaded
        app.swap_course(load_course(course_copy), stamp=("a load started before the last change",))
        assert app.loaded is before  # a stale load never replaces a newer one


async def test_without_watch_nothing_polls(make_app, course_copy: Path) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.course_fingerprint is None  # so no poll timer was set


# --- reporting a question -------------------------------------------------------------------------------


async def test_report_a_question_from_practice_and_from_its_feedback(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")  # practise alpha
        practice = app.screen
        assert isinstance(practice, PracticeScreen) and practice.question.id == "alpha-01"
        await click_when_settled(pilot, "#report", "the Report button")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportQuestionScreen)
        await pilot.press("ctrl+s")  # no reason yet: refused, nothing stored
        assert app.screen is dialog
        await pilot.press("down", "enter")  # the second reason: unclear; the note takes the focus
        assert isinstance(app.focused, Input)
        await pilot.press(*"Which limit?", "enter")
        assert app.screen is practice
        assert any("Thank you" in n for n in notices(app))

        await pilot.press("1", "enter")  # answer; the feedback shows
        assert practice.answered
        await pilot.press("exclamation_mark")
        buttons = list(app.screen.query(RadioButton))
        await click_when_settled(pilot, buttons[3], "the reason 'a typo'")
        await click_when_settled(pilot, "#report-send", "the Send button")
        await pilot.pause()
        await pilot.press("exclamation_mark", "escape")  # cancelled: nothing stored
        assert app.screen is practice

    with open_store(tmp_path / "progress.db") as store:
        reports = list_reports(store.db)
    assert [(r.question_id, r.reason, r.note) for r in reports] == [("alpha-01", "typo", ""), ("alpha-01", "unclear", "Which limit?")]
    assert reports[0].content_hash == app.course.question("alpha-01").content_hash


# --- question statistics --------------------------------------------------------------------------------


async def test_question_statistics_open_from_the_dashboard(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q", "1", "enter", "enter")  # answer alpha-01 (position 1, whatever it is)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, QuestionStatsScreen)
        await content_shown(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 1
        details = screen.query_one("#qstats-question")

        def drawn() -> str:
            return "\n".join(strip.text for strip in details.render_lines(Region(0, 0, details.size.width, details.size.height)))

        await wait_until(pilot, lambda: "alpha-01" in drawn(), "the question's details")
        shown = drawn()
        assert "alpha-01  quizzes/alpha.yaml:3" in shown and "needs answers from several learners" in shown
        await pilot.press("f")  # flagged only: none with one answer
        assert table.row_count == 0
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


def test_watch_flag_reaches_the_app(monkeypatch, mini_course: Path) -> None:
    from coldstart.cli import main

    built: list[dict] = []

    class Ran:
        return_code = 0

        def run(self) -> None:
            pass

    def fake_create_app(**kwargs):
        built.append(kwargs["settings"])
        return Ran()

    monkeypatch.setattr("coldstart.ui.factory.create_app", fake_create_app)
    assert main(["--course", str(mini_course), "--watch"]) == 0
    assert main(["--course", str(mini_course)]) == 0
    assert [settings["watch"] for settings in built] == [True, False]


async def test_practice_serves_the_reloaded_course_and_passes_over_a_removed_question(make_app, course_copy: Path) -> None:
    quiz = course_copy / "quizzes" / "alpha.yaml"
    app = make_app(course_dir=course_copy, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")  # practise alpha: alpha-01, then alpha-02
        practice = app.screen
        assert isinstance(practice, PracticeScreen) and practice.queue == ["alpha-01", "alpha-02"]
        text = quiz.read_text(encoding="utf-8")
        start = text.index("  - id: alpha-02")
        save(quiz, text[:start], 1_000)  # alpha-02 leaves the course
        await reload(app, pilot)
        assert app.course.question("alpha-02") is None and app.screen is practice
        await pilot.press("s")  # skip alpha-01: the next one is gone, so the run is over
        await pilot.pause()
        assert practice.question is None


async def test_filling_the_topic_list_again_replaces_it(make_app) -> None:
    """A reload and the lint check after it (--watch) can both fill the list: the second fill must not add twice."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home._fill_topics()
        home._fill_topics()
        topics = home.query_one("#topics", OptionList)
        assert [topics.get_option_at_index(i).id for i in range(topics.option_count)] == ["alpha", "beta"]
