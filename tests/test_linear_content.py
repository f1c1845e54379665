"""Item 7 of issue 18: the shortcuts that keep large content linear give the same results as
the plain way they replace."""

from __future__ import annotations

import re

import pytest

from tutor.course.loader import LoadResult
from tutor.grading import Grader
from tutor.grading import grader as grader_module
from tutor.grading.compiled import question_sentence


def _old_question_sentence(prompt: str) -> str:
    asked: list[str] = re.findall(r"[^.?!。？！\n]*[?？]", prompt)
    if asked:
        return asked[-1]
    parts = [p for p in re.split(r"[.!。！\n]", prompt) if p.strip()]
    return parts[-1] if parts else prompt


@pytest.mark.parametrize("prompt", [
    "What is it?", "She is 40. Which drug? Why not?", "??", "No question here. At all",
    "第一句。为什么？", "a?b", "", "Line one\nline two?", "x" * 500,
])
def test_the_asking_sentence_is_the_same(prompt: str) -> None:
    assert question_sentence(prompt) == _old_question_sentence(prompt)


def test_a_long_prompt_is_found_in_linear_time() -> None:
    # Once quadratic: 20,000 characters without a question mark took seconds; a million now
    # takes as long as reading them (an alarm-free bound: the old way would not finish here).
    prompt = "The patient has a swollen leg " * 40_000
    assert question_sentence(prompt + "Why?") == prompt.rsplit(".", 1)[-1] + "Why?"


def test_the_misconception_gate_changes_no_grade(builtin: LoadResult, monkeypatch: pytest.MonkeyPatch) -> None:
    course = builtin.course
    questions = [q for q in course.questions() if q.misconceptions]
    assert questions
    answers = [(q, text) for q in questions
               for text in [*(m for mc in q.misconceptions for m in mc.match),
                            *(ex.text for ex in q.examples), *(a for e in q.expectations for a in e.accept),
                            "not " + q.misconceptions[0].match[0], "12 days or 3 weeks"]]
    # One grader for each pass: building a grader reads the whole course, and once per answer
    # (thousands of them, in two languages) that took this test from seconds to half an hour.
    gating = Grader(course)
    gated = [gating.grade(q, text).as_dict() for q, text in answers]
    real_scan = grader_module._scan
    monkeypatch.setattr(grader_module, "_scan", lambda ans, targets, gate=None: real_scan(ans, targets, None))
    scanning = Grader(course)
    plain = [scanning.grade(q, text).as_dict() for q, text in answers]
    assert len(answers) > 1000 and gated == plain


def test_the_gate_finds_numbers_in_other_units_and_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_grading_support import short
    from tutor.model import Course, Misconception

    q = short("n", ("anticoagulation for three months",), misconceptions=(
        Misconception("two-weeks", ("anticoagulation for 14 days",), "Too short."),
        Misconception("half", ("50% of patients",), "No."),
        Misconception("lysis", ("溶栓",), "No."),
        Misconception("plain", ("aspirin only",), "No."),
    ))
    answers = ["anticoagulation for two weeks", "anticoagulation for 336 hours", "half: 0.5 of patients",
               "50 percent of patients", "溶栓治疗", "aspirin only", "asprin onl", "three months"]
    gated = [Grader(Course()).grade(q, a).as_dict() for a in answers]
    real_scan = grader_module._scan
    monkeypatch.setattr(grader_module, "_scan", lambda ans, targets, gate=None: real_scan(ans, targets, None))
    assert gated == [Grader(Course()).grade(q, a).as_dict() for a in answers]
    assert any(g["misconceptions"] for g in gated[:2])
