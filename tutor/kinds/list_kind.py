"""A list question: several parts (groups), of which `need` make a complete answer.

Named `list_kind` so that it does not shadow the builtin `list` inside the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Question
from . import short
from .base import Finding, Kind, Parts, Shown

if TYPE_CHECKING:
    from ..course.convert import Converter
    from ..course.shape import Data
    from ..fields import F

def fields() -> dict[str, F]:
    from ..fields import DIALOGUE, ID, F, Int, ListOf, Obj, strs

    group = Obj(
        name="answer group",
        doc="One part of a list question's answer.",
        fields={
            "id": F(ID, True, "Unique within the question."),
            "accept": F(strs("Every phrasing of this part.", 1), True),
            **DIALOGUE,
        },
    )
    return {
        "groups": F(ListOf(item=group, min_items=1), True, "The parts of the answer."),
        "need": F(Int(minimum=1), False, "How many groups make a complete answer."),
    }


def convert(d: Data, c: Converter) -> Parts:
    groups = tuple(c.expectation(g, f"group-{i + 1}") for i, g in enumerate(d["groups"]))
    return Parts(expectations=groups, need=d.get("need", len(groups)))


def need(q: Question) -> int:
    return q.need


def shows(q: Question) -> Shown:
    return Shown(need=q.need)


def check(q: Question) -> Iterator[Finding]:
    ids: set[str] = set()
    for e in q.expectations:
        if e.id in ids:
            yield Finding(e.loc, f"answer group id {e.id!r} is used twice in {q.gid!r}")
        ids.add(e.id)
    if q.need > len(q.expectations):
        yield Finding(q.loc, f"question {q.gid!r} needs {q.need} groups but has {len(q.expectations)}")


KIND = Kind(
    name="list",
    doc="Several parts to name, of which `need` make a complete answer.",
    declare=fields,
    convert=convert, grade=short.grade, covered=short.covered, export=short.groups,
    by_parts=True, list_mode=True, need=need, shows=shows, check=check,
)
