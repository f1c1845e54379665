"""The Textual app, driven with Pilot as a learner would: keyboard first, at 80x24."""

from __future__ import annotations

import threading

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList

from tests.conftest import fixture_sources
from tutor.app.app import TutorApp
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.home_screen import HomeScreen
from tutor.app.screens.references_screen import ReferencesScreen
from tutor.app.screens.summary_screen import SummaryScreen
from tutor.app.widgets.chat_entry import LearnerEntry, TutorEntry, VerdictBadge
from tutor.app.widgets.key_bar import KeyBar
from tutor.app.widgets.quiz_status import QuizStatus
from tutor.course.loader import load
from tutor.grading import Grader
from tutor.store.store import Store


def make_app() -> TutorApp:
    result = load(fixture_sources())
    assert not result.errors, result.errors
    return TutorApp(result, lambda: Grader(result.course), clock=lambda: 1000.0)


async def type_line(pilot: Pilot[None], text: str) -> None:
    inp = pilot.app.screen.query_one(Input)
    inp.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_whole_quiz_in_tutor_mode_with_branch_and_replay() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the first quiz, tutor mode
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        await type_line(pilot, "anticoagulation")
        badges = list(app.screen.query(VerdictBadge))
        assert badges and "-correct" in badges[0].classes
        await type_line(pilot, "b")  # the harmful choice: a teaching branch, then back
        assert app.screen.engine.state.phase == "decision"
        await type_line(pilot, "a")
        await type_line(pilot, "contraindication to anticoagulation and anticoagulation failure")
        await type_line(pilot, "a")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)  # the last feedback stays until Enter
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.score == 100.0
        assert [p.followed_recommendation for p in app.screen.summary.path] == [False, True]
        # replay from the first decision
        app.screen.query_one("#replay", OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.screen.engine.state.phase == "decision"


async def test_exam_mode_shows_no_feedback_until_the_summary() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # the exam quiz
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen) and screen.engine.state.mode == "exam"
        assert "10:00" in screen.query_one(QuizStatus).render().plain
        await type_line(pilot, "thrombolysis")
        assert not list(screen.query(VerdictBadge))
        await type_line(pilot, "a")
        await type_line(pilot, "floating thrombus")
        await type_line(pilot, "a")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(app.screen.summary.missed) == 2
        missed = list(app.screen.query(TutorEntry))  # one message per missed question, with its answer
        assert [m.markdown.count("Answer: **") for m in missed] == [1, 1]
        assert all(m.has_class("-cited") for m in missed)
        assert "To look at again" in str(app.screen.query_one("#score").render())
        missed[0].scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(missed[0])  # its footnotes open in full, from the summary too
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen) and app.screen.refs == list(missed[0]._references)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("r")  # retry what I missed
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert [i.questions for i in app.screen.engine.state.items] == [["baseline", "why-filter"]]


@pytest.mark.parametrize("text", ["[bold red]x[/", "[link=x]y", "[/]", "\\[b]"])
async def test_markup_like_text_is_shown_literally(text: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, text)
        entries = list(app.screen.query(LearnerEntry))
        assert entries and str(entries[-1].render()) == text


async def test_references_panel_and_glossary() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "/ref 18")
        assert isinstance(app.screen, ReferencesScreen)
        shown = str(app.screen.query_one("#references-list").render_lines(app.screen.query_one("#references-list").region.reset_offset))
        source = app.screen.markdown_source
        assert "Gao" in source and "10.1186/s12959-023-00567-3" in source
        assert "Gao" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        await type_line(pilot, "what is PTS?")
        assert any("post-thrombotic" in e.markdown.lower() for e in app.screen.query(TutorEntry))


def drawn_colours(widget: Widget) -> set[str]:
    strips = widget.render_lines(widget.region.reset_offset)
    return {str(seg.style.color) for strip in strips for seg in strip if seg.text.strip() and seg.style}


async def test_theme_toggle_and_quit_keeps_home() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark != dark
        await pilot.press("enter")
        await pilot.pause()
        entry = app.screen.query(TutorEntry).first()
        before = drawn_colours(entry)
        await pilot.press("ctrl+t")  # the open chat follows the theme: label, text and sources
        await pilot.pause()
        assert before and drawn_colours(entry) and drawn_colours(entry) != before
        await type_line(pilot, "/quit")
        assert isinstance(app.screen, HomeScreen)


async def test_progress_is_saved_each_turn_and_the_session_continues() -> None:
    from tutor.store import open_store

    result = load(fixture_sources())
    store = open_store()
    app = TutorApp(result, lambda: Grader(result.course), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "anticoagulation")
    assert app.end_saving() == []  # saved, in the background, though the session was never finished
    assert store.attempt_count() == 1
    store.close()

    store = open_store()
    again = TutorApp(result, lambda: Grader(result.course), store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        home = again.screen
        await again.workers.wait_for_complete()  # the store is asked on a thread
        await pilot.pause()
        assert isinstance(home, HomeScreen) and home.resumable == "Worked example"
        assert "1 not yet seen" not in str(home.query_one("#due").render())
        await pilot.press("c")
        await pilot.pause()
        chat = again.screen
        assert isinstance(chat, ChatScreen)
        assert chat.engine.state.phase == "decision" and len(chat.engine.state.records) == 1
        await type_line(pilot, "a")
        await type_line(pilot, "contraindication to anticoagulation and anticoagulation failure")
    assert again.end_saving() == []
    assert store.attempt_count() == 2
    store.close()


async def test_starting_straight_into_a_quiz_then_home() -> None:
    result = load(fixture_sources())
    app = TutorApp(result, lambda: Grader(result.course), quiz_id="example")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        await type_line(pilot, "/quit")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # and a quiz can be started from there
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_key_bar_shows_each_screens_keys_and_a_click_presses_one() -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        home_keys = app.screen.query_one(KeyBar).render().plain
        assert "m Mode" in home_keys and "^q Quit" in home_keys and "f2" not in home_keys
        await pilot.press("enter")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        keys = bar.render().plain
        assert "f2 Hint" in keys and "f4 Skip" in keys and "esc Home" in keys
        assert keys.count("Refs") == 1  # the app's and the screen's F3 are one action
        assert keys.rstrip().endswith("^p Find quiz")  # room for the palette key at the right
        before = [e.label for e in app.screen.query(TutorEntry)]
        await pilot.click(KeyBar, offset=(keys.index("f2 Hint") + 2, 0))
        await pilot.pause()
        after = [e.label for e in app.screen.query(TutorEntry)]
        assert after[: len(before)] == before and after[len(before):] == ["Hint"]
        await pilot.click(KeyBar, offset=(keys.index("esc Home") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_key_bar_leaves_out_the_palette_key_when_the_line_is_full() -> None:
    app = make_app()
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        keys = app.screen.query_one(KeyBar).render().plain
        assert keys.startswith(" m Mode") and "Find quiz" not in keys


def test_start_up_pauses_the_garbage_collector_and_always_resumes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import gc

    from tutor.app import run as run_module

    seen: list[bool] = []

    def fake_run(self: TutorApp) -> None:  # stands in for the event loop: just look at the collector
        seen.append(gc.isenabled())
        raise KeyboardInterrupt

    monkeypatch.setattr(TutorApp, "run", fake_run)
    assert gc.isenabled()
    with pytest.raises(KeyboardInterrupt):
        run_module.run_app(argparse.Namespace(), quiz_id="starter")
    assert seen == [False] and gc.isenabled()


async def test_the_collector_is_back_on_once_the_first_screen_has_settled() -> None:
    import gc

    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.8)  # the warm-up runs 0.5 s after mount
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_the_transcript_keeps_its_newest_entries_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.app.screens import chat_screen

    monkeypatch.setattr(chat_screen, "MAX_ENTRIES", 12)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for n in range(8):  # each turn adds the learner's line and the tutor's answer
            await type_line(pilot, f"what is PTS {n}")
        transcript = app.screen.query_one("#transcript")
        assert len(transcript.children) == 12
        assert isinstance(transcript.children[-2], LearnerEntry)
        assert "PTS 7" in str(transcript.children[-2].render())


async def test_home_screen_is_drawn_before_the_store_opens_and_then_shows_what_it_holds() -> None:
    from tutor.deferred import Deferred
    from tutor.store import open_store

    result = load(fixture_sources())
    store = open_store()
    first = TutorApp(result, lambda: Grader(result.course), store=store)
    async with first.run_test(size=(80, 24)) as pilot:  # leave a session unfinished
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "anticoagulation")
    assert first.end_saving() == []
    store.close()

    opened: list[Store] = []
    gate = threading.Event()

    def open_later() -> Store:
        # Held until the test has seen the first frame: a home screen that waited for the store
        # would wait out this timeout, and find the store already open.
        gate.wait(timeout=10)
        opened.append(open_store())
        return opened[-1]

    app = TutorApp(result, lambda: Grader(result.course), store=Deferred(open_later))
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not opened and not home.query("#resume") and not str(home.query_one("#due").render())
        gate.set()
        for _ in range(60):  # the warm-up thread opens the store a moment after the first frame
            await pilot.pause(0.05)
            if home.query("#resume"):
                break
        assert opened and home.resumable == "Worked example"
        assert "due for review" in str(home.query_one("#due").render())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and len(app.screen.engine.state.records) == 1
    opened[0].close()


async def test_tab_completes_a_command_and_otherwise_moves_the_focus() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        answer = app.screen.query_one(Input)
        await pilot.press("/", "h", "e", "tab")
        await pilot.pause()
        assert answer.value == "/help" and answer.has_focus
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x", "y", "z", "tab")  # nothing to complete: Tab moves on, the text stays
        await pilot.pause()
        assert answer.value == "xyz" and not answer.has_focus


async def test_a_click_on_a_cited_message_opens_its_references() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "what is PTS?")
        cited = [e for e in app.screen.query(TutorEntry) if e.has_class("-cited")]
        assert cited and cited[-1].label == "Glossary"
        expected = list(cited[-1]._references)
        uncited = [e for e in app.screen.query(TutorEntry) if not e.has_class("-cited")][-1]
        uncited.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(uncited)  # a message without sources opens nothing
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        cited[-1].scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(cited[-1])
        await pilot.pause()
        assert isinstance(app.screen, ReferencesScreen) and app.screen.refs == expected
