"""The conversation as a transition table: (mode, phase, learner move) -> what answers it, and
the phases that may follow.

A new learner move is a row here, not a branch in a handler. Exam mode is the tutor table with
the rows that give help replaced. Every phase in which the learner can type has a row for every
move (a test checks it), so nothing falls through to the answer handler by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mode
from . import answering, commands, decisions, ladder
from .moves import Move, MoveKind
from .state import Phase

if TYPE_CHECKING:
    from . import replies as r
    from .context import Context

Handler = Callable[["Context", "r.Turn", Move, float], Phase]

LIVE = frozenset(Phase) - {Phase.START, Phase.DONE}
"""The phases in which the learner types."""
AFTER_QUESTION = frozenset({Phase.QUESTION, Phase.DECISION, Phase.DONE})
"""Where the session can be once a question is over: the next question, a decision, or the end."""
ANSWERED = AFTER_QUESTION | {Phase.CONFIRM, Phase.CONFIDENCE, Phase.DIALOGUE}


@dataclass(frozen=True)
class Row:
    handler: Handler
    follows: frozenset[Phase]
    """The phases the session may be in after it (the engine checks)."""


def _same(handler: Handler) -> Callable[[Phase], Row]:
    """A row that leaves the phase as it is."""
    return lambda phase: Row(handler, frozenset({phase}))


_EVERYWHERE: dict[MoveKind, Callable[[Phase], Row]] = {
    MoveKind.HELP: _same(commands.help_),
    MoveKind.QUIT: _same(commands.quit_),
    MoveKind.LOOKUP: _same(commands.lookup),
    MoveKind.REF: _same(commands.ref),
    MoveKind.CONTEST: _same(commands.contest),
    MoveKind.FLAG: _same(commands.flag),
    MoveKind.WHY: _same(commands.why),
    MoveKind.FINISH: lambda phase: Row(commands.finish, frozenset({Phase.DONE})),
}

_answer = Row(answering.answer, ANSWERED)
_TUTOR_ROWS: dict[Phase, dict[MoveKind, Row]] = {
    Phase.QUESTION: {
        MoveKind.ANSWER: _answer, MoveKind.YES: _answer, MoveKind.NO: _answer,
        MoveKind.HINT: Row(commands.hint, frozenset({Phase.QUESTION})),
        MoveKind.DONT_KNOW: Row(commands.hint, frozenset({Phase.QUESTION})),  # "I don't know": a hint
        MoveKind.SKIP: Row(commands.skip, AFTER_QUESTION),
        MoveKind.EMPTY: Row(commands.empty, frozenset({Phase.QUESTION})),
    },
    Phase.CONFIRM: {
        MoveKind.YES: Row(answering.confirm_yes, ANSWERED),
        MoveKind.NO: Row(answering.confirm_no, frozenset({Phase.QUESTION})),
        MoveKind.EMPTY: Row(answering.confirm_repeat, frozenset({Phase.CONFIRM})),
        MoveKind.ANSWER: _answer, MoveKind.DONT_KNOW: _answer,
        MoveKind.HINT: Row(commands.hint, frozenset({Phase.CONFIRM})),
        MoveKind.SKIP: Row(commands.skip, AFTER_QUESTION),
    },
    Phase.CONFIDENCE: {kind: Row(answering.confidence, frozenset({Phase.CONFIDENCE}) | ANSWERED) for kind in (
        MoveKind.ANSWER, MoveKind.EMPTY, MoveKind.YES, MoveKind.NO, MoveKind.DONT_KNOW, MoveKind.HINT,
        MoveKind.SKIP, MoveKind.WHY)},
    Phase.DIALOGUE: {
        MoveKind.ANSWER: Row(ladder.reply, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.YES: Row(ladder.reply, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.NO: Row(ladder.reply, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.HINT: Row(ladder.hint, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.DONT_KNOW: Row(ladder.hint, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.WHY: Row(ladder.hint, AFTER_QUESTION | {Phase.DIALOGUE}),
        MoveKind.SKIP: Row(ladder.skip, AFTER_QUESTION),
        MoveKind.EMPTY: Row(commands.empty, frozenset({Phase.DIALOGUE})),
    },
    Phase.DECISION: {
        MoveKind.ANSWER: Row(decisions.choose, AFTER_QUESTION | {Phase.DECISION_CONFIRM}),
        MoveKind.YES: Row(decisions.choose, AFTER_QUESTION | {Phase.DECISION_CONFIRM}),
        MoveKind.NO: Row(decisions.choose, AFTER_QUESTION | {Phase.DECISION_CONFIRM}),
        MoveKind.EMPTY: Row(commands.empty, frozenset({Phase.DECISION})),
        MoveKind.HINT: Row(decisions.weigh, frozenset({Phase.DECISION})),
        MoveKind.DONT_KNOW: Row(decisions.weigh, frozenset({Phase.DECISION})),
        MoveKind.SKIP: Row(decisions.cannot_skip, frozenset({Phase.DECISION})),
    },
    Phase.DECISION_CONFIRM: {kind: Row(decisions.confirm, AFTER_QUESTION | {Phase.DECISION_CONFIRM})
                             for kind in (MoveKind.ANSWER, MoveKind.YES, MoveKind.NO, MoveKind.EMPTY,
                                          MoveKind.DONT_KNOW, MoveKind.HINT, MoveKind.SKIP)},
}

# Exam mode: no help, no feedback until the end, and "did you mean" never names an answer.
_no_help = _same(commands.no_help_in_exam)
_keep = Row(answering.keep_as_typed, ANSWERED)
_EXAM_CHANGES: dict[Phase, dict[MoveKind, Row]] = {
    Phase.QUESTION: {MoveKind.HINT: _no_help(Phase.QUESTION), MoveKind.DONT_KNOW: _answer},
    Phase.CONFIRM: {kind: _keep for kind in (MoveKind.YES, MoveKind.NO, MoveKind.EMPTY, MoveKind.ANSWER,
                                             MoveKind.DONT_KNOW)} | {MoveKind.HINT: _no_help(Phase.CONFIRM)},
    Phase.DECISION: {MoveKind.HINT: _no_help(Phase.DECISION), MoveKind.DONT_KNOW: _no_help(Phase.DECISION)},
}
_EXAM_EVERYWHERE: dict[MoveKind, Callable[[Phase], Row]] = {
    MoveKind.WHY: _same(commands.why_in_exam),
    MoveKind.LOOKUP: _same(commands.lookup_in_exam),
}


def _build(mode: Mode) -> dict[tuple[Phase, MoveKind], Row]:
    table: dict[tuple[Phase, MoveKind], Row] = {}
    for phase in LIVE:
        everywhere = dict(_EVERYWHERE)
        if mode == Mode.EXAM:
            everywhere |= _EXAM_EVERYWHERE
        for kind, make in everywhere.items():
            table[phase, kind] = make(phase)
        for kind, row in _TUTOR_ROWS.get(phase, {}).items():
            table[phase, kind] = row
        if mode == Mode.EXAM:
            for kind, row in _EXAM_CHANGES.get(phase, {}).items():
                table[phase, kind] = row
    return table


TABLES = {mode: _build(mode) for mode in Mode}


def row(mode: Mode, phase: Phase, kind: MoveKind) -> Row | None:
    return TABLES[mode].get((phase, kind))
