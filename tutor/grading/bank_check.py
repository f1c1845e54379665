"""Answer-bank checks for `tutor validate`: grade every question's examples.

An example the grader disagrees with is an error at the example's line. An accepted answer
that the grader would take for one of the question's misconceptions, or a misconception
phrasing it would grade correct, is flagged at the group's (or misconception's) line.

Results are cached per question by a hash of everything that decides them, so re-validating
after an edit re-grades only the edited questions. The cache maps that hash to plain,
JSON-ready rows (`[where, index, severity, message, hint]`); locations are re-attached from
the current question on every run, so a cached result never points at a stale line.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..course.problems import Problem
from ..kinds import kind_of
from ..model import Course, Loc, Question
from .grader import Grade, Grader

CHECK_VERSION = "2"
"""Bump when grading rules change, so cached results are not reused."""

Row = list[Any]


def check_examples(course: Course, grader: Grader, cache: dict[str, Any] | None = None) -> list[Problem]:
    """Grade every question's examples and cross-check accepted answers with misconceptions."""
    problems: list[Problem] = []
    glossary_sig = _glossary_signature(grader)
    for q in course.questions():
        key = _cache_key(q, glossary_sig)
        rows = _cached_rows(cache.get(key), q) if cache is not None else None
        if rows is None:
            rows = _check_question(q, grader)
            if cache is not None:
                cache[key] = {"question": q.gid, "hash": q.graded_hash, "rows": rows}
        problems.extend(_to_problem(q, row) for row in rows)
    return problems


_WHERE = frozenset(("example", "expectation", "misconception", "option", "question"))


def _cached_rows(entry: Any, q: Question) -> list[Row] | None:
    """The cached rows if the entry is well formed and was written for this very question;
    anything else (a damaged or forged cache that would hide errors) is ignored and re-checked."""
    if not (isinstance(entry, dict) and entry.get("question") == q.gid and entry.get("hash") == q.graded_hash):
        return None
    rows = entry.get("rows")
    if not isinstance(rows, list):
        return None
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5 and row[0] in _WHERE and type(row[1]) is int
                and row[2] in ("error", "warning") and isinstance(row[3], str) and isinstance(row[4], str)):
            return None
    return rows


def _cache_key(q: Question, glossary_sig: str) -> str:
    parts = (CHECK_VERSION, q.gid, q.graded_hash, q.prompt, glossary_sig,
             tuple((e.text, e.expect) for e in q.examples))
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=10).hexdigest()


def _glossary_signature(grader: Grader) -> str:
    names = sorted((t.id, t.names) for t in grader.glossary.terms)  # the shipped vocabulary included
    return hashlib.blake2b(repr(names).encode("utf-8"), digest_size=8).hexdigest()


def _to_problem(q: Question, row: Row) -> Problem:
    where, index, severity, message, hint = row
    loc: Loc = q.loc
    if where == "example" and 0 <= index < len(q.examples):
        loc = q.examples[index].loc
    elif where == "expectation" and 0 <= index < len(q.expectations):
        loc = q.expectations[index].loc
    elif where == "misconception" and 0 <= index < len(q.misconceptions):
        loc = q.misconceptions[index].loc
    elif where == "option" and 0 <= index < len(q.options):
        loc = q.options[index].loc
    return Problem(loc, message, hint, severity)


def _describe(g: Grade) -> str:
    return f"{g.verdict} ({g.reason})" if g.reason else g.verdict


def _check_question(q: Question, grader: Grader) -> list[Row]:
    rows: list[Row] = []
    for i, ex in enumerate(q.examples):
        g = grader.grade(q, ex.text)
        if ex.expect == "accept" and g.verdict != "correct":
            rows.append(["example", i, "error",
                         f"example {ex.text!r} should be accepted, but the grader says {_describe(g)}",
                         _hint_accept(q, g)])
        elif ex.expect == "reject" and g.verdict == "correct":
            rows.append(["example", i, "error",
                         f"example {ex.text!r} should be rejected, but the grader says {_describe(g)}",
                         "add it to a misconception's `match`, or remove the accepted answer it matches"])
        elif ex.expect == "partial" and g.verdict != "partial":
            rows.append(["example", i, "error",
                         f"example {ex.text!r} should be partial, but the grader says {_describe(g)}",
                         "list it under `partial:` with a credit, or check the groups and `need`"])
    rows.extend(_cross_check(q, grader))
    return rows


def _hint_accept(q: Question, g: Grade) -> str:
    if g.verdict == "unclear":
        return "it is beyond the spelling allowance; add it to `accept` if it is a usual spelling"
    if g.misconceptions:
        return f"it matches misconception {g.misconceptions[0].id!r}"
    if kind_of(q).list_mode:
        return "a list answer needs `need` groups; use `partial` for an incomplete one"
    return "add this phrasing to `accept`"


def _cross_check(q: Question, grader: Grader) -> list[Row]:
    rows: list[Row] = []
    if kind_of(q).by_parts:
        for i, e in enumerate(q.expectations):
            for text in e.accept:
                g = grader.grade(q, text)
                if g.misconceptions:
                    rows.append(["expectation", i, "error",
                                 f"accepted answer {text!r} is graded as misconception {g.misconceptions[0].id!r}",
                                 "remove the overlap between `accept` and the misconception's `match`"])
                elif e.id not in {m.expectation_id for m in g.matched}:
                    rows.append(["expectation", i, "error",
                                 f"accepted answer {text!r} does not match its own group ({_describe(g)})",
                                 "it may contain a negation or a meaning flipper that blocks it"])
    for i, m in enumerate(q.misconceptions):
        for text in m.match:
            g = grader.grade(q, text)
            if g.verdict == "correct":
                rows.append(["misconception", i, "error",
                             f"misconception phrasing {text!r} is graded correct ({g.reason})",
                             "it also matches an accepted answer; make one of them more specific"])
    return rows
