"""Portable progress: export to JSON (everything, losslessly) or CSV (for a spreadsheet), and import.

Import merges: sessions, attempts, contests and flags are identified by their uuid, so importing
the same file twice, or progress that came from this machine, adds nothing. A question's schedule
is taken from the file when this store has none for it; when both sides have answered it, it is
rebuilt from all the answers in time order. Reading the file is bounded (import_read.py) and each
value is checked (import_values.py): a bad record is skipped, counted and named, never fatal.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..safe_text import json_text
from . import import_values as v
from .convert import dumps, id_list
from .csv_cells import MARK_FIELD, neutralise
from .derived import rebuild_all, replay_cards, save_card
from .import_read import FORMAT, VERSION, parse_import

if TYPE_CHECKING:
    from fsrs import Scheduler

__all__ = ["CSV_FIELDS", "FORMAT", "VERSION", "ImportSummary", "export_csv", "export_json", "merge", "parse_import"]

CSV_FIELDS = (
    "kind", "uuid", "session", "quiz_id", "gid", "hash", "topic", "at", "answer", "verdict", "credit",
    "coverage", "hints", "moves", "misconceptions", "skipped", "contested", "confidence", "seconds",
    "rating", "comment", "title", "mode", "updated", "finished", "outcome", "answered", "score", MARK_FIELD,
)
"""One CSV table for instructors: a row per session (kind=session; `at` is when it started),
attempt, contest (kind=contest) and flag (kind=flag). `escaped` names the cells given a leading
quote against formula injection (csv_cells.py)."""

SHOWN_REASONS = 5
"""How many skipped records the summary names one by one."""


@dataclass
class ImportSummary:
    sessions: int = 0
    attempts: int = 0
    contests: int = 0
    flags: int = 0
    cards: int = 0
    """Questions whose schedule was taken from the file or rebuilt."""
    duplicates: int = 0
    """Records already here, skipped."""
    invalid: int = 0
    """Records the file has that could not be read, skipped."""
    reasons: list[str] = field(default_factory=list)
    """Why each skipped record was skipped, where it is in the file ("line 3: credit is not a number")."""
    failed: str = ""
    """Why nothing was saved, when nothing could be."""

    def skip(self, where: str, why: str, count: int = 1) -> None:
        self.invalid += count
        if len(self.reasons) < SHOWN_REASONS:  # the rest are counted, not kept
            self.reasons.append(f"{where}: {why}" if where else why)

    def __str__(self) -> str:
        if self.failed:
            return f"Nothing was imported: {self.failed}"
        parts = [_count(self.attempts, "answer"), _count(self.sessions, "session"),
                 _count(self.contests, "contested verdict"), _count(self.flags, "flag")]
        text = "Imported " + ", ".join(parts) + "."
        if self.duplicates:
            text += f" {self.duplicates} already here were skipped."
        if self.invalid:
            shown = "; ".join(self.reasons[:SHOWN_REASONS])
            more = self.invalid - len(self.reasons)
            text += f" Skipped {self.invalid} unreadable record{'s' if self.invalid != 1 else ''}: {shown}"
            text += f"; and {more} more." if more > 0 else "."
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# the learner ---------------------------------------------------------------------------------------

LEARNER_KEY = "learner"
"""The meta key of this store's learner id: a random uuid, made once, so that an instructor reading
a class's exports keeps each student apart however their files are named (`tutor class`)."""


def learner_id(c: sqlite3.Connection) -> str | None:
    """This store's learner id, or None before the first export made one."""
    row = c.execute("SELECT value FROM meta WHERE key = ?", (LEARNER_KEY,)).fetchone()
    return str(row[0]) if row else None


def ensure_learner(c: sqlite3.Connection, adopt: str | None = None) -> str:
    """This store's learner id, made now (or taken from `adopt`, an imported file's) when it has none."""
    c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (LEARNER_KEY, adopt or str(uuid.uuid4())))
    found = learner_id(c)
    assert found is not None
    return found


# export ---------------------------------------------------------------------------------------------

def export_json(c: sqlite3.Connection) -> str:
    uuids = {sid: uid for sid, uid in c.execute("SELECT id, uuid FROM sessions")}
    sessions = [
        {"uuid": uid, "quiz_id": quiz, "title": title, "mode": mode, "started": started, "updated": updated,
         "finished": finished, "outcome": outcome, "answered": answered, "score": score,
         "state": _json_or_none(state)}
        for uid, quiz, title, mode, started, updated, finished, outcome, answered, score, state in c.execute(
            "SELECT uuid, quiz_id, title, mode, started, updated, finished, outcome, answered, score, state "
            "FROM sessions ORDER BY started, uuid")
    ]
    attempts = [
        {"uuid": uid, "session": uuids.get(sid), "quiz_id": quiz, "gid": gid, "hash": hash_, "topic": topic,
         "at": at, "answer": answer, "verdict": verdict, "credit": credit, "coverage": coverage, "hints": hints,
         "moves": id_list(moves), "misconceptions": id_list(mids), "skipped": bool(skipped),
         "contested": bool(contested), "confidence": confidence, "seconds": seconds, "rating": rating}
        for (uid, sid, quiz, gid, hash_, topic, at, answer, verdict, credit, coverage, hints, moves, mids,
             skipped, contested, confidence, seconds, rating) in c.execute(
            "SELECT uuid, session_id, quiz_id, gid, hash, topic, at, answer, verdict, credit, coverage, hints, "
            "moves, misconceptions, skipped, contested, confidence, seconds, rating FROM attempts ORDER BY at, uuid")
    ]
    cards = [
        {"gid": gid, "hash": hash_, "due": due, "reviews": reviews, "updated": updated, "card": _json_or_none(card)}
        for gid, hash_, due, reviews, updated, card in c.execute(
            "SELECT gid, hash, due, reviews, updated, card FROM cards ORDER BY gid")
    ]
    contests = [
        {"uuid": uid, "session": uuids.get(sid), "gid": gid, "answer": answer, "verdict": verdict,
         "comment": comment, "at": at}
        for uid, sid, gid, answer, verdict, comment, at in c.execute(
            "SELECT uuid, session_id, gid, answer, verdict, comment, at FROM contests ORDER BY at, uuid")
    ]
    flags = [
        {"uuid": uid, "session": uuids.get(sid), "gid": gid, "comment": comment, "at": at}
        for uid, sid, gid, comment, at in c.execute(
            "SELECT uuid, session_id, gid, comment, at FROM flags ORDER BY at, uuid")
    ]
    learner = learner_id(c)
    # `learner` is optional (older exports have none): readers of version 1 ignore keys they do not know.
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION, **({"learner": learner} if learner else {})}
    doc = {**head, "sessions": sessions, "attempts": attempts, "cards": cards,
           "contests": contests, "flags": flags}
    # A store may hold a NaN or an infinity from before imports were checked: written as JSON
    # they would be the non-standard `NaN` and `Infinity`, which other readers refuse.
    # json_text: C1, bidi and zero-width characters as \u escapes (the same JSON), for a terminal.
    return json_text(json.dumps(_finite(doc), ensure_ascii=False, indent=1, allow_nan=False)) + "\n"


def export_csv(c: sqlite3.Connection) -> str:
    data = json.loads(export_json(c))
    out = io.StringIO()
    # RFC 4180's CRLF: the csv module then quotes a cell holding a lone CR, which it would
    # otherwise write bare, breaking the row for every reader (its own included).
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    rows: list[dict[str, Any]] = []
    # Sessions first, so that an import links each attempt to its session (the CSV has no saved
    # state: a session imported from it can be looked at, not continued).
    for s in data["sessions"]:
        rows.append({**s, "kind": "session", "at": s["started"], "state": None})
    for a in data["attempts"]:
        rows.append({
            **a, "kind": "attempt", "session": a["session"] or "", "moves": " ".join(a["moves"]),
            "misconceptions": " ".join(a["misconceptions"]), "skipped": int(a["skipped"]),
            "contested": int(a["contested"]),
        })
    for x in data["contests"]:
        rows.append({**x, "kind": "contest", "session": x["session"] or ""})
    for f in data["flags"]:
        rows.append({**f, "kind": "flag", "session": f["session"] or ""})
    for row in rows:
        writer.writerow(neutralise({k: row.get(k) for k in CSV_FIELDS if k != MARK_FIELD}))
    return out.getvalue()


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinity replaced by None (nesting is bounded by what import allows)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_finite(x) for x in value]
    return value


def _json_or_none(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def merge(c: sqlite3.Connection, doc: dict[str, Any], scheduler: Scheduler) -> ImportSummary:
    """Merge an exported document into the open transaction of `c`."""
    summary = ImportSummary()
    # A store that never had a learner id takes the file's: progress moved to a new machine stays
    # the same learner's.
    try:
        theirs = v.text(doc, "learner")
    except v.Bad:
        theirs = ""
    if theirs and learner_id(c) is None:
        ensure_learner(c, theirs)
    unreadable = [str(x) for x in doc.get("unreadable") or []]
    for reason in unreadable:
        summary.skip("", reason)
    if int(doc.get("unreadable_count") or 0) > len(unreadable):
        summary.invalid += int(doc["unreadable_count"]) - len(unreadable)
    session_ids = _merge_sessions(c, _rows(doc, "sessions", summary), summary)

    def local_session(uid: str) -> int | None:
        if not uid:
            return None
        if uid not in session_ids:
            row = c.execute("SELECT id FROM sessions WHERE uuid = ?", (uid,)).fetchone()
            session_ids[uid] = int(row[0]) if row else None
        return session_ids[uid]

    had_cards = {gid for (gid,) in c.execute("SELECT gid FROM cards")}
    touched: set[str] = set()
    for a in _rows(doc, "attempts", summary):
        try:
            at = v.moment(a, "at")
            assert at is not None
            values = (
                v.text(a, "uuid", required=True), local_session(v.text(a, "session")), v.text(a, "quiz_id"),
                v.text(a, "gid", required=True), v.text(a, "hash"), v.text(a, "topic"), at, at[:10],
                v.text(a, "answer", limit=v.MAX_ANSWER), v.text(a, "verdict", required=True),
                v.number(a, "credit", low=0, high=1), v.number(a, "coverage", low=0, high=1),
                v.whole(a, "hints", low=0, high=1000), dumps(v.ids(a, "moves")),
                dumps(v.ids(a, "misconceptions")), v.flag(a, "skipped"), v.flag(a, "contested"),
                v.text(a, "confidence"), v.number(a, "seconds", low=0, high=v.MAX_SECONDS),
                v.whole(a, "rating", low=1, high=4, default=None),
            )
        except v.Bad as why:
            summary.skip(_where(a), str(why))
            continue
        cur = c.execute(
            "INSERT INTO attempts (uuid, session_id, quiz_id, gid, hash, topic, at, day, answer, verdict, credit, "
            "coverage, hints, moves, misconceptions, skipped, contested, confidence, seconds, rating) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
            values,
        )
        if cur.rowcount:
            summary.attempts += 1
            touched.add(values[3])
        else:
            summary.duplicates += 1
            if values[16]:
                c.execute("UPDATE attempts SET contested = 1 WHERE uuid = ?", (values[0],))

    for x in _rows(doc, "contests", summary):
        try:
            values2 = (v.text(x, "uuid", required=True), local_session(v.text(x, "session")),
                       v.text(x, "gid", required=True), v.text(x, "answer", limit=v.MAX_ANSWER),
                       v.text(x, "verdict"), v.text(x, "comment", limit=v.MAX_ANSWER), v.moment(x, "at"))
        except v.Bad as why:
            summary.skip(_where(x), str(why))
            continue
        cur = c.execute("INSERT INTO contests (uuid, session_id, gid, answer, verdict, comment, at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING", values2)
        summary.contests += cur.rowcount
        summary.duplicates += 1 - cur.rowcount

    for f in _rows(doc, "flags", summary):
        try:
            values3 = (v.text(f, "uuid", required=True), local_session(v.text(f, "session")),
                       v.text(f, "gid", required=True), v.text(f, "comment", limit=v.MAX_ANSWER), v.moment(f, "at"))
        except v.Bad as why:
            summary.skip(_where(f), str(why))
            continue
        cur = c.execute("INSERT INTO flags (uuid, session_id, gid, comment, at) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT (uuid) DO NOTHING", values3)
        summary.flags += cur.rowcount
        summary.duplicates += 1 - cur.rowcount

    # Schedules: the file's card where this store had none; rebuilt from every answer where both
    # sides answered the question; untouched otherwise.
    from fsrs import Card

    taken: set[str] = set()
    for k in _rows(doc, "cards", summary):
        try:
            gid = v.text(k, "gid", required=True)
            if gid in had_cards:
                continue
            updated = v.moment(k, "updated")
            reviews = v.whole(k, "reviews", low=0, high=10**6)
            if not isinstance(k.get("card"), dict) or len(dumps(k["card"])) > 10_000:
                raise v.Bad("card is not a schedule")
            try:
                card = Card.from_dict(k["card"])
                json.dumps(card.to_dict(), allow_nan=False)
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
                raise v.Bad("card is not a schedule the tutor can read") from None
            assert updated is not None and reviews is not None
            save_card(c, gid, v.text(k, "hash"), card, updated, reviews=reviews)
            taken.add(gid)
        except (v.Bad, OverflowError, ValueError) as why:
            summary.skip(_where(k), str(why))
    to_replay = sorted(touched - taken)
    replay_cards(c, scheduler, to_replay)
    summary.cards = len(taken) + len(to_replay)
    if summary.attempts:
        rebuild_all(c)
    return summary


def _merge_sessions(c: sqlite3.Connection, sessions: list[dict[str, Any]], summary: ImportSummary
                    ) -> dict[str, int | None]:
    ids: dict[str, int | None] = {}
    for s in sessions:
        try:
            uid = v.text(s, "uuid", required=True)
            started = v.moment(s, "started")
            assert started is not None
            updated = v.moment(s, "updated", required=False) or started
            finished = v.moment(s, "finished", required=False)
            state = s.get("state")
            if state is None and finished is None:
                # From a CSV, which has no saved state: the session cannot be continued here, so
                # it is kept as finished when it was last updated (its answers are all there).
                finished = updated
            state_text = state if isinstance(state, str) else dumps(state if state is not None else {})
            if len(state_text) > v.MAX_STATE:
                raise v.Bad(f"state is {len(state_text):,} characters long (the limit is {v.MAX_STATE:,})")
            values = (
                v.text(s, "quiz_id"), v.text(s, "title", limit=v.MAX_ANSWER), v.text(s, "mode") or "tutor",
                started, updated, finished, v.text(s, "outcome"), v.whole(s, "answered", low=0, high=10**6),
                v.number(s, "score", low=0, high=100, default=None), state_text,
            )
        except v.Bad as why:
            summary.skip(_where(s), str(why))
            continue
        row = c.execute("SELECT id, updated FROM sessions WHERE uuid = ?", (uid,)).fetchone()
        if row is None:
            cur = c.execute(
                "INSERT INTO sessions (uuid, quiz_id, title, mode, started, updated, finished, outcome, answered, "
                "score, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (uid, *values))
            ids[uid] = int(cur.lastrowid or 0)
            summary.sessions += 1
            continue
        ids[uid] = int(row[0])
        summary.duplicates += 1
        if values[4] > row[1]:  # the file's copy of this session went further: keep it
            c.execute(
                "UPDATE sessions SET quiz_id = ?, title = ?, mode = ?, started = ?, updated = ?, finished = ?, "
                "outcome = ?, answered = ?, score = ?, state = ? WHERE id = ?", (*values, row[0]))
    return ids


def _rows(doc: dict[str, Any], key: str, summary: ImportSummary) -> list[dict[str, Any]]:
    """The records under `key`; anything else there is skipped and counted."""
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        summary.skip("", f"{key} is not a list of records")
        return []
    rows = []
    for n, x in enumerate(value, 1):
        if isinstance(x, dict):
            rows.append(x)
        else:
            summary.skip(f"{key[:-1]} {n}", "not a record")
    return rows


def _where(record: dict[str, Any]) -> str:
    return str(record.get("_where") or "")
