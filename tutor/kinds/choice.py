"""A single-best-answer question: options lettered A, B, C, of which one is right."""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Option, Question
from .base import Finding, Kind, Parts, Shown

if TYPE_CHECKING:
    from ..course.convert import Converter
    from ..course.shape import Data
    from ..fields import F
    from ..grading.compiled import CompiledQuestion
    from ..grading.grader import Grade, Grader
    from ..grading.match import Answer

LETTERS = string.ascii_uppercase

def fields() -> dict[str, F]:
    from ..fields import Bool, F, ListOf, Obj, Str, strs

    option = Obj(
        name="option",
        doc="A single-best-answer option, lettered A, B, C in order.",
        fields={
            "text": F(Str(max_len=2000, learner=True), True, "The option as shown."),
            "correct": F(Bool(), False, "True for the one right option."),
            "accept": F(strs("Other phrasings a learner may type."), False),
            "feedback": F(Str(markdown=True, learner=True), False, "Shown when this option is chosen."),
        },
    )
    return {"options": F(ListOf(item=option, min_items=2, max_items=26), True,
                         "Two to 26 options, lettered A, B, C in order; one is `correct: true`.")}


def convert(d: Data, c: Converter) -> Parts:
    from ..fields import other_forms

    return Parts(options=tuple(
        Option(letter=LETTERS[i], text=o["text"], also=other_forms(o, "text"), correct=o.get("correct", False),
               accept=tuple(o.get("accept", ())), feedback=o.get("feedback", ""), loc=c.loc(o))
        for i, o in enumerate(d["options"])
    ))


def grade(grader: Grader, cq: CompiledQuestion, ans: Answer) -> Grade:
    return grader._choice(cq, ans)


def covered(grader: Grader, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
    return grader._covered_choice(cq, ans, wanted)


def shows(q: Question) -> Shown:
    return Shown(options=tuple((o.letter, o.text) for o in q.options))


def export(q: Question) -> dict[str, Any]:
    return {"options": [{"letter": o.letter, "text": o.text, "correct": o.correct, "accept": list(o.accept),
                         "feedback": o.feedback} for o in q.options]}


def check(q: Question) -> Iterator[Finding]:
    right = [o for o in q.options if o.correct]
    if len(right) != 1:
        yield Finding(q.loc, f"question {q.gid!r} has {len(right)} options marked correct",
                      "mark exactly one option correct: true")


KIND = Kind(
    name="choice",
    doc="One best answer among lettered options.",
    declare=fields,
    convert=convert, grade=grade, covered=covered, export=export,
    picks_option=True, shows=shows, check=check,
)
