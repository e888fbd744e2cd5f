"""A topic module: its sections and callouts, a table of contents, and the way to the next topic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...core.course.model import TextBlock
from ...core.practice import record_prediction
from ..context import ColdstartAware
from ..messages import CourseReloaded
from ..restyling import ReadingPane, StyledAtMount
from ..store_errors import store_write
from ..widgets.after_first_frame import call_after_first_frame
from ..widgets.blocks import Diagram, Passage, section_widgets
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from ...core.course.model import Topic
    from ..widgets.simulation import SimulationPanel

# Below this width the table of contents starts hidden, so the text keeps room to breathe.
WIDE_ENOUGH_FOR_CONTENTS = 100
# Lines a simulation panel takes at least (its title, parameters and Run button): enough to count it as filling them.
SIMULATION_LINES = 8


def estimated_lines(widget: object, width: int) -> int:
    """About how many lines `widget` of a topic's body takes at `width` columns, counted short rather than long
    (prose as if wrapped at the full width), so the first screenful composed is never short of a screen."""
    if isinstance(widget, Passage):
        lines = 0
        for piece in widget.pieces:
            drawn = 2 if piece.kind == "title" else sum(1 + len(line) // max(width, 1) for line in piece.source.splitlines())
            lines += piece.above + drawn + piece.below
        return lines
    if isinstance(widget, Diagram):
        return len(widget.art.lines) + 3
    return SIMULATION_LINES


class TopicScreen(StyledAtMount, ColdstartAware, Screen[None]):
    """Reads one topic module.

    With --watch the course can change under it (`CourseReloaded`): the topic is drawn again at the section
    being read when it changed, and when its file stops loading (half-saved, broken, deleted) the last version
    stays on screen under a notice until the file loads again.
    """


    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the home screen", id="topic.back"),
        Binding("n", "next_topic", "Next topic", tooltip="Open the next topic", id="topic.next"),
        Binding("p", "previous_topic", "Previous", tooltip="Open the previous topic", id="topic.previous"),
        Binding("q", "practice", "Practise", tooltip="Questions on this topic, with feedback", id="topic.practice"),
        Binding("t", "toggle_contents", "Contents", tooltip="Show or hide the table of contents", id="topic.contents"),
        Binding("j", "scroll_body(1)", "Down", show=False, id="topic.down"),
        Binding("k", "scroll_body(-1)", "Up", show=False, id="topic.up"),
    ]

    show_contents: reactive[bool] = reactive(True)

    def __init__(self, topic_id: str, section_id: str | None = None) -> None:
        super().__init__()
        self.topic_id = topic_id
        self.start_section = section_id
        self.read: set[str] = set()
        self.shown: Topic | None = None  # the version on screen, kept while its file does not load
        # The body's widgets below the first screenful, mounted once that is drawn (see compose).
        self.rest_of_body: Iterator[Widget] = iter(())
        self.composed_first = 0  # how many of the body's widgets were composed with the screen
        self.body_complete = False  # and whether the rest is in
        self.made_ready_off_screen = False  # laid out and drawn before it was first shown (`prepare_topic_ahead`)

    @property
    def topic(self) -> Topic:
        """The topic on screen: the course's, or the last version that loaded if its file no longer does."""
        topic = self._app.course.topic(self.topic_id) or self.shown
        assert topic is not None
        return topic

    @property
    def in_course(self) -> bool:
        return self._app.course.topic(self.topic_id) is not None

    def _neighbour(self, step: int) -> Topic | None:
        topics = self._app.course.topics
        ids = [t.id for t in topics]
        if self.topic_id not in ids:
            return None
        index = ids.index(self.topic_id) + step
        return topics[index] if 0 <= index < len(topics) else None

    def _drawn_from(self) -> tuple[object, ...]:
        """What the screen is drawn from; when it changes on a reload, the screen is drawn again."""
        previous, following = self._neighbour(-1), self._neighbour(1)
        return (
            replace(self.topic, location=None),  # a topic moved down its file reads the same
            previous.title if previous else None,
            following.title if following else None,
            bool(self._app.course.questions_for(self.topic_id)),
        )

    def compose(self) -> ComposeResult:
        topic = self.shown = self.topic
        self.drawn_from = self._drawn_from()
        yield Header()
        # The notice over a topic whose file stops loading (--watch) is mounted when first needed (`_notice`): a
        # hidden one in every topic opened cost 5 ms of its full content.
        # The table of contents and the body are side by side in the screen itself (its layout is horizontal, the
        # header and footer docked): a container holding the two was one more widget to mount, style, lay out and
        # draw, 1.2 ms of a topic's first frame. The contents are filled when first shown (_fill_contents): hidden,
        # as they start below 100 columns, their list was a third of the time to a topic's first frame.
        yield Vertical(id="contents")
        with ReadingPane(id="topic-body"):
            # The title and the summary as one widget (one fewer to mount, style, lay out and draw before the
            # topic's first frame), coloured as their own widgets were: the summary in the widget's $text-muted,
            # the title bold in $primary.
            yield Static(
                Content.assemble((topic.title, "bold $primary"), "\n", " ".join(topic.summary.split())),
                classes="topic-head",
            )
            body = self._body_widgets(topic)
            if self.start_section is None and not self.body_complete:
                # Opened at its top: what fills the screen is composed now, the rest once that is drawn, so the
                # topic shows in a frame or two of the key, not after all its sections are built. (Drawn again on
                # a reload, it is composed whole, to be put back at the place being read.)
                first = list(self._first_screenful(body))
                self.rest_of_body = body
            else:
                first = list(body)
                self.body_complete = True
            self.composed_first = 1 + len(first)  # after the title and the summary
            yield from first
        yield Footer()

    def _body_widgets(self, topic: Topic) -> Iterator[Widget]:
        """The body's widgets after the title and summary: the sections, the key facts, the sources, the buttons."""
        # A section's widgets sit in the body itself, not in a container of their own: one container per
        # section (and for the key facts, and the sources) was a sixth of a topic's widgets, each mounted,
        # styled and laid out.
        for section in topic.sections:
            yield from section_widgets(section.title, section.blocks, section_id=f"section-{section.id}")
        if topic.key_facts:
            facts = TextBlock("\n".join(f"- {fact}" for fact in topic.key_facts))
            yield from section_widgets("Key facts", [facts], section_id="key-facts")
        if topic.sources:
            yield Static("Sources", classes="section-title", id="sources")
            yield Static(self._sources_markup(topic), id="source-links")
        previous, following = self._neighbour(-1), self._neighbour(1)
        buttons = []
        if self._app.course.questions_for(topic.id):
            buttons.append(Button("Practise this topic", id="practise-topic", variant="success"))
        if previous:
            buttons.append(Button(f"◀ {previous.title}", id="previous-topic"))
        if following:
            buttons.append(Button(f"Next: {following.title} ▶", id="next-topic", variant="primary"))
        else:
            buttons.append(Button("Back to the topics", id="home-button"))
        yield Horizontal(*buttons, id="topic-nav")

    def _first_screenful(self, body: Iterator[Widget]) -> Iterator[Widget]:
        """Widgets from `body` until they fill about a screen's height (the pane is never taller)."""
        width, lines = self.app.size
        for widget in body:
            yield widget
            lines -= estimated_lines(widget, width)
            if lines <= 0:
                return

    def on_screen_resume(self) -> None:
        # Handled before Textual's own handler lays the screen out and draws it; what is queued now comes after.
        if not self.body_complete and self.made_ready_off_screen:
            # Made ready as far as its first screenful (the topic highlighted on home): showing it is a switch to
            # what is drawn already, and the rest comes after that frame, not before it.
            call_after_first_frame(self.query_one("#topic-body"), self._mount_rest_of_body)
        elif not self.body_complete:
            self.call_later(self._mount_rest_of_body)
        else:  # shown again (back from practice or the lab), or made ready off screen (`complete_off_screen`)
            self.call_after_refresh(self._complete_on_screen)
            self.call_after_refresh(self._mark_visible_sections_read)

    def _mount_rest_of_body(self) -> AwaitMount | None:
        """Mount the body below the first screenful, spaced as the rest (see _keep_gaps_between_sections); returns
        what awaits the mount, if there was a rest."""
        rest = list(self.rest_of_body)
        self.rest_of_body = iter(())
        self.body_complete = True
        body = next(self.query("#topic-body").results(VerticalScroll), None)
        if body is None:  # the screen closed before its first frame was drawn
            return None
        if self.show_contents:
            self._fill_contents()
        self.call_after_refresh(self._complete_on_screen)
        # A section that starts on the first screen is read (a screen made ready off screen read none until shown).
        self.call_after_refresh(self._mark_visible_sections_read)
        if not rest:
            return None
        last_shown = len(body.children) - 1
        mounting = body.mount_all(rest)  # styled as they are added, so their margins are known now
        self._keep_gaps_between_sections(body, after=last_shown)
        return mounting

    def _mount_rest_of_body_if_shown(self) -> None:
        """The rest of the body, unless the screen is being made ready off screen: then it comes when the screen is
        shown (`on_screen_resume`), or with `complete_off_screen`."""
        if self.is_current:
            self._mount_rest_of_body()

    def _complete_on_screen(self) -> None:
        """The topic is complete on show: what the keys on it open next is made ready (q's practice run, and the
        next topic for n)."""
        if not self.is_current:
            return  # (made ready off screen, or left)
        self._app.draw_practice_ahead(self.topic_id)
        following = self._neighbour(1)
        if following is not None:
            # From the app's own queue: the work then runs in the app's context, which holds no reference to this
            # screen (a worker started from here kept it alive, with all its widgets, after it closed).
            self.app.call_later(self._app.prepare_topic_ahead, following.id)

    async def complete_off_screen(self) -> None:
        """Mount the rest of the body now (the screen is being made ready off screen, and shows it all when shown)."""
        if not self.body_complete:
            mounting = self._mount_rest_of_body()
            if mounting is not None:
                await mounting

    def on_mount(self) -> None:
        self.show_contents = self.app.size.width >= WIDE_ENOUGH_FOR_CONTENTS
        self.screen_layout_refresh_signal.subscribe(self, self._go_to_section_waiting)
        self._start_reading(self.start_section)

    def _start_reading(self, section_id: str | None, offset: int = 0) -> None:
        """After the body was composed: focus it, follow its scrolling, go to `section_id` (`offset` lines into it)."""
        self.sub_title = self.topic.title
        self.query_one("#contents").display = self.show_contents
        body = self.query_one("#topic-body", VerticalScroll)
        self._keep_gaps_between_sections(body)
        self.set_focus(body)
        # Regions are only up to date after the scroll is drawn, so look then.
        def scrolled(_: float) -> None:
            self.call_after_refresh(self._mark_visible_sections_read)

        self.watch(body, "scroll_y", scrolled, init=False)
        # The rest of the body, unless the screen's first showing put it in already (on_screen_resume, sooner); and
        # the table of contents, if shown, after a reload (which composes it empty).
        self.call_after_refresh(self._mount_rest_of_body_if_shown)
        if section_id:
            self.go_to_section(section_id, offset)
        self.call_after_refresh(self._mark_visible_sections_read)

    @staticmethod
    def _keep_gaps_between_sections(body: VerticalScroll, after: int = 0) -> None:
        """Space the parts of the body as when each section was a container of its own.

        Textual collapses the margins of neighbours (the larger one counts) but not across a container's edge,
        so a section ending with a simulation (a line below it) kept that line, and the next section's title its
        own line above, two lines in all. The widgets that start a part of the body (a section, the key facts,
        the sources, the buttons) take the margin of the widget above them on top of their own. Only the widgets
        after the child at index `after` are spaced (those before were spaced when they were mounted).
        """
        for above, widget in pairwise(body.children[after:]):
            if widget.has_class("section") or widget.id in ("key-facts", "sources", "topic-nav"):
                top, right, bottom, left = widget.styles.margin
                widget.styles.margin = (top + above.styles.margin.bottom, right, bottom, left)

    def _section_tops(self) -> dict[str, int]:
        """Where each section starts in the body: the blank line above its title (where its container began). Only
        the sections laid out: the rest of the body, mounted after the first frame, has no place until it is."""
        return {
            widget.id: widget.virtual_region.y - widget.pieces[0].above
            for widget in self.query(".section").results(Passage)
            if widget.id is not None and widget.size.height
        }

    def _place(self) -> tuple[str | None, int]:
        """Where the reader is: the last section whose title is at or above the top, and how many lines into it."""
        top = round(self.query_one("#topic-body", VerticalScroll).scroll_y)
        place: tuple[str | None, int] = (None, 0)
        tops = self._section_tops()
        for section in self.topic.sections:
            start = tops.get(f"section-{section.id}")
            if start is not None and start <= top:
                place = (section.id, top - start)
        return place

    async def on_course_reloaded(self, _: CourseReloaded) -> None:
        """Draw the topic again at the same section if it changed; keep it under a notice if it no longer loads."""
        notice_shown = bool(self.query("#topic-notice.-shown"))
        if not self.in_course:
            notice = self._notice()
            file = self.shown.location.file if self.shown and self.shown.location else None
            if file is not None and file.exists():
                why = f"{file.name} has problems, so this topic is not served until it is fixed (see them from the home screen)"
            else:
                why = "this topic was removed from the course"
            notice.update(Text(f"⚠ {why}. This is the last version that loaded.", style="bold"))
            notice.add_class("-shown")
            self.refresh_bindings()
            return
        if self._drawn_from() == self.drawn_from and not notice_shown:
            return
        section, offset = self._place()
        await self.recompose()
        self._start_reading(section, offset)
        self.refresh_bindings()

    def _notice(self) -> Static:
        """The notice under the header, mounted the first time it is needed (a recompose takes it away again)."""
        notice = next(self.query("#topic-notice").results(Static), None)
        if notice is None:
            notice = Static(id="topic-notice")
            self.mount(notice, after=self.query_one(Header))
        return notice

    def _mark_visible_sections_read(self) -> None:
        """A section counts as read once the learner has scrolled to its title (or past it)."""
        if not self.is_current:
            return  # nothing is read on a screen not on show (one made ready off screen)
        body = next(self.query("#topic-body").results(VerticalScroll), None)
        # Looked at after a scroll, which may run as the screen closes (the next topic opened at once) and its
        # widgets go: then there is nothing left to read.
        if body is None:
            return
        tops = self._section_tops()
        bottom = body.scroll_y + body.scrollable_content_region.height
        for section in self.topic.sections:
            start = tops.get(f"section-{section.id}")
            if section.id in self.read or start is None:
                continue
            if start < bottom:
                with store_write(self) as write:
                    self._app.progress.mark_section_read(self.topic_id, section.id)
                if not write.failed:  # else the next scroll tries again
                    self.read.add(section.id)

    def watch_show_contents(self, show: bool) -> None:
        self.query_one("#contents").display = show
        if show and self.body_complete:  # else it is filled with the rest of the body
            self._fill_contents()

    def _fill_contents(self) -> None:
        """Put the list of sections in the table of contents, unless it is there."""
        contents = self.query_one("#contents")
        if not contents.children:
            toc = OptionList(*(Option(Text(s.title), id=s.id) for s in self.topic.sections), id="toc")
            contents.mount_all([Static("Contents", classes="heading"), toc])

    # --- navigation --------------------------------------------------------------------------------------------

    def go_to_section(self, section_id: str, offset: int = 0) -> None:
        """Scroll so the section's title is at the top, or the line `offset` lines below it.

        A section not laid out yet (chosen before the whole body was in, or just drawn again after a reload) is
        gone to by the first layout that places it (`_go_to_section_waiting`): an after-refresh callback was not
        enough, as no layout is done while another screen (home, under this one) is being drawn again."""
        if not self.body_complete:
            self._mount_rest_of_body()
        widget_id = f"section-{section_id}"
        start = self._section_tops().get(widget_id)
        if start is not None:
            self._section_waiting = None
            body = self.query_one("#topic-body", VerticalScroll)
            body.scroll_to(y=start + offset, animate=False)
        elif any(widget.id == widget_id for widget in self.query(".section")):
            self._section_waiting = (section_id, offset)

    _section_waiting: tuple[str, int] | None = None

    def _go_to_section_waiting(self, _screen: Screen[None]) -> None:
        """After each layout of this screen: go to the section chosen before it had its place, if it has one now."""
        if self._section_waiting is not None:
            self.go_to_section(*self._section_waiting)

    @staticmethod
    def _sources_markup(topic: Topic) -> Content:
        """Each source as a link that opens in the browser (by index, so no URL goes through markup)."""
        lines = [
            f"• [@click=screen.open_source({index})]{escape(source.title)}[/]\n  [dim]{escape(source.url)}[/dim]"
            for index, source in enumerate(topic.sources)
        ]
        return Content.from_markup("\n".join(lines))

    def on_simulation_panel_predicted(self, event: SimulationPanel.Predicted) -> None:
        """Keep every prediction the learner makes before a simulation of this topic runs (never scheduled)."""
        predict = event.panel.block.predict
        if predict is not None and self._app.progress_ready:
            with store_write(self):
                record_prediction(self._app.progress, self.topic_id, event.panel.block.name, predict, event.picked)

    def action_open_source(self, index: int) -> None:
        sources = self.topic.sources
        if 0 <= index < len(sources):
            url = sources[index].url
            self.app.open_url(url)
            self.notify(url, title="Opening in your browser")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_topic":
            return self._neighbour(1) is not None
        if action == "previous_topic":
            return self._neighbour(-1) is not None
        if action == "practice":
            return bool(self._app.course.questions_for(self.topic_id))
        return True

    def action_next_topic(self) -> None:
        following = self._neighbour(1)
        if following:
            self._app.open_topic(following.id)

    def action_previous_topic(self) -> None:
        previous = self._neighbour(-1)
        if previous:
            self._app.open_topic(previous.id)

    def action_practice(self) -> None:
        self._app.start_practice("practice", self.topic_id)

    def action_toggle_contents(self) -> None:
        self.show_contents = not self.show_contents  # filled, if it was empty, by its watcher
        if self.show_contents:
            toc = next(self.query("#toc").results(OptionList), None)
            if toc is not None:  # else it comes with the rest of the body, just after the topic's first frame
                toc.focus()
        else:
            self.query_one("#topic-body").focus()

    def action_scroll_body(self, lines: int) -> None:
        self.query_one("#topic-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    @on(OptionList.OptionSelected, "#toc")
    def _section_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.go_to_section(event.option.id)

    @on(Button.Pressed, "#next-topic")
    def _next_pressed(self) -> None:
        self.action_next_topic()

    @on(Button.Pressed, "#previous-topic")
    def _previous_pressed(self) -> None:
        self.action_previous_topic()

    @on(Button.Pressed, "#practise-topic")
    def _practise_pressed(self) -> None:
        self.action_practice()

    @on(Button.Pressed, "#home-button")
    def _home_pressed(self) -> None:
        self.dismiss()
