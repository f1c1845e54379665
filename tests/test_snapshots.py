"""Snapshots of the screens a learner sees, at 80x24 and 120x40, with the cursor blink off.

Regenerate after a deliberate visual change: `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.test_app import make_app

SIZES = [(80, 24), (120, 40)]


async def _no_blink(pilot) -> None:  # type: ignore[no-untyped-def]
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=_no_blink)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter")
        await pilot.pause()
        await _no_blink(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_feedback_with_citations(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter")
        await pilot.pause()
        await _type(pilot, "thrombolysis")
        await _no_blink(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter")
        await pilot.pause()
        for text in ["anticoagulation", "b", "a", "floating thrombus", "skip", "a"]:
            await _type(pilot, text)
        await pilot.press("enter")  # the chat keeps the last feedback until Enter
        await pilot.pause()
        await _no_blink(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
