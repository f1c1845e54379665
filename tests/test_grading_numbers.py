"""Grading step 2: numbers, ranges, units and magnitudes, and comparing them with a key."""

from __future__ import annotations

import pytest

from tutor.grading.normalize import normalise
from tutor.grading.numbers import Quantity, compare, find_quantities
from tutor.model import NumericKey
from tutor.texts import Msg, say


def read(text: str) -> list[tuple[float, float, str | None, float]]:
    return [(q.low, q.high, q.unit, q.scale) for q in find_quantities(normalise(text).text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86.84%", (86.84, 86.84, "percent", 1.0)),
        ("20–50 %", (20, 50, "percent", 1.0)),
        ("20%–50%", (20, 50, "percent", 1.0)),
        ("20 to 50 percent", (20, 50, "percent", 1.0)),
        ("20 to 50 per cent", (20, 50, "percent", 1.0)),
        ("between 20 and 50%", (20, 50, "percent", 1.0)),
        ("from 20 to 50%", (20, 50, "percent", 1.0)),
        ("20~50%", (20, 50, "percent", 1.0)),
        ("百分之二十到五十", (20, 50, "percent", 1.0)),
        ("百分之20到百分之50", (20, 50, "percent", 1.0)),
        ("7 to 14 days", (7, 14, "days", 1.0)),
        ("7-14 d", (7, 14, "days", 1.0)),
        ("7~14天", (7, 14, "days", 1.0)),
        ("one to two weeks", (1, 2, "weeks", 1.0)),
        ("一到两周", (1, 2, "weeks", 1.0)),
        ("十四天", (14, 14, "days", 1.0)),
        ("48-72 hours", (48, 72, "hours", 1.0)),
        ("500 seconds", (500, 500, "seconds", 1.0)),
        ("30 sec", (30, 30, "seconds", 1.0)),
        ("500秒", (500, 500, "seconds", 1.0)),
        ("半个月", (0.5, 0.5, "months", 1.0)),
        ("半年", (0.5, 0.5, "years", 1.0)),
        ("两个半小时", (2.5, 2.5, "hours", 1.0)),
        ("1 second-line drug", (1, 1, None, 1.0)),
        ("3 months", (3, 3, "months", 1.0)),
        ("2 yrs", (2, 2, "years", 1.0)),
        ("两年", (2, 2, "years", 1.0)),
        ("1-2‰", (1, 2, "per_mille", 1.0)),
        ("1‰~2‰", (1, 2, "per_mille", 1.0)),
        ("千分之一到千分之二", (1, 2, "per_mille", 1.0)),
        ("1 to 2 per 1,000", (1, 2, "per_1000", 1.0)),
        ("1-2 per 1000", (1, 2, "per_1000", 1.0)),
        ("1 to 2 per thousand", (1, 2, "per_1000", 1.0)),
        ("5 per 10,000", (5, 5, "per_10000", 1.0)),
        ("100-200 per 100,000", (100, 200, "per_100000", 1.0)),
        ("88-112 per million", (88, 112, "per_million", 1.0)),
        ("15亿", (15, 15, None, 1e8)),
        ("1000万", (1000, 1000, None, 1e4)),
        ("1.5 billion euros", (1.5, 1.5, "EUR", 1e9)),
        ("€1.5–3.3 billion", (1.5, 3.3, "EUR", 1e9)),
        ("15~33亿欧元", (15, 33, "EUR", 1e8)),
        ("$7-10 billion", (7, 10, "USD", 1e9)),
        ("70~100亿美元", (70, 100, "USD", 1e8)),
        ("7 to 10 billion dollars", (7, 10, "USD", 1e9)),
        ("10 million people", (10, 10, "count", 1e6)),
        ("ten million", (10, 10, None, 1e6)),
        ("10,000,000", (10_000_000, 10_000_000, None, 1.0)),
        ("4 times", (4, 4, "count", 1.0)),
        ("3 patients", (3, 3, "count", 1.0)),
        ("0.2 to 0.5", (0.2, 0.5, None, 1.0)),
    ],
)
def test_reads_each_format(text: str, expected: tuple[float, float, str | None, float]) -> None:
    assert read(text) == [pytest.approx(expected)]


def test_number_words_need_a_unit_unless_loose() -> None:
    assert read("one filter") == []
    assert read("一般") == []
    assert [q.low for q in find_quantities("three", loose=True)] == [3]


def test_several_numbers() -> None:
    assert read("in 2025, 20-50%") == [(2025, 2025, None, 1.0), (20, 50, "percent", 1.0)]
    assert read("1, 2") == [(1, 1, None, 1.0), (2, 2, None, 1.0)]


def key(low: float, high: float, unit: str, scale: str = "", tolerance: float = 0.0) -> NumericKey:
    return NumericKey(low, high, unit, scale, tolerance, is_range=low != high)


def ok(text: str, k: NumericKey) -> bool:
    (q,) = find_quantities(normalise(text).text, loose=True)
    return compare(q, k).ok


PERCENT = key(20, 50, "percent")


@pytest.mark.parametrize(
    ("text", "k", "expected"),
    [
        # rates: percent, per mille, per 1,000, per 10,000, per 100,000, per million
        ("200-500‰", PERCENT, True),
        ("0.2-0.5", PERCENT, True),  # a bare proportion
        ("20-50", PERCENT, True),  # a bare number is in the key's unit
        ("2-5%", PERCENT, False),
        ("20-50‰", PERCENT, False),
        ("0.1-0.2%", key(1, 2, "per_mille"), True),
        ("1 to 2 per 1000", key(1, 2, "per_mille"), True),
        ("10-20 per 10,000", key(1, 2, "per_mille"), True),
        ("100-200 per 100,000", key(1, 2, "per_mille"), True),
        ("1000-2000 per million", key(1, 2, "per_mille"), True),
        ("1-2%", key(1, 2, "per_mille"), False),
        ("8.8-11.2 per 100,000", key(88, 112, "per_million"), True),
        # time: hours, days, weeks, months, years
        ("1-2 weeks", key(7, 14, "days"), True),
        ("one to two weeks", key(7, 14, "days"), True),
        ("168-336 hours", key(7, 14, "days"), True),
        ("2-3 days", key(48, 72, "hours"), True),
        ("500 seconds", key(8.3, 8.3, "minutes", tolerance=0.3), True),
        ("500秒", key(8.3, 8.3, "minutes", tolerance=0.3), True),
        ("8 seconds", key(8.3, 8.3, "minutes", tolerance=0.3), False),
        ("24 months", key(2, 2, "years"), True),
        ("730 days", key(2, 2, "years"), True),
        ("104 weeks", key(2, 2, "years"), True),
        ("2 months", key(2, 2, "years"), False),
        ("1 month", key(30, 30, "days"), True),  # months are not whole days: 2% leeway
        ("half a month", key(14, 14, "days"), True),  # how people say two weeks
        ("半个月", key(14, 14, "days"), True),
        ("半个月", key(10, 10, "days"), False),
        ("a month", key(25, 25, "days"), False),
        ("4 weeks", key(30, 30, "days"), False),
        # magnitudes: thousand, million, billion, 万, 亿
        ("15~33亿欧元", key(1.5, 3.3, "EUR", "billion"), True),
        ("1500-3300 million euros", key(1.5, 3.3, "EUR", "billion"), True),
        ("1.5-3.3", key(1.5, 3.3, "EUR", "billion"), True),  # no magnitude: the key's
        ("1.5-3.3 million euros", key(1.5, 3.3, "EUR", "billion"), False),
        ("1000万", key(10, 10, "count", "million"), True),
        ("10,000,000", key(10, 10, "count", "million"), True),
        ("10 thousand thousand", key(10, 10, "count", "million"), False),
        ("10 billion", key(10, 10, "count", "million"), False),
        ("7000-10000 million USD", key(7, 10, "USD", "billion"), True),
        # another family is wrong
        ("20-50 days", PERCENT, False),
        ("1.5-3.3 billion dollars", key(1.5, 3.3, "EUR", "billion"), False),
        ("4 weeks", key(4, 4, "count"), False),
        ("40%", key(4, 4, "count"), False),
        # tolerance, and single values against ranges
        ("87%", key(86.84, 86.84, "percent", tolerance=0.5), True),
        ("86%", key(86.84, 86.84, "percent", tolerance=0.5), False),
        ("21-49%", key(20, 50, "percent", tolerance=1), True),
        ("22-50%", key(20, 50, "percent", tolerance=1), False),
        ("35%", PERCENT, False),
        ("20%", PERCENT, False),
    ],
)
def test_compare(text: str, k: NumericKey, expected: bool) -> None:
    assert ok(text, k) is expected


def test_reasons_say_why() -> None:
    q = Quantity(20, 50, "days", is_range=True)
    r = compare(q, PERCENT)
    assert r.family_error and say(r.reason) == "20–50 days is a length of time, not a rate or proportion"
    number = r.reason.arg("number")
    assert r.reason.key == "grade.number_family" and isinstance(number, Msg) and say(number) == "20–50 days"
    assert say(r.reason, "zh") == "20~50天是一段时间，而题目要的是比率或比例"
    inside = compare(Quantity(35, 35, "percent"), PERCENT)
    assert say(inside.reason) == "35%: inside the range, but the answer is the range 20–50%"
    why = inside.reason.arg("why")
    assert isinstance(why, Msg) and why.key == "grade.number_inside_range" and say(why) == "inside the range, but the answer is the range 20–50%"
    assert say(inside.reason, "zh") == "35%：在范围之内，但答案是整个范围20~50%"


@pytest.mark.parametrize(
    ("q", "en", "zh"),
    [
        (Quantity(1.5, 3.3, "EUR", scale=1e9, scaled=True, is_range=True), "1.5–3.3 billion euros", "15~33亿欧元"),
        (Quantity(15, 15, "USD", scale=1e8, scaled=True), "1500 million US dollars", "15亿美元"),
        (Quantity(10, 10, "count", scale=1e6, scaled=True), "10 million", "1000万"),
        (Quantity(10, 10, "count", scale=1e6), "10", "10"),  # a magnitude not written is not shown
        (Quantity(3, 3, "per_1000"), "3 per 1,000", "千分之3"),
        (Quantity(7, 14, "days", is_range=True), "7–14 days", "7~14天"),
        (Quantity(86.84, 86.84, "percent"), "86.84%", "86.84%"),
        (Quantity(2, 2, "weeks"), "2 weeks", "2周"),
        (Quantity(12000, 12000, None), "12,000", "12,000"),
    ],
)
def test_a_quantity_in_each_language(q: Quantity, en: str, zh: str) -> None:
    assert (say(q.said(), "en"), say(q.said(), "zh")) == (en, zh)


def test_a_keys_answer_in_each_language() -> None:
    key = NumericKey(1.5, 3.3, "EUR", scale="billion", is_range=True)
    assert key.label == "1.5–3.3 billion EUR"  # the accepted phrasing the grader matches stays as it was
    assert (say(key.said, "en"), say(key.said, "zh")) == ("1.5–3.3 billion euros", "15~33亿欧元")
    wrong = compare(Quantity(5, 5, "EUR", scale=1e9, scaled=True), key)
    assert say(wrong.reason, "zh") == "50亿欧元：答案是15~33亿欧元"


def test_a_or_an_before_a_unit_is_one() -> None:
    assert read("a month") == [(1, 1, "months", 1.0)]
    assert read("an hour") == [(1, 1, "hours", 1.0)]
    assert read("a lot of patients") == []


def test_a_chinese_half_before_a_unit_is_a_half() -> None:
    assert read("大约半个月内") == [(0.5, 0.5, "months", 1.0)]
    assert read("半月板损伤") == []  # the meniscus
    assert read("半月瓣") == []  # a semilunar valve
    assert read("半个多月") == []  # more than half a month: no number to read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese puts the denominator's people before the rate, or after it
        ("每1000人1到2人", [(1.0, 2.0, "per_1000", 1.0)]),
        ("每千人中有1到2人", [(1.0, 2.0, "per_1000", 1.0)]),
        ("每10万人88~112人", [(88.0, 112.0, "per_100000", 1.0)]),
        ("每1000人中约1-2例", [(1.0, 2.0, "per_1000", 1.0)]),
        ("1到2人每1000人", [(1.0, 2.0, "per_1000", 1.0)]),
        ("每100人有20到50人", [(20.0, 50.0, "percent", 1.0)]),
        # not a rate: a denominator alone, a count per year, a frequency
        ("每1000人", [(1000.0, 1000.0, "count", 1.0)]),
        ("3000人每年", [(3000.0, 3000.0, "count", 1.0)]),
        ("每37人3人", [(37.0, 37.0, "count", 1.0), (3.0, 3.0, "count", 1.0)]),
    ],
)
def test_a_chinese_rate_with_its_people_counted(text: str, expected: list[tuple[float, float, str, float]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("15", "correct"), ("15 or more", "correct"), ("at least 15", "correct"), ("≥15", "correct"),
    ("over 14", "correct"), (">14", "correct"), ("more than 14", "correct"),
    ("more than 15", "partial"), ("over 15", "partial"), ("不超过15", "correct"), ("大于14分", "correct"),
    ("less than 15", "partial"),
])
def test_a_strict_bound_on_a_whole_count_is_the_next_whole_number(answer: str, expected: str) -> None:
    from tests.test_grading_support import grader, numeric

    severe = numeric("severe", 15, 15, "count", is_range=False)
    assert grader().grade(severe, answer).verdict == expected
