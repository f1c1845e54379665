"""`tutor plain`: the tutor as a line-by-line chat on standard input and output.

For screen readers and braille displays (no full-screen UI, the cursor stays where it is), for
dumb terminals over SSH, and for scripts: `printf 'anticoagulation\\n' | tutor plain --quiz ID`.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from .course.loader import LoadResult
from .engine import replies as r
from .engine.engine import Engine
from .text_render import TextRenderer


def run_plain(
    result: LoadResult, *, quiz_id: str | None = None, mode: str | None = None,
    stdin: TextIO | None = None, stdout: TextIO | None = None, clock: object = None,
) -> int:
    from .grading import Grader

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    now = clock if callable(clock) else time.monotonic
    course = result.course
    for p in result.errors:
        print(f"warning: {p}", file=sys.stderr)
    if not course.quizzes:
        print("The course has no quizzes.", file=sys.stderr)
        return 1
    quiz = course.quizzes.get(quiz_id) if quiz_id else next(iter(course.quizzes.values()))
    if quiz is None:
        names = ", ".join(course.quizzes)
        print(f"No quiz {quiz_id!r}. Quizzes: {names}", file=sys.stderr)
        return 2
    interactive = stdin.isatty()
    colour = stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    render = TextRenderer(course, colour=colour)
    engine = Engine.for_quiz(course, Grader(course), quiz, mode=mode)

    def say(replies: list[r.Reply]) -> bool:
        ended = False
        for reply in replies:
            text = render.render(reply)
            if text:
                print(text, file=stdout)
            ended = ended or isinstance(reply, r.Ended)
        stdout.flush()
        return ended

    mode_note = f" ({engine.state.mode} mode)"
    print(f"{quiz.title}{mode_note}. Type /help for commands, /quit to stop.", file=stdout)
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
        text = line.rstrip("\n")
        if not interactive:  # piped input is not echoed by a terminal: show it, for a readable transcript
            print(text, file=stdout)
        if say(engine.handle(text, now())):
            return 0
