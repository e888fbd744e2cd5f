"""How the core writes counts: "3 shards", "Choose two". The app and the command line use the same words."""

from __future__ import annotations

__all__ = ["count_of", "count_word"]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """ "1 shard", "4 shards", "1,200 answers": a count with its noun (`plural` when it is not noun + s)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def count_word(n: int) -> str:
    """A small count as a word ("two"), as the exam writes "(Choose two.)"; larger ones as digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
