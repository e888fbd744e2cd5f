"""Rich renderables that the command line and the app both show.

This package sits between the core and the two front ends: it reads core objects and returns Rich
renderables, and imports neither textual, the UI nor the CLI (an import-linter contract holds it to that),
so `coldstart sim` in a terminal and the simulation panel in the app draw a result the same way.
Colours are roles of a `Palette` (good, bad, warning, ...), never literal colours: the CLI uses the
terminal's named colours, the app passes a palette made from the current Textual theme.
"""
