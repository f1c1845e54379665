"""Snapshots of the screens a learner sees, grouped by feature, with the cursor blink off.

The first screens are taken at 80x24 and 120x40; each feature after them at 80x24, the size a new
user in tmux has. Regenerate after a deliberate visual change:
`pytest tests/test_snapshots.py --snapshot-update`, then look at every SVG that changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.test_app import make_app
from tests.test_store_support import day, record, store_at, topic
from tutor.app.app import TutorApp

SIZES = [(80, 24), (120, 40)]
SMALL = (80, 24)

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


class SnapCompare(Protocol):
    """The `snap_compare` fixture (pytest-textual-snapshot declares it as taking a path only)."""

    def __call__(self, app: App[Any], *, terminal_size: tuple[int, int] = ..., run_before: RunBefore | None = ...
                 ) -> bool: ...


async def _no_blink(pilot: Pilot[Any]) -> None:
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()


async def _type(pilot: Pilot[Any], text: str) -> None:
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def _after(*answers: str, start: tuple[str, ...] = ("enter",), then: tuple[str, ...] = ()) -> RunBefore:
    """A run_before: keys to start (the first quiz), the answers typed, then keys pressed."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press(*start)
        await pilot.pause()
        for text in answers:
            await _type(pilot, text)
        for key in then:
            await pilot.press(key)
            await pilot.pause()
        await _no_blink(pilot)

    return run_before


# The first screens: home, a question, feedback with its sources, the summary ---------------------


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_no_blink)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_after())


@pytest.mark.parametrize("size", SIZES)
def test_feedback_with_citations(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_after("thrombolysis"))


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    # The chat keeps the last feedback until Enter opens the summary.
    answers = ("anticoagulation", "b", "a", "floating thrombus", "skip", "a")
    assert snap_compare(make_app(), terminal_size=size, run_before=_after(*answers, then=("enter",)))


def test_session_end_keeps_the_last_feedback(snap_compare: SnapCompare) -> None:
    answers = ("anticoagulation", "b", "a", "floating thrombus", "skip", "a")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(*answers))


# Decisions and their consequences ----------------------------------------------------------------


def test_decision_asked(snap_compare: SnapCompare) -> None:
    """A right answer, its explanation, and the decision that follows: the verdict stays in view."""
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after("anticoagulation"))


def test_harmful_choice_teaches_and_asks_again(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after("anticoagulation", "b"))


def test_recommended_choice_and_its_sources(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after("anticoagulation", "b", "a"))


# The dialogue ladder: pump, hint, prompt, then the assertion --------------------------------------


def test_ladder_pump_hint_prompt(snap_compare: SnapCompare) -> None:
    answers = ("anticoagulation", "a", "floating thrombus", "xyz", "xyz")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(*answers))


def test_ladder_assertion(snap_compare: SnapCompare) -> None:
    answers = ("anticoagulation", "a", "floating thrombus", "xyz", "xyz", "xyz")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(*answers))


# The references panel ------------------------------------------------------------------------------


def test_references_of_a_message(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after("thrombolysis", then=("f3",)))


def test_every_reference(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(start=("f3",)))


# Statistics ----------------------------------------------------------------------------------------


def test_stats(snap_compare: SnapCompare, tmp_path: Path) -> None:
    from tests.conftest import fixture_sources
    from tutor.app.screens.stats_screen import StatsScreen
    from tutor.course.loader import load
    from tutor.grading import Grader

    result = load(fixture_sources())
    course = result.course
    store = store_at(tmp_path / "p.sqlite3")
    for n, q in enumerate(course.questions()):  # answers on fixed days, so the screen is the same each run
        store.record_attempt(None, record(q, ("correct", "incorrect", "partial")[n % 3]), topic(course, q), day(n))
    app = TutorApp(result, lambda: Grader(course), store=store, clock=lambda: 1000.0)

    async def run_before(pilot: Pilot[Any]) -> None:
        await app.workers.wait_for_complete()
        app.push_screen(StatsScreen(store, course, day(4)))
        await pilot.pause()
        await _no_blink(pilot)

    try:
        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
    finally:
        store.close()


# Exam mode -------------------------------------------------------------------------------------------


def test_exam_question_with_its_clock(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(start=("down", "enter")))


def test_exam_answer_without_feedback(snap_compare: SnapCompare) -> None:
    run_before = _after("thrombolysis", start=("down", "enter"))
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_exam_summary(snap_compare: SnapCompare) -> None:
    answers = ("thrombolysis", "a", "floating thrombus", "a")
    run_before = _after(*answers, start=("down", "enter"), then=("enter",))
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


# The light theme ------------------------------------------------------------------------------------


def test_light_home(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_after(start=("ctrl+t",)))


def test_light_feedback(snap_compare: SnapCompare) -> None:
    run_before = _after("thrombolysis", "anticoagulation", start=("ctrl+t", "enter"))
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_light_summary(snap_compare: SnapCompare) -> None:
    answers = ("anticoagulation", "b", "a", "floating thrombus", "skip", "a")
    run_before = _after(*answers, start=("ctrl+t", "enter"), then=("enter",))
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)
