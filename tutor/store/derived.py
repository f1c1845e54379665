"""The derived tables and the cards: kept current on every attempt, rebuilt from the attempts on demand.

Everything here runs inside the caller's transaction, on the connection it is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .convert import dumps, id_list, named, parse_ts, ts

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

RECENT = 3
"""How many of a question's latest first answers its mastery is measured on."""


def _floats(text: str) -> list[float]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return [float(v) for v in value if isinstance(v, int | float)] if isinstance(value, list) else []


def recent_credits(text: str) -> list[float]:
    """The stored list of a question's latest first-answer credits."""
    return _floats(text)


def count_attempt(
    c: sqlite3.Connection, *, gid: str, hash_: str, at: str, credit: float, correct: bool,
    misconceptions: Iterable[str],
) -> None:
    """Add one new attempt to the derived tables."""
    row = c.execute("SELECT recent, last_at FROM question_progress WHERE gid = ?", (gid,)).fetchone()
    if row is not None and at < row[1]:
        rebuild_progress(c, [gid])  # an answer older than the latest (a merge): recount this question
    else:
        recent = ([*_floats(row[0]), credit] if row is not None else [credit])[-RECENT:]
        c.execute(
            "INSERT INTO question_progress (gid, attempts, correct, recent, last_at, last_hash) "
            "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (gid) DO UPDATE SET attempts = attempts + 1, "
            "correct = correct + excluded.correct, recent = excluded.recent, last_at = excluded.last_at, "
            "last_hash = excluded.last_hash",
            (gid, int(correct), dumps(recent), at, hash_),
        )
    c.execute(
        "INSERT INTO daily (day, attempts, correct, credit) VALUES (?, 1, ?, ?) ON CONFLICT (day) DO UPDATE SET "
        "attempts = attempts + 1, correct = correct + excluded.correct, credit = credit + excluded.credit",
        (at[:10], int(correct), credit),
    )
    for mid in dict.fromkeys(misconceptions):
        c.execute(
            "INSERT INTO misconception_counts (gid, mid, count, last_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT (gid, mid) DO UPDATE SET count = count + 1, last_at = max(last_at, excluded.last_at)",
            (gid, mid, at),
        )


def rebuild_progress(c: sqlite3.Connection, gids: Iterable[str]) -> None:
    """Recount question_progress for some questions from their attempts."""
    for gid in gids:
        rows = list(named(c, "SELECT credit, verdict, skipped, at, hash FROM attempts WHERE gid = ? ORDER BY at, id",
                          (gid,)))
        c.execute("DELETE FROM question_progress WHERE gid = ?", (gid,))
        if rows:
            correct = sum(1 for r in rows if r["verdict"] == "correct" and not r["skipped"])
            recent = [float(r["credit"]) for r in rows[-RECENT:]]
            c.execute(
                "INSERT INTO question_progress (gid, attempts, correct, recent, last_at, last_hash) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (gid, len(rows), correct, dumps(recent), rows[-1]["at"], rows[-1]["hash"]),
            )


def rebuild_all(c: sqlite3.Connection) -> None:
    """Recount every derived table from the attempts (after an import or a reset)."""
    c.execute("DELETE FROM question_progress")
    c.execute("DELETE FROM daily")
    c.execute("DELETE FROM misconception_counts")
    progress: dict[str, list[float]] = defaultdict(list)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    last: dict[str, tuple[str, str]] = {}
    hits: dict[tuple[str, str], int] = defaultdict(int)
    latest: dict[tuple[str, str], str] = {}
    for row in named(c, "SELECT gid, credit, verdict, skipped, at, hash, misconceptions FROM attempts "
                        "ORDER BY gid, at, id"):
        gid, at = row["gid"], row["at"]
        progress[gid].append(float(row["credit"]))
        totals[gid][0] += 1
        totals[gid][1] += int(row["verdict"] == "correct" and not row["skipped"])
        last[gid] = (at, row["hash"])
        if row["misconceptions"] != "[]":
            for mid in dict.fromkeys(id_list(row["misconceptions"])):
                hits[gid, mid] += 1
                latest[gid, mid] = max(latest.get((gid, mid), at), at)
    c.executemany(
        "INSERT INTO question_progress (gid, attempts, correct, recent, last_at, last_hash) VALUES (?, ?, ?, ?, ?, ?)",
        [(gid, totals[gid][0], totals[gid][1], dumps(credits[-RECENT:]), last[gid][0], last[gid][1])
         for gid, credits in progress.items()],
    )
    c.execute(
        "INSERT INTO daily (day, attempts, correct, credit) SELECT day, count(*), "
        "sum(verdict = 'correct' AND NOT skipped), sum(credit) FROM attempts GROUP BY day"
    )
    c.executemany(
        "INSERT INTO misconception_counts (gid, mid, count, last_at) VALUES (?, ?, ?, ?)",
        [(gid, mid, count, latest[gid, mid]) for (gid, mid), count in hits.items()],
    )


# cards --------------------------------------------------------------------------------------------

def load_card(c: sqlite3.Connection, gid: str) -> Card | None:
    from fsrs import Card

    row = c.execute("SELECT card FROM cards WHERE gid = ?", (gid,)).fetchone()
    if row is None:
        return None
    try:
        return Card.from_dict(json.loads(row[0]))
    except (TypeError, ValueError, KeyError):
        return None  # unreadable: the question starts a new schedule rather than crash


def review(
    c: sqlite3.Connection, scheduler: Scheduler, *, gid: str, hash_: str, rating: int, at: datetime,
    seconds: float = 0.0,
) -> Card:
    """Review a question's card with the rating its first answer earned, at `at`."""
    from fsrs import Rating

    from .rating import new_card

    moment = at.astimezone(UTC)
    card = load_card(c, gid) or new_card(gid, moment)
    duration = int(seconds * 1000) if seconds > 0 else None
    card, _log = scheduler.review_card(card, Rating(rating), moment, duration)
    save_card(c, gid, hash_, card, ts(moment), reviews_delta=1)
    return card


def save_card(
    c: sqlite3.Connection, gid: str, hash_: str, card: Card, updated: str, *, reviews_delta: int = 0,
    reviews: int | None = None,
) -> None:
    due = ts(card.due if card.due.tzinfo else card.due.replace(tzinfo=UTC))
    if reviews is not None:
        c.execute(
            "INSERT OR REPLACE INTO cards (gid, hash, due, reviews, updated, card) VALUES (?, ?, ?, ?, ?, ?)",
            (gid, hash_, due, reviews, updated, dumps(card.to_dict())),
        )
        return
    c.execute(
        "INSERT INTO cards (gid, hash, due, reviews, updated, card) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (gid) DO UPDATE SET hash = excluded.hash, due = excluded.due, "
        "reviews = reviews + ?, updated = excluded.updated, card = excluded.card",
        (gid, hash_, due, reviews_delta, updated, dumps(card.to_dict()), reviews_delta),
    )


def replay_cards(c: sqlite3.Connection, scheduler: Scheduler, gids: Iterable[str]) -> None:
    """Rebuild cards from their questions' attempts in time order (after a merge or a partial reset)."""
    from fsrs import Rating

    from .rating import new_card

    for gid in gids:
        rows = list(named(c, "SELECT rating, at, seconds, hash FROM attempts WHERE gid = ? ORDER BY at, id", (gid,)))
        c.execute("DELETE FROM cards WHERE gid = ?", (gid,))
        if not rows:
            continue
        card = new_card(gid, parse_ts(rows[0]["at"]))
        for row in rows:
            seconds = row["seconds"]
            duration = int(seconds * 1000) if seconds > 0 else None
            card, _log = scheduler.review_card(card, Rating(int(row["rating"])), parse_ts(row["at"]), duration)
        save_card(c, gid, rows[-1]["hash"], card, rows[-1]["at"], reviews=len(rows))
