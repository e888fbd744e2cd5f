"""Run by test_safety: record answers one by one, printing each answer's id once it is committed."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from coldstart.core.clock import FakeClock
from coldstart.core.progress.store import open_store
from conftest import START, answer, make_course


def main(path: str) -> None:
    course = make_course()
    clock = FakeClock(START)
    store = open_store(path, course, clock=clock, fuzz=False)
    ids = [q.id for q in course.questions]
    for n in itertools.count():
        result = answer(store, ids[n % len(ids)], n % 3 != 0)
        print(result.answer_id, flush=True)  # record_answer has returned: the answer is committed
        clock.advance(7)


if __name__ == "__main__":
    main(sys.argv[1])
