"""The bridge between a running session and the store: what each turn changed, and writing it.

A turn is taken on the face's thread (`take`: a copy of the session's state, so the engine can
go on) and written later, possibly on another thread (`write`): everything one turn changed in
one transaction, the session's state, the new answer (or the dialogue that followed it), a
contested verdict, a flag, and the end of the session. Writes are idempotent (each answer's uuid
derives from its session's and its position), so a turn written twice stores nothing twice.

`SessionSink(...)(engine, now)` does both at once and keeps turns that could not be written, in
order, to write with the next call; the `Saver` does the writing in the background.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..engine.state import SessionState
from ..model import Course

if TYPE_CHECKING:
    from ..engine.engine import Engine
    from .store import Store


@dataclass(frozen=True)
class Turn:
    """What one turn changed, frozen when it happened."""

    state: dict[str, Any]
    """The session's state as plain data (a deep copy: the engine's later turns cannot change it)."""
    now: datetime
    attempts: tuple[int, ...]
    """Positions in the state's records to write: new answers, and the latest one again while its
    dialogue runs (its first answer, and so its card, never change)."""
    contests: tuple[int, ...]
    flags: tuple[int, ...]
    finished: bool
    score: float | None
    upto: int
    """Records complete once this turn is written."""


class SessionSink:
    PENDING_PHASES = frozenset({"confidence"})
    """Phases in which the latest answer is not complete yet (its confidence is still being asked):
    it is stored, and its card rated, once the engine has left them."""

    def __init__(self, store: Store, course: Course, *, session_id: int | None = None) -> None:
        """`session_id`: the stored session being continued (from `store.unfinished()`), if any."""
        self.store = store
        self.course = course
        self.session_id = session_id or 0
        self.uid: str | None = None if session_id else str(uuid.uuid4())
        """The session's uuid, chosen here so that a session started late (the store was locked at
        first) or exported instead keeps the same answer uuids."""
        self.stored = 0
        """Records of the session known to be stored."""
        self.pending: list[Turn] = []
        """Turns taken by `__call__` and not written yet, oldest first."""
        self._taken = 0
        self._begun = bool(session_id)
        self._contested: set[int] = set()
        self._flagged = 0
        self._finished = False

    # on the face's thread -------------------------------------------------------------------------------

    def take(self, engine: Engine, now: datetime) -> Turn | None:
        """What the turn that just happened changed, or None when there is nothing to save."""
        state = engine.state
        if self._finished:
            return None
        if not self._begun:
            if not (state.records or state.choices or state.flags or engine.done):
                return None  # nothing worth continuing yet
            self._begun = True
        records = state.records
        first = max(0, self._taken - 1)
        last = len(records) - 1 if state.phase in self.PENDING_PHASES else len(records)
        contests = tuple(i for i, rec in enumerate(records) if rec.contested and i not in self._contested)
        done = engine.done
        turn = Turn(
            state=state.to_dict(), now=now, attempts=tuple(range(first, last)), contests=contests,
            flags=tuple(range(self._flagged, len(state.flags))), finished=done,
            score=engine.summary().score if done else None, upto=max(last, 0),
        )
        self._taken = max(self._taken, last)
        self._contested.update(contests)
        self._flagged = len(state.flags)
        self._finished = done
        return turn

    # on any thread, one at a time -------------------------------------------------------------------------

    def write(self, turn: Turn) -> bool:
        """Write one turn to the store; True when it is stored."""
        state = SessionState.from_dict(turn.state)
        if not self.session_id:
            self.session_id = self.store.start_session(state, turn.now, uid=self.session_uuid())
            if not self.session_id:
                return False
        records = state.records
        attempts = [(i, records[i], self._topic(records[i].gid)) for i in turn.attempts if i < len(records)]
        contests = [(i, records[i]) for i in turn.contests if i < len(records)]
        flags = [(i, state.flags[i]) for i in turn.flags if i < len(state.flags)]
        saved = self.store.save_turn(self.session_id, state, turn.now, attempts=attempts, contests=contests,
                                     flags=flags, finished=turn.finished, score=turn.score)
        if saved:
            self.stored = max(self.stored, turn.upto)
        return saved

    def session_uuid(self) -> str:
        """The session's uuid; for a continued session, the stored one (read once)."""
        if self.uid is None and self.session_id:
            self.uid = self.store.session_uuid(self.session_id)
        if self.uid is None:
            self.uid = str(uuid.uuid4())
        return self.uid

    def __call__(self, engine: Engine, now: datetime) -> bool:
        """Save the turn that just happened (and any earlier ones that failed); True when all are stored."""
        turn = self.take(engine, now)
        if turn is not None:
            self.pending.append(turn)
        while self.pending:
            if not self.write(self.pending[0]):
                return False
            self.pending.pop(0)
        return True

    def _topic(self, gid: str) -> str:
        q = self.course.question(gid)
        case = self.course.cases.get(q.case_id) if q is not None else None
        return self.course.topic(case) if case is not None else ""
