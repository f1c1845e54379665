"""The item analysis screen (`tutor class DIR --screen`): keyboard first, usable at 80×24, and
student text shown as written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from textual.content import Content
from textual.widgets import DataTable, Static

from tests.class_kit import simulated_class
from tutor.app.screens.item_analysis_screen import ClassApp, ItemAnalysisScreen
from tutor.course.loader import LoadResult
from tutor.instructor.class_results import load_class
from tutor.instructor.item_analysis import Thresholds, analyse


def _detail(screen: ItemAnalysisScreen) -> str:
    content = screen.query_one("#item-detail-text", Static).content
    assert isinstance(content, Content)
    return content.plain


def _rows(screen: ItemAnalysisScreen) -> list[str]:
    table = screen.query_one("#items", DataTable)
    return [str(key.value) for key in table.rows]


def _app(builtin: LoadResult, folder: Path) -> ClassApp:
    results = load_class([folder], builtin.course)
    return ClassApp(results, analyse(results, Thresholds(min_students=3)))


async def test_the_keys_move_filter_sort_and_close(builtin: LoadResult) -> None:
    app = _app(builtin, simulated_class())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemAnalysisScreen)
        items = app.analysis.items
        assert _rows(screen) == [i.gid for i in items]  # course order
        assert _detail(screen).startswith(f"{items[0].gid} (")
        await pilot.press("down", "down")
        assert screen.current == items[2].gid and _detail(screen).startswith(items[2].gid)
        flagged = [i.gid for i in app.analysis.flagged]
        assert flagged  # six students, thresholds from three: some question is flagged
        await pilot.press("f")
        assert _rows(screen) == flagged
        assert "⚑" in _detail(screen)
        await pilot.press("f")  # all again
        here = screen.current
        assert here in _rows(screen)
        await pilot.press("s")  # lowest discrimination first
        shown = [i.discrimination for i in items if i.discrimination is not None]
        first = next(i for i in items if i.gid == _rows(screen)[0])
        assert first.discrimination == min(shown)
        assert screen.current == here  # the cursor stays on the question it was on
        await pilot.press("d")
        assert f"{app.analysis.decisions[0].case_id}/{app.analysis.decisions[0].step_id}" in _detail(screen)
        await pilot.press("d")
        assert here is not None and _detail(screen).startswith(here)
        await pilot.press("tab")  # into the details, to scroll them; back with shift+tab
        assert app.focused is screen.query_one("#item-detail")
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one("#items")
        await pilot.press("q")
    assert app.return_code == 0


async def test_student_text_is_never_markup(builtin: LoadResult, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    shutil.copytree(simulated_class(), folder)
    doc = json.loads((folder / "student-002.json").read_text(encoding="utf-8"))
    gid = doc["attempts"][0]["gid"]
    doc["flags"].append({"uuid": "f-x", "session": None, "gid": gid, "comment": "[bold red]not bold[/ and [link=x]",
                         "at": "2026-03-01T10:00:00.000000Z"})
    (folder / "student-002.json").write_text(json.dumps(doc), encoding="utf-8")
    app = _app(builtin, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemAnalysisScreen)
        rows = _rows(screen)
        for _ in range(rows.index(gid)):
            await pilot.press("down")
        assert screen.current == gid
        assert "flag by student-002: [bold red]not bold[/ and [link=x]" in _detail(screen)


async def test_the_screens_own_words_follow_the_language(builtin: LoadResult) -> None:
    results = load_class([simulated_class()], builtin.course)
    app = ClassApp(results, analyse(results, Thresholds(min_students=3)), lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemAnalysisScreen)
        table = screen.query_one("#items", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["题目", "人数", "答对率", "区分度", "高低分组差",
                                                                  "备注"]
        assert screen.title == "题目分析" and "按课程顺序" in str(screen.sub_title)
        await pilot.press("s")
        await pilot.pause()
        assert "区分度最低的在前" in str(screen.sub_title)
        bar = app.screen._compositor.render_strips()[-1].text  # the key bar
        assert "排序" in bar and "只看标记" in bar and "Sort" not in bar
