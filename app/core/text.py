"""Text safe to show in a terminal: control characters made visible instead of acted upon.

A terminal obeys control characters in what it prints: ESC starts sequences that clear the screen, retitle
the window or (OSC 52) write the clipboard; BEL rings; C1 codes such as CSI (U+009B) do the same as ESC [.
Course files come from anywhere and learners type or import their own text, so everything shown passes
through `printable` (the course loader does it for every string it reads, after reporting it; the CLI for
every value it prints). Newline and tab are kept: they are layout, not commands.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_CHARACTERS", "control_name", "printable"]

# C0 except tab (U+0009) and newline (U+000A), DEL, and C1.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_NAMES = {0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC", 0x85: "NEL"}


def _placeholder(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 has no pictures: the replacement character


_TABLE = {code: _placeholder(code) for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def printable(text: str) -> str:
    """`text` with every control character but newline and tab replaced by a visible placeholder."""
    return text.translate(_TABLE)


def control_name(character: str) -> str:
    """How a problem message names a control character, e.g. "ESC (U+001B)"."""
    code = ord(character)
    name = _NAMES.get(code)
    return f"{name} (U+{code:04X})" if name else f"U+{code:04X}"
