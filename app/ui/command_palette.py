"""Command palette providers: go to a topic, and search the whole course."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.course.search import SearchIndex
from .context import ColdstartAware


class TopicCommands(ColdstartAware, Provider):
    """'Go to topic: …' for every topic, in reading order."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [(f"Go to topic: {t.title}", t.id, t.summary) for t in self._app.course.topics]

    async def discover(self) -> Hits:
        for title, topic_id, summary in self._commands():
            yield DiscoveryHit(title, partial(self._app.open_topic, topic_id), help=summary)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, topic_id, summary in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._app.open_topic, topic_id), help=summary)


class SearchCommands(ColdstartAware, Provider):
    """Full-text search over every section, key fact and question of the course."""

    async def startup(self) -> None:
        self.index = SearchIndex(self._app.course)

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        for hit in self.index.search(query, limit=20):
            label = Text.assemble(("Search: ", "dim"), hit.title)
            yield Hit(
                hit.score,
                label,
                partial(self._app.open_topic, hit.topic_id, hit.section_id),
                text=f"Search: {hit.title}",
                help=hit.snippet,
            )
