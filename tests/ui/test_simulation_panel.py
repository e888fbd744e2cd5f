"""Simulations inside a topic (predict first, then run) and in the lab."""

from __future__ import annotations

from pathlib import Path

import pytest
from coldstart.core.progress.store import open_store
from coldstart.core.sims import registry
from coldstart.ui.screens.lab import LabScreen
from coldstart.ui.widgets.choices import ChoiceList
from coldstart.ui.widgets.simulation import ResultView, SimulationPanel
from textual.widgets import Button, Collapsible, Input
from ui_helpers import click_when_settled, type_at_once, wait_until

GAMMA = """
id: gamma
title: Gamma
summary: A topic with a simulation.
sections:
  - id: retries
    title: Retries
    blocks:
      - simulation:
          name: async-retry
          params: {retry_attempts: 2, outcomes: "error,error,error"}
          caption: When does the event give up?
          predict:
            stem: With two retries and a handler that always fails, when is the event sent on?
            choices:
              - {text: Right away}
              - {text: After about 3 minutes, correct: true}
              - {text: After 6 hours}
            explanation: The waits are 1 minute and then 2 minutes.
"""


def add_gamma(course_copy: Path) -> None:
    """Add the topic GAMMA, with its predict-first simulation, to the copied mini course."""
    (course_copy / "content/gamma.yaml").write_text(GAMMA.lstrip())
    course_yaml = course_copy / "content/course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("topics: [alpha, beta]", "topics: [alpha, beta, gamma]"))


async def until(pilot, condition, what: str) -> None:
    """Pause until `condition()` holds: the app mounts and draws in its own time, more slowly on a busy machine
    (500 pauses ran out once with four CPU-bound processes on two cores)."""
    for _ in range(2000):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never: {what}")


async def open_lab(pilot, name: str) -> SimulationPanel:
    """Open the lab on `name`, once its panel and all its fields are mounted (the lab says so: `ready`)."""
    app = pilot.app
    app.push_screen(LabScreen(name))

    def ready() -> bool:
        screen = app.screen
        return isinstance(screen, LabScreen) and screen.ready is not None and screen.ready.block.name == name

    await until(pilot, ready, f"the lab shows {name}")
    return app.screen.query_one(SimulationPanel)


async def open_fields(pilot, panel: SimulationPanel) -> None:
    """Open the panel's parameters: their fields are built when first opened."""
    panel.query_one(Collapsible).collapsed = False
    await until(pilot, lambda: bool(panel.fields), "the parameter fields are built")


async def open_gamma_simulation(pilot) -> SimulationPanel:
    """The topic gamma with its simulation opened: the predict-first choices have focus."""
    app = pilot.app
    app.open_topic("gamma")
    await wait_until(pilot, lambda: bool(app.screen.query(".open-sim")), "the topic shows its simulation")
    panel = app.screen.query_one(SimulationPanel)
    await click_when_settled(pilot, panel.query_one(".open-sim", Button), "the Open simulation button")
    await wait_until(pilot, lambda: isinstance(app.screen.focused, ChoiceList), "the predict choices have focus")
    return panel


async def test_predict_first_then_the_run_shows_what_happens(make_app, course_copy: Path, tmp_path: Path) -> None:
    add_gamma(course_copy)
    app = make_app(course_copy)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        app.open_topic("gamma")
        await pilot.pause()
        panel = app.screen.query_one(SimulationPanel)
        await click_when_settled(pilot, panel.query_one(".open-sim", Button), "the Open simulation button")
        await pilot.pause()
        choices = panel.query_one(ChoiceList)
        right = next(n for n, (own, _) in enumerate(choices.shown) if own == 1)
        choices.toggle(right)
        await click_when_settled(pilot, panel.query_one(".predict-submit", Button), "the Check prediction button")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "You predicted it" in str(panel.query_one(".predict-feedback").source)
        result = panel.query_one(ResultView).result
        assert result is not None and result.summary["Went to"] == "on-failure destination"
        assert 180 <= result.events[-1].time < 190  # the third attempt fails about 3 minutes in
    with open_store(tmp_path / "progress.db") as store:
        rows = list(store.db.query("select question_id, correct, mode from answers"))
    assert len(rows) == 1 and rows[0]["mode"] == "predict" and rows[0]["correct"] == 1
    assert rows[0]["question_id"].startswith("predict:gamma:")


async def test_every_simulation_runs_from_the_lab(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        for name in registry.names():
            await open_lab(pilot, name)
            app.screen.action_run()
            await app.workers.wait_for_complete()
            view = app.screen.query_one(ResultView)
            await until(pilot, lambda view=view: view.result is not None, f"{name} shows its result")
            assert view.result is not None and view.result.simulation == name, name
            app.pop_screen()
            await pilot.pause()


@pytest.mark.parametrize(("simulation", "field", "value", "words"), [
    ("async-retry", "retry_attempts", "7", ("retry_attempts", "0–2")),
    ("async-retry", "spacing", "nan", ("spacing='nan'", "0–3,600 s")),  # NaN passes no range check by itself
    ("concurrency", "rate", "1000000", ("too large to simulate", "reduce rate or seconds")),  # with seconds=7200
])
async def test_a_bad_parameter_is_named_with_its_range(make_app, simulation: str, field: str, value: str,
                                                       words: tuple[str, ...]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, simulation)
        from textual.widgets import Input

        await open_fields(pilot, panel)
        panel.query_one(f"#param-{field} Input", Input).value = value
        if simulation == "concurrency":
            panel.query_one("#param-seconds Input", Input).value = "7200"
        panel.run_simulation()
        await pilot.pause()
        status = str(panel.query_one(".sim-status").render())
        assert all(word in status for word in words), status
        assert panel.query_one(ResultView).result is None and panel.query_one(".stop", Button).disabled


async def test_the_parameter_fields_are_built_when_the_parameters_are_first_opened(make_app) -> None:
    """A panel shows without its fields (most of its widgets); a run meanwhile uses the panel's values, and the
    fields, once opened, hold them."""
    from coldstart.ui.widgets.simulation import ParamField

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, "async-retry")
        assert not panel.query(ParamField) and not panel.fields
        panel.run_simulation()
        await until(pilot, lambda: panel.query_one(ResultView).result is not None, "the run's result")
        await open_fields(pilot, panel)
        assert [f.param.name for f in panel.query(ParamField)] == [p.name for p in registry.get("async-retry").params]
        assert all(f.read() == panel.values[f.param.name] for f in panel.fields)


async def test_a_long_run_says_it_is_running_and_can_be_stopped(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, "concurrency")
        from textual.widgets import Input

        await open_fields(pilot, panel)
        panel.query_one("#param-requests Input", Input).value = "2000000"
        panel.run_simulation()
        # No pause here: a pause would wait for the CPU to go idle, that is for the run to end.
        assert "Running…" in str(panel.query_one(".sim-status").render())
        panel.query_one(".stop", Button).press()
        # The run is cancelled, so waiting on its worker would raise WorkerCancelled: wait for the state instead.
        await until(
            pilot,
            lambda: not any(worker.is_running for worker in app.workers)
            and str(panel.query_one(".sim-status").render()) == "Stopped.",
            "the run stopped",
        )
        assert panel.query_one(ResultView).result is None  # the cancelled run's result is dropped


async def test_the_result_is_drawn_in_the_theme_colours(make_app) -> None:
    """The panel draws the CLI's renderable with a palette from the current theme, not fixed colours."""
    from rich.console import Console

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_lab(pilot, "async-retry")
        app.screen.action_run()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ResultView)
        await until(pilot, lambda: view.result is not None, "the result is shown")
        console = Console(width=80, color_system="truecolor")
        segments = list(console.render(view.draw(80)))
        failed = next(segment for segment in segments if segment.text == "✗")
        expected = app.theme_variables["text-error"].lower()
        assert failed.style is not None and failed.style.color is not None
        assert failed.style.color.triplet is not None and failed.style.color.triplet.hex == expected


async def test_at_80_by_24_the_prediction_and_the_parameters_show_in_full(make_app, course_copy: Path) -> None:
    from coldstart.ui.widgets.simulation import ParamField
    from textual.geometry import Region
    from textual.widgets import Input

    def drawn(widget) -> str:
        """The words a widget draws, its wrapped lines joined."""
        lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
        return " ".join(" ".join(strip.text.split()) for strip in lines).strip()

    add_gamma(course_copy)
    app = make_app(course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_topic("gamma")
        await until(pilot, lambda: bool(app.screen.query(".open-sim")), "the topic shows its simulation")
        panel = app.screen.query_one(SimulationPanel)
        await click_when_settled(pilot, panel.query_one(".open-sim", Button), "the Open simulation button")
        await until(pilot, lambda: bool(panel.query(".params")), "the panel shows its controls")
        await open_fields(pilot, panel)
        fields = list(panel.query(ParamField))
        # Laid out, then told their width (a Resize), in the app's own time: more slowly on a busy machine.
        await until(pilot, lambda: all(f.size.width and f.has_class("-stacked") for f in fields), "the fields stacked")
        stem = "Predict first: With two retries and a handler that always fails, when is the event sent on?"
        assert drawn(panel.query_one(".predict-stem")) == stem
        for field in fields:
            assert drawn(field.query_one(".range")) == field.param.describe_range()
            for box in field.query(Input):
                assert box.content_region.width > len(box.value)  # the whole value, and room for the cursor


async def test_keys_predict_run_and_run_again_with_enter(make_app, course_copy: Path) -> None:
    """At 80x24 by keyboard alone: a number picks the prediction, Enter checks it and runs, the result takes focus
    and scrolls into view; Enter in a changed field runs again with it."""
    add_gamma(course_copy)
    app = make_app(course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_gamma_simulation(pilot)
        choices = panel.query_one(ChoiceList)
        right = next(n for n, (own, _) in enumerate(choices.shown) if own == 1)
        await pilot.press(str(right + 1))
        assert choices.picked == {1}
        assert app.screen.focused is panel.query_one(".predict-submit", Button)  # so Enter checks it
        await pilot.press("enter")
        view = panel.query_one(ResultView)

        def result_in_view() -> bool:
            return view.result is not None and app.screen.focused is view and view.region.height > 0

        await wait_until(pilot, result_in_view, "the result focused and on screen")
        assert view.result is not None and view.result.summary["Went to"] == "on-failure destination"
        assert 180 <= view.result.events[-1].time < 190  # two retries: 1 and 2 minutes
        assert panel.check_action("pick", (0,)) is False  # predicted: the number keys are done

        await open_fields(pilot, panel)
        box = panel.query_one("#param-retry_attempts Input", Input)
        await wait_until(pilot, lambda: box.region.height > 0, "the fields open")
        box.focus()
        await wait_until(pilot, lambda: app.screen.focused is box, "the field has focus")
        await pilot.press("end", "backspace", "0", "enter")  # 2 retries → 0
        await wait_until(pilot, lambda: result_in_view() and view.result.events[-1].time < 60, "a run with no retries")
        assert box.value == "0"


async def test_typing_in_a_field_never_runs_a_binding(make_app, course_copy: Path) -> None:
    """Letters and digits typed in a parameter field go into it: not the lab's r, not a topic's n, q or t, not a pick."""
    add_gamma(course_copy)
    app = make_app(course_copy)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, "async-retry")
        await open_fields(pilot, panel)
        box = panel.query_one("#param-retry_attempts Input", Input)
        await wait_until(pilot, lambda: box.region.height > 0, "the fields open")
        box.focus()
        await wait_until(pilot, lambda: app.screen.focused is box, "the field has focus")
        await pilot.press("end", "r")
        assert box.value.endswith("r") and panel.query_one(ResultView).result is None
        app.pop_screen()

        panel = await open_gamma_simulation(pilot)
        topic = app.screen
        contents_shown = topic.show_contents
        await open_fields(pilot, panel)
        box = panel.query_one("#param-spacing Input", Input)
        await wait_until(pilot, lambda: box.region.height > 0, "the fields open")
        box.focus()
        await wait_until(pilot, lambda: app.screen.focused is box, "the field has focus")
        await pilot.press("end", "n", "q", "t", "1")
        assert box.value.endswith("nqt1")
        assert app.screen is topic and topic.show_contents == contents_shown  # no next topic, practice, contents
        assert not panel.query_one(ChoiceList).picked  # and no prediction picked


async def test_run_asked_for_before_the_fields_are_there_waits_for_them(make_app) -> None:
    """Run pressed before the lab's panel and its fields are mounted (at once, or on a busy machine) runs the
    simulation the lab opens on once they are, rather than nothing or the fields of another."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        lab = LabScreen("concurrency")
        app.push_screen(lab)
        lab.action_run()  # nothing is mounted yet
        await wait_until(pilot, lambda: bool(lab.query(ResultView)) and lab.query_one(ResultView).result is not None,
                         "the run's result")
        assert lab.query_one(ResultView).result.simulation == "concurrency"
        lab.query_one("#lab-list").action_cursor_down()
        lab.action_run()  # while the next simulation is being swapped in
        second = lab.query_one("#lab-list").get_option_at_index(lab.query_one("#lab-list").highlighted).id
        await wait_until(pilot, lambda: bool(lab.query(ResultView)) and lab.query_one(ResultView).result is not None
                         and lab.query_one(ResultView).result.simulation == second, f"{second}'s result")


async def test_the_lab_list_answers_a_key_before_the_simulation_is_swapped(make_app) -> None:
    """Down in the list draws its new highlight at once, over the simulation still shown; the highlighted one
    follows in the next frame (swapped in one frame with the highlight, the key's answer waited for the panel)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_lab(pilot, "concurrency")
        lab = app.screen
        listing = lab.query_one("#lab-list")
        frames: list[tuple[int | None, str]] = []  # the list's highlight and the simulation shown, at each frame
        display = app._display

        def noting_display(screen, renderable) -> None:
            if renderable is not None and screen is lab:
                frames.append((listing.highlighted, lab.query(SimulationPanel).first().block.name))
            display(screen, renderable)

        app._display = noting_display
        at = listing.highlighted
        await pilot.press("down")
        second = listing.get_option_at_index(at + 1).id
        await until(pilot, lambda: lab.ready is not None and lab.ready.block.name == second, f"the lab shows {second}")
        await until(pilot, lambda: bool(frames) and frames[-1] == (at + 1, second), "the new simulation drawn")
        assert frames[0] == (at + 1, first.block.name), frames


async def test_r_typed_as_the_lab_opens_runs_the_simulation_chosen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        type_at_once(app, "l", "down", "r")  # the lab, the second simulation, run
        await wait_until(pilot, lambda: isinstance(app.screen, LabScreen), "the lab opens")
        lab = app.screen
        second = lab.query_one("#lab-list").get_option_at_index(1).id
        await wait_until(pilot, lambda: bool(lab.query(ResultView)) and lab.query_one(ResultView).result is not None,
                         "the run's result")
        assert lab.query_one(ResultView).result.simulation == second


async def test_a_result_that_arrives_after_stop_is_not_shown(make_app) -> None:
    """The run can end just as the learner presses Stop: its result is already on its way to the screen. Stop wins."""
    from types import SimpleNamespace

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, "async-retry")
        assert panel.simulation is not None
        finished = panel.simulation.runner(dict(panel.values) or {p.name: p.default for p in panel.simulation.params}, panel.seed)
        panel._show_unless_stopped(SimpleNamespace(is_cancelled=True), finished, None, False)  # stopped on its way
        await pilot.pause()
        assert panel.query_one(ResultView).result is None
        panel._show_unless_stopped(SimpleNamespace(is_cancelled=False), finished, None, False)  # not stopped
        await until(pilot, lambda: panel.query_one(ResultView).result is finished, "the result shown")


async def test_a_result_is_drawn_once_per_width_however_often_it_is_painted(make_app, monkeypatch) -> None:
    """A run's charts cost tens of milliseconds to draw; measuring, painting, focus and scrolling reuse the drawing."""
    from coldstart.present import sims as present_sims

    drawn: list[int] = []
    real = present_sims.full_result
    monkeypatch.setattr(present_sims, "full_result", lambda result, width, *rest: drawn.append(width) or real(result, width, *rest))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = await open_lab(pilot, "async-retry")
        panel.run_simulation()
        view = panel.query_one(ResultView)
        await until(pilot, lambda: view.result is not None and view.size.height > 0, "the result drawn")
        await pilot.pause()
        view.refresh()
        await pilot.pause()
        assert len(drawn) == len(set(drawn)) >= 1  # one drawing per width it was laid out at
