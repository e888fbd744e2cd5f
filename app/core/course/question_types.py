"""Question types: each kind of question defined once — how many choices it takes, how an answer is scored,
how its key must look, and how it is described to the learner ("Choose two").

The validator, practice, exams, the exports and the screens ask a question's `kind` instead of testing
`question.type == "multiple"`. A new question type is one more `QuestionKind` in `QUESTION_TYPES` (and, if it
is drawn differently, a look in `app/ui/widgets/choices.py`); docs/architecture.md lists the files it touches.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from ..wording import count_of, count_word

QuestionType = Literal["single", "multiple"]


def choose_text(count: int) -> str:
    """ "Choose two", as the exam asks for multiple response."""
    return f"Choose {count_word(count)}"


@dataclass(frozen=True)
class QuestionKind:
    """One type of question.

    `several`: the learner may pick more than one choice (check boxes rather than radio buttons).
    `min_correct`/`max_correct`: how many correct choices its key may have; `needs_a_wrong_choice`: whether
    a key with every choice correct is refused. The validator checks these rules (`key_problem`).
    """

    name: QuestionType
    label: str  # "single response"
    several: bool
    min_correct: int
    max_correct: int | None  # None: no upper bound other than `all_may_be_correct`
    needs_a_wrong_choice: bool = False

    # --- the key, as the validator checks it ---------------------------------------------------------

    def key_problem(self, name: str, correct: int, choices: int) -> str | None:
        """Why a key with `correct` right answers out of `choices` does not fit this type, or None if it does.

        `name` is how the question is called in the message ("question 'q1'")."""
        if self.max_correct is not None and self.min_correct == self.max_correct and correct != self.min_correct:
            what = "no correct choice" if correct == 0 else f"{correct} correct choices"
            return f"{name} has {what}; a {self.label} question has exactly {count_word(self.min_correct)}"
        if correct < self.min_correct:
            return f"{name} has {count_of(correct, 'correct choice')}; a {self.label} question has at least {count_word(self.min_correct)}"
        if self.max_correct is not None and correct > self.max_correct:
            return f"{name} has {correct} correct choices; a {self.label} question has at most {count_word(self.max_correct)}"
        if self.needs_a_wrong_choice and correct == choices:
            return f"{name}: every choice is correct; add a wrong one"
        return None

    # --- answering ----------------------------------------------------------------------------------------

    def may_hold(self, picked: Collection[int]) -> bool:
        """Whether `picked` can ever be an answer of this type (a single response holds one pick at most)."""
        return self.several or len(picked) <= 1

    def count_problem(self, choose: int, picked: Collection[int]) -> str | None:
        """'Choose two: you picked three' when a question of this type needs `choose` picks and `picked` has
        another number (a single response only ever holds one, so it never has this problem); else None."""
        if not self.several or not picked or len(picked) == choose:
            return None
        return f"Choose {count_word(choose)}: you picked {count_word(len(picked))}"

    def instruction(self, choose: int) -> str:
        """What the learner is told above the choices ("Choose two."), or "" when picking one says it all."""
        return f"{choose_text(choose)}." if self.several else ""

    @staticmethod
    def score(correct: Collection[int], picked: Collection[int]) -> bool:
        """All-or-nothing, as on the real exam: right only when exactly the correct choices are picked."""
        return frozenset(picked) == frozenset(correct)


SINGLE = QuestionKind("single", "single-response", several=False, min_correct=1, max_correct=1)
MULTIPLE = QuestionKind("multiple", "multiple-response", several=True, min_correct=2, max_correct=None, needs_a_wrong_choice=True)

QUESTION_TYPES: dict[str, QuestionKind] = {kind.name: kind for kind in (SINGLE, MULTIPLE)}


def kind_of(name: str) -> QuestionKind:
    """The question type called `name` (KeyError for an unknown one: the loader refuses those first)."""
    return QUESTION_TYPES[name]


def kind_for_key(correct: int) -> QuestionKind:
    """The type a key with `correct` right answers reads as, when a file leaves the type out (imports): the
    first that takes it, or single response when none does (the validator then says what is wrong)."""
    fits = (kind for kind in QUESTION_TYPES.values() if kind.key_problem("", correct, correct + 1) is None)
    return next(fits, SINGLE)
