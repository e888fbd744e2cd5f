"""HTML as Markdown, for question text written in Moodle's editor (GIFT's `[html]` format).

Only the tags Moodle's editor emits are understood: p, br, b/strong, i/em, code, pre, a, ul/ol/li. Any other
tag is dropped and its text kept, entities are unescaped, and whitespace is collapsed as a browser would
(except inside <pre>), so the result reads as the learner saw it in Moodle.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*])")  # characters that would start Markdown markup where the HTML had text


def html_to_markdown(text: str) -> str:
    """The Markdown for an HTML fragment (see the module docstring)."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return converter.result()


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished paragraphs, lists and code blocks
        self.line: list[str] = []  # the text being written
        self.lists: list[int] = []  # for each open list, the number of its next item (0: a bulleted list)
        self.items: list[str] = []  # the lines of the list being written
        self.bullet = ""  # "- " or "2. ", indented by depth, for the item being written
        self.pre = 0
        self.code = 0
        self.link: str | None = None
        self.opened = -1  # length of `line` just after an emphasis mark opened, until text follows it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append(1 if tag == "ol" else 0)
        elif tag == "li":
            self._flush()
            depth = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1]:
                self.bullet = f"{depth}{self.lists[-1]}. "
                self.lists[-1] += 1
            else:
                self.bullet = f"{depth}- "
        elif tag in _BLOCKS:
            self._flush()
            self.pre += tag == "pre"
        elif tag == "br":
            self.line.append("\n")
        elif tag in _MARKS:
            self.line.append(_MARKS[tag])
            self.opened = len(self.line)
        elif tag == "code" and not self.pre:
            self.code += 1
            self.line.append("`")
        elif tag == "a":
            self.link = dict(attrs).get("href") or ""
            self.line.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
            if not self.lists and self.items:
                self.blocks.append("\n".join(self.items))
                self.items = []
        elif tag == "li":
            self._flush()
        elif tag == "pre" and self.pre:
            self.pre -= 1
            body = "".join(self.line).strip("\n")
            self.line = []
            if body:
                self.blocks.append(f"```\n{body}\n```")
        elif tag in _BLOCKS:
            self._flush()
        elif tag in _MARKS:
            # Markdown emphasis must hug its text: "<b>bold </b>" is "**bold** ", not "**bold **".
            trailing = len(self.line[-1]) - len(self.line[-1].rstrip(" ")) if self.line else 0
            if trailing:
                self.line[-1] = self.line[-1].rstrip(" ")
            self.line.append(_MARKS[tag] + " " * bool(trailing))
        elif tag == "code" and self.code:
            self.code -= 1
            self.line.append("`")
        elif tag == "a" and self.link is not None:
            self.line.append(f"]({self.link})" if self.link else "]")
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.line.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self.opened == len(self.line) and text.startswith(" "):  # "<b> bold" is " **bold"
            self.line.insert(len(self.line) - 1, " ")
            text = text.lstrip(" ")
        self.opened = -1
        self.line.append(text if self.code else _MARKDOWN_SPECIAL.sub(r"\\\1", text))

    def _flush(self) -> None:
        """End the text being written: a list item inside a list, a paragraph outside one."""
        if self.pre:
            return
        text = "\n".join(line.strip() for line in "".join(self.line).split("\n")).strip()
        self.line = []
        if not text:
            return
        if self.lists:
            self.items.append(self.bullet + text.replace("\n", "\n" + " " * len(self.bullet)))
            self.bullet = " " * len(self.bullet)  # text after a nested list continues the item
        else:
            self.blocks.append(text)

    def result(self) -> str:
        self._flush()
        if self.items:  # a list never closed
            self.blocks.append("\n".join(self.items))
        return "\n\n".join(self.blocks)
