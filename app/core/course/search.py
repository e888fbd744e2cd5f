"""Full-text search over a course: sections, key facts and questions, ranked simply and predictably."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import (
    CalloutBlock,
    ChangedBlock,
    Course,
    DiagramBlock,
    SimulationBlock,
    TableBlock,
    TextBlock,
)

_WORD = re.compile(r"[\w@$.-]+")


@dataclass(frozen=True)
class SearchHit:
    topic_id: str
    section_id: str | None
    title: str  # "Topic › Section"
    snippet: str
    score: float


@dataclass(frozen=True)
class _Entry:
    topic_id: str
    section_id: str | None
    title: str
    text: str  # lower-cased haystack
    original: str
    weight: float


class SearchIndex:
    """Built once per course; `search` finds entries holding every word of the query."""

    def __init__(self, course: Course) -> None:
        self.entries: list[_Entry] = []
        for topic in course.topics:
            self._add(topic.id, None, topic.title, f"{topic.title}\n{topic.summary}", 1.0)
            for section in topic.sections:
                body = "\n".join(_block_text(b) for b in section.blocks)
                self._add(topic.id, section.id, f"{topic.title} › {section.title}", f"{section.title}\n{body}", 0.9)
            if topic.key_facts:
                self._add(topic.id, None, f"{topic.title} › Key facts", "\n".join(topic.key_facts), 0.8)
        titles = {t.id: t.title for t in course.topics}
        for question in course.questions:
            if question.generator is None:
                text = question.stem + "\n" + "\n".join(c.text for c in question.choices)
                self._add(question.topic, None, f"{titles.get(question.topic, question.topic)} › Question {question.id}", text, 0.6)

    def _add(self, topic_id: str, section_id: str | None, title: str, text: str, weight: float) -> None:
        self.entries.append(_Entry(topic_id, section_id, title, text.lower(), text, weight))

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        words = [w.lower() for w in _WORD.findall(query)]
        if not words:
            return []
        hits: list[SearchHit] = []
        for entry in self.entries:
            if not all(w in entry.text for w in words):
                continue
            in_title = sum(w in entry.title.lower() for w in words)
            count = sum(entry.text.count(w) for w in words)
            score = entry.weight * (1 + in_title) * (1 - 1 / (2 + count))
            hits.append(SearchHit(entry.topic_id, entry.section_id, entry.title, _snippet(entry.original, words[0]), score))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def _block_text(block: object) -> str:
    if isinstance(block, TextBlock):
        return block.markdown
    if isinstance(block, CalloutBlock):
        return block.markdown
    if isinstance(block, ChangedBlock):
        return f"{block.was}\n{block.now}"
    if isinstance(block, DiagramBlock):
        return f"{block.title}\n{block.caption}"
    if isinstance(block, TableBlock):
        return "\n".join([block.title, " ".join(block.columns), *(" ".join(r) for r in block.rows)])
    if isinstance(block, SimulationBlock):
        return f"simulation {block.name} {block.caption}"
    return ""


def _snippet(text: str, word: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    at = flat.lower().find(word)
    start = max(0, at - width // 3)
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
