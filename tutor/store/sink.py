"""The bridge between a running session and the store, called by both faces after every turn.

One call saves everything the turn changed in one transaction: the session's state, the new
answer (or the dialogue that followed it), a contested verdict, a flag, and the end of the
session. Killing the process therefore loses at most the answer being graded, and a failed write
(a locked file) is simply retried with the next turn: nothing is stored twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..model import Course

if TYPE_CHECKING:
    from ..engine.engine import Engine
    from .store import Store


class SessionSink:
    PENDING_PHASES = frozenset({"confidence"})
    """Phases in which the latest answer is not complete yet (its confidence is still being asked):
    it is stored, and its card rated, once the engine has left them."""

    def __init__(self, store: Store, course: Course, *, session_id: int | None = None) -> None:
        """`session_id`: the stored session being continued (from `store.unfinished()`), if any."""
        self.store = store
        self.course = course
        self.session_id = session_id or 0
        self.recorded = 0
        """How many of the session's records are stored (the last is stored again while its dialogue runs)."""
        self.contested: set[int] = set()
        self.flagged = 0
        self.finished = False

    def __call__(self, engine: Engine, now: datetime) -> bool:
        """Save the turn that just happened; True when it is stored."""
        state = engine.state
        if self.finished:
            return True
        if not self.session_id:
            if not (state.records or state.choices or state.flags or engine.done):
                return True  # nothing worth continuing yet
            self.session_id = self.store.start_session(state, now)
            if not self.session_id:
                return False
        records = state.records
        # The latest record is written again each turn: the dialogue after the first answer
        # changes its moves and coverage (its first answer, and so its card, never change).
        first = max(0, self.recorded - 1)
        last = len(records) - 1 if state.phase in self.PENDING_PHASES else len(records)
        attempts = [(i, records[i], self._topic(records[i].gid)) for i in range(first, last)]
        contests = [(i, rec) for i, rec in enumerate(records) if rec.contested and i not in self.contested]
        flags = list(enumerate(state.flags))[self.flagged:]
        done = engine.done
        score = engine.summary().score if done else None
        saved = self.store.save_turn(self.session_id, state, now, attempts=attempts, contests=contests, flags=flags,
                                     finished=done, score=score)
        if saved:
            self.recorded = last
            self.contested.update(i for i, _ in contests)
            self.flagged = len(state.flags)
            self.finished = done
        return saved

    def _topic(self, gid: str) -> str:
        q = self.course.question(gid)
        case = self.course.cases.get(q.case_id) if q is not None else None
        return self.course.topic(case) if case is not None else ""
