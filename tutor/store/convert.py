"""Converters between the store's rows and the tutor's plain data (times, records, attempts).

Times are stored as fixed-width UTC text (`2026-05-09T07:35:25.000000Z`), so text order is time
order and an index on a time column serves range queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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


@dataclass
class Attempt:
    """One stored answer to one question, as the learner's history shows it."""

    uuid: str
    gid: str
    at: datetime
    answer: str
    verdict: str
    credit: float
    """The first answer's credit."""
    coverage: float
    """How much of the answer was built by the end of the dialogue, with help."""
    hints: int
    """Hints taken before the first answer."""
    moves: list[str] = field(default_factory=list)
    misconceptions: list[str] = field(default_factory=list)
    skipped: bool = False
    contested: bool = False
    confidence: str = ""
    seconds: float = 0.0
    hash: str = ""
    """The question's graded hash when it was answered."""
    topic: str = ""
    quiz_id: str = ""
    rating: int = 1
    """The fsrs rating the first answer earned (1 Again, 2 Hard, 3 Good, 4 Easy)."""
    older_version: bool = False
    """True when the question has been edited since this answer was given."""


ATTEMPT_COLUMNS = (
    "uuid, gid, at, answer, verdict, credit, coverage, hints, moves, misconceptions, skipped, "
    "contested, confidence, seconds, hash, topic, quiz_id, rating"
)


def attempt_from_row(row: tuple[Any, ...], current_hash: str | None = None) -> Attempt:
    """A row selected with ATTEMPT_COLUMNS as an Attempt."""
    (uid, gid, at, answer, verdict, credit, coverage, hints, moves, misconceptions, skipped,
     contested, confidence, seconds, hash_, topic, quiz_id, rating) = row
    return Attempt(
        uuid=uid, gid=gid, at=parse_ts(at), answer=answer, verdict=verdict, credit=float(credit),
        coverage=float(coverage), hints=int(hints), moves=id_list(moves), misconceptions=id_list(misconceptions),
        skipped=bool(skipped), contested=bool(contested), confidence=confidence, seconds=float(seconds),
        hash=hash_, topic=topic, quiz_id=quiz_id, rating=int(rating),
        older_version=bool(current_hash) and bool(hash_) and hash_ != current_hash,
    )
