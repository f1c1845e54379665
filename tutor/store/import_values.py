"""Checking each value of imported progress before it reaches the store.

An import file comes from elsewhere (another machine, a student, a spreadsheet) and may have been
edited or forged. Every value is checked for its type and a sane range here, so that a bad record
is skipped with a reason a person can act on ("credit is not a number") instead of stopping the
whole import with an OverflowError, a raw SQL constraint message, or a NaN stored for good.
"""

from __future__ import annotations

import math
from datetime import UTC
from typing import Any

from ..safe_text import visible
from .convert import parse_ts, ts

MAX_ID = 300
"""Ids, uuids, hashes, topics: far longer than any the tutor writes."""
MAX_ANSWER = 10_000
"""An answer or comment: the tutor keeps at most 2,000 characters of what a learner types."""
MAX_IDS = 1_000
"""Moves or misconceptions of one attempt."""
MAX_STATE = 1_000_000
"""A saved session's state, as JSON text."""
MAX_SECONDS = 10.0 ** 9
"""Time on one answer: a terminal left open for years is still a finite, storable number."""
FIRST_YEAR, LAST_YEAR = 1970, 2999
"""Times outside these years are not times the tutor wrote (year 1 does not even print in the
fixed-width form the store sorts by, and year 9999 overflows when moved to UTC)."""


class Bad(ValueError):
    """One value of one record cannot be imported; the message names the field."""


def text(record: dict[str, Any], key: str, *, limit: int = MAX_ID, required: bool = False) -> str:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise Bad(f"{key} is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Bad(f"{key} is not text")
    value = str(value)
    if len(value) > limit:
        raise Bad(f"{key} is {len(value):,} characters long (the limit is {limit:,})")
    if visible(value) != value:
        # The tutor never stores these (it turns them into spaces as the learner types), so a
        # file holding them was forged, and they would reach the terminal from the store later.
        raise Bad(f"{key} holds a control or invisible character")
    return value


def number(record: dict[str, Any], key: str, *, low: float, high: float, default: float | None = 0.0
           ) -> float | None:
    value = record.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise Bad(f"{key} is not a number")
    if isinstance(value, str):
        try:
            value = float(value) if len(value) <= 40 else math.nan
        except ValueError:
            raise Bad(f"{key} is not a number") from None
    if not isinstance(value, (int, float)):
        raise Bad(f"{key} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise Bad(f"{key} is not a finite number ({value})")
    if not low <= value <= high:
        raise Bad(f"{key} is out of range ({_short(value)}; expected {low:g} to {high:g})")
    return float(value)


def whole(record: dict[str, Any], key: str, *, low: int, high: int, default: int | None = 0) -> int | None:
    value = record.get(key)
    if value is None or value == "":
        if default is None:
            raise Bad(f"{key} is missing")
        return default
    if isinstance(value, str) and len(value) <= 20:
        try:
            value = int(value)
        except ValueError:
            raise Bad(f"{key} is not a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad(f"{key} is not a whole number")
    if not low <= value <= high:
        raise Bad(f"{key} is out of range ({_short(value)}; expected {low} to {high})")
    return value


def flag(record: dict[str, Any], key: str) -> int:
    value = record.get(key)
    if value in (None, "", False, 0, "0", "false", "False"):
        return 0
    if value in (True, 1, "1", "true", "True"):
        return 1
    raise Bad(f"{key} is neither true nor false")


def moment(record: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise Bad(f"{key} is missing")
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise Bad(f"{key} is not a time")
    try:
        when = parse_ts(value)
    except (ValueError, OverflowError):
        raise Bad(f"{key} is not a time ({value!r})") from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise Bad(f"{key} is not a plausible time (year {when.year})")
    try:
        return ts(when.astimezone(UTC))
    except (ValueError, OverflowError):
        raise Bad(f"{key} is not a time ({value!r})") from None


def ids(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None or value == "":
        return []
    items = value.split() if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > MAX_IDS:
        raise Bad(f"{key} is not a list of at most {MAX_IDS} ids")
    out = []
    for item in items:
        if not isinstance(item, (str, int)) or isinstance(item, bool) or len(str(item)) > MAX_ID:
            raise Bad(f"{key} holds something that is not an id")
        out.append(str(item))
    return out


def _short(value: float) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 24 else f"a number of {len(text)} digits"
