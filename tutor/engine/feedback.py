"""The replies that teach: the verdict on an answer, the explanation, a decision's consequence,
and the case's own notes, each with the references it cites."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..kinds import kind_of
from ..model import Choice, Note, Question, Verdict
from . import replies as r

if TYPE_CHECKING:
    from ..grading.protocol import GradeLike
    from .context import Context


def found_ids(grade: GradeLike) -> list[str]:
    return list(dict.fromkeys(m.expectation_id for m in grade.matched))


def graded(e: Context, q: Question, grade: GradeLike) -> r.Graded:
    found = set(found_ids(grade))
    texts: list[str] = [m.feedback for m in grade.misconceptions]
    if grade.partial_answer is not None and grade.partial_answer.feedback:
        texts.append(grade.partial_answer.feedback)
    option = grade.option
    if option is not None and option.feedback and not option.correct:
        texts.append(option.feedback)
    keys = [k for m in grade.misconceptions for k in m.cite]
    return r.Graded(
        gid=q.gid, verdict=Verdict(grade.verdict), credit=float(grade.credit),
        # What is missing is left out: the dialogue works on it, and the summary names it.
        reasons=tuple(m for m in grade.reasons if not m.key.startswith("grade.missing")),
        found=tuple(x.label for x in q.expectations if x.id in found),
        feedback=tuple(texts), citations=e.cites(keys, *texts),
    )


def explanation(e: Context, q: Question, *, found: list[str]) -> r.Explanation:
    parts = tuple((x.label, x.id in found) for x in q.expectations) if kind_of(q).list_mode else ()
    notes = (*case_notes(e, q.gid), *q.notes)
    note_keys = [k for n in notes for k in n.cite]
    e.state.explained = q.gid
    return r.Explanation(
        gid=q.gid, answer=q.answer_label, markdown=q.explanation,
        citations=e.cites([*q.cite, *note_keys], q.explanation, *(n.text for n in notes)),
        notes=notes, parts=parts,
    )


def consequence(e: Context, picked: Choice) -> r.Consequence:
    notes = case_notes(e, None)
    return r.Consequence(
        picked.letter, picked.text, picked.recommended, picked.consequence,
        e.cites([*picked.cite, *(k for n in notes for k in n.cite)], picked.consequence, *(n.text for n in notes)),
        notes,
    )


def case_notes(e: Context, gid: str | None) -> tuple[Note, ...]:
    """The case's own notes (doubts, evidence beyond the review, current guidance), shown once,
    with the first feedback the learner gets in the case: after their first answer or decision,
    so they give nothing away, and before the texts that point to them ("see the § note")."""
    case = e.case
    if not case.notes:
        return ()
    s = e.state
    prefix = case.id + "/"
    earlier_records = any(rec.gid.startswith(prefix) and rec.gid != gid for rec in s.records)
    choices = sum(1 for c in s.choices if c.case_id == case.id)
    if earlier_records or choices > (0 if gid is not None else 1):
        return ()
    return tuple(case.notes)
