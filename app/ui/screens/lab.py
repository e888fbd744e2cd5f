"""The Simulation lab: every simulation in one place, to run with any parameters."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.course.model import SimulationBlock
from ...core.sims import registry
from ..restyling import ReadingPane, StyledAtMount
from ..widgets.footer import Footer
from ..widgets.header import Header
from ..widgets.simulation import SimulationPanel


class LabScreen(StyledAtMount, Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to where you were", id="lab.back"),
        Binding("r", "run", "Run", tooltip="Run the chosen simulation", id="lab.run"),
    ]

    def __init__(self, simulation: str | None = None) -> None:
        super().__init__()
        self.start = simulation
        # The panel once it is mounted (its buttons and status line); None while one is being swapped in. A run
        # asked for meanwhile (r pressed at once, a busy machine) waits for it rather than reading a half-built one.
        self.ready: SimulationPanel | None = None
        self.run_when_ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lab-layout"):
            options = []
            for name in registry.names():
                try:
                    simulation = registry.get(name)
                except ImportError:
                    continue
                options.append(Option(Text(simulation.title), id=name))
            yield OptionList(*options, id="lab-list")
            names = [option.id for option in options]
            start = self.start if self.start in names else (names[0] if names else None)
            with ReadingPane(id="lab-body"):
                # The first simulation is part of the screen's first frame (showing a hint first, then swapping the
                # panel in, drew and laid the screen out twice more).
                if start:
                    yield SimulationPanel(SimulationBlock(start, {}), start_open=True)
                else:
                    yield Static("Choose a simulation on the left.", id="lab-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Simulation lab"
        listing = self.query_one("#lab-list", OptionList)
        self.set_focus(listing)
        panels = self.query(SimulationPanel)
        if panels:
            self.ready = panels.first()  # mounted with the screen
            listing.highlighted = listing.get_option_index(self.ready.block.name)  # already shown: OptionHighlighted keeps it

    def chosen(self) -> str | None:
        """The simulation highlighted in the list: the one on screen, or on its way there."""
        listing = self.query_one("#lab-list", OptionList)
        return None if listing.highlighted is None else listing.get_option_at_index(listing.highlighted).id

    async def show(self, name: str) -> None:
        self.ready = None
        body = self.query_one("#lab-body", VerticalScroll)
        shown = list(body.children)
        panel = SimulationPanel(SimulationBlock(name, {}), start_open=True)
        # One frame from the old simulation to the new one: the new panel is mounted before the old one goes, and
        # nothing is drawn in between (removing first drew an empty pane, then the new panel, each laid out).
        with self.app.batch_update():
            await body.mount(panel)  # returns once the panel and everything in it (its fields) are mounted
            await body.remove_children(shown)
            body.scroll_home(animate=False, immediate=True)
        if name != self.chosen():
            return  # the learner has moved on: the simulation now highlighted is on its way, and runs when shown
        self._make_ready(panel)

    def _make_ready(self, panel: SimulationPanel) -> None:
        """`panel`, on screen with its fields, takes runs; one asked for while it was on its way runs now."""
        self.ready = panel
        if self.run_when_ready:
            self.run_when_ready = False
            panel.run_simulation()

    def action_run(self) -> None:
        if self.ready is not None and self.ready.block.name == self.chosen():
            self.ready.run_simulation()
        else:
            self.run_when_ready = True

    @on(OptionList.OptionHighlighted, "#lab-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        current = self.query(SimulationPanel)
        if event.option.id and (not current or current.first().block.name != event.option.id):
            self.ready = None  # a run asked for now waits for the simulation highlighted
            # The list's highlight is the key's answer, drawn at once; the simulation follows in the next frame
            # (swapped in the same frame, the highlight waited for the new panel to be built: 25 ms, not 6).
            self.call_after_refresh(self._show_chosen)

    async def _show_chosen(self) -> None:
        """Show the simulation highlighted now, unless it is on screen (the learner came back to it)."""
        name = self.chosen()
        current = self.query(SimulationPanel)
        if name is None:
            return
        if current and current.first().block.name == name:
            if self.ready is None and current.first().is_mounted:
                self._make_ready(current.first())
            return
        await self.show(name)
