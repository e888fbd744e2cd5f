"""Tools for course authors: scaffolding, JSON Schemas for editors, and exchange with other quiz formats.

Nothing here is specific to the bundled Lambda course: every command works on any course directory, and
every file it writes is checked by the same loader that `coldstart validate` uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..paths import COURSE_ENV, resolve_course_dir


class AuthoringError(Exception):
    """A reason, in one line, why an authoring command wrote nothing.

    `usage` marks a bad argument (the command line exits 2) rather than a conflict with what is on disk
    (exits 1), such as a file that already exists.
    """

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def is_course_dir(path: Path) -> bool:
    """True when `path` holds a course (its content/course.yaml)."""
    return (path / "content" / "course.yaml").is_file()


def authoring_course_dir(chosen: str | os.PathLike[str] | None, cwd: Path, *, writing: bool) -> Path:
    """The course an authoring command works on.

    --course wins, then $COLDSTART_COURSE, then the current directory when it holds a course: an author who
    `cd`s into their course expects commands to act there. Otherwise reading commands fall back to the
    bundled course, while writing commands refuse, so nothing is ever added to an installed package.
    """
    explicit = chosen or os.environ.get(COURSE_ENV)
    if explicit:
        return resolve_course_dir(explicit)
    if is_course_dir(cwd):
        return cwd
    if writing:
        raise AuthoringError(
            "no course here: ./content/course.yaml is missing; pass --course DIR (or create one with `coldstart new course DIR`)"
        )
    return resolve_course_dir(None)
