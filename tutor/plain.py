"""`tutor plain`: the tutor as a line-by-line chat on standard input and output.

For screen readers and braille displays (no full-screen UI, the cursor stays where it is), for
dumb terminals over SSH, and for scripts: `printf 'anticoagulation\\n' | tutor plain --quiz ID`.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from .course.loader import LoadResult
from .engine import replies as r
from .engine.engine import Engine
from .safe_text import one_line, visible
from .text_render import TextRenderer

if TYPE_CHECKING:
    from .store import Saver


def run_plain(
    result: LoadResult, *, quiz_id: str | None = None, mode: str | None = None,
    stdin: TextIO | None = None, stdout: TextIO | None = None,
    confidence: bool = False, review: bool = False, resume: bool = False,
) -> int:
    from .store import open_store

    stdin = stdin or tolerant(sys.stdin)
    stdout = stdout or printable(sys.stdout)
    printable(sys.stderr)
    for p in result.errors:
        print(f"warning: {p}", file=sys.stderr)
    store = open_store()
    for message in (store.problem, *store.notices):
        if message:
            print(visible(message), file=sys.stderr)
    saver = None
    try:
        try:
            engine, saver = _session(result, store, quiz_id, mode, review=review, resume=resume)
        except LookupError as e:
            print(one_line(e.args[0]), file=sys.stderr)
            return 2
        engine.state.ask_confidence = confidence or engine.state.ask_confidence
        return _chat(engine, saver, stdin, stdout, time.time)
    finally:
        if saver is not None:  # also after Ctrl-C: what could not be saved is written to a file
            _end(saver, stdout)
        store.close()


SAVE_WAIT = 1.0
"""Seconds a turn waits for its save before it is shown anyway. A write waits at most a quarter of
a second for a locked file, so this is only reached when the disk itself hangs; the outcome is
then said with the next turn."""


def _end(saver: Saver, stdout: TextIO) -> None:
    """Say how saving ended: "kept" only when every answer is in the progress file."""
    ending = saver.close(datetime.now(UTC))
    for report in saver.reports():
        if report.text != ending.text:
            print(report.text, file=stdout)
    if ending.text:
        print(ending.text, file=stdout)
    elif ending.stored and saver.sink.stored:
        print(KEPT, file=stdout)
    stdout.flush()


KEPT = "Your answers are kept."


def _session(result: LoadResult, store: Any, quiz_id: str | None, mode: str | None, *,
             review: bool, resume: bool) -> tuple[Engine, Saver]:
    from .grading import Grader
    from .store import Saver

    course = result.course
    grader = Grader(course)
    if resume:
        found = store.unfinished(course)
        if found is None:
            raise LookupError("There is no unfinished session to continue.")
        session_id, state = found
        return Engine(course, grader, state), Saver(store, course, session_id=session_id)
    if review:
        gids = store.due_questions(course, datetime.now(UTC))
        if not gids:
            raise LookupError("Nothing is due for review.")
        return Engine.for_questions(course, grader, gids, title="Review"), Saver(store, course)
    if not course.quizzes:
        raise LookupError("The course has no quizzes.")
    quiz = course.quizzes.get(quiz_id) if quiz_id else next(iter(course.quizzes.values()))
    if quiz is None:
        raise LookupError(f"No quiz {quiz_id!r}. Quizzes: {', '.join(course.quizzes)}")
    return Engine.for_quiz(course, grader, quiz, mode=mode), Saver(store, course)


def _chat(engine: Engine, saver: Saver, stdin: TextIO, stdout: TextIO, now: Callable[[], float]) -> int:
    interactive = stdin.isatty()
    colour = stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    render = TextRenderer(engine.course, colour=colour)

    def say(replies: list[r.Reply]) -> bool:
        turn = saver.submit(engine, datetime.now(UTC))
        if turn:  # saved before it is shown, unless saving fails: then it is said in this turn
            saver.wait(turn, SAVE_WAIT)
        ended = False
        for reply in replies:
            text = render.render(reply)
            if text:
                print(text, file=stdout)
            ended = ended or isinstance(reply, r.Ended)
        for report in saver.reports():
            print(report.text, file=stdout)
        stdout.flush()
        return ended

    state = engine.state
    print(f"{one_line(state.title)} ({state.mode} mode). Type /help for commands, /quit to stop.", file=stdout)
    if say(engine.start(now())):
        return 0
    while True:
        print("> ", end="", file=stdout)
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input: stop as /quit would, with what was answered so far
            print(file=stdout)
            if not engine.done:
                say([engine.summary()])
            return 0
        text = line.rstrip("\r\n")  # a CRLF pipe leaves no stray CR in the answer
        if not interactive:  # piped input is not echoed by a terminal: show it, for a readable transcript
            print(one_line(text), file=stdout)
        if say(engine.handle(text, now())):
            return 0


def tolerant(stream: TextIO) -> TextIO:
    """Standard input that reads bytes which are not UTF-8 as U+FFFD instead of raising.

    A pasted answer from another program, or a C locale, must not end the session with a
    UnicodeDecodeError. UTF-8 is what the course and every current terminal speak.
    """
    if isinstance(stream, io.TextIOWrapper):
        # Already read from, or not reconfigurable: then it is kept as it is.
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


def printable(stream: TextIO) -> TextIO:
    """An output stream that shows a character its encoding lacks (an ASCII-only C locale) as an
    escape rather than stopping the session with a UnicodeEncodeError."""
    if isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")
    return stream
