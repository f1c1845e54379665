"""General rules found on set K's answers (a development set since), and on the classes left from
sets J and L: each written as a rule any bank benefits from, with what must stay wrong beside it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_grading_support import choice, grader, listq, numeric, short
from tutor.model import Option, Question

GOAL = short("goal", ("to reduce the risk of post-thrombotic syndrome",))
POSTPROC = short("postproc", ("post-procedural bleeding",))
SOX = short("sox", ("they did not prevent PTS", "no reduction in PTS"))
CANT = short("cant", ("he cannot be anticoagulated",))
PRE_CKD = short("ckd", ("pre-existing chronic kidney disease",))
STROKE = short("stroke", ("recent intracranial haemorrhage or stroke",))
SELECTION = listq("selection", {"segment": ("iliofemoral DVT", "髂股静脉血栓"),
                                 "acute": ("symptoms for 3 days", "症状3天"), "bleeding": ("low bleeding risk",)}, 3)
ITT = short("itt", ("analysed in the group they were randomised to",))


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 1. contractions typed without their apostrophe still say `not`
    (SOX, "they didnt prevent PTS", "correct"),
    (SOX, "they did prevent PTS", "incorrect"),
    (CANT, "he cant be anticoagulated", "correct"),
    (CANT, "he can be anticoagulated", "incorrect"),
    (short("dont", ("give heparin",)), "dont give heparin", "incorrect"),
    (short("doesnt", ("crosses the placenta",)), "doesnt cross the placenta", "incorrect"),
    # `only` before a number is a small amount, not `that alone`
    (SELECTION, "iliofemoral DVT, symptoms only 3 days", "partial"),  # 2 of the 3 needed
    (SELECTION, "髂股静脉血栓、症状仅3天", "partial"),
    (SELECTION, "iliofemoral DVT only", "incorrect"),
    # 2. a word that begins like a flip prefix is not that prefix (`prevent` is not `pre` + `vent`)
    (GOAL, "prevent post-thrombotic syndrome", "correct"),
    (GOAL, "preventing PTS", "correct"),
    (GOAL, "increase the risk of post-thrombotic syndrome", "incorrect"),
    (POSTPROC, "preprocedural bleeding", "incorrect"),
    (POSTPROC, "pre-procedural bleeding", "incorrect"),
    (short("hyper", ("hyperkalaemia",)), "hypokalaemia", "incorrect"),
    # 3. `whether or not` is `regardless`: no alternative after its `or`, no negation after its `not`
    (ITT, "analysed in the group they were randomised to, whether or not they got the treatment", "correct"),
    (ITT, "analysed in the group they were randomised to, or per protocol", "incorrect"),
    (ITT, "not analysed in the group they were randomised to", "incorrect"),
    # 10. `pre-existing` frames a condition: its `pre` is no flip (nothing is post-existing)
    (PRE_CKD, "CKD", "correct"),
    (PRE_CKD, "chronic kidney disease", "correct"),
    (PRE_CKD, "preexisting CKD", "correct"),
    (PRE_CKD, "no CKD", "incorrect"),
    (PRE_CKD, "AKI", "incorrect"),
    (short("pe", ("pre-eclampsia",)), "eclampsia", "incorrect"),
    # 14. a word of time leading a key's alternatives qualifies each of them
    (STROKE, "recent stroke", "correct"),
    (STROKE, "recent intracranial haemorrhage", "correct"),
    (STROKE, "stroke", "incorrect"),
    (STROKE, "old stroke", "incorrect"),
    (STROKE, "no recent stroke", "incorrect"),
    (short("tr", ("recent major surgery or trauma",)), "recent trauma", "correct"),
])
def test_set_k_rules(q: Question, answer: str, expected: str) -> None:
    assert grader().grade(q, answer).verdict == expected, answer


CAVA = choice("cava", (Option("A", "No significant difference in PTS", correct=True), Option("B", "Fewer PTS"),
                       Option("C", "More bleeding")))


@pytest.mark.parametrize(("answer", "expected"), [
    # 4. a letter, a doubt, then the reason
    ("A I think, there was a trend but not significant", "correct"),
    ("A? no real difference", "correct"),
    ("B? 深静脉是1秒", "incorrect"),
    ("A maybe B", "incorrect"),
    ("A probably c", "incorrect"),
    # 5. an option named by its place or by its number in words
    ("the first one - it helped the clot", "correct"),
    ("I think the first one", "correct"),
    ("first option", "correct"),
    ("option one", "correct"),
    ("option two", "incorrect"),
    ("the last one", "incorrect"),
    ("not the first one", "incorrect"),
    ("the first one is not right", "incorrect"),
    ("the first one or the second one", "incorrect"),
    ("the first one or the last", "incorrect"),
    ("the first one or B", "incorrect"),
])
def test_choice_by_letter_doubt_or_place(answer: str, expected: str) -> None:
    assert grader().grade(CAVA, answer).verdict == expected, answer


SUBACUTE = numeric("subacute", 15, 30, "days")
RETRIEVAL = numeric("retrieval", 29, 54, "days")
YEAR = replace(numeric("year", 1776, 1776, "count", is_range=False),
               prompt="In what year was the Declaration of Independence signed?")
WELLS6 = numeric("wells6", 6, 6, "count", is_range=False)
ARR = numeric("arr", 14.4, 14.4, "percent", is_range=False)
POISEUILLE = numeric("flow", 6.25, 6.25, "percent", is_range=False)
CURB = replace(numeric("curb", 4, 4, "count", is_range=False), prompt="What is his CHA2DS2-VASc score?")
BLEED = numeric("bleed", 1.7, 1.7, "percent", is_range=False)


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 6. a window of days written as two day numbers is a range of days
    (SUBACUTE, "from day 15 to day 30", "correct"),
    (SUBACUTE, "第15天到第30天", "correct"),
    (RETRIEVAL, "between day 29 and day 54", "correct"),
    (SUBACUTE, "from day 15 to day 28", "incorrect"),
    (SUBACUTE, "第15天到第28天", "incorrect"),
    (SUBACUTE, "from day 15 to day 60", "incorrect"),
    # a window of days said in weeks or months begins the day after its first weeks
    (SUBACUTE, "2 weeks to 1 month", "correct"),
    (SUBACUTE, "two weeks to a month", "correct"),
    (SUBACUTE, "14-30 days", "incorrect"),
    (SUBACUTE, "2-4 weeks", "incorrect"),
    (SUBACUTE, "3 weeks to 1 month", "incorrect"),
    # 7. a year of the calendar with 年 is the year, not a length of time
    (YEAR, "1776年", "correct"),
    (YEAR, "公元1776年", "correct"),
    (YEAR, "1775年", "incorrect"),
    (YEAR, "1776 years", "incorrect"),
    (YEAR, "5年", "incorrect"),
    # 8. the right number restated in other units in brackets is one answer, not two
    (RETRIEVAL, "about 1-2 months (29-54 d)", "correct"),
    (RETRIEVAL, "29-54 days (1-2 months)", "correct"),
    (RETRIEVAL, "3 months (29-54 d)", "incorrect"),
    (RETRIEVAL, "1-2 weeks (29-54 days)", "incorrect"),
    (RETRIEVAL, "1-2 months or 29-54 days", "incorrect"),
    # 9. a colon begins the working of a right score; an `or` there offers a second answer
    (WELLS6, "6 points: 3 for PE most likely, 1.5 for HR >100, 1.5 for immobilization >=3 days", "correct"),
    (WELLS6, "6分：3分给PE", "correct"),
    (WELLS6, "5: 3 for PE", "incorrect"),
    (WELLS6, "6: or 7", "incorrect"),
    (WELLS6, "6 (or 7)", "incorrect"),
    (WELLS6, "6 (或7)", "incorrect"),
    # 12. a one-value key rounded to the places the learner wrote, as a rough figure: near it
    (ARR, "about 14 percentage points", "partial"),
    (ARR, "约14%", "partial"),
    (ARR, "14%", "incorrect"),
    (ARR, "around 15%", "incorrect"),
    (ARR, "about 10%", "incorrect"),
    (ARR, "about 14.5%", "incorrect"),
    (ARR, "about 14.4%", "correct"),
    (POISEUILLE, "about six percent", "partial"),
    (POISEUILLE, "about 7%", "incorrect"),
    (BLEED, "about 2%", "partial"),
    (BLEED, "about 2 per 1000", "incorrect"),
    # 13. a score the question asks for, written out of its scale's maximum, is its points
    (CURB, "4/9", "correct"),
    (CURB, "4 out of 9", "correct"),
    (CURB, "5/9", "incorrect"),
    (CURB, "9/4", "incorrect"),
    (CURB, "4/9 or 5/9", "incorrect"),
    (numeric("count4", 4, 4, "count", is_range=False), "4/9", "incorrect"),  # not asked as a score: 44%
])
def test_set_k_numbers(q: Question, answer: str, expected: str) -> None:
    assert grader().grade(q, answer).verdict == expected, answer


def test_day_windows_and_years_are_read() -> None:
    from tutor.grading.numbers import find_quantities

    assert [(q.low, q.high, q.unit) for q in find_quantities("from day 15 to day 30")] == [(15, 30, "days")]
    assert [(q.low, q.unit) for q in find_quantities("on day 3")] == [(3, None)]  # one day: as before
    assert [(q.low, q.high, q.unit) for q in find_quantities("1939-1945年")] == [(1939, 1945, None)]
    assert [(q.low, q.unit) for q in find_quantities("5年")] == [(5, "years")]


PHLEGMASIA = listq("phlegmasia", {"pulse": ("动脉搏动减弱或消失",), "cyanosis": ("皮肤青紫",),
                                  "stop": ("停止或减量溶栓药物",)}, 2)


@pytest.mark.parametrize(("answer", "expected"), [
    # 11. a Chinese key's two-character alternative stands for the word on its side of the phrase
    ("皮肤青紫、动脉搏动消失", "correct"),
    ("皮肤青紫、动脉搏动减弱", "correct"),
    ("皮肤青紫、停止溶栓药物", "correct"),
    ("皮肤青紫、动脉搏动增强", "partial"),
    ("皮肤青紫、动脉搏动正常", "partial"),
])
def test_chinese_alternatives_in_a_key(answer: str, expected: str) -> None:
    assert grader().grade(PHLEGMASIA, answer).verdict == expected, answer


def test_chinese_alternatives_are_read() -> None:
    from tutor.grading.compiled import alternatives_in

    assert {"动脉搏动减弱", "动脉搏动消失"} <= set(alternatives_in("动脉搏动减弱或消失"))
    assert "消失" not in alternatives_in("动脉搏动减弱或消失")
    assert {"停止溶栓药物", "减量溶栓药物"} <= set(alternatives_in("停止或减量溶栓药物"))
    assert "停止" not in alternatives_in("停止或减量溶栓药物")
    assert alternatives_in("沉重感或疼痛") == ["沉重感", "疼痛"]
    assert alternatives_in("不减弱或消失") == []
    assert "recent stroke" in alternatives_in("recent intracranial haemorrhage or stroke")
    assert alternatives_in("IVC thrombosis or occlusion") == ["IVC thrombosis", "IVC occlusion"]
