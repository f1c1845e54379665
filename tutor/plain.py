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
from typing import TextIO

from .course.result import LoadResult
from .deferred import Deferred
from .engine import replies as r
from .safe_text import one_line, visible
from .session import Session, Tutoring
from .text_render import TextRenderer
from .texts import Msg, msg, say


def run_plain(
    result: LoadResult, *, quiz_id: str | None = None, mode: str | None = None,
    stdin: TextIO | None = None, stdout: TextIO | None = None,
    confidence: bool = False, review: bool = False, resume: bool = False,
) -> int:
    from .grading import Grader
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
    # The grader indexes the whole course's vocabulary: built on a thread while the learner reads
    # the first question (an instructor's large course would otherwise delay the first answer).
    grader = Deferred(lambda: Grader.for_course(result.course).warm())
    service = Tutoring(result, grader, store)
    session: Session | None = None
    try:
        try:
            if resume:
                session = service.resume(confidence=confidence)
            elif review:
                session = service.review(datetime.now(UTC), confidence=confidence,
                                         title=say(msg("session.review_title")))
            else:
                session = service.quiz(quiz_id, mode, confidence=confidence)
        except LookupError as e:
            print(one_line(say(e.args[0]) if isinstance(e.args[0], Msg) else str(e.args[0])), file=sys.stderr)
            return 2
        try:
            return _chat(session, stdin, stdout, time.time)
        except KeyboardInterrupt:  # Ctrl-C: stop as /quit would, without a traceback
            print("\n" + say(msg("plain.interrupted")), file=stdout)
            return 130
    finally:
        if session is not None:  # also after Ctrl-C: what could not be saved is written to a file
            _end(session, stdout)
        store.close()


SAVE_WAIT = 1.0
"""Seconds a turn waits for its save before it is shown anyway. A write waits at most a quarter of
a second for a locked file, so this is only reached when the disk itself hangs; the outcome is
then said with the next turn."""


def _end(session: Session, stdout: TextIO) -> None:
    """Say how saving ended: "kept" only when every answer is in the progress file."""
    ending = session.close(datetime.now(UTC))
    if ending is None:
        return
    for report in session.reports():
        if report.text != ending.text:
            print(report.text, file=stdout)
    if ending.text:
        print(ending.text, file=stdout)
    elif ending.stored and session.saver is not None and session.saver.sink.stored:
        print(say(msg("plain.kept")), file=stdout)
    stdout.flush()


def _chat(session: Session, stdin: TextIO, stdout: TextIO, now: Callable[[], float]) -> int:
    interactive = stdin.isatty()
    colour = stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    render = TextRenderer(session.engine.course, colour=colour)

    def say_all(replies: list[r.Reply]) -> bool:
        session.wait(SAVE_WAIT)  # saved before it is shown, unless saving fails: then it is said now
        ended = False
        for reply in replies:
            text = render.render(reply)
            if text:
                print(text, file=stdout)
            ended = ended or isinstance(reply, r.Ended)
        for report in session.reports():
            print(report.text, file=stdout)
        stdout.flush()
        return ended

    state = session.state
    mode = say(msg(f"mode.{state.mode}"))
    print(say(msg("plain.header", title=one_line(state.title), mode=mode)), file=stdout)
    if say_all(session.start(now())):
        return 0
    grader = session.service.grader
    if isinstance(grader, Deferred):
        grader.build_in_background()
    while True:
        print("> ", end="", file=stdout)
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input: the session stays as it is, to be continued
            print(file=stdout)
            if not session.done:
                ended = "plain.input_ended" if session.saver is not None else "plain.input_ended_nothing"
                print(say(msg(ended)), file=stdout)
            return 0
        text = line.rstrip("\r\n")  # a CRLF pipe leaves no stray CR in the answer
        if not interactive:  # piped input is not echoed by a terminal: show it, for a readable transcript
            print(one_line(text), file=stdout)
        if say_all(session.turn(text, now())):
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
