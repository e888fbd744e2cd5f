"""The bundled course passes `coldstart lint --strict`: no item-writing warning, per question or per bank."""

from __future__ import annotations

from coldstart.core.authoring.lint import lint_course
from coldstart.core.paths import bundled_course_dir


def test_the_bundled_course_has_no_item_writing_warnings() -> None:
    root = bundled_course_dir()
    loaded, report = lint_course(root)
    assert loaded.problems == ()
    listed = "\n".join(finding.display(root) for finding in report.findings)
    assert report.findings == (), f"{len(report.findings)} warnings ({report.counts()}):\n{listed}"
