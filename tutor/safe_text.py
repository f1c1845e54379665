"""Text made safe to show on a terminal: the one place that neutralises what others wrote.

File names, course text and learner input reach the terminal through validate, plain mode,
`tutor grade`, the CLI's messages and the app. A terminal obeys control characters (ESC starts
sequences that recolour, clear, retitle it or write the clipboard with OSC 52; CR and newline
forge output lines), and bidi overrides and zero-width characters make text read differently
from what it is. Each of them is shown here as a visible escape (`\\x1b`, `<U+202E>`) instead, so
a reader sees that it is there and nothing acts on it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

BIDI = "\u202a-\u202e\u2066-\u2069"
"""Bidi embeddings, overrides and isolates: they reorder how the following text is drawn."""
INVISIBLE = "\u200b-\u200f\u2060\ufeff"
"""Zero-width characters and direction marks: present in the text, absent on screen."""

_MULTI_LINE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI}{INVISIBLE}\u2028\u2029\ud800-\udfff]")
"""Everything neutralised in text that may span lines (newline and tab are kept)."""
_ONE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI}{INVISIBLE}\u2028\u2029\ud800-\udfff]")
"""The same, and newline and tab too: a file name or a quiz title is one line."""
_HIDDEN = re.compile(f"[{BIDI}{INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

T = TypeVar("T")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` for a terminal: line breaks and tabs kept, every other control character visible."""
    return _MULTI_LINE.sub(_escape, text) if _MULTI_LINE.search(text) else text


def one_line(text: str) -> str:
    """A single-line field (a file name, a title in a message): line breaks shown as `\\n` too."""
    return _ONE_LINE.sub(_escape, text) if _ONE_LINE.search(text) else text


def hidden_character(text: str) -> str | None:
    """The first bidi control or zero-width character in `text`, for the loader to reject."""
    m = _HIDDEN.search(text)
    return m.group() if m else None


def scrub(value: T) -> T:
    """Every string inside a reply (named tuples, tuples, frozen dataclasses) made `visible`."""
    return _scrub(value)  # type: ignore[no-any-return]  # rebuilds what it is given, same type


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, tuple):
        items = [_scrub(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)  # a named tuple
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _scrub(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init and isinstance(getattr(value, f.name), (str, tuple, list))}
        return dataclasses.replace(value, **changes) if changes else value
    return value


_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{BIDI}{INVISIBLE}\u2028\u2029\ud800-\udfff]")


def json_text(text: str) -> str:
    """JSON (from json.dumps) for a terminal: what json leaves raw written as `\\uXXXX` escapes.

    json.dumps already escapes C0 controls; these characters can only stand inside its strings,
    where the escape means the same character, so the document is unchanged for any reader.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
