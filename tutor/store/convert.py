"""Converters between the store's rows and the tutor's plain data (times, id lists, named rows);
the attempts' own are declared with their columns in attempts.py.

Times are stored as fixed-width UTC text (`2026-05-09T07:35:25.000000Z`), so text order is time
order and an index on a time column serves range queries.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def ts(moment: datetime) -> str:
    """A timezone-aware datetime as stored text (UTC)."""
    if moment.tzinfo is None:
        raise ValueError("the store needs timezone-aware datetimes (tzinfo=UTC)")
    return moment.astimezone(UTC).strftime(_FORMAT)


def parse_ts(text: str) -> datetime:
    """Stored text (or any ISO 8601 time; naive ones are taken as UTC) as an aware datetime."""
    # fromisoformat reads the stored form too, many times faster than strptime (which matters
    # when `tutor class` reads a class's exports); strptime still reads the looser forms it alone
    # accepts (unpadded fields).
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def normal_ts(text: str) -> str:
    """Any accepted time text in the stored form (raises ValueError when it is not a time)."""
    return ts(parse_ts(str(text)))


def day_of(stamp: str) -> str:
    """The UTC day (YYYY-MM-DD) of a stored time."""
    return stamp[:10]


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def id_list(text: str) -> list[str]:
    """A stored JSON list of ids; anything unreadable is an empty list."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def named(c: sqlite3.Connection, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Iterator[sqlite3.Row]:
    """The rows of a query, each read by column name (sqlite3.Row), on a connection whose other
    queries keep returning tuples."""
    cur = c.cursor()
    cur.row_factory = sqlite3.Row
    return iter(cur.execute(sql, params))
