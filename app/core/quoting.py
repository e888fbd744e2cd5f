"""Values quoted in messages, cut to a readable length.

An error message names the value it is about, and that value came from a file someone else wrote: it may be a
megabyte long. A message is one line on a terminal, so the value is cut in the middle and its length said.
"""

from __future__ import annotations

MAX_SHOWN = 60  # characters of a value shown in a message


def quoted(value: object, limit: int = MAX_SHOWN) -> str:
    """`repr(value)` when it is short; otherwise its start and end around "…", with its length in characters.

    Whole numbers too long to print (Python refuses to turn more than 4,300 digits into text) are described.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    text = repr(value)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    size = f" ({len(value):,} characters)" if isinstance(value, str) else ""
    return f"{text[:half]}…{text[-half:]}{size}"
