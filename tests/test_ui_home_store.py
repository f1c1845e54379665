"""The home screen asks the store again each time it comes back, off the event loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.conftest import fixture_sources
from tests.test_app import type_line
from tutor.app.app import TutorApp
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.home_screen import HomeScreen
from tutor.course.loader import load
from tutor.grading import Grader
from tutor.store import open_store


class ThreadNoting:
    """The real store, noting which thread each look-up ran on."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.threads: list[str] = []

    def unfinished(self, *args: Any) -> Any:
        self.threads.append(threading.current_thread().name)
        return self._store.unfinished(*args)

    def due_counts(self, *args: Any) -> Any:
        self.threads.append(threading.current_thread().name)
        return self._store.due_counts(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _resumable(home: HomeScreen) -> str:
    """Read afresh each time (a worker sets it while the test awaits; mypy would keep an earlier narrowing)."""
    return home.resumable


async def _until(pilot: Pilot[None], test: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def test_esc_out_of_a_quiz_then_c_continues_it() -> None:
    result = load(fixture_sources())
    store = ThreadNoting(open_store())
    app = TutorApp(result, lambda: Grader(result.course), store=store, clock=lambda: 1000.0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        home: HomeScreen = screen
        await _until(pilot, lambda: "due for review" in str(home.query_one("#due").render()))
        assert not _resumable(home)  # nothing to continue yet
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "anticoagulation")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        await _until(pilot, lambda: _resumable(home) == "Worked example")
        assert "Press c to continue" in str(home.query_one("#resume").render())
        await pilot.press("c")
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen) and len(chat.engine.state.records) == 1
        await type_line(pilot, "/quit")  # a session continued and left again is offered again
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen) and home.query("#resume"))
        main = threading.main_thread().name
        assert store.threads and main not in store.threads  # never on the event loop's thread
    app.end_saving()
    store.close()


async def test_a_finished_session_is_no_longer_offered() -> None:
    result = load(fixture_sources())
    store = open_store()
    app = TutorApp(result, lambda: Grader(result.course), store=store, clock=lambda: 1000.0)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "anticoagulation")
        await pilot.press("escape")
        await _until(pilot, lambda: home.resumable == "Worked example")
        await pilot.press("c")
        await pilot.pause()
        for text in ["a", "contraindication to anticoagulation and anticoagulation failure", "a"]:
            await type_line(pilot, text)
        await pilot.press("escape")  # the session is over: home without the summary
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen) and not home.query("#resume"))
        assert home.resumable == ""
    app.end_saving()
    store.close()
