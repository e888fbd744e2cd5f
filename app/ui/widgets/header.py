"""The title bar every screen shows: Textual's Header drawn as one widget."""

from __future__ import annotations

from weakref import WeakKeyDictionary, WeakSet

from textual import events
from textual.app import App
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # as Textual's HeaderIcon: the icon with a column of padding, in 8 columns
CLOCK_WIDTH = 10  # the space Textual's Header keeps on the right for its clock

_headers_of: WeakKeyDictionary[App[object], WeakSet[Header]] = WeakKeyDictionary()


def headers_of(app: App[object]) -> WeakSet[Header]:
    """The app's headers, redrawn together when its title changes.

    One watcher on the app for all of them: Textual keeps a watcher, and the widget that set it, until the
    watched value next changes, and an app's title hardly ever does, so a watcher per header kept every
    closed screen's header alive.
    """
    headers = _headers_of.get(app)
    if headers is None:
        headers = _headers_of[app] = WeakSet()

        def retitle() -> None:
            for header in list(headers):
                header.refresh()

        for name in ("title", "sub_title"):
            app.watch(app, name, retitle, init=False)
    return headers


class Header(Widget, can_focus=False):
    """The app's title and the screen's subtitle, centred, with the command palette's icon on the left.

    Textual's Header is four widgets (the bar, the icon, the title and the clock's space). Every screen has
    one, so every screen mounted and styled four widgets to draw one line; this draws the same line as one.
    Clicking the icon opens the command palette.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"header--icon-hover"}
    DEFAULT_CSS = """
    Header {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    Header > .header--icon-hover {
        background: $foreground 10%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.icon_hovered = False

    def on_mount(self) -> None:
        for name in ("title", "sub_title"):
            self.watch(self.screen, name, self._retitle, init=False)
        headers_of(self.app).add(self)

    def _retitle(self) -> None:
        self.refresh()

    @property
    def title_content(self) -> Content:
        """What the title shows: the screen's title and subtitle, or else the app's, as Textual formats them."""
        title = self.screen.title if self.screen.title is not None else self.app.title
        sub_title = self.screen.sub_title if self.screen.sub_title is not None else self.app.sub_title
        return self.app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.title_content
        if title.cell_length > room:
            title = title.truncate(max(0, room - 1)) + "…" if room else Content("")
        left = (room - title.cell_length) // 2
        icon = Content(f" {ICON}".ljust(ICON_WIDTH))
        if self.icon_hovered:
            hover = self.styles.background + self.get_component_styles("header--icon-hover").background  # blends the 10%
            icon = icon.stylize(f"on {hover.hex}")
        return Content.assemble(icon, " " * left, title, " " * (width - ICON_WIDTH - left - title.cell_length))

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hovered = event.x < ICON_WIDTH
        if hovered != self.icon_hovered:
            self.icon_hovered = hovered
            self.tooltip = "Open the command palette" if hovered and self.app.ENABLE_COMMAND_PALETTE else None
            self.refresh()

    def on_leave(self, _: events.Leave) -> None:
        if self.icon_hovered:
            self.icon_hovered = False
            self.tooltip = None
            self.refresh()
