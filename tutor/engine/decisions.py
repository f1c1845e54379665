"""Management decisions: choosing, "did you mean …?", and the consequence that teaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Choice, Step
from ..texts import msg
from . import feedback, navigation, progress
from . import replies as r
from .moves import Move, MoveKind
from .state import Choice as ChoiceRecord
from .state import Phase

if TYPE_CHECKING:
    from .context import Context


def choose(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    step = e.step
    decision = step.decision
    assert decision is not None
    picked = e.grader.choose(decision, move.text)
    if isinstance(picked, str):
        s.pending, s.suggestion = move.text, picked
        turn.add(r.DidYouMean(picked, exam=e.exam))
        return Phase.DECISION_CONFIRM
    if picked is None:
        letters = f"{decision.choices[0].letter}–{decision.choices[-1].letter}"
        turn.add(r.Notice(msg("decision.pick_one", letters=letters)))
        return Phase.DECISION
    return take(e, turn, step, picked, now)


def weigh(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """`hint` or "I don't know" at a decision, in tutor mode."""
    turn.add(r.Tutor("remark", msg("decision.weigh", source=e.course.source_name())))
    return Phase.DECISION


def cannot_skip(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Notice(msg("decision.cannot_skip")))
    return Phase.DECISION


def confirm(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    decision = e.step.decision
    assert decision is not None
    if move.kind == MoveKind.YES:
        picked = next((c for c in decision.choices if c.text == s.suggestion), None)
        if picked is not None:
            return take(e, turn, e.step, picked, now)
    if move.kind in (MoveKind.NO, MoveKind.EMPTY, MoveKind.YES):
        turn.add(r.Tutor("remark", msg("decision.choose_again")))
        return Phase.DECISION
    return choose(e, turn, move, now)


def take(e: Context, turn: r.Turn, step: Step, picked: Choice, now: float) -> Phase:
    s = e.state
    decision = step.decision
    assert decision is not None
    before = progress.planned_total(e)
    best = decision.recommended
    s.choices.append(ChoiceRecord(e.case.id, step.id, picked.id, best.id if best else ""))
    target = e.case.step(picked.next)
    if e.exam:
        turn.add(r.Notice(msg("exam.decision_recorded")))
        if target is not None and target.returns_to and best is not None:
            target = e.case.step(best.next)  # the teaching comes at the end in exam mode
    else:
        turn.add(feedback.consequence(e, picked))
    assert target is not None
    s.step_id = target.id
    navigation.show_step(e, turn)
    after = progress.planned_total(e)
    if after != before and not e.exam:  # in an exam it would tell whether the choice was the best
        turn.add(r.Notice(msg("path.changed", before=before, after=after)))
    turn.add(r.Progress(len(s.records), after))
    return navigation.continue_step(e, turn, now)
