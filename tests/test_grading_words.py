"""Numbers written in words and in Chinese numerals, and numbers no one means."""

from __future__ import annotations

import pytest

from tutor.grading.normalize import normalise
from tutor.grading.numbers import find_quantities
from tutor.texts import number_text


def read(text: str) -> list[tuple[float, float, str | None]]:
    return [(round(q.low, 2), round(q.high, 2), q.unit) for q in find_quantities(normalise(text).text, loose=True)]


@pytest.mark.parametrize(("text", "expected"), [
    ("a fifth to a half", [(20, 50, "percent")]),
    ("one in five", [(20, 20, "percent")]),
    ("1 in 4 patients", [(25, 25, "percent")]),
    ("about two thirds", [(66.67, 66.67, "percent")]),
    ("half of them", [(50, 50, "percent")]),
    ("a quarter", [(25, 25, "percent")]),
    ("twice", [(2, 2, "count")]),
    ("quadruple the risk", [(4, 4, "count")]),
    ("a threefold rise", [(3, 3, "count")]),
    ("百分之八十六点八四", [(86.84, 86.84, "percent")]),
    ("一万五千", [(15000, 15000, None)]),
    ("零点五", [(0.5, 0.5, None)]),
    ("eight hundred and twenty", [(820, 820, None)]),
    ("a hundred and five", [(105, 105, None)]),
    ("nine hundred", [(900, 900, None)]),
    ("between three hundred and four hundred", [(300, 400, None)]),
    ("two in three", [(66.67, 66.67, "percent")]),
    ("3 in 4 patients", [(75, 75, "percent")]),
    ("2 in 3 days", [(2, 2, None), (3, 3, "days")]),
    ("one and a half", [(1.5, 1.5, None)]),
    ("1 and a half tablets", [(1.5, 1.5, None)]),
])
def test_numbers_in_words(text: str, expected: list[tuple[float, float, str | None]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("text", ["a half-life", "behalf of the team", "the third patient"])
def test_words_that_are_not_proportions(text: str) -> None:
    assert read(text) == []


def test_a_number_too_long_to_be_meant_is_not_read() -> None:
    assert read("9" * 309) == []
    assert number_text(float("inf")) == "∞"


def test_grading_a_number_too_long_to_be_meant_does_not_crash() -> None:
    from tests.test_grading_support import grader, numeric

    q = numeric("n", 10, 10, "count", scale="million", is_range=False)
    g = grader().grade(q, "9" * 309)
    assert g.verdict == "incorrect"


def test_a_right_range_restated_in_words_is_one_answer() -> None:
    from tests.test_grading_support import numeric, verdict

    q = numeric("p", 20, 50, "percent")
    assert verdict(q, "a fifth to a half") == "correct"
    assert verdict(q, "up to half of them, 20 to 50%") == "correct"
    assert verdict(q, "a fifth") == "partial"  # one end of the range, not the range
    assert verdict(q, "a fifth or more") != "correct"


@pytest.mark.parametrize(("value", "unit", "answer", "expected"), [
    (4.5, "hours", "four and a half hours", "correct"),
    (4.5, "hours", "4 and a half hours", "correct"),
    (4.5, "hours", "270 minutes", "correct"),
    (4.5, "hours", "4 hours", "incorrect"),
    (12, "hours", "half a day", "correct"),
    (3, "months", "a quarter of a year", "correct"),
    (6, "months", "half a year", "correct"),
    (14, "days", "a fortnight", "correct"),
    (13.8, "years", "thirteen point eight years", "correct"),
    (29.5, "days", "二十九天半", "correct"),
    (2.5, "hours", "两个半小时", "correct"),
    (25, "percent", "1/4", "correct"),
    (25, "percent", "24/7", "incorrect"),
    ((20, 50), "percent", "两到五成", "correct"),  # 成: tenths
    ((20, 50), "percent", "成人中两成到五成", "correct"),
])
def test_numbers_in_words_and_other_time_units(value: float | tuple[float, float], unit: str, answer: str,
                                               expected: str) -> None:
    from tests.test_grading_support import numeric, verdict

    low, high = value if isinstance(value, tuple) else (value, value)
    assert verdict(numeric("n", low, high, unit, is_range=isinstance(value, tuple)), answer) == expected


def test_a_range_around_a_one_value_answer_is_partly_right() -> None:
    from tests.test_grading_support import numeric, verdict

    q = numeric("m", 3, 3, "months", is_range=False)
    assert verdict(q, "3-6 months") == "partial"
    assert verdict(q, "3 to 12 months") == "incorrect"  # so wide it says little
    assert verdict(q, "6-12 months") == "incorrect"  # does not reach the answer
    r = numeric("r", 20, 50, "percent")
    assert verdict(r, "30-60%") == "incorrect"  # another range


def test_two_threads_stem_at_once_without_sharing_a_stemmer() -> None:
    """A question compiled ahead on a thread while another answer is graded: a Snowball stemmer
    keeps its word in itself, so a shared one stemmed garbage or raised IndexError."""
    import sys
    import threading

    from tutor.grading.tokens import _snowball

    words = [f"{w}{s}" for w in ("thrombos", "emboli", "dilat", "haemorrhag", "coagul") for s in
             ("is", "ation", "ic", "ed", "ing", "isation", "ically")] * 400
    expected = [_snowball().stemWord(w) for w in words]
    results: dict[str, list[str]] = {}
    mine: dict[str, object] = {}

    def stem_all(name: str) -> None:
        mine[name] = _snowball()
        results[name] = [_snowball().stemWord(w) for w in words]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=stem_all, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert results == {"a": expected, "b": expected}
    assert mine["a"] is not mine["b"] and mine["a"] is not _snowball()
