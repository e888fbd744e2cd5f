"""What the home screen shows of a course, without the course: small to store, quick to read, light to import.

The app opens on the home screen, which lists the course's title and topics and says whether the course files
have problems. That is all it needs to be drawn and to take keys, so the app starts from a `CourseSummary` (the
course cache keeps one beside each course it stores, and a course read from its files has one as soon as its
topics are read, before its question banks) while the whole course is read or unpickled in the background.
This module imports nothing of the course model: unpickling a summary costs a fraction of a millisecond.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .result import LoadResult


class CourseSummary(NamedTuple):
    id: str
    title: str
    description: str
    topics: tuple[tuple[str, str], ...]  # (id, title) of each topic, in the author's order
    # How many problems the course files have and how many files could not be loaded at all; None while the
    # question banks are still being read (their problems are not known yet).
    problems: int | None = None
    failed_files: int | None = None

    @classmethod
    def of(cls, loaded: LoadResult) -> CourseSummary:
        """The summary of a whole loaded course."""
        course = loaded.course
        return cls(
            course.id,
            course.title,
            course.description,
            tuple((topic.id, topic.title) for topic in course.topics),
            len(loaded.problems),
            len(course.failed_files),
        )

    @property
    def complete(self) -> bool:
        """True once the whole course is read (its problems are counted)."""
        return self.problems is not None

    def topic_title(self, topic_id: str) -> str | None:
        return next((title for id_, title in self.topics if id_ == topic_id), None)
