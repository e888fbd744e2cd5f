"""Practice modes, reviews and the dashboard, through the app as a learner uses them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coldstart.core.progress.store import open_store
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.widgets.blocks import DrawnText
from coldstart.ui.widgets.choices import ChoiceList
from coldstart.ui.widgets.question import QuestionView
from textual.widgets import Button, Markdown, OptionList
from ui_helpers import (
    click_when_settled,
    content_shown,
    counted_until_first_frame,
    course_loaded,
    markdown_parsed,
    options_drawn,
    practising,
    progress_loaded,
    wait_until,
)


def answers_in(db: Path) -> list[dict]:
    with open_store(db) as store:
        return list(store.db.query("select question_id, correct, mode from answers order by rowid"))


def correct_position(view: QuestionView) -> int:
    """The displayed position (0-based) of the first correct choice."""
    return next(n for n, i in enumerate(view.order) if view.question.choices[i].correct)


async def test_topic_practice_by_keyboard_records_each_answer(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")  # practise the highlighted (first) topic
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        view = screen.view
        await pilot.press(str(correct_position(view) + 1), "enter")
        assert screen.answered and screen.attempts[-1].correct
        assert answers_in(tmp_path / "progress.db") == [{"question_id": "alpha-01", "correct": 1, "mode": "practice"}]
        await pilot.press("enter")  # next (in this screen, or in its partner made ready with it: see action_next)
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeScreen) and not app.screen.answered, "the second question")
        screen = app.screen
        view = screen.view
        assert view.question.id == "alpha-02" and view.question.type == "multiple"
        wrong = next(n for n, i in enumerate(view.order) if not view.question.choices[i].correct)
        await pilot.press(str(wrong + 1), "enter")
        assert not screen.answered  # "Choose two": one pick is refused, nothing stored
        assert len(answers_in(tmp_path / "progress.db")) == 1
        right = next(n for n, i in enumerate(view.order) if view.question.choices[i].correct)
        await pilot.press(str(right + 1), "enter")
        assert screen.answered and not screen.attempts[-1].correct
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.question is None, "the summary")
        assert app.screen.query_one("#retake-these", Button)
    assert [a["question_id"] for a in answers_in(tmp_path / "progress.db")] == ["alpha-01", "alpha-02"]


async def test_practice_by_mouse(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_practice("practice", "beta")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, PracticeScreen)
            and app.screen.view is not None
            and any(c.region.height for c in app.screen.view.query(".choices")),
            "the first question laid out",
        )
        screen = app.screen
        view = screen.view
        await click_when_settled(pilot, view.query_one(".choices"), "the choices", offset=(4, 1 + correct_position(view)))  # row 0 is the border
        await click_when_settled(pilot, "#submit", "the Submit button")
        await wait_until(pilot, lambda: screen.answered, "the answer's feedback")
        assert screen.answered and screen.attempts == [screen.attempts[0]] and screen.attempts[0].correct
        await click_when_settled(pilot, "#next", "the Next button")  # below the feedback, which lands a moment later
        await wait_until(pilot, lambda: screen.question is None, "the end of the run")
        await click_when_settled(pilot, "#done", "the Done button")
        await wait_until(pilot, lambda: not isinstance(app.screen, PracticeScreen), "back from practice")
        assert not isinstance(app.screen, PracticeScreen)


async def test_reviews_come_due_and_cram_leaves_the_schedule_alone(make_app, clock, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        app.start_practice("practice", "beta")
        await pilot.pause()
        view = app.screen.view
        await pilot.press(str(correct_position(view) + 1), "enter", "enter", "escape")
        await pilot.pause()
    db = tmp_path / "progress.db"
    with open_store(db, app.course, clock=clock) as store:
        assert store.due_today() == []
        due_before = store.card("beta-01").due
    clock.advance(timedelta(days=30).total_seconds())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.queue == ["beta-01"]
        await pilot.press("escape")
        app.start_practice("cram")
        await pilot.pause()
        view = app.screen.view
        await pilot.press(str(correct_position(view) + 1), "enter")
    with open_store(db, app.course, clock=clock) as store:
        assert store.card("beta-01").due == due_before  # cram never reschedules
        assert [a["mode"] for a in answers_in(db)] == ["practice", "cram"]


async def test_retake_wrong_runs_the_last_wrong_answers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        app.start_practice("practice", "beta")
        await pilot.pause()
        view = app.screen.view
        wrong = next(n for n, i in enumerate(view.order) if not view.question.choices[i].correct)
        await pilot.press(str(wrong + 1), "enter", "enter")
        await click_when_settled(pilot, "#retake-these", "the Retake button")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.mode == "retake" and app.screen.queue == ["beta-01"]


async def test_reading_marks_sections_and_the_home_screen_shows_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # alpha: the first section is on screen
        await pilot.pause()
        assert app.progress.sections_read() == {"alpha": {"one"}}
        app.screen.query_one("#topic-body").scroll_end(animate=False)
        await pilot.pause()
        assert app.progress.sections_read()["alpha"] == {"one", "two"}
        await pilot.press("escape")
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert "100% read" in str(topics.get_option_at_index(0).prompt)


async def test_dashboard_shows_readiness_and_drills_the_weakest_topic(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await course_loaded(pilot)
        app.start_practice("practice", "beta")
        await pilot.pause()
        view = app.screen.view
        wrong = next(n for n, i in enumerate(view.order) if not view.question.choices[i].correct)
        await pilot.press(str(wrong + 1), "enter", "enter", "escape")
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await content_shown(pilot)
        explained = str(screen.query_one("#dash-readiness-explained").render())
        assert "Readiness is your expected score" in explained and "no figure yet" in explained  # one answer: too few
        assert screen.board.weakest_topics[0] == "beta"
        await pilot.press("w")
        assert isinstance(app.screen, PracticeScreen) and app.screen.topic_id == "beta"


async def test_settings_change_desired_retention_and_remember_the_theme(make_app) -> None:
    from coldstart.ui.screens.settings import SettingsScreen
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await course_loaded(pilot)
        await app.workers.wait_for_complete()
        app.action_settings()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#retention", Input).value = "1.5"
        screen.save()
        await pilot.pause()
        assert "from 0.70 to 0.99" in str(screen.query_one("#settings-problem").render())
        screen.query_one("#retention", Input).value = "0.85"
        screen.save()
        await pilot.pause()
        assert app.progress.desired_retention == 0.85
        app.theme = "nord"
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)  # the saved theme comes with the progress store
        assert app.theme == "nord"


def without_partner(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """As when n comes before the partner screen is ready with the next question: it is shown in the same screen."""
    monkeypatch.setattr(app, "practice_partner_ready", lambda showing: None)


async def test_each_question_is_shown_in_the_same_view(make_app, monkeypatch) -> None:
    """The next question updates the view on screen (stem, choices, hidden feedback) instead of mounting a new
    one, and no Markdown widgets are built: what kept the next question and the feedback from appearing at once."""
    app = make_app()
    without_partner(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_practice("practice", "alpha")
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeScreen) and app.screen.view is not None, "the first question")
        screen = app.screen
        view = screen.view
        await pilot.press(str(correct_position(view) + 1), "enter")
        await wait_until(pilot, lambda: screen.answered and view.query_one(ChoiceList).disabled, "the feedback, the choices dimmed")
        feedback = view.query_one(".feedback", DrawnText)
        assert feedback.display and feedback.border_title == "Right"
        await pilot.press("n")
        await wait_until(pilot, lambda: not screen.answered, "the second question")
        choices = view.query_one(ChoiceList)
        assert screen.view is view and view.question.id == "alpha-02" and list(screen.query(QuestionView)) == [view]
        assert not feedback.display and not choices.disabled and screen.focused is choices and choices.highlighted == 0
        assert view.query_one(".stem", DrawnText).source == view.question.stem
        assert not screen.query(Markdown)


async def test_the_feedback_comes_in_the_first_frame_and_the_choices_dim_in_the_next(make_app) -> None:
    """Enter's first frame shows right or wrong, the whys and the Next button; the choices are dimmed, Next takes
    the focus and the feedback is scrolled into view in the frame after. The choices take no pick once submitted."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await practising(pilot)
        choices, feedback = view.query_one(ChoiceList), view.query_one(".feedback", DrawnText)
        await pilot.press("1")
        await wait_until(pilot, lambda: bool(view.picked), "a pick")
        picked = view.picked
        frames: list[tuple[bool, bool, bool]] = []
        display = app._display

        def noting_display(shown, renderable):  # type: ignore[no-untyped-def]
            if shown is screen and renderable is not None:
                frames.append((feedback.display, screen.query_one("#next", Button).display, choices.disabled))
            display(shown, renderable)

        app._display = noting_display  # type: ignore[method-assign]
        screen.submit()
        view.toggle(1)  # a pick between Enter and the dimming: not taken
        assert view.picked == picked
        next_button = screen.query_one("#next", Button)
        await wait_until(pilot, lambda: choices.disabled and screen.focused is next_button, "the choices dimmed, Next focused")
        assert frames[0] == (True, True, False), "the feedback and its buttons first, the list as it was"
        assert frames[-1] == (True, True, True)
        body = screen.query_one("#practice-body")
        assert body.scroll_y > 0 and feedback.region.y >= body.region.y, "the feedback scrolled into view"


async def test_the_feedback_for_the_pick_is_drawn_while_the_learner_has_yet_to_submit(make_app, monkeypatch) -> None:
    from coldstart.ui.widgets import question as question_module

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await practising(pilot)
        feedback = view.query_one(".feedback", DrawnText)
        wrong = next(n for n, i in enumerate(view.order) if not view.question.choices[i].correct)
        await pilot.press(str(wrong + 1))
        await wait_until(pilot, lambda: any(key[0][:1] == ("feedback",) for key in feedback.drawings), "the feedback drawn ahead")
        parsed = markdown_parsed(monkeypatch, question_module)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.answered and feedback.region.height > 0, "the feedback on screen")
        await pilot.pause()
        assert not parsed, "the feedback was drawn again when shown, not ahead"
        assert "(your pick)" in feedback.source and feedback.border_title == "Wrong"


async def test_the_next_question_is_drawn_while_the_learner_reads_the_feedback(make_app, monkeypatch) -> None:
    from coldstart.ui.widgets import blocks

    app = make_app()
    without_partner(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await practising(pilot)
        stem = view.query_one(".stem", DrawnText)
        choices = view.query_one(ChoiceList)
        upcoming = screen.session.upcoming()
        assert upcoming is not None
        following = upcoming.question
        await pilot.press(str(correct_position(view) + 1), "enter")
        await wait_until(pilot, lambda: any(key[0] == ("markdown", following.stem) for key in stem.drawings), "the next question drawn ahead")
        await pilot.pause()
        parsed = markdown_parsed(monkeypatch, blocks)
        wrapped = set(choices._wrapped)
        drawn_choices = options_drawn(monkeypatch, choices)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.question is not None and screen.question.id == following.id and not screen.answered, "the next question")
        await wait_until(pilot, lambda: choices.region.height > 0 and stem.region.height > 0, "laid out")
        await pilot.pause()
        assert following.stem not in parsed, "the stem was drawn when shown, not ahead"
        wrapped_now = {text for text, _ in set(choices._wrapped) - wrapped}
        assert not wrapped_now & {choice.text for choice in following.choices}, "the choices were wrapped when shown, not ahead"
        assert [i for i, _ in choices.shown] == list(upcoming.order)
        assert drawn_choices == [], "the choices were drawn when shown, not ahead"


async def practice_kept_then_home(app, pilot) -> tuple[PracticeScreen, object]:
    """A practice run shown (its screen kept from then on), then home again; and the first question of a run of
    beta, as it would be shown now."""
    from coldstart.core.practice import PracticeSession
    from coldstart.ui.screens.home import HomeScreen

    await course_loaded(pilot)
    await progress_loaded(pilot)
    app.start_practice("practice", "alpha")
    await wait_until(pilot, lambda: isinstance(app.screen, PracticeScreen) and app.screen.view is not None, "practice")
    kept = app.screen
    app.pop_screen()
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    first = PracticeSession.open("practice", app.course, app.progress, app.clock, "beta").next_to_show()
    assert first is not None
    return kept, first


def drawn_ahead(kept: PracticeScreen, first) -> bool:  # type: ignore[no-untyped-def]
    return any(key[0] == ("markdown", first.question.stem) for key in kept.query_one(".stem", DrawnText).drawings)


async def test_the_first_question_of_a_run_is_drawn_while_its_topic_is_highlighted_on_home(make_app, monkeypatch) -> None:
    """Once a practice run has been shown (its screen is kept), the run q would start next has its first question
    drawn in that screen while the learner is on home with its topic highlighted: q then shows it drawn already."""
    from coldstart.ui.widgets import blocks

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        kept, first = await practice_kept_then_home(app, pilot)
        stem = kept.query_one(".stem", DrawnText)
        topics = app.screen.query_one("#topics", OptionList)
        topics.highlighted = next(i for i in range(topics.option_count) if topics.get_option_at_index(i).id == "beta")
        await wait_until(pilot, lambda: drawn_ahead(kept, first), "beta's first question drawn ahead")
        await pilot.pause()
        parsed = markdown_parsed(monkeypatch, blocks)
        drawn_choices = options_drawn(monkeypatch, kept.query_one(ChoiceList))
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is kept and kept.question is not None and kept.question.id == first.question.id, "beta's first question")
        await wait_until(pilot, lambda: kept.query_one(ChoiceList).region.height > 0 and stem.region.height > 0, "laid out")
        await pilot.pause()
        assert first.question.stem not in parsed, "the stem was drawn when shown, not ahead"
        assert drawn_choices == [], "the choices were drawn when shown, not ahead"


async def test_the_first_question_of_a_topics_run_is_drawn_once_the_topic_is_complete_on_screen(make_app) -> None:
    from coldstart.ui.screens.topic import TopicScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        kept, first = await practice_kept_then_home(app, pilot)
        app.open_topic("beta")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.body_complete, "the topic complete")
        await wait_until(pilot, lambda: drawn_ahead(kept, first), "beta's first question drawn ahead")


async def beta_made_ready(app, pilot):  # type: ignore[no-untyped-def]
    """A practice run shown, then home with beta highlighted, until the kept screen has beta's run made ready."""
    kept, first = await practice_kept_then_home(app, pilot)
    topics = app.screen.query_one("#topics", OptionList)
    topics.highlighted = next(i for i in range(topics.option_count) if topics.get_option_at_index(i).id == "beta")
    await wait_until(pilot, lambda: kept.ready_run is not None and kept.ready_run.topic_id == "beta", "beta's run made ready")
    return kept, first, kept.ready_run


async def test_q_starts_the_run_made_ready_on_home_without_laying_out_or_drawing_its_screen_again(make_app, clock, monkeypatch) -> None:
    """While the kept practice screen is not on show, home makes the run q would start ready in it: the first
    question, status and buttons set, laid out and drawn, nothing stored. q then starts that very run (stored from
    then on; its first answer timed from q, not from when it was made ready) and shows the screen with no layout
    and no line drawn again."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        kept, first, ready = await beta_made_ready(app, pilot)
        assert kept.question is not None and kept.question.id == first.question.id
        assert kept.query_one("#submit", Button).display and not kept.query_one("#next", Button).display
        runs = app.progress.db.execute("select count(*) from sessions").fetchone()[0]
        assert ready.session_id is None, "made ready, not started"

        at_first_frame = counted_until_first_frame(app, kept, monkeypatch)
        clock.advance(60)  # the learner looks at home a minute before pressing q
        await pilot.press("q")
        await wait_until(pilot, lambda: bool(at_first_frame), "the practice screen's first frame")
        assert app.screen is kept and kept.session is ready and ready.session_id is not None
        assert at_first_frame == {"layouts": 0, "lines": 0}, at_first_frame
        assert app.progress.db.execute("select count(*) from sessions").fetchone()[0] == runs + 1

        clock.advance(7)
        await pilot.press("1")
        await wait_until(pilot, lambda: kept.view is not None and bool(kept.view.picked), "a pick")
        await pilot.press("enter")
        await wait_until(pilot, lambda: kept.answered, "the feedback")
        duration = app.progress.db.execute("select duration_ms from answers where session_id = ?", [ready.session_id]).fetchone()[0]
        assert duration == 7000


async def test_a_run_made_ready_gives_way_to_another_run_started_instead(make_app) -> None:
    """A run made ready for one topic is not what starting another shows: that run is shown, from its first
    question, and the one made ready is never started."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        kept, _, ready = await beta_made_ready(app, pilot)
        app.start_practice("practice", "alpha")
        await wait_until(pilot, lambda: app.screen is kept and kept.view is not None, "alpha's run")
        assert kept.session is not ready and kept.topic_id == "alpha" and kept.question is not None and kept.question.topic == "alpha"
        assert "question 1 of" in str(kept.query_one("#practice-status").render())
        assert ready.session_id is None, "the run made ready was never started"


async def first_answered_and_partner_ready(app, pilot):  # type: ignore[no-untyped-def]
    """A run of alpha, its first question answered, until the partner screen is ready with the second; the two
    screens."""
    app.start_practice("practice", "alpha")
    await wait_until(pilot, lambda: isinstance(app.screen, PracticeScreen) and app.screen.view is not None, "the first question")
    first_screen = app.screen
    session = first_screen.session
    await pilot.press(str(correct_position(first_screen.view) + 1), "enter")

    def partner() -> PracticeScreen | None:
        return next((s for s in app._installed_screens.values() if isinstance(s, PracticeScreen) and s is not first_screen), None)

    await wait_until(pilot, lambda: partner() is not None and partner().next_ready == (session, session.index + 1), "the partner ready with the second question")
    return first_screen, partner()


async def test_n_shows_the_next_question_from_the_partner_screen_made_ready_while_the_feedback_is_read(make_app, clock, monkeypatch) -> None:
    """While the learner reads a question's feedback, the question after it is made ready in the partner screen, not
    on show: shown unanswered, laid out and drawn. n switches to it with no line drawn again; its answer is timed from
    n; and the screen left is made ready with the question after that once the next feedback is in."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first_screen, partner = await first_answered_and_partner_ready(app, pilot)
        session = first_screen.session
        upcoming = session.upcoming()
        assert partner.question_shown == upcoming and not partner.view.picked and partner.focused is partner.view.query_one(ChoiceList)

        at_first_frame = counted_until_first_frame(app, partner, monkeypatch)
        clock.advance(30)  # the feedback read for half a minute
        await pilot.press("n")
        await wait_until(pilot, lambda: bool(at_first_frame), "the second question's first frame")
        assert app.screen is partner and partner.session is session and partner.question.id == upcoming.question.id and not partner.answered
        # (A layout may run, for requests of its hidden widgets made while it was made ready: it moves nothing.)
        assert at_first_frame["lines"] == 0 and at_first_frame["layouts"] <= 1, at_first_frame
        assert "question 2 of" in str(partner.query_one("#practice-status").render())
        monkeypatch.undo()

        clock.advance(4)
        right = [n + 1 for n, i in enumerate(partner.view.order) if partner.view.question.choices[i].correct]
        await pilot.press(*(str(n) for n in right[: partner.view.question.choose]), "enter")
        await wait_until(pilot, lambda: partner.answered, "the second feedback")
        durations = [row[0] for row in app.progress.db.execute("select duration_ms from answers where session_id = ? order by rowid", [session.session_id])]
        assert durations[-1] == 4000
        if session.upcoming() is not None:
            await wait_until(pilot, lambda: first_screen.next_ready == (session, session.index + 1), "the first screen ready with the third question")


async def test_a_partner_screen_made_ready_before_a_change_of_theme_is_shown_in_the_new_theme(make_app) -> None:
    """Mounted and drawn off screen in one theme, shown after the learner changed it: restyled as it is shown, like
    every screen shown again after a change of theme (a screen's first showing used to skip it)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first_screen, partner = await first_answered_and_partner_ready(app, pilot)
        dark = first_screen.styles.background
        app.theme = "textual-light"
        await wait_until(pilot, lambda: first_screen.styles.background != dark, "the screen on show in the new theme")
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is partner, "the second question, from the partner")
        await wait_until(pilot, lambda: app.screen.styles.background == first_screen.styles.background, "the partner in the new theme")
