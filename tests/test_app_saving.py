"""The app while saving fails: said in the chat in the turn it happens, once; said again when saving
resumes; the event loop never waits for the locked file; what could never be saved goes to a file
and the app says where."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from tests.conftest import fixture_sources
from tests.store_fault_kit import NOT_SAVED, SAVED_AGAIN, LockHolder
from tests.test_app import type_line
from tutor.app.app import TutorApp
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.summary_screen import SummaryScreen
from tutor.app.widgets.chat_entry import PlainEntry
from tutor.course.loader import load
from tutor.grading import Grader
from tutor.store import open_store
from tutor.store.store import Store


def _app(path: Path) -> tuple[TutorApp, Store]:
    result = load(fixture_sources())
    store = open_store(path)
    return TutorApp(result, lambda: Grader(result.course), store=store, clock=lambda: 1000.0), store


def _notices(screen: Screen[Any], text: str) -> list[str]:
    return [str(e.render()) for e in screen.query(PlainEntry) if text in str(e.render())]


async def _until(pilot: Pilot[None], test: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def test_a_lock_held_by_another_program_is_said_in_the_chat_once_and_again_when_saving_resumes(
    tmp_path: Path
) -> None:
    path = tmp_path / "progress.sqlite3"
    app, store = _app(path)
    holder = LockHolder(path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause(0.5)  # the grader is warmed up
            chat = app.screen
            assert isinstance(chat, ChatScreen)
            await type_line(pilot, "anticoagulation")
            await _until(pilot, lambda: _notices(chat, NOT_SAVED))
            [notice] = _notices(chat, NOT_SAVED)
            assert f"the progress file is locked by another program ({path})" in notice
            await _until(pilot, lambda: any(NOT_SAVED in n.message for n in app._notifications))  # a toast too
            started = time.perf_counter()
            chat.send("b")  # a turn's work on the event loop, the file still locked
            took = time.perf_counter() - started
            await pilot.pause(0.4)
            await type_line(pilot, "a")
            await pilot.pause(0.4)
            assert len(_notices(chat, NOT_SAVED)) == 1  # not repeated every turn
            assert took < 1.0  # it never waits for the lock (it waited out a 2 s busy timeout before)
            holder.release()
            await _until(pilot, lambda: _notices(chat, SAVED_AGAIN))
            assert _notices(chat, SAVED_AGAIN) == ["Your answers are being saved again; 1 kept in memory was written."]
    finally:
        holder.release()
    assert app.end_saving() == []
    assert store.attempt_count() == 1
    store.close()


async def test_answers_never_saved_go_to_a_file_and_the_app_says_where(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    app, store = _app(path)
    holder = LockHolder(path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            for text in ("anticoagulation", "a", "contraindication to anticoagulation and anticoagulation failure",
                         "a"):
                await type_line(pilot, text)
            await pilot.press("enter")  # the summary, once the last feedback was read
            await _until(pilot, lambda: isinstance(app.screen, SummaryScreen))
            await _until(pilot, lambda: any("could not be saved" in n.message for n in app._notifications))
            [toast] = [n.message for n in app._notifications if "could not be saved" in n.message]
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            answered = len(summary.engine.state.records)
        endings = app.end_saving()
    finally:
        holder.release()
    [ending] = endings
    assert ending.export is not None and ending.export.exists() and ending.text == toast
    assert answered == 3
    assert toast.startswith("3 answers could not be saved: the progress file is locked by another program")
    assert f"`tutor progress import {ending.export}`" in toast
    assert store.attempt_count() == 0
    assert store.import_(ending.export).attempts == 3
    store.close()
