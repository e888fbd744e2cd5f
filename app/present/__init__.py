"""How results look, once, for the command line and the app alike.

Plain functions (`text`) and Rich renderables (`charts`, `question_stats`, `sims`) that `coldstart stats` and
`coldstart sim` print and the app's screens and simulation panel show in their widgets. This package imports the core and Rich, never Textual, the UI or
the CLI (an import-linter contract keeps it so). Colours come from a `Palette`: the command line uses
`TERMINAL`, the app the palette of its current theme (app/ui/theme_palette.py), so a bar reads right on a
light theme as on a dark one.
"""
