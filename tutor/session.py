"""The session service: what every face (the Textual app, plain mode, a future web face) uses to
run a tutoring session, so that none of them sets one up in its own way.

    result = open_course(folders, only=False)         # cached for every face, data only
    service = Tutoring(result, grader, store)          # grader/store: built now, or lazily
    session = service.quiz("cdt")                      # or .review(now), .resume(), .questions(), .replay()
    replies = session.start(now)                       # the course's notice comes first
    replies = session.turn(text, now)                  # the engine's replies; the turn is saved by a thread
    ending = session.close(now)                        # whether every answer is stored, and where not

Saving never blocks the caller beyond `wait` seconds (plain mode waits briefly, to say in the same
turn whether the answer is stored; the app does not wait at all). Nothing here imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .background import start_thread
from .engine import replies as r
from .model import Mode
from .texts import msg

if TYPE_CHECKING:
    from .course.result import LoadResult
    from .engine.engine import Engine
    from .grading.protocol import GraderProtocol
    from .store import Ending, Saver, SaveReport


def open_course(folders: Sequence[str | Path] = (), *, only: bool = False, cached: bool = True,
                lang: str = "en") -> LoadResult:
    """The built-in course and the instructor's folders (or only those), from the course cache
    when nothing changed: every face starts from the same parsed course. Texts given in several
    languages are read in `lang` (or in the one they have)."""
    from .course.resources import builtin_sources, user_sources

    # `tutor --content X validate X` names one folder twice: read it once. So is the built-in
    # course's own folder, named in a checkout (`tutor validate content`).
    unique = {str(Path(f).resolve()): str(f) for f in folders}
    builtin = builtin_sources()
    if not only:
        inside = [str(s.root.resolve()) for s in builtin]
        unique = {k: f for k, f in unique.items()
                  if not any(k == root or k.startswith(root + os.sep) for root in inside)}
    sources = ([] if (only and unique) else builtin) + user_sources(list(unique.values()))
    if not cached:
        from .course.loader import load

        return load(sources, lang)
    from .course.cache import load_cached

    return load_cached(sources, lang)


def _engine() -> type[Engine]:
    """The engine, imported when a session opens: the home screen is drawn without it."""
    from .engine.engine import Engine

    return Engine


def notice_reply(result: LoadResult) -> r.Notice:
    """The course's "for education only" notice, the first thing every session says."""
    info = result.course.info
    if info is not None and info.notice:
        return r.Notice(msg("course.notice", text=info.notice), "notice")
    return r.Notice(msg("course.notice_default"), "notice")


class Tutoring:
    """Opens sessions on one course for one learner's store."""

    def __init__(self, result: LoadResult, grader: GraderProtocol, store: Any | None, *,
                 on_report: Callable[[SaveReport], None] | None = None) -> None:
        """`store`: a Store, something that opens one on first use, or None (nothing is saved).
        `on_report` hears about saving failing or resuming, on the saver's thread."""
        self.result = result
        self.course = result.course
        self.grader = grader
        self.store = store
        self.on_report = on_report
        self.sessions: list[Session] = []
        """Every session opened, so that none is dropped with turns still unsaved."""

    def quiz(self, quiz_id: str | None = None, mode: Mode | str | None = None, *,
             confidence: bool = False) -> Session:
        """A quiz by id (the first when None); LookupError with a message (a `Msg`) for people if none."""
        quizzes = self.course.quizzes
        if not quizzes:
            raise LookupError(msg("quiz.none"))
        quiz = quizzes.get(quiz_id) if quiz_id else next(iter(quizzes.values()))
        if quiz is None:
            raise LookupError(msg("quiz.unknown", quiz=quiz_id, quizzes=", ".join(quizzes)))
        return self._open(_engine().for_quiz(self.course, self.grader, quiz, mode=mode), confidence=confidence)

    def review(self, now: datetime, *, confidence: bool = False, title: str = "Review") -> Session:
        """The questions due for spaced review; LookupError when none are. `title` is the face's, in
        the language it speaks."""
        if self.store is None:
            raise LookupError(msg("review.no_store"))
        gids = self.store.due_questions(self.course, now)
        if not gids:
            raise LookupError(msg("review.nothing_due"))
        return self._open(_engine().for_questions(self.course, self.grader, gids, title=title),
                          confidence=confidence)

    def unfinished(self) -> tuple[int, Any] | None:
        """The unfinished session the store holds (its id and state), or None. Opens the store."""
        return None if self.store is None else self.store.unfinished(self.course)

    def resume(self, found: tuple[int, Any] | None = None, *, confidence: bool = False) -> Session:
        """Continue the unfinished session (`found`, or the store's); LookupError when none."""
        found = found if found is not None else self.unfinished()
        if found is None:
            raise LookupError(msg("resume.none"))
        session_id, state = found
        return self._open(_engine()(self.course, self.grader, state), session_id=session_id, confidence=confidence)

    def questions(self, gids: list[str], *, title: str, mode: Mode = Mode.TUTOR, quiz_id: str = "review",
                  confidence: bool = False) -> Session:
        engine = _engine().for_questions(self.course, self.grader, gids, title=title, mode=mode, quiz_id=quiz_id)
        return self._open(engine, confidence=confidence)

    def replay(self, case_id: str, step_id: str, *, confidence: bool = False) -> Session:
        return self._open(_engine().replay(self.course, self.grader, case_id, step_id), confidence=confidence)

    def _open(self, engine: Engine, *, session_id: int | None = None, confidence: bool = False) -> Session:
        engine.state.ask_confidence = engine.state.ask_confidence or confidence
        session = Session(self, engine, session_id=session_id)
        self.sessions.append(session)
        return session

    def close(self, now: datetime | None = None) -> list[Ending]:
        """Finish every session's saving; the endings with something to say."""
        now = now or datetime.now(UTC)
        endings = [s.close(now) for s in self.sessions]
        return [e for e in endings if e is not None and e.text]


class Session:
    """One session: the engine, and a saver made on the first turn worth saving."""

    def __init__(self, service: Tutoring, engine: Engine, *, session_id: int | None = None) -> None:
        self.service = service
        self.engine = engine
        self.session_id = session_id
        self.saver: Saver | None = None
        self.on_report: Callable[[SaveReport], None] | None = service.on_report
        """Who hears about saving failing or resuming (on the saver's thread); a face may set it
        before the first turn."""
        self._last_turn = 0

    @property
    def done(self) -> bool:
        return self.engine.done

    @property
    def state(self) -> Any:
        return self.engine.state

    def start(self, now: float) -> list[r.Reply]:
        replies: list[r.Reply] = [notice_reply(self.service.result)]
        replies += self.engine.start(now)
        self._save(opening=True, replies=replies)
        self._prepare()
        return replies

    def turn(self, text: str, now: float) -> list[r.Reply]:
        replies = self.engine.handle(text, now) if not self.engine.done else []
        self._save(replies=replies)
        self._prepare()
        return replies

    def _prepare(self) -> None:
        """Compile the question now asked on a thread while the learner reads it: compiling takes
        30 ms (300 ms for the largest), grading a compiled question under 1 ms, so the answer's
        turn does not wait on the event loop. A grader without `prepare` compiles on first use."""
        if self.engine.state.phase != "question":
            return
        question, grader = self.engine.question, self.service.grader

        def compile_it() -> None:
            try:
                prepare = getattr(grader, "prepare", None)  # on this thread: a Deferred grader builds here
                if prepare is not None:
                    prepare(question)
            except Exception:  # noqa: BLE001 (the answer's own grading compiles again and says what is wrong)
                return

        start_thread(compile_it, "prepare-question")

    def time_up(self, now: float) -> list[r.Reply]:
        replies = self.engine.time_up(now)
        self._save(replies=replies)
        return replies

    def wait(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the last turn to be written (plain mode)."""
        if self.saver is not None and self._last_turn:
            self.saver.wait(self._last_turn, timeout)

    def reports(self) -> list[SaveReport]:
        """What the learner must be told about saving since last asked."""
        return self.saver.reports() if self.saver is not None else []

    def close(self, now: datetime | None = None) -> Ending | None:
        if self.saver is None:
            return None
        return self.saver.close(now or datetime.now(UTC))

    def _save(self, *, replies: list[r.Reply], opening: bool = False) -> None:
        service = self.service
        if service.store is None:
            return
        if self.saver is None:
            if opening and not self.engine.done:
                return  # the session's opening: nothing to save yet, and SQLite not even imported
            from .store import Saver

            self.saver = Saver(service.store, service.course, session_id=self.session_id,
                               on_report=self.on_report)
        now = datetime.now(UTC)
        self._last_turn = self.saver.submit(self.engine, now)
        if self.engine.done or any(isinstance(x, r.Ended) for x in replies):
            self.saver.finish(now)  # a last try, then what could not be saved goes to a file
