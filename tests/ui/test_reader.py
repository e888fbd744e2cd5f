"""Reading the course: home, topics, contents, next/previous, search, help — by keyboard and by mouse."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from coldstart.core.paths import bundled_course_dir
from coldstart.ui.screens.help import HelpScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.problems import ProblemsScreen
from coldstart.ui.screens.topic import TopicScreen
from coldstart.ui.widgets.blocks import Passage
from textual.widget import Widget
from textual.widgets import OptionList
from ui_helpers import (
    click_when_settled,
    counted_until_first_frame,
    course_loaded,
    progress_loaded,
    type_at_once,
    wait_until,
)


async def test_home_lists_the_topics_in_order(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        topics = app.screen.query_one("#topics", OptionList)
        assert [topics.get_option_at_index(i).id for i in range(topics.option_count)] == ["alpha", "beta"]


async def test_keyboard_opens_a_topic_and_moves_between_topics(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, TopicScreen) and app.screen.topic_id == "alpha"
        await pilot.press("n")
        assert app.screen.topic_id == "beta"
        assert app.screen.check_action("next_topic", ()) is False  # the footer hides it on the last topic
        await pilot.press("p")
        assert app.screen.topic_id == "alpha"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_next_topic_replaces_the_open_one_without_redrawing_home(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        home = app.screen
        await pilot.press("enter")
        redraws = []
        home.refresh_progress = lambda: redraws.append(1)  # home redraws its progress whenever it shows again
        await pilot.press("n")
        assert app.screen.topic_id == "beta" and app.screen_stack[-2] is home
        assert redraws == []
        await pilot.press("escape")
        assert app.screen is home
        await wait_until(pilot, lambda: redraws == [1], "home's progress shown again (reading wrote to the store)")


def made_ready(app, topic_id: str) -> TopicScreen | None:  # type: ignore[no-untyped-def]
    """The screen of `topic_id` kept or made ready off screen, if there is one."""
    screen = app._installed_screens.get(f"kept:topic:{topic_id}")
    return screen if isinstance(screen, TopicScreen) else None


async def shown_without_drawing_again(pilot, ready: TopicScreen, key: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`ready`, made ready off screen with nothing of it read, is shown by `key` with no line drawn again and a full
    layout at most; its first section counts as read once it is shown."""
    app = pilot.app
    assert ready not in app.screen_stack
    assert ready.topic_id not in app.progress.sections_read(), "nothing read on a screen not shown"
    at_first_frame = counted_until_first_frame(app, ready, monkeypatch)
    await pilot.press(key)
    await wait_until(pilot, lambda: bool(at_first_frame), f"{ready.topic_id}'s first frame")
    assert app.screen is ready
    assert at_first_frame["lines"] == 0 and at_first_frame["layouts"] <= 1, at_first_frame
    await wait_until(pilot, lambda: bool(app.progress.sections_read().get(ready.topic_id)), "its first section read, once shown")


async def test_the_next_topic_is_made_ready_off_screen_and_shown_by_n_without_drawing_it_again(make_app, monkeypatch) -> None:
    """Once a topic is complete on screen, the next one is built, laid out and drawn off screen (nothing of it is
    counted as read); n then shows it with no line drawn again, and its sections on screen count as read then."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.body_complete, "alpha, complete")
        await wait_until(pilot, lambda: (beta := made_ready(app, "beta")) is not None and beta.made_ready_off_screen, "beta made ready")
        ready = made_ready(app, "beta")
        assert ready is not None and ready.body_complete
        await shown_without_drawing_again(pilot, ready, "n", monkeypatch)


async def test_the_topic_highlighted_on_home_is_made_ready_and_shown_by_enter_without_drawing_it_again(make_app, monkeypatch) -> None:
    """Home makes the highlighted topic's screen ready off screen as far as its first screenful (nothing of it counted
    as read, the rest not mounted); moving the highlight lets it go for the new one's. Enter shows it with no line
    drawn again; the rest of its body follows, and its sections on screen count as read then."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await wait_until(pilot, lambda: (alpha := made_ready(app, "alpha")) is not None and alpha.made_ready_off_screen, "alpha made ready")
        await pilot.press("down")
        await wait_until(pilot, lambda: (beta := made_ready(app, "beta")) is not None and beta.made_ready_off_screen, "beta made ready")
        assert made_ready(app, "alpha") is None, "the screen made ready for the topic highlighted before is let go"
        ready = made_ready(app, "beta")
        assert ready is not None and not ready.body_complete
        await shown_without_drawing_again(pilot, ready, "enter", monkeypatch)
        await wait_until(pilot, lambda: ready.body_complete and bool(ready.query("#topic-nav")), "the rest of beta's body")


async def test_a_topic_opened_before_home_has_made_it_ready_opens_whole(make_app) -> None:
    """Down and Enter typed at once: the topic opens (built then, or from what was made ready so far) and is whole."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        type_at_once(app, "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.topic_id == "beta"
                         and app.screen.body_complete and bool(app.screen.query("#topic-nav")), "beta, whole")
        await pilot.press("escape", "enter")  # home, with beta still highlighted: open again
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.topic_id == "beta", "beta again")


async def test_home_shows_its_progress_again_only_when_something_was_written(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        home = app.screen
        redraws = []
        refresh_progress = home.refresh_progress
        home.refresh_progress = lambda: redraws.append(1) or refresh_progress()
        await pilot.press("question_mark")  # help writes nothing
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help open")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home and not home._callbacks, "home again, its after-frame work done")
        assert redraws == []
        await pilot.press("enter")  # reading a topic marks its first section read
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen), "the topic open")
        await pilot.press("escape")
        await wait_until(pilot, lambda: redraws == [1], "home's progress shown again")
        option = home.query_one("#topics", OptionList).get_option_at_index(0)
        assert " read" in str(option.prompt) and " 0% read" not in str(option.prompt)


async def test_mouse_opens_a_topic_and_the_next_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)  # each topic takes two rows once its progress is shown
        await pilot.click("#topics", offset=(6, 3))  # the second topic's first row
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen) and app.screen.topic_id == "beta"
        await click_when_settled(pilot, "#previous-topic", "the previous topic's button")
        await pilot.pause()
        assert app.screen.topic_id == "alpha"
        await click_when_settled(pilot, "#next-topic", "the next topic's button")  # at the end: scrolled to
        await pilot.pause()
        assert app.screen.topic_id == "beta"


async def test_contents_jump_to_a_section(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and bool(app.screen.query("#toc")), "the topic opens")
        screen = app.screen
        assert screen.query_one("#contents").display  # wide terminals show the contents
        toc = screen.query_one("#toc", OptionList)
        toc.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        body = screen.query_one("#topic-body")
        section = screen.query_one("#section-two")
        assert body.scroll_y > 0
        assert section.region.y <= body.region.y + 1


async def test_contents_start_hidden_at_80_columns_and_toggle(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)  # else Enter may wait on the screen that says the course is loading
        await pilot.press("enter")
        assert not app.screen.query_one("#contents").display
        await pilot.press("t")
        assert app.screen.query_one("#contents").display


async def test_markup_in_content_is_shown_as_written(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        prose = app.screen.query(Passage).first()
        assert any("[bold]markup-looking[/bold]" in source for source in prose.sources)
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "[bold]markup-looking[/bold]" in screen_text  # drawn as written, not as bold


async def test_search_opens_the_section_that_holds_the_words(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await course_loaded(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"zebra")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen) and app.screen.topic_id == "beta"


async def test_go_to_topic_from_the_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await course_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"beta topic")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen) and app.screen.topic_id == "beta"


async def test_help_lists_every_binding_of_the_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        actions = {row.action for row in app.screen.rows}
        assert "Open the next topic" in actions and "Show or hide the table of contents" in actions
        assert "Every key you can press here" in actions
        await pilot.press("escape")
        assert isinstance(app.screen, TopicScreen)


async def test_help_is_read_from_the_active_bindings_of_the_screen_and_its_focused_widget(make_app) -> None:
    """A key a focused widget adds shows up; Textual's scrolling keys and a key that does nothing here do not."""
    from coldstart.ui.screens.help import EVERYWHERE, THIS_SCREEN, key_rows
    from textual.binding import Binding
    from textual.widget import Widget

    class Zapper(Widget, can_focus=True):
        BINDINGS = [Binding("z", "zap", "Zap", tooltip="Zap the thing under the cursor", id="test.zap")]

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen), "the topic opens")
        screen = app.screen
        zapper = Zapper()
        await screen.mount(zapper)
        zapper.focus()
        await pilot.pause()
        rows = {row.action: row for row in key_rows(screen)}
        assert rows["Zap the thing under the cursor"].where == THIS_SCREEN and rows["Zap the thing under the cursor"].keys == "z"
        assert rows["Open the next topic"].where == THIS_SCREEN and rows["Search the whole course"].where == EVERYWHERE
        assert "Scroll Up" not in rows and "Open the previous topic" not in rows  # Textual's own; no topic before the first


async def test_a_broken_course_still_opens_and_names_its_problems(make_app, course_copy: Path) -> None:
    (course_copy / "content/beta.yaml").write_text("id: beta\ntitle: [broken\n")
    app = make_app(course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.option_count == 1
        await pilot.press("e")
        assert isinstance(app.screen, ProblemsScreen)
        listed = app.screen.query_one(OptionList)
        assert "content/beta.yaml:3:1" in str(listed.get_option_at_index(0).prompt)


async def test_layout_holds_at_200_by_60(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        body = app.screen.query_one("#topic-body")
        assert body.region.width > 150 and app.screen.query_one("#contents").display
        # ... and the prose keeps a readable measure rather than running 170 columns wide.
        prose = app.screen.query(Passage).first()
        assert 80 <= prose.region.width <= 100


async def test_the_action_line_works_with_the_mouse(make_app) -> None:
    from coldstart.ui.screens.lab import LabScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await progress_loaded(pilot)
        actions = app.screen.query_one("#home-actions")
        line = str(actions.render())
        column = line.index("Sim lab")
        await pilot.click("#home-actions", offset=(column + 1 + 2, 0))  # +1 padding, into the word
        await pilot.pause()
        assert isinstance(app.screen, LabScreen)


async def test_sources_open_in_the_browser_by_click(make_app) -> None:
    app = make_app()
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)
    async with app.run_test(size=(100, 40)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and bool(app.screen.query("#source-links")), "the topic opens")
        body = app.screen.query_one("#topic-body")
        body.scroll_end(animate=False)
        links = app.screen.query_one("#source-links")
        await wait_until(pilot, lambda: links in app.screen._compositor.visible_widgets, "the sources scrolled into view")
        await pilot.click("#source-links", offset=(4, 0))  # on the first source's title
        await pilot.pause()
        assert opened == ["https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"]


async def test_prose_after_a_box_table_or_diagram_keeps_a_blank_line_above_it(make_app) -> None:
    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_topic("dynamodb")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and bool(app.screen.query("#topic-nav")), "the DynamoDB topic drawn")
        # Each section's widgets: from a section's start (its title's Passage, the key facts' too) to the next
        # part of the body.
        sections: list[list[Widget]] = []
        for widget in app.screen.query_one("#topic-body").children:
            if widget.has_class("section"):
                sections.append([])
            if widget.id in ("sources", "topic-nav"):
                break
            if sections:
                sections[-1].append(widget)
        checked = 0
        for section in sections:
            # Each piece of prose, and the widget or piece drawn just before it in the section.
            drawn: list[tuple[object, int]] = []  # (what, blank lines above it)
            for widget in section:
                if isinstance(widget, Passage):
                    for index, piece in enumerate(widget.pieces):
                        above = widget.styles.margin.top if index == 0 else max(widget.pieces[index - 1].below, piece.above)
                        drawn.append((piece.kind, above))
                else:
                    drawn.append((type(widget).__name__, widget.styles.margin.top))
            for (before, _), (what, above) in pairwise(drawn):
                if what == "text" and before not in ("text", "title"):
                    assert above >= 1, f"no gap after a {before} in #{section[0].id}"
                    checked += 1
        assert checked >= 5


def body_spacing(screen: TopicScreen) -> list[tuple[str, str | None, tuple[int, ...]]]:
    return [(type(w).__name__, w.id, tuple(w.styles.margin)) for w in screen.query_one("#topic-body").children]


async def test_a_topic_shows_its_first_screen_then_the_rest_spaced_as_one(make_app) -> None:
    """Opened at its top, a topic composes what fills the screen and mounts the rest once that is drawn: what
    came later starts below the first screen, and the body is spaced as when it is composed whole (opened at a
    section)."""
    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        for topic in app.course.topics:
            app.open_topic(topic.id)
            await wait_until(pilot, lambda topic=topic: isinstance(app.screen, TopicScreen) and app.screen.topic_id == topic.id
                             and bool(app.screen.query("#topic-nav")), f"{topic.id} in full")
            await pilot.pause()
            screen = app.screen
            body = screen.query_one("#topic-body")
            assert 1 < screen.composed_first < len(body.children), f"{topic.id} was composed whole"  # its head, part of its sections
            later = body.children[screen.composed_first]
            assert later.virtual_region.y >= body.scrollable_content_region.height, f"{topic.id}: the first screen was short"
            in_parts = body_spacing(screen)
            app.switch_screen(TopicScreen(topic.id, topic.sections[0].id))  # composed whole
            await wait_until(pilot, lambda opened=screen: app.screen is not opened and isinstance(app.screen, TopicScreen), "composed whole")
            await pilot.pause()
            assert app.screen.composed_first == len(app.screen.query_one("#topic-body").children)
            assert body_spacing(app.screen) == in_parts, topic.id
            app.pop_screen()
            await pilot.pause()


async def test_a_section_chosen_before_the_rest_of_the_topic_is_in_is_shown(make_app) -> None:
    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        topic = app.course.topic("dynamodb")
        assert topic is not None
        last = topic.sections[-1]

        class ChosenAtOnce(TopicScreen):
            def on_mount(self) -> None:  # handled before TopicScreen's: the screen is not even drawn yet
                self.complete_when_chosen = self.body_complete
                self.go_to_section(last.id)

        screen = ChosenAtOnce(topic.id)
        await app.push_screen(screen)
        assert screen.complete_when_chosen is False
        await wait_until(pilot, lambda: screen._place()[0] == last.id, f"scrolled to {last.id}")


async def test_a_topic_opened_again_does_not_parse_its_prose_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        first = [document for passage in app.screen.query(Passage) for document in passage.documents]
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, TopicScreen)
        again = [document for passage in app.screen.query(Passage) for document in passage.documents]
        assert first and all(a is b for a, b in zip(first, again, strict=True))  # the same parsed documents


async def test_coming_home_redraws_only_the_topic_rows_that_changed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        topics = app.screen.query_one("#topics", OptionList)
        alpha, beta = (topics.get_option_at_index(i).prompt for i in range(2))
        await pilot.press("enter")  # alpha: its first sections count as read
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert topics.get_option_at_index(1).prompt is beta  # unchanged, not rebuilt
        assert topics.get_option_at_index(0).prompt.plain != alpha.plain  # read since: its bar moved


async def test_a_topic_follows_a_change_of_theme(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await course_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and bool(app.screen.query(Passage)), "a topic")
        passage = app.screen.query(Passage).first()  # the first section's title, and the rule under it

        def rule_colour() -> str:
            segment = next(segment for segment in passage.render_line(1) if segment.text.strip())
            assert segment.text.strip("─") == "" and segment.style and segment.style.color
            return segment.style.color.triplet.hex.lower()

        await pilot.pause()
        assert rule_colour() == app.get_css_variables()["panel"].lower()
        app.theme = "textual-light"
        light_panel = app.get_css_variables()["panel"].lower()
        await wait_until(pilot, lambda: rule_colour() == light_panel, "the rule drawn in the light theme's panel colour")


async def test_opening_a_long_topic_marks_only_what_is_on_screen_read(make_app) -> None:
    """The sections below the first screen are mounted after it is drawn: they count as read once scrolled to,
    not because they were not laid out yet when the screen looked."""
    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        topic = app.course.topics[0]
        app.open_topic(topic.id)
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.body_complete
                         and app.screen.query_one("#topic-nav").region.height > 0, "the whole topic laid out")
        for _ in range(5):
            await pilot.pause()
        read = app.progress.sections_read().get(topic.id, set())
        assert read == {topic.sections[0].id}, read
