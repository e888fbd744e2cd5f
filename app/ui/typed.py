"""`ColdstartAware`: a typed way for screens and providers to reach the running ColdstartApp.

Textual types `self.app` as a plain `App`; every screen needs the course, the progress store and the app's
actions, so this mixin gives them one typed `_app` instead of a cast in each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import ColdstartApp


class ColdstartAware:
    """Mix into a Screen, Widget or command Provider that runs inside the coldstart app."""

    @property
    def _app(self) -> ColdstartApp:
        return self.app  # type: ignore[attr-defined,return-value]
