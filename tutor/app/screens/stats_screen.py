"""The stats screen: mastery by topic as bars, accuracy over time, the due forecast, misconceptions."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from ...model import Course
from ...safe_text import visible
from ...store.store import Store
from ..messages import StartQuestions
from ..stats_text import stats_sections
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, lang_of, words


class StatsScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("r", "review", "Review due"),
    ]

    def __init__(self, store: Store, course: Course, now: datetime) -> None:
        super().__init__()
        self.store = store
        self.course = course
        self.now = now
        self.stats = store.stats(course, now)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            problem = self.store.problem
            if problem:
                yield Static(Content(visible(problem)), classes="stats-problem", markup=False)
            for section in stats_sections(self.stats, lang_of(self)):
                # Course and learner text is shown as it is: never parsed as markup.
                # ...and neutralised: the store may hold progress imported from someone else's file.
                yield Static(Content.styled(visible(section.title), "bold"), classes="stats-title", markup=False)
                yield Static(Content(visible("\n".join(section.lines))), classes="stats-body", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = words(self, "app.stats.title")
        self.sub_title = words(self, "app.stats.sub_title", due=self.stats.due, new=self.stats.new)
        self.query_one("#stats", VerticalScroll).focus()

    def relabel(self) -> None:
        """Drawn again in the app's new language, topics named as the course now names them."""
        self.course = self.app.course  # type: ignore[attr-defined]  # the app is a TutorApp, which screens cannot import (it imports them)
        self.stats = self.store.stats(self.course, self.now)
        self.refresh(recompose=True)
        self.call_after_refresh(self.on_mount)

    def action_review(self) -> None:
        gids = self.store.due_questions(self.course, self.now)
        if not gids:
            self.notify(words(self, "app.stats.nothing_due"))
            return
        self.app.post_message(StartQuestions(gids, words(self, "app.review_title")))
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
