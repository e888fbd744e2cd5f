"""The terminal UI: the only package that imports Textual. It shows the core's state and asks the core to act."""
