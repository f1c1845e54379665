"""A numeric question: a number or a range, in a unit, with a tolerance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..measures import MEASURES
from ..model import Expectation, NumericKey, Question
from .base import Finding, Kind, Parts

if TYPE_CHECKING:
    from ..course.convert import Converter
    from ..course.shape import Data
    from ..fields import F
    from ..grading.compiled import CompiledQuestion
    from ..grading.grader import Grade, Grader
    from ..grading.match import Answer

UNITS = (
    "percent", "per_mille", "per_1000", "per_10000", "per_100000", "per_million",
    "minutes", "hours", "days", "weeks", "months", "years", "count", "EUR", "USD", *MEASURES,
)

def fields() -> dict[str, F]:
    from ..fields import DIALOGUE, Enum, F, ListOf, Num, Obj

    answer = Obj(
        name="numeric answer",
        doc="A number (value) or a range, in a unit.",
        fields={
            "value": F(Num(), False, "The number (give value or range)."),
            "range": F(ListOf(item=Num(), min_items=2, max_items=2, ordered=True), False, "[low, high]."),
            "unit": F(Enum(values=UNITS), True, "The unit of value or range."),
            "scale": F(Enum(values=("thousand", "million", "billion")), False, "A magnitude."),
            "tolerance": F(Num(minimum=0), False, "How far off each end may be, in the unit."),
            **DIALOGUE,
        },
    )
    return {"answer": F(answer, True, "The number or range.")}


def convert(d: Data, c: Converter) -> Parts:
    a = d["answer"]
    rng = a.get("range")
    low, high = (rng[0], rng[1]) if rng else (a.get("value", 0.0), a.get("value", 0.0))
    key = NumericKey(
        low=float(low), high=float(high), unit=a["unit"], scale=a.get("scale", ""),
        tolerance=float(a.get("tolerance", 0.0)), is_range=rng is not None,
    )
    # The dialogue's rungs, when written, make the answer one part the ladder can climb.
    expectations: tuple[Expectation, ...] = ()
    if any(k in a for k in ("hint", "prompt", "assertion")):
        expectations = (c.expectation(a, "answer", accept=(key.label,)),)
    return Parts(expectations=expectations, numeric=key)


def grade(grader: Grader, cq: CompiledQuestion, ans: Answer) -> Grade:
    return grader._numeric(cq, ans)


def covered(grader: Grader, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
    return grader._covered_numeric(cq, ans, wanted)


def export(q: Question) -> dict[str, Any]:
    n = q.numeric
    if n is None:  # pragma: no cover - a numeric question always has its key
        return {}
    return {"numeric": {"low": n.low, "high": n.high, "unit": n.unit, "scale": n.scale,
                        "tolerance": n.tolerance, "is_range": n.is_range}}


def check(q: Question) -> Iterator[Finding]:
    if q.numeric is None:  # pragma: no cover - guarded by the shape check
        yield Finding(q.loc, f"question {q.gid!r} has no numeric answer")
    elif q.numeric.low > q.numeric.high:
        yield Finding(q.loc, f"question {q.gid!r} has a range whose low end is above its high end")


KIND = Kind(
    name="numeric",
    doc="A number or a range, in a unit.",
    declare=fields,
    convert=convert, grade=grade, covered=covered, export=export,
    numbers=True, check=check,
)
