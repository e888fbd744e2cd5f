"""The core: everything coldstart knows, and nothing about terminals.

No module below this package may import `textual` (tests/test_layering.py checks it), so the course model,
simulations, progress store and exam engine can be tested and scripted without a screen.
"""
