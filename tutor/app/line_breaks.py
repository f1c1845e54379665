"""Line breaking for Chinese beside English, in every text the app wraps.

Rich and Textual break lines only at spaces, and fold a longer run of characters at whatever cell
the line ends: Chinese has no spaces, so a sentence is one such run, and a full stop or comma
lands at the start of a line ("疼痛\\n。双功"), which Chinese typesetting never allows. Here a
break may fall between any two Chinese characters, but never before closing punctuation
(，。、；：？！）」…) nor after opening punctuation (（「“); English words stay whole, as before.

Both libraries wrap through one function, `rich._wrap.divide_line`, imported by name into
`rich.text` and `textual.content`; `install()` puts `divide_line` below in its place there. A text
with no wide character is handed to the original, so English is laid out exactly as before. (A
test checks the names are still there and are this function, so a new Textual or Rich that
wraps differently fails loudly instead of quietly wrapping Chinese the old way.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from rich import _wrap
from rich.cells import cell_len, chop_cells

NO_LINE_START = frozenset("，。、；：？！）】》」』〉〕］｝”’…—‥·％,.;:?!)]}%")
"""Punctuation that closes: it stays at the end of the line before, with the character it follows."""
NO_LINE_END = frozenset("（【《「『〈〔［｛“‘([{")
"""Punctuation that opens: it goes to the next line with the character it precedes."""

_original: Callable[[str, int, bool], list[int]] = _wrap.divide_line


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _units(text: str) -> Iterator[tuple[int, str]]:
    """(start, unit): an English word or a Chinese character, each with the spaces after it,
    closing punctuation glued to what it follows and opening punctuation to what comes next."""
    pieces: list[tuple[int, str]] = []
    for match in re.finditer(r"\s+|[^\s]", text):
        start, piece = match.start(), match.group(0)
        if pieces:
            last_start, last = pieces[-1]
            glue = (
                piece.isspace()  # spaces belong to the unit before them
                or (piece in NO_LINE_START and not last[-1].isspace())
                or (last[-1] in NO_LINE_END)
                or (not is_wide(piece) and not piece.isspace() and not last[-1].isspace()
                    and not is_wide(last[-1]) and last[-1] not in NO_LINE_START)  # one English word
            )
            if glue:
                pieces[-1] = (last_start, last + piece)
                continue
        pieces.append((start, piece))
    yield from pieces


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` so each line fits `width` cells (as `rich._wrap.divide_line`)."""
    if text.isascii() or not any(is_wide(char) for char in text):  # isascii: no scan of English
        return _original(text, width, fold)
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for start, unit in _units(text):
        length = cell_len(unit.rstrip())
        if offset + length <= width:
            offset += cell_len(unit)
            continue
        if length > width and fold:  # longer than any line: folded, as the libraries do
            position = start
            for number, part in enumerate(chop_cells(unit, width)):
                if number or (offset and position):
                    breaks.append(position)
                position += len(part)
                offset = cell_len(part)
            continue
        if offset and start:
            breaks.append(start)
        offset = cell_len(unit)
    return breaks


def install() -> None:
    """Wrap every Rich Text and Textual Content the app draws with `divide_line`."""
    import rich.text
    import textual.content

    rich.text.divide_line = divide_line  # type: ignore[attr-defined]  # imported there, not exported: replaced where it is looked up
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]  # the same


def installed() -> bool:
    import rich.text
    import textual.content

    return (rich.text.divide_line is divide_line  # type: ignore[attr-defined]  # as in install()
            and textual.content.divide_line is divide_line)  # type: ignore[attr-defined]  # the same
