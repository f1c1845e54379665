"""Helpers shared by the store tests (no tests here): a fake grader, fixed times, quick records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutor.engine.state import Record
from tutor.grading.grader import Grade, Match
from tutor.model import Choice, Course, Decision, GlossaryTerm, Question
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


class FakeGrader:
    """`right` is correct, `wrong` incorrect, `myth` incorrect with the question's first misconception."""

    def grade(self, question: Question, text: str) -> Grade:
        if text.strip() == "right":
            matched = tuple(Match(e.id, "right", (0, 5)) for e in question.expectations)
            option = next((o for o in question.options if o.correct), None)
            return Grade("correct", 1.0, matched=matched, option=option)
        if text.strip() == "myth" and question.misconceptions:
            return Grade("incorrect", 0.0, misconceptions=(question.misconceptions[0],))
        return Grade("incorrect", 0.0)

    def confirm(self, question: Question, text: str, suggestion: str) -> Grade:
        return self.grade(question, "right")

    def covered(self, question: Question, text: str, open_ids: set[str] | list[str] | tuple[str, ...]) -> set[str]:
        return set()

    def lookup(self, text: str) -> GlossaryTerm | None:
        return None

    def choose(self, decision: Decision, text: str) -> Choice | None | str:
        return decision.recommended
