"""WCAG AA contrast (4.5:1 for text) of everything the app draws, in both of its themes.

Measured on the screens as drawn: every run of text of the composited screen, its colours after
the app's line filters (dim text blended as the terminal gets it), the ratio by WCAG's relative
luminance. The kit computes the ratio itself rather than trusting the app's own code for it.
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.pilot import Pilot

from tests.conftest import fixture_sources
from tests.contrast_kit import contrast, drawn_text, too_faint
from tests.test_app import type_line
from tutor.app.app import TutorApp
from tutor.app.screens.home_screen import HomeScreen
from tutor.course.loader import load
from tutor.grading import Grader
from tutor.store import open_store

THEMES = ["textual-dark", "textual-light"]


def test_the_kit_measures_wcag_ratios() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast(Color(0xFE, 0xA6, 0x2B), Color(0xE0, 0xE0, 0xE0)) < 1.6  # the light theme's old headings


async def _look(app: TutorApp, pilot: Pilot[None], where: str, seen: dict[str, list[str]]) -> None:
    await pilot.pause()
    assert drawn_text(app), f"nothing drawn on {where}"
    faint = too_faint(app)
    if faint:
        seen[where] = faint


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_on_the_learners_screens_meets_aa(theme: str) -> None:
    result = load(fixture_sources())
    store = open_store()
    app = TutorApp(result, lambda: Grader(result.course), store=store, clock=lambda: 1000.0)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await app.workers.wait_for_complete()
        await _look(app, pilot, "home", seen)
        await pilot.press("enter")
        await _look(app, pilot, "question", seen)
        for text, where in [("thrombolysis", "a wrong answer and a hint"), ("hint", "a hint"),
                            ("anticoagulation", "the explanation"), ("b", "a harmful choice"),
                            ("a", "a good choice"), ("floating thrombus", "a partly right answer"),
                            ("what is PTS?", "the glossary"), ("skip", "skipped"), ("zzz", "the end")]:
            await type_line(pilot, text)
            await _look(app, pilot, where, seen)
            app.screen.query_one("#transcript").scroll_home(animate=False, immediate=True)
            await _look(app, pilot, where + ", scrolled back", seen)
        await pilot.press("enter")
        await _look(app, pilot, "the summary", seen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f3")
        await _look(app, pilot, "the references", seen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await _look(app, pilot, "the statistics", seen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # the exam, with its clock
        await _look(app, pilot, "an exam", seen)
        await type_line(pilot, "anticoagulation")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await _look(app, pilot, "home with a session to continue", seen)
        assert isinstance(app.screen, HomeScreen) and app.screen.resumable
    app.end_saving()
    store.close()
    assert not seen, "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in seen.items())


@pytest.mark.parametrize("theme", THEMES)
async def test_the_key_letters_and_headings_meet_aa(theme: str) -> None:
    """The two the review measured: the key bar's letters, and the summary's headings."""
    from tests.test_app import make_app

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        keys = [d for d in drawn_text(app) if d.text in ("m", "s", "^q", "^p")]
        assert len(keys) == 4 and min(d.ratio for d in keys) >= 4.5
        notice = [d for d in drawn_text(app) if "For education only" in d.text]
        assert notice and min(d.ratio for d in notice) >= 4.5
