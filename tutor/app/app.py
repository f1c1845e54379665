"""The Textual chat tutor: screens for home, chat, summary and references."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from ..course.result import LoadResult
from ..deferred import Deferred
from ..session import Session, Tutoring
from ..texts import DEFAULT_LANGUAGE, msg, say
from . import line_breaks
from .messages import LanguageSwitched, Replay, SaveReported, ShowReferences, StartQuestions, StartQuiz
from .screens.home_screen import HomeScreen
from .words import words

if TYPE_CHECKING:
    from ..engine.engine import Engine

line_breaks.install()  # Chinese lines break as Chinese typesetting does, in every widget (see the module)

LANGUAGES = ("en", "zh")
"""The languages the app switches between (F5, or the palette), in that order."""

Reopen = Callable[[str], tuple[LoadResult, Callable[[], object]]]
"""The course in another language, and the factory of its grader (called on a worker's thread)."""

WARM_UP_AFTER = 0.3
FIRST_FRAME: list[Callable[[], None]] = []
"""Called once the first screen is on the terminal: `tutor serve`'s warm tutor (tutor/zygote.py)
starts the next student's tutor then."""
"""Seconds after start-up before a thread opens the store and prepares the grader: by then the
first screen is drawn, and the thread does not compete with it for the interpreter."""


SAVED_WAIT = 2.0
"""Seconds a look-up for the session to continue waits for the one just left to be written."""


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
            (words(app, "app.palette.quiz", title=q.title), partial(app.start_quiz, q.id, q.mode), q.description)
            for q in app.course.quizzes.values()
        ]
        commands.append((words(app, "app.palette.references"), app.action_references,
                         words(app, "app.palette.references_help")))
        commands.append((words(app, "app.palette.language"), app.action_switch_language,
                         words(app, "app.palette.language_help")))
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
        # A function key, so it works while the answer line has the focus; shown on every screen.
        Binding("f5", "switch_language", "Language", priority=True),
    ]

    def __init__(self, result: LoadResult, grader_factory: Callable[[], object], *, quiz_id: str | None = None,
                 store: object | None = None, clock: Callable[[], float] = time.time,
                 lang: str = DEFAULT_LANGUAGE, reopen: Reopen | None = None,
                 remember: Callable[[str], object] | None = None) -> None:
        """`lang`: the language of the interface and of `result`'s course text. `reopen` gives the
        course in another language (without it a switch changes the interface only); `remember`
        keeps the learner's choice (by default in the config file)."""
        super().__init__()
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        """The language the tutor speaks: its own words, and the course's text."""
        self.title = words(self, "app.title")
        self._reopen = reopen
        self._remember = remember
        self._retired: list[Tutoring] = []
        """Services of a language left behind: their sessions are closed with the app's."""
        self.clock = clock
        self.ask_confidence = False
        """Ask "how sure are you?" before each verdict (toggled on the home screen)."""
        self._unfinished: tuple[int, Any] | None = None
        """The latest unfinished session (its id and state), as last looked up."""
        self._starting_quiz = False
        self.result = result
        self.course = result.course
        self._grader = Deferred(grader_factory)
        self.first_quiz = quiz_id
        self.store = store
        self.service = Tutoring(result, self._grader, store)
        """Opens every session; keeps them until the app exits, so nothing unsaved is dropped."""

    @property
    def grader(self) -> Deferred[object]:
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
        notice = self.notice()
        resumable = self._unfinished[1].title if self._unfinished else ""
        self.push_screen(HomeScreen(self.course, notice, resumable=resumable))  # it looks up the store

    def notice(self) -> str:
        """The course's "for education only" notice, or the tutor's own."""
        info = self.course.info
        return info.notice if info and info.notice else say(msg("course.notice_default"), self.lang)

    def store_if_open(self) -> Any | None:
        """The progress store if it is open, without waiting for it: screens drawn before the
        warm-up has opened it show what needs it once it is (see `_report_store`)."""
        store = self.store
        if isinstance(store, Deferred):
            return store.get() if store.ready else None
        return store

    def look_up_store(self) -> None:
        """Ask the store, on a thread, for the session to continue and the due counts; the home
        screen shows them when they come. Called whenever the home screen comes (back) to the top,
        since leaving a quiz half done makes a session to continue."""
        if self.store_if_open() is None:
            return  # not open yet: the warm-up looks once it has opened it
        self.run_worker(self._look_up, thread=True, exclusive=True, group="store-look-up",
                        description="look up the session to continue and the questions due")

    def _look_up(self) -> None:
        found = self._read_store()
        if found is not None:
            self.call_from_thread(self._looked_up, *found)

    def _read_store(self) -> tuple[tuple[int, Any] | None, tuple[int, int]] | None:
        """(the unfinished session, (new, due)); on a worker's thread, never the event loop."""
        store = self.store_if_open()
        if store is None:
            return None
        for session in list(self.service.sessions):
            session.wait(SAVED_WAIT)  # the session just left is found only once it is written
        return store.unfinished(self.course), store.due_counts(self.course, datetime.now(UTC))

    def _looked_up(self, unfinished: tuple[int, Any] | None, due: tuple[int, int]) -> None:
        self._unfinished = unfinished
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_store(unfinished[1].title if unfinished else "", due)

    def on_ready(self) -> None:  # Textual's Ready: the DOM is ready; the screen on top is drawn next
        self.screen.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        while FIRST_FRAME:
            FIRST_FRAME.pop()()

    def on_mount(self) -> None:
        self.set_timer(WARM_UP_AFTER, self._warm_up)
        self._starting_quiz = bool(self.first_quiz and self.first_quiz in self.course.quizzes)
        if not self._starting_quiz:
            self.show_home()
        if self.result.errors:
            self.notify(words(self, "app.problems_skipped", count=len(self.result.errors)), severity="warning",
                        timeout=8, markup=False)
        if self._starting_quiz:
            assert self.first_quiz is not None
            self.start_quiz(self.first_quiz, self.course.quizzes[self.first_quiz].mode)
        elif self.first_quiz:
            self.notify(words(self, "app.no_quiz", quiz=self.first_quiz), severity="error", markup=False)

    def _warm_up(self) -> None:
        gc.enable()  # paused by run_app while the first screen was drawn
        self.run_worker(self._prepare, thread=True, exclusive=True, group="warm-up",
                        description="open the progress store and prepare the grader")

    def _prepare(self) -> None:
        store = self.store
        if store is not None:
            opened = store.get() if isinstance(store, Deferred) else store
            from ..store import saver  # noqa: F401  # imported here, so the first answer does not wait for it

            found = self._read_store()
            self.call_from_thread(self._report_store, opened, found)
        self._grader.get()

    def _report_store(self, store: Any, found: tuple[tuple[int, Any] | None, tuple[int, int]] | None) -> None:
        """The home screen was drawn without the store: now say what opening it found, and add
        the unfinished session and the due counts to the home screen."""
        if store.problem:
            self.notify(store.problem, severity="warning", timeout=10)
        for message in store.notices:
            self.notify(message, timeout=8)
        if found is not None:
            self._looked_up(*found)

    def chat(self, session: Session) -> None:
        """Open the chat on a session; the service saves every turn in the background."""
        session.engine.state.ask_confidence = session.engine.state.ask_confidence or self.ask_confidence
        from .screens.chat_screen import ChatScreen  # not needed to draw the home screen

        screen = ChatScreen(session, clock=self.clock, lang=self.lang)

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
        now = datetime.now(UTC)
        return [ending for service in (*self._retired, self.service) for ending in service.close(now)]

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
        self.chat(self.service.questions(message.gids, title=message.title, mode=message.mode))

    @on(Replay)
    def _replay(self, message: Replay) -> None:
        self.chat(self.service.replay(message.case_id, message.step_id))

    def action_review(self) -> None:
        if self.store is None:
            return
        try:
            session = self.service.review(datetime.now(UTC))
        except LookupError:
            self.notify(words(self, "app.nothing_due"))
            return
        self.chat(session)

    def action_stats(self) -> None:
        if self.store is None:
            return
        from .screens.stats_screen import StatsScreen

        self.push_screen(StatsScreen(self.store, self.course, datetime.now(UTC)))  # type: ignore[arg-type]  # a Store or its Deferred

    @on(ShowReferences)
    def _show_references(self, message: ShowReferences) -> None:
        """A click on a message's footnotes, in the chat or the summary."""
        from .screens.references_screen import ReferencesScreen

        self.push_screen(ReferencesScreen(self.course, list(message.references)))

    def action_references(self) -> None:
        from .screens.references_screen import ReferencesScreen

        if not isinstance(self.screen, ReferencesScreen):
            self.push_screen(ReferencesScreen(self.course))

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line: Textual dims the sub-title, below AA contrast in the light theme."""
        if not sub_title:
            return Content(title)
        return Content.assemble(Content(title), (" — ", "$foreground-muted"), (sub_title, "$foreground-muted"))

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with every text colour made readable (WCAG AA) on its backgrounds."""
        from .readable import readable_variables

        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        self.theme_variables = variables
        return variables

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # Textual's own words, in the app's language ------------------------------------------------------------

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .screens.tutor_palette import TutorPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # wants App[object]
            self.push_screen(TutorPalette(placeholder=words(self, "app.palette.placeholder"),
                                          no_matches=words(self, "app.palette.no_matches")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, quit, keys, maximize, screenshot), named in the app's language."""
        names = {"Theme": "theme", "Quit": "quit", "Keys": "keys", "Maximize": "maximize", "Minimize": "minimize",
                 "Screenshot": "screenshot"}
        helps = {"Show help for the focused widget and a summary of available keys": "keys_show_help",
                 "Hide the keys and widget help panel": "keys_hide_help"}
        for command in super().get_system_commands(screen):
            name = names.get(command.title)
            if name is None:  # a command a later Textual adds: shown as Textual words it
                yield command
                continue
            help_key = helps.get(command.help, f"{name}_help")
            yield command._replace(title=words(self, f"app.system.{name}"),
                                   help=words(self, f"app.system.{help_key}"))

    # switching language -----------------------------------------------------------------------------------

    def action_switch_language(self) -> None:
        """English ⇄ 中文: the course is reopened in the other language on a thread, the choice
        remembered, then every screen redrawn in it (an open session continues where it was)."""
        target = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self.run_worker(partial(self._reopen_in, target), thread=True, exclusive=True, group="language",
                        description="reopen the course in the other language and remember the choice")

    def _reopen_in(self, lang: str) -> None:
        """On a worker's thread: everything that reads or writes a file."""
        problem = ""
        try:
            if self._reopen is not None:
                result, grader_factory = self._reopen(lang)
                grader = Deferred(grader_factory)
                grader.get()  # built here, so the first answer after the switch does not wait for it
            else:
                result, grader = self.result, self._grader
        except Exception as error:  # a broken cache or file: the tutor stays as it was, and says why
            self.call_from_thread(self.notify, words(self, "app.language_failed", why=str(error)), severity="error",
                                  markup=False)
            return
        try:
            self._remember_language(lang)
        except (OSError, ValueError) as error:  # ValueError: a config file that is not JSON (left as it is)
            problem = str(error)
        self.post_message(LanguageSwitched(lang, result, grader, problem))

    def _remember_language(self, lang: str) -> None:
        if self._remember is not None:
            self._remember(lang)
            return
        from ..texts.language import remember_language

        remember_language(lang)

    @on(LanguageSwitched)
    def _language_switched(self, message: LanguageSwitched) -> None:
        from ..texts import use_language

        self.lang = use_language(message.lang)
        self.title = words(self, "app.title")
        self._retired.append(self.service)
        self.result = message.result
        self.course = message.result.course
        self._grader = message.grader
        self.service = Tutoring(self.result, self._grader, self.store)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()
        self.screen.refresh_bindings()
        said = (words(self, "app.language_not_saved", why=message.problem) if message.problem
                else words(self, "app.language_now"))
        self.notify(said, severity="warning" if message.problem else "information", timeout=4, markup=False)

    def carry_on(self, session: Session) -> Session:
        """The open session `session`, continued in the app's (new) language: resumed by the service
        from its state, where it was, and saved by the same saver, so every answer given and every
        write still queued stays in one stored session."""
        state = session.state
        quiz = self.course.quizzes.get(state.quiz_id)
        if quiz is not None:
            state.title = quiz.title  # the quiz's title, in the language now spoken
        carried = self.service.resume((session.session_id or 0, state))
        carried.saver = session.saver
        carried.on_report = session.on_report
        return carried

    def reread(self, engine: Engine) -> Engine:
        """A finished session's engine on the course as now open (its summary in the new language)."""
        from ..engine.engine import Engine

        return Engine(self.course, self._grader, engine.state)
