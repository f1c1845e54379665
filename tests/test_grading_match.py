"""Grading step 5: phrases against answers: the edit budget, word order, flippers, known words."""

from __future__ import annotations

import pytest

from tests.test_grading_support import (
    ADEQUATE,
    ALONE,
    ANGIOJET,
    BASELINE,
    CDT,
    FREE,
    HIGHER,
    HYPER,
    INCREASE,
    INSTEAD,
    IVC,
    LEFT,
    MORE,
    NO_INCREASE,
    NUMBERED,
    ONLY,
    POSTPROC,
    PTS,
    RATHER,
    SHOCK,
    SUPERIOR,
    THROMBOLYSIS,
    WITHOUT,
    ZH,
    grader,
    short,
    verdict,
)
from tutor.grading.match import budget, near_band
from tutor.model import Question


@pytest.mark.parametrize(("word", "slips"), [("pe", 0), ("cdt", 0), ("ivcf", 0), ("stent", 1), ("warfarin", 1),
                                             ("heparins", 1), ("thrombosis", 2), ("anticoagulation", 2)])
def test_budget_grows_with_length(word: str, slips: int) -> None:
    assert budget(word) == slips
    assert near_band(word) == (slips + 1 if len(word) >= 5 else 0)


@pytest.mark.parametrize(
    ("q", "answer", "expected"),
    [
        # up to four letters: exact
        (short("abbr", ("CDT",)), "CDT", "correct"),
        (short("abbr", ("CDT",)), "CTD", "incorrect"),
        (short("abbr", ("CDT",)), "DVT", "incorrect"),
        (short("abbr", ("IVC",)), "SVC", "incorrect"),
        (short("abbr", ("PTS",)), "PST", "incorrect"),
        (short("abbr", ("PE",)), "PTS", "incorrect"),
        (short("abbr", ("DVT",)), "DVTs", "correct"),  # a plural is the same word
        # five to eight letters: one slip
        (short("w", ("warfarin",)), "warfrin", "correct"),
        (short("w", ("warfarin",)), "wafrin", "unclear"),
        (short("w", ("filter",)), "filtre", "correct"),  # a swap of neighbours is one slip
        (short("w", ("filter",)), "filters", "correct"),
        # nine letters or more: two slips
        (BASELINE, "anticoagulaton", "correct"),
        (BASELINE, "antcoagulaton", "correct"),
        (BASELINE, "anticoagualtion", "correct"),
        (BASELINE, "antkoagulatin", "unclear"),  # three slips: did you mean?
        (BASELINE, "ntcgulatn", "incorrect"),  # far off
        # each word has its own budget
        (SHOCK, "obstuctive shock", "correct"),
        (SHOCK, "obstructive shok", "correct"),
        (SHOCK, "obstructive shoxx", "unclear"),  # two slips in a five-letter word: did you mean?
        (SHOCK, "obstructive sk", "incorrect"),
        # Chinese terms are exact
        (ZH, "溶栓", "correct"),
        (ZH, "溶血", "incorrect"),
        (ZH, "溶栓治疗", "correct"),
    ],
)
def test_spelling(q: Question, answer: str, expected: str) -> None:
    assert verdict(q, answer) == expected


@pytest.mark.parametrize(
    ("q", "answer"),
    [
        (SHOCK, "shock, obstructive"),
        (PTS, "syndrome, post-thrombotic"),
        (ADEQUATE, "anticoagulation, adequate"),
        (LEFT, "compression of the left iliac vein"),
        (FREE, "thrombus that is free-floating"),
    ],
)
def test_word_order_is_free(q: Question, answer: str) -> None:
    assert verdict(q, answer) == "correct"


@pytest.mark.parametrize("answer", ["free-floating thrombus", "free floating thrombus", "freefloating thrombus",
                                    "Free–Floating Thrombus"])
def test_hyphens_and_joined_words(answer: str) -> None:
    assert verdict(FREE, answer) == "correct"


def test_anti_hyphenated_or_spaced() -> None:
    assert verdict(BASELINE, "anti-coagulation") == "correct"
    assert verdict(BASELINE, "anti coagulation") == "correct"


# --- meaning flippers, one by one ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("q", "answer", "expected"),
    [
        (WITHOUT, "CDT without a filter", "correct"),
        (WITHOUT, "CDT with a filter", "incorrect"),
        (ALONE, "anticoagulation alone", "correct"),
        (ALONE, "anticoagulation", "incorrect"),
        (ONLY, "only anticoagulation", "correct"),
        (ONLY, "anticoagulation", "incorrect"),
        (INSTEAD, "PMT instead of CDT", "correct"),
        (INSTEAD, "CDT instead of PMT", "correct"),  # word order is free; `instead of` must be there
        (INSTEAD, "PMT and CDT", "incorrect"),
        (RATHER, "PMT rather than CDT", "correct"),
        (RATHER, "PMT and CDT", "incorrect"),
        (NO_INCREASE, "no increase in bleeding", "correct"),
        (NO_INCREASE, "did not increase bleeding", "correct"),  # `not` and `no` say the same
        (NO_INCREASE, "increase in bleeding", "incorrect"),
        (HYPER, "hypertension", "correct"),
        (HYPER, "hypotension", "incorrect"),
        (HYPER, "hypertensoin", "correct"),
        (PTS, "post-thrombotic syndrome", "correct"),
        (PTS, "pre-thrombotic syndrome", "incorrect"),
        (PTS, "prethrombotic syndrome", "incorrect"),
        (BASELINE, "coagulation", "incorrect"),
        (LEFT, "left iliac vein compression", "correct"),
        (LEFT, "right iliac vein compression", "incorrect"),
        (MORE, "more bleeding", "correct"),
        (MORE, "less bleeding", "incorrect"),
        (HIGHER, "higher clearance", "correct"),
        (HIGHER, "lower clearance", "incorrect"),
        (INCREASE, "increased bleeding risk", "correct"),
        (INCREASE, "decreased bleeding risk", "incorrect"),
        (INCREASE, "reduced bleeding risk", "incorrect"),
        (INCREASE, "increasd bleeding risk", "incorrect"),  # the guide's flippers take no slip
        (short("red", ("reduced bleeding",)), "reducd bleeding", "correct"),  # others take one: not `increased`
        (SUPERIOR, "inferior vena cava", "correct"),
        (SUPERIOR, "infrior vena cava", "correct"),
        (SUPERIOR, "superior vena cava", "incorrect"),
        (ADEQUATE, "inadequate anticoagulation", "incorrect"),
        (SHOCK, "non-obstructive shock", "incorrect"),
        (POSTPROC, "post-procedural bleeding", "correct"),
        (POSTPROC, "bleeding", "correct"),
        (POSTPROC, "pre-procedural bleeding", "incorrect"),
        (POSTPROC, "preprocedural bleeding", "incorrect"),
    ],
)
def test_flippers(q: Question, answer: str, expected: str) -> None:
    assert verdict(q, answer) == expected


def test_flip_reasons() -> None:
    g = grader()
    assert "opposite" in g.grade(BASELINE, "coagulation").reason
    assert "'superior'" in g.grade(IVC, "superior vena cava").reason
    assert "'svc' is not 'ivc'" in g.grade(short("abbr", ("IVC filter",)), "SVC filter").reason


# --- a known word is never a slip -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("q", "answer"),
    [(THROMBOLYSIS, "thrombosis"), (ANGIOJET, "AngioVac"), (SHOCK, "septic shock"),
     (short("x", ("haemolysis",)), "haemorrhage"), (short("x", ("hypokalemia",)), "hyperkalemia")],
)
def test_different_terms_are_wrong_not_unclear(q: Question, answer: str) -> None:
    assert verdict(q, answer) == "incorrect"


def test_glossary_synonyms() -> None:
    for answer in ("catheter-directed thrombolysis", "CDT", "导管溶栓", "導管溶栓"):
        assert verdict(CDT, answer) == "correct", answer
    m = grader().grade(CDT, "CDT").matched[0]
    assert m.via == "glossary" and m.accepted == "CDT"
    # a name inside a longer accepted answer is swapped too
    q = short("contra", ("contraindication to anticoagulation",))
    assert verdict(q, "contraindication to 抗凝") == "correct"
    assert verdict(q, "contraindication to anticoagulant therapy") == "correct"


def test_numbers_inside_phrases() -> None:
    assert verdict(NUMBERED, "within 14 days") == "correct"
    assert verdict(NUMBERED, "within two weeks") == "correct"
    assert verdict(NUMBERED, "within 10 days") == "incorrect"


def test_match_span_points_into_the_original() -> None:
    text = "I think  Anticoagulaton!"
    m = grader().grade(BASELINE, text).matched[0]
    assert text[slice(*m.span)] == "Anticoagulaton"
    assert m.edits == 1 and m.via == "typo"


def test_brackets_in_accepted_answers() -> None:
    q = short("lciv", ("left common iliac vein (LCIV)",))
    for answer in ("left common iliac vein (LCIV)", "left common iliac vein", "LCIV"):
        assert verdict(q, answer) == "correct", answer
    assert verdict(q, "right common iliac vein") == "incorrect"
    detail = short("side", ("iliac vein compression (on the left)",))
    assert verdict(detail, "iliac vein compression") == "correct"
    assert verdict(detail, "on the left") == "incorrect"  # a bracketed phrase is not an answer by itself


@pytest.mark.parametrize(("accepted", "answer"), [("specialist centre", "specialist center"),
                                                  ("protamine sulfate", "protamine sulphate"),
                                                  ("oedema", "edema"), ("haemorrhage", "hemorrhage")])
def test_spelling_variants_are_exact(accepted: str, answer: str) -> None:
    g = grader().grade(short("v", (accepted,)), answer)
    assert g.verdict == "correct" and g.matched[0].edits == 0


@pytest.mark.parametrize(
    ("accept", "answer", "expected"),
    [
        # function characters put in or left out: the same statement
        ("充分抗凝下血栓仍蔓延", "充分抗凝下血栓仍在蔓延", "correct"),
        ("充分抗凝下血栓仍蔓延", "充分抗凝下血栓在蔓延", "correct"),
        ("血栓的形成", "血栓形成", "correct"),
        ("血栓负荷重", "血栓负荷很重", "correct"),
        # never another character: a negation, or a different term
        ("充分抗凝下血栓仍蔓延", "充分抗凝下血栓不蔓延", "incorrect"),
        ("抗凝下血栓蔓延", "抗凝下血栓未蔓延", "incorrect"),
        ("溶栓", "溶的血", "incorrect"),
        # a short term is all its characters
        ("在位", "位", "incorrect"),
    ],
)
def test_chinese_function_characters(accept: str, answer: str, expected: str) -> None:
    assert verdict(short("zh", (accept,)), answer) == expected


def test_at_most_two_function_characters_are_put_into_a_chinese_term() -> None:
    """The matcher's own bound; the same words with more put in are read as a paraphrase
    (tutor/grading/zh_paraphrase.py), which says so."""
    from tutor.grading.match import PhraseMatch, match_phrase

    g, q = grader(), short("zh", ("抗凝下血栓蔓延",))
    cq = g.compiled(q)
    phrase = cq.accepts[0].phrases[0]
    two = match_phrase(g._answer(cq, "抗凝下血栓是的蔓延"), phrase)
    assert isinstance(two, PhraseMatch) and two.ok
    four = match_phrase(g._answer(cq, "抗凝下血栓是的了在蔓延"), phrase)
    assert not (isinstance(four, PhraseMatch) and four.ok)
    assert g.grade(q, "抗凝下血栓是的了在蔓延").matched[0].via == "paraphrase"
