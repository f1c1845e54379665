"""Step 1 of grading: one canonical form of a learner's text, with a map back to the original.

Case, accents, dash and quote styles, full-width forms, control characters and traditional
Chinese characters are all made irrelevant here, so every later step compares like with like.
Each character of the normalised text remembers which character of the original it came from,
so a match can be reported at its place in what the learner typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_CHARS = 2000
"""Only the first this-many characters of an answer are graded; the rest is ignored."""

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\uff07"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f\uff02"
TILDES = "\u301c\uff5e\u223c\u2053"

_SIMPLE: dict[str, str] = {}
for _c in DASHES:
    _SIMPLE[_c] = "-"
for _c in SINGLE_QUOTES:
    _SIMPLE[_c] = "'"
for _c in DOUBLE_QUOTES:
    _SIMPLE[_c] = '"'
for _c in TILDES:
    _SIMPLE[_c] = "~"
_SIMPLE.update({"\t": " ", "\r": "\n", "\u3000": " ", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n"})


def is_cjk(ch: str) -> bool:
    """A Chinese character (the unified ideograph blocks and their compatibility forms)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FA1F
        or o == 0x3007  # 〇
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


@dataclass(frozen=True, slots=True)
class Normalised:
    """The canonical text, and for each of its characters the index of its source character."""

    text: str
    index: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of the normalised characters `start`..`end`."""
        if not self.index or end <= start:
            return (0, 0)
        return (self.index[start], self.index[min(end, len(self.index)) - 1] + 1)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    simple = _SIMPLE.get(c)
    if simple is not None:
        return simple
    if c < "\x80":
        if c.isprintable() or c == "\n":
            return c.lower()
        return ""
    cat = unicodedata.category(c)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""
    if cat == "Zs":
        return " "
    s = unicodedata.normalize("NFKC", c)
    if not is_cjk(s[:1]):
        # Accents do not matter: decompose and drop the combining marks.
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = s.casefold()
    return "".join(_SIMPLE.get(ch, ch) for ch in s)


_converter: Any = None


def t2s(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC (imported only when it is needed)."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return str(_converter.convert(text))


def normalise(text: str, limit: int = MAX_CHARS) -> Normalised:
    """Normalise `text` (at most `limit` characters of it) for grading.

    NFKC, case folding, accents dropped, dashes and quotes unified, control and invisible
    characters removed, runs of spaces collapsed, spaces between Chinese characters removed,
    and traditional Chinese converted to simplified.
    """
    original = text[:limit]
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(original):
        for ch in _fold_char(c):
            if ch == " ":
                if not chars or chars[-1] in " \n":
                    continue
            elif ch == "\n" and chars and chars[-1] == " ":
                chars.pop()
                index.pop()
            chars.append(ch)
            index.append(i)
    # Spaces between two Chinese characters carry no meaning ("导管 溶栓").
    if any(is_cjk(c) for c in chars):
        keep = [
            not (c == " " and 0 < k < len(chars) - 1 and is_cjk(chars[k - 1]) and is_cjk(chars[k + 1]))
            for k, c in enumerate(chars)
        ]
        chars = [c for c, ok in zip(chars, keep, strict=True) if ok]
        index = [x for x, ok in zip(index, keep, strict=True) if ok]
        _to_simplified(chars)
    while chars and chars[-1] in " \n":
        chars.pop()
        index.pop()
    start = 0
    while start < len(chars) and chars[start] in " \n":
        start += 1
    return Normalised("".join(chars[start:]), tuple(index[start:]), original)


def _to_simplified(chars: list[str]) -> None:
    """Convert each run of Chinese characters in place, keeping one character per character."""
    k = 0
    n = len(chars)
    while k < n:
        if not is_cjk(chars[k]):
            k += 1
            continue
        j = k
        while j < n and is_cjk(chars[j]):
            j += 1
        run = "".join(chars[k:j])
        converted = t2s(run)
        if len(converted) != len(run):  # a phrase conversion changed the length: go char by char
            converted = "".join(t2s(c)[:1] or c for c in run)
        chars[k:j] = list(converted)
        k = j
