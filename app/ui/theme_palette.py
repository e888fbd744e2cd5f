"""The present package's colours taken from the app's current theme, so shared renderables follow it."""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..present.palette import Palette


def theme_palette(app: App[Any]) -> Palette:
    """The Palette of `app`'s current theme (its text-success, text-error, … variables)."""
    variables = app.get_css_variables()
    return Palette(
        good=variables["text-success"],
        bad=variables["text-error"],
        warning=variables["text-warning"],
        accent=variables["text-primary"],
        muted="dim",
    )
