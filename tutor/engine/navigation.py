"""Moving through a session: items, the steps of a case, their questions and decisions; resuming.

Each function returns the phase the session is in afterwards; the engine sets it (table.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..kinds import kind_of
from ..texts import msg
from . import progress, summary
from . import replies as r
from .paths import context
from .state import Phase

if TYPE_CHECKING:
    from ..model import Question
    from .context import Context


def start(e: Context, turn: r.Turn, now: float) -> Phase:
    s = e.state
    if s.phase != Phase.START:  # a restored session: say where we are
        return resume(e, turn, now)
    s.started_at = now
    if s.deadline is not None:
        s.deadline += now
    if not s.items:
        turn.add(r.Notice(msg("quiz.empty"), "warning"))
        return finish(e, turn)
    return enter_item(e, turn, now)


EMPTY = "empty"
"""An item with nothing to ask (a case with no steps, which validation rejects)."""


def enter_item(e: Context, turn: r.Turn, now: float) -> Phase:
    begun = _begin_item(e, turn, now)
    if begun == EMPTY:
        begun = advance_item(e, turn, now)
    if begun is not None:
        return Phase(begun)
    return continue_step(e, turn, now)


def _begin_item(e: Context, turn: r.Turn, now: float) -> Phase | str | None:
    """Open the current item: QUESTION when its first question is asked, None when its first
    step is shown (the walk goes on), EMPTY when it has nothing to do."""
    s = e.state
    item = e.item
    case = e.case
    turn.add(r.CaseStart(case.id, case.title, case.summary, s.item_index + 1, len(s.items)))
    s.question_index = 0
    if item.questions is not None:
        first = e.course.question(f"{case.id}/{item.questions[0]}") if item.questions else None
        if first is None:
            return EMPTY
        for st in context(case, first.step_id):
            if st.text:
                turn.add(e.step_text(st))
        s.step_id = first.step_id
        return ask(e, turn, now)
    if not case.steps:
        return EMPTY
    s.step_id = item.start_step or case.steps[0].id
    if item.start_step:
        # A replay starts at a decision; show the story so far first.
        for st in context(case, item.start_step)[:-1]:
            if st.text:
                turn.add(e.step_text(st))
    show_step(e, turn)
    return None


def show_step(e: Context, turn: r.Turn) -> None:
    step = e.step
    if step.text:
        turn.add(e.step_text(step))
    e.state.question_index = 0


def enter_step(e: Context, turn: r.Turn, now: float) -> Phase:
    show_step(e, turn)
    return continue_step(e, turn, now)


def continue_step(e: Context, turn: r.Turn, now: float) -> Phase:
    """Ask the step's next question, or its decision, or move on: a loop, not recursion, so a
    long run of question-less steps (or cases) cannot exhaust the stack."""
    s = e.state
    passed: set[str] = set()
    """Steps passed in this call without asking anything: meeting one again is a loop."""
    while True:
        item = e.item
        if item.questions is not None:
            if s.question_index < len(item.questions):
                q = e.question
                if q.step_id != s.step_id:
                    s.step_id = q.step_id
                    st = e.step
                    if st.text:
                        turn.add(e.step_text(st))
                return ask(e, turn, now)
            following = advance_item(e, turn, now)
            if following is not None:
                return following
            passed.clear()
            continue
        step = e.step
        if s.question_index < len(step.questions):
            return ask(e, turn, now)
        if step.decision is not None:
            turn.add(decision_ask(e))
            return Phase.DECISION
        nxt = e.case.successor(step)
        if nxt is None or nxt in passed or e.case.step(nxt) is None:
            if nxt is not None:  # validation rejects such a case; never spin in it
                turn.add(r.Notice(msg("case.loop"), "warning"))
            following = advance_item(e, turn, now)
            if following is not None:
                return following
            passed.clear()
            continue
        passed.add(step.id)
        s.step_id = nxt
        if e.step.decision is not None and step.returns_to:
            s.question_index = len(e.step.questions)  # back at the decision: ask it again
            continue
        show_step(e, turn)


def advance_item(e: Context, turn: r.Turn, now: float) -> Phase | None:
    """Move to the next item with something to do. The phase when that settles it (its first
    question asked, or the session ended); None when its first step is shown and the walk goes on."""
    s = e.state
    while True:  # a loop, not recursion: a long run of empty items cannot exhaust the stack
        s.item_index += 1
        if s.item_index >= len(s.items):
            return finish(e, turn)
        begun = _begin_item(e, turn, now)
        if begun != EMPTY:
            return None if begun is None else Phase(begun)


def decision_ask(e: Context) -> r.DecisionAsk:
    d = e.step.decision
    assert d is not None
    return r.DecisionAsk(e.step.id, d.prompt, tuple((c.letter, c.text) for c in d.choices))


def ask(e: Context, turn: r.Turn, now: float) -> Phase:
    s = e.state
    q = e.question
    s.asked_at = now
    s.hints_used = 0
    s.dialogue = None
    total = progress.planned_total(e, asking=True)
    turn.add(r.Progress(len(s.records), total))
    turn.add(asking(q, number=len(s.records) + 1, total=total))
    return Phase.QUESTION


def asking(q: Question, *, number: int, total: int) -> r.Ask:
    """The question as a face shows it: its prompt and what its kind shows with it."""
    shown = kind_of(q).shows(q)
    return r.Ask(gid=q.gid, kind=q.kind, prompt=q.prompt, options=shown.options, number=number, total=total,
                 need=shown.need)


def question_done(e: Context, turn: r.Turn, now: float) -> Phase:
    e.state.question_index += 1
    e.state.dialogue = None
    return continue_step(e, turn, now)


def finish(e: Context, turn: r.Turn) -> Phase:
    turn.add(summary.build(e, final=True))
    turn.add(r.Ended())
    return Phase.DONE


def resume(e: Context, turn: r.Turn, now: float) -> Phase:
    s = e.state
    turn.add(r.Notice(msg("session.continuing", title=s.title)))
    if s.phase == Phase.DONE:
        turn.add(summary.build(e, final=True))
        return Phase.DONE
    case = e.case
    turn.add(r.CaseStart(case.id, case.title, case.summary, s.item_index + 1, len(s.items)))
    for st in context(case, s.step_id):
        if st.text:
            turn.add(e.step_text(st))
    if s.phase in (Phase.DECISION, Phase.DECISION_CONFIRM):
        turn.add(decision_ask(e))
        return Phase.DECISION
    q = e.question
    asked = asking(q, number=len(s.records), total=progress.planned_total(e))
    if s.phase == Phase.CONFIDENCE:
        turn.add(asked)
        turn.add(r.Tutor("confidence", msg("confidence.ask")))
        return Phase.CONFIDENCE
    if s.phase == Phase.DIALOGUE and s.dialogue is not None and s.records:
        # The first answer is kept; the conversation goes on where it stopped.
        turn.add(asked)
        d = s.dialogue
        labels = [x.label for x in q.expectations if x.id in d.found]
        if labels:
            turn.add(r.Tutor("remark", msg("resume.found_so_far", parts=tuple(labels))))
        turn.add(r.Tutor("pump", msg("ladder.pump")))
        return Phase.DIALOGUE
    return ask(e, turn, now)
