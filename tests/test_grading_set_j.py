"""General rules found on set J's answers (a development set since): each written as a rule
any bank benefits from, with what must stay wrong beside it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_grading_support import choice, grader, numeric, short
from tutor.model import Misconception, Option, Question

WELLS = short(
    "wells", ("2 points or more", "a score of 2 or above", "≥2"),
    misconceptions=(Misconception("above-2", ("more than 2", "3 or more", "above 2"), "2 counts."),),
    prompt="On the two-level Wells score, what score means DVT is likely?",
)
INR = short("inr", ("when the INR is below 2", "INR less than 2.0", "<2"),
            misconceptions=(Misconception("below-3", ("below 3", "less than 3", "3 or less"), "No."),),
            prompt="At what INR can he take his first dose of apixaban?")
AGE = short("age", ("age over 65",), prompt="Name a risk factor.")


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 1. an inclusive bound in any of its ways, and the strict one the question tells apart
    (WELLS, "2 or more", "correct"),
    (WELLS, "≥2", "correct"),
    (WELLS, ">=2", "correct"),
    (WELLS, "2+", "correct"),
    (WELLS, "at least 2", "correct"),
    (WELLS, "至少2分", "correct"),
    (WELLS, "2分及以上", "correct"),
    (WELLS, "score of 2 or higher = likely; 1 or less = unlikely", "correct"),
    (WELLS, "more than 2", "incorrect"),
    (WELLS, ">2", "incorrect"),
    (WELLS, "≥3", "incorrect"),
    (WELLS, "1 or more", "incorrect"),
    (WELLS, "2", "incorrect"),
    (INR, "below 2", "correct"),
    (INR, "under 2", "correct"),
    (INR, "INR低于2时", "correct"),
    (INR, "INR below 3", "incorrect"),
    (INR, "2.5 or less", "incorrect"),
    (INR, "INR < 1.5", "incorrect"),
    # beside other words, where nothing tells them apart, `over 65` and `65 or over` are one
    (AGE, "age 65 or over", "correct"),
    (AGE, "age greater than 65", "correct"),
    (AGE, "aged 65+", "correct"),
    (AGE, "age under 65", "incorrect"),
    (AGE, "age 65 or under", "incorrect"),
    # 2. word families -ence/-ent, and two denials of one word
    (short("rec", ("recurrent DVT",)), "DVT recurrence", "correct"),
    (short("inc", ("valve incompetence",)), "incompetent valves", "correct"),
    (short("inc2", ("valve incompetence",)), "valve competence", "incorrect"),
    (short("nc", ("noncompressible vein",)), "incompressible vein", "correct"),
    (short("nc2", ("noncompressible vein",)), "compressible vein", "incorrect"),
    (short("st", ("stable angina",)), "unstable angina", "incorrect"),
    # a `non-` word is not dropped: what is left names the opposite too
    (short("niv", ("noninvasive ventilation",)), "invasive ventilation", "incorrect"),
    (short("niv2", ("noninvasive ventilation",)), "ventilation", "incorrect"),
    (short("niv3", ("noninvasive ventilation",)), "non-invasive ventilation", "correct"),
])
def test_set_j_rules(q: Question, answer: str, expected: str) -> None:
    assert grader().grade(q, answer).verdict == expected, answer


def test_a_bound_the_question_asks_for_is_understood() -> None:
    urate = replace(numeric("urate", 360, 360, "count", is_range=False),
                    prompt="What serum urate should his treatment keep him below?")
    assert grader().grade(urate, "<360 umol/l").verdict == "correct"
    assert grader().grade(urate, "低于360").verdict == "correct"
    assert grader().grade(urate, "below 300").verdict == "incorrect"
    plain = numeric("count", 15, 15, "count", is_range=False)
    assert grader().grade(plain, "more than 15").verdict == "partial"  # 16 or more: not asked this way


NNT = numeric("nnt", 7, 7, "count", is_range=False)
DOSE = numeric("dose", 54, 54, "count", is_range=False)
POISEUILLE = numeric("flow", 6.25, 6.25, "percent", is_range=False,
                     misconceptions=(Misconception("half", ("50%",), "Flow goes with r⁴."),))
PH = numeric("ph", 3, 3, "count", is_range=False)


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 3. a calculation's working that ends in the answer
    (NNT, "NNT = 1/0.145 ≈ 7", "correct"),
    (NNT, "1/0.145 = 6.9 so 7", "correct"),
    (NNT, "1/0.145 ≈ 6", "incorrect"),
    (NNT, "7 or 8", "incorrect"),
    (DOSE, "27*2 = 54 mg", "correct"),
    (DOSE, "27*2 = 54, or 60", "incorrect"),
    (POISEUILLE, "(1/2)^4 = 1/16 = 6.25%", "correct"),
    (POISEUILLE, "50%", "incorrect"),
    (PH, "pH=3，因为[H+]=10^-3 mol/L", "correct"),
])
def test_set_j_numbers(q: Question, answer: str, expected: str) -> None:
    assert grader().grade(q, answer).verdict == expected, answer


BERLIN = choice("berlin", (Option("A", "1961"), Option("B", "1989", correct=True), Option("C", "1991")))


@pytest.mark.parametrize(("answer", "expected"), [
    # 7. a year in words picks the option that is that year
    ("nineteen eighty-nine", "correct"),
    ("it fell in nineteen eighty-nine", "correct"),
    ("nineteen ninety-one", "incorrect"),
    ("not nineteen eighty-nine", "incorrect"),
])
def test_a_year_in_words(answer: str, expected: str) -> None:
    assert grader().grade(BERLIN, answer).verdict == expected, answer


def test_years_in_words_are_read() -> None:
    from tutor.grading.numbers import find_quantities

    assert [q.low for q in find_quantities("nineteen oh five", loose=True)] == [1905]
    assert [q.low for q in find_quantities("twenty twenty-four", loose=True)] == [2024]
    assert [(q.low, q.high) for q in find_quantities("twenty to thirty", loose=True)] == [(20, 30)]
