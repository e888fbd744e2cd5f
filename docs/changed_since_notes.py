"""Write docs/changed-since-notes.md: every "changed since the notes" callout of the bundled course.

    python docs/changed_since_notes.py

A test checks that the file matches the course, so run this after adding or editing a `changed` block.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coldstart.core.course.loader import load_course  # noqa: E402
from coldstart.core.course.model import ChangedBlock, Course  # noqa: E402

TARGET = ROOT / "docs" / "changed-since-notes.md"


def render(course: Course) -> str:
    lines = [
        "# Changed since the notes",
        "",
        "Where the study notes the course is built from are outdated or imprecise, the course teaches the current",
        "fact and shows a \"changed since the notes\" callout. This is every one of them, generated from the course",
        "by `python docs/changed_since_notes.py` (a test keeps it in step).",
        "",
        "| module | section | the notes said | now | changed | fact sheet row | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for topic in course.topics:
        for section in topic.sections:
            for block in section.blocks:
                if isinstance(block, ChangedBlock):
                    cells = [
                        topic.title,
                        section.title,
                        block.was,
                        block.now,
                        block.changed_on.isoformat() if block.changed_on else "",
                        block.note_ref,
                        block.source,
                    ]
                    lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


if __name__ == "__main__":
    TARGET.write_text(render(load_course(ROOT).course), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
