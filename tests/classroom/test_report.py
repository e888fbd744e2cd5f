"""The class report: each learner as their own dashboard computes them, and the class's question statistics."""

from __future__ import annotations

import json
import re
from pathlib import Path

from coldstart.cli import main
from coldstart.core.classroom.report import class_report
from coldstart.core.classroom.seats import ClassFolder
from coldstart.core.course.loader import load_course
from coldstart.core.progress.reports import report_question
from coldstart.core.progress.stats import dashboard
from coldstart.core.progress.store import open_store
from coldstart.present.class_report import html_report

from .conftest import study


def test_each_learner_and_the_class(folder: ClassFolder, course, clock) -> None:
    for name in ("ann", "bob", "cid"):
        folder.add(name, clock)
    study(folder, "ann", course, clock, right=True, exam=True)
    study(folder, "bob", course, clock, right=False)
    report = class_report(folder, course, clock)

    ann, bob, cid = report.learners
    assert (ann.name, bob.name, cid.name) == ("ann", "bob", "cid")
    assert ann.accuracy == 1.0 and bob.accuracy == 0.0 and cid.accuracy is None
    assert ann.questions_answered == bob.questions_answered > 0
    assert ann.topics_read == 1 and ann.topics_total == len(course.topics)
    assert ann.exams_taken == 1 and ann.best_exam_score == 100.0 and bob.exams_taken == 0 and bob.best_exam_score is None
    assert not cid.started and cid.last_activity is None and ann.last_activity is not None
    with open_store(folder.db_path("ann"), course, clock=clock) as store:  # readiness is the dashboard's own
        assert ann.readiness == dashboard(course, store, clock.now()).readiness.overall
    # A few answers are too little evidence for an estimate: the report says so (None), as the dashboard does.
    if ann.readiness is not None and bob.readiness is not None:
        assert bob.readiness < ann.readiness

    assert report.questions.learners == 2
    answered = report.questions.answered
    assert answered and all(q.learners == 2 and q.proportion_correct == 0.5 for q in answered)
    assert report.weakest_topics and all(t.learners == 2 for t in report.weakest_topics)
    assert not folder.db_path("cid").exists()  # reading never creates a seat's database


def test_reports_name_the_seat_and_json_is_complete(folder: ClassFolder, course, clock) -> None:
    folder.add("ann", clock)
    study(folder, "ann", course, clock, right=True)
    with open_store(folder.db_path("ann"), course, clock=clock) as store:
        report_question(store, course.questions[0], "wrong_key", "B is right")
    report = class_report(folder, course, clock)
    assert [(r.learner, r.note) for r in report.reports] == [("ann", "B is right")]
    data = json.loads(json.dumps(report.to_json(course)))
    assert data["learners"][0]["name"] == "ann" and data["reports"][0]["learner"] == "ann"
    assert data["question_statistics"]["learners"] == 1


def test_the_html_report_escapes_course_text_and_notes_and_allows_no_script(
    tmp_path: Path, course_copy: Path, clock
) -> None:
    planted = "<script>alert('x')</script>"
    alpha = course_copy / "content" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("title: Alpha topic", f'title: "Alpha {planted}"', 1))
    course = load_course(course_copy).course
    assert planted in course.topics[0].title
    folder = ClassFolder.init(tmp_path / "class")
    folder.add("ann", clock)
    study(folder, "ann", course, clock, right=False)
    with open_store(folder.db_path("ann"), course, clock=clock) as store:
        report_question(store, course.questions[0], "other", f"see {planted}")

    page = html_report(class_report(folder, course, clock), course, pass_mark=72)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page  # both the title and the note, as text
    assert page.count("&lt;script&gt;") >= 2
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe-inline" not in policy
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_class_report_command(tmp_path: Path, mini_course: Path, clock, capsys) -> None:
    root = tmp_path / "class"
    assert main(["class", "init", str(root), "--course", str(mini_course)]) == 0
    assert main(["class", "add", "ann", "bob", "--dir", str(root)]) == 0
    capsys.readouterr()
    folder = ClassFolder.open(root)
    course = load_course(mini_course).course
    study(folder, "ann", course, clock, right=True)

    assert main(["class", "report", str(root)]) == 0
    out = capsys.readouterr().out
    assert "ann" in out and "bob" in out and "not started" in out and "question statistics" in out
    assert main(["class", "report", str(root), "--json"]) == 0
    assert [learner["name"] for learner in json.loads(capsys.readouterr().out)["learners"]] == ["ann", "bob"]
    target = tmp_path / "report.html"
    assert main(["class", "report", str(root), "--html", str(target)]) == 0
    assert "class report" in target.read_text()
