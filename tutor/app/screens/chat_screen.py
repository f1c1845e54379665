"""The chat screen: the case unfolds, the tutor asks, the learner answers in their own words."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Header, Input

from ...engine import replies as r
from ...engine.moves import COMMANDS, MAX_TEXT
from ...model import Reference
from ...safe_text import one_line
from ...session import Session
from ...text_render import TextRenderer
from ...texts import DEFAULT_LANGUAGE, msg, say
from ..messages import SaveReported
from ..reply_widgets import widgets_for
from ..widgets.answer_input import AnswerInput
from ..widgets.chat_entry import LearnerEntry, PlainEntry, TutorEntry
from ..widgets.key_bar import KeyBar
from ..widgets.quiz_status import QuizStatus
from ..widgets.transcript import Transcript
from ..words import WordedBindings, lang_of, words

MAX_ENTRIES = 100
"""Transcript entries kept on screen, about the current case and the one before: older ones are
dropped, because Textual lays out every entry on each turn (at 200 a turn took a third longer).
The summary keeps every question, and `why?` repeats the last explanation."""

TYPED_IN_TIME = 0.001
"""Seconds before the deadline an answer typed in time but not sent is stamped with."""




class ChatScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("f2", "hint", "Hint"),
        Binding("f3", "references", "Refs"),
        Binding("f4", "skip", "Skip"),
        Binding("escape", "leave", "Home"),
        Binding("tab", "complete", "Complete", show=False),
        # PgUp/PgDn scroll the transcript though the answer line has the focus (it has bindings of
        # its own for them, hence priority); one key bar entry for both. The mouse wheel scrolls too.
        Binding("pageup", "scroll_transcript(-1)", "Scroll", key_display="PgUp/PgDn", priority=True),
        Binding("pagedown", "scroll_transcript(1)", "Scroll", show=False, priority=True),
        Binding("ctrl+t", "app.toggle_theme", "Theme", show=False),  # works; left off the key bar for room
        Binding("enter,s", "summary", "Summary"),  # only once the session has ended
    ]

    def __init__(self, session: Session, *, clock: Callable[[], float] = time.time,
                 lang: str = DEFAULT_LANGUAGE) -> None:
        super().__init__()
        self.session = session
        self.engine = session.engine
        self.clock = clock
        self.text = TextRenderer(session.engine.course, lang=lang)
        self._citations: list[Reference] = []
        self._summary: r.Summary | None = None
        self._typed_at: float | None = None
        """When the answer line was last edited (by the session's clock)."""
        self._ended = False
        """The session is over and its last feedback on screen: Enter or s opens the summary."""
        self._cited_in_case: set[str] = set()
        """Keys of the references shown in full since the case began: later only their labels."""
        self._progress: tuple[int, int] | None = None
        """Questions answered and in all, as last said: the status line drawn again keeps them."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuizStatus()
        yield Transcript(id="transcript")
        placeholder = say(msg("app.input_placeholder", term=self.engine.course.example_term()), self.text.lang)
        yield AnswerInput(placeholder=placeholder,
                    suggester=SuggestFromList(COMMANDS, case_sensitive=False), max_length=MAX_TEXT, id="answer")
        yield KeyBar()

    def on_mount(self) -> None:
        self._begin()
        if self.engine.state.deadline is not None:
            self._tick()
            self.set_interval(1.0, self._tick)

    def _begin(self) -> None:
        """The header, and the session's opening (a resumed one's: where it was)."""
        s = self.engine.state
        self.title = one_line(s.title)  # the header is one line, drawn by the terminal
        self.sub_title = words(self, "app.chat.mode", mode=words(self, f"mode.{s.mode}"))
        if self._progress is not None:
            self.query_one(QuizStatus).show_progress(*self._progress)
        if self._ended:
            self._append([PlainEntry(words(self, "app.session_end"), classes="session-end")])
            self.query_one(Input).display = False
            self.query_one("#transcript", VerticalScroll).focus()
            return
        self.query_one(Input).focus()
        self.show(self.session.start(self.clock()))

    def relabel(self) -> None:
        """The app now speaks another language: the session continues on the course in it (a
        finished one keeps its answers and gets its summary in it), the screen is drawn again."""
        app = self.app
        if self._ended or self.engine.done:
            self.engine = app.reread(self.engine)  # type: ignore[attr-defined]  # the app is a TutorApp, which screens cannot import (it imports them)
            self._summary = self.engine.summary() if self._summary is not None else None
        else:
            self.session = app.carry_on(self.session)  # type: ignore[attr-defined]  # as above
            self.engine = self.session.engine
        self.text = TextRenderer(self.engine.course, lang=lang_of(self))
        self._citations = []
        self._cited_in_case.clear()
        self.call_later(self._redraw)

    async def _redraw(self) -> None:
        await self.recompose()
        self._begin()
        self.refresh_bindings()

    def _tick(self) -> None:
        left = self.engine.remaining_seconds(self.clock())
        if left is None or self.engine.done:
            return
        minutes, seconds = divmod(int(left), 60)
        self.query_one(QuizStatus).show_clock(f"⏱ {minutes:02d}:{seconds:02d}")
        if left <= 0:
            self._time_up()

    def _time_up(self) -> None:
        """An answer typed but not sent when time runs out is the learner's answer: it is sent,
        stamped just inside the limit (it was typed before the clock said so), then time is up."""
        answer = self.query_one(Input)
        text = answer.value
        deadline = self.engine.state.deadline
        if text.strip() and deadline is not None:
            answer.clear()
            at = min(self._typed_at or deadline, deadline - TYPED_IN_TIME)
            replies = self.session.turn(text, at)
            if any(isinstance(x, r.DidYouMean) for x in replies):
                replies += self.session.turn("", at)  # exam mode: Enter keeps the answer as typed
            self.show(replies, said=[LearnerEntry(text.strip()[:MAX_TEXT])])
        if not self.engine.done:
            self.show(self.session.time_up(self.clock()))

    @on(Input.Changed, "#answer")
    def _typed(self, event: Input.Changed) -> None:
        self._typed_at = self.clock() if event.value else None

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value
        event.input.clear()
        self.send(text)

    def send(self, text: str) -> None:
        if self.engine.done:
            return
        said: list[Widget] = [LearnerEntry(text.strip()[:MAX_TEXT])] if text.strip() else []
        self.show(self.session.turn(text, self.clock()), said=said)

    def show(self, replies: list[r.Reply], said: list[Widget] | None = None) -> None:
        """Add the replies to the transcript, after what the learner said (`said`): one mount,
        so the transcript is laid out once per turn."""
        widgets = list(said or [])
        case_start = 0  # where the current case's entries begin in `widgets`
        for reply in replies:
            if isinstance(reply, r.CaseStart):
                self._cite_once(widgets[case_start:])
                self._cited_in_case.clear()
                case_start = len(widgets)
            if isinstance(reply, r.Progress):
                self._progress = (reply.done, reply.total)
                self.query_one(QuizStatus).show_progress(reply.done, reply.total)
            elif isinstance(reply, r.References):
                from .references_screen import ReferencesScreen

                self.app.push_screen(ReferencesScreen(self.engine.course, list(reply.references)))
            elif isinstance(reply, r.Summary):
                self._summary = reply
            elif isinstance(reply, r.Ended):
                pass
            else:
                cites = getattr(reply, "citations", ())
                if cites:
                    self._citations = list(cites)
                widgets.extend(widgets_for(reply, self.engine.course, self.text))
        self._cite_once(widgets[case_start:])
        self._append(widgets, turn=True)
        if any(isinstance(x, r.Ended) for x in replies):
            self._finished(replies)

    def _cite_once(self, widgets: list[Widget]) -> None:
        """One list of sources for a turn's messages in one case, under the last cited one; a
        source already shown in full in this case by its label only. (Each message listing the
        same five sources in full pushed the verdict off an 80x24 screen.)"""
        cited = [w for w in widgets if isinstance(w, TutorEntry) and w.references]
        if not cited:
            return
        refs = list({ref.key: ref for w in cited for ref in w.references}.values())
        for entry in cited[:-1]:
            entry.show_sources(())
        full = [ref for ref in refs if ref.key not in self._cited_in_case]
        cited[-1].show_sources(full, [ref for ref in refs if ref.key in self._cited_in_case])
        self._cited_in_case.update(ref.key for ref in full)

    def _append(self, widgets: list[Widget], *, turn: bool = False) -> None:
        """Mount entries; a turn's are scrolled into view from their start (see `_show_turn`)."""
        if not widgets:
            return
        transcript = self.query_one("#transcript", VerticalScroll)
        following = transcript.scroll_y >= transcript.max_scroll_y
        extra = len(transcript.children) + len(widgets) - MAX_ENTRIES
        if extra > 0:
            transcript.remove_children(list(transcript.children)[:extra])
        transcript.mount_all(widgets)
        # Scroll once the new entries have their size, or the end moves on after the scroll.
        if turn:
            transcript.call_after_refresh(self._show_turn, transcript, widgets[0], widgets[-1])
        elif following:
            transcript.call_after_refresh(transcript.scroll_end, animate=False)

    @staticmethod
    def _show_turn(transcript: VerticalScroll, first: Widget, last: Widget) -> None:
        """The end of the transcript, unless the turn is taller than the view: then its start
        (the learner's words and the verdict) at the top, and the rest a PgDn away."""
        if not transcript.is_mounted:  # the chat has closed
            return
        if not first.is_mounted:  # dropped by the cap already
            transcript.scroll_end(animate=False)
            return
        top = first.virtual_region_with_margin.y
        if last.virtual_region_with_margin.bottom - top > transcript.scrollable_content_region.height:
            transcript.scroll_to(y=top, animate=False, immediate=True)
        else:
            transcript.scroll_end(animate=False)

    @on(SaveReported)
    def _save_reported(self, message: SaveReported) -> None:
        """Saving failed or resumed: said in the chat, where the learner is looking, and as a toast."""
        report = message.report
        message.stop()
        failed = report.kind != "resumed"
        notice = r.Notice(msg("save.report", text=report.text), "warning" if failed else "info")
        self._append(widgets_for(notice, self.engine.course, self.text))  # not a turn: nothing to save
        self.app.notify(report.text, severity="warning" if failed else "information",
                        timeout=60 if report.kind in ("exported", "lost") else 10, markup=False)

    def _finished(self, replies: list[r.Reply]) -> None:
        """Quitting goes home at once; any other end keeps the chat, so the last answer's feedback
        is read, until the learner asks for the summary."""
        ended = next(x for x in replies if isinstance(x, r.Ended))
        if ended.reason == "quit" or self._summary is None:
            self.dismiss(None)
            return
        self._ended = True
        self.query_one(Input).display = False  # nothing more to answer; s and Enter reach the screen
        self._append([PlainEntry(words(self, "app.session_end"), classes="session-end")], turn=True)
        self.query_one("#transcript", VerticalScroll).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "summary":
            return self._ended
        if action in ("hint", "skip"):
            return not self._ended
        return True

    def action_summary(self) -> None:
        if not self._ended or self._summary is None:
            return
        from .summary_screen import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.engine, self._summary))

    def action_hint(self) -> None:
        self.send("hint")

    def action_skip(self) -> None:
        self.send("skip")

    def action_references(self) -> None:
        from .references_screen import ReferencesScreen

        refs = self._citations or list(self.engine.course.references.values())
        self.app.push_screen(ReferencesScreen(self.engine.course, refs))

    def action_complete(self) -> None:
        """Tab takes the greyed-out completion of a command, as a shell does; with none to take
        it moves the focus on, as Tab does elsewhere."""
        answer = self.query_one(Input)
        if answer.has_focus and answer.cursor_at_end:
            typed = answer.value
            answer.action_cursor_right()  # at the end of the text this takes the suggestion
            if answer.value != typed:
                return
        self.app.action_focus_next()

    def action_scroll_transcript(self, pages: int) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        if pages < 0:
            transcript.scroll_page_up(animate=False)
        else:
            transcript.scroll_page_down(animate=False)

    def action_leave(self) -> None:
        self.dismiss(None)
