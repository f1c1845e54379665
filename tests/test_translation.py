"""The built-in course in two languages: each Chinese text keeps its English twin's numbers,
citations and emphasis. (Meaning is checked by a bilingual reader; these catch what a reader can
miss: a dropped figure, a citation lost, a dose changed.)"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from tutor.export import export_languages
from tutor.session import open_course

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CITE = re.compile(r"\[@[^\]]+\]|\[\d+(?:[-–,]\s*\d+)*\]")


@cache
def pairs() -> tuple[tuple[str, str, str], ...]:
    doc = export_languages({lang: open_course(lang=lang, cached=False).course for lang in ("en", "zh")})
    return tuple(_pairs(doc, ""))


def _pairs(v: Any, where: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(v, dict):
        if set(v) == {"en", "zh"} and all(isinstance(x, str) for x in v.values()):
            yield where, v["en"], v["zh"]
            return
        for k, x in v.items():
            yield from _pairs(x, f"{where}.{k}" if k != "id" else where)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            label = x.get("id", i) if isinstance(x, dict) and isinstance(x.get("id"), str) else i
            yield from _pairs(x, f"{where}[{label}]")


_ORDINAL = re.compile(r"第([一二三四五六七八九十])")
"""Chinese writes a part's number as a numeral: 第一部分 is Part 1."""
_NUMERALS = {c: str(i) for i, c in enumerate("一二三四五六七八九十", 1)}


def _numbers(text: str) -> Counter[str]:
    found = Counter(n.replace(",", "") for n in _NUMBER.findall(text))
    found.update(_NUMERALS[c] for c in _ORDINAL.findall(text))
    return found


def test_the_course_has_chinese_texts() -> None:
    assert len(pairs()) >= 3


def test_every_chinese_text_keeps_the_numbers_of_its_english() -> None:
    # English may spell a number as a word ("six days") where Chinese writes 6; a digit in the
    # English must be in the Chinese.
    lost = [f"{where}: {sorted((_numbers(en) - _numbers(zh)).elements())}" for where, en, zh in pairs()
            if _numbers(en) - _numbers(zh)]
    assert lost == []


def test_every_chinese_text_keeps_the_citations_of_its_english() -> None:
    changed = [f"{where}: {_CITE.findall(en)} vs {_CITE.findall(zh)}" for where, en, zh in pairs()
               if Counter(_CITE.findall(en)) != Counter(_CITE.findall(zh))]
    assert changed == []


@pytest.mark.parametrize("mark", ["**", "`"])
def test_every_chinese_text_keeps_the_emphasis_of_its_english(mark: str) -> None:
    changed = [where for where, en, zh in pairs() if en.count(mark) != zh.count(mark)]
    assert changed == []


def test_no_chinese_text_is_left_in_english() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [where for where, _en, zh in pairs() if not cjk.search(zh) and len(zh) > 12]
    assert untranslated == []
