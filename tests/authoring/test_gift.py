"""Moodle GIFT: export, import, the round trip, and located errors for malformed files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from authoring_helpers import REPO, assert_located, carried, clean, imported, problems_of, tree, write
from coldstart.core.authoring import AuthoringError
from coldstart.core.authoring.exchange import ImportFailed, exportable
from coldstart.core.authoring.exchange.bank import Defaults, import_questions
from coldstart.core.authoring.exchange.gift import HINTS, escape, export_gift, parse_gift, unescape
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Choice
from hypothesis import given, settings
from hypothesis import strategies as st


def test_the_bundled_course_survives_the_round_trip(tmp_path: Path) -> None:
    course = load_course(REPO).course
    questions = exportable(course)
    assert len(questions) > 300
    back = parse_gift(write(tmp_path, export_gift(course, questions)))
    assert [imported(q.data) for q in back] == [carried(q) for q in questions]


def test_multiple_response_weights_share_100_percent(mini_course: Path) -> None:
    course = load_course(mini_course).course
    text = export_gift(course, exportable(course))
    assert "~%50%Right one#Because." in text and "~%-100%Wrong one#Because not." in text
    assert "=900 seconds#It is 15 minutes." in text and "$CATEGORY: $course$/mini/alpha" in text
    three = dataclasses.replace(course.question("alpha-02"), choices=(*course.question("alpha-02").choices, Choice("Right three", True, "So.")))
    assert text.count("~%33.33333%") == 0 and export_gift(course, [three]).count("~%33.33333%") == 3


@pytest.mark.parametrize("topic", ["alpha", "beta"])
def test_export_then_import_gives_the_same_questions(course_copy: Path, tmp_path: Path, topic: str) -> None:
    original = load_course(course_copy).course
    questions = exportable(original, [topic])
    source = write(tmp_path, export_gift(original, questions))
    bank = course_copy / "quizzes" / f"{topic}.yaml"
    bank.unlink()
    result = import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic=topic, out=bank)
    assert result.added == tuple(q.id for q in questions) and not result.merged
    clean(course_copy)
    after = load_course(course_copy).course
    for question in questions:
        again = after.question(question.id)
        assert carried(again) == carried(question)
        # The learner's history stays attached: same id, same type, same meaning.
        assert (again.topic, again.type, again.content_hash) == (question.topic, question.type, question.content_hash)


# Text full of what GIFT treats specially, line breaks, Markdown and backslashes.
PIECES = [*"ab ~=#{}:\\\n%-[]/>*`", "\\n", "::", "####", "%50%", "->", "//", "[markdown]"]
TRICKY = st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join).filter(lambda t: t.strip())


@settings(max_examples=100, deadline=None)
@given(TRICKY)
def test_escape_is_undone_by_unescape(text: str) -> None:
    assert unescape(escape(text)) == text.strip()
    assert "\n" not in escape(text)


@settings(max_examples=60, deadline=None)
@given(stem=TRICKY, texts=st.lists(TRICKY, min_size=2, max_size=5, unique_by=str.strip), why=TRICKY, explanation=TRICKY, multiple=st.booleans())
def test_any_text_survives_export_and_import(tmp_path_factory, stem: str, texts: list[str], why: str, explanation: str, multiple: bool) -> None:
    course = load_course(REPO / "tests" / "fixtures" / "mini").course
    correct = {0, 1} if multiple else {0}
    choices = tuple(Choice(t, i in correct, why) for i, t in enumerate(texts))
    question = dataclasses.replace(course.question("alpha-01"), stem=stem, choices=choices, explanation=explanation, type="multiple" if multiple else "single")
    path = tmp_path_factory.mktemp("gift") / "q.gift"
    path.write_text(export_gift(course, [question]), encoding="utf-8")
    (back,) = parse_gift(path)
    assert imported(back.data) == carried(question)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("::q1:: Stem {\n=a#x\n~b#y\n", (1, 13), "never closed"),
        ("::q1:: True? {T}\n", (1, 14), "true/false"),
        ("::q1:: Grass is {=green =verde}\n", (1, 17), "short-answer"),
        ("::q1:: Pair {=a -> b =c -> d}\n", (1, 13), "matching"),
        ("::q1:: How many? {#3}\n", (1, 18), "numerical"),
        ("::q1:: Tell me {}\n", (1, 16), "essay"),
        ("// hi\n\n::q1:: no braces here\n\n::q2:: Fine {=a#x ~b#y}\n", (3, 1), "without answers"),
        ("::q1:: Stem {=a#x ~b#y} and more\n", (1, 24), "missing-word"),
        ("::q1:: Stem {\n=#x\n~b#y\n}\n", (2, 1), "no text"),
        ("::q1:: Stem {\nstray =a#x ~b#y}\n", (2, 1), "expected = "),
        ("\n\n// only comments\n", (1, 1), "no questions"),
    ],
)
def test_malformed_gift_is_located(tmp_path: Path, text: str, where: tuple[int, int], words: str) -> None:
    problems = problems_of(parse_gift, write(tmp_path, text))
    assert_located(problems, where, words)


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    problems = problems_of(parse_gift, write(tmp_path, "::a:: T? {T}\n\n::b:: Fine {=x#y ~z#w}\n\n::c:: Open {\n=x\n"))
    assert [(line, words in message) for (line, _, message), words in zip(problems, ["true/false", "never closed"])] == [(1, True), (5, True)]


def test_not_utf8_or_binary_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_bytes(b"::q1:: caf\xe9 {=a#x ~b#y}\n")
    assert problems_of(parse_gift, bad)[0][:2] == (1, 11) and "UTF-8" in problems_of(parse_gift, bad)[0][2]
    binary = tmp_path / "bin.gift"
    binary.write_bytes(b"::q1::\n\x00\x01")
    assert problems_of(parse_gift, binary)[0][:2] == (2, 1)


def test_missing_pieces_are_located_at_the_question_and_nothing_is_written(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "// domain: nowhere\n::new-01:: Stem? {\n=a#right\n~b\n####Because.\n}\n")
    before = tree(course_copy)
    with pytest.raises(ImportFailed) as raised:
        import_questions(
            parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta",
            out=course_copy / "quizzes" / "new.yaml", defaults=Defaults(source="https://docs.aws.amazon.com/sqs/"),
        )  # fmt: skip
    found = {(p.line, p.column): p.message for p in raised.value.problems}
    assert any("unknown domain 'nowhere'" in m for (line, _), m in found.items() if line == 1), found
    assert tree(course_copy) == before


def test_a_missing_why_points_at_its_answer(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "::new-01:: Stem? {\n=a#right\n~b\n####Because.\n}\n")
    with pytest.raises(ImportFailed) as raised:
        import_questions(
            parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta",
            out=course_copy / "quizzes" / "new.yaml", defaults=Defaults(source="https://docs.aws.amazon.com/sqs/"),
            hints={"why": "GIFT writes it as #feedback"},
        )  # fmt: skip
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (3, 1) and "'why'" in problem.message and "#feedback" in problem.message


def test_foreign_gift_gets_made_up_ids_and_the_defaults(course_copy: Path, tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "$CATEGORY: $course$/Default\n\n::Q1 capital:: [html]What is the capital of France? {\n=Paris#Right.\n~Lyon#No.\n####Paris.\n}\n\n"
        "::q2::Which are prime? {~%50%2#yes ~%50%3#yes ~%-100%4#no ####2 and 3.}\n",
    )
    out = course_copy / "quizzes" / "capitals.yaml"
    defaults = Defaults(domain="security", difficulty=1, source="https://en.wikipedia.org/wiki/Paris", tags=("imported",))
    result = import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=out, defaults=defaults)
    assert result.added == ("beta-02", "q2")  # beta-01 is taken by the mini course
    clean(course_copy)
    course = load_course(course_copy).course
    first, second = course.question("beta-02"), course.question("q2")
    assert (first.stem, first.type, first.domain, first.difficulty, first.tags) == ("What is the capital of France?", "single", "security", 1, ("imported",))
    assert second.type == "multiple" and second.correct_indexes == {0, 1}
    assert out.read_text().startswith("# Imported by coldstart") or "# yaml-language-server" in out.read_text().splitlines()[0]


def test_existing_banks_are_only_extended_with_merge(course_copy: Path, tmp_path: Path) -> None:
    course = load_course(course_copy).course
    bank = course_copy / "quizzes" / "alpha.yaml"
    bank.write_text("# the author's own comment\n" + bank.read_text())
    original = bank.read_text()
    extra = dataclasses.replace(course.question("alpha-01"), id="alpha-03", stem="A new question?")
    source = write(tmp_path, export_gift(course, [*exportable(course, ["alpha"]), extra]))
    with pytest.raises(AuthoringError, match="--merge"):
        import_questions(parse_gift(source), source_file=source, course=course, topic="alpha", out=bank)
    assert bank.read_text() == original
    result = import_questions(parse_gift(source), source_file=source, course=course, topic="alpha", out=bank, merge=True)
    assert (result.added, result.skipped, result.merged) == (("alpha-03",), ("alpha-01", "alpha-02"), True)
    assert bank.read_text().startswith(original)
    clean(course_copy)
    assert load_course(course_copy).course.question("alpha-03").stem == "A new question?"


def test_ids_used_by_other_banks_are_refused(course_copy: Path, tmp_path: Path) -> None:
    course = load_course(course_copy).course
    source = write(tmp_path, export_gift(course, exportable(course, ["alpha"])))
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_gift(source), source_file=source, course=course, topic="beta", out=course_copy / "quizzes" / "more.yaml")
    assert ["already used in alpha.yaml" in p.message for p in raised.value.problems] == [True, True]
    assert not (course_copy / "quizzes" / "more.yaml").exists()


def test_duplicate_ids_in_the_file_are_located(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "::same:: One? {=a#x ~b#y ####e}\n\n::same:: Two? {=a#x ~b#y ####e}\n")
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=tmp_path / "out.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (3, 1) and "duplicate question id 'same' (first at line 1)" in problem.message


MOODLE_EXPORT = """// question: 0  name: Switch category to $course$/top/Default for Lambda
$CATEGORY: $course$/top/Default for Lambda

// question: 4711  name: Lambda timeout
::Lambda timeout::[html]<p>What is the <strong>maximum</strong> timeout of a Lambda&nbsp;function?</p>{
\t=<p>900 seconds</p>
\t~<p>300 seconds</p>
\t~<p>60&nbsp;seconds &amp; more</p>
}

// question: 4712  name: Which two
::Which two::[html]<p>Which two can invoke a function <em>asynchronously</em>? (Choose two.)</p>{
\t~%50%<p>Amazon SNS</p>
\t~%50%Amazon <code>S3</code> events
\t~%-100%<p>Amazon EBS</p>
}
"""


def test_a_moodle_export_is_refused_without_placeholders_and_says_how(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, MOODLE_EXPORT)
    before = tree(course_copy)
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta",
                         out=course_copy / "quizzes" / "moodle.yaml", hints=HINTS)  # fmt: skip
    assert len(raised.value.problems) == 8  # a source per question, a why per answer
    assert all("--allow-placeholders" in problem.message for problem in raised.value.problems)
    assert tree(course_copy) == before


def test_a_moodle_export_imports_with_marked_placeholders_and_markdown(course_copy: Path, tmp_path: Path) -> None:
    from coldstart.core.authoring.exchange.bank import PLACEHOLDER

    source = write(tmp_path, MOODLE_EXPORT)
    out = course_copy / "quizzes" / "moodle.yaml"
    result = import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=out,
                              defaults=Defaults(placeholders=True))  # fmt: skip
    assert result.placeholders == 2 * 2 + 3 + 3  # an explanation and a source each, and a why per answer
    clean(course_copy)
    course = load_course(course_copy).course
    first, second = (course.question(qid) for qid in result.added)
    assert first.stem == "What is the **maximum** timeout of a Lambda function?"
    assert [c.text for c in first.choices] == ["900 seconds", "300 seconds", "60 seconds & more"]
    assert first.choices[0].why == f"{PLACEHOLDER} say why this choice is right."
    assert first.choices[1].why == f"{PLACEHOLDER} say why this choice is wrong."
    assert first.explanation.startswith(PLACEHOLDER)
    assert second.stem == "Which two can invoke a function *asynchronously*? (Choose two.)"
    assert [c.text for c in second.choices] == ["Amazon SNS", "Amazon `S3` events", "Amazon EBS"]
    assert second.correct_indexes == {0, 1}


def test_placeholders_fill_only_what_is_missing(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "::q9::Which one? {\n=Right#Because it is.\n~Wrong\n####Whole reasoning.\n}\n")
    out = course_copy / "quizzes" / "some.yaml"
    result = import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta", out=out,
                              defaults=Defaults(source="https://docs.aws.amazon.com/lambda/", placeholders=True))  # fmt: skip
    assert result.placeholders == 1
    question = load_course(course_copy).course.question("q9")
    assert question.choices[0].why == "Because it is." and question.explanation == "Whole reasoning."
    assert question.source == "https://docs.aws.amazon.com/lambda/"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>One</p><p>Two<br>lines</p>", "One\n\nTwo\nlines"),
        ("<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em>", "**bold** **strong** *it* *em*"),
        ("a<strong> bold </strong>b and <em>it </em>x", "a **bold** b and *it* x"),
        ("<p>Run <code>aws lambda invoke</code> with a*b</p>", "Run `aws lambda invoke` with a\\*b"),
        ("<pre>def handler(event, context):\n    return 1</pre>", "```\ndef handler(event, context):\n    return 1\n```"),
        ('<a href="https://docs.aws.amazon.com/lambda/">the guide</a>', "[the guide](https://docs.aws.amazon.com/lambda/)"),
        ("<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><ol><li>a</li><li>b</li></ol>", "- one\n- two\n  - deep\n\n1. a\n2. b"),
        ("&lt;tag&gt; &amp; 60&nbsp;s &quot;q&quot; &#8217;", "<tag> & 60 s \"q\" \u2019"),
        ('<p dir="ltr" style="text-align:left;"><span class="x">kept   text</span></p>', "kept text"),
    ],
)
def test_moodle_html_becomes_markdown(html: str, markdown: str) -> None:
    from coldstart.core.authoring.exchange.html_markdown import html_to_markdown

    assert html_to_markdown(html) == markdown


def test_a_difficulty_comment_that_only_looks_like_digits_is_located(course_copy: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "// difficulty: ²\n::q7::Which? {\n=Yes#Right.\n~No#Wrong.\n####Because.\n}\n")
    with pytest.raises(ImportFailed) as raised:
        import_questions(parse_gift(source), source_file=source, course=load_course(course_copy).course, topic="beta",
                         out=course_copy / "quizzes" / "x.yaml", defaults=Defaults(source="https://docs.aws.amazon.com/lambda/"))  # fmt: skip
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (1, 16) and "difficulty: expected a whole number from 1 to 3, got text" in problem.message
