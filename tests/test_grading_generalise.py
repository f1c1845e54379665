"""Grading that generalises from what an instructor writes, without giving up meaning safety.

Each case comes from the round-2 grading issue: keys written as sentences, word families, the
shipped vocabulary, option texts in the learner's words, Chinese short forms, coordinated list
items; and what must stay wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_grading_support import grader, listq, short
from tutor.grading import Grader
from tutor.model import Course, GlossaryTerm, Option, Question

PTS_KEY = short("pts-why", ("because it lowers the risk of post-thrombotic syndrome",))
PE_KEY = short("pe-why", ("to prevent pulmonary embolism",))
BLEEDS = listq("bleeds", {"gi": ("gastrointestinal haemorrhage",), "ich": ("intracranial haemorrhage",)}, 2)
FILTER_WHEN = listq("when", {"contra": ("contraindication to anticoagulation",),
                             "fail": ("failure of anticoagulation",)}, 2)


def choice(options: tuple[tuple[str, str, bool], ...]) -> Question:
    return Question(id="c", case_id="t", kind="choice", prompt="Which?", explanation="", cite=("review",),
                    options=tuple(Option(letter, text, correct) for letter, text, correct in options))


OPTIONS = choice((
    ("A", "Even low-dose lysis is unsafe while she is bleeding", True),
    ("B", "Full-dose catheter-directed thrombolysis", False),
    ("C", "An IVC filter and thrombolysis", False),
))


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 1. keys written as sentences: framing words are not required, direction words by family
    (PTS_KEY, "lower PTS risk", "correct"),
    (PTS_KEY, "less PTS", "correct"),
    (PTS_KEY, "it reduces post thrombotic syndrome", "correct"),
    (PTS_KEY, "raises PTS risk", "incorrect"),
    (PTS_KEY, "it does not lower PTS", "incorrect"),
    (PE_KEY, "stops clots reaching the lungs", "correct"),
    (PE_KEY, "prevent PE", "correct"),
    (PE_KEY, "it causes PE", "incorrect"),
    (PE_KEY, "prevents DVT", "incorrect"),
    # 3. the shipped vocabulary: abbreviations inside longer answers, lay terms
    (BLEEDS, "gut bleeds and brain bleeds", "correct"),
    (BLEEDS, "GI bleeding and ICH", "correct"),
    (BLEEDS, "GI bleed", "partial"),
    (short("cdt", ("catheter-directed thrombolysis",)), "catheter thrombolysis", "correct"),
    (short("cdt2", ("catheter-directed thrombolysis",)), "catheter-directed lysis", "correct"),
    (short("ac", ("anticoagulation",)), "blood thinners", "correct"),
    (short("age", ("old age",)), "getting older", "correct"),
    (short("ivc", ("inferior vena cava",)), "the cava", "correct"),
    (short("ivc2", ("inferior vena cava",)), "superior vena cava", "incorrect"),
    (short("dvt", ("deep vein thrombosis",)), "a clot in the leg veins", "correct"),
    # 2. word families, and the pairs that differ in meaning
    (short("pe", ("pulmonary embolism",)), "pulmonary embolisation", "correct"),
    (short("dvt2", ("deep vein thrombosis",)), "thrombotic deep vein", "correct"),
    (short("dvt3", ("deep vein thrombosis",)), "deep vein thrombolysis", "incorrect"),
    (short("hs", ("haemorrhagic stroke",)), "hemorrhagic stroke", "correct"),
    (short("dil", ("dilated veins",)), "dilation of the veins", "correct"),
    (short("old", ("old age",)), "elderly", "correct"),
    (short("preg", ("pregnancy",)), "she is pregnant", "correct"),
    (short("hyper", ("hypertension",)), "hypotension", "incorrect"),
    # 5. single best answer in words
    (OPTIONS, "A - even low dose lysis is unsafe while she is bleeding", "correct"),
    (OPTIONS, "I think A", "correct"),
    (OPTIONS, "A or B", "incorrect"),
    (OPTIONS, "A, B, C or D", "incorrect"),
    # 6. Chinese short forms and near-synonyms
    (short("zh1", ("导管溶栓治疗",)), "导管溶栓", "correct"),
    (short("zh2", ("治疗成本",)), "治疗费用", "correct"),
    (short("zh3", ("下腔静脉滤器",)), "上腔静脉滤器", "incorrect"),
    # 7. lists: coordinated items share their words
    (FILTER_WHEN, "when anticoagulation is contraindicated or fails", "correct"),
    (FILTER_WHEN, "anticoagulation contraindicated or aspirin", "partial"),
    # what stays wrong, and what a lenient grader invites
    (short("one", ("anticoagulation",)), "CDT, PMT, filter, anticoagulation", "incorrect"),
    (short("one2", ("anticoagulation",)), "anticoagulation or thrombolysis", "incorrect"),
    (short("one3", ("when anticoagulation is contraindicated",)), "if anticoagulation is contraindicated or fails",
     "correct"),  # a qualification of the same answer, not an alternative
    (short("pe2", ("pulmonary embolism",)), "lorem ipsum dolor " * 100 + "pulmonary embolism", "incorrect"),
    (short("pe3", ("pulmonary embolism",)), "maybe PE", "correct"),
    (short("svc", ("IVC filter",)), "SVC filter", "incorrect"),
    (short("uk", ("urokinase",)), "streptokinase", "incorrect"),
])
def test_generalises(q: Question, answer: str, expected: str) -> None:
    g = grader().grade(q, answer)
    assert g.verdict == expected, g.reason


def test_an_authors_partial_answer_beats_a_vocabulary_synonym() -> None:
    from tutor.model import PartialAnswer

    q = short("p", ("anticoagulation",), partial=(PartialAnswer(("blood thinner",), 0.5, "Name it."),))
    assert grader().grade(q, "blood thinner").verdict == "partial"


def test_the_vocabulary_applies_to_an_instructors_course_alone() -> None:
    """With `--only` there is no built-in glossary: the shipped vocabulary still applies."""
    alone = Grader(Course())
    assert alone.grade(short("o", ("pulmonary embolism",)), "PE").verdict == "correct"
    assert alone.grade(short("o2", ("gastrointestinal haemorrhage",)), "GI bleed").verdict == "correct"
    assert alone.lookup("what is PE?") is None  # synonyms, never look-ups: the course defines terms


def test_a_later_glossary_cannot_merge_itself_into_an_earlier_term() -> None:
    builtin = GlossaryTerm("anticoagulation", "anticoagulation", "Drugs that stop clots growing.")
    hostile = GlossaryTerm("x", "x", "An instructor's term.", aliases=("anticoagulation", "aspirin only", "do nothing"))
    g = Grader(Course(glossary={t.id: t for t in (builtin, hostile)}))
    q = short("h", ("contraindication to anticoagulation",))
    assert g.grade(q, "contraindication to anticoagulation").verdict == "correct"
    assert g.grade(q, "contraindication to do nothing").verdict == "incorrect"


@pytest.mark.parametrize("name", ["x" + " -" * 60, "a-" * 200 + "b", " - ".join("ab" for _ in range(80))])
def test_glossary_names_cannot_make_a_pattern_backtrack(name: str) -> None:
    """A 679-byte case file once hung every command: the display pattern backtracked."""
    import time

    term = GlossaryTerm("t", name, "A hostile name.", aliases=("plain",))
    g = Grader(Course(glossary={"t": term}))
    q = short("b", (name + " y",))
    t = time.perf_counter()
    g.grade(q, "x - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -!")
    assert time.perf_counter() - t < 2.0


def test_validate_warns_where_a_glossary_claims_another_terms_name(tmp_path: Path) -> None:
    from tests.conftest import load_with

    text = ("format: 1\nglossary:\n  - id: my-thing\n    term: my thing\n    definition: A thing.\n"
            "    aliases: [anticoagulation, do nothing]\n    cite: [review]\n")
    result = load_with(tmp_path, {"g.yaml": text})
    warned = [p for p in result.problems if "already belongs to 'anticoagulation'" in p.message]
    assert len(warned) == 1 and warned[0].loc.line == 3


@pytest.mark.parametrize(("key", "answer", "expected"), [
    ("the risk of bleeding", "bleeding", "correct"),       # `risk` is generic: not required
    ("the +risk of bleeding", "bleeding", "incorrect"),    # unless the author marks it required
    ("the +risk of bleeding", "bleeding risk", "correct"),
    ("~urgent surgery", "surgery", "correct"),             # a content word the author marks optional
    ("urgent surgery", "surgery", "incorrect"),
])
def test_an_author_marks_a_word_required_or_optional(key: str, answer: str, expected: str) -> None:
    assert grader().grade(short("marks", (key,)), answer).verdict == expected


def test_marks_are_not_shown_to_the_learner() -> None:
    from tutor.model import Expectation

    assert Expectation("a", ("the +risk of ~major bleeding",)).label == "the risk of major bleeding"
    g = grader().grade(short("shown", ("the +risk of bleeding",)), "bleeding risk")
    assert g.matched[0].accepted == "the risk of bleeding"


def test_a_misconception_offered_as_an_alternative_is_wrong_and_named_beside_it_is_partial() -> None:
    from tests.test_grading_support import BASELINE

    assert grader().grade(BASELINE, "anticoagulation or thrombolysis").verdict == "incorrect"
    assert grader().grade(BASELINE, "anticoagulation and thrombolysis").verdict == "partial"
