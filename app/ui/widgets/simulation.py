"""A runnable simulation inside a topic or the lab: predict, set parameters, run, step or play.

The panel knows nothing about any particular simulation: it builds its form from the simulation's declared
parameters and draws whatever `SimResult` comes back, so a new simulation needs no UI code.
"""

from __future__ import annotations

import random
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Input, Label, Markdown, Select, Static, Switch
from textual.worker import Worker, WorkerState, get_current_worker

from ...core.course.model import Choice, SimulationBlock
from ...core.sims import registry
from ...core.sims.base import SimResult, Simulation
from ...core.sims.params import Param, ParamError
from ...present.inline import inline_markdown, reflow
from ..background import report_worker_failure
from .choices import ChoiceList
from .drawn_once import DrawnLines

# How often "play" reveals the next event; the simulated clock is independent of this.
PLAY_INTERVAL = 0.4


class ParamField(Horizontal):
    """One parameter: its label and unit, and the control that edits it within its range.

    Side by side when there is room; narrower than `SIDE_BY_SIDE_WIDTH` (an 80-column terminal, inside a topic)
    the label, the field and the range stack, so the field shows its whole value and the range reads in full.
    """

    SIDE_BY_SIDE_WIDTH = 72  # label 30 + a field that holds "3000000" and its border + range 24

    DEFAULT_CSS = """
    ParamField { height: auto; margin: 0 0 0 0; }
    ParamField > Label { width: 30; padding: 1 1 0 0; }
    ParamField > Input, ParamField > Select { width: 1fr; }
    ParamField > .range { width: 24; padding: 1 0 0 1; color: $text-muted; }
    ParamField.-stacked { layout: vertical; margin: 0 0 1 0; }
    ParamField.-stacked > Label { width: 1fr; padding: 0; }
    ParamField.-stacked > .range { width: 1fr; padding: 0; }
    """

    def __init__(self, param: Param, value: Any) -> None:
        super().__init__(id=f"param-{param.name}")
        self.param = param
        self.value = value

    def compose(self) -> ComposeResult:
        p = self.param
        unit = f" ({p.unit})" if p.unit else ""
        yield Label(Text(p.label + unit))
        if p.kind == "bool":
            yield Switch(value=bool(self.value), tooltip=p.help or None)
        elif p.kind == "choice":
            yield Select([(c, c) for c in p.choices], value=self.value, allow_blank=False, tooltip=p.help or None)
        else:
            # Born "-valid", as an Input without validators marks itself once mounted: a class added then restyles
            # the field again (and it happens again for every field of every panel shown).
            yield Input(str(self.value), tooltip=p.help or None, select_on_focus=True, classes="-valid")
        yield Static(Text(p.describe_range()), classes="range")

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def on_show(self) -> None:
        # A field laid out while its Collapsible was closed gets no further Resize when it opens at the same width.
        self.call_after_refresh(lambda: self._fit(self.size.width))

    def _fit(self, width: int) -> None:
        """Label, field and range side by side when there is room, stacked when narrow."""
        if width:
            self.set_class(width < self.SIDE_BY_SIDE_WIDTH, "-stacked")

    def read(self) -> Any:
        """The checked value, or ParamError naming the parameter and its range."""
        p = self.param
        if p.kind == "bool":
            return self.query_one(Switch).value
        if p.kind == "choice":
            select = self.query_one(Select)
            return self.value if select.is_blank() else select.value  # blank only until its options are set
        return p.parse(self.query_one(Input).value)


class SimulationPanel(Vertical):
    """An embedded simulation.

    Its keys work wherever focus is inside it: a number picks that predict-first choice (as in practice and
    exams), Enter in a parameter field runs. A field takes every key typed in it, so typing never runs a binding.
    """

    BINDINGS = [
        Binding(str(n), f"pick({n - 1})", f"Pick {n}", show=False, tooltip=f"Predict: pick choice {n}", id=f"sim.pick{n}")
        for n in range(1, 10)
    ]

    DEFAULT_CSS = """
    SimulationPanel { height: auto; border: round $secondary; padding: 0 1; margin: 1 0; }
    SimulationPanel .sim-summary { color: $text-muted; }
    SimulationPanel .sim-buttons { height: auto; margin: 1 0 0 0; }
    SimulationPanel .sim-buttons Button { margin: 0 1 0 0; min-width: 8; }
    SimulationPanel .sim-status { height: auto; color: $warning; }
    SimulationPanel .predict { height: auto; border: dashed $accent; padding: 0 1; margin: 1 0 0 0; }
    SimulationPanel .predict ChoiceList { height: auto; }
    SimulationPanel Collapsible { margin: 1 0 0 0; }
    SimulationPanel ResultView:focus { background-tint: $foreground 4%; }
    """

    class Predicted(Message):
        """The learner answered a predict-first question (the progress store may record it)."""

        def __init__(self, panel: SimulationPanel, picked: int, correct: bool) -> None:
            super().__init__()
            self.panel = panel
            self.picked = picked  # index into the predict question's own choices
            self.correct = correct

    result: reactive[SimResult | None] = reactive(None, init=False)
    shown: reactive[int] = reactive(0, init=False)  # events revealed so far (step / play)

    def __init__(self, block: SimulationBlock, *, id: str | None = None, start_open: bool = False) -> None:
        super().__init__(id=id)
        self.block = block
        self.start_open = start_open
        self.simulation: Simulation | None = None
        self.error: str | None = None
        try:
            self.simulation = registry.get(block.name)
            self.values = self.simulation.resolve(block.params)
        except (ParamError, ImportError) as problem:
            self.error = str(problem)
            self.values = {}
        self.predicted = block.predict is None
        self.seed = 0
        self._timer: Timer | None = None  # play: reveals the next event
        self._running_timer: Timer | None = None  # says how long the current run has been going
        self._run: Worker[None] | None = None  # the current run
        # The parameter fields, once built and mounted (see `_build_fields`); until then a run uses `values`.
        self.fields: list[ParamField] = []
        self._fields_built = False

    def compose(self) -> ComposeResult:
        if self.simulation is None:
            self.border_title = f"Simulation {self.block.name}"
            yield Static(Text(f"This simulation cannot run: {self.error}"), classes="sim-status")
            return
        # The title goes in the body, where it wraps: a border title is one line, cut short at 80 columns.
        self.border_title = "▶ Simulation"
        summary = Text.assemble((self.simulation.title, "bold"), "\n", self.block.caption or self.simulation.summary)
        yield Static(summary, classes="sim-summary")
        if self.start_open:
            yield from self._controls()
        else:
            # A topic can embed many simulations; their controls are built when the learner opens one.
            yield Button("Open the simulation", classes="open-sim", variant="primary")

    @on(Button.Pressed, ".open-sim")
    async def _open_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await event.button.remove()
        await self.mount_all(list(self._controls()))
        focus = self.query(".predict-choices") or self.query(".run")
        focus.first().focus()

    def _controls(self) -> Iterator[Widget]:
        """The predict question, the parameters, the buttons and the result area."""
        assert self.simulation is not None
        if self.block.predict is not None:
            yield Vertical(
                # A Static, not a Label: a Label is as wide as its text and cut off at the pane's edge.
                Static(inline_markdown("Predict first: " + reflow(self.block.predict.stem), style="bold"), classes="predict-stem"),
                ChoiceList(self._predict_order(), position=0, several=False, classes="predict-choices"),
                Button("Check my prediction and run", classes="predict-submit", variant="primary"),
                Markdown("", classes="predict-feedback"),
                classes="predict",
            )
        # The fields are built when the parameters are first opened (`_build_fields`): most runs keep the values
        # the panel was given, and the fields are most of a panel's widgets (each a label, a control and its
        # range; a Select alone is a dozen widgets), so building them up front made every panel slow to show.
        yield Collapsible(
            title=self._params_title(),
            collapsed=True,
            # Collapsed from the start in its CSS class too: Collapsible sets the class when mounted, and a class
            # that changes then restyles everything inside it.
            classes="params -collapsed",
        )
        yield Horizontal(
            Button("Run", classes="run", variant="success", disabled=not self.predicted),
            Button("Step", classes="step", disabled=not self.predicted, tooltip="Show the next event"),
            Button("Play", classes="play", disabled=not self.predicted, tooltip="Reveal the events one by one"),
            Button("Stop", classes="stop", disabled=True),
            Button("New seed", classes="reseed", disabled=not self.predicted, tooltip="Run again with other random draws"),
            classes="sim-buttons",
        )
        yield Static("", classes="sim-status")
        yield ResultView()

    @on(Collapsible.Expanded, ".params")
    async def _build_fields(self, event: Collapsible.Expanded) -> None:
        """The parameter fields, built when the parameters are first opened, with the values of the last run."""
        event.stop()
        if self.simulation is None or self._fields_built:
            return
        self._fields_built = True
        fields = [ParamField(param, self.values[param.name]) for param in self.simulation.params]
        await event.collapsible.query_one(Collapsible.Contents).mount_all(fields)
        self.fields = fields  # read from now on, once every one of them is mounted

    def _params_title(self) -> str:
        if self.simulation is None:
            return "Parameters"
        changed = [f"{p.name}={self.values[p.name]}" for p in self.simulation.params if self.values[p.name] != p.default]
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        return f"Parameters ({shown or 'defaults'})"

    # --- predict first -----------------------------------------------------------------------------------------

    def _predict_order(self) -> list[tuple[int, Choice]]:
        """The predict choices in a fixed shuffled order, so the key is not always where the author wrote it."""
        predict = self.block.predict
        assert predict is not None
        order = list(range(len(predict.choices)))
        random.Random(predict.stem).shuffle(order)
        return [(i, Choice(predict.choices[i], i == predict.answer, "")) for i in order]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            # `predicted` first: it is checked for every key binding shown, and the query walks the whole panel.
            return not self.predicted and bool(self.query(".predict-choices"))
        return True

    def action_pick(self, shown: int) -> None:
        """Pick the predict choice shown `shown`-th (0-based); Enter then checks the prediction."""
        choices = self.query_one(".predict-choices", ChoiceList)
        if shown < len(choices.shown):
            choices.toggle(shown)
            self.screen.set_focus(self.query_one(".predict-submit", Button))

    @on(Button.Pressed, ".predict-submit")
    def _check_prediction(self, event: Button.Pressed) -> None:
        event.stop()
        predict = self.block.predict
        assert predict is not None
        choices = self.query_one(".predict-choices", ChoiceList)
        if not choices.picked:
            self.query_one(".predict-feedback", Markdown).update("*Pick the answer you expect first.*")
            return
        (picked,) = choices.picked
        correct = picked == predict.answer
        verdict = "✓ **You predicted it.**" if correct else f"✗ **Not quite** — the answer is *{predict.choices[predict.answer]}*."
        self.query_one(".predict-feedback", Markdown).update(f"{verdict} {predict.explanation}")
        choices.disabled = True
        event.button.disabled = True
        self.predicted = True
        for button in self.query(".sim-buttons Button"):
            button.disabled = button.has_class("stop")
        self.post_message(self.Predicted(self, picked, correct))
        self.run_simulation()

    # --- running -----------------------------------------------------------------------------------------------

    def _read_params(self) -> dict[str, Any] | None:
        try:
            assert self.simulation is not None
            # Start from the values the panel was given (the topic's, else the defaults); only fields of this
            # simulation count.
            names = {p.name for p in self.simulation.params}
            values = {p.name: self.values.get(p.name, p.default) for p in self.simulation.params}
            values.update({f.param.name: f.read() for f in self.fields if f.param.name in names})
            self.simulation.resolve(values)  # cross-parameter checks
        except ParamError as problem:
            self.query_one(".sim-status", Static).update(Text(f"⚠ {problem}"))
            return None
        self.values = values
        self.query_one(Collapsible).title = self._params_title()
        return values

    @on(Input.Submitted, "ParamField Input")
    def _field_submitted(self, event: Input.Submitted) -> None:
        """Enter in a parameter field runs with what is in the fields (after the prediction, like Run)."""
        event.stop()
        if self.predicted:
            self.run_simulation()
        else:
            self.query_one(".sim-status", Static).update(Text("Check your prediction first; then Enter runs."))

    @on(Button.Pressed, ".run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.run_simulation()

    @on(Button.Pressed, ".reseed")
    def _reseed_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.seed += 1
        self.run_simulation()

    @on(Button.Pressed, ".step")
    def _step_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.result is None:
            self.run_simulation(reveal=1)
        else:
            self.shown = min(len(self.result.events), self.shown + 1)

    @on(Button.Pressed, ".play")
    def _play_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.result is None:
            self.run_simulation(reveal=0, then_play=True)
        else:
            if self.shown >= len(self.result.events):
                self.shown = 0
            self._start_playing()

    @on(Button.Pressed, ".stop")
    def _stop_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.workers.cancel_group(self, "simulation")
        self._end_running()
        self._stop_playing()
        self.query_one(".sim-status", Static).update(Text("Stopped."))
        self.query_one(".stop", Button).disabled = True

    def run_simulation(self, reveal: int | None = None, then_play: bool = False) -> None:
        values = self._read_params()
        if values is None:
            return
        self._stop_playing()
        self.query_one(".stop", Button).disabled = False
        # Most runs take milliseconds; a long one (a million requests) says how long it has been going. A run
        # started while one is going replaces it (the worker is exclusive), and so does its timer.
        self._end_running()
        self._running_since = time.monotonic()
        self._show_running()
        self._running_timer = self.set_interval(0.25, self._show_running)
        self._run = self._run_worker(values, self.seed, reveal, then_play)

    def _show_running(self) -> None:
        elapsed = time.monotonic() - self._running_since
        self.query_one(".sim-status", Static).update(Text(f"Running… {elapsed:.1f} s — Stop cancels the run"))

    def _end_running(self) -> None:
        if self._running_timer is not None:
            self._running_timer.stop()
            self._running_timer = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="simulation")
    def _run_worker(self, values: dict[str, Any], seed: int, reveal: int | None, then_play: bool) -> None:
        assert self.simulation is not None
        result = self.simulation.runner(values, seed)
        worker = get_current_worker()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_unless_stopped, worker, result, reveal, then_play)

    def _show_unless_stopped(self, worker: Worker[None], result: SimResult, reveal: int | None, then_play: bool) -> None:
        """Show a finished run's result, unless Stop was pressed while the result was on its way to the screen
        (the run ended just as the learner stopped it: Stop wins, as it says)."""
        if not worker.is_cancelled:
            self._show(result, reveal, then_play)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A run that fails (a bug in the simulation) stops its timer and says why; the app keeps running."""
        if event.worker is not self._run or event.state != WorkerState.ERROR:
            return
        self._end_running()
        error = event.worker.error or RuntimeError("unknown error")
        self.query_one(".sim-status", Static).update(Text(f"⚠ The simulation failed: {error}"))
        self.query_one(".stop", Button).disabled = True
        report_worker_failure(self.app, error, f"The simulation {self.block.name}")

    def _show(self, result: SimResult, reveal: int | None, then_play: bool) -> None:
        self._end_running()
        self.query_one(".sim-status", Static).update("")
        self.query_one(".stop", Button).disabled = not then_play
        self.result = result
        self.shown = len(result.events) if reveal is None else reveal
        self._draw()
        self._bring_result_forward()
        if then_play:
            self._start_playing()

    def _bring_result_forward(self) -> None:
        """Focus the result and scroll it into view: a run's answer is below the fields, often off screen."""
        view = self.query_one(ResultView)
        self.screen.set_focus(view, scroll_visible=False)
        # Its height is known once it is laid out with the new result: then scroll at once (scroll_visible
        # would otherwise wait for one more refresh of its own).
        self.call_after_refresh(view.scroll_visible, top=True, animate=False, immediate=True)

    def _start_playing(self) -> None:
        self._stop_playing()
        self.query_one(".stop", Button).disabled = False
        self._timer = self.set_interval(PLAY_INTERVAL, self._play_tick)

    def _stop_playing(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _play_tick(self) -> None:
        if self.result is None or self.shown >= len(self.result.events):
            self._stop_playing()
            self.query_one(".stop", Button).disabled = True
            return
        self.shown += 1

    def watch_shown(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.result is None:
            return
        upto = self.shown if self.shown < len(self.result.events) else None
        self.query_one(ResultView).show(self.result, upto)


class ResultView(DrawnLines, can_focus=True):
    """Draws a run at whatever width it is given, redrawn when the terminal is resized.

    Focusable, so a run hands it focus (Shift+Tab leads back to the buttons and the fields).
    """

    DEFAULT_CSS = """
    ResultView { height: auto; margin: 1 0 0 0; }
    """

    def __init__(self) -> None:
        # Its own drawings, of the result on screen only: Textual draws a widget once to learn its height and
        # again to paint it, and again after a focus change or a scroll; a run's charts took 80 ms to draw.
        super().__init__(drawings=OrderedDict())
        self.result: SimResult | None = None
        self.upto: int | None = None

    def show(self, result: SimResult, upto: int | None) -> None:
        self.result, self.upto = result, upto
        self.forget_drawings()

    def drawing_key(self) -> Hashable | None:
        return None if self.result is None else self.app.theme

    def draw(self, width: int) -> RenderableType:
        from ...present.sims import full_result
        from ..theme_palette import theme_palette

        assert self.result is not None
        # The current theme's colours, not fixed ones: the same drawing as `coldstart sim`, in the app's look.
        return full_result(self.result, max(30, width), theme_palette(self.app), self.upto)
