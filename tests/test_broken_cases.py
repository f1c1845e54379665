"""Item 6 of issue 18: a case that validation rejects is never started, and no walk over a
case's steps recurses (a long run of question-less steps once raised RecursionError)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.engine import replies as r
from tutor.engine.engine import Engine
from tutor.grading import Grader

CORPUS = Path(__file__).parent / "hostile" / "content"


def quiz_over(case_id: str) -> str:
    return f"format: 1\nquizzes:\n  - id: qz\n    title: Q\n    select: {{cases: [{case_id}]}}\n"


@pytest.mark.parametrize(("name", "case_id"), [
    ("next-loop.yaml", "loopy"), ("range-nan.yaml", "range-case"), ("range-letter-o.yaml", "range-case"),
])
def test_a_rejected_case_is_never_started(name: str, case_id: str, tmp_path: Path) -> None:
    result = load_with(tmp_path, {"c.yaml": (CORPUS / name).read_text(encoding="utf-8"), "q.yaml": quiz_over(case_id)})
    assert case_id in result.course.rejected
    assert any("leaves out the case" in p.message for p in result.problems)
    course = result.course
    engine = Engine.for_quiz(course, Grader(course), course.quizzes["qz"])
    replies = engine.start(0.0)
    assert not any(isinstance(x, r.Ask) for x in replies)
    assert engine.done
    for gid in [q.gid for q in course.cases[case_id].questions]:
        assert Engine.for_questions(course, Grader(course), [gid], title="t").state.items == []


def test_a_case_whose_step_ids_are_all_invalid_is_not_kept(tmp_path: Path) -> None:
    text = (CORPUS / "every-step-id-invalid.yaml").read_text(encoding="utf-8")
    result = load_with(tmp_path, {"c.yaml": text, "q.yaml": quiz_over("bad-ids")})
    course = result.course
    assert "bad-ids" not in course.cases or "bad-ids" in course.rejected
    engine = Engine.for_quiz(course, Grader(course), course.quizzes["qz"])
    engine.start(0.0)  # once IndexError at engine.py:191
    assert engine.done


def test_thousands_of_question_less_steps_do_not_recurse(tmp_path: Path) -> None:
    n = 3 * sys.getrecursionlimit()
    steps = "".join(f"      - id: s{i}\n        text: Step {i}.\n" for i in range(n))
    steps += ("      - id: last\n        questions:\n          - id: q\n            kind: short\n"
              "            prompt: What now?\n            explanation: E.\n            cite: [review]\n"
              "            answer: {accept: [anticoagulation]}\n")
    case = f"format: 1\ncases:\n  - id: long\n    title: Long\n    tags: [cdt]\n    steps:\n{steps}"
    result = load_with(tmp_path, {"c.yaml": case, "q.yaml": quiz_over("long")})
    assert not [p for p in result.errors if "c.yaml" in p.loc.path]
    course = result.course
    engine = Engine.for_quiz(course, Grader(course), course.quizzes["qz"])
    replies = engine.start(0.0)
    assert any(isinstance(x, r.Ask) and x.gid == "long/q" for x in replies)
    assert sum(isinstance(x, r.StepText) for x in replies) == n


def test_a_quiz_of_empty_items_ends_without_recursing(tmp_path: Path) -> None:
    n = 3 * sys.getrecursionlimit()
    cases = "".join(f"  - id: c{i}\n    title: C\n    tags: [cdt]\n    steps:\n      - id: only\n        text: T.\n"
                    for i in range(n))
    quiz = "format: 1\nquizzes:\n  - id: qz\n    title: Q\n    select: {tags: [cdt]}\n"
    tags = "format: 1\ntags:\n  modality:\n    cdt: CDT\n"
    result = load_with(tmp_path, {"c.yaml": "format: 1\ncases:\n" + cases, "q.yaml": quiz, "t.yaml": tags},
                       builtin_too=False)
    assert result.errors == []
    course = result.course
    engine = Engine.for_quiz(course, Grader(course), course.quizzes["qz"])
    replies = engine.start(0.0)
    assert engine.done
    assert sum(isinstance(x, r.CaseStart) for x in replies) == n
