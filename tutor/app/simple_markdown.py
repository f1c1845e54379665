"""Course Markdown drawn without a Markdown parser when it is simple, and by Rich's when not.

Nearly every text the tutor shows is paragraphs with **bold** and *italic*, dash lists (options,
answer parts) and quoted notes. Importing Rich's Markdown (markdown-it and Pygments) costs about a
tenth of a second of start-up, so this module draws that subset itself, segment for segment as
Rich's Markdown would (a test compares the two on every shipped text at several widths). Anything
else (headings, tables, code, links, nested emphasis, HTML, escapes) goes to Rich's Markdown,
imported when first needed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

_UNSAFE = re.compile(
    r"[`\\_\t\r]|~~|\]\(|\]\[|\[\]|&#?\w+;|<[A-Za-z/!?]|\*\*\*"
)
"""Inline syntax this module does not draw: code, escapes, underscores, strikethrough, links,
entities, HTML and autolinks, and runs of three stars."""

_PLAIN_LINE = re.compile(r"^ {0,3}(?![#>|=+]|[-*] |-+\s*$|\*+\s*$|\d{1,9}[.)](\s|$)|\[[^\]]*\]:|```|~~~)\S")
"""A line that continues a paragraph: not a heading, quote, table, list, rule, fence or definition."""

_ITEM = re.compile(r"^- (\S.*)$")
_QUOTE = re.compile(r"^> ?(.*)$")
_STARS = re.compile(r"\*+")


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
"""Chinese characters and full-width punctuation. A character class this wide takes regex
3 ms to compile, on the way to the first frame: it is compiled only for a text that has one."""


def _is_wide(char: str) -> bool:
    o = ord(char)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF  # 3000-303F is inside


@functools.cache
def _cjk_break() -> re.Pattern[str]:
    """A line break, or the one space a folded YAML scalar (`>`) puts in its place, between two
    Chinese characters (or full-width punctuation)."""
    return re.compile(f"(?<=[{_WIDE}])(?:[ \\t]*\\n[ \\t]*| )(?=[{_WIDE}])")


def join_chinese_lines(text: str) -> str:
    """Markdown reads a line break inside a paragraph as a space, and a folded YAML scalar writes
    one, which Chinese does not write: between two Chinese characters the lines are joined with
    nothing (as markdown-it's cjk_breaks does). Anything else keeps its line break or space, so
    lists, quotes, English and a space beside a Latin word are unchanged."""
    if text.isascii() or not any(map(_is_wide, text)):
        return text
    return _cjk_break().sub("", text)


def markdown(text: str) -> RenderableType:
    """A renderable for `text` as Markdown, drawn here when simple, by Rich's Markdown if not."""
    text = join_chinese_lines(text)
    blocks = _blocks(text)
    if blocks is None:
        from rich.markdown import Markdown

        return Markdown(text, hyperlinks=False)
    return _Blocks(blocks)


Block = tuple[str, list[Text]]
"""("p", [paragraph]), ("ul", [item, …]) or ("quote", [paragraph])."""


def _blocks(text: str) -> list[Block] | None:
    """The text's blocks, or None when it uses anything beyond the simple subset."""
    if _UNSAFE.search(text):
        return None
    blocks: list[Block] = []
    for chunk in re.split(r"\n(?:[ \t]*\n)+", text.strip("\n")):
        lines = chunk.split("\n")
        if any(line.endswith("  ") for line in lines[:-1]) or not chunk.strip():
            return None  # a hard line break
        items = [_ITEM.match(line) for line in lines]
        quotes = [_QUOTE.match(line) for line in lines]
        if all(items):
            if blocks and blocks[-1][0] == "ul":
                return None  # a blank line between items: one loose list, spaced out
            parsed = [_inline(m.group(1)) for m in items if m]
            if any(p is None for p in parsed):
                return None
            blocks.append(("ul", [p for p in parsed if p is not None]))
        elif all(quotes):
            inner = [m.group(1) for m in quotes if m]
            paragraph = _paragraph(inner)
            if paragraph is None:
                return None
            blocks.append(("quote", [paragraph]))
        else:
            paragraph = _paragraph(lines)
            if paragraph is None:
                return None
            blocks.append(("p", [paragraph]))
    return blocks


def _paragraph(lines: list[str]) -> Text | None:
    if not all(_PLAIN_LINE.match(line) for line in lines):
        return None
    return _inline(" ".join(line.strip() for line in lines))  # a soft break is a space


def _punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _inline(source: str) -> Text | None:
    """Plain text with `**strong**` and `*em*`, neither nested, or None for anything else.

    A star run opens only if it is left-flanking and closes only if right-flanking, the
    CommonMark rules, so `2 * 3` or `a **.**b` fall back to the real parser.
    """
    text = Text(justify="left")
    position = 0
    open_at: tuple[int, int] | None = None  # (length of the opening run, where its text starts)
    after_wide = False  # the last emphasis closed on a Chinese character

    def plain(segment: str) -> None:
        # `**为什么不行。** 综述…`: the space is there only because CommonMark closes `**` after
        # punctuation only before a space; Chinese writes none, so none is shown.
        if after_wide and len(segment) > 1 and segment[0] == " " and _is_wide(segment[1]):
            segment = segment[1:]
        text.append(segment)

    for run in _STARS.finditer(source):
        start, end = run.span()
        size = end - start
        if size > 2:
            return None
        before = source[start - 1] if start else " "
        after = source[end] if end < len(source) else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if open_at is None:
            if not left:
                return None
            plain(source[position:start])
            open_at = (size, start)
        else:
            if size != open_at[0] or not right or start == open_at[1] + size:
                return None
            inner = source[open_at[1] + size:start]
            text.append(inner, "markdown.strong" if size == 2 else "markdown.em")
            after_wide = _is_wide(inner[-1])
            open_at = None
        position = end
    if open_at is not None:
        return None
    plain(source[position:])
    return text


class _Blocks:
    """Paragraphs, dash lists and quotes, laid out as Rich's Markdown lays them out."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update(height=None)
        for index, (kind, texts) in enumerate(self.blocks):
            if index or kind != "p":  # Rich's Markdown also starts a list or quote with a blank line
                yield Segment.line()
            if kind == "p":
                yield texts[0]
            elif kind == "ul":
                for item in texts:
                    yield from _prefixed(console, options, item, " • ", "markdown.item.bullet", 3, "markdown.item")
            else:
                yield from _prefixed(console, options, texts[0], "▌ ", "markdown.block_quote", 4,
                                     "markdown.block_quote")


def _prefixed(console: Console, options: ConsoleOptions, text: Text, first: str, prefix_style: str,
              narrower: int, style: str) -> Iterable[Segment]:
    """`text` wrapped `narrower` columns narrower, after `first` on its first line and spaces
    (a quote: the same bar) on the others: a list item's hanging indent or a quote's bar."""
    lines = console.render_lines(text, options.update(width=options.max_width - narrower),
                                 style=console.get_style(style, default="none"))
    mark = console.get_style(prefix_style, default="none")
    rest = first if first.startswith("▌") else " " * len(first)
    new_line = Segment("\n")
    for number, line in enumerate(lines):
        yield Segment(first if number == 0 else rest, mark)
        yield from line
        yield new_line
