"""The Textual chat tutor: screens for home, chat, summary and references."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import Hit, Hits, Provider

from ..course.loader import LoadResult
from ..engine.engine import Engine
from .messages import Replay, StartQuestions, StartQuiz
from .screens.chat_screen import ChatScreen
from .screens.home_screen import HomeScreen
from .screens.references_screen import ReferencesScreen

NOTICE = "For education only, not clinical advice."


class CourseCommands(Provider):
    """The command palette reaches every quiz and the references."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, TutorApp)
        matcher = self.matcher(query)
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Quiz: {q.title}", partial(app.start_quiz, q.id, q.mode), q.description)
            for q in app.course.quizzes.values()
        ]
        commands.append(("References", app.action_references, "Every source the course cites"))
        for name, callback, help_text in commands:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class TutorApp(App[None]):
    CSS_PATH = "tutor.tcss"
    TITLE = "LEDVT tutor"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f3", "references", "Refs"),
        Binding("ctrl+t", "toggle_theme", "Theme"),
    ]

    def __init__(self, result: LoadResult, grader_factory: Callable[[], object], *, quiz_id: str | None = None,
                 store: object | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self.result = result
        self.course = result.course
        self._grader_factory = grader_factory
        self._grader: object | None = None
        self.first_quiz = quiz_id
        self.store = store

    @property
    def grader(self) -> object:
        if self._grader is None:
            self._grader = self._grader_factory()
        return self._grader

    def on_mount(self) -> None:
        info = self.course.info
        notice = (info.notice if info and info.notice else NOTICE)
        self.push_screen(HomeScreen(self.course, notice))
        if self.result.errors:
            self.notify(f"{len(self.result.errors)} problems in the course files were skipped; "
                        "run `tutor validate` to see them.", severity="warning", timeout=8)
        if self.first_quiz:
            if self.first_quiz in self.course.quizzes:
                self.start_quiz(self.first_quiz, self.course.quizzes[self.first_quiz].mode)
            else:
                self.notify(f"No quiz {self.first_quiz!r}.", severity="error")

    def start_quiz(self, quiz_id: str, mode: str) -> None:
        quiz = self.course.quizzes[quiz_id]
        self.push_screen(ChatScreen(Engine.for_quiz(self.course, self.grader, quiz, mode=mode), clock=self.clock))

    @on(StartQuiz)
    def _start_quiz(self, message: StartQuiz) -> None:
        self.start_quiz(message.quiz_id, message.mode)

    @on(StartQuestions)
    def _start_questions(self, message: StartQuestions) -> None:
        engine = Engine.for_questions(self.course, self.grader, message.gids, title=message.title, mode=message.mode)
        self.push_screen(ChatScreen(engine, clock=self.clock))

    @on(Replay)
    def _replay(self, message: Replay) -> None:
        engine = Engine.replay(self.course, self.grader, message.case_id, message.step_id)
        self.push_screen(ChatScreen(engine, clock=self.clock))

    def action_references(self) -> None:
        if not isinstance(self.screen, ReferencesScreen):
            self.push_screen(ReferencesScreen(self.course))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
