"""Taking a practice exam in the app: keys and mouse, flags, grid, review, submit, the clock, resume.

Every app is built through the factory on the mini course (blueprint `quick`: 3 questions, 5 minutes),
a temporary database and a FakeClock. Nothing sleeps: the tests move the clock and call the exam
screen's tick handler themselves.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, timedelta

from coldstart.core.exam import ExamSession, feed_progress
from coldstart.core.wording import count_word
from coldstart.present.text import clock_text
from coldstart.ui.screens.ask import AskScreen
from coldstart.ui.screens.exam import ExamScreen
from coldstart.ui.screens.exam_flow import open_exam_flow
from coldstart.ui.screens.exam_overview import ExamGridScreen, ExamReviewScreen
from coldstart.ui.screens.exam_results import ExamResultsScreen, QuestionReviews, question_heading
from coldstart.ui.screens.exams import ExamsScreen, trend_chart
from coldstart.ui.widgets.blocks import DrawnText
from coldstart.ui.widgets.choices import ChoiceList
from coldstart.ui.widgets.exam_bar import ExamBar
from coldstart.ui.widgets.figure import Figure
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static
from ui_helpers import click_when_settled, content_shown, counted_until_first_frame, markdown_parsed, wait_until

SEED = 11


def new_session(app, *, minutes: int | None = None) -> ExamSession:
    """The quick exam with a fixed draw; `minutes` makes a custom exam of the same questions instead."""
    sink = feed_progress(app.progress)
    blueprint = app.course.blueprint("quick")
    if minutes is None:
        return ExamSession.start(app.course, blueprint, app.exams, app.clock, seed=SEED, answer_sink=sink)
    ids = [q.id for q in app.course.questions]
    return ExamSession.custom(
        app.course, ids, app.exams, app.clock, title="Long exam", limit=timedelta(minutes=minutes), pass_mark=70, seed=SEED, answer_sink=sink
    )  # fmt: skip


async def take(pilot: Pilot, session: ExamSession, kind: str | None = None) -> ExamScreen:
    """Open the exam screen, on the first question of `kind` ("single", "multiple") if given."""
    screen = ExamScreen(session)
    await pilot.app.push_screen(screen)
    await wait_until(
        pilot, lambda: pilot.app.screen is screen and any(choices.options for choices in screen.query(ChoiceList)), "the exam's first question"
    )
    if kind is not None:
        await screen.go_to(position_of(session, kind))
        await pilot.pause()
    return screen


def numbers(session: ExamSession, position: int, *, correct: bool = True) -> list[str]:
    """The keys (1-based screen numbers) of the correct choices at `position`, or of the wrong ones."""
    return [str(n) for n, (_, choice) in enumerate(session.shown_choices(position), start=1) if choice.correct == correct]


def position_of(session: ExamSession, kind: str) -> int:
    return next(i for i in range(len(session)) if session.question(i).type == kind)


async def start_up_flow(pilot: Pilot):
    """What the app does at start-up about an unfinished exam; returns the screen it leaves on top."""
    await pilot.pause()
    open_exam_flow(pilot.app, None)
    await pilot.pause()
    return pilot.app.screen


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_answering_by_keys_and_submitting_shows_the_results(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        assert "Question 1 of 3" in screen.query_one(ExamBar).position
        for position in range(len(session)):
            await pilot.press(*numbers(session, position), "n" if position < 2 else "s")
            await pilot.pause()
            assert session.picked(position) == session.question(position).correct_indexes
        assert isinstance(app.screen, ExamReviewScreen) is False
        assert isinstance(app.screen, AskScreen)  # submit asks first
        await pilot.press("y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ExamResultsScreen)
        assert results.result.correct == 3 and results.result.passed
        assert "Passed: 100%" in str(results.query_one("#verdict").render())
        scope = str(results.query_one("#result-scope").render())  # what a percentage says about the real exam
        assert "covers what the course covers" in scope and "100–1,000" in scope and "unscored" in scope
        assert "(•) and [x] what you picked" in str(results.query_one("#filter-hint").render())  # not read as a tag
        assert app.exams.find_resumable() is None
        # Submitting fed the review schedule, one answer per question, in mode "exam".
        modes = {row["mode"] for row in app.progress.db.query("select mode from answers")}
        assert app.progress.answer_count() == 3 and modes == {"exam"}


async def test_the_results_are_made_ready_while_submit_asks_and_shown_with_nothing_drawn_again(make_app, clock, monkeypatch) -> None:
    """While "Submit the exam?" asks, the results submitting would give are mounted off screen, laid out and drawn;
    Submit shows their score with no line drawn again, and what comes below it is drawn from the result as stored
    (its time). Keep working throws them away: the answers may change."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        await pilot.press(*numbers(session, 0), "s")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen) and screen._results_ready is not None and screen._results_ready.made_ready, "results made ready")
        first_ready = screen._results_ready
        assert first_ready.result.correct == 1 and first_ready not in app.screen_stack
        await pilot.press("n")  # keep working
        await wait_until(pilot, lambda: app.screen is screen, "back to the exam")
        assert screen._results_ready is None and not first_ready.is_attached
        await pilot.press(*numbers(session, 0, correct=False))  # another answer: 0 right now
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen) and screen._results_ready is not None and screen._results_ready.made_ready, "made ready again")
        ready = screen._results_ready
        assert ready.result.correct == 0
        at_first_frame = counted_until_first_frame(app, ready, monkeypatch)
        clock.advance(seconds=90)  # the question shown: 90 s more on it before Submit
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(at_first_frame), "the results' first frame")
        assert app.screen is ready and at_first_frame["lines"] == 0, at_first_frame
        monkeypatch.undo()
        await content_shown(pilot, "the results")
        stored = app.exams.load(session.id)
        assert ready.result is session.result and stored is not None and stored.submitted_at is not None
        assert clock_text(session.result.time_used) in str(ready.query_one("#result-meta").render())


async def test_enter_moves_on_and_the_domain_is_never_shown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        shown_text = " ".join(str(w.render()) for w in screen.query("Static"))
        assert "development" not in shown_text.lower() and "security" not in shown_text.lower()
        await pilot.press("ctrl+p", "slash")  # no palette, no search: the course stays closed
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("enter")
        assert screen.position == 1
        await pilot.press("p")
        assert screen.position == 0
        assert screen.check_action("previous", ()) is False  # the footer hides Previous on the first question


async def test_answering_by_mouse(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session, "single")
        single = screen.position
        wanted = int(numbers(session, single, correct=False)[0])
        await click_when_settled(pilot, screen.query_one(ChoiceList), "the choices", offset=(4, wanted))  # row 0 is the list's border
        await pilot.pause()
        assert session.picked(single) == {session.shown_choices(single)[wanted - 1][0]}
        await click_when_settled(pilot, "#nav-next", "the Next button")
        await pilot.pause()
        assert screen.position == single + 1 or single == 2
        await click_when_settled(pilot, "#nav-flag", "the Flag button")
        await pilot.pause()
        assert session.flagged(screen.position)


async def test_flag_and_jump_from_the_grid_by_key_and_by_click(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        await pilot.press("f")
        assert session.flagged(0)
        assert app.exams.load(session.id).answers[0].flagged  # stored as it happens
        assert "⚑ Flagged" in screen.query_one(ExamBar).position
        await pilot.press("g")
        await pilot.pause()
        grid = app.screen
        assert isinstance(grid, ExamGridScreen)
        assert "⚑" in str(grid.query_one("#slot-0").label)
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.position == 2
        await pilot.press("g")
        await pilot.pause()
        await pilot.click("#slot-1")
        await pilot.pause()
        assert app.screen is screen and screen.position == 1
        await pilot.press("f", "f")
        assert not session.flagged(1)


async def test_review_page_lists_unanswered_and_flagged_and_jumps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        await pilot.press(*numbers(session, 0), "f", "r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ExamReviewScreen)
        listing = review.query_one("#review-list", OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert lines[0].startswith("Unanswered (2)") and lines[3].startswith("Flagged for review (1)")
        assert lines[1].startswith("Question 2") and lines[4].startswith("Question 1")
        await pilot.press("down", "enter")  # headings are skipped: from the first unanswered to the second
        await pilot.pause()
        assert app.screen is screen and screen.position == 2
        await pilot.press("r", "s")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen) and "2 unanswered count as wrong" in ask.question_text
        await pilot.press("n")  # keep working
        await pilot.pause()
        assert app.screen is screen and session.result is None
        await pilot.press("r")
        await pilot.pause()
        await pilot.click("#review-submit")
        await pilot.pause()
        await pilot.click("#reply-submit")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen)
        assert app.screen.result.correct == 1 and not app.screen.result.passed


async def test_a_wrong_count_on_a_multiple_response_is_kept_and_marked_incomplete(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session, "multiple")
        multiple = screen.position
        own = [own for own, _ in session.shown_choices(multiple)]
        assert "Choose two." in str(screen.query_one("#choose-hint").render())
        await pilot.press("1")
        await wait_until(pilot, lambda: session.picked(multiple) == {own[0]}, "the partial pick stored")
        note = screen.query_one("#count-note")
        assert not note.has_class("too-many")
        assert "You picked one of two. Kept as incomplete: it counts as wrong until you pick two." in str(note.render())
        assert app.exams.load(session.id).answers[multiple].picked == {own[0]}  # in the database, not a draft

        await pilot.press("g")  # moving on needs no second try: the grid shows it incomplete
        await wait_until(pilot, lambda: isinstance(app.screen, ExamGridScreen), "the grid")
        grid = app.screen
        cell = grid.query_one(f"#slot-{multiple}")
        assert "◐" in str(cell.label) and cell.has_class("-incomplete")
        assert "0 of 3 answered, 1 incomplete" in str(grid.query_one("#grid-title").render())
        assert "◐ incomplete" in str(grid.query_one("#grid-legend").render())
        await pilot.press("escape", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamReviewScreen), "the review page")
        review = app.screen
        listing = review.query_one("#review-list", OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "Incomplete (1)" in lines
        entry = lines[lines.index("Incomplete (1)") + 1]
        assert entry.startswith(f"Question {multiple + 1}") and entry.endswith("(Choose two: you picked one)")
        assert "1 incomplete" in str(review.query_one("#review-summary").render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "back on the question")

        await pilot.press("n")
        await wait_until(pilot, lambda: screen.position != multiple or multiple == 2, "moved on at the first try")
        await screen.go_to(multiple)
        await wait_until(pilot, lambda: screen.query_one(ChoiceList).position == multiple, "back on the question")
        assert screen.query_one(ChoiceList).picked == {own[0]}  # shown again as it was stored
        await pilot.press("2", "3")
        await wait_until(pilot, lambda: session.picked(multiple) == set(own[:3]), "three picks stored")
        note = screen.query_one("#count-note")
        assert note.has_class("too-many") and "Choose two: you picked three. Kept as incomplete" in str(note.render())
        await pilot.press("3")
        await wait_until(pilot, lambda: session.picked(multiple) == set(own[:2]), "two picks stored")
        assert not screen.query_one("#count-note").display and not session.review().incomplete

        await pilot.press("2", "s")  # back to one of two, then submit so
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen), "the submit question")
        assert "3 questions. 2 unanswered and 1 incomplete count as wrong." in app.screen.question_text
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamResultsScreen), "the results")
        item = app.screen.result.questions[multiple]
        assert item.picked == {own[0]} and not item.correct
        assert "✗ incomplete" in str(question_heading(item, app.course))
        rows = list(app.progress.db.query("select question_id, correct from answers where mode = 'exam'"))
        assert rows == [{"question_id": session.question(multiple).id, "correct": 0}]  # a lapse for the schedule


async def test_a_resumed_pausable_exam_is_paused_while_asked_and_opens_on_the_question_left(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app, minutes=15)  # a custom exam: pausable
        screen = await take(pilot, session)
        await pilot.press(*numbers(session, 0), "n", "n")
        await wait_until(pilot, lambda: screen.position == 2, "the third question")
        clock.advance(seconds=30)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen), "the leave question")
        assert "The clock stops" in app.screen.question_text
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is not screen, "the exam closed")

    clock.advance(hours=2)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        ask = await start_up_flow(pilot)
        assert isinstance(ask, AskScreen) and "14:30 left (paused)" in ask.question_text
        clock.advance(seconds=20)  # the learner reads the question: the exam is still paused
        assert again.exams.find_resumable().countdown_while_closed.remaining(clock.now()) == timedelta(minutes=14, seconds=30)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(again.screen, ExamScreen), "the resumed exam")
        resumed = again.screen
        assert resumed.position == 2  # where the learner was, not question 2, the first unanswered
        await wait_until(pilot, lambda: "Question 3 of" in resumed.query_one(ExamBar).position, "question 3")
        assert "14:30" in resumed.query_one(ExamBar).countdown
        clock.advance(seconds=10)  # on screen, the clock runs again
        resumed.tick()
        assert "14:20" in resumed.query_one(ExamBar).countdown


async def test_countdown_warns_at_ten_minutes_turns_final_at_one_and_submits_at_zero(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app, minutes=15)
        screen = await take(pilot, session)
        bar = screen.query_one(ExamBar)
        assert "15:00" in bar.countdown
        assert bar.clock_state == "normal"
        await pilot.press(*numbers(session, 0))
        clock.advance(minutes=5, seconds=1)
        screen.tick()
        assert "09:59" in bar.countdown and bar.clock_state == "warning"
        clock.advance(minutes=9)
        screen.tick()
        assert bar.clock_state == "final"
        await pilot.press("g")  # a dialog open at zero is closed with the exam
        await pilot.pause()
        clock.advance(seconds=60)
        screen.tick()
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ExamResultsScreen)
        assert results.result.timed_out and results.result.correct == 1
        assert [type(s) for s in app.screen_stack[-2:]] != [ExamScreen, ExamResultsScreen]
        assert app.exams.find_resumable() is None


async def test_the_tick_checkpoints_the_time_on_the_question_now_and_then(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        clock.advance(seconds=10)
        screen.tick()
        assert app.exams.load(session.id).answers[0].time_spent == timedelta(0)
        clock.advance(seconds=6)
        screen.tick()
        assert app.exams.load(session.id).answers[0].time_spent == timedelta(seconds=16)


async def test_leaving_asks_and_the_exam_resumes_in_a_rebuilt_app(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        exam_id = session.id
        screen = await take(pilot, session)
        await pilot.press(*numbers(session, 0), "f")
        clock.advance(seconds=30)
        await pilot.press("escape")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen) and "clock keeps running" in ask.question_text
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not screen and app.use_command_palette
    stored = app.exams.load(exam_id)
    assert stored.answers[0].time_spent == timedelta(seconds=30)  # suspend stored the time on screen

    clock.advance(minutes=1)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        ask = await start_up_flow(pilot)
        assert isinstance(ask, AskScreen) and "1 of 3 answered" in ask.question_text
        await pilot.press("r")
        await pilot.pause()
        resumed = again.screen
        assert isinstance(resumed, ExamScreen) and resumed.session.id == exam_id
        assert resumed.position == 0  # the question the learner left from (not 1, the first unanswered)
        assert resumed.session.flagged(0) and resumed.session.picked(0) == resumed.session.question(0).correct_indexes
        assert "03:30" in resumed.query_one(ExamBar).countdown  # the clock kept running while closed


async def test_the_exams_list_under_a_left_exam_says_the_time_it_has_left(make_app, clock) -> None:
    """Leaving a pausable exam stores its pause before the exams list below reads it again: the list says the
    time left after the time spent, not the time left when the question on screen was shown."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        exams = ExamsScreen()
        await app.push_screen(exams)
        await pilot.pause()
        session = new_session(app, minutes=15)  # pausable
        await take(pilot, session)
        clock.advance(seconds=42)
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.screen is exams and exams.unfinished is not None, "back on the list")
        said = str(exams.query_one("#unfinished-text", Static).render())
        assert "14:18 left (paused)" in said, said


async def test_quitting_the_app_in_an_exam_stores_the_time_on_screen(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        await take(pilot, session)
        clock.advance(seconds=12)
        await pilot.press("ctrl+q")
    assert app.exams.load(session.id).answers[0].time_spent == timedelta(seconds=12)


async def test_an_exam_that_ran_out_while_closed_is_submitted_and_shown(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        await take(pilot, session)
        await pilot.press(*numbers(session, 0))
    clock.advance(minutes=10)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await start_up_flow(pilot)
        await wait_until(pilot, lambda: isinstance(again.screen, ExamResultsScreen), "the results of the exam that ran out")
        results = again.screen
        assert isinstance(results, ExamResultsScreen)
        assert results.result.timed_out and results.result.correct == 1
        assert any("Time ran out" in m for m in messages(again))


async def test_start_up_in_a_named_exam_submits_one_that_ran_out_first(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        open_exam_flow(app, "nope")
        await pilot.pause()
        assert any("There is no exam 'nope'" in m for m in messages(app))
        old = new_session(app)
        clock.advance(minutes=6)  # it ran out while the app was closed
        open_exam_flow(app, "quick")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and app.screen.session.id != old.id
        assert app.exams.load(old.id).status == "submitted"
        assert any("ran out of time while coldstart was closed" in m for m in messages(app))


async def test_later_keeps_it_and_discard_asks_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        session.suspend()
        assert isinstance(await start_up_flow(pilot), AskScreen)
        await pilot.press("l")
        await pilot.pause()
        assert app.exams.find_resumable() is not None
        await start_up_flow(pilot)
        await pilot.press("d")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, AskScreen) and confirm.title_text == "Discard the unfinished exam?"
        await pilot.press("y")
        await pilot.pause()
        assert app.exams.find_resumable() is None


async def test_exams_screen_starts_an_exam_and_offers_the_unfinished_one_instead(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExamsScreen())
        await pilot.pause()
        exams = app.screen
        assert exams.check_action("resume", ()) is False
        listing = exams.query_one("#blueprints", OptionList)
        assert "3 questions · 5 minutes · pass mark 70%" in str(listing.get_option_at_index(0).prompt)
        assert "the bank has 1 development question" in str(listing.get_option_at_index(0).prompt)
        await pilot.click("#blueprints", offset=(4, 1))
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ExamScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is exams and exams.query_one("#unfinished").display
        assert exams.check_action("resume", ()) is True
        await pilot.press("enter")  # another start while one is unfinished
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen) and "Only one exam can be in progress" in ask.question_text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and app.screen.session.id == first.session.id
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.exams.find_resumable() is None and not exams.query_one("#unfinished").display


async def test_the_highlighted_exam_is_made_ready_unstored_and_s_begins_it_with_nothing_drawn_again(make_app, clock, monkeypatch) -> None:
    """On the exams list the highlighted exam is drawn and its screen mounted, laid out and drawn off screen, with
    nothing stored and the palette still on; s stores that very exam, its clock starting then, and shows its screen
    with no line drawn again. Leaving the list throws the screen made ready away, storing nothing."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExamsScreen())
        exams = app.screen
        await wait_until(pilot, lambda: exams._exam_ready is not None and exams._exam_ready.made_ready, "the exam made ready")
        ready = exams._exam_ready
        assert app.exams.find_resumable() is None and not ready.session.stored and not ready.begun
        assert ready not in app.screen_stack and app.use_command_palette
        clock.advance(minutes=3)  # read the list for a while: the exam's time starts when it begins
        at_first_frame = counted_until_first_frame(app, ready, monkeypatch)
        await pilot.press("s")
        await wait_until(pilot, lambda: bool(at_first_frame), "the exam's first frame")
        assert app.screen is ready and at_first_frame["lines"] == 0, at_first_frame
        monkeypatch.undo()
        stored = app.exams.find_resumable()
        assert stored is not None and stored.id == ready.session.id and stored.countdown.started == clock.now()
        assert ready.begun and not app.use_command_palette
        await wait_until(pilot, lambda: bool(ready.query("#choice-list")) and ready.session.current == 0, "the first question")
        await pilot.press("escape", "y")  # leave it (unfinished): nothing is made ready while it stands
        await wait_until(pilot, lambda: app.screen is exams and exams.unfinished is not None, "back on the list")
        await pilot.pause()
        assert exams._exam_ready is None
        await pilot.press("d", "y")  # discarded: the next exam is made ready again
        await wait_until(pilot, lambda: exams._exam_ready is not None and exams._exam_ready.made_ready, "made ready again")
        again = exams._exam_ready
        await pilot.press("escape")  # the list closes (pushed here, not kept): what it made ready goes with it
        await wait_until(pilot, lambda: app.screen is not exams and not again.is_attached, "the list and its exam gone")
        assert app.exams.find_resumable() is None


async def test_history_trend_results_and_the_retake_of_missed_questions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExamsScreen())
        await pilot.pause()
        exams = app.screen
        session = new_session(app)
        screen = await take(pilot, session)
        await pilot.press(*numbers(session, 0), "s", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamResultsScreen), "the results")
        await content_shown(pilot, "the results")
        results = app.screen
        assert isinstance(results, ExamResultsScreen) and len(results.result.missed_ids) == 2
        by_domain = results.query_one("#by-domain", Figure).content
        assert by_domain.title == "By domain" and len(by_domain.rows) == len(results.result.by_domain)
        await pilot.press("w")
        reviews = results.query_one(QuestionReviews)
        shown = reviews.shown
        assert reviews.wrong_only and len(shown) == 2
        await pilot.press("n", "n")  # to the second wrong one, in view
        await pilot.pause()
        body = results.query_one("#results-body")
        top = reviews.region.y + reviews.span(shown[1].position)[0]
        assert body.scroll_y > 0 and body.region.y <= top < body.region.bottom - 5
        await pilot.press("t")
        await pilot.pause()
        retake = app.screen
        assert isinstance(retake, ExamScreen) and retake is not screen
        assert len(retake.session) == 2 and retake.session.record.retake_of == session.id
        await pilot.press("s", "y")
        await pilot.pause()
        await pilot.press("escape")  # back to exams
        await pilot.pause()
        assert app.screen is exams
        table = exams.query_one("#history", DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[2]).startswith("↻ Retake")  # newest first, the retake marked
        assert exams.query_one("#trend").display
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen) and app.screen.result.exam_id == session.id


def test_countdown_text_and_count_words() -> None:
    assert clock_text(timedelta(minutes=5)) == "05:00"
    assert clock_text(timedelta(seconds=59.2)) == "01:00"
    assert clock_text(timedelta(seconds=0.4)) == "00:01"  # rounded up: 00:00 only at zero
    assert clock_text(timedelta(0)) == "00:00"
    assert clock_text(timedelta(minutes=130)) == "2:10:00"
    assert (count_word(2), count_word(3), count_word(12)) == ("two", "three", "12")


def test_trend_chart_marks_retakes_and_passes() -> None:
    from datetime import datetime

    from coldstart.core.exam import HistoryEntry

    when = datetime(2026, 3, 2, tzinfo=UTC)
    entries = [
        HistoryEntry(1, "quick", "Quick", when, 100.0, True, {}),
        HistoryEntry(2, "quick", "Retake", when, 0.0, False, {}, retake_of=1),
    ]
    lines = trend_chart(entries, height=2).split("\n")
    assert len(lines) == 3
    assert "[$text-success]█[/]" in lines[0] and "[$text-error] [/]" in lines[0]
    assert lines[-1] == "       ↻ "


async def test_a_question_can_be_reported_from_the_results(make_app) -> None:
    from coldstart.ui.screens.report_question import ReportDraft, ReportQuestionScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        await take(pilot, session)
        await pilot.press(*numbers(session, 0), "s", "y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ExamResultsScreen)
        await pilot.press("n", "n", "exclamation_mark")  # the first n jumps to question 1, the second to 2
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportQuestionScreen)
        assert dialog.question.id == session.question(1).id
        dialog.dismiss(ReportDraft("unclear", "Which region?"))
        await pilot.pause()
        rows = list(app.progress.db.query("select question_id, reason from reports"))
        assert rows == [{"question_id": session.question(1).id, "reason": "unclear"}]


async def test_an_exam_that_cannot_be_resumed_is_discarded_before_the_new_one_starts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        old = new_session(app)
        old.suspend()
        ids = list(old.record.question_ids)
        ids[0] = "gone-from-the-course"
        app.exams.db.execute("update exams set question_ids = ? where id = ?", [json.dumps(ids), old.id])
        app.start_exam(app.course.blueprint("quick"), seed=SEED)
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "cannot be resumed" in app.screen.title_text
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        in_progress = app.exams.find_resumable()  # the new exam, the only one (the broken one is gone)
        assert in_progress.id == app.screen.session.id and "gone-from-the-course" not in in_progress.question_ids
        assert app.exams.db.execute("select count(*) from exams").fetchone()[0] == 1


# --- drawing a question: updated in place, not rebuilt ---------------------------------------------------------------


async def test_the_next_question_refills_the_choice_list_on_screen(make_app) -> None:
    """The stem is Markdown drawn in one Static and the choices go into the list already there: building
    Markdown widgets and a new list per question kept the next question from appearing at once."""
    from textual.widgets import Markdown

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        choices = screen.query_one("#choice-list", ChoiceList)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.position == 1, "the second question")
        assert list(screen.query(ChoiceList)) == [choices] and choices.position == 1
        assert choices.shown == tuple(session.shown_choices(1)) and choices.highlighted == 0 and screen.focused is choices
        assert screen.query_one("#stem", DrawnText).source == session.question(1).stem
        assert not screen.query(Markdown)


async def test_the_exams_screen_reads_its_state_once_when_opened_and_again_on_coming_back(make_app, monkeypatch) -> None:
    reads: list[str] = []
    real = ExamsScreen.refresh_state
    monkeypatch.setattr(ExamsScreen, "refresh_state", lambda screen: reads.append("read") or real(screen))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamsScreen) and reads, "the exams screen")
        await pilot.pause()
        assert reads == ["read"]  # on mount, not again on the first resume just after it
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExamsScreen), "the help over it")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamsScreen) and len(reads) == 2, "read again on coming back")


async def test_exam_results_show_the_score_in_their_first_frame_and_the_rest_just_after(make_app, monkeypatch) -> None:
    """The score is drawn in the results' first frame; the exam's title and time, what the score says, the actions,
    tallies and questions come in the frames just after it (AfterFirstFrame), and the screen says it is loading (content_state) until the reviews in view are
    built. A key pressed before the rest came is answered once it has, not dropped."""
    from coldstart.ui.widgets.after_first_frame import AfterFirstFrame

    held: list[AfterFirstFrame] = []
    compose_now = AfterFirstFrame._compose_now
    monkeypatch.setattr(AfterFirstFrame, "_compose_now", lambda group: held.append(group))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        session.answer(0, session.questions[0].correct_indexes)
        app.push_screen(ExamResultsScreen(session.submit()))
        await wait_until(pilot, lambda: bool(held), "the results' first frame")
        screen = app.screen
        assert isinstance(screen, ExamResultsScreen)
        assert screen.query_one("#verdict", Static).region.height and not held[0].children  # the score, drawn alone
        assert not screen.query("#result-meta") and not screen.query("#result-scope")
        assert screen.content_state == "loading" and not screen.query(QuestionReviews)
        pressed = asyncio.create_task(pilot.press("w"))  # before the list is there: answered once it is
        # The action is waiting for the rest (asyncio.Event keeps its waiters in `_waiters`).
        await wait_until(pilot, lambda: bool(held[0]._mounted._waiters), "the key waiting for the rest")
        await compose_now(held[0])
        await pressed
        await wait_until(pilot, lambda: screen.content_state == "shown", "the reviews in view")
        reviews = screen.query_one(QuestionReviews)
        assert len(reviews.items) == 3 and screen.wrong_only and len(reviews.shown) == 2
        assert reviews.shown[0].position in reviews.built


async def test_exam_results_draw_their_tables_and_reviews_once_however_often_they_are_laid_out(make_app, monkeypatch) -> None:
    """The tallies and the reviews are Figures: the screen is laid out again as the reviews are mounted and built,
    and a Static would draw its tables again for each of those layouts; and they are laid out at one width."""
    from coldstart.present.tables import FiguresTable
    from rich.table import Table

    drawn: list[str] = []

    def counting(kind: type) -> None:
        drawing, measure = kind.__rich_console__, kind.__rich_measure__

        def counted(self, console, options):
            drawn.append(str(self.title or "a choices grid"))
            yield from drawing(self, console, options)

        monkeypatch.setattr(kind, "__rich_console__", counted)
        monkeypatch.setattr(kind, "__rich_measure__", lambda self, *args: measured.append(str(self.title)) or measure(self, *args))

    measured: list[str] = []
    counting(Table)  # a review's choices
    counting(FiguresTable)  # the tallies
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        app.push_screen(ExamResultsScreen(session.submit()))
        await wait_until(pilot, lambda: getattr(app.screen, "content_state", None) == "shown", "the results")
        await content_shown(pilot)
        screen = app.screen
        assert screen.query_one("#questions").region.y < 24 * 2  # the reviews' layouts happened
        assert drawn.count("By domain") == 1 and drawn.count("By topic") == 1
        # The tallies' natural width too: the body keeps its scrollbar's room, so they are not measured at two widths.
        assert measured.count("By domain") == 1 and measured.count("By topic") == 1
        built = screen.query_one(QuestionReviews).built
        assert built and drawn.count("a choices grid") == len(built)  # each review's choices, once


async def test_the_exams_screen_opens_at_its_top_with_a_list_taller_than_the_view(make_app) -> None:
    """The bundled course's exams fill more than 80x24: the list is focused, its first exam highlighted and on
    screen, and the heading and introduction above it stay there (the focus no longer scrolls the list to the
    middle)."""
    from coldstart.core.paths import resolve_course_dir
    from textual.containers import VerticalScroll

    app = make_app(resolve_course_dir(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExamsScreen), "the exams screen")
        await content_shown(pilot, "the exams")
        screen = app.screen
        listing = screen.query_one("#blueprints", OptionList)
        pane = screen.query_one("#exams", VerticalScroll)
        assert pane.scroll_y == 0 and pane.can_view_entire(screen.query_one("#exams-intro"))
        assert not pane.can_view_entire(listing)  # at the top, the list does not fit: what made the focus scroll
        assert screen.focused is listing and listing.highlighted == 0


async def test_the_bar_says_what_zero_means_over_the_time_left_only(make_app) -> None:
    from coldstart.ui.widgets.exam_bar import COUNTDOWN_TIP

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await take(pilot, new_session(app))
        bar = screen.query_one(ExamBar)
        first = bar.outer_size.width - 1 - len(f" {bar.countdown} ")  # the countdown's first column (the bar's padding: 1)
        await pilot.hover(bar, offset=(first, 0))
        assert bar.tooltip == COUNTDOWN_TIP
        await pilot.hover(bar, offset=(first - 1, 0))  # the question number's padding, just before
        assert bar.tooltip is None
        await pilot.hover(bar, offset=(bar.outer_size.width - 2, 0))
        assert bar.tooltip == COUNTDOWN_TIP


async def test_the_next_question_is_drawn_while_the_learner_works_on_this_one(make_app, monkeypatch) -> None:
    from coldstart.ui.widgets import blocks

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = new_session(app)
        screen = await take(pilot, session)
        stem = screen.query_one("#stem", DrawnText)
        choices = screen.query_one("#choice-list", ChoiceList)
        following = session.question(1).stem
        await wait_until(pilot, lambda: any(key[0] == ("markdown", following) for key in stem.drawings), "the second question drawn ahead")
        await pilot.pause()
        parsed = markdown_parsed(monkeypatch, blocks)
        wrapped = set(choices._wrapped)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.position == 1 and stem.source == following and choices.region.height > 0, "the second question")
        await pilot.pause()
        assert following not in parsed, "the stem was drawn when shown, not ahead"
        wrapped_now = {text for text, _ in set(choices._wrapped) - wrapped}
        assert not wrapped_now & {choice.text for _, choice in session.shown_choices(1)}, "the choices were wrapped when shown, not ahead"
