"""An item-writing linter: flaws that let a learner find the key without knowing the answer.

`lint_course` returns `Finding`s located like compiler errors: per question (the rules of `lint_rules.
QUESTION_RULES`) and per bank and for the pooled course (the surface-cue floors of `cues`). Findings are
warnings: the app serves the course whatever they say. A question may keep a deliberate exception visible
with `lint: {ignore: [rule, ...]}`; the rule is then skipped for that question only.

Generated questions are written by their simulation, not by the course author, so only the bank figures
count them (through `cues`, over their drawings); the per-question rules look at written questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..course.model import Course, Question
from ..course.result import LoadResult, Problem
from ..course.yamlfile import YamlDocument, read_yaml
from . import cues

__all__ = ["Finding", "LintReport", "lint", "lint_course"]


@dataclass(frozen=True, order=True)
class Finding:
    """One warning, located like a compiler error."""

    file: Path
    line: int
    column: int
    rule: str
    message: str
    question: str = ""  # the question's id, for per-question rules

    def display(self, root: Path | None = None) -> str:
        """`file:line:column: message [rule]`, the file relative to `root` when it is inside it (as problems are)."""
        return Problem(self.file, self.line, self.column, f"{self.message} [{self.rule}]").display(root)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "file": str(self.file)}


# --- the per-question rules ---------------------------------------------------------------------------------

# "All of the above", "none of these" (as the whole choice), "both A and B", "neither B nor D".
_ALL_OF_THE_ABOVE = re.compile(
    r"(?i:\b(all|none|both|neither) of the (above|previous|preceding|other (choices|answers|options))\b)"
    r"|^\s*(?i:(all|none|both|neither) of (these|those|them))\W*$"
    r"|\b(?i:both|all of|none of|neither|either) [A-F](,? (?i:and|or|nor) [A-F])+\b"
)
# Specific determiners: words that make a statement absolute. "Every 5 minutes" or "all of them" are not, so the
# list keeps to words that are absolute wherever they stand.
_ABSOLUTE = re.compile(r"\b(always|never|only|must|cannot|can never|none|impossible|guaranteed)\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(not|except|false|incorrect)\b", re.IGNORECASE)
# A negative after one of these belongs to a clause that explains ("because Lambda@Edge does not support them"),
# not to what the question asks.
_SUBORDINATE = re.compile(r"\b(because|since|although|though|when|whenever|if|unless|that|so|while|where|after|before)\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_")
_CHOOSE = re.compile(r"\b(choose|select|pick)\s+(two|three|four|five|\d)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*", re.IGNORECASE)
_QUESTION_SENTENCE = re.compile(r"[^.?!]*\?")

# Words too common in this domain (or in English) to be a clue when a choice repeats them.
_STOPWORDS = frozenset(
    """a about above after again against all also an and any are as at be because been before being below between
    both but by can cannot could did do does doing down during each few for from further had has have having he
    her here how i if in into is it its itself just more most no nor not now of off on once only or other our out
    over own same should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your each
    function functions lambda aws amazon developer developers team company application applications use uses
    using used needs need must should want wants requires required way best which what following true happens
    make makes set sets run runs""".split()
)

# A correct choice this many times as long as the longest wrong one, and at least LONG_KEY_CHARS longer, stands out.
LONG_KEY_FACTOR = 1.6
LONG_KEY_CHARS = 25
# A key echoing this many distinctive stem words that no distractor has is a clang association.
CLANG_WORDS = 2
COMMON_SHARE = 0.10


@dataclass(frozen=True)
class _Hit:
    rule: str
    message: str
    where: tuple[str | int, ...]  # path inside the question: ("stem",), ("choices", 2, "text"), ("choices",)


def _words(text: str) -> set[str]:
    """The text's words, lowercased, each in its singular (crudely: "uploads" and "upload" are one word)."""
    return {_singular(w.lower()) for w in _WORD.findall(text)}


def _singular(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _prose(text: str) -> str:
    """The text without its `code spans`: an auth type `NONE` or a path is not a word of the sentence."""
    return re.sub(r"`[^`]*`", " ", text)


def _question_sentence(stem: str) -> str:
    """The sentence that asks (the last one ending with a question mark), else the stem's last sentence."""
    asked = _QUESTION_SENTENCE.findall(" ".join(stem.split()))
    if asked:
        return str(asked[-1])
    sentences = [s for s in re.split(r"(?<=[.!])\s+", stem.strip()) if s.strip()]
    return sentences[-1] if sentences else stem


def _all_of_the_above(q: Question) -> Iterable[_Hit]:
    for i, choice in enumerate(q.choices):
        match = _ALL_OF_THE_ABOVE.search(choice.text)
        if match:
            yield _Hit("all-of-the-above", f'choice {_letter(i)} says "{match.group(0)}": it tests logic, not knowledge; name the facts', ("choices", i, "text"))


def _similar_choices(q: Question) -> Iterable[_Hit]:
    """Two choices with the same tokens once case, articles and a final full stop are set aside.

    Choices that differ in one word or one symbol (`/opt` and `/tmp`, `sg-fn` and `sg-db` swapped) are parallel
    distractors, the mark of a good item, not near-duplicates: only a difference that changes nothing counts.
    """
    seen: dict[tuple[str, ...], int] = {}
    for i, choice in enumerate(q.choices):
        tokens = _tokens(choice.text)
        if tokens in seen:
            yield _Hit("similar-choices", f"choices {_letter(seen[tokens])} and {_letter(i)} say the same thing", ("choices", i, "text"))
        else:
            seen[tokens] = i


_FILLER = frozenset({"a", "an", "the"})


def _tokens(text: str) -> tuple[str, ...]:
    tokens = [t for t in re.findall(r"\w+|[^\w\s]", text.lower()) if t not in _FILLER]
    while tokens and tokens[-1] in {".", ";", ","}:
        tokens.pop()
    return tuple(tokens)


def _clang(q: Question, common: frozenset[str]) -> Iterable[_Hit]:
    """A key that repeats distinctive stem words no distractor uses: the learner can match words instead of knowing.

    Distinctive: not a stop word, longer than three letters, and not common in the bank (a CloudFront bank says
    "CloudFront" everywhere; echoing it gives nothing away).
    """
    stem = {w for w in _words(_prose(q.stem)) if len(w) > 3 and w not in _STOPWORDS and w not in common}
    wrong = set().union(*(_words(c.text) for c in q.choices if not c.correct))
    for i, choice in enumerate(q.choices):
        if not choice.correct:
            continue
        echoed = sorted((stem & _words(_prose(choice.text))) - wrong)
        if len(echoed) >= CLANG_WORDS:
            listed = ", ".join(f'"{w}"' for w in echoed[:4])
            yield _Hit("clang", f"only the key (choice {_letter(i)}) repeats the stem's words {listed}; let distractors use them too, or reword", ("choices", i, "text"))


def common_words(questions: Sequence[Question]) -> frozenset[str]:
    """Words in at least COMMON_SHARE of a bank's written questions (and at least two): the bank's subject, not a clue."""
    counts: dict[str, int] = {}
    written = [q for q in questions if q.generator is None]
    for q in written:
        for word in _words(_prose(" ".join([q.stem, *(c.text for c in q.choices)]))):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= max(2, COMMON_SHARE * len(written)))


def _absolute_words(q: Question) -> Iterable[_Hit]:
    """Absolute words only in distractors teach test-wise learners that "always" and "never" are wrong.

    A word the stem itself uses ("How must the parsing change?") is the question's wording, not a claim.
    """
    asked = {m.group(0).lower() for m in _ABSOLUTE.finditer(_prose(q.stem))}

    def absolute(text: str) -> re.Match[str] | None:
        return next((m for m in _ABSOLUTE.finditer(_prose(text)) if m.group(0).lower() not in asked), None)

    in_key = any(_ABSOLUTE.search(_prose(c.text)) for c in q.choices if c.correct)  # the stem's words count here
    flagged = [(i, match) for i, c in enumerate(q.choices) if not c.correct and (match := absolute(c.text))]
    if in_key or len(flagged) < 2:
        return
    words = ", ".join(sorted({m.group(0).lower() for _, m in flagged}))
    letters = ", ".join(_letter(i) for i, _ in flagged)
    yield _Hit("absolute-words", f'distractors {letters} use absolute words ({words}) and the key does not', ("choices", flagged[0][0], "text"))


def _negative_stem(q: Question) -> Iterable[_Hit]:
    asked = _question_sentence(q.stem)
    main = _SUBORDINATE.split(asked, maxsplit=1)[0]
    emphasised = {m.group(0).strip("*_").upper() for m in _EMPHASIS.finditer(main)}
    for match in _NEGATIVE.finditer(main):
        word = match.group(0)
        if (word.isupper() and len(word) > 1) or word.upper() in emphasised:
            continue
        yield _Hit("negative-stem", f'the stem asks a negative question ("{word}"): write it as {word.upper()} or **{word}** so no one misses it', ("stem",))
        return


def _long_key(q: Question) -> Iterable[_Hit]:
    wrong = [len(c.text) for c in q.choices if not c.correct]
    if not wrong:
        return
    longest_wrong = max(wrong)
    for i, choice in enumerate(q.choices):
        length = len(choice.text)
        if choice.correct and length >= LONG_KEY_FACTOR * longest_wrong and length - longest_wrong >= LONG_KEY_CHARS:
            yield _Hit("long-key", f"the key (choice {_letter(i)}, {length} characters) is far longer than every distractor (at most {longest_wrong})", ("choices", i, "text"))


def _choose_count(q: Question) -> Iterable[_Hit]:
    if q.type == "multiple" and not _CHOOSE.search(q.stem):
        yield _Hit("choose-count", f"the stem does not say how many choices to pick: end it with (Choose {_count_word(q.choose)}.)", ("stem",))


def _letter(index: int) -> str:
    return chr(65 + index)


def _count_word(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


_QUESTION_CHECKS = (_all_of_the_above, _similar_choices, _absolute_words, _negative_stem, _long_key, _choose_count)


def question_hits(question: Question, common: frozenset[str] = frozenset()) -> list[_Hit]:
    """What the per-question rules find in a written question (before any `lint: ignore`).

    `common` are the words common in its bank (see common_words), which the clang rule does not count.
    """
    if question.generator is not None:
        return []
    hits = [hit for check in _QUESTION_CHECKS for hit in check(question)]
    return hits + list(_clang(question, common))


# --- a whole course ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LintReport:
    """The findings of a course, and the cue figures they were judged on (per bank file, and "pooled")."""

    findings: tuple[Finding, ...]
    figures: dict[str, cues.CueFigures]

    def counts(self) -> dict[str, int]:
        """Findings per rule, most frequent first."""
        counted: dict[str, int] = {}
        for finding in self.findings:
            counted[finding.rule] = counted.get(finding.rule, 0) + 1
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def lint_course(root: Path | str) -> tuple[LoadResult, LintReport]:
    """Load the course at `root` (through the course cache) and lint it."""
    from ..course.cache import load_course_cached

    result = load_course_cached(Path(root))
    return result, lint(result.course)


def lint(course: Course) -> LintReport:
    """Every finding of a loaded course, sorted by file and line."""
    findings: list[Finding] = []
    figures: dict[str, cues.CueFigures] = {}
    by_bank: dict[Path, list[Question]] = {}
    for question in course.questions:
        if question.location is not None:
            by_bank.setdefault(question.location.file, []).append(question)
    for bank, questions in sorted(by_bank.items()):
        findings += _lint_bank(bank, questions, figures)
    pooled = [item for q in course.questions for item in _items(q)]
    figures["pooled"] = cues.figures(pooled)
    course_file = course.root / "content" / "course.yaml"
    if cues.judged(pooled):
        for breach in cues.breaches(figures["pooled"]):
            findings.append(Finding(course_file, 1, 1, breach.rule, f"the course as a whole: {breach.message}"))
    return LintReport(tuple(sorted(findings)), figures)


def _lint_bank(bank: Path, questions: Sequence[Question], figures: dict[str, cues.CueFigures]) -> list[Finding]:
    doc = read_yaml(bank)
    raw = doc.data.get("questions") if isinstance(doc.data, dict) else None
    index_of = {q.get("id"): i for i, q in enumerate(raw or []) if isinstance(q, dict)}
    findings: list[Finding] = []
    common = common_words(questions)
    for question in questions:
        at = ("questions", index_of[question.id]) if question.id in index_of else None
        ignored = _ignored(raw[at[1]]) if raw and at else set()
        for hit in question_hits(question, common):
            if hit.rule in ignored:
                continue
            line, column = _where(doc, at, hit.where, question)
            findings.append(Finding(bank, line, column, hit.rule, f"question {question.id!r}: {hit.message}", question.id))
    items = [item for q in questions for item in _items(q)]
    figures[bank.name] = bank_figures = cues.figures(items)
    if cues.judged(items):
        line, column = doc.where(("questions",), key=True)
        for breach in cues.breaches(bank_figures):
            findings.append(Finding(bank, line, column, breach.rule, f"this bank: {breach.message}"))
    return findings


def _where(doc: YamlDocument, at: tuple[str, int] | None, inner: tuple[str | int, ...], question: Question) -> tuple[int, int]:
    if at is None:
        location = question.location
        return (location.line, location.column) if location else (1, 1)
    return doc.where((*at, *inner))


def _ignored(raw_question: dict[str, Any]) -> set[str]:
    lint = raw_question.get("lint")
    ignore = lint.get("ignore") if isinstance(lint, dict) else None
    return {str(rule) for rule in ignore} if isinstance(ignore, list) else set()


# Generated questions are drawn GENERATED_DRAWS times for the bank figures; the drawings depend only on what the
# content hash covers (simulation, ask, its version, params), so they are kept for the life of the process
# (`--watch` lints after every save).
_generated_items: dict[str, list[cues.Item]] = {}


def _items(question: Question) -> list[cues.Item]:
    if question.generator is None:
        return cues.items_of(question)
    key = question.content_hash
    if key not in _generated_items:
        _generated_items[key] = cues.items_of(question)
    return _generated_items[key]

