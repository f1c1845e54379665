"""The home screen starts each quiz in its own mode unless the learner switches it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import fixture_sources
from tutor.app.app import TutorApp
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.home_screen import HomeScreen
from tutor.app.widgets.quiz_status import QuizStatus
from tutor.course.loader import Source, load
from tutor.grading import Grader

QUIZZES = """\
format: 1
quizzes:
  - id: timed-exam
    title: Timed exam
    select: {cases: [example-filter-bleed]}
    mode: exam
    time_limit: 5
  - id: practice
    title: Practice
    select: {cases: [example-filter-bleed]}
"""


def _app(tmp_path: Path) -> TutorApp:
    path = tmp_path / "exams.yaml"
    path.write_text(QUIZZES, encoding="utf-8")
    sources = [s for s in fixture_sources() if not s.label.endswith("quiz.yaml")]
    result = load([*sources, Source(path, "exams.yaml")])
    assert not result.errors, result.errors
    return TutorApp(result, lambda: Grader(result.course), clock=lambda: 1000.0)


def _mode_line(home: HomeScreen) -> str:
    return str(home.query_one("#mode").render())


async def test_a_quiz_that_says_exam_starts_in_exam_mode_with_its_timer(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert _mode_line(home).startswith("Mode: exam") and "5 minutes" in _mode_line(home)
        await pilot.press("enter")
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        assert chat.engine.state.mode == "exam" and chat.sub_title == "exam mode"
        assert chat.engine.state.deadline == 1000.0 + 5 * 60
        assert "05:00" in chat.query_one(QuizStatus).render().plain


async def test_the_mode_line_follows_the_highlighted_quiz_and_m_switches_it(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down")
        assert _mode_line(home).startswith("Mode: tutor")  # the practice quiz's own mode
        await pilot.press("up", "m")
        assert _mode_line(home).startswith("Mode: tutor")  # the learner switched the exam
        await pilot.press("enter")
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        assert chat.engine.state.mode == "tutor" and chat.engine.state.deadline is None


async def test_a_locked_exam_cannot_be_switched() -> None:
    from tests.test_app import make_app

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down", "m")  # the fixture's locked exam
        await pilot.pause()
        assert _mode_line(home).startswith("Mode: exam") and "set by your instructor" in _mode_line(home)
        assert any("always taken in exam mode" in n.message for n in app._notifications)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.screen.engine.state.mode == "exam"
