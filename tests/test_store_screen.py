"""The stats screen: usable at 80×24, learner and course text shown as written, Escape closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from textual import on
from textual.app import App
from textual.widgets import Static

from tests.test_store_support import T0, day, record, store_at, topic
from tutor.app.messages import StartQuestions
from tutor.app.screens.stats_screen import StatsScreen
from tutor.course.loader import LoadResult
from tutor.model import Course
from tutor.store import MisconceptionCount, Stats


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


class Host(App[None]):
    def __init__(self, screen_factory: Callable[[], StatsScreen]) -> None:
        super().__init__()
        self.factory = screen_factory
        self.started: list[StartQuestions] = []

    def on_mount(self) -> None:
        self.push_screen(self.factory())

    @on(StartQuestions)
    def _start(self, message: StartQuestions) -> None:
        self.started.append(message)


def _texts(screen: StatsScreen) -> str:
    return "\n".join(str(s.content) for s in screen.query(Static) if not s.id)


async def test_stats_screen_at_80_by_24(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    for n, q in enumerate(course.questions()[:30]):
        verdict = ("correct", "incorrect", "partial")[n % 3]
        myths = (q.misconceptions[0].id,) if q.misconceptions and verdict == "incorrect" else ()
        store.record_attempt(None, record(q, verdict, misconceptions=myths), topic(course, q), day(n % 5, n))
    app = Host(lambda: StatsScreen(store, course, day(6)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        text = _texts(screen)
        for title in ("Mastery by topic", "Accuracy over time", "Due in the next 14 days",
                      "Misconceptions you fall for most"):
            assert title in text
        assert "█" in text and "30 answers stored" in text
        widest = max(s.region.width for s in screen.query(Static))
        assert widest <= 80
        await pilot.press("end")
        await pilot.press("r")  # review what is due
        await pilot.pause()
        assert app.started and app.started[0].title == "Review"
        assert not isinstance(app.screen, StatsScreen)


@dataclass
class FakeStore:
    stats_value: Stats
    problem: str | None = "[red]Progress cannot be saved[/red] ["
    due: list[str] = field(default_factory=list)

    def stats(self, course: Course, now: datetime) -> Stats:
        return self.stats_value

    def due_questions(self, course: Course, now: datetime, limit: int = 20) -> list[str]:
        return self.due


async def test_text_is_never_parsed_as_markup_and_escape_closes(course: Course) -> None:
    stats = Stats.empty(course, T0)
    stats.misconceptions = [MisconceptionCount("case/q", "[b]myth", 3, prompt="Is [link=x]this[/link] [unclosed",
                                               feedback="")]
    stats.removed = ["[bold]gone/q"]
    app = Host(lambda: StatsScreen(FakeStore(stats), course, T0))  # type: ignore[arg-type]  # a stand-in store
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StatsScreen)
        text = _texts(app.screen)
        assert "[red]Progress cannot be saved[/red] [" in text
        assert "[b]myth" in text and "Is [link=x]this[/link] [unclosed" in text and "[bold]gone/q" in text
        await pilot.press("r")
        assert isinstance(app.screen, StatsScreen) and not app.started  # nothing due: it says so and stays
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)
