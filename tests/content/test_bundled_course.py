"""The bundled AWS Lambda course meets the standard the course issue sets: complete, sourced and balanced."""

from __future__ import annotations

import difflib
import importlib.util
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Course, DiagramBlock, SimulationBlock, TableBlock
from coldstart.core.paths import bundled_course_dir

ROOT = Path(__file__).resolve().parents[2]
EXAM_WEIGHTS = {"development": 32, "security": 26, "deployment": 24, "troubleshooting": 18}

# The sections of the notes that had a picture (coverage.md), each to become a diagram, table or simulation.
PICTURES = {
    "S02": 1, "S04": 1, "S05": 1, "S07": 1, "S08": 1, "S10": 1, "S11": 1, "S12": 1, "S13": 1, "S14": 1,
    "S18": 1, "S19": 1, "S26": 1, "S27": 1, "S28": 1, "S29": 1, "S31": 1, "S34": 1, "S36": 1, "S38": 1,
    "S41": 1, "S43": 1, "S44": 1,
}  # fmt: skip


@cache
def course() -> Course:
    result = load_course(bundled_course_dir())
    assert result.problems == (), "\n".join(str(p) for p in result.problems)
    return result.course


def written_questions():
    return [q for q in course().questions if q.generator is None]


def test_the_course_validates_clean() -> None:
    assert course().title


def test_about_fifteen_modules_with_at_least_fifteen_questions_each() -> None:
    assert 14 <= len(course().topics) <= 24
    for topic in course().topics:
        assert len(course().questions_for(topic.id)) >= 15, topic.id


def test_at_least_300_questions_a_quarter_multiple_response() -> None:
    questions = course().questions
    assert len(questions) >= 300
    assert sum(q.type == "multiple" for q in questions) >= len(questions) / 4


def test_every_exam_domain_in_roughly_the_exams_proportions() -> None:
    counts = Counter(q.domain for q in course().questions)
    total = sum(counts.values())
    for domain, weight in EXAM_WEIGHTS.items():
        share = 100 * counts[domain] / total
        assert abs(share - weight) <= 10, f"{domain}: {share:.0f}% of the bank, {weight}% of the exam"


def test_all_53_sections_of_the_notes_are_covered() -> None:
    covered = {s for topic in course().topics for s in topic.covers}
    assert covered >= {f"S{n:02d}" for n in range(1, 54)}


def test_every_picture_of_the_notes_became_a_diagram_table_or_simulation() -> None:
    for topic in course().topics:
        pictures = sum(PICTURES.get(s, 0) for s in topic.covers)
        drawn = sum(
            isinstance(b, (DiagramBlock, TableBlock, SimulationBlock)) for s in topic.sections for b in s.blocks
        )
        assert drawn >= pictures, f"{topic.id}: {pictures} pictures in its sections, {drawn} diagrams/tables/simulations"


# Simulations whose topic module is written on another branch: the lead embeds them when it merges. The entry
# must go then, as the second assertion below fails as soon as the simulation is embedded.
AWAITING_THEIR_MODULE: dict[str, str] = {}  # simulation -> the module that will embed it, while it is written


def test_every_simulation_is_embedded_somewhere() -> None:
    from coldstart.core.sims import registry

    embedded = {b.name for t in course().topics for b in t.simulations}
    assert embedded >= set(registry.names()) - set(AWAITING_THEIR_MODULE)
    assert not embedded & set(AWAITING_THEIR_MODULE), "embedded now: remove it from AWAITING_THEIR_MODULE"


def test_every_question_cites_an_aws_page() -> None:
    for question in course().questions:
        host = urlparse(question.source).netloc
        assert host.endswith(("aws.amazon.com", "amazon.com")) and host, f"{question.id}: {question.source}"


def test_every_choice_has_a_reason_and_every_question_an_explanation() -> None:
    for question in written_questions():
        assert len(question.explanation.split()) >= 8, question.id
        for choice in question.choices:
            assert len(choice.why.split()) >= 3, f"{question.id}: {choice.text!r}"


def test_scenario_stems_not_only_recall() -> None:
    scenario = re.compile(r"\b(a|an|the)\s+(developer|company|team|application|engineer|startup|function)\b", re.I)
    questions = written_questions()
    assert sum(bool(scenario.search(q.stem)) for q in questions) >= 0.6 * len(questions)


def test_no_two_questions_ask_the_same_thing_the_same_way() -> None:
    stems = [(q.id, " ".join(q.stem.lower().split())) for q in written_questions()]
    for i, (id_a, a) in enumerate(stems):
        for id_b, b in stems[i + 1 :]:
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() > 0.9 and matcher.quick_ratio() > 0.9:
                assert matcher.ratio() <= 0.9, f"{id_a} and {id_b} have nearly the same stem"


def test_changed_since_the_notes_list_is_current() -> None:
    spec = importlib.util.spec_from_file_location("changed_since_notes", ROOT / "docs" / "changed_since_notes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(course())
    assert (ROOT / "docs" / "changed-since-notes.md").read_text(encoding="utf-8") == expected, (
        "run: python docs/changed_since_notes.py"
    )


def test_the_blueprints_the_exam_issue_asks_for() -> None:
    blueprints = {b.id: b for b in course().blueprints}
    full = blueprints["practice-exam"]
    assert (full.question_count, full.minutes, full.pass_mark) == (65, 130, 72)
    assert full.domain_weights == {k: float(v) for k, v in EXAM_WEIGHTS.items()}
    sprint = blueprints["lambda-sprint"]
    assert (sprint.question_count, sprint.minutes) == (20, 40)
    for domain in EXAM_WEIGHTS:
        assert blueprints[f"drill-{domain}"].domain_weights == {domain: 100.0}
