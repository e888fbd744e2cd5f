"""Command palette providers: go to a topic, and search the whole course."""

from __future__ import annotations

from functools import partial
from itertools import pairwise

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.course.search import SearchIndex
from ..present.inline import inline_markdown
from .context import ColdstartAware


def _as_written(text: str) -> str:
    """`text` as markup that shows it as written: the palette reads help as markup.

    Every "[" is escaped, not only whole tags as `textual.markup.escape` does: a snippet cut at
    "[/bold…" is an unclosed tag that it lets through and the palette then fails on.
    """
    return text.replace("[", "\\[")


def _inline_markdown_markup(text: str) -> str:
    """Course text with its inline Markdown drawn (code, bold, italics), as palette help markup.

    Every run of the text goes through `_as_written`; only the styles the Markdown asked for become tags.
    """
    drawn = inline_markdown(text)
    cuts = sorted({0, len(drawn)} | {span.start for span in drawn.spans} | {span.end for span in drawn.spans})
    runs: list[str] = []
    for start, end in pairwise(cuts):
        style = Style.combine([Style(), *(Style.parse(str(s.style)) for s in drawn.spans if s.start <= start and end <= s.end)])
        flags = (("bold", style.bold), ("italic", style.italic), ("underline", style.underline))
        tags = [tag for tag, wanted in flags if wanted] + ([style.color.name] if style.color else [])
        piece = _as_written(drawn.plain[start:end])
        runs.append(f"[{' '.join(tags)}]{piece}[/]" if tags else piece)
    return "".join(runs)


class TopicCommands(ColdstartAware, Provider):
    """'Go to topic: …' for every topic, in reading order."""

    async def _commands(self) -> list[tuple[str, str, str]]:
        course = await self._app.course_loaded()  # the palette says it is searching until the course is loaded
        return [(f"Go to topic: {t.title}", t.id, t.summary) for t in course.topics]

    async def discover(self) -> Hits:
        for title, topic_id, summary in await self._commands():
            # The palette reads a str prompt and help as markup: course text must show as written.
            yield DiscoveryHit(Text(title), partial(self._app.open_topic, topic_id), help=_as_written(summary))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, topic_id, summary in await self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._app.open_topic, topic_id), help=_as_written(summary))


class SearchCommands(ColdstartAware, Provider):
    """Full-text search over every section, key fact and question of the course."""

    async def startup(self) -> None:
        self.index = SearchIndex(await self._app.course_loaded())

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        for hit in self.index.search(query, limit=20):
            label = Text.assemble(("Search: ", "dim"), inline_markdown(hit.title))
            yield Hit(
                hit.score,
                label,
                partial(self._app.open_topic, hit.topic_id, hit.section_id),
                text=f"Search: {hit.title}",
                help=_inline_markdown_markup(hit.snippet),
            )
