"""Screens a learner comes back to are built once and kept (`CourseApp.show_kept`): shown again as they were
left, brought up to date when shown, restyled only when the stylesheet changed, and dropped when the course
changes."""

from __future__ import annotations

import re

from coldstart.core.paths import bundled_course_dir
from coldstart.ui.app import KEPT_SCREEN
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.screens.exams import ExamsScreen
from coldstart.ui.screens.help import HelpScreen
from coldstart.ui.screens.lab import LabScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.topic import TopicScreen
from textual.css.stylesheet import Stylesheet
from textual.widgets import OptionList
from ui_helpers import content_shown, escape_home, press_for, progress_loaded, wait_until


async def open_lab(pilot) -> LabScreen:
    return await press_for(pilot, "l", LabScreen, "the lab opens", lambda lab: lab.ready is not None)


async def test_the_lab_opens_again_as_the_learner_left_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        lab = await open_lab(pilot)
        listing = lab.query_one("#lab-list", OptionList)
        second = listing.get_option_at_index(1).id
        await pilot.press("down")
        await wait_until(pilot, lambda: lab.ready is not None and lab.ready.block.name == second, "the second simulation")
        await pilot.press("r")
        await wait_until(pilot, lambda: lab.ready is not None and lab.ready.result is not None, "its run")
        result = lab.ready.result
        await escape_home(pilot)

        await pilot.press("l")
        await wait_until(pilot, lambda: app.screen is lab, "the same lab again")
        assert lab.ready is not None and lab.ready.block.name == second and lab.ready.result is result
        assert listing.highlighted == 1


async def test_the_dashboard_kept_between_visits_shows_the_answers_given_meanwhile(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        dashboard = await press_for(pilot, "d", DashboardScreen, "the dashboard opens")
        await content_shown(pilot)
        assert dashboard.board is not None and dashboard.board.answers_total == 0
        await escape_home(pilot)

        question = app.course.questions[0]
        app.progress.record_answer(question, question.correct_indexes, duration_ms=20_000, mode="practice")
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen is dashboard, "the same dashboard again")
        await content_shown(pilot)
        assert dashboard.board is not None and dashboard.board.answers_total == 1


async def test_a_kept_screen_already_open_below_gets_a_visit_of_its_own(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        app.open_exams()
        await wait_until(pilot, lambda: isinstance(app.screen, ExamsScreen), "the exams list")
        kept = app.screen
        app.push_screen(HelpScreen(kept))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help over it")
        app.open_exams()  # a screen cannot be in the stack twice
        await wait_until(pilot, lambda: isinstance(app.screen, ExamsScreen) and app.screen is not kept
                         and app.screen.is_mounted, "a second list")
        app.pop_screen()
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help again")
        app.pop_screen()
        await wait_until(pilot, lambda: app.screen is kept, "the kept list")


async def test_a_changed_course_drops_the_kept_screens_not_on_show(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        lab = await open_lab(pilot)
        await escape_home(pilot)
        dashboard = await press_for(pilot, "d", DashboardScreen, "the dashboard opens")

        app.swap_course(app.loaded)  # what --watch does when the course files change
        await wait_until(pilot, lambda: not lab.is_attached, "the lab, not on show, goes")
        assert not app.is_screen_installed(f"{KEPT_SCREEN}lab")
        assert app.is_screen_installed(f"{KEPT_SCREEN}dashboard") and app.screen is dashboard  # on show: stays

        await escape_home(pilot)
        assert await open_lab(pilot) is not lab  # built again, from the course as it is now


async def test_a_kept_screen_is_restyled_only_when_the_stylesheet_changed(make_app, monkeypatch) -> None:
    restyled: list[object] = []
    original = Stylesheet.update_nodes

    def noting(self, nodes, *args, **kwargs):
        nodes = list(nodes)
        restyled.extend(nodes)
        return original(self, nodes, *args, **kwargs)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        lab = await open_lab(pilot)
        dark_background = lab.styles.background
        await escape_home(pilot)
        monkeypatch.setattr(Stylesheet, "update_nodes", noting)

        await pilot.press("l")
        await wait_until(pilot, lambda: app.screen is lab and lab.ready is not None, "the lab again")
        await pilot.pause()
        assert lab not in restyled  # styled already for this stylesheet: not styled again
        await escape_home(pilot)

        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("l")
        await wait_until(pilot, lambda: app.screen is lab, "the lab in the new theme")
        await pilot.pause()
        assert lab.styles.background != dark_background
        assert lab.styles.background == app.screen_stack[0].styles.background  # as a screen styled anew



async def test_a_second_practice_run_starts_afresh_in_the_kept_practice_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        screen = await press_for(pilot, "q", PracticeScreen, "practice", lambda screen: screen.view is not None)
        view = screen.view
        wrong = next(n for n, i in enumerate(view.order) if not view.question.choices[i].correct)
        await pilot.press(str(wrong + 1), "enter")
        await wait_until(pilot, lambda: screen.answered, "answered")
        await pilot.press("escape")  # the run's summary, which offers to retake the question missed
        await wait_until(pilot, lambda: screen.question is None and screen.query_one("#retake-these").display, "summary")
        first_run = screen.session
        await escape_home(pilot)

        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is screen and screen.view is not None, "the same screen, a new run")
        assert screen.session is not first_run and not screen.attempts and not screen.answered
        assert not screen.query_one("#retake-these").display
        assert screen.query_one("#submit").display and screen.view.question.id == first_run.queue[0]


def on_topic(app, topic_id: str) -> bool:
    return isinstance(app.screen, TopicScreen) and app.screen.topic_id == topic_id and app.screen.body_complete


async def test_the_previous_topic_is_shown_again_at_the_place_being_read(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:  # small: the topic's text scrolls
        await progress_loaded(pilot)
        app.open_topic("alpha")
        await wait_until(pilot, lambda: on_topic(app, "alpha"), "alpha")
        alpha = app.screen
        await pilot.press("j", "j", "j")
        body = alpha.query_one("#topic-body")
        await wait_until(pilot, lambda: body.scroll_y == 3, "three lines down")
        await pilot.press("n")
        await wait_until(pilot, lambda: on_topic(app, "beta"), "the next topic")
        await pilot.press("p")
        await wait_until(pilot, lambda: on_topic(app, "alpha"), "back to alpha")
        assert app.screen is alpha and body.scroll_y == 3
        await escape_home(pilot)

        app.open_topic("alpha", "two")  # from search: the section, in the screen kept
        await wait_until(pilot, lambda: app.screen is alpha, "alpha again")
        top_of_two = alpha._section_tops()["section-two"]
        await wait_until(pilot, lambda: body.scroll_y == top_of_two, "at the section")


async def test_only_the_topics_read_last_are_kept(make_app, monkeypatch) -> None:
    from coldstart.ui import app as app_module

    monkeypatch.setattr(app_module, "KEPT_TOPICS", 1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        app.open_topic("alpha")
        await wait_until(pilot, lambda: on_topic(app, "alpha"), "alpha")
        alpha = app.screen
        await pilot.press("n")
        await wait_until(pilot, lambda: on_topic(app, "beta"), "beta")
        await wait_until(pilot, lambda: not alpha.is_attached, "alpha, read before, goes")
        assert not app.is_screen_installed(f"{KEPT_SCREEN}topic:alpha") and app.is_screen_installed(f"{KEPT_SCREEN}topic:beta")
        await pilot.press("p")
        await wait_until(pilot, lambda: on_topic(app, "alpha"), "alpha, built again")
        assert app.screen is not alpha


async def test_a_new_practice_run_is_drawn_whole_in_its_first_frame(make_app) -> None:
    """After a run whose last question was scrolled to its feedback, a new run's first frame drew the status and the
    question blank: the scrollbar its layout brought made the map again in the middle of drawing that frame."""
    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        screen = await press_for(pilot, "q", PracticeScreen, "practice", lambda screen: screen.view is not None)
        await pilot.press("1", "enter")  # the feedback, scrolled into view
        await wait_until(pilot, lambda: screen.answered, "answered")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.question is None, "the summary")
        await escape_home(pilot)

        frames: list[str] = []
        display = app._display

        def recording(shown, renderable) -> None:
            if renderable is not None and shown is screen:
                frames.append(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", renderable.render_segments(app.console)))
            display(shown, renderable)

        app._display = recording
        await pilot.press("q")
        await wait_until(pilot, lambda: bool(frames), "the practice screen drawn")
        stem = " ".join(screen.view.question.stem.split()[:3])
        assert "question 1 of" in frames[0] and stem in " ".join(frames[0].split())


async def test_the_exams_list_draws_the_unfinished_exam_it_fills_in_as_it_is_shown_again(make_app) -> None:
    """Leaving an exam shows the kept exams list again, which mounts the unfinished exam's text and buttons while
    it is being shown: they are laid out and drawn, not left as a blank box (they were, once the screen's own
    layout had settled the requests of widgets it had not placed yet)."""
    from coldstart.ui.screens.ask import AskScreen
    from coldstart.ui.screens.exam import ExamScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await press_for(pilot, "x", ExamsScreen, "the exams list")
        await press_for(pilot, "s", ExamScreen, "the exam")
        await press_for(pilot, "escape", AskScreen, "leave the exam?")
        exams = await press_for(pilot, "y", ExamsScreen, "the exams list again")
        await content_shown(pilot, "the exams list")
        text = exams.query_one("#unfinished-text")
        await wait_until(pilot, lambda: text in exams._compositor.visible_widgets, "the unfinished exam placed")
        drawn = "\n".join(strip.text for strip in exams._compositor.render_strips())
        assert "is unfinished" in drawn and "Resume (r)" in drawn and "Discard (d)" in drawn
