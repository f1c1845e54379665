"""The Textual chat tutor: screens for home, chat, summary and references."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

from ..course.result import LoadResult
from ..deferred import Deferred
from ..session import Session, Tutoring
from .messages import Replay, SaveReported, ShowReferences, StartQuestions, StartQuiz
from .screens.chat_screen import ChatScreen
from .screens.home_screen import HomeScreen

NOTICE = "For education only, not clinical advice."

WARM_UP_AFTER = 0.3
"""Seconds after start-up before a thread opens the store and prepares the grader: by then the
first screen is drawn, and the thread does not compete with it for the interpreter."""


class BaseScreen(Screen[None]):
    """The bottom of the screen stack: it shows the home screen whenever it comes to the top.

    When the tutor starts straight into a quiz (`tutor app --quiz ID`), the home screen is only
    built once the learner leaves the quiz, so the first question appears sooner.
    """

    def on_screen_resume(self) -> None:
        app = self.app
        if isinstance(app, TutorApp):
            app.show_home()


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
    CSS_PATH = Path(__file__).parent / "tutor.tcss"
    """Absolute, so that a subclass defined elsewhere (a benchmark, a test) finds it too."""
    TITLE = "LEDVT tutor"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f3", "references", "Refs"),
        Binding("ctrl+t", "toggle_theme", "Theme"),
    ]

    def __init__(self, result: LoadResult, grader_factory: Callable[[], object], *, quiz_id: str | None = None,
                 store: object | None = None, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.clock = clock
        self.ask_confidence = False
        """Ask "how sure are you?" before each verdict (toggled on the home screen)."""
        self._unfinished: tuple[int, Any] | None = None
        self._starting_quiz = False
        self._asked_unfinished = False
        self.result = result
        self.course = result.course
        self._grader = Deferred(grader_factory)
        self.first_quiz = quiz_id
        self.store = store
        self.service = Tutoring(result, self._grader, store)
        """Opens every session; keeps them until the app exits, so nothing unsaved is dropped."""

    @property
    def grader(self) -> Deferred:
        return self._grader

    def get_default_screen(self) -> Screen[Any]:
        return BaseScreen()

    def show_home(self) -> None:
        """Put the home screen on the stack (once), unless a quiz was asked for at start-up."""
        if self._starting_quiz:
            self._starting_quiz = False
            return
        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            return
        self._check_unfinished()
        info = self.course.info
        notice = (info.notice if info and info.notice else NOTICE)
        resumable = self._unfinished[1].title if self._unfinished else ""
        self.push_screen(HomeScreen(self.course, notice, resumable=resumable))

    def store_if_open(self) -> Any | None:
        """The progress store if it is open, without waiting for it: screens drawn before the
        warm-up has opened it show what needs it once it is (see `_store_opened`)."""
        store = self.store
        if isinstance(store, Deferred):
            return store.get() if store.ready else None
        return store

    def _check_unfinished(self) -> None:
        """Look once for an unfinished session to offer on the home screen."""
        store = self.store_if_open()
        if self._unfinished is None and store is not None and not self._asked_unfinished:
            self._asked_unfinished = True
            self._unfinished = store.unfinished(self.course)

    def on_mount(self) -> None:
        self.set_timer(WARM_UP_AFTER, self._warm_up)
        self._starting_quiz = bool(self.first_quiz and self.first_quiz in self.course.quizzes)
        if not self._starting_quiz:
            self.show_home()
        if self.result.errors:
            self.notify(f"{len(self.result.errors)} problems in the course files were skipped; "
                        "run `tutor validate` to see them.", severity="warning", timeout=8)
        if self._starting_quiz:
            assert self.first_quiz is not None
            self.start_quiz(self.first_quiz, self.course.quizzes[self.first_quiz].mode)
        elif self.first_quiz:
            self.notify(f"No quiz {self.first_quiz!r}.", severity="error")

    def _warm_up(self) -> None:
        gc.enable()  # paused by run_app while the first screen was drawn
        self.run_worker(self._prepare, thread=True, exclusive=True, group="warm-up",
                        description="open the progress store and prepare the grader")

    def _prepare(self) -> None:
        store = self.store
        if store is not None:
            opened = store.get() if isinstance(store, Deferred) else store
            from ..store import saver  # noqa: F401  # imported here, so the first answer does not wait for it

            self.call_from_thread(self._report_store, opened)
        self._grader.get()

    def _report_store(self, store: Any) -> None:
        if store.problem:
            self.notify(store.problem, severity="warning", timeout=10)
        for message in store.notices:
            self.notify(message, timeout=8)
        self._store_opened()

    def _store_opened(self) -> None:
        """The home screen was drawn without the store: now add the unfinished session and the
        due counts to it."""
        self._check_unfinished()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_store(self._unfinished[1].title if self._unfinished else "")

    def chat(self, session: Session) -> None:
        """Open the chat on a session; the service saves every turn in the background."""
        session.engine.state.ask_confidence = session.engine.state.ask_confidence or self.ask_confidence
        screen = ChatScreen(session, clock=self.clock)

        def report(message: Any) -> None:  # on the saver's thread: post_message is thread-safe
            # Failing and resuming are said in the chat; the end of a session's saving, by the app,
            # since the chat has closed by then.
            if message.kind in ("exported", "lost") or not screen.post_message(SaveReported(message)):
                self.post_message(SaveReported(message))

        session.on_report = report
        self.push_screen(screen)

    @on(SaveReported)
    def _save_reported(self, message: SaveReported) -> None:
        """A report whose chat has closed (the end of a session: where its unsaved answers went)."""
        failed = message.report.kind != "resumed"
        self.notify(message.report.text, severity="warning" if failed else "information",
                    timeout=60 if message.report.kind in ("exported", "lost") else 10, markup=False)

    def end_saving(self) -> list[Any]:
        """Finish every session's saving (when the app exits); the endings with something to say."""
        return self.service.close(datetime.now(UTC))

    def start_quiz(self, quiz_id: str, mode: str) -> None:
        self.chat(self.service.quiz(quiz_id, mode))

    @on(StartQuiz)
    def _start_quiz(self, message: StartQuiz) -> None:
        if message.resume and self._unfinished is not None:
            found = self._unfinished
            self._unfinished = None
            self.chat(self.service.resume(found))
            return
        self.start_quiz(message.quiz_id, message.mode)

    @on(StartQuestions)
    def _start_questions(self, message: StartQuestions) -> None:
        self.chat(self.service.questions(message.gids, title=message.title, mode=message.mode))  # type: ignore[arg-type]

    @on(Replay)
    def _replay(self, message: Replay) -> None:
        self.chat(self.service.replay(message.case_id, message.step_id))

    def action_review(self) -> None:
        if self.store is None:
            return
        try:
            session = self.service.review(datetime.now(UTC))
        except LookupError:
            self.notify("Nothing is due for review yet. Come back tomorrow.")
            return
        self.chat(session)

    def action_stats(self) -> None:
        if self.store is None:
            return
        from .screens.stats_screen import StatsScreen

        self.push_screen(StatsScreen(self.store, self.course, datetime.now(UTC)))  # type: ignore[arg-type]

    @on(ShowReferences)
    def _show_references(self, message: ShowReferences) -> None:
        """A click on a message's footnotes, in the chat or the summary."""
        from .screens.references_screen import ReferencesScreen

        self.push_screen(ReferencesScreen(self.course, list(message.references)))

    def action_references(self) -> None:
        from .screens.references_screen import ReferencesScreen

        if not isinstance(self.screen, ReferencesScreen):
            self.push_screen(ReferencesScreen(self.course))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
