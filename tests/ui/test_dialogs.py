"""The dialogs show their keys like every screen: a footer of their bindings, the help over them (? or F1), and
each key doing what the footer says."""

from __future__ import annotations

from pathlib import Path

import pytest
from coldstart.core.exam import ExamSession, feed_progress
from coldstart.core.progress.reports import REASON_LABELS
from coldstart.ui.screens.ask import AskScreen
from coldstart.ui.screens.dialog import Dialog
from coldstart.ui.screens.exam import ExamScreen
from coldstart.ui.screens.exam_overview import ExamGridScreen, ExamReviewScreen
from coldstart.ui.screens.help import THIS_SCREEN, HelpScreen
from coldstart.ui.screens.problems import ProblemsScreen
from coldstart.ui.screens.report_question import ReportDraft, ReportQuestionScreen
from coldstart.ui.widgets.footer import Footer
from textual.widgets import Button, Input
from ui_helpers import content_shown, progress_loaded, wait_until


async def open_exam(pilot) -> ExamScreen:
    """The quick exam with the first question flagged and the second answered, on the second question."""
    app = pilot.app
    await progress_loaded(pilot)
    session = ExamSession.start(app.course, app.course.blueprint("quick"), app.exams, app.clock, seed=11, answer_sink=feed_progress(app.progress))
    screen = ExamScreen(session)
    await app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.countdown_timer is not None, "the exam on screen")
    screen.countdown_timer.stop()
    await pilot.press("f", "n", "1")
    await wait_until(pilot, lambda: screen.position == 1, "the second question")
    return screen


async def open_dialog(pilot, which: str) -> Dialog:
    """Open the dialog `which` the way a learner does, and wait until it shows its keys."""
    app = pilot.app
    if which in ("grid", "review", "submit"):
        await open_exam(pilot)
        await pilot.press({"grid": "g", "review": "r", "submit": "s"}[which])
    elif which == "report":
        await progress_loaded(pilot)
        app.push_screen(ReportQuestionScreen(app.course.questions[0]))
    else:  # the course's problems: the mini course with a broken file (see `make_problem_app`)
        await progress_loaded(pilot)
        await pilot.press("e")
    kind = {"grid": ExamGridScreen, "review": ExamReviewScreen, "submit": AskScreen, "report": ReportQuestionScreen, "problems": ProblemsScreen}[which]
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and any(footer.keys for footer in app.screen.query(Footer)), f"the {which} dialog and its keys")
    await content_shown(pilot, f"the {which} dialog")
    return app.screen


# What each dialog's footer shows: key → description.
FOOTERS = {
    "grid": {"enter": "Go to", "escape": "Back", "question_mark": "Help"},
    "review": {"enter": "Open", "escape": "Back", "s": "Submit", "question_mark": "Help"},
    "submit": {"escape": "Cancel", "y": "Submit", "question_mark": "Help"},
    "report": {"escape": "Cancel", "ctrl+s": "Send", "question_mark": "Help"},
    "problems": {"escape": "Close", "question_mark": "Help"},
}


@pytest.fixture
def dialog_app(make_app, course_copy: Path):
    """The app to open `which` dialog in: the course's problems need a course with one."""

    def build(which: str):
        if which != "problems":
            return make_app()
        (course_copy / "content/beta.yaml").write_text("id: beta\ntitle: [broken\n")
        return make_app(course_copy)

    return build


@pytest.mark.parametrize("which", list(FOOTERS))
async def test_each_dialog_has_a_footer_of_its_keys(dialog_app, which: str) -> None:
    app = dialog_app(which)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, which)
        footer = dialog.query_one(Footer)
        shown = {key.key: key.description for key in footer.keys}
        assert {key: shown.get(key) for key in FOOTERS[which]} == FOOTERS[which]
        # Every key is on screen at 80 columns, none pushed past the edge.
        drawn = str(footer.render())
        assert footer.region.width == 80 and all(f"{key.key_display} {key.description}" in drawn for key in footer.keys)


@pytest.mark.parametrize("which", list(FOOTERS))
async def test_help_over_each_dialog_lists_its_own_keys(dialog_app, which: str) -> None:
    app = dialog_app(which)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, which)
        own = [binding for _, binding in dialog._bindings if binding.id]
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        listed = {key: row.action for row in app.screen.rows if row.where == THIS_SCREEN for key in row.keys.split(", ")}
        assert own and {app.get_key_display(binding) for binding in own} <= set(listed)
        # A key shown in the footer is described by its own tooltip (the others on its line share it).
        shown = [binding for binding in own if binding.show and binding.tooltip]
        assert [listed[app.get_key_display(binding)] for binding in shown] == [binding.tooltip for binding in shown]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog, "back to the dialog")


async def test_the_grid_jumps_with_enter(make_app) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "grid")
        exam = pilot.app.screen_stack[-2]
        await pilot.press("left", "enter")  # from the second question's cell to the first's
        await wait_until(pilot, lambda: pilot.app.screen is exam and exam.position == 0, "the first question")


async def test_the_review_page_opens_the_highlighted_question_or_presses_the_focused_button(make_app) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "review")
        exam = pilot.app.screen_stack[-2]
        await pilot.press("down", "enter")  # Unanswered: question 1, then question 3
        await wait_until(pilot, lambda: pilot.app.screen is exam and exam.position == 2, "the third question")
        review = await open_review_again(pilot)
        review.query_one("#review-back", Button).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen is exam and exam.position == 2, "back on the same question")
        await open_review_again(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskScreen), "the confirmation to submit")


async def open_review_again(pilot) -> ExamReviewScreen:
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamReviewScreen), "the review page")
    return pilot.app.screen


async def test_the_report_dialog_sends_with_ctrl_s_and_f1_helps_while_typing(make_app) -> None:
    app = make_app()
    sent: list[ReportDraft | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        dialog = ReportQuestionScreen(app.course.questions[0])
        app.push_screen(dialog, sent.append)
        await wait_until(pilot, lambda: app.screen is dialog and dialog.focused is not None, "the report dialog")
        await pilot.press("enter")  # the highlighted reason; the note gets the focus
        note = dialog.query_one("#report-note", Input)
        await wait_until(pilot, lambda: dialog.focused is note, "the note focused")
        await pilot.press("w", "h", "y", "question_mark")  # in a text field ? is a character
        assert note.value == "why?" and app.screen is dialog
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help over the dialog")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog, "back to the dialog")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(sent), "the report sent")
    assert sent == [ReportDraft(next(iter(REASON_LABELS)), "why?")]


async def test_the_problems_list_closes_with_escape(dialog_app) -> None:
    app = dialog_app("problems")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "problems")
        await pilot.press("escape")
        await wait_until(pilot, lambda: dialog not in app.screen_stack, "the list closed")
