"""Every diagram of the bundled course keeps its lines whole at 80 and 100 columns with the contents open."""

from __future__ import annotations

import pytest
from coldstart.core.course.model import DiagramBlock
from coldstart.core.paths import bundled_course_dir
from coldstart.ui.screens.topic import TopicScreen
from coldstart.ui.widgets.blocks import Diagram, DiagramArt
from ui_helpers import wait_until


def drawn_art(art: DiagramArt) -> list[str]:
    """The art as the learner reads it: the rows on screen, each scrolled across from its start to its end."""
    width, height = art.scrollable_content_region.size
    rows = range(height)
    pieces: list[list[str]] = [[] for _ in rows]
    start = art.scroll_x
    for left in range(0, max(art.virtual_size.width, 1), width):
        art.scroll_to(x=left, animate=False, immediate=True)
        overlap = left - art.scroll_offset.x  # the last step stops at the end, showing some columns again
        for row in rows:
            pieces[row].append(art.render_line(row).text[overlap:])
    art.scroll_to(x=start, animate=False, immediate=True)
    return ["".join(row).rstrip() for row in pieces]


def settled(diagram: Diagram) -> bool:
    """The diagram has taken its width: it says it scrolls, and has a scrollbar, exactly when it is too wide."""
    too_wide = diagram.art_width > diagram.size.width
    hinted = diagram.border_subtitle == Diagram.SCROLL_HINT
    return too_wide == hinted == diagram.art.show_horizontal_scrollbar and diagram.art.container_size.width == diagram.size.width


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_every_bundled_diagram_keeps_its_lines_with_the_contents_open(make_app, size) -> None:
    app = make_app(bundled_course_dir())
    async with app.run_test(size=size) as pilot:
        topics = [t for t in app.course.topics if any(isinstance(b, DiagramBlock) for s in t.sections for b in s.blocks)]
        assert len(topics) >= 20  # the check covers the course, not a sample of it
        checked, scrolled = 0, 0
        for topic in topics:
            app.open_topic(topic.id)
            await wait_until(pilot, lambda topic=topic: isinstance(app.screen, TopicScreen) and app.screen.topic_id == topic.id
                             and bool(app.screen.query("#contents")), f"{topic.id} opens")
            screen = app.screen
            screen.show_contents = True  # the narrowest the body gets
            await wait_until(pilot, lambda screen=screen: screen.query_one("#contents").region.width > 0, "the contents shown")
            body = screen.query_one("#topic-body")
            for diagram in screen.query(Diagram):
                # As the learner reads it: scrolled into view (Textual sizes what is off screen when it comes into view).
                body.scroll_to_widget(diagram, animate=False, immediate=True)
                await wait_until(pilot, lambda diagram=diagram: settled(diagram), f"{topic.id}: a diagram takes its width")
                lines = [line.rstrip() for line in diagram.block.art.splitlines()]
                assert drawn_art(diagram.art) == lines, f"{topic.id}: diagram {diagram.block.title!r} is broken at {size}"
                if diagram.art_width > diagram.size.width:
                    scrolled += 1
                    assert diagram.border_subtitle == Diagram.SCROLL_HINT  # a too-wide diagram says it scrolls
                    assert diagram.art.show_horizontal_scrollbar
                    diagram.art.scroll_to(x=diagram.art.max_scroll_x, animate=False, immediate=True)
                    assert drawn_art(diagram.art) == lines  # scrolled to its end, the rest of each line shows
                else:
                    assert not diagram.art.show_horizontal_scrollbar
                checked += 1
        assert checked >= 40
        assert scrolled > 0  # some art is wider than the pane, so the scrolling path is exercised
