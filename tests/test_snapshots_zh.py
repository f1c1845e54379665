"""Snapshots of the screens a learner sees in Chinese, on the bilingual test course (its own
fixture, so a change to the built-in course's translation changes none of them): home, a
question, feedback with its sources, a decision and the summary, at 80x24 and 120x40, and in the
light theme at 80x24. Regenerate after a deliberate change with `--snapshot-update`, then look at
every SVG that changed (rendered with a CJK font: double-width text shows its faults only so).
"""

from __future__ import annotations

import pytest

from tests.bilingual_kit import bilingual_app
from tests.test_snapshots import SnapCompare, _after, _no_blink

SIZES = [(80, 24), (120, 40)]
SMALL = (80, 24)
SUMMARY = ("抗凝", "b", "a", "漂浮血栓", "跳过", "a")


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(bilingual_app(), terminal_size=size, run_before=_no_blink)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(bilingual_app(), terminal_size=size, run_before=_after())


@pytest.mark.parametrize("size", SIZES)
def test_feedback_with_citations(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(bilingual_app(), terminal_size=size, run_before=_after("溶栓"))


@pytest.mark.parametrize("size", SIZES)
def test_decision(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """A right answer, its explanation, and the decision that follows."""
    assert snap_compare(bilingual_app(), terminal_size=size, run_before=_after("抗凝"))


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(bilingual_app(), terminal_size=size, run_before=_after(*SUMMARY, then=("enter",)))


def test_light_home(snap_compare: SnapCompare) -> None:
    assert snap_compare(bilingual_app(), terminal_size=SMALL, run_before=_after(start=("ctrl+t",)))


def test_light_feedback(snap_compare: SnapCompare) -> None:
    run_before = _after("溶栓", start=("ctrl+t", "enter"))
    assert snap_compare(bilingual_app(), terminal_size=SMALL, run_before=run_before)


def test_light_decision(snap_compare: SnapCompare) -> None:
    run_before = _after("抗凝", "b", start=("ctrl+t", "enter"))
    assert snap_compare(bilingual_app(), terminal_size=SMALL, run_before=run_before)


def test_light_summary(snap_compare: SnapCompare) -> None:
    run_before = _after(*SUMMARY, start=("ctrl+t", "enter"), then=("enter",))
    assert snap_compare(bilingual_app(), terminal_size=SMALL, run_before=run_before)
