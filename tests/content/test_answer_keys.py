"""Answer keys checked against the fact sheet (../shared/reference/lambda-facts.md).

Wrong keys are the most common complaint about exam question banks. Every question whose stem asks about one
of the numbers or named limits below must have a correct choice stating the sheet's value; and no correct
choice may state a figure the sheet marks as outdated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import Question
from coldstart.core.paths import bundled_course_dir


@dataclass(frozen=True)
class Fact:
    name: str
    section: str  # where lambda-facts.md states it
    asks: str  # a stem that matches this asks about the fact ...
    key: str  # ... and one of its correct choices must match this


FACTS = [
    Fact("function timeout maximum", "§8", r"runs? for about (2\d|[3-9]\d) minutes|\b(2\d|[3-9]\d)-minute job", r"15 minutes|900 seconds|Fargate"),
    Fact("default timeout", "§8", r"Task timed out after 3\.00 seconds", r"timeout"),
    Fact("unreserved floor", "§4", r"reserved concurrency of 9\d\d", r"at least 100|100 units"),
    Fact("scaling rate", "§4", r"how does lambda scale the function", r"1,000 execution environments every 10 seconds"),
    Fact("1,769 MB is one vCPU", "§7", r"(vCPU|single-threaded|threads?)\b.*\b(memory|MB)|\b(memory|MB)\b.*(vCPU|threads?)\b", r"1,769|7,076|four times"),
    Fact("pricing example", "§6", r"3 million.{0,80}1 second|\$0\.00001667 per GB-second", r"\$18\.74"),
    Fact("free tier", "§6", r"statements about the AWS Lambda free tier", r"1 million requests|400,000 GB-seconds"),
    Fact("free tier in a bill", "§6", r"2 million times a month, and each invocation bills 500 ms", r"\$10\.20"),
    Fact("SQS standard scaling", "§3", r"how lambda scales the event source mapping", r"300 concurrent invocations per minute|maximum concurrency"),
    Fact("SQS visibility timeout", "§3", r"visibility timeout.{0,80}(recommend|AWS)|following AWS recommendations", r"(at least|≥)\s*(6|six) ?×|12 minutes|six times"),
    Fact("maxReceiveCount", "§3", r"set aside automatically after a few attempts", r"maxReceiveCount of 5|maxReceiveCount"),
    Fact("layers per function", "§8", r"sixth layer|six separate Lambda layers", r"five"),
    Fact("async retry waits", "§1", r"throw an exception for every event", r"1 minute.{0,60}2 minutes|three times"),
    Fact("event age", "§1", r"cannot be processed immediately", r"6 hours"),
    Fact("INIT billing", "§4", r"How is that initialization time billed", r"billed.{0,40}1 August 2025|billed as function duration"),
    Fact("reserved concurrency is free", "§4", r"not want to pay extra for this guarantee", r"reserved concurrency"),
]

# Figures the fact sheet (section 12) says are outdated: no key may teach them as current.
STALE = [
    (r"1,792 ?MB", "one vCPU is at 1,769 MB, not 1,792 MB (§12 row 2)"),
    (r"\b60 (more )?(instances|concurrent|invocations)? ?(per|a|every) minute", "SQS scaling adds up to 300 per minute since late 2023 (§12 row 3)"),
    (r"\$1(\.00)? (for|per|buys) 600,000 GB", "$1 buys about 60,000 GB-s on x86 (§12 row 1)"),
    (r"\b500 (per|a|every) minute|3,000 (in the first minute|burst)", "the account burst model ended on 27 Nov 2023 (§12 row 7)"),
    (r"ThrottleError", "the error is TooManyRequestsException (§12 row 8)"),
    (r"\bgo1\.x\b(?! is deprecated| runtime is deprecated)", "go1.x is deprecated; Go uses provided.al2023 (§12 row 14)"),
    (r"async\w* (payload|invocations?).{0,40}256 KB", "asynchronous payloads are 1 MB since Oct 2025 (§12 row 11)"),
    (r"Kinesis Data Firehose", "renamed Amazon Data Firehose (§12 row 20)"),
]


@cache
def questions() -> tuple[Question, ...]:
    return tuple(q for q in load_course(bundled_course_dir()).course.questions if q.generator is None)


def keys(question: Question) -> list[str]:
    return [" ".join(c.text.split()) for c in question.choices if c.correct]


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.name)
def test_keys_agree_with_the_fact_sheet(fact: Fact) -> None:
    asking = [q for q in questions() if re.search(fact.asks, " ".join(q.stem.split()), re.IGNORECASE | re.DOTALL)]
    assert asking, f"no question asks about {fact.name} any more: update the pattern or the table"
    for question in asking:
        assert any(re.search(fact.key, k, re.IGNORECASE) for k in keys(question)), (
            f"{question.id} asks about {fact.name} ({fact.section}) but no correct choice says so: {keys(question)}"
        )


def test_no_key_teaches_an_outdated_figure() -> None:
    for question in questions():
        for key in keys(question):
            for pattern, why in STALE:
                assert not re.search(pattern, key, re.IGNORECASE), f"{question.id}: {key!r} — {why}"
