"""The app's theme colours for Rich renderables, worked out once per theme.

`App.get_css_variables()` derives every variable of the theme (a few milliseconds); screens that draw Rich
renderables ask for colours per row or per heading, so the variables are kept per app until its theme changes.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App

from ..present.palette import Palette

_by_app: WeakKeyDictionary[App[Any], tuple[str, dict[str, str], Palette]] = WeakKeyDictionary()


def _current(app: App[Any]) -> tuple[dict[str, str], Palette]:
    kept = _by_app.get(app)
    if kept is None or kept[0] != app.theme:
        variables = app.get_css_variables()
        palette = Palette(
            good=variables["text-success"],
            bad=variables["text-error"],
            warning=variables["text-warning"],
            accent=variables["text-primary"],
            muted="dim",
        )
        kept = _by_app[app] = (app.theme, variables, palette)
    return kept[1], kept[2]


def theme_colours(app: App[Any]) -> dict[str, str]:
    """The theme's variables (`accent`, `panel`, `text-success`, …) by name, as CSS uses them."""
    return _current(app)[0]


def theme_palette(app: App[Any]) -> Palette:
    """The Palette of `app`'s current theme (its text-success, text-error, … variables)."""
    return _current(app)[1]
