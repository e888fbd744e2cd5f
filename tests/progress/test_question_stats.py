"""Question statistics on a generated class history: ten learners, each in their own database, merged by import.

The history is built so every figure is known in advance (see `PLAN`): a question that discriminates
perfectly, one that is mis-keyed (strong learners all pick the same wrong choice), one everyone gets right,
one nobody answered, plus repeated answers, an answer to an earlier version and one to a retired question.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.clock import FakeClock
from coldstart.core.course.model import Course, Location
from coldstart.core.progress.question_stats import MIN_LEARNERS, NEEDS_LEARNERS, question_statistics
from coldstart.core.progress.store import ProgressStore, open_store
from coldstart.core.progress.transfer import export_progress, import_progress

from .conftest import START, make_course, make_question

LEARNERS = range(10)


def pick(question_id: str, k: int) -> int:
    """The choice learner `k` (0 weakest ... 9 strongest) picks on a first answer; choice 0 is always the key."""
    wrong = 1 if k % 2 == 0 else 2
    if question_id == "t1-q1":  # discriminates: the stronger half gets it
        return 0 if k >= 5 else wrong
    if question_id == "t1-q2":
        return 0 if k >= 3 else wrong
    if question_id == "t2-q1":
        return 0 if k >= 7 else wrong
    if question_id == "t1-q3":  # mis-keyed: everyone who knows the topic picks choice 1
        return 0 if k < 2 else 1
    if question_id == "t2-q2":  # too easy
        return 0
    raise AssertionError(question_id)


PLAN = ["t1-q1", "t1-q2", "t1-q3", "t2-q1", "t2-q2"]  # t2-q3 is never answered


@pytest.fixture
def course() -> Course:
    located = make_course()
    questions = tuple(
        replace(q, location=Location(Path("quizzes") / f"{q.topic}.yaml", 3 + 10 * n, 5))
        for n, q in enumerate(located.questions)
    )
    return replace(located, questions=questions)


def learner_store(path: Path, course: Course, k: int) -> ProgressStore:
    """Learner k's own database with their answers: PLAN in order, then extras that test the edges."""
    clock = FakeClock(START)
    store = open_store(path, course, clock=clock, tz=UTC, fuzz=False)
    for question_id in PLAN:
        clock.advance(minutes=1)
        store.record_answer(course.question(question_id), [pick(question_id, k)], duration_ms=10_000 + 1000 * k, mode="practice")
    if k == 0:  # later practice: counts as an attempt, not as a first answer
        clock.advance(days=1)
        store.record_answer(course.question("t1-q1"), [0], duration_ms=None, mode="review")
    if k == 1:  # an answer to the version before the author reworded t2-q2, and to a question since retired
        old = replace(course.question("t2-q2"), stem="The old wording of t2-q2?")
        store.record_answer(old, [1], duration_ms=5000, mode="practice")
        store.record_answer(make_question("t9-gone", "t1"), [0], duration_ms=5000, mode="practice")
    return store


@pytest.fixture
def class_store(tmp_path: Path, course: Course) -> ProgressStore:
    """The instructor's database: every learner's export imported into it."""
    store = open_store(tmp_path / "class.db", course, clock=FakeClock(START), tz=UTC, fuzz=False)
    for k in LEARNERS:
        with learner_store(tmp_path / f"learner{k}.db", course, k) as own:
            import_progress(store, export_progress(own, course.id))
    yield store
    store.close()


def test_every_figure_of_a_class_history(class_store: ProgressStore, course: Course) -> None:
    stats = question_statistics(course, class_store.db)
    by_id = {q.question_id: q for q in stats.questions}
    assert [q.question_id for q in stats.questions] == [q.id for q in course.questions]  # the course's order
    assert (stats.learners, stats.older_answers, stats.retired_answers) == (10, 1, 1)
    assert stats.answers == 10 * len(PLAN) + 1

    good = by_id["t1-q1"]
    assert (good.attempts, good.correct, good.learners) == (11, 6, 10)  # learner 0's later right answer counts
    # ...but not for D. The lower 27% (three places): learner 2 (1 of 4 right elsewhere, wrong here), then six
    # learners tied at 2 of 4 share two places, two of the six right here; the upper three (3 of 4) all right.
    assert good.discrimination == pytest.approx(1 - (2 * 2 / 6) / 3)
    assert good.flags == ()
    assert [c.picks for c in good.choices] == [6, 3, 2]
    assert (good.most_chosen_wrong.letter, good.most_chosen_wrong.picks) == ("B", 3)
    assert good.mean_seconds == pytest.approx(sum(10 + k for k in LEARNERS) / 10)  # the untimed answer left out

    miskeyed = by_id["t1-q3"]
    assert [c.picks for c in miskeyed.choices] == [2, 8, 0]
    assert miskeyed.proportion_correct == pytest.approx(0.2)
    assert miskeyed.discrimination == pytest.approx(-2 / 3)
    assert miskeyed.flags == ("possibly_mis_keyed", "too_hard", "negative_discrimination")
    assert "B (wrong) was picked by 8 of 10" in miskeyed.describe_flag("possibly_mis_keyed")

    easy = by_id["t2-q2"]
    assert (easy.attempts, easy.older_answers) == (10, 1)  # the answer to the old wording is kept apart
    assert easy.flags == ("too_easy",) and easy.discrimination == 0.0

    hard = by_id["t2-q1"]  # 30% right, and B (4 picks) beats the key (3)...
    assert hard.most_chosen_wrong.picks > hard.choices[0].picks
    assert hard.discrimination > 0 and hard.flags == ()  # ...but the strongest pick the key: a good distractor
    assert by_id["t1-q2"].flags == ()
    unseen = by_id["t2-q3"]
    assert (unseen.attempts, unseen.proportion_correct, unseen.discrimination, unseen.flags) == (0, None, None, ())
    assert [q.question_id for q in stats.flagged] == ["t1-q3", "t2-q2"]


def test_one_learner_gets_no_discrimination_index_but_a_reason(tmp_path: Path, course: Course) -> None:
    with learner_store(tmp_path / "alone.db", course, 9) as store:
        for _ in range(6):  # one learner answering over and over is still one learner
            store.record_answer(course.question("t1-q1"), [1], duration_ms=1000, mode="cram")
        stats = question_statistics(course, store.db)
    question = next(q for q in stats.questions if q.question_id == "t1-q1")
    assert question.discrimination is None
    assert question.discrimination_note.startswith(NEEDS_LEARNERS) and f"of {MIN_LEARNERS}" in question.discrimination_note
    assert question.flags == ("possibly_mis_keyed", "too_hard")  # 6 of 7 picked B: flags need answers, not learners
    assert stats.learners == 1


def test_generated_questions_are_not_compared_choice_by_choice(tmp_path: Path, course: Course) -> None:
    from coldstart.core.course.model import GeneratorSpec

    generated = replace(course.question("t1-q1"), generator=GeneratorSpec("cost", "monthly", {}))
    course = replace(course, questions=(generated,))
    with open_store(tmp_path / "g.db", course, clock=FakeClock(START)) as store:
        for _n in range(6):
            store.record_answer(generated, [1], duration_ms=1000, mode="practice")
        (stats,) = question_statistics(course, store.db).questions
    assert stats.generated and stats.choices == () and stats.most_chosen_wrong is None
    assert stats.flags == ("too_hard",)


# --- the CLI ------------------------------------------------------------------------------------------

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture
def mini_class_db(tmp_path: Path) -> Path:
    """Six learners of the mini course: alpha-01 answered B (wrong) by the five who get everything else right."""
    from coldstart.core.course.loader import load_course

    mini = load_course(MINI).course
    target = tmp_path / "class.db"
    with open_store(target, mini) as merged:
        for k in range(6):
            with open_store(tmp_path / f"l{k}.db", mini) as own:
                own.record_answer(mini.question("alpha-01"), [0] if k == 0 else [1], duration_ms=8000, mode="practice")
                own.record_answer(mini.question("alpha-02"), [0, 1] if k else [2, 3], duration_ms=9000, mode="practice")
                own.record_answer(mini.question("beta-01"), [0] if k else [1], duration_ms=4000, mode="practice")
                import_progress(merged, export_progress(own, mini.id))
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_table_lists_flagged_questions_with_file_and_line(capsys, mini_class_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(MINI)
    code, out, err = run(capsys, "stats", "questions", "--course", str(MINI), "--db", str(mini_class_db))
    assert code == 0, err
    assert "18 answers from 6 learners · 3 of 3 questions answered" in out
    assert "quizzes/alpha.yaml:3  alpha-01" in out  # relative to the current folder, like a compiler
    assert "possibly mis-keyed: B (wrong) was picked by 5 of 6 answers" in out
    assert "mis-key?" in out and "Traceback" not in out + err


def test_cli_json_and_csv(capsys, mini_class_db: Path) -> None:
    code, out, _ = run(capsys, "--course", str(MINI), "--db", str(mini_class_db), "stats", "questions", "--json")
    assert code == 0
    data = json.loads(out)
    alpha = next(q for q in data["questions"] if q["question_id"] == "alpha-01")
    assert alpha["line"] == 3 and alpha["file"].endswith("alpha.yaml")
    assert alpha["flags"] == ["possibly_mis_keyed", "too_hard", "negative_discrimination"]
    assert alpha["most_chosen_wrong"] == {"letter": "B", "index": 1, "text": "300 seconds", "picks": 5}
    assert data["learners"] == 6 and alpha["discrimination"] == -0.5  # groups of 2: the weakest learner and a tie

    code, out, _ = run(capsys, "stats", "questions", "--csv", "--course", str(MINI), "--db", str(mini_class_db))
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("question_id,topic_id,file,line,attempts,correct,proportion_correct")
    assert len(rows) == 3 and rows[0].startswith("alpha-01,alpha,") and ",6,1,0.167,6,-0.5,8.0,B,5," in rows[0]


def test_cli_reads_without_creating_a_database_and_keeps_the_dashboard(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, out, _ = run(capsys, "stats", "questions", "--course", str(MINI), "--db", str(missing))
    assert code == 0 and "No answers yet" in out and not missing.exists()
    code, out, _ = run(capsys, "stats", "--course", str(MINI), "--db", str(missing))  # the dashboard as before
    assert code == 0 and "Exam readiness" in out
    with pytest.raises(SystemExit) as usage:
        main(["stats", "questions", "--json", "--csv"])
    assert usage.value.code == 2
