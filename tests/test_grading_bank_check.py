"""Answer-bank checks: examples graded, contradictions reported at their lines, results cached."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import load_with
from tests.test_grading_support import short
from tutor.course.loader import LoadResult
from tutor.grading import Grade, Grader
from tutor.grading.bank_check import check_examples
from tutor.model import Course, Example, Loc, Misconception, Question
from tutor.texts import msg

BANK = """\
format: 1
cases:
  - id: bk-case
    title: A test case
    tags: [anticoagulation, acute]
    steps:
      - id: s1
        text: A patient.
        questions:
          - id: baseline
            kind: short
            prompt: What is the baseline treatment?
            answer:
              accept: [anticoagulation, 抗凝]
            misconceptions:
              - id: lysis
                match: [thrombolysis]
                feedback: Not the baseline.
            explanation: Anticoagulation [@review].
            cite: [review]
            examples:
              accept: [anticoagulaton, 抗凝, thrombolysis]
              reject: [no anticoagulation, anticoagulation]
              partial: [anticoagulation]
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    result = load_with(tmp_path, {"b.yaml": textwrap.dedent(text)})
    course = result.course
    own = Course(glossary=course.glossary, cases={k: v for k, v in course.cases.items() if k.startswith("bk-")})
    found = check_examples(own, Grader(course), {})
    prefix = str(tmp_path) + "/"
    return [str(p).replace(prefix, "") for p in found]


def test_contradictions_are_reported_at_the_example(tmp_path: Path) -> None:
    found = problems(tmp_path, BANK)
    assert any(p.startswith("b.yaml:22:44: example 'thrombolysis' should be accepted, but the grader says "
                            "incorrect (misconception: 'thrombolysis')") for p in found), found
    assert any(p.startswith("b.yaml:23:") and "'anticoagulation' should be rejected" in p for p in found), found
    assert any(p.startswith("b.yaml:24:25: example 'anticoagulation' should be partial") for p in found), found
    assert len(found) == 3


def test_accepted_answer_taken_for_a_misconception(tmp_path: Path) -> None:
    text = BANK.replace("match: [thrombolysis]", "match: [thrombolysis, 抗凝]")
    found = problems(tmp_path, text)
    assert any("accepted answer '抗凝' is graded as misconception 'lysis'" in p for p in found), found
    assert any("misconception phrasing" in p or "graded as misconception" in p for p in found)


def test_accepted_answer_equal_to_a_misconception() -> None:
    q = short("eq", ("anticoagulation", "lysis"),
              misconceptions=(Misconception("lysis", ("lysis",), "x", loc=Loc("m.yaml", 7, 9)),))
    found = [str(p) for p in check_examples(_course_with(q), Grader(Course()), {})]
    assert found == ["t.yaml:10:5: accepted answer 'lysis' is graded as misconception 'lysis'; "
                     "remove the overlap between `accept` and the misconception's `match`"]


def test_misconception_phrasing_graded_correct() -> None:
    q = short("mc", ("anticoagulation",),
              misconceptions=(Misconception("odd", ("strange phrasing",), "x", loc=Loc("m.yaml", 7, 9)),))

    class Lenient(Grader):
        def grade(self, question: Question, text: str) -> Grade:
            g = super().grade(question, text)
            if text == "strange phrasing":
                return dataclasses.replace(g, verdict="correct", credit=1.0, reasons=(msg("grade.matched", accepted="stub"),))
            return g

    found = [str(p) for p in check_examples(_course_with(q), Lenient(Course()), {})]
    assert found == ["m.yaml:7:9: misconception phrasing 'strange phrasing' is graded correct (matched 'stub'); "
                     "it also matches an accepted answer; make one of them more specific"]


def _course_with(q: Question) -> Course:
    from tutor.model import Case, Step

    case = Case("t", "T", ("general",), (Step("s", questions=(q,)),))
    return Course(cases={"t": case})


def test_examples_the_grader_agrees_with_are_silent() -> None:
    q = short("ok", ("anticoagulation",), examples=(
        Example("anticoagulaton", "accept", Loc("x.yaml", 3, 3)),
        Example("coagulation", "reject", Loc("x.yaml", 4, 3)),
        Example("no anticoagulation", "reject", Loc("x.yaml", 5, 3)),
    ))
    assert check_examples(_course_with(q), Grader(Course()), None) == []


def test_cache_reuses_results_and_reattaches_locations() -> None:
    q = short("c1", ("anticoagulation",), examples=(Example("thrombolysis", "accept", Loc("x.yaml", 3, 3)),))
    grader = Grader(Course())
    cache: dict[str, object] = {}
    first = check_examples(_course_with(q), grader, cache)
    assert len(first) == 1 and str(first[0]).startswith("x.yaml:3:3:")
    assert len(cache) == 1
    json.dumps(cache)  # plain data: the lead can persist it as JSON

    calls = []
    original = grader.grade

    def counting(question: Question, text: str) -> Grade:
        calls.append(text)
        return original(question, text)

    grader.grade = counting  # type: ignore[method-assign]  # counts the calls the cache saves
    moved = short("c1", ("anticoagulation",), examples=(Example("thrombolysis", "accept", Loc("x.yaml", 9, 3)),))
    again = check_examples(_course_with(moved), grader, cache)
    assert calls == [] and str(again[0]).startswith("x.yaml:9:3:")  # same content, new line: no re-grading

    edited = short("c1", ("anticoagulation",), examples=(Example("anticoagulant", "accept", Loc("x.yaml", 9, 3)),))
    assert check_examples(_course_with(edited), grader, cache) == []
    assert calls  # an edited question is graded again


def test_shipped_course_examples_agree(builtin: LoadResult) -> None:
    """Every example in the built-in course is graded as its author expects."""
    course = builtin.course
    found = check_examples(course, Grader(course), {})
    assert [str(p) for p in found] == []


@pytest.mark.parametrize("forged", [
    [],                                                       # the old shape: an empty list hides errors
    {"question": "other/q", "hash": "x", "rows": []},          # written for another question
    {"question": "case/c1", "hash": "stale", "rows": []},      # for an older version of it
    {"question": "case/c1", "hash": None, "rows": [["example", "0", "error", "m", "h"]]},
    "rows",
])
def test_a_forged_cache_entry_cannot_hide_errors(forged: object) -> None:
    q = short("c1", ("anticoagulation",), examples=(Example("thrombolysis", "accept", Loc("x.yaml", 3, 3)),))
    grader = Grader(Course())
    cache: dict[str, object] = {}
    check_examples(_course_with(q), grader, cache)
    (key,) = cache
    cache[key] = forged
    again = check_examples(_course_with(q), grader, cache)
    assert len(again) == 1 and str(again[0]).startswith("x.yaml:3:3:")
