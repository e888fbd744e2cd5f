"""A Textual Button styled once, when it is mounted.

Textual's Button sets its variant, its flat or default style and its compact look in its constructor, each by a
CSS class, and each class change restyles the button at once: matched against every rule of the app's
stylesheets, for a widget not yet in the app. Mounting then styles it again from scratch, with every class it has
by then. The exam screen's five buttons cost about fifteen such passes before its first frame, and the exam's grid
of 65 questions two hundred. This Button skips them: a class change restyles it only once it is in the app.
"""

from __future__ import annotations

from textual.widgets import Button as TextualButton

__all__ = ["Button"]


class Button(TextualButton):
    """Textual's Button, without restyling before it is mounted (mounting styles it with all its classes).

    Its CSS name is Button too, so every `Button` rule (Textual's own and the app's) applies as before."""

    def update_node_styles(self, animate: bool = True) -> None:
        if self.is_attached:
            super().update_node_styles(animate)
