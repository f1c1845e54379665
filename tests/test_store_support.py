"""Helpers shared by the store tests (no tests here): a fake grader, fixed times, quick records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutor.engine.state import Record
from tutor.model import Course, Question
from tutor.store import Store, open_store
from tutor.store.rating import make_scheduler

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""A Monday morning: every test's day 0."""


def day(n: float, hours: float = 0) -> datetime:
    return T0 + timedelta(days=n, hours=hours)


def store_at(path: Path, **kw: Any) -> Store:
    """A store with fuzzing off, so that schedules are deterministic."""
    return open_store(path, scheduler=make_scheduler(fuzz=False), **kw)


def record(q: Question, verdict: str = "correct", *, credit: float | None = None, hints: int = 0,
           confidence: str = "", misconceptions: tuple[str, ...] = (), answer: str = "an answer",
           skipped: bool = False, h: str | None = None) -> Record:
    if credit is None:
        credit = {"correct": 1.0, "partial": 0.5}.get(verdict, 0.0)
    return Record(
        gid=q.gid, answer=answer, verdict=verdict, credit=credit, coverage=credit, hints_before=hints,
        misconceptions=list(misconceptions), skipped=skipped, confidence=confidence, seconds=12.5,
        hash=q.graded_hash if h is None else h,
    )


def topic(course: Course, q: Question) -> str:
    return course.topic(course.cases[q.case_id])


@dataclass
class FakeMatch:
    expectation_id: str


@dataclass
class FakeGrade:
    verdict: str
    credit: float
    reason: str = ""
    reasons: tuple[Any, ...] = ()
    matched: tuple[FakeMatch, ...] = ()
    misconceptions: tuple[Any, ...] = ()
    partial_answer: Any = None
    option: Any = None
    suggestion: str | None = None
    missing: tuple[str, ...] = field(default_factory=tuple)


class FakeGrader:
    """`right` is correct, `wrong` incorrect, `myth` incorrect with the question's first misconception."""

    def grade(self, q: Question, text: str) -> FakeGrade:
        # A choice answer names an option, as the real grader's does (the engine asks again otherwise)
        right = next((o for o in q.options if o.correct), None)
        wrong = next((o for o in q.options if not o.correct), right)
        if text.strip() == "right":
            return FakeGrade("correct", 1.0, matched=tuple(FakeMatch(e.id) for e in q.expectations), option=right)
        if text.strip() == "myth" and q.misconceptions:
            return FakeGrade("incorrect", 0.0, misconceptions=(q.misconceptions[0],), option=wrong)
        return FakeGrade("incorrect", 0.0, option=wrong)

    def confirm(self, q: Question, text: str, suggestion: str) -> FakeGrade:
        return self.grade(q, "right")

    def covered(self, q: Question, text: str, open_ids: list[str]) -> list[str]:
        return []

    def lookup(self, text: str) -> None:
        return None

    def choose(self, decision: Any, text: str) -> Any:
        return decision.recommended
