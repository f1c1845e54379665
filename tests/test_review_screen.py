"""The review screen: decide clusters from the keyboard, save, and see the effect."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable, Static

from tutor.app.screens.review_screen import DecisionDialog, ReviewApp, ReviewScreen, saver
from tutor.course.loader import LoadResult, load
from tutor.course.resources import builtin_sources, user_sources
from tutor.grading import Grader
from tutor.instructor.review_queue import ReviewAnswer, build_queue

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "example-filter-bleed/baseline"
WHY = "example-filter-bleed/why-filter"


def _setup(tmp_path: Path) -> tuple[ReviewApp, Path]:
    folder = tmp_path / "my-course"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "branching-case.yaml", folder / "case.yaml")

    def reload(extra: list[str]) -> LoadResult:
        return load(builtin_sources() + user_sources([str(folder), *extra]))

    result = reload([])
    answers = ([ReviewAnswer(BASELINE, "blood thinning shots", "incorrect")] * 3
               + [ReviewAnswer(BASELINE, "vitamin k", "incorrect")] * 2
               + [ReviewAnswer(WHY, "heavy bleeding, anticoagulation failure", "partial")])
    queues, _ = build_queue(result.course, Grader(result.course), answers)
    app = ReviewApp(queues, saver(result, answers, [str(folder)], folder / "review-amendments.yaml", reload))
    return app, folder / "case.yaml"


def _detail(app: ReviewApp) -> str:
    return str(app.screen.query_one("#cluster-detail-text", Static).render())


async def test_decide_by_keys_and_save(tmp_path: Path) -> None:
    app, case = _setup(tmp_path)
    before = case.read_text(encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#clusters", DataTable)
        assert table.row_count == 3
        assert "blood thinning shots" in _detail(app) and "3 answers" in _detail(app)
        await pilot.press("a")  # accept the largest cluster: the dialog offers its leader
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(screen.decisions) == 1
        assert table.cursor_row == 1  # moved on to the next cluster
        await pilot.press("m")  # a misconception needs feedback: Enter on an empty one is refused
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        assert "needs feedback" in str(app.screen.query_one("#decision-error", Static).render())
        await pilot.press(*"Vitamin K reverses warfarin.", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(screen.decisions) == 2
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.decisions == {} and len(screen.saved) == 2
        assert "written and validated" in _detail(app)
    after = case.read_text(encoding="utf-8")
    assert after != before and "blood thinning shots" in after and "Vitamin K reverses warfarin." in after


async def test_a_list_question_asks_for_the_group_and_undo_forgets(tmp_path: Path) -> None:
    app, case = _setup(tmp_path)
    before = case.read_text(encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.current is not None and screen.current.queue.question.gid == WHY
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog) and dialog.groups == ["contraindication", "failure", "floating"]
        await pilot.press("enter", "down", "enter")  # the phrasing as offered, then the second group
        await pilot.pause()
        (decision,) = screen.decisions.values()
        assert (decision.action, decision.expectation) == ("accept", "failure")
        await pilot.press("up", "u")  # undo works on the cluster under the cursor
        await pilot.pause()
        assert len(screen.decisions) == 1
        await pilot.press("down", "u")
        await pilot.pause()
        assert screen.decisions == {}
        await pilot.press("q")
        await pilot.pause()
    assert case.read_text(encoding="utf-8") == before


async def test_closing_with_unsaved_decisions_asks_twice(tmp_path: Path) -> None:
    app, _ = _setup(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("w", "q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


def test_a_decision_is_described_in_the_screens_language() -> None:
    from tutor.app.screens.review_screen import _describe
    from tutor.instructor.review_decisions import ReviewDecision

    d = ReviewDecision("t/q", "partial", "洗血", (), "failure", 0.5, "")
    assert _describe(d) == "partial '洗血' into failure for 0.5"
    assert _describe(d, "zh") == "部分给分 '洗血'，归入 failure，给 0.5 分"
