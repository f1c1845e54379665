"""At 80x24 every way on is on screen: continue, scrolling back, and the palette's quizzes."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from tests.conftest import fixture_sources
from tests.test_app import make_app, type_line
from tutor.app.app import TutorApp
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.home_screen import HomeScreen
from tutor.app.widgets.key_bar import KeyBar
from tutor.course.loader import load
from tutor.grading import Grader
from tutor.store import open_store


def _bar(app: TutorApp) -> str:
    bar = app.screen.query_one(KeyBar)
    line = bar.render()
    assert line.cell_length <= bar.size.width == 80  # one line, nothing cut off at the right
    return line.plain


async def test_the_home_key_bar_shows_continue_and_the_palette_at_80_columns() -> None:
    result = load(fixture_sources())
    store = open_store()
    first = TutorApp(result, lambda: Grader(result.course), store=store)
    async with first.run_test(size=(80, 24)) as pilot:  # leave a session to continue
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "anticoagulation")
    first.end_saving()
    app = TutorApp(result, lambda: Grader(result.course), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.resumable
        keys = _bar(app)
        for entry in ["m Mode", "c Continue", "r Review", "s Stats", "^q Quit", "^p Find quiz"]:
            assert entry in keys
        await pilot.click(KeyBar, offset=(keys.index("c Continue") + 1, 0))  # a click presses it too
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and len(app.screen.engine.state.records) == 1
    store.close()


async def test_continue_is_left_off_when_there_is_nothing_to_continue() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        keys = _bar(app)
        assert "Continue" not in keys and "^p Find quiz" in keys


async def test_the_chat_key_bar_shows_scrolling_back_and_the_palette_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        keys = _bar(app)
        for entry in ["PgUp/PgDn Scroll", "f2 Hint", "f4 Skip", "esc Home", "^q Quit", "^p Find quiz"]:
            assert entry in keys
        await type_line(pilot, "anticoagulation")
        transcript = app.screen.query_one("#transcript")
        await pilot.press("pageup")  # from the answer line, which keeps the focus
        await pilot.pause()
        assert transcript.scroll_y < transcript.max_scroll_y or transcript.max_scroll_y == 0
        assert app.screen.query_one(Input).has_focus


async def test_the_palette_finds_the_quizzes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"example, exam")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.screen.engine.state.quiz_id == "example-exam"


async def test_the_mode_line_says_its_key_on_one_line_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.screen.query_one("#mode")
        assert "m: exam mode" in str(line.render()) and line.size.height == 1
        await pilot.press("down")  # the locked exam: no key to offer, still one line
        await pilot.pause()
        assert "set by your instructor" in str(line.render()) and line.size.height == 1
