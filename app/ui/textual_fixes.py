"""Fixes to the pinned Textual (8.2.8) for bugs reported upstream, applied once when the app is made."""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(_styles_cache: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def apply() -> None:
    """Make `StylesCache.get_inner_outer` cache by colours alone.

    Textual decorates that method with `lru_cache`, so each cached answer also keeps the StylesCache that
    asked, and with it every line its widget drew (https://github.com/Textualize/textual/issues/6665, open).
    Every closed screen's widgets left up to 1,024 of those alive: after opening each topic a few times,
    about 300,000 objects that every full garbage collection then walked (half a second of CPU each).
    The answer depends on the two colours only, so caching by them gives the same styles.
    """
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
