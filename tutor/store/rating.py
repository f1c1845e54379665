"""Spaced repetition: the rating a first answer earns, and the scheduler that turns it into a date.

The schedule works in days, not minutes: a tutoring session is not a flashcard drill, and a
missed question can be retried at once from the summary. So the scheduler has no learning or
relearning steps: every answer moves a question straight to its next day (about one day after
Again or Hard, two after Good, eight after Easy for a new question, then growing).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from ..engine.state import Record


def rating_for(record: Record) -> Rating:
    """The rating of a question from its FIRST answer only (DECISIONS.md, "Progress and scheduling").

    incorrect (and skipped, and unclear) -> Again; partial, or correct after a hint, or correct
    but "guessing" -> Hard; correct -> Good; correct, no hint, "sure" -> Easy. Help from the
    dialogue after the first answer never raises it.
    """
    if record.skipped:
        return Rating.Again
    if record.verdict == "correct":
        if record.hints_before > 0 or record.confidence == "guessing":
            return Rating.Hard
        if record.confidence == "sure":
            return Rating.Easy
        return Rating.Good
    if record.verdict == "partial":
        return Rating.Hard
    return Rating.Again


def make_scheduler(*, fuzz: bool = True) -> Scheduler:
    """The tutor's scheduler; tests pass `fuzz=False` (fsrs draws its fuzz from `random`)."""
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=fuzz)


def card_id(gid: str) -> int:
    """A stable card id for a question (fsrs would otherwise read the clock and sleep)."""
    return int.from_bytes(hashlib.blake2b(gid.encode("utf-8"), digest_size=6).digest(), "big")


def new_card(gid: str, now: datetime) -> Card:
    return Card(card_id=card_id(gid), due=now)
