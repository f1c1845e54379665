"""Progress that is never lost: sessions, attempts, spaced repetition and stats, in SQLite.

No Textual here: the faces (the app, plain mode, the command line) call this package.

    store = open_store()                       # never raises; see store.problem / store.notice
    sink = SessionSink(store, course)          # after every engine turn: sink(engine, now)
    new, due = store.due_counts(course, now)
    gids = store.due_questions(course, now)    # -> Engine.for_questions(..., quiz_id="review")
    stats = store.stats(course, now)
"""

from __future__ import annotations

from .db import open_store
from .sink import SessionSink
from .stats import DayAccuracy, ForecastDay, MisconceptionCount, Stats, TopicMastery
from .store import ResetSummary, Store, session_problem

__all__ = [
    "DayAccuracy", "ForecastDay", "MisconceptionCount", "ResetSummary", "SessionSink", "Stats", "Store",
    "TopicMastery", "open_store", "rating_for", "session_problem",
]


def __getattr__(name: str) -> object:
    # rating_for needs fsrs, which start-up does not: import it on first use.
    if name == "rating_for":
        from .rating import rating_for

        return rating_for
    raise AttributeError(name)
