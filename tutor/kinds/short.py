"""A short question: one expected answer, in any of its accepted phrasings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Expectation, Question
from .base import Kind, Parts

if TYPE_CHECKING:
    from ..course.convert import Converter
    from ..course.shape import Data
    from ..fields import F
    from ..grading.compiled import CompiledQuestion
    from ..grading.grader import Grade, Grader
    from ..grading.match import Answer

def fields() -> dict[str, F]:
    from ..fields import DIALOGUE, F, Obj, strs

    answer = Obj(
        name="answer",
        doc="The expected answer of a short question.",
        fields={"accept": F(strs("Every phrasing of the right answer.", 1), True), **DIALOGUE},
    )
    return {"answer": F(answer, True, "The expected answer.")}


def convert(d: Data, c: Converter) -> Parts:
    return Parts(expectations=(c.expectation(d["answer"], "answer"),))


def grade(grader: Grader, cq: CompiledQuestion, ans: Answer) -> Grade:
    return grader._free(cq, ans)


def covered(grader: Grader, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
    return grader._covered_free(cq, ans, wanted)


def groups(q: Question) -> dict[str, Any]:
    """The answer parts as `tutor export json` writes them (short and list questions)."""
    return {"need": q.need, "groups": [_group(e) for e in q.expectations]}


def _group(e: Expectation) -> dict[str, Any]:
    return {"id": e.id, "accept": list(e.accept), "hint": e.hint, "assertion": e.assertion,
            "prompt": {"text": e.prompt.text, "accept": list(e.prompt.accept)} if e.prompt else None}


KIND = Kind(
    name="short",
    doc="One expected answer, typed in the learner's own words.",
    declare=fields,
    convert=convert, grade=grade, covered=covered, export=groups,
    by_parts=True,
)
