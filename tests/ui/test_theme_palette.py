"""Results drawn by app/present follow the app's theme (the palette comes from its variables)."""

from __future__ import annotations

from coldstart.present.charts import bar
from coldstart.ui.screens.dashboard import DashboardScreen
from coldstart.ui.theme_palette import theme_palette
from textual.app import App
from ui_helpers import content_shown, progress_loaded


async def test_the_palette_follows_the_theme_and_the_dashboard_redraws(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        # Enough answers for a readiness estimate, so the Overall row draws a bar in the palette's "good" colour.
        for n in range(24):
            question = app.course.questions[n % len(app.course.questions)]
            app.progress.record_answer(question, question.correct_indexes, duration_ms=20_000, mode="practice")
        dark = theme_palette(app)
        assert dark.good == app.get_css_variables()["text-success"]
        await app.push_screen(DashboardScreen())
        await content_shown(pilot)
        app.theme = "textual-light"
        await pilot.pause()
        light = theme_palette(app)
        assert light.good != dark.good and light.good == app.get_css_variables()["text-success"]
        assert bar(0.5, 10, light).spans[0].style == light.good
        table = app.screen.query_one("#dash-readiness").content.renderable  # the readiness table (DrawnOnce), made again
        overall_bar = table.rows[-1][-1]  # the last cell of the last row (HeadedColumns)
        assert overall_bar.spans[0].style == light.good


async def test_the_theme_is_read_once_per_theme_however_often_its_colours_are_asked_for(monkeypatch) -> None:
    """Each look-up of the theme reads every variable; screens ask per row and per heading (65 on exam results)."""
    from coldstart.ui.theme_palette import theme_colours

    app = App()
    reads: list[str] = []
    real = app.get_css_variables
    monkeypatch.setattr(app, "get_css_variables", lambda: reads.append(app.theme) or real())
    async with app.run_test():
        dark = [theme_palette(app) for _ in range(65)]
        assert theme_colours(app)["panel"] and all(palette is dark[0] for palette in dark)
        app.theme = "textual-light"
        assert theme_palette(app) != dark[0]
        assert reads == ["textual-dark", "textual-light"]
