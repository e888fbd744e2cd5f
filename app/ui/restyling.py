"""Restyle only what a change can restyle.

Textual restyles a whole subtree more often than a coldstart screen needs: every screen restyles all its
widgets when it is resumed, even the first time, just after mounting applied the same styles; and a widget
that gains or loses focus restyles itself *and every descendant*, so focusing a topic's body restyled the
whole topic. On a topic screen those two passes were about half of all style applications per opening
(bench/bench_latency.py). These two pieces skip them where they cannot change anything.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import VerticalScroll


class StyledAtMount:
    """Mix into a Screen: the first resume after mounting does not restyle every widget again.

    Mounting applies every widget's styles; unless the stylesheet changed since (a theme change restyles every
    screen in the stack itself, `App.refresh_css`, but not a screen mounted off screen and not shown yet), the
    screen is styled for the stylesheet in use at its first resume, and says so (`_css_update_count`, which
    Textual counts up on each change of it): pushed again later (a kept screen: `show_kept`), it is restyled only
    if the stylesheet changed meanwhile (textual_fixes: `_on_screen_resume_drawing_once`).
    """

    _resumed_once = False
    _styled_for = -1  # the stylesheet (App._css_update_count) its widgets were styled with when mounted

    def _on_mount(self, _event: events.Mount) -> None:
        self._styled_for = self.app._css_update_count  # type: ignore[attr-defined]  # a Screen mixin

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed_once:
            self._resumed_once = True
            # Unless the stylesheet changed since it was mounted: a screen made ready off screen (the next practice
            # question, the next topic, an exam's results) and shown after a change of theme is restyled as it is
            # shown (textual_fixes: `_on_screen_resume_drawing_once`), not left in the old theme.
            if self._styled_for == self.app._css_update_count:  # type: ignore[attr-defined]
                event.refresh_styles = False
                self._css_update_count = self.app._css_update_count  # type: ignore[attr-defined]


class ReadingPane(VerticalScroll):
    """A scrolling body of text whose focus restyles the pane alone, not everything inside it.

    Textual restyles every descendant of a widget whose focus changes, for rules such as
    `Pane:focus Static { … }`. No rule in coldstart styles what is inside a pane by the pane's focus
    (tests/ui/test_restyling.py checks the stylesheet), so the pane's own style, and its scrollbars, are
    all that can change.
    """

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)


def focus_styles_descendants(selector_sets: Any) -> list[str]:
    """The selectors (of a parsed stylesheet's rules) that style a node by an ancestor's :focus.

    A `:focus` on the last part of a selector styles the focused node itself; one on an earlier part, before a
    component class (`Input:focus > .input--cursor`), styles the node's own parts, which restyling the node
    updates. Any other is a rule a ReadingPane would not apply on focus.
    """
    from textual.css.model import CombinatorType, SelectorType

    found = []
    for selector_set in selector_sets:
        parts = selector_set.selectors
        # The subject is the last compound selector: its first part is the last not joined by SAME.
        start = max(index for index, part in enumerate(parts) if index == 0 or part.combinator != CombinatorType.SAME)
        ancestors, subject = parts[:start], parts[start:]
        if any("focus" in part.pseudo_classes for part in ancestors):
            if not any(part.type == SelectorType.CLASS and "--" in part.name for part in subject):
                found.append(selector_set.css)
    return found
