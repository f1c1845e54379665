"""Portable progress: export to JSON (everything, losslessly) or CSV (for a spreadsheet), and import.

Import merges: sessions, attempts, contests and flags are identified by their uuid, so importing
the same file twice, or progress that came from this machine, adds nothing. A question's schedule
is taken from the file when this store has none for it; when both sides have answered it, it is
rebuilt from all the answers in time order.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .convert import dumps, id_list, normal_ts
from .derived import rebuild_all, replay_cards, save_card

if TYPE_CHECKING:
    from fsrs import Scheduler

FORMAT = "ledvt-tutor-progress"
VERSION = 1

CSV_FIELDS = (
    "kind", "uuid", "session", "quiz_id", "gid", "hash", "topic", "at", "answer", "verdict", "credit",
    "coverage", "hints", "moves", "misconceptions", "skipped", "contested", "confidence", "seconds",
    "rating", "comment",
)
"""One CSV table for instructors: a row per attempt, contest (kind=contest) and flag (kind=flag)."""


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
    failed: str = ""
    """Why nothing was saved, when nothing could be."""

    def __str__(self) -> str:
        if self.failed:
            return f"Nothing was imported: {self.failed}"
        parts = [f"{self.attempts} answers", f"{self.sessions} sessions", f"{self.contests} contested verdicts",
                 f"{self.flags} flags"]
        text = "Imported " + ", ".join(parts) + "."
        if self.duplicates:
            text += f" {self.duplicates} already here were skipped."
        if self.invalid:
            text += f" {self.invalid} unreadable records were skipped."
        return text


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
    doc = {"format": FORMAT, "version": VERSION, "sessions": sessions, "attempts": attempts, "cards": cards,
           "contests": contests, "flags": flags}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def export_csv(c: sqlite3.Connection) -> str:
    data = json.loads(export_json(c))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for a in data["attempts"]:
        writer.writerow({
            **a, "kind": "attempt", "session": a["session"] or "", "moves": " ".join(a["moves"]),
            "misconceptions": " ".join(a["misconceptions"]), "skipped": int(a["skipped"]),
            "contested": int(a["contested"]),
        })
    for x in data["contests"]:
        writer.writerow({**x, "kind": "contest", "session": x["session"] or ""})
    for f in data["flags"]:
        writer.writerow({**f, "kind": "flag", "session": f["session"] or ""})
    return out.getvalue()


def _json_or_none(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


# import ---------------------------------------------------------------------------------------------

def parse_import(source: str | Path) -> dict[str, Any]:
    """Read exported progress (a path, or the JSON or CSV text) into the JSON document's shape."""
    text = _read_source(source)
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{"):
        try:
            doc = json.loads(stripped)
        except ValueError as error:
            raise ValueError(f"this is not exported progress: the JSON is broken ({error})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("this JSON is not progress exported by the tutor (`tutor progress export`)")
        if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
            raise ValueError("this progress was exported by a newer version of the tutor; update it first")
        return doc
    if stripped.startswith("kind,"):
        return _csv_document(stripped)
    raise ValueError("this is not exported progress: expected the JSON or CSV that `tutor progress export` writes")


def _read_source(source: str | Path) -> str:
    if isinstance(source, Path):
        return _read_file(source)
    if "\n" not in source and not source.lstrip().startswith(("{", "kind,")):
        return _read_file(Path(source))
    return source


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot be read ({error})") from None


def _csv_document(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "sessions": [], "attempts": [], "cards": [],
                           "contests": [], "flags": []}
    for row in csv.DictReader(io.StringIO(text)):
        kind = row.get("kind", "")
        session = row.get("session") or None
        if kind == "attempt":
            doc["attempts"].append({
                **row, "session": session, "moves": (row.get("moves") or "").split(),
                "misconceptions": (row.get("misconceptions") or "").split(),
                "skipped": row.get("skipped") in ("1", "true", "True"),
                "contested": row.get("contested") in ("1", "true", "True"),
            })
        elif kind == "contest":
            doc["contests"].append({**row, "session": session})
        elif kind == "flag":
            doc["flags"].append({**row, "session": session})
    return doc


def merge(c: sqlite3.Connection, doc: dict[str, Any], scheduler: Scheduler) -> ImportSummary:
    """Merge an exported document into the open transaction of `c`."""
    summary = ImportSummary()
    session_ids = _merge_sessions(c, _rows(doc, "sessions"), summary)

    def local_session(uid: Any) -> int | None:
        if not uid:
            return None
        if uid not in session_ids:
            row = c.execute("SELECT id FROM sessions WHERE uuid = ?", (str(uid),)).fetchone()
            session_ids[uid] = int(row[0]) if row else None
        return session_ids[uid]

    had_cards = {gid for (gid,) in c.execute("SELECT gid FROM cards")}
    touched: set[str] = set()
    for a in _rows(doc, "attempts"):
        try:
            at = normal_ts(a["at"])
            values = (
                str(a["uuid"]), local_session(a.get("session")), str(a.get("quiz_id") or ""), str(a["gid"]),
                str(a.get("hash") or ""), str(a.get("topic") or ""), at, at[:10], str(a.get("answer") or ""),
                str(a["verdict"]), float(a.get("credit") or 0), float(a.get("coverage") or 0),
                int(a.get("hints") or 0), dumps(_ids(a.get("moves"))), dumps(_ids(a.get("misconceptions"))),
                int(bool(a.get("skipped"))), int(bool(a.get("contested"))), str(a.get("confidence") or ""),
                float(a.get("seconds") or 0), _rating(a.get("rating")),
            )
        except (KeyError, TypeError, ValueError):
            summary.invalid += 1
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

    for x in _rows(doc, "contests"):
        try:
            values2 = (str(x["uuid"]), local_session(x.get("session")), str(x["gid"]), str(x.get("answer") or ""),
                       str(x.get("verdict") or ""), str(x.get("comment") or ""), normal_ts(x["at"]))
        except (KeyError, TypeError, ValueError):
            summary.invalid += 1
            continue
        cur = c.execute("INSERT INTO contests (uuid, session_id, gid, answer, verdict, comment, at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING", values2)
        summary.contests += cur.rowcount
        summary.duplicates += 1 - cur.rowcount

    for f in _rows(doc, "flags"):
        try:
            values3 = (str(f["uuid"]), local_session(f.get("session")), str(f["gid"]), str(f.get("comment") or ""),
                       normal_ts(f["at"]))
        except (KeyError, TypeError, ValueError):
            summary.invalid += 1
            continue
        cur = c.execute("INSERT INTO flags (uuid, session_id, gid, comment, at) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT (uuid) DO NOTHING", values3)
        summary.flags += cur.rowcount
        summary.duplicates += 1 - cur.rowcount

    # Schedules: the file's card where this store had none; rebuilt from every answer where both
    # sides answered the question; untouched otherwise.
    from fsrs import Card

    taken: set[str] = set()
    for k in _rows(doc, "cards"):
        try:
            gid = str(k["gid"])
            if gid in had_cards:
                continue
            card = Card.from_dict(k["card"])
            save_card(c, gid, str(k.get("hash") or ""), card, normal_ts(k["updated"]),
                      reviews=int(k.get("reviews") or 0))
            taken.add(gid)
        except (KeyError, TypeError, ValueError, AttributeError):
            summary.invalid += 1
    to_replay = sorted(touched - taken)
    replay_cards(c, scheduler, to_replay)
    summary.cards = len(taken) + len(to_replay)
    if summary.attempts:
        rebuild_all(c)
    return summary


def _merge_sessions(c: sqlite3.Connection, sessions: list[dict[str, Any]], summary: ImportSummary
                    ) -> dict[Any, int | None]:
    ids: dict[Any, int | None] = {}
    for s in sessions:
        try:
            uid = str(s["uuid"])
            state = s.get("state")
            values = (
                str(s.get("quiz_id") or ""), str(s.get("title") or ""), str(s.get("mode") or "tutor"),
                normal_ts(s["started"]), normal_ts(s.get("updated") or s["started"]),
                normal_ts(s["finished"]) if s.get("finished") else None, str(s.get("outcome") or ""),
                int(s.get("answered") or 0), float(s["score"]) if s.get("score") is not None else None,
                state if isinstance(state, str) else dumps(state if state is not None else {}),
            )
        except (KeyError, TypeError, ValueError):
            summary.invalid += 1
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


def _rows(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key) or []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []


def _rating(value: Any) -> int:
    rating = int(value)
    if not 1 <= rating <= 4:
        raise ValueError("rating out of range")
    return rating
