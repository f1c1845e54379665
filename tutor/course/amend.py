"""`amend:` entries: an instructor's file adding to a question defined elsewhere (the built-in course).

The built-in course is never edited; answers an instructor accepts for one of its questions go
into an `amend:` entry of their own file, keyed by the question's global id. An entry can only
add: accepted answers (to a short question's answer or a choice question's right option),
accepted answers of a list question's named group, partial answers, misconceptions and examples.
Everything added keeps the line it was written at, so validation and the bank check report it
there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Course, Example, Loc, Misconception, PartialAnswer, Question
from .convert import Converter
from .problems import Problem
from .shape import Data


@dataclass
class Amendment:
    """What one `amend:` entry adds to one question."""

    gid: str
    loc: Loc
    accept: tuple[str, ...] = ()
    groups: list[tuple[str, tuple[str, ...], Loc]] = field(default_factory=list)
    partial: tuple[PartialAnswer, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    examples: tuple[Example, ...] = ()


def read_amendment(conv: Converter, d: Data) -> Amendment:
    examples: list[Example] = []
    ex = d.get("examples")
    for expect in ("accept", "reject", "partial"):
        items = ex.get(expect) if ex else None
        for text, mark in zip(items or (), items.marks if items else (), strict=True):
            examples.append(Example(text, expect, Loc(conv.path, mark.line + 1, mark.column + 1)))
    return Amendment(
        gid=d["question"], loc=conv.loc(d), accept=tuple(d.get("accept", ())),
        groups=[(g["id"], tuple(g["accept"]), conv.loc(g)) for g in d.get("groups", ())],
        partial=tuple(PartialAnswer(tuple(p["accept"]), float(p["credit"]), p.get("feedback", ""), conv.loc(p))
                      for p in d.get("partial", ())),
        misconceptions=tuple(
            Misconception(m["id"], tuple(m["match"]), m["feedback"], tuple(m.get("cite", ())), conv.loc(m))
            for m in d.get("misconceptions", ())),
        examples=tuple(examples),
    )


def apply_amendments(course: Course, amendments: list[Amendment]) -> list[Problem]:
    """Add each amendment to its question; a problem for each one that cannot be applied."""
    problems: list[Problem] = []
    for a in amendments:
        q = course.question(a.gid)
        if q is None:
            problems.append(Problem(a.loc, f"amend: no question {a.gid!r}",
                                    "name a question as case-id/question-id (tutor export json lists them)"))
            continue
        problems.extend(amend_question(q, a))
    return problems


def amend_question(q: Question, a: Amendment) -> list[Problem]:
    """Add what `a` holds to `q` (in place); a problem for each part that does not fit the question."""
    problems: list[Problem] = []
    if a.accept:
        if q.kind == "short":
            e = q.expectations[0]
            q.expectations = (replace(e, accept=e.accept + a.accept),)
        elif q.kind == "choice":
            q.options = tuple(replace(o, accept=o.accept + a.accept) if o.correct else o for o in q.options)
        else:
            hint = "add them under `groups:` with the group's id" if q.kind == "list" else \
                "a numeric key is its value or range: change it in the question's own file"
            problems.append(Problem(a.loc, f"amend: {a.gid!r} is a {q.kind} question; `accept:` cannot add to it",
                                    hint))
    for group_id, accept, loc in a.groups:
        index = next((i for i, e in enumerate(q.expectations) if e.id == group_id), None)
        if q.kind != "list" or index is None:
            known = ", ".join(e.id for e in q.expectations) if q.kind == "list" else "none: it is not a list"
            problems.append(Problem(loc, f"amend: {a.gid!r} has no answer group {group_id!r}",
                                    f"its groups are: {known}"))
            continue
        es = list(q.expectations)
        es[index] = replace(es[index], accept=es[index].accept + accept)
        q.expectations = tuple(es)
    q.partial += a.partial
    q.misconceptions += a.misconceptions  # validation reports a clashing id at the amendment's line
    q.examples += a.examples
    q.content_hash = ""  # what grades it has changed: stored progress must see a new version
    return problems
