"""Inline Markdown (code spans, bold, italics, links) as a Rich Text, with Rich markup left as written.

Choices, whys and search snippets are one-line course text: a full Markdown renderer would turn them into
paragraphs (margins, wrapping of its own) and is slow to build hundreds of times, while plain `Text` shows
their backticks and asterisks. This reads just the inline syntax. Square brackets that are not a link stay
literal, so course text such as `[bold]` is never taken for markup.
"""

from __future__ import annotations

import re

from rich.style import Style, StyleType
from rich.text import Text

__all__ = ["CODE_STYLE", "inline_markdown", "reflow"]

CODE_STYLE = "bold cyan"  # a code span: stands out on dark and light themes without a background

# One alternative per inline form; the first that matches at a position wins, as in CommonMark's precedence
# of code spans over emphasis. Emphasis needs a non-space just inside its delimiters, so "2 * 3 * 4" stays.
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_body>.+?)(?P=code)(?!`)"
    r"|\*\*(?P<strong>\S(?:.*?\S)?)\*\*"
    r"|__(?P<strong_u>\S(?:.*?\S)?)__(?!\w)"
    r"|(?<![\w*])\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*(?!\*)"
    r"|(?<!\w)_(?P<em_u>[^\s_](?:[^_]*?[^\s_])?)_(?!\w)"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)"
    r"|<(?P<auto>https?://[^>\s]+)>"
)


def reflow(text: str) -> str:
    """`text` with the line breaks of a YAML block scalar read as Markdown reads them: a single newline is a
    space, a blank line still parts paragraphs. Course authors wrap long stems by hand, and a Text drawn
    as written would break the line there whatever the width of the screen."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def inline_markdown(text: str, style: StyleType = "") -> Text:
    """`text` with its inline Markdown drawn: `code`, **bold**, *italics*, [links](url) and <autolinks>.

    Nested emphasis inside bold or italics is read too; a code span is shown exactly as written inside it.
    """
    result = Text(style=style)
    _append(result, text, Style())
    return result


def _append(out: Text, text: str, outer: Style) -> None:
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position : match.start()], outer)
        position = match.end()
        if match["code"]:
            body = match["code_body"]
            # CommonMark strips one space each side of a code span that needs it to hold a backtick.
            if len(body) > 2 and body[0] == body[-1] == " " and body.strip():
                body = body[1:-1]
            out.append(body, outer + Style.parse(CODE_STYLE))
        elif match["strong"] is not None or match["strong_u"] is not None:
            _append(out, match["strong"] or match["strong_u"], outer + Style(bold=True))
        elif match["em"] is not None or match["em_u"] is not None:
            _append(out, match["em"] or match["em_u"], outer + Style(italic=True))
        elif match["label"] is not None:
            _append(out, match["label"], outer + Style(underline=True, link=match["url"]))
        else:
            url = match["auto"]
            out.append(url, outer + Style(underline=True, link=url))
    out.append(text[position:], outer)
