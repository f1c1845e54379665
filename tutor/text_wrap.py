"""Wrapping text by the width it takes on a terminal, where a Chinese character is two cells.

`textwrap` counts characters, so a line of Chinese comes out twice too wide. Here a line breaks
at a space or between two Chinese characters (Chinese has no spaces between words), never inside
a Latin word or number, and never so that a closing mark (，。）」) begins a line or an opening
one (（“) ends it. Text with no wide character is left to `textwrap`, exactly as before.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from functools import lru_cache

NO_LINE_START = frozenset("，。、；：？！）」』】〉》”’…—～·,.;:?!)]}%‰")
"""Marks that belong to what comes before them: a line never begins with one."""
NO_LINE_END = frozenset("（「『【〈《“‘([{")
"""Marks that belong to what follows: a line never ends with one."""


@lru_cache(maxsize=4096)
def char_cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def cells(text: str) -> int:
    """How many terminal cells `text` takes (colour escapes take none)."""
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    if text.isascii():
        return len(text)
    return sum(char_cells(ch) for ch in text)


def _wide(ch: str) -> bool:
    return char_cells(ch) == 2


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: a run of spaces, a Latin word (or number), one wide
    character; marks that may not start or end a line are glued to their neighbour."""
    raw = re.findall(r"\s+|[^\s]", text)
    out: list[str] = []
    glue_next = False
    for piece in raw:
        if piece.isspace():
            out.append(" ")
            glue_next = False
            continue
        joins_word = bool(out) and not out[-1].isspace() and not _wide(out[-1][-1]) and not _wide(piece) \
            and out[-1][-1] not in NO_LINE_START
        if out and not out[-1].isspace() and (glue_next or piece in NO_LINE_START or joins_word):
            out[-1] += piece
        else:
            out.append(piece)
        glue_next = piece in NO_LINE_END
    return out


def fill(text: str, width: int, *, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """`textwrap.fill` by display width: lines of at most `width` cells."""
    if text.isascii() or not any(_wide(ch) for ch in text):
        return textwrap.fill(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                             break_on_hyphens=False)
    text = " ".join(text.split())
    lines: list[str] = []
    line, used = initial_indent, cells(initial_indent)
    fresh = True  # nothing but the indent on this line yet
    for tok in _tokens(text.strip()):
        if tok == " ":
            if not fresh:
                line, used = line + " ", used + 1
            continue
        size = cells(tok)
        if not fresh and used + size > width:
            lines.append(line.rstrip())
            line, used, fresh = subsequent_indent, cells(subsequent_indent), True
        while used + size > width and fresh and len(tok) > 1:  # a word longer than a line: cut it
            cut, room = 0, width - used
            while cut < len(tok) and char_cells(tok[cut]) <= room:
                room -= char_cells(tok[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append(line + tok[:cut])
            tok = tok[cut:]
            size = cells(tok)
            line, used = subsequent_indent, cells(subsequent_indent)
        line, used, fresh = line + tok, used + size, False
    if not fresh:
        lines.append(line.rstrip())
    return "\n".join(lines)
