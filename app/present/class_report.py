"""The class report as the CLI prints it, the instructor screen shows it, and as one self-contained HTML file.

The HTML file needs nothing but a browser: no script, no stylesheet or font from elsewhere, charts drawn as
inline SVG. Every text that comes from the course or from a learner (titles, question ids, report notes, seat
names) goes through `html.escape`, and a Content-Security-Policy meta forbids any script at all (the file ships
none) and allows only its own inline style, by hash, so a `<script>` planted in a course file or a note stays text.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from ..core.classroom.report import ClassReport, LearnerReport
from ..core.course.model import Course
from ..core.progress.question_stats import SHORT_FLAGS
from .text import MISSING, percent, signed

__all__ = ["COLUMN_NOTE", "LEARNER_COLUMNS", "html_report", "learner_row", "moment"]

LEARNER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Learner", "left"),
    ("Last active (UTC)", "left"),
    ("Read", "right"),  # topics with every section read, of all topics
    ("Answered", "right"),  # distinct questions
    ("Right", "right"),  # accuracy over every answer
    ("Ready", "right"),  # exam readiness, as the learner's dashboard computes it
    ("Exams", "right"),
    ("Best", "right"),  # best exam score
)

COLUMN_NOTE = ("Read: topics with every section read. Answered: distinct questions. Right: the share of all answers. "
               "Ready: exam readiness, as each learner's own dashboard computes it. Best: the best exam score.")


def moment(value: datetime | None) -> str:
    """A timestamp to the minute, in UTC (the class may sit in several time zones); "never" for none."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value is not None else "never"


def learner_row(learner: LearnerReport) -> tuple[str, ...]:
    """One learner's cells, in the order of LEARNER_COLUMNS."""
    if learner.problem:
        return (learner.name, f"cannot read: {learner.problem}", *([MISSING] * (len(LEARNER_COLUMNS) - 2)))
    return (
        learner.name,
        moment(learner.last_activity) if learner.started else "not started",
        f"{learner.topics_read}/{learner.topics_total}",
        str(learner.questions_answered),
        percent(learner.accuracy),
        percent(learner.readiness) if learner.started else MISSING,
        str(learner.exams_taken),
        MISSING if learner.best_exam_score is None else f"{learner.best_exam_score:.0f}%",
    )


# --- HTML ----------------------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }
h1 { margin-bottom: 0.2rem; } .muted { color: #5b6470; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
th, td { border-bottom: 1px solid #d6dae0; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #9a5b00; font-weight: bold; } svg { max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
@media (prefers-color-scheme: dark) { body { background: #14181d; color: #e6e8eb; } svg text { fill: #e6e8eb; }
  th, td { border-color: #39404a; } .muted { color: #9aa3ad; } }
"""

GOOD, WARN, BAD, TRACK = "#2f9e44", "#e8a317", "#d9480f", "#c9ced6"


def _policy() -> str:
    digest = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"


def _bars(title: str, items: Sequence[tuple[str, float | None]], mark: float | None = None) -> str:
    """A horizontal bar chart of fractions (0..1) as inline SVG, one labelled bar per item; `mark` draws a line
    (the pass mark)."""
    label_width, bar_width, row = 220, 420, 22
    height = row * len(items) + 30
    parts = [f'<svg role="img" viewBox="0 0 {label_width + bar_width + 60} {height}" width="{label_width + bar_width + 60}">',
             f"<title>{escape(title)}</title>"]
    for n, (label, value) in enumerate(items):
        y = 10 + n * row
        shown = label if len(label) <= 32 else label[:31] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="{row - 6}" fill="{TRACK}"/>')
        if value is not None:
            colour = GOOD if value >= 0.72 else WARN if value >= 0.4 else BAD
            parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{bar_width * max(0.0, min(1.0, value)):.1f}" '
                         f'height="{row - 6}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}">{escape(percent(value))}</text>')
    if mark is not None:
        x = label_width + bar_width * mark
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="6" y2="{height - 14}" stroke="#1b1f24" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle">pass mark</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]]) -> str:
    def cell(tag: str, text: str, justify: str) -> str:
        return f'<{tag}{" class=n" if justify == "right" else ""}>{escape(text)}</{tag}>'

    head = "".join(cell("th", name, justify) for name, justify in columns)
    body = "".join("<tr>" + "".join(cell("td", text, justify) for text, (_, justify) in zip(row, columns)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_report(report: ClassReport, course: Course, pass_mark: float) -> str:
    """The whole report as one HTML document (`pass_mark` in percent, drawn on the readiness chart)."""
    started = [learner for learner in report.learners if learner.started]
    questions = report.questions
    topic_titles = {topic.id: topic.title for topic in course.topics}
    sections = [
        f"<h1>{escape(report.course_title)} — class report</h1>",
        f'<p class="muted">{len(report.learners)} seats, {len(started)} started · generated {escape(moment(report.generated_at))} UTC</p>',
        f'<p class="muted">{escape(COLUMN_NOTE)}</p>',
        "<h2>Learners</h2>",
        _table(LEARNER_COLUMNS, [learner_row(learner) for learner in report.learners]),
    ]
    if started:
        sections.append(_bars("Readiness per learner", [(learner.name, learner.readiness) for learner in started],
                              mark=pass_mark / 100))
    sections.append("<h2>Weakest topics</h2>")
    if report.weakest_topics:
        sections.append(_table(
            (("Topic", "left"), ("Learners", "right"), ("Answers", "right"), ("Accuracy", "right"), ("Mastery", "right")),
            [(t.title, str(t.learners), str(t.answers), percent(t.accuracy), percent(t.mastery)) for t in report.weakest_topics],
        ))  # fmt: skip
        practised = [t for t in report.topics if t.answers]
        sections.append(_bars("Mean mastery per topic practised", [(t.title, t.mastery) for t in practised]))
    else:
        sections.append('<p class="muted">No topic practised yet.</p>')

    sections.append("<h2>Question statistics</h2>")
    sections.append(f"<p>{escape(questions.summary())}</p>")
    answered = questions.answered
    if answered:
        sections.append(_bars("Share of right answers per question (difficulty)",
                              [(q.question_id, q.proportion_correct) for q in answered]))
        sections.append(_table(
            (("Question", "left"), ("Topic", "left"), ("Tries", "right"), ("Right", "right"), ("D", "right"),
             ("Top wrong", "left"), ("Flags", "left")),
            [(q.question_id, topic_titles.get(q.topic_id, q.topic_id), str(q.attempts), percent(q.proportion_correct),
              signed(q.discrimination) if q.discrimination is not None else MISSING,
              f"{w.letter} ({w.text}) ×{w.picks}" if (w := q.most_chosen_wrong) else MISSING,
              " ".join(SHORT_FLAGS.get(f, f) for f in q.flags)) for q in answered],
        ))  # fmt: skip
    if questions.flagged:
        sections.append("<h3>Flagged questions</h3><ul>")
        for q in questions.flagged:
            where = f"{q.location.file.name}:{q.location.line}" if q.location else q.question_id
            reasons = "; ".join(q.describe_flag(flag) for flag in q.flags)
            sections.append(f'<li><b>{escape(q.question_id)}</b> <span class="muted">{escape(where)}</span> — '
                            f'<span class="flag">{escape(reasons)}</span></li>')
        sections.append("</ul>")
    sections.append("<h2>Reported questions</h2>")
    if report.reports:
        sections.append(_table(
            (("When", "left"), ("Learner", "left"), ("Question", "left"), ("Reason", "left"), ("Note", "left"),
             ("Edited since", "left")),
            [(moment(r.created_at), r.learner, r.question_id, r.reason_label, r.note,
              "yes" if r.changed_since(course) else "no") for r in report.reports],
        ))  # fmt: skip
    else:
        sections.append('<p class="muted">No question reported.</p>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_policy()}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(report.course_title)} — class report</title><style>{STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
