"""The item-writing rules `coldstart lint` checks, by id (the names a question's `lint: {ignore: [...]}` may use).

Kept apart from the linter itself so the course schema can list them without importing the linter.
"""

from __future__ import annotations

# Rules about one question: id -> what it flags.
QUESTION_RULES: dict[str, str] = {
    "all-of-the-above": 'a choice reads "all of the above", "none of the above" or the like',
    "similar-choices": "two choices are the same or nearly the same",
    "clang": "only the key repeats distinctive words of the stem",
    "absolute-words": "absolute words (always, never, only, must…) appear in distractors but not in the key",
    "negative-stem": "the stem asks a negative question (NOT, EXCEPT, LEAST) without emphasising the word",
    "long-key": "a correct choice is far longer than every wrong one",
    "choose-count": "a multiple-response stem does not say how many choices to pick",
}

# Rules about a whole bank (and the pooled course): id -> what it flags. See authoring.cues for the figures.
BANK_RULES: dict[str, str] = {
    "key-longest": "the key is too often the longest choice",
    "key-shortest": "the key is too often the shortest choice",
    "k-longest-key": "in multiple-response questions the k longest choices are too often the key",
    "length-ratio": "correct choices are on average longer (or shorter) than wrong ones",
    "pick-longest": '"pick the longest" beats blind guessing',
    "pick-shortest": '"pick the shortest" beats (or trails) blind guessing',
    "key-position": "keys are unevenly spread over positions A, B, C, D",
}

RULE_IDS: tuple[str, ...] = (*QUESTION_RULES, *BANK_RULES)
