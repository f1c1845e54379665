"""The dialogue on an incomplete answer, as data.

For each part still missing, the tutor climbs a ladder (AutoTutor's expectation-misconception
dialogue): a pump ("What else?") for the whole answer, then per part a hint, a prompt (a
pointed question with a one-word answer), and at last an assertion that gives the part. Each
rung is a row of `LADDER`; a rung with nothing written for it is passed over. Numeric and choice
questions have one part, the answer: their question-level hints, then the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..kinds import kind_of
from ..model import Expectation, Question
from ..texts import Msg, msg
from . import feedback, navigation
from . import replies as r
from .moves import Move
from .state import Dialogue, Phase

if TYPE_CHECKING:
    from ..grading.protocol import GradeLike
    from .context import Context


@dataclass(frozen=True)
class Rung:
    move: str
    """The dialogue move it is, as stored in the attempt's `moves`."""
    text: Callable[[Question, Expectation, Dialogue], str | Msg | None]
    """What the tutor says on this rung; None when the course wrote nothing for it."""
    gives_part: bool = False
    """The tutor states the part: it is settled, not found by the learner."""


def _hint(q: Question, exp: Expectation, d: Dialogue) -> str | None:
    if exp.hint:
        return exp.hint
    if d.hint_index < len(q.hints):
        d.hint_index += 1
        return q.hints[d.hint_index - 1]
    return None


def _prompt(q: Question, exp: Expectation, d: Dialogue) -> str | None:
    return exp.prompt.text if exp.prompt is not None else None


def _assertion(q: Question, exp: Expectation, d: Dialogue) -> str | Msg:
    return exp.assertion or msg("ladder.one_part", label=exp.label)


LADDER = (Rung("hint", _hint), Rung("prompt", _prompt), Rung("assertion", _assertion, gives_part=True))
"""Rung n of `Dialogue.rung` is LADDER[n - 1]; 0 is the pump, before any part's ladder."""


def begin(e: Context, turn: r.Turn, q: Question, grade: GradeLike, now: float) -> Phase:
    s = e.state
    kind = kind_of(q)
    if kind.by_parts:
        found = feedback.found_ids(grade)
        open_ids = [x.id for x in q.expectations if x.id not in found]
    else:
        found, open_ids = [], ["answer"]
    d = Dialogue(open=open_ids, found=found, current=open_ids[0] if open_ids else "")
    s.dialogue = d
    if kind.list_mode and found:
        d.pumped = True
        s.records[-1].moves.append("pump")
        turn.add(r.Tutor("pump", msg("ladder.pump")))
        return Phase.DIALOGUE
    return climb(e, turn, q, now, start=True)


def climb(e: Context, turn: r.Turn, q: Question, now: float, *, start: bool = False) -> Phase:
    """The next rung for the current part (`start`: its first rung)."""
    s = e.state
    d = s.dialogue
    assert d is not None
    rec = s.records[-1]
    d.rung = min(len(LADDER), max(1, d.rung if start else d.rung + 1))
    exp = next((x for x in q.expectations if x.id == d.current), None)
    if exp is None:  # numeric and choice: the question's hints, then the answer
        if d.hint_index < len(q.hints):
            rec.moves.append("hint")
            turn.add(r.Tutor("hint", q.hints[d.hint_index]))
            d.hint_index += 1
            return Phase.DIALOGUE
        rec.moves.append("assertion")
        turn.add(r.Tutor("assertion", msg("ladder.the_answer", answer=q.answer_label)))
        return close(e, turn, q, now)
    for n in range(d.rung, len(LADDER) + 1):
        rung = LADDER[n - 1]
        text = rung.text(q, exp, d)
        if text is None:
            continue
        d.rung = n
        rec.moves.append(rung.move)
        turn.add(r.Tutor(rung.move, text))
        if rung.gives_part:
            return settle(e, turn, q, exp.id, now)
        return Phase.DIALOGUE
    raise AssertionError("the last rung always speaks")  # pragma: no cover


def settle(e: Context, turn: r.Turn, q: Question, eid: str, now: float) -> Phase:
    """The tutor gave part `eid`: close the question when enough is settled, else the next part."""
    d = e.state.dialogue
    assert d is not None
    if eid in d.open:
        d.open.remove(eid)
    return _next_part(e, turn, q, now)


def _next_part(e: Context, turn: r.Turn, q: Question, now: float) -> Phase:
    d = e.state.dialogue
    assert d is not None
    if len(q.expectations) - len(d.open) >= q.need or not d.open:
        return close(e, turn, q, now)
    d.current = d.open[0]
    d.rung = 0
    return climb(e, turn, q, now, start=True)


def reply(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """The learner's answer within the dialogue."""
    s = e.state
    q = e.question
    d = s.dialogue
    assert d is not None
    rec = s.records[-1]
    grade = e.grader.grade(q, move.text)
    for m in grade.misconceptions:
        if m.id not in rec.misconceptions:
            rec.misconceptions.append(m.id)
        turn.add(r.Tutor("correction", m.feedback))
    if not kind_of(q).by_parts:  # one part, the answer
        if grade.verdict == "correct":
            turn.add(r.Tutor("acknowledge", msg("ladder.yes")))
            d.found = ["answer"]
            return close(e, turn, q, now)
        if not grade.misconceptions:
            turn.add(r.Tutor("remark", msg("ladder.not_quite")))
        return climb(e, turn, q, now)
    covered = set(e.grader.covered(q, move.text, list(d.open)))
    if covered:
        labels = [x.label for x in q.expectations if x.id in covered]
        turn.add(r.Tutor("acknowledge", msg("ladder.yes_parts", parts=tuple(labels))))
        current_done = d.current in covered
        for eid in [x for x in d.open if x in covered]:
            d.open.remove(eid)
            d.found.append(eid)
        if len(q.expectations) - len(d.open) >= q.need or not d.open:
            return close(e, turn, q, now)
        if current_done:
            return _next_part(e, turn, q, now)
        turn.add(r.Tutor("pump", msg("ladder.pump")))
        return Phase.DIALOGUE
    if d.rung == 0:  # after the pump: start the first missing part's ladder
        return climb(e, turn, q, now, start=True)
    if not grade.misconceptions:
        turn.add(r.Tutor("remark", msg("ladder.not_quite")))
    return climb(e, turn, q, now)


def hint(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    d = e.state.dialogue
    assert d is not None
    return climb(e, turn, e.question, now, start=d.rung == 0)


def skip(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    e.state.records[-1].moves.append("skip")
    return close(e, turn, e.question, now)


def close(e: Context, turn: r.Turn, q: Question, now: float) -> Phase:
    s = e.state
    d = s.dialogue
    found = list(d.found) if d else []
    rec = s.records[-1]
    kind = kind_of(q)
    if kind.by_parts:
        rec.coverage = max(rec.credit, min(1.0, len(found) / max(1, kind.need(q))))
    else:
        rec.coverage = 1.0 if found else rec.credit
    turn.add(feedback.explanation(e, q, found=found))
    return navigation.question_done(e, turn, now)
