"""The chat at 80x24, as a new user in tmux sees it: what was just said stays in view."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tests.test_app import make_app, type_line
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.widgets.chat_entry import LearnerEntry, TutorEntry, VerdictBadge


def _in_view(screen: Screen[Any], widget: Widget) -> bool:
    transcript = screen.query_one("#transcript")
    return transcript.scrollable_content_region.contains_region(widget.region)


async def test_the_verdict_stays_in_view_after_a_long_explanation() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        transcript = screen.query_one("#transcript")
        heights = [w.outer_size.height for w in transcript.children]
        await type_line(pilot, "anticoagulation")  # verdict, a 15-line explanation, the story, a decision
        await pilot.pause()
        badge = screen.query(VerdictBadge).last()
        assert "-correct" in badge.classes and _in_view(screen, badge)
        # The learner's words open the view. The scrollbar that appeared re-wrapped nothing above
        # them, which would have pushed them down after they were scrolled to the top.
        learner = screen.query(LearnerEntry).last()
        assert learner.region.y - learner.styles.margin.top == transcript.scrollable_content_region.y
        assert [w.outer_size.height for w in transcript.children][:len(heights)] == heights
        assert transcript.scroll_y < transcript.max_scroll_y  # the decision is a PgDn away
        await pilot.press("pagedown")
        await pilot.pause()
        assert transcript.scroll_y == transcript.max_scroll_y


async def test_a_short_turn_still_scrolls_to_the_end() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "thrombolysis")
        await pilot.pause()
        transcript = app.screen.query_one("#transcript")
        assert transcript.scroll_y == transcript.max_scroll_y
        assert _in_view(app.screen, app.screen.query(VerdictBadge).last())


async def test_a_turn_lists_its_sources_once_and_a_source_shown_in_the_case_by_its_label() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        turns: list[list[TutorEntry]] = []
        for text in ["anticoagulation", "b", "a"]:
            before = set(app.screen.query(TutorEntry))
            await type_line(pilot, text)
            turns.append([e for e in app.screen.query(TutorEntry) if e not in before and e.sources])
        assert all(len(cited) == 1 for cited in turns)  # one footnote list a turn
        first = turns[0][0].sources
        assert any(line.startswith("[review] ") for line in first)  # in full the first time
        later = turns[1][0].sources
        assert later == ["Also cited: [review]"]  # then its label only, in the same case
        assert "[review]" in [ref.label for ref in turns[1][0].references]  # a click still opens it
        assert app.screen.query_one(Input).has_focus


async def _finish_the_example(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause()
    for text in ["anticoagulation", "a", "contraindication to anticoagulation and anticoagulation failure"]:
        await type_line(pilot, text)
    await type_line(pilot, "a")  # the last answer
    await pilot.pause()


async def test_the_last_feedback_stays_until_enter_opens_the_summary() -> None:
    from tutor.app.screens.summary_screen import SummaryScreen
    from tutor.app.widgets.chat_entry import PlainEntry

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _finish_the_example(pilot)
        screen = app.screen
        assert isinstance(screen, ChatScreen)  # the last answer's feedback is on screen
        end = screen.query(PlainEntry).last()
        assert "Press Enter (or s) for your summary" in str(end.render())
        assert _in_view(screen, end) and _in_view(screen, screen.query(VerdictBadge).last())
        assert "Summary" in str(screen.query_one("KeyBar").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.screen.summary.score == 100.0


async def test_s_opens_the_summary_and_quit_still_goes_home_at_once() -> None:
    from tutor.app.screens.home_screen import HomeScreen
    from tutor.app.screens.summary_screen import SummaryScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _finish_the_example(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "/quit")
        assert isinstance(app.screen, HomeScreen)


async def _at_end_after_shrinking(turns: list[str]) -> tuple[float, float]:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for text in turns:
            await type_line(pilot, text)
        await pilot.pause()
        transcript = app.screen.query_one("#transcript")
        assert transcript.scroll_y == transcript.max_scroll_y
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        return transcript.scroll_y, transcript.max_scroll_y


async def test_a_transcript_at_its_end_stays_there_when_the_window_shrinks() -> None:
    scroll_y, max_scroll_y = await _at_end_after_shrinking(["thrombolysis", "what is PTS?"])
    assert max_scroll_y > 0 and scroll_y == max_scroll_y


async def test_a_transcript_scrolled_back_stays_where_the_learner_put_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for text in ["thrombolysis", "what is PTS?", "what is IVC?"]:
            await type_line(pilot, text)
        transcript = app.screen.query_one("#transcript")
        await pilot.pause()
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert transcript.scroll_y == 0
