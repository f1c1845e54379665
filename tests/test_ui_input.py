"""The answer line: a paste is never lost without a word."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tests.test_app import make_app
from tutor.app.screens.summary_screen import SummaryScreen
from tutor.app.widgets.chat_entry import LearnerEntry


async def _paste(pilot: Pilot[None], text: str) -> Input:
    answer = pilot.app.screen.query_one(Input)
    answer.post_message(events.Paste(text))
    await pilot.pause()
    return answer


async def test_a_paste_over_the_limit_is_cut_to_it_and_the_learner_is_told() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        answer = await _paste(pilot, "x" * 3000)
        assert answer.value == "x" * 2000
        assert any("Your text was cut to 2,000 characters" in n.message for n in app._notifications)
        await pilot.press("enter")
        await pilot.pause()
        said = app.screen.query(LearnerEntry).last()
        assert str(said.render()) == "x" * 2000


async def test_a_paste_that_fits_is_kept_whole_and_its_lines_joined() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        answer = await _paste(pilot, "contraindication to anticoagulation\nand anticoagulation failure\n")
        assert answer.value == "contraindication to anticoagulation and anticoagulation failure"
        assert not app._notifications
        answer.value = "y" * 1990
        answer.cursor_position = 5
        await _paste(pilot, "z" * 20)  # into the middle: what fits goes in where the cursor is
        assert answer.value == "y" * 5 + "z" * 10 + "y" * 1985
        assert len(app._notifications) == 1


async def test_typing_past_the_limit_says_why_nothing_appears() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        answer = app.screen.query_one(Input)
        answer.value = "y" * 2000
        answer.cursor_position = 2000
        await pilot.press("a")
        await pilot.pause()
        assert answer.value == "y" * 2000
        assert any("at most 2,000 characters" in n.message for n in app._notifications)


async def test_an_answer_typed_but_not_sent_at_time_up_is_the_answer() -> None:
    from tests.conftest import fixture_sources
    from tutor.app.app import TutorApp
    from tutor.app.screens.chat_screen import ChatScreen
    from tutor.course.loader import load
    from tutor.grading import Grader

    now = [1000.0]
    result = load(fixture_sources())
    app = TutorApp(result, lambda: Grader(result.course), quiz_id="example-exam", clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen) and chat.engine.state.deadline == 1000.0 + 600
        await pilot.press(*"anticoagulation")  # typed, never sent
        now[0] = 1000.0 + 601
        await pilot.pause(1.3)  # the clock ticks once a second
        assert chat.engine.done and chat.engine.state.timed_out
        [record] = chat.engine.state.records
        assert record.answer == "anticoagulation" and record.verdict == "correct"
        said = [str(e.render()) for e in chat.query(LearnerEntry)]
        assert said == ["anticoagulation"]
        assert chat.query_one(Input).value == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.answered == 1 and app.screen.summary.timed_out
