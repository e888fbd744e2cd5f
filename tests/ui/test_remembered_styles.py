"""Nodes styled from a match remembered for a node alike (textual_fixes.style_alike_nodes_from_one_match) get exactly
the styles Textual's own matching gives them, on every screen, in every state a learner puts them in."""

from __future__ import annotations

from typing import Any

import pytest
from coldstart.ui import textual_fixes
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.topic import TopicScreen
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from ui_helpers import press_for, progress_loaded, wait_until


def nodes_of(app: Any) -> list[DOMNode]:
    """Every node of the screen on top, with its scrollbars, as Textual styles them."""
    nodes: list[DOMNode] = []
    for node in app.screen.walk_children(with_self=True):
        nodes.append(node)
        nodes += [bar for bar in (getattr(node, "_vertical_scrollbar", None), getattr(node, "_horizontal_scrollbar", None)) if bar is not None]
    return nodes


def styles_of(nodes: list[DOMNode]) -> list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]:
    """Each node's CSS rules, and those of its component classes."""
    return [
        (dict(node._css_styles.get_rules()), {name: dict(styles._base_styles.get_rules()) for name, styles in node._component_styles.items()})
        for node in nodes
    ]


def restyled(app: Any, monkeypatch: pytest.MonkeyPatch, apply: Any) -> list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]:
    """Style every node of the screen on top with `apply` (each node alone, as a mount or a focus change does), and
    read what each got."""
    monkeypatch.setattr(Stylesheet, "apply", apply)
    nodes = nodes_of(app)
    for node in nodes:
        app.stylesheet.apply(node)
    return styles_of(nodes)


async def same_as_textual(app: Any, pilot: Any, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    textual_apply = textual_fixes._textual_apply
    textual_components = textual_fixes._textual_process_component_classes
    styled = matched = 0  # nodes (and their component classes) styled, and of those, matched by Textual
    components_made = 0  # nodes whose component classes Textual styled anew (not taken back)

    def making_components(*args: Any) -> None:
        nonlocal components_made
        components_made += 1
        textual_components(*args)

    def matching(*args: Any, **kwargs: Any) -> None:
        nonlocal matched
        matched += 1
        textual_apply(*args, **kwargs)

    def styling(*args: Any, **kwargs: Any) -> None:
        nonlocal styled
        styled += 1
        textual_fixes._apply_remembering_matches(*args, **kwargs)

    with monkeypatch.context() as patch:
        # Twice: the matches remembered when the screen was mounted may have gone with a newer stylesheet (the
        # screens' styles are parsed after the first frames), and the first pass remembers them again.
        restyled(app, patch, styling)
        styled = 0
        patch.setattr(textual_fixes, "_textual_apply", matching)
        patch.setattr(textual_fixes, "_textual_process_component_classes", making_components)
        ours = restyled(app, patch, styling)
    with monkeypatch.context() as patch:
        patch.setattr(Stylesheet, "_process_component_classes", textual_components)  # Textual's, not remembered
        textuals = restyled(app, patch, textual_apply)
    assert matched < styled, f"{where}: no node was styled from a remembered match"
    with_components = sum(1 for node in nodes_of(app) if node._get_component_classes())
    assert components_made < with_components, f"{where}: no node took back the styles of its component classes"
    mismatched = [str(node) for node, a, b in zip(nodes_of(app), ours, textuals, strict=True) if a != b]
    assert not mismatched, f"{where}: styled otherwise than Textual styles them: {mismatched[:5]}"
    await pilot.pause()


async def test_every_node_is_styled_as_textual_would_style_it(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        await same_as_textual(app, pilot, monkeypatch, "home")
        await pilot.hover("Footer", offset=(2, 0))  # a hover style
        await same_as_textual(app, pilot, monkeypatch, "home, the mouse over the footer")
        await press_for(pilot, "enter", TopicScreen, "a topic", lambda screen: screen.body_complete)
        await same_as_textual(app, pilot, monkeypatch, "a topic")
        await pilot.press("escape")
        practice = await press_for(pilot, "q", PracticeScreen, "practice", lambda screen: screen.view is not None)
        await same_as_textual(app, pilot, monkeypatch, "a question, its choices focused")
        await pilot.press("1", "enter")
        await wait_until(pilot, lambda: practice.answered and practice.focused is practice.query_one("#next"), "the feedback, Next focused")
        await same_as_textual(app, pilot, monkeypatch, "the feedback, the choices disabled and Next focused")
        app.theme = "textual-light"
        await pilot.pause()
        await same_as_textual(app, pilot, monkeypatch, "another theme")
