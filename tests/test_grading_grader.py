"""The grader's verdicts: short, list, numeric and choice questions, and the calls the engine makes."""

from __future__ import annotations

import dataclasses
import time

import pytest

from tests.test_grading_support import (
    ACUTE,
    BASELINE,
    CDT,
    COMBO,
    EUROPE,
    HOURS,
    MILLE,
    MILLION,
    NEGATIVE,
    PTS_RATE,
    RISK,
    SHOCK,
    SIDES,
    SIGNS,
    SUBACUTE,
    TWO_OF_THREE,
    USA,
    VIRCHOW,
    YEARS,
    ZOU,
    grader,
    listq,
    make_course,
    short,
    verdict,
)
from tutor.grading import Grade, Grader, Match
from tutor.model import Choice, Decision, Misconception, Question

# --- the shape of a Grade ------------------------------------------------------------------------


def test_grade_is_plain_frozen_data() -> None:
    g = grader().grade(BASELINE, "anticoagulaton")
    assert dataclasses.is_dataclass(g) and isinstance(g, Grade)
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.verdict = "incorrect"  # type: ignore[misc]  # the point: it is frozen
    assert g.verdict == "correct" and g.credit == 1.0
    assert g.matched == (Match("answer", "anticoagulation", (0, 14), 1, "typo"),)
    assert g.reason == "matched 'anticoagulation' with one typo"
    assert g.missing == () and g.misconception is None and g.suggestion is None
    assert set(g.as_dict()) >= {"verdict", "credit", "reason", "matched", "missing", "misconceptions",
                                "partial_answer", "option", "suggestion", "negated"}


# --- input limits -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\t", "?!", "..."])
def test_empty_answer(text: str) -> None:
    g = grader().grade(BASELINE, text)
    assert (g.verdict, g.credit, g.reason) == ("incorrect", 0.0, "empty answer")


def test_long_answer_is_capped_not_fatal() -> None:
    text = "anticoagulation " + "blah " * 5000
    t = time.perf_counter()
    g = grader().grade(BASELINE, text)
    # The key followed by a long paste is not an answer (it is judged on all it says), and fast.
    assert g.verdict == "incorrect" and "says a great deal" in g.reason and time.perf_counter() - t < 1.0
    assert grader().grade(BASELINE, "blah " * 5000 + "anticoagulation").verdict == "incorrect"  # beyond the cap


def test_control_characters_and_markup() -> None:
    assert verdict(BASELINE, "anti\x00coagulation\x07") == "correct"
    assert verdict(BASELINE, "[bold]anticoagulation[/bold]") == "correct"
    assert verdict(BASELINE, "[red]") == "incorrect"


# --- short answers -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "expected", "credit"),
    [
        ("anticoagulation", "correct", 1.0),
        ("I would start anticoagulant therapy today", "correct", 1.0),
        ("抗凝治疗", "correct", 1.0),
        ("抗凝治療", "correct", 1.0),
        ("thrombolysis", "incorrect", 0.0),
        ("anticoagulation and thrombolysis", "partial", 0.5),
        ("anticoagulation, not thrombolysis", "correct", 1.0),
        ("no anticoagulation", "incorrect", 0.0),
        ("blood thinner", "partial", 0.5),
        ("blood thinner and a filter", "partial", 0.5),
        ("an IVC filter", "incorrect", 0.0),
        ("heparin", "incorrect", 0.0),
    ],
)
def test_short(answer: str, expected: str, credit: float) -> None:
    g = grader().grade(BASELINE, answer)
    assert (g.verdict, g.credit) == (expected, credit)


def test_misconception_feedback_and_specificity() -> None:
    g = grader().grade(BASELINE, "IVC filter")
    assert g.misconception is not None and g.misconception.id == "filter"
    assert g.reason == "misconception: 'IVC filter'"
    # the accepted phrasing beats a misconception inside it
    assert verdict(CDT, "catheter-directed thrombolysis") == "correct"
    # a misconception that contains the accepted answer beats it
    q = short("spec", ("IVC filter",),
              misconceptions=(Misconception("alone", ("IVC filter alone",), "Not alone."),))
    g = grader().grade(q, "IVC filter alone")
    assert g.verdict == "incorrect" and g.misconception is not None
    # several misconceptions: the most specific first
    q2 = short("two", ("anticoagulation",), misconceptions=(
        Misconception("short", ("lysis",), "a"), Misconception("long", ("systemic thrombolysis",), "b")))
    g2 = grader().grade(q2, "lysis or systemic thrombolysis")
    assert [m.id for m in g2.misconceptions] == ["long", "short"]


def test_a_negated_misconception_is_not_held_against_the_learner() -> None:
    assert verdict(BASELINE, "not a filter") == "incorrect"
    g = grader().grade(BASELINE, "anticoagulation, never a filter")
    assert g.verdict == "correct" and g.misconceptions == ()


def test_negated_answers_are_reported() -> None:
    g = grader().grade(SHOCK, "not obstructive shock")
    assert g.verdict == "incorrect" and g.reason == "negated: 'not obstructive shock'"
    assert g.negated == ("obstructive shock",)
    assert grader().grade(BASELINE, "不用抗凝").verdict == "incorrect"


def test_question_asking_what_cannot_be_done() -> None:
    assert verdict(NEGATIVE, "dissolve the clot") == "correct"
    assert verdict(NEGATIVE, "it cannot dissolve the clot") == "correct"
    assert verdict(NEGATIVE, "never dissolve the clot") == "incorrect"
    assert verdict(short("x", ("dissolve the clot",)), "it cannot dissolve the clot") == "incorrect"


def test_pseudo_negation_in_an_answer() -> None:
    assert verdict(RISK, "bleeding") == "correct"
    assert verdict(RISK, "not only bleeding") == "correct"
    assert verdict(RISK, "no bleeding") == "incorrect"


# --- near misses --------------------------------------------------------------------------------

def test_unclear_and_confirm() -> None:
    g = grader().grade(BASELINE, "I'd use antkoagulatin now")
    assert g.verdict == "unclear" and g.credit == 0.0
    assert g.suggestion == "anticoagulation"
    assert "beyond the spelling allowance" in g.reason
    confirmed = grader().confirm(BASELINE, "I'd use antkoagulatin now", g.suggestion)
    assert confirmed.verdict == "correct" and confirmed.credit == 1.0


def test_unclear_in_a_list_and_confirm_keeps_the_other_items() -> None:
    text = "vessel wall injury, venous stasis, hypercoagulabiltyyy"
    g = grader().grade(VIRCHOW, text)
    assert g.verdict == "unclear" and g.suggestion == "hypercoagulability"
    assert grader().confirm(VIRCHOW, text, g.suggestion).verdict == "correct"


def test_never_unclear_for_short_terms_or_real_words() -> None:
    assert verdict(short("a", ("CDT",)), "CTD") == "incorrect"
    assert verdict(short("t", ("thrombolysis",)), "thrombosis") == "incorrect"


# --- list answers ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "expected", "credit"),
    [
        ("vessel wall injury, venous stasis and hypercoagulability", "correct", 1.0),
        ("endothelial injury; slow blood flow; hypercoagulable state", "correct", 1.0),
        ("血管内膜损伤、血流缓慢、高凝状态", "correct", 1.0),
        ("venous stasis + vessel wall injury plus hypercoagulability", "correct", 1.0),
        ("venous stasis\nvessel wall injury\nhypercoagulability", "correct", 1.0),
        ("hypercoagulability and venous stasis", "partial", 0.6667),
        ("venous stasis, venous stasis, slow blood flow", "partial", 0.3333),  # a group counts once
        ("venous stasis", "partial", 0.3333),
        ("venous stasis, vessel wall injury, hypercoagulability, bleeding tendency", "partial", 0.8333),
        ("venous stasis, vessel wall injury, hypercoagulability, pregnancy", "partial", 0.8333),
        ("venous stasis, bleeding tendency", "partial", 0.3333),
        ("venous stasis, vessel wall injury, hypercoagulability, etc.", "correct", 1.0),
        ("venous stasis, vessel wall injury, hypercoagulability, not bleeding tendency", "correct", 1.0),
        ("bleeding tendency", "incorrect", 0.0),
        ("pregnancy", "incorrect", 0.0),
        ("no venous stasis", "incorrect", 0.0),
    ],
)
def test_list(answer: str, expected: str, credit: float) -> None:
    g = grader().grade(VIRCHOW, answer)
    assert (g.verdict, round(g.credit, 4)) == (expected, credit)


def test_list_reports_missing_and_unrecognised() -> None:
    g = grader().grade(VIRCHOW, "venous stasis, pregnancy")
    assert set(g.missing) == {"injury", "hypercoag"}
    assert g.unrecognised == ("pregnancy",)
    assert [m.expectation_id for m in g.matched] == ["stasis"]
    assert "missing:" in g.reason and "not recognised: 'pregnancy'" in g.reason


def test_list_need_below_the_number_of_groups() -> None:
    assert verdict(TWO_OF_THREE, "contraindication to anticoagulation and failed anticoagulation") == "correct"
    assert verdict(TWO_OF_THREE, "free-floating thrombus") == "partial"
    assert verdict(TWO_OF_THREE, "contraindication to anticoagulation, failure of anticoagulation, "
                                 "free-floating thrombus") == "correct"


@pytest.mark.parametrize("answer", ["anticoagulation alone", "only anticoagulation", "anticoagulant monotherapy",
                                    "CDT alone", "单纯抗凝"])
def test_exclusivity_against_a_key_of_several_parts(answer: str) -> None:
    g = grader().grade(COMBO, answer)
    assert g.verdict == "incorrect" and "needs 2" in g.reason


def test_exclusivity_does_not_touch_a_complete_answer() -> None:
    assert verdict(COMBO, "anticoagulation and CDT") == "correct"
    assert verdict(COMBO, "anticoagulation") == "partial"


# --- numeric answers ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("q", "answer", "expected"),
    [
        (PTS_RATE, "20-50%", "correct"),
        (PTS_RATE, "about 20 to 50 per cent", "correct"),
        (PTS_RATE, "twenty to fifty percent", "correct"),
        (PTS_RATE, "0.2-0.5", "correct"),
        (PTS_RATE, "35%", "partial"),  # one value inside the range: part of it (sets B, C)
        (PTS_RATE, "20-50 days", "incorrect"),
        (PTS_RATE, "not 20-50%", "incorrect"),
        (PTS_RATE, "20–50%, or maybe 60%", "incorrect"),
        (PTS_RATE, "in 2025 the review said 20-50%", "correct"),  # a stray bare number is ignored
        (PTS_RATE, "a lot", "incorrect"),
        (ZOU, "86.84%", "correct"),
        (ZOU, "87%", "correct"),
        (ZOU, "0.8684", "correct"),
        (ZOU, "86%", "incorrect"),
        (ACUTE, "7 to 14 days", "correct"),
        (ACUTE, "one to two weeks", "correct"),
        (ACUTE, "2 weeks", "partial"),
        (ZOU, "80-90%", "partial"),  # a narrow range around a one-value answer: part of it
        (ZOU, "10-90%", "incorrect"),  # a range so wide it says nothing
        (SUBACUTE, "20-40 days", "incorrect"),  # another range, though it overlaps
        (HOURS, "2880 to 4320 minutes", "correct"),
        (EUROPE, "15~33亿欧元", "correct"),
        (EUROPE, "€1.5–3.3 billion", "correct"),
        (EUROPE, "1.5-3.3 billion dollars", "incorrect"),
        (USA, "70~100亿美元", "correct"),
        (MILLION, "1000万", "correct"),
        (MILLION, "ten million", "correct"),
        (MILLE, "1-2 per 1000", "correct"),
        (MILLE, "1-2%", "incorrect"),
        (YEARS, "24 months", "correct"),
        (YEARS, "两年", "correct"),
        (HOURS, "2-3 days", "correct"),
        (SUBACUTE, "15-30 days", "correct"),
        (SUBACUTE, "7-14 days", "incorrect"),
    ],
)
def test_numeric(q: Question, answer: str, expected: str) -> None:
    assert verdict(q, answer) == expected


def test_numeric_details() -> None:
    g = grader().grade(PTS_RATE, "I think 20–50 %")
    assert g.matched[0].via == "number" and "I think 20–50 %"[slice(*g.matched[0].span)] == "20–50 %"
    g = grader().grade(SUBACUTE, "7-14 days")
    assert g.misconception is not None and g.misconception.id == "acute-range"
    g = grader().grade(PTS_RATE, "20-50 days")
    assert "length of time" in g.reason and g.missing == ("answer",)


# --- single best answer --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "letter", "expected"),
    [
        ("a", "A", "correct"), ("A)", "A", "correct"), ("(a)", "A", "correct"), ("option a", "A", "correct"),
        ("answer: A", "A", "correct"), ("选A", "A", "correct"), ("A. new swelling", "A", "correct"),
        ("a吧", "A", "correct"), ("我选A", "A", "correct"), ("选A吧？", "A", "correct"), ("b吧", "B", "incorrect"),
        ("b", "B", "incorrect"), ("B.", "B", "incorrect"),
        ("swelling of both legs and the scrotum", "A", "correct"),
        ("new swelling of both legs and the scrotom", "A", "correct"),
        ("rash", "B", "incorrect"), ("fever alone", "C", "incorrect"), ("just a fever", "C", "incorrect"),
    ],
)
def test_choice(answer: str, letter: str, expected: str) -> None:
    g = grader().grade(SIGNS, answer)
    assert g.verdict == expected
    assert g.option is not None and g.option.letter == letter


def test_choice_nothing_or_several() -> None:
    g = grader().grade(SIGNS, "e")
    assert g.verdict == "incorrect" and g.option is None
    assert grader().grade(SIGNS, "not a").option is None
    assert verdict(SIDES, "left") == "correct"
    assert verdict(SIDES, "right") == "incorrect"
    g = grader().grade(SIDES, "iliac vein")
    assert g.verdict == "unclear" and "letter" in g.reason


def test_choice_feedback_is_available() -> None:
    g = grader().grade(SIGNS, "b")
    assert g.option is not None and g.option.feedback.startswith("A rash")


# --- the other calls -----------------------------------------------------------------------------

def test_covered() -> None:
    g = grader()
    open_ids = {"injury", "stasis", "hypercoag"}
    assert g.covered(VIRCHOW, "slow flow", open_ids) == {"stasis"}  # the group's prompt answer
    assert g.covered(VIRCHOW, "endothelial injury and hypercoagulability", open_ids) == {"injury", "hypercoag"}
    assert g.covered(VIRCHOW, "endothelial injury", {"stasis"}) == set()
    assert g.covered(VIRCHOW, "no stasis", open_ids) == set()
    assert g.covered(BASELINE, "anticoagulant", {"answer"}) == {"answer"}
    assert g.covered(PTS_RATE, "20-50%", {"answer"}) == {"answer"}
    assert g.covered(BASELINE, "", {"answer"}) == set()


DECISION = Decision("How do you protect him?", (
    Choice("filter", "A", "Place an inferior vena cava filter now", "x", accept=("IVC filter", "vena cava filter")),
    Choice("anticoagulate", "B", "Start full-dose anticoagulation anyway", "y", accept=("heparin",)),
))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", "filter"), ("B)", "anticoagulate"), ("option b", "anticoagulate"), ("IVC filter", "filter"),
     ("place a filter", "filter"), ("heparin", "anticoagulate"), ("start full dose anticoagulation", "anticoagulate"),
     ("zzz", None), ("", None)],
)
def test_choose(text: str, expected: str | None) -> None:
    c = grader().choose(DECISION, text)
    assert (c.id if isinstance(c, Choice) else c) == expected


def test_choose_near_miss_is_a_suggestion() -> None:
    c = grader().choose(DECISION, "anticoagulatoinnn")
    assert c == "Start full-dose anticoagulation anyway"


@pytest.mark.parametrize(
    ("text", "term"),
    [("what is PTS?", "pts"), ("What's PTS", "pts"), ("define CDT", "cdt"), ("什么是血栓后综合征", "pts"),
     ("血栓后综合征是什么？", "pts"), ("what is an IVC filter?", "ivcf"), ("pts", "pts"),
     ("post thrombotic syndrom", "pts"), ("explain catheter directed thrombolysis", "cdt"),
     ("what does PE mean?", "pe"), ("what is the meaning of life?", None), ("xyz", None)],
)
def test_lookup(text: str, term: str | None) -> None:
    found = grader().lookup(text)
    assert (found.id if found else None) == term


def test_compiled_once_per_version() -> None:
    g = Grader(make_course())
    assert g.compiled(BASELINE) is g.compiled(BASELINE)


def test_a_negatively_asked_question_still_sees_negated_items() -> None:
    q = listq("poor-fit", {"elderly": ("elderly",), "young-not": ("small clot",)}, 2,
              misconceptions=(Misconception("young", ("young patients",), "CDT suits them."),))
    q.prompt = "Which patients does CDT not suit well?"
    g = grader().grade(q, "elderly, small clot, not young patients")
    assert g.verdict == "correct" and g.misconceptions == ()
    assert grader().grade(q, "CDT does not suit the elderly or a small clot").verdict == "correct"


def test_a_near_miss_beats_the_partial_answer_inside_it() -> None:
    from tests.test_grading_support import ADEQUATE

    g = grader().grade(ADEQUATE, "adekwate anticoagulation")
    assert g.verdict == "unclear" and g.suggestion == "adequate anticoagulation"
    assert grader().grade(ADEQUATE, "anticoagulation").verdict == "partial"
