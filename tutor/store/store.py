"""The progress store: sessions, attempts, spaced-repetition cards, contests and flags in SQLite.

Every write is one transaction; every public method catches database failures, records a
one-line `problem` for the learner and returns a harmless default, so the tutor keeps teaching
whatever happens to the file. Time is always passed in (aware datetimes, UTC); nothing here reads
the clock.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..engine.state import Record, SessionState
from ..model import Course
from . import attempt_columns, db, derived, schema
from .attempt_columns import Attempt
from .convert import dumps, named, ts

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from .portable import ImportSummary
    from .stats import Stats

T = TypeVar("T")

_NAMESPACE = uuid.UUID("6f1d3c56-9a0e-4c59-9b8e-2f4b1f0c7d21")
"""Attempts, contests and flags of a session get uuids derived from the session's, so saving the
same turn twice (a retried write, a continued session) never stores a duplicate."""


@dataclass
class ResetSummary:
    backup: Path
    """Where the copy taken before the reset is."""
    attempts: int
    sessions: int
    cards: int

    def __str__(self) -> str:
        return (f"Removed {self.attempts} answers, {self.sessions} sessions and the schedule of "
                f"{self.cards} questions. A copy of your progress before the reset is at {self.backup}.")


def child_uuid(session_uuid: str | None, kind: str, index: int | None) -> str:
    """A stable uuid for the index-th attempt/contest/flag of a session (random without one)."""
    if session_uuid and index is not None:
        return str(uuid.uuid5(_NAMESPACE, f"{session_uuid}/{kind}/{index}"))
    return str(uuid.uuid4())


class Store:
    """Progress in one SQLite file; build it with `open_store()`, which never raises."""

    def __init__(
        self, conn: sqlite3.Connection, *, path: Path, persistent: bool, scheduler: Scheduler | None = None,
        problem: str | None = None, notices: Sequence[str] = (), journal: str = "memory", timeout: float = 2.0,
        problem_kind: str | None = None,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self.path = path
        """The database file (a store that cannot save still names the file it could not use)."""
        self.persistent = persistent
        """False when progress lives in memory for this run only (see `problem`)."""
        self.problem: str | None = problem
        """One line for the learner when progress cannot be saved (or read); None when all is well."""
        self._problem_kind = problem_kind if problem else None
        self.notices: list[str] = list(notices)
        """Things to tell the learner once (a damaged file set aside, no WAL on this file system)."""
        self.journal = journal if persistent else "memory"
        """SQLite's journal mode: wal, delete (rollback journal), or memory."""
        self.timeout = timeout
        self._scheduler = scheduler
        self._sessions: dict[int, tuple[str, str]] = {}
        self.write_error: str | None = problem_kind if problem else None
        """The kind of the last failed write (db.LOCKED, db.FULL, ...), None once a write succeeds: the
        saver tells the learner why, in the turn it happened."""

    @property
    def problem_kind(self) -> str | None:
        """The kind of `problem` (db.LOCKED, db.READONLY, ...), or None."""
        return self._problem_kind

    @property
    def notice(self) -> str | None:
        """Every notice in one line, or None."""
        return " ".join(self.notices) or None

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            from .rating import make_scheduler

            self._scheduler = make_scheduler()
        return self._scheduler

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reopen(self) -> bool:
        """Open the file again, in place of the open connection; True when it was.

        SQLite opens a file it may not write read-only and never looks again, so a progress file
        made writable while the tutor runs only saves again on a new connection.
        """
        if not self.persistent:
            return False
        with self._lock:
            if self._conn is None:
                return False
            try:
                conn = db._connect(self.path, self.timeout)
            except sqlite3.Error:
                return False
            try:
                db._setup(conn, self.journal != "wal", self.timeout)
                if schema.current_version(conn) != schema.SCHEMA_VERSION:
                    raise sqlite3.DatabaseError("the file changed under the tutor")
            except sqlite3.Error:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
                return False
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = conn
            return True

    @contextlib.contextmanager
    def busy_timeout(self, seconds: float) -> Iterator[None]:
        """Wait at most `seconds` for a lock held by another program, for what runs inside.

        The saver writes with a short wait and retries in the background, so a file held by
        another program costs a turn a fraction of a second, not the two seconds reads may wait.
        The store's lock is held throughout, so no other thread's call runs with the short wait.
        """
        with self._lock:
            conn = self._conn
            if conn is None:
                yield
                return
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
            try:
                yield
            finally:
                if self._conn is not None:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    # plumbing ------------------------------------------------------------------------------------

    def _read(self, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        with self._lock:
            if self._conn is None:
                return default
            try:
                return fn(self._conn)
            except sqlite3.Error as error:
                self._failed(error, writing=False)
                return default

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._read(lambda c: c.execute(sql, params).fetchall(), [])

    def _write(self, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run `fn` in one transaction (BEGIN IMMEDIATE: a waiting writer never deadlocks)."""
        with self._lock:
            conn = self._conn
            if conn is None:
                return default
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    db.rollback(conn)
                    raise
            except sqlite3.Error as error:
                self._failed(error, writing=True)
                self.write_error = db.classify(error)
                return default
            if self.persistent:
                self.write_error = None
            if self.persistent and self._problem_kind in _PASSING:  # the fault has gone: saving works again
                self.problem = self._problem_kind = None
            return result

    def _failed(self, error: sqlite3.Error, *, writing: bool) -> None:
        kind = db.classify(error)
        if kind == db.CORRUPT and self.persistent:
            db.mark_damaged(self.path)
        self.problem = db._say("store.cannot_be_saved" if writing else "store.cannot_be_read",
                               why=db.describe(kind, error, self.path), still=db.still_works())
        self._problem_kind = kind

    def session_uuid(self, session_id: int) -> str | None:
        """The uuid of a stored session (its answers' uuids derive from it), or None."""
        found = self._read(lambda c: self._session(c, session_id), None)
        return found[0] if found else None

    def _session(self, c: sqlite3.Connection, session_id: int | None) -> tuple[str, str] | None:
        """(uuid, quiz id) of a stored session."""
        if not session_id:
            return None
        cached = self._sessions.get(session_id)
        if cached is None:
            row = c.execute("SELECT uuid, quiz_id FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                return None
            cached = self._sessions[session_id] = (str(row[0]), str(row[1]))
        return cached

    # sessions --------------------------------------------------------------------------------------

    def start_session(self, state: SessionState, now: datetime, *, uid: str | None = None) -> int:
        """Store a new session; its id, or 0 when it could not be saved (see `problem`)."""
        stamp = ts(now)
        uid = uid or str(uuid.uuid4())

        def go(c: sqlite3.Connection) -> int:
            cur = c.execute(
                "INSERT INTO sessions (uuid, quiz_id, title, mode, started, updated, answered, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, state.quiz_id, state.title, state.mode, stamp, stamp, len(state.records),
                 dumps(state.to_dict())),
            )
            return int(cur.lastrowid or 0)

        session_id = self._write(go, 0)
        if session_id:
            self._sessions[session_id] = (uid, state.quiz_id)
        return session_id

    def save_session(self, session_id: int, state: SessionState, now: datetime) -> bool:
        """Save the session's state (after every turn); True when it was saved."""
        return self.save_turn(session_id, state, now)

    def finish_session(self, session_id: int, state: SessionState, now: datetime, *,
                       score: float | None = None) -> bool:
        """Save the final state and mark the session finished (it is no longer offered to continue)."""
        return self.save_turn(session_id, state, now, finished=True, score=score)

    def save_turn(
        self, session_id: int, state: SessionState, now: datetime, *,
        attempts: Iterable[tuple[int, Record, str]] = (), contests: Iterable[tuple[int, Record]] = (),
        flags: Iterable[tuple[int, dict[str, str]]] = (), finished: bool = False, score: float | None = None,
    ) -> bool:
        """Everything one turn changed, in one transaction: the state, new or updated attempts
        (index in `state.records`, record, topic), new contests (index, record) and flags (index, flag)."""
        if not session_id:
            return False
        stamp = ts(now)
        attempts, contests, flags = list(attempts), list(contests), list(flags)

        def go(c: sqlite3.Connection) -> bool:
            text = dumps(state.to_dict())
            known = self._session(c, session_id)
            updated = c.execute(
                "UPDATE sessions SET state = ?, updated = ?, answered = ?, title = ?, mode = ?, "
                "finished = CASE WHEN ? THEN ? ELSE finished END, outcome = CASE WHEN ? THEN 'done' ELSE outcome END, "
                "score = coalesce(?, score) WHERE id = ?",
                (text, stamp, len(state.records), state.title, state.mode, finished, stamp, finished, score,
                 session_id),
            ).rowcount
            if not updated and known is not None:
                # Progress was reset (by another tutor) while this session ran: store it again.
                # Session ids are never reused (AUTOINCREMENT), so the id is still this session's.
                c.execute(
                    "INSERT INTO sessions (id, uuid, quiz_id, title, mode, started, updated, finished, outcome, "
                    "answered, score, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, known[0], known[1], state.title, state.mode, stamp, stamp, stamp if finished else None,
                     "done" if finished else "", len(state.records), score, text),
                )
            elif not updated:
                return False
            for index, record, topic in attempts:
                self._put_attempt(c, session_id, record, topic, now, index)
            for index, record in contests:
                self._put_contest(c, session_id, index, record.gid, record.answer, record.verdict, "", stamp)
            for index, flag in flags:
                self._put_flag(c, session_id, index, str(flag.get("gid", "")), str(flag.get("comment", "")), stamp)
            return True

        return self._write(go, False)

    def unfinished(self, course: Course | None = None) -> tuple[int, SessionState] | None:
        """The latest unfinished session, to continue after a crash or a closed terminal.

        With `course`, a session that no longer fits it (a removed case or step) is not offered:
        it is closed (its answers are kept) and a notice says why.
        """
        row = self._read(lambda c: c.execute(
            "SELECT id, state, title FROM sessions WHERE finished IS NULL ORDER BY updated DESC, id DESC LIMIT 1"
        ).fetchone(), None)
        if row is None:
            return None
        session_id, text, title = int(row[0]), row[1], row[2]
        reason: str | None = None
        state: SessionState | None = None
        try:
            state = SessionState.from_dict(json.loads(text))
        except (TypeError, ValueError, KeyError, AttributeError):
            reason = db._say("store.unreadable_state")
        if state is not None and course is not None:
            reason = session_problem(state, course)
        if reason is not None or state is None:
            note = db._say("store.unfit_session", title=title, reason=reason)
            if note not in self.notices:
                self.notices.append(note)
            self._write(lambda c: c.execute(
                "UPDATE sessions SET finished = updated, outcome = 'unfit' WHERE id = ?", (session_id,)), None)
            return None
        return session_id, state

    def sessions(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest sessions, newest first (id, quiz_id, title, mode, started, finished, answered, score)."""
        rows = self._fetchall(
            "SELECT id, quiz_id, title, mode, started, finished, outcome, answered, score FROM sessions "
            "ORDER BY started DESC, id DESC LIMIT ?", (limit,))
        keys = ("id", "quiz_id", "title", "mode", "started", "finished", "outcome", "answered", "score")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # attempts, contests, flags ------------------------------------------------------------------------

    def record_attempt(self, session_id: int | None, record: Record, topic: str, now: datetime, *,
                       index: int | None = None) -> bool:
        """Store one answered question and update its spaced-repetition card from the first answer.

        `index` (the record's position in the session's records) makes the write idempotent:
        recording the same record again updates its dialogue fields and leaves the card alone.
        """
        def go(c: sqlite3.Connection) -> bool:
            self._put_attempt(c, session_id, record, topic, now, index)
            return True

        return self._write(go, False)

    def _put_attempt(self, c: sqlite3.Connection, session_id: int | None, record: Record, topic: str,
                     now: datetime, index: int | None) -> bool:
        from .rating import rating_for

        session = self._session(c, session_id)
        uid = child_uuid(session[0] if session else None, "attempt", index)
        row = attempt_columns.row_of(record, uuid=uid, session_id=session_id if session else None,
                                     quiz_id=session[1] if session else "", topic=topic, at=now,
                                     rating=int(rating_for(record)))
        if c.execute(attempt_columns.INSERT, row).rowcount == 0:
            # seen before: only the dialogue after the first answer can have changed
            c.execute(attempt_columns.REWRITE, row)
            return False
        stamp, correct = row["at"], record.verdict == "correct" and not record.skipped
        derived.count_attempt(c, gid=record.gid, hash_=record.hash, at=stamp, credit=record.credit,
                              correct=correct, misconceptions=record.misconceptions)
        derived.review(c, self.scheduler, gid=record.gid, hash_=record.hash, rating=row["rating"], at=now,
                       seconds=record.seconds)
        return True

    def add_contest(self, gid: str, answer: str, verdict: str, now: datetime, *, comment: str = "",
                    session_id: int | None = None) -> bool:
        """A verdict the learner contests, kept for the instructor (the score is not changed)."""
        stamp = ts(now)

        def go(c: sqlite3.Connection) -> bool:
            self._put_contest(c, session_id, None, gid, answer, verdict, comment, stamp)
            return True

        return self._write(go, False)

    def _put_contest(self, c: sqlite3.Connection, session_id: int | None, index: int | None, gid: str, answer: str,
                     verdict: str, comment: str, stamp: str) -> None:
        session = self._session(c, session_id)
        uid = child_uuid(session[0] if session else None, "contest", index)
        c.execute(
            "INSERT INTO contests (uuid, session_id, gid, answer, verdict, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (uuid) DO NOTHING",
            (uid, session_id if session else None, gid, answer, verdict, comment, stamp),
        )
        if session is not None and index is not None:
            c.execute("UPDATE attempts SET contested = 1 WHERE uuid = ?", (child_uuid(session[0], "attempt", index),))

    def add_flag(self, gid: str, comment: str, now: datetime, *, session_id: int | None = None) -> bool:
        """A flag or error report on a question, with the learner's comment, kept for the instructor."""
        stamp = ts(now)

        def go(c: sqlite3.Connection) -> bool:
            self._put_flag(c, session_id, None, gid, comment, stamp)
            return True

        return self._write(go, False)

    def _put_flag(self, c: sqlite3.Connection, session_id: int | None, index: int | None, gid: str, comment: str,
                  stamp: str) -> None:
        session = self._session(c, session_id)
        uid = child_uuid(session[0] if session else None, "flag", index)
        c.execute(
            "INSERT INTO flags (uuid, session_id, gid, comment, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (uuid) DO NOTHING",
            (uid, session_id if session else None, gid, comment, stamp),
        )

    def contests(self) -> list[dict[str, Any]]:
        rows = self._fetchall("SELECT uuid, gid, answer, verdict, comment, at FROM contests ORDER BY at, id")
        return [dict(zip(("uuid", "gid", "answer", "verdict", "comment", "at"), r, strict=True)) for r in rows]

    def flags(self) -> list[dict[str, Any]]:
        rows = self._fetchall("SELECT uuid, gid, comment, at FROM flags ORDER BY at, id")
        return [dict(zip(("uuid", "gid", "comment", "at"), r, strict=True)) for r in rows]

    def history(self, gid: str, course: Course | None = None) -> list[Attempt]:
        """Every stored answer to a question, oldest first; with `course`, answers given to an older
        version of the question are marked `older_version`."""
        q = course.question(gid) if course is not None else None
        current = q.graded_hash if q is not None else None
        sql = f"SELECT {attempt_columns.SELECT} FROM attempts WHERE gid = ? ORDER BY at, id"
        return self._read(lambda c: [attempt_columns.from_row(r, current) for r in named(c, sql, (gid,))], [])

    def attempt_count(self) -> int:
        return int(self._read(lambda c: c.execute("SELECT count(*) FROM attempts").fetchone()[0], 0))

    # scheduling --------------------------------------------------------------------------------------

    def due_counts(self, course: Course, now: datetime) -> tuple[int, int]:
        """(new, due): questions of the course never answered, and those due for review by `now`."""
        gids = _course_gids(course)
        stamp = ts(now)

        def go(c: sqlite3.Connection) -> tuple[int, int]:
            try:  # counted inside SQLite: fetching every card row would cost more than the query
                carded, due = c.execute(
                    "SELECT count(*), coalesce(sum(due <= ?), 0) FROM cards "
                    "WHERE gid IN (SELECT value FROM json_each(?))", (stamp, json.dumps(list(gids)))).fetchone()
            except sqlite3.OperationalError:  # an SQLite built without JSON functions
                rows = c.execute("SELECT gid, due FROM cards").fetchall()
                carded = sum(1 for gid, _ in rows if gid in gids)
                due = sum(1 for gid, when in rows if when <= stamp and gid in gids)
            return len(gids) - int(carded), int(due)

        return self._read(go, (len(gids), 0))

    def due_questions(self, course: Course, now: datetime, limit: int = 20) -> list[str]:
        """Global ids of the course's questions due by `now`, most overdue first."""
        gids = _course_gids(course)
        rows = self._fetchall("SELECT gid FROM cards WHERE due <= ? ORDER BY due, gid", (ts(now),))
        return [gid for (gid,) in rows if gid in gids][: max(0, limit)]

    def card(self, gid: str) -> Card | None:
        """A question's fsrs card, or None before its first answer."""
        return self._read(lambda c: derived.load_card(c, gid), None)

    def stats(self, course: Course, now: datetime) -> Stats:
        """Mastery by topic and theme, accuracy per day, the due forecast, the top misconceptions."""
        from .stats import Stats, compute_stats

        result = self._read(lambda c: compute_stats(c, course, now), None)
        return result if result is not None else Stats.empty(course, now)

    # portable progress ----------------------------------------------------------------------------------

    def export(self, fmt: str = "json", *, name: str = "") -> str:
        """Everything as JSON (lossless) or the attempts, contests and flags as one CSV table;
        `name`: the learner's name for the JSON (`tutor class` shows it instead of the file's)."""
        from .portable import ensure_learner, export_csv, export_json

        if fmt not in ("json", "csv"):
            raise ValueError(f"unknown export format {fmt!r}: use json or csv")
        if fmt == "json":  # made once, on the first export; a store that cannot save exports without one
            self._write(ensure_learner, None)
        with self._lock:
            if self._conn is None:
                raise ValueError("the store is closed")
            return export_json(self._conn, name) if fmt == "json" else export_csv(self._conn)

    def import_(self, source: str | Path) -> ImportSummary:
        """Merge exported progress (a file path or the text itself) without duplicating anything.

        Raises ValueError with a message for people when the text is not exported progress.
        """
        from .portable import ImportSummary, merge, parse_import

        data = parse_import(source)
        summary = ImportSummary()
        if not self.persistent:
            # A read-only, locked or newer file gives a store in memory: merging into it would
            # report answers as imported that vanish when the tutor closes.
            summary.failed = _why_not_saved(self.problem)
            return summary

        def go(c: sqlite3.Connection) -> ImportSummary:
            return merge(c, data, self.scheduler)

        result = self._write(go, summary)
        if result is summary:
            summary.failed = self.problem or "nothing could be saved"
        self._sessions.clear()
        return result

    # backup and reset ---------------------------------------------------------------------------------

    def backup(self, dest: Path) -> bool:
        """Copy the whole database to `dest` (SQLite's online backup); True when it was written."""
        def go(c: sqlite3.Connection) -> bool:
            dest.parent.mkdir(parents=True, exist_ok=True)
            target = sqlite3.connect(dest)
            try:
                c.backup(target)
            finally:
                target.close()
            return True

        try:
            return self._read(go, False)
        except OSError as error:
            self.problem = db._say("store.backup_failed", dest=dest, why=error.strerror or error)
            return False

    def reset(self, backup: Path, *, quiz_id: str | None = None, gids: Iterable[str] | None = None
              ) -> ResetSummary | None:
        """Forget progress: everything, or one quiz (its sessions and the questions in `gids`).

        A backup copy is always written to `backup` first; without it nothing is removed (None).
        Resetting everything also removes contests and flags; resetting a quiz keeps them.
        """
        if not self.backup(backup):
            return None
        everything = quiz_id is None and gids is None
        chosen = sorted(set(gids or ()))

        def go(c: sqlite3.Connection) -> ResetSummary:
            if everything:
                counts = [c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                          for t in ("attempts", "sessions", "cards")]
                for table in ("attempts", "contests", "flags", "cards", "sessions", "question_progress",
                              "daily", "misconception_counts"):
                    c.execute(f"DELETE FROM {table}")
                return ResetSummary(backup, *counts)
            c.execute("CREATE TEMP TABLE IF NOT EXISTS reset_gids (gid TEXT PRIMARY KEY)")
            c.execute("DELETE FROM reset_gids")
            c.executemany("INSERT OR IGNORE INTO reset_gids VALUES (?)", [(g,) for g in chosen])
            affected = [r[0] for r in c.execute(
                "SELECT DISTINCT gid FROM attempts WHERE quiz_id = ? OR gid IN (SELECT gid FROM reset_gids)",
                (quiz_id or "",))]
            removed = c.execute(
                "DELETE FROM attempts WHERE quiz_id = ? OR gid IN (SELECT gid FROM reset_gids)", (quiz_id or "",)
            ).rowcount
            sessions = c.execute("DELETE FROM sessions WHERE quiz_id = ?", (quiz_id or "",)).rowcount
            cards = c.execute("SELECT count(*) FROM cards WHERE gid IN (SELECT gid FROM reset_gids)").fetchone()[0]
            c.execute("DELETE FROM cards WHERE gid IN (SELECT gid FROM reset_gids)")
            # a question also answered in other quizzes keeps the schedule those answers give it
            derived.replay_cards(c, self.scheduler, [g for g in affected if g not in set(chosen)])
            c.execute("DELETE FROM reset_gids")
            derived.rebuild_all(c)
            return ResetSummary(backup, removed, sessions, int(cards))

        result = self._write(go, None)
        self._sessions.clear()
        return result


_PASSING = frozenset({db.LOCKED, db.FULL, db.READONLY, db.OTHER})
"""Write failures that can pass while the tutor runs (a damaged file stays damaged until it is set aside)."""


def session_problem(state: SessionState, course: Course) -> str | None:
    """Why a saved session can no longer be continued with this course, or None when it can."""
    for item in state.items:
        case = course.cases.get(item.case_id)
        if case is None:
            return db._say("store.no_case", case=item.case_id)
        for qid in item.questions or ():
            if course.question(f"{case.id}/{qid}") is None:
                return db._say("store.no_question", gid=f"{case.id}/{qid}")
        if item.start_step and case.step(item.start_step) is None:
            return db._say("store.no_step", step=item.start_step, case=case.id)
    if state.phase in ("start", "done"):
        return None
    if not 0 <= state.item_index < len(state.items):
        return db._say("store.no_place")
    item = state.items[state.item_index]
    case = course.cases[item.case_id]
    step = case.step(state.step_id)
    if step is None:
        return db._say("store.no_step", step=state.step_id, case=case.id)
    if state.phase in ("decision", "decision_confirm"):
        return None if step.decision is not None else db._say("store.no_decision", case=case.id)
    limit = len(item.questions) if item.questions is not None else len(step.questions)
    if not 0 <= state.question_index < limit:
        return db._say("store.no_stopped_question", case=case.id)
    return None


def _course_gids(course: Course) -> set[str]:
    return {q.gid for case in course.cases.values() for q in case.questions}




def _why_not_saved(problem: str | None) -> str:
    """The store's problem as the reason an import saved nothing."""
    still = db.still_works()
    reason = problem.replace(" " + still, "").replace(still, "").strip() if problem else ""
    return reason or db._say("store.cannot_save_now")
