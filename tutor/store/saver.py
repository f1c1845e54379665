"""Saving a session's turns in the background, and saying plainly when saving fails.

A face hands every turn to `Saver.submit` and goes on: the turn is copied there and then, and a
thread writes it. The Textual app never waits on SQLite in its event loop; plain mode waits
briefly for the turn it just took (`wait`), so it can say in the same turn whether it was saved.

When a write fails, the turn is kept in memory, in order, with every later one, and retried in
the background with a short busy timeout; the learner is told once, with the reason, and told
again when saving resumes. At the end (`close`), turns that could never be written are written to
a file `tutor progress import` reads, and the ending says where. Nothing here says "kept" unless
the progress file has it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..background import start_thread
from . import db
from .sink import SessionSink, Turn

if TYPE_CHECKING:
    from ..engine.engine import Engine
    from ..model import Course

FAILED, RESUMED, EXPORTED, LOST = "failed", "resumed", "exported", "lost"

BUSY_TIMEOUT = 0.25
"""Seconds a write waits for another program's lock before the turn is kept for a retry. Another
tutor's write takes milliseconds, so only a lock held for long (a program holding the file open
in a transaction) makes a save fail."""

RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
"""Seconds between background retries while saving fails (the last one repeats)."""


@dataclass(frozen=True)
class SaveReport:
    """Something about saving the learner must be told, once."""

    kind: str
    """failed, resumed, exported or lost."""
    text: str
    """One paragraph for people."""
    turn: int
    """The newest turn the write included (turns are numbered from 1 by `submit`)."""


@dataclass(frozen=True)
class Ending:
    """How a session's saving ended."""

    stored: bool
    """Every turn is in the progress file: only then may a face say the answers are kept."""
    unsaved: int
    """Answers that are not in the progress file."""
    export: Path | None = None
    """The file the unsaved turns were written to, if any."""
    text: str = ""
    """What to tell the learner; empty when everything is stored."""


class Saver:
    """Owns the writes of one session: queued, written in order by a background thread."""

    def __init__(
        self, store: Any, course: Course, *, session_id: int | None = None,
        on_report: Callable[[SaveReport], None] | None = None, busy_timeout: float = BUSY_TIMEOUT,
        retry_delays: Sequence[float] = RETRY_DELAYS, export_folders: Callable[[], list[Path]] | None = None,
    ) -> None:
        """`store`: a Store, or anything that opens one on first use (the app's deferred store: it is
        then opened on this thread). `on_report` is called on the saver's thread."""
        self.sink = SessionSink(store, course, session_id=session_id)
        self.course = course
        self.on_report = on_report
        self.busy_timeout = busy_timeout
        self.retry_delays = tuple(retry_delays) or RETRY_DELAYS
        self._export_folders = export_folders
        self._cond = threading.Condition()
        self._queue: list[Turn] = []
        """Taken, not stored yet, oldest first."""
        self._kept: list[Turn] = []
        """Written only to a store in memory (one that could not open its file): never stored."""
        self._submitted = 0
        self._attempted = 0
        """The newest turn a write attempt has included."""
        self._stored = 0
        """Answers in the progress file."""
        self._failing: str | None = None
        self._failures = 0
        self._kept_at_failure = 0
        self._next_retry: float | None = None
        self._closing: datetime | None = None
        self._ending: Ending | None = None
        self._reports: list[SaveReport] = []
        self._thread = start_thread(self._run, "tutor-saver")

    # the face's side ------------------------------------------------------------------------------------

    def submit(self, engine: Engine, now: datetime) -> int:
        """Queue the turn that just happened; its number (0 when there was nothing to save)."""
        turn = self.sink.take(engine, now)  # the copy is made here, before the engine moves on
        if turn is None:
            return 0
        with self._cond:
            if self._closing is not None:
                return 0
            self._queue.append(turn)
            self._submitted += 1
            self._cond.notify_all()
            return self._submitted

    def wait(self, turn: int, timeout: float) -> bool:
        """Wait until a write has been tried with `turn` in it; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._attempted < turn and self._ending is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def reports(self) -> list[SaveReport]:
        """Reports not taken yet, oldest first (for a face that asks rather than being called)."""
        with self._cond:
            taken, self._reports = self._reports, []
            return taken

    @property
    def failing(self) -> bool:
        """Whether the latest write failed."""
        return self._failing is not None

    @property
    def unsaved(self) -> int:
        """Answers taken that are not in the progress file yet."""
        with self._cond:
            return self._unsaved()

    def finish(self, now: datetime) -> None:
        """End the session without waiting: one last write, then an export of what is still unsaved."""
        with self._cond:
            if self._closing is None:
                self._closing = now
            self._cond.notify_all()

    def close(self, now: datetime, timeout: float = 5.0) -> Ending:
        """End the session and wait for its last write (at most `timeout` seconds)."""
        self.finish(now)
        self._thread.join(timeout)
        with self._cond:
            if self._ending is not None:
                return self._ending
            turns = [*self._kept, *self._queue]  # the thread is stuck (a hung file system): export from here
            unsaved = self._unsaved()
        return self._export(turns, unsaved, now, stuck=True)

    @property
    def ending(self) -> Ending | None:
        """How saving ended, once it has."""
        return self._ending

    # the thread's side ------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._due():
                    self._cond.wait(self._wait_time())
                batch = list(self._queue)
                newest = self._submitted
                closing = self._closing
            if batch:
                result = self._write(batch)
                with self._cond:
                    report = self._settle(batch, result, newest)
                    self._cond.notify_all()
                self._tell(report)
            else:
                with self._cond:
                    self._attempted = newest
                    self._cond.notify_all()
            if closing is not None:
                with self._cond:
                    turns, unsaved = [*self._kept, *self._queue], self._unsaved()
                ending = self._export(turns, unsaved, closing)
                with self._cond:
                    self._ending = ending
                    self._cond.notify_all()
                return

    def _due(self) -> bool:
        if self._closing is not None or self._submitted > self._attempted:
            return True
        return bool(self._queue) and self._next_retry is not None and time.monotonic() >= self._next_retry

    def _wait_time(self) -> float | None:
        if self._queue and self._next_retry is not None:
            return max(0.0, self._next_retry - time.monotonic())
        return None

    def _write(self, batch: list[Turn]) -> tuple[int, str | None, str, bool]:
        """Write the batch in order: (turns written, the kind of failure or None, its detail, whether
        they went to a store in memory)."""
        written = 0
        try:
            store = self.sink.store
            if not store.persistent:
                # The store could not open its file and works in memory: write there, so this run's
                # screens see the answers, but they are not stored.
                for turn in batch:
                    self.sink.write(turn)
                return len(batch), store.problem_kind or db.OTHER, "", True
            if self._failing == db.READONLY:
                store.reopen()  # the file may have been made writable again
            with store.busy_timeout(self.busy_timeout):
                for turn in batch:
                    if not self.sink.write(turn):
                        return written, store.write_error or db.OTHER, "", False
                    written += 1
            return written, None, "", False
        except Exception as error:  # an unforeseen failure must cost the learner nothing but a message
            return written, db.OTHER, _one_line(error), False

    def _settle(self, batch: list[Turn], result: tuple[int, str | None, str, bool], newest: int
                ) -> SaveReport | None:
        """Account for a write attempt (under the lock); the report to make, if any."""
        written, kind, detail, memory = result
        del self._queue[:written]
        if memory:
            self._kept.extend(batch[:written])
        elif written:
            self._stored = max(self._stored, self.sink.stored)
        self._attempted = newest
        if kind is None:
            self._next_retry = None
            self._failures = 0
            if self._failing is None:
                return None
            self._failing = None
            return SaveReport(RESUMED, resumed_text(self._kept_at_failure), newest)
        self._kept_at_failure = self._unsaved()
        self._next_retry = None
        if self._queue:  # a store in memory has taken them: retrying would change nothing
            delay = self.retry_delays[min(self._failures, len(self.retry_delays) - 1)]
            self._next_retry = time.monotonic() + delay
            self._failures += 1
        if kind == self._failing:
            return None
        self._failing = kind
        return SaveReport(FAILED, failed_text(reason(kind, self.sink.store, detail), retried=not memory), newest)

    def _unsaved(self) -> int:
        turns = [*self._kept, *self._queue]
        return max(0, max((t.upto for t in turns), default=self._stored) - self._stored)

    def _export(self, turns: list[Turn], unsaved: int, now: datetime, *, stuck: bool = False) -> Ending:
        if not turns:
            return Ending(stored=True, unsaved=0)
        from .unsaved import default_folders, export_text, write_export

        why = reason(self._failing or db.OTHER, self.sink.store, "") if not stuck else db._say("save.stuck")
        try:
            text = export_text(turns, self.course, self.sink.session_uuid())
            path, failures = write_export(text, now, (self._export_folders or default_folders)())
        except Exception as error:  # never a traceback at the end of a session
            path, failures = None, [_one_line(error)]
        if path is not None:
            report = SaveReport(EXPORTED, exported_text(unsaved, why, path), self._submitted)
        else:
            report = SaveReport(LOST, lost_text(unsaved, why, failures), self._submitted)
        with self._cond:
            self._reports.append(report)
        self._tell(report, queued=True)
        return Ending(stored=False, unsaved=unsaved, export=path, text=report.text)

    def _tell(self, report: SaveReport | None, *, queued: bool = False) -> None:
        if report is None:
            return
        if not queued:
            with self._cond:
                self._reports.append(report)
        if self.on_report is not None:
            with contextlib.suppress(Exception):  # a face that has gone (the app closed) must not stop saving
                self.on_report(report)


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# what the learner is told --------------------------------------------------------------------------------

def reason(kind: str, store: Any, detail: str) -> str:
    """Why saving fails, in a few plain words."""
    path = Path(getattr(store, "path", db.FILE_NAME))
    if kind in (db.LOCKED, db.READONLY, db.FULL):
        return db.describe(kind, Exception(detail), path)
    if kind == db.CORRUPT:
        return db._say("store.damaged", path=path)
    if kind == db.NEWER:
        return db._say("store.newer", path=path)
    return db._say("store.not_writable", detail=detail or path)


def failed_text(why: str, *, retried: bool) -> str:
    return db._say("save.failed" if retried else "save.failed_memory", why=why)


def resumed_text(n: int) -> str:
    if n <= 0:
        return db._say("save.resumed")
    return db._say("save.resumed_n.one" if n == 1 else "save.resumed_n.many", n=n)


def _answers(n: int) -> str:
    return db._say("save.this_session") if n <= 0 else db._say("save.answers.one" if n == 1 else "save.answers.many",
                                                               n=n)


def exported_text(n: int, why: str, path: Path) -> str:
    return db._say("save.exported.one" if n <= 1 else "save.exported.many", answers=_answers(n), why=why, path=path)


def lost_text(n: int, why: str, failures: Sequence[str]) -> str:
    where = "; ".join(failures) or db._say("save.no_folder")
    return db._say("save.lost", answers=_answers(n), why=why, where=where)
