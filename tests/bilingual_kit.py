"""The bilingual test course (tests/fixtures/bilingual, format 2) and what the Chinese app tests
need: an app on it in either language, and the screen as lines of text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from tutor.app.app import TutorApp
from tutor.course.loader import LoadResult, load
from tutor.course.resources import user_sources
from tutor.grading import Grader

FOLDER = Path(__file__).parent / "fixtures" / "bilingual"


def bilingual(lang: str) -> LoadResult:
    result = load(user_sources([str(FOLDER)]), lang)
    assert not result.problems, result.problems
    return result


def course_in(lang: str) -> tuple[LoadResult, Callable[[], object]]:
    """The app's `reopen`: the course in `lang`, and its grader's factory."""
    result = bilingual(lang)
    return result, lambda: Grader(result.course)


def bilingual_app(lang: str = "zh", *, store: object | None = None,
                  remember: Callable[[str], object] | None = None) -> TutorApp:
    result, grader = course_in(lang)
    return TutorApp(result, grader, clock=lambda: 1000.0, lang=lang, reopen=course_in, store=store,
                    remember=remember)


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line: a wide character once (Textual pads it with nothing)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
