"""Statistics a learner can act on: where they are weak, how they are doing, what is coming due.

Computed from the small derived tables and the cards (one row per question or per day), so the
cost does not grow with the number of stored attempts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..model import Course
from .convert import ts, utc_day
from .derived import recent_credits

FORECAST_DAYS = 14
HISTORY_DAYS = 30
"""Accuracy over time shows the learner's latest days of practice, at most this many."""
TOP_MISCONCEPTIONS = 8


@dataclass
class TopicMastery:
    topic: str
    """The tag id (a modality for topics, a theme tag for themes)."""
    label: str
    mastery: float
    """0..1: the mean credit of the latest first answers (up to three per question) over the
    questions answered; 0 when none has been answered."""
    answered: int
    """Questions of this topic answered at least once."""
    questions: int
    """Questions of this topic in the course."""


@dataclass
class DayAccuracy:
    day: str
    """YYYY-MM-DD (UTC)."""
    attempts: int
    correct: int
    credit: float

    @property
    def accuracy(self) -> float:
        """The day's mean first-answer credit, 0..1."""
        return self.credit / self.attempts if self.attempts else 0.0


@dataclass
class ForecastDay:
    day: str
    """YYYY-MM-DD (UTC); the first day is today and includes everything overdue."""
    due: int


@dataclass
class MisconceptionCount:
    gid: str
    """The question the misconception belongs to."""
    misconception: str
    """Its id within the question."""
    count: int
    """How many first answers showed it."""
    prompt: str = ""
    """The question's prompt (Markdown from the course); empty when the question was removed."""
    feedback: str = ""
    """What the course says about the misconception (Markdown)."""
    removed: bool = False


@dataclass
class Stats:
    new: int
    """Questions of the course never answered."""
    due: int
    """Questions due for review now."""
    attempts: int
    """Answers stored in all."""
    topics: list[TopicMastery] = field(default_factory=list)
    themes: list[TopicMastery] = field(default_factory=list)
    days: list[DayAccuracy] = field(default_factory=list)
    """Oldest first."""
    forecast: list[ForecastDay] = field(default_factory=list)
    misconceptions: list[MisconceptionCount] = field(default_factory=list)
    """Most frequent first."""
    edited: list[str] = field(default_factory=list)
    """Questions answered before an edit: their history is from an older version."""
    removed: list[str] = field(default_factory=list)
    """Questions with stored progress that are no longer in the course."""

    @classmethod
    def empty(cls, course: Course, now: datetime) -> Stats:
        """What a learner with no stored progress sees."""
        today = utc_day(now)
        return cls(
            new=sum(len(c.questions) for c in course.cases.values()), due=0, attempts=0,
            topics=_masteries(course, {}, themes=False), themes=_masteries(course, {}, themes=True),
            forecast=[ForecastDay((today + timedelta(days=i)).isoformat(), 0) for i in range(FORECAST_DAYS)],
        )


def compute_stats(c: sqlite3.Connection, course: Course, now: datetime) -> Stats:
    gids = {q.gid: q for case in course.cases.values() for q in case.questions}
    progress: dict[str, list[float]] = {}
    edited: list[str] = []
    removed: set[str] = set()
    for gid, recent, last_hash in c.execute("SELECT gid, recent, last_hash FROM question_progress"):
        q = gids.get(gid)
        if q is None:
            removed.add(gid)
            continue
        progress[gid] = recent_credits(recent)
        if last_hash and last_hash != q.graded_hash:
            edited.append(gid)

    stamp = ts(now)
    today = utc_day(now)
    forecast = [0] * FORECAST_DAYS
    new = len(gids)
    due = 0
    for gid, when in c.execute("SELECT gid, due FROM cards"):
        if gid not in gids:
            removed.add(gid)
            continue
        new -= 1
        if when <= stamp:
            due += 1
        offset = (date.fromisoformat(when[:10]) - today).days  # stored times are UTC: the day is the prefix
        if offset < FORECAST_DAYS:
            forecast[max(0, offset)] += 1

    days = [DayAccuracy(day, int(n), int(right), float(credit)) for day, n, right, credit in c.execute(
        "SELECT day, attempts, correct, credit FROM daily ORDER BY day DESC LIMIT ?", (HISTORY_DAYS,))]
    days.reverse()
    total = c.execute("SELECT coalesce(sum(attempts), 0) FROM daily").fetchone()[0]

    top: list[MisconceptionCount] = []
    for gid, mid, count in c.execute(
        "SELECT gid, mid, count FROM misconception_counts ORDER BY count DESC, last_at DESC, gid, mid LIMIT ?",
        (TOP_MISCONCEPTIONS,),
    ):
        q = gids.get(gid)
        m = next((m for m in q.misconceptions if m.id == mid), None) if q is not None else None
        top.append(MisconceptionCount(
            gid, mid, int(count), prompt=q.prompt if q is not None else "",
            feedback=m.feedback if m is not None else "", removed=q is None,
        ))

    return Stats(
        new=new, due=due, attempts=int(total),
        topics=_masteries(course, progress, themes=False), themes=_masteries(course, progress, themes=True),
        days=days,
        forecast=[ForecastDay((today + timedelta(days=i)).isoformat(), n) for i, n in enumerate(forecast)],
        misconceptions=top, edited=sorted(edited), removed=sorted(removed),
    )


def _masteries(course: Course, progress: dict[str, list[float]], *, themes: bool) -> list[TopicMastery]:
    """Mastery per topic (the case's modality) or per theme (the case's and question's theme tags)."""
    sums: dict[str, list[float]] = {}
    for case in course.cases.values():
        topic = course.topic(case)
        for q in case.questions:
            if themes:
                keys = [t for t in dict.fromkeys((*case.tags, *q.tags))
                        if t in course.tags and course.tags[t].kind == "theme"]
            else:
                keys = [topic]
            recent = progress.get(q.gid)
            for key in keys:
                entry = sums.setdefault(key, [0.0, 0, 0])  # mastery sum, answered, questions
                entry[2] += 1
                if recent:
                    entry[0] += sum(recent) / len(recent)
                    entry[1] += 1
    order = {tag: i for i, tag in enumerate(course.tags)}
    out = [
        TopicMastery(key, course.tags[key].label if key in course.tags else key,
                     total / answered if answered else 0.0, int(answered), int(questions))
        for key, (total, answered, questions) in sums.items()
    ]
    out.sort(key=lambda t: (order.get(t.topic, len(order)), t.topic))
    return out
