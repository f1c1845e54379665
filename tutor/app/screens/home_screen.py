"""The home screen: pick a quiz and a mode, or continue where you left off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model import Course, Quiz
from ...safe_text import one_line
from ...selection import quiz_case_ids, quiz_question_ids
from ...texts import DEFAULT_LANGUAGE, msg, say
from ..messages import StartQuiz
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, words


def quiz_line(course: Course, quiz: Quiz, lang: str = DEFAULT_LANGUAGE) -> str:
    def t(key: str, **args: object) -> str:
        return say(msg(key, **args), lang)

    n = len(quiz_question_ids(course, quiz))
    topics = sorted({course.tags[topic].label for topic in map(course.case_topic, quiz_case_ids(course, quiz))
                     if topic in course.tags})
    extra = t("app.home.minutes", minutes=quiz.time_limit) if quiz.time_limit and quiz.mode == "exam" else ""
    if quiz.mode_locked:
        extra += t("app.home.locked")
    topic_text = t("app.home.topics_joiner").join(topics) or t("app.home.mixed")
    return f"{one_line(quiz.title)}\n  " + t("app.home.quiz_line", count=n, topics=topic_text, extra=extra)


class HomeScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("m", "toggle_mode", "Mode"),
        Binding("c", "resume", "Continue"),  # shown only when there is a session to continue
        Binding("r", "app.review", "Review"),
        Binding("s", "app.stats", "Stats"),
        Binding("k", "toggle_confidence", "Confidence"),
        # They work here too, but the key bar has room at 80 columns only for the keys above, Quit
        # and the palette (which reaches the references and the theme as well).
        Binding("f3", "app.references", "Refs", show=False),
        Binding("ctrl+t", "app.toggle_theme", "Theme", show=False),
    ]

    def __init__(self, course: Course, notice: str, *, resumable: str = "") -> None:
        super().__init__()
        self.course = course
        self.notice = notice
        self._chosen: dict[str, str] = {}
        """Quizzes whose mode the learner switched with m; every other starts in its own."""
        self._highlighted: Quiz | None = next(iter(course.quizzes.values()), None)
        self.resumable = resumable
        """The title of a saved unfinished session, if any."""
        self._due: tuple[int, int] | None = None
        """The (new, due) counts, once the store has said."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(Content(self.notice), id="notice", markup=False)
            if self.resumable:
                yield self._resume_line()
            yield Static(self._mode_text(), id="mode", markup=False)
            yield Static("", id="due", markup=False)
            lang = getattr(self.app, "lang", DEFAULT_LANGUAGE)
            options = [Option(Content(quiz_line(self.course, q, lang)), id=q.id) for q in self.course.quizzes.values()]
            yield OptionList(*options, id="quizzes")
            yield Static(id="status", markup=False)
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return bool(self.resumable)
        return True

    def on_mount(self) -> None:
        self._begin()

    def _begin(self) -> None:
        quizzes = self.query_one(OptionList)
        quizzes.focus()
        if self._highlighted is not None and self._highlighted.id in self.course.quizzes:
            quizzes.highlighted = list(self.course.quizzes).index(self._highlighted.id)
        self.sub_title = words(self, "app.home.choose")
        if self._due is not None:
            self.show_store(self.resumable, self._due)

    def relabel(self) -> None:
        """Drawn again in the app's new language, on the course as now open; the quiz under the
        cursor and the modes chosen stay."""
        app = self.app
        self.course = app.course  # type: ignore[attr-defined]  # the app is a TutorApp, which screens cannot import (it imports them)
        self.notice = app.notice()  # type: ignore[attr-defined]  # as above
        if self._highlighted is not None:
            self._highlighted = self.course.quizzes.get(self._highlighted.id)
        self.call_later(self._redraw)

    async def _redraw(self) -> None:
        await self.recompose()
        self._begin()

    def on_screen_resume(self) -> None:
        """Shown, or back from a quiz (which may have left a session to continue): ask the store."""
        look_up = getattr(self.app, "look_up_store", None)
        if look_up is not None:
            look_up()

    def show_store(self, resumable: str, due: tuple[int, int]) -> None:
        """What the progress store knows (looked up off the event loop): the session to continue,
        and (new, due) counts."""
        if resumable != self.resumable:
            self.resumable = resumable
            shown = self.query("#resume")
            if shown and resumable:  # updated in place: a removal completes later, and the id must stay unique
                shown.first(Static).update(self._resume_text())
            else:
                shown.remove()
                if resumable:
                    self.query_one("#home").mount(self._resume_line(), after="#notice")
            self.refresh_bindings()
        self._due = due
        new, due_now = due
        self.query_one("#due", Static).update(Content(words(self, "app.home.due", due=due_now, new=new)))

    def _resume_text(self) -> Content:
        # The title comes from the store, which may hold imported progress: one neutralised line.
        return Content(words(self, "app.home.resume", title=one_line(self.resumable)))

    def _resume_line(self) -> Static:
        return Static(self._resume_text(), id="resume", markup=False)

    def mode_for(self, quiz: Quiz) -> str:
        """The mode a quiz starts in: its own, unless the learner switched it and it is not locked."""
        return quiz.mode if quiz.mode_locked else self._chosen.get(quiz.id, quiz.mode)

    @property
    def mode(self) -> str:
        """The mode of the highlighted quiz."""
        return self.mode_for(self._highlighted) if self._highlighted else "tutor"

    def _mode_text(self) -> Content:
        quiz = self._highlighted
        mode = self.mode
        if mode == "tutor":
            what = words(self, "app.home.tutor_what")
        else:
            limit = quiz.time_limit if quiz else None
            what = words(self, "app.home.exam_what") + (words(self, "app.home.exam_minutes", minutes=limit) if limit
                                                         else words(self, "app.home.exam_untimed"))
        name = words(self, f"mode.{mode}")
        if quiz is not None and quiz.mode_locked:
            return Content(words(self, "app.home.mode_locked", mode=name, what=what))
        other = words(self, "mode.exam" if mode == "tutor" else "mode.tutor")
        return Content(words(self, "app.home.mode_line", mode=name, what=what, other=other))  # one line at 80

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._highlighted = self.course.quizzes.get(str(event.option.id))
        self.query_one("#mode", Static).update(self._mode_text())

    def action_toggle_mode(self) -> None:
        quiz = self._highlighted
        if quiz is None:
            return
        if quiz.mode_locked:
            self.notify(words(self, "app.home.always_in", mode=words(self, f"mode.{quiz.mode}")))
            return
        self._chosen[quiz.id] = "exam" if self.mode_for(quiz) == "tutor" else "tutor"
        self.query_one("#mode", Static).update(self._mode_text())

    def action_resume(self) -> None:
        if self.resumable:
            self.post_message(StartQuiz("", self.mode, resume=True))

    def action_toggle_confidence(self) -> None:
        app = self.app
        app.ask_confidence = not getattr(app, "ask_confidence", False)  # type: ignore[attr-defined]  # a TutorApp
        on = app.ask_confidence  # type: ignore[attr-defined]  # a TutorApp
        self.notify(words(self, "app.home.confidence_on" if on else "app.home.confidence_off"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        quiz = self.course.quizzes[str(event.option.id)]
        self.post_message(StartQuiz(quiz.id, self.mode_for(quiz)))
