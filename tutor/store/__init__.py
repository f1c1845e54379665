"""Progress that is never lost: sessions, attempts, spaced repetition and stats, in SQLite.

No Textual here: the faces (the app, plain mode, the command line) call this package.

    store = open_store()                       # never raises; see store.problem / store.notice
    saver = Saver(store, course)               # after every engine turn: saver.submit(engine, now);
                                               # written in the background; saver.close(now) at the end
    new, due = store.due_counts(course, now)
    gids = store.due_questions(course, now)    # -> Engine.for_questions(..., quiz_id="review")
    stats = store.stats(course, now)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import open_store
    from .rating import rating_for
    from .saver import Ending, Saver, SaveReport
    from .sink import SessionSink
    from .stats import DayAccuracy, ForecastDay, MisconceptionCount, Stats, TopicMastery
    from .store import ResetSummary, Store, session_problem

_HOMES = {
    "open_store": "db", "rating_for": "rating", "Ending": "saver", "SaveReport": "saver", "Saver": "saver",
    "SessionSink": "sink", "DayAccuracy": "stats",
    "ForecastDay": "stats", "MisconceptionCount": "stats", "Stats": "stats", "TopicMastery": "stats",
    "ResetSummary": "store", "Store": "store", "session_problem": "store",
}
"""Each name's module. They are imported on first use: the app shows its first question before
it needs SQLite, and `rating_for` needs fsrs, which only grading a turn does."""

__all__ = [
    "DayAccuracy", "Ending", "ForecastDay", "SaveReport", "Saver",
    "MisconceptionCount", "ResetSummary", "SessionSink", "Stats", "Store",
    "TopicMastery", "open_store", "rating_for", "session_problem",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
