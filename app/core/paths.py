"""Where things live: the bundled course and the learner's progress database."""

from __future__ import annotations

import os
import re
from pathlib import Path

COURSE_ENV = "COLDSTART_COURSE"
DB_ENV = "COLDSTART_DB"


def bundled_course_dir() -> Path:
    """The Lambda course that ships with coldstart.

    An installed wheel carries content/ and quizzes/ inside the package (app/bundled/); a source checkout
    has them at the repository root, next to app/.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled"
    if (installed / "content").is_dir():
        return installed
    return package.parent


def resolve_course_dir(cli_value: str | os.PathLike[str] | None) -> Path:
    """--course wins, then $COLDSTART_COURSE, then the bundled course."""
    chosen = cli_value or os.environ.get(COURSE_ENV)
    return Path(chosen).expanduser() if chosen else bundled_course_dir()


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("coldstart", appauthor=False)


def resolve_db_path(cli_value: str | os.PathLike[str] | None, course_id: str) -> Path:
    """--db wins, then $COLDSTART_DB, then one file per course in the user data directory."""
    chosen = cli_value or os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", course_id) or "course"
    return default_data_dir() / f"{safe_id}.db"
