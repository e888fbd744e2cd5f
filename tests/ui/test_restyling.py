"""Screens restyle only what a change can restyle (app/ui/restyling.py), and look the same for it."""

from __future__ import annotations

from coldstart.ui.restyling import ReadingPane, focus_styles_descendants
from coldstart.ui.screens.topic import TopicScreen
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget
from ui_helpers import progress_loaded, wait_until


def screen_text(app) -> str:
    """Every cell of the screen with its style: what the learner sees."""
    return app.export_screenshot()


async def test_no_rule_styles_what_is_inside_a_pane_by_the_panes_focus(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        app.load_screen_styles()  # every screen's rules, not only the first screen's
        selector_sets = [selector_set for rules in app.stylesheet.rules for selector_set in rules.selector_set]
        assert selector_sets  # the stylesheet was read: the check below looked at something
        assert focus_styles_descendants(selector_sets) == []


async def test_a_topic_opened_and_focused_looks_as_a_full_restyle_would_draw_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen), "a topic opens")
        pane = app.screen.query_one("#topic-body", ReadingPane)
        await wait_until(pilot, lambda: pane.has_focus, "the body takes focus")
        await pilot.pause()
        seen = screen_text(app)
        app.screen.update_node_styles(animate=False)  # what Textual would have done on resume and on focus
        await pilot.pause()
        assert screen_text(app) == seen


async def test_opening_a_topic_styles_each_widget_about_once(make_app, monkeypatch) -> None:
    applied: list[object] = []
    original = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        applied.append(node)
        return original(self, node, *args, **kwargs)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        monkeypatch.setattr(Stylesheet, "apply", counting)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen), "a topic opens")
        pane = app.screen.query_one("#topic-body", ReadingPane)
        await wait_until(pilot, lambda: pane.has_focus, "the body takes focus")
        opened = set(app.screen.walk_children(with_self=True))
        widgets = len(opened)
        # Mounting styles each widget once; Textual's first resume and the body's focus would each add a pass. (Not
        # counted: the next topic's widgets, made ready off screen once this one is complete.)
        widget_passes = [node for node in applied if isinstance(node, Widget) and node in opened]  # not the styles of their parts
        assert len(widget_passes) < 1.5 * widgets, f"{len(widget_passes)} style applications for {widgets} widgets"
