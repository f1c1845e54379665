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
from ...texts import msg, say
from ..messages import SaveReported
from ..reply_widgets import widgets_for
from ..widgets.chat_entry import LearnerEntry
from ..widgets.key_bar import KeyBar
from ..widgets.quiz_status import QuizStatus

MAX_ENTRIES = 100
"""Transcript entries kept on screen, about the current case and the one before: older ones are
dropped, because Textual lays out every entry on each turn (at 200 a turn took a third longer).
The summary keeps every question, and `why?` repeats the last explanation."""



class ChatScreen(Screen[None]):
    BINDINGS = [
        Binding("f2", "hint", "Hint"),
        Binding("f3", "references", "Refs"),
        Binding("f4", "skip", "Skip"),
        Binding("escape", "leave", "Home"),
        Binding("tab", "complete", "Complete", show=False),
    ]

    def __init__(self, session: Session, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.session = session
        self.engine = session.engine
        self.clock = clock
        self.text = TextRenderer(session.engine.course)
        self._citations: list[Reference] = []
        self._summary: r.Summary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuizStatus()
        yield VerticalScroll(id="transcript")
        placeholder = say(msg("app.input_placeholder", term=self.engine.course.example_term()))
        yield Input(placeholder=placeholder,
                    suggester=SuggestFromList(COMMANDS, case_sensitive=False), max_length=MAX_TEXT, id="answer")
        yield KeyBar()

    def on_mount(self) -> None:
        s = self.engine.state
        self.title = one_line(s.title)  # the header is one line, drawn by the terminal
        self.sub_title = f"{s.mode} mode"
        self.query_one(Input).focus()
        self.show(self.session.start(self.clock()))
        if self.engine.state.deadline is not None:
            self._tick()
            self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        left = self.engine.remaining_seconds(self.clock())
        if left is None or self.engine.done:
            return
        minutes, seconds = divmod(int(left), 60)
        self.query_one(QuizStatus).show_clock(f"⏱ {minutes:02d}:{seconds:02d}")
        if left <= 0:
            self.show(self.session.time_up(self.clock()))

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
        for reply in replies:
            if isinstance(reply, r.Progress):
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
        self._append(widgets)
        if any(isinstance(x, r.Ended) for x in replies):
            self._finished(replies)

    def _append(self, widgets: list[Widget]) -> None:
        if not widgets:
            return
        transcript = self.query_one("#transcript", VerticalScroll)
        extra = len(transcript.children) + len(widgets) - MAX_ENTRIES
        if extra > 0:
            transcript.remove_children(list(transcript.children)[:extra])
        transcript.mount_all(widgets)
        # Scroll once the new entries have their size, or the end moves on after the scroll.
        transcript.call_after_refresh(transcript.scroll_end, animate=False)

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
        ended = next(x for x in replies if isinstance(x, r.Ended))
        if ended.reason == "quit" or self._summary is None:
            self.dismiss(None)
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

    def action_leave(self) -> None:
        self.dismiss(None)
