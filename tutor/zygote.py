"""The warm tutor: started once by `tutor serve`, it imports the app, opens the course and warms
the grader's shared tables, then forks one tutor per student connection, so that a class arriving
at once does not pay each student's start-up on the server's few cores.

    python -m tutor.zygote SOCKET [TUTOR OPTIONS]

It stands above `tutor.cli` (the first of the layers in pyproject.toml): each fork runs the whole
command line, and it imports Textual on purpose, to warm it. `tutor serve` (tutor/serve/warm.py)
starts it by name and imports nothing of it.

textual-serve still starts a command per connection and speaks to it over its standard streams:
that command is tutor/serve/warm_client.py, which sends those three streams and its environment over the Unix
socket SOCKET (SCM_RIGHTS). Each forked tutor then does what a fresh process does with them: it
takes the student's environment (their TUTOR_DATA_DIR), working folder, language and a fresh
random seed, and runs `tutor ... app` as the command line would. Before forking nothing stateful is
opened (no store, no SQLite connection, no thread; forking checks there is none), so nothing of one
student's is shared with another's. The socket lies in a folder only this user can open: whoever
can connect to it chooses a tutor's environment.

What every forked tutor does share with the warm one is Python's hash seed, fixed as an
interpreter starts. It guards a process's dictionaries against keys chosen to collide; a student's
text reaches only their own tutor, so one who worked the seed out could slow only their own.

A class that signs in together takes turns: at most one tutor a core is drawing its first screen
(it says so through `tutor.app.app.FIRST_FRAME`); the others wait here, in the order they came.

It prints "ready" on standard output once it accepts connections, and ends when its standard
input closes (the server has gone).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import random
import selectors
import signal
import socket
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grading import Grader

WARM_MODULES = (
    # What a student's tutor imports on its way to the first question, measured with
    # `python -X importtime`; imported here once instead of in every tutor.
    "tutor.cli", "tutor.commands.app", "tutor.app.run", "tutor.app.app", "tutor.app.screens.chat_screen",
    "tutor.app.widgets.answer_input", "tutor.app.widgets.chat_entry", "tutor.app.widgets.quiz_status",
    "tutor.app.widgets.transcript", "tutor.app.reply_widgets", "tutor.app.simple_markdown", "tutor.app.readable",
    "tutor.engine.engine", "tutor.grading", "tutor.store", "tutor.store.store", "tutor.store.saver",
    "tutor.course.cache", "tutor.instructor.class_report", "tutor.texts.language",
    "textual.drivers.web_driver", "textual.pilot", "textual.scrollbar", "textual.layouts.horizontal",
    "textual.layouts.stream", "sqlite3", "csv", "queue", "concurrent.futures.thread",
)
LANGUAGES = ("en", "zh")
STARTING_AT_ONCE = max(1, os.cpu_count() or 1)
"""Tutors drawing their first screen at the same time: one a core; the next in line waits its turn.
TUTOR_STARTING_AT_ONCE in the environment says otherwise (a machine shared with other work)."""
STARTING_SECONDS = 5.0
"""How long a tutor may take to draw its first screen before the next in line starts anyway."""
MAX_REQUEST = 1 << 20
WARMED = "the warm tutor has compiled every question for grading"


def warm(tutor_args: list[str]) -> Iterator[Callable[[], None]]:
    """Import what every tutor needs and fill the caches they share: data only, nothing open.
    Returns the rest of the warming, in steps of one question to compile, for idle moments."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:  # renamed since the list was made: only slower
            if error.name != name:
                raise
            print(f"tutor serve: the warm tutor has no module {name} to import", file=sys.stderr)
    from .cli import _parser
    from .course import cache
    from .grading import Grader
    from .session import open_course
    from .texts import catalogue

    args = _parser().parse_args([*tutor_args, "app"])
    folders = list(getattr(args, "content", []) or [])
    graders: list[Grader] = []
    cache.KEPT = {}  # each tutor finds the course opened, unless a file of it has changed since
    for lang in LANGUAGES:
        catalogue(lang)
        result = open_course(folders, only=getattr(args, "only", False), lang=lang)
        graders.append(Grader(result.course).warm().keep())
    return compile_steps(graders)


def compile_steps(graders: list[Grader]) -> Iterator[Callable[[], None]]:
    """Each question compiled for grading, one step each: every case's first question first (where
    a quiz starts), then the rest. A tutor forked later finds what is done compiled; about 70 ms
    of a core a question, that a student's tutor would otherwise spend at their question."""
    questions = [(g, case.questions) for g in graders for case in g.course.cases.values() if case.questions]
    for grader, qs in questions:
        yield partial(grader.prepare, qs[0])
    for grader, qs in questions:
        for q in qs[1:]:
            yield partial(grader.prepare, q)


@dataclass
class Request:
    """A student's connection, their three standard streams and what their client sent."""

    conn: socket.socket
    fds: list[int]
    sent: dict[str, object]
    """Its environment and working folder."""

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.conn.close()


@dataclass
class Child:
    pid: int
    conn: socket.socket
    pidfd: int


def main(argv: list[str]) -> int:
    path, tutor_args = argv[0], argv[1:]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle; it closes our input
    steps = warm(tutor_args)
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else threading.active_count()
    if threads != 1:  # a thread does not survive a fork: whatever it held would stay held in every tutor
        print(f"tutor serve: the warm tutor has {threads} threads after warming up: it cannot fork", file=sys.stderr)
        return 1
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(128)
    gc.collect()
    gc.freeze()  # the warm objects are never collected: a forked tutor's collector leaves their pages shared
    print("ready", flush=True)
    try:
        serve(listener, tutor_args, at_once(os.environ.get("TUTOR_STARTING_AT_ONCE", "")), steps)
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
    return 0


def at_once(setting: str) -> int:
    try:
        return max(1, int(setting))
    except ValueError:
        if setting:
            print(f"tutor serve: TUTOR_STARTING_AT_ONCE must be a whole number, not {setting!r}", file=sys.stderr)
        return STARTING_AT_ONCE


def serve(listener: socket.socket, tutor_args: list[str], at_once: int,
          idle: Iterator[Callable[[], None]]) -> None:
    """Fork a tutor for each connection, at most `at_once` of them drawing their first screen at
    a time, in the order they came: when a class signs in together, the first students get their
    screen in a fraction of a second instead of all of them waiting for everyone's. Between
    connections it takes the `idle` steps, one at a time."""
    selector = selectors.EpollSelector()  # Linux, as pidfd_open: the server starts cold elsewhere
    selector.register(listener, selectors.EVENT_READ, "listener")
    selector.register(0, selectors.EVENT_READ, "server")
    children: dict[int, Child] = {}
    waiting: deque[Request] = deque()
    starting: dict[int, float] = {}
    """The read end of each starting tutor's pipe, and when its turn ends even if it has not said."""
    idle_left = True

    def turn_over(started: int) -> None:
        selector.unregister(started)
        os.close(started)
        del starting[started]
    while True:
        timeout = max(0.0, min(starting.values()) - time.monotonic()) if starting else None
        events = selector.select(0.0 if idle_left else timeout)
        if not events and idle_left:
            step = next(idle, None)
            if step is None:
                idle_left = False
                gc.freeze()  # what the steps made stays shared as well
                print(f"tutor serve: {WARMED}", file=sys.stderr, flush=True)
            else:
                step()
            continue
        for key, _ in events:
            if key.data == "server":
                if not os.read(0, 4096):
                    return  # the server has gone
            elif key.data == "listener":
                request = receive(listener)
                if request is not None:
                    waiting.append(request)
            elif key.data == "started":  # its first screen is drawn, or it has ended
                turn_over(key.fd)
            else:
                ended = children.pop(key.fd)
                selector.unregister(ended.pidfd)
                _, status = os.waitpid(ended.pid, 0)
                report(ended.conn, status)
                os.close(ended.pidfd)
        now = time.monotonic()
        for fd in [fd for fd, deadline in starting.items() if deadline <= now]:  # slow to start: next
            turn_over(fd)
        while waiting and len(starting) < at_once:
            request = waiting.popleft()
            held = [listener, selector, *children.values(), *waiting, *starting]
            forked = start(request, tutor_args, held)
            if forked is not None:
                child, started = forked
                children[child.pidfd] = child
                selector.register(child.pidfd, selectors.EVENT_READ, "child")
                selector.register(started, selectors.EVENT_READ, "started")
                starting[started] = now + STARTING_SECONDS


def report(conn: socket.socket, status: int) -> None:
    """Tell the student's client how their tutor ended (it may have said so itself already)."""
    if os.WIFSIGNALED(status):
        line = f"signal {os.WTERMSIG(status)}\n"
    else:
        line = f"exit {os.waitstatus_to_exitcode(status)}\n"
    with contextlib.suppress(OSError):  # the client has gone already
        conn.sendall(line.encode())
    conn.close()


def receive(listener: socket.socket) -> Request | None:
    """The request waiting on `listener`: a student's three streams and environment; None when it
    was not one (the client then starts a cold tutor)."""
    conn, _ = listener.accept()
    fds: list[int] = []
    try:
        conn.settimeout(10)  # our own client sends at once; never hang the class on one
        data, fds, _, _ = socket.recv_fds(conn, 65536, 3)
        while len(data) >= 4 and len(data) < 4 + int.from_bytes(data[:4], "big") <= MAX_REQUEST:
            more = conn.recv(65536)
            if not more:
                break
            data += more
        request = json.loads(data[4:4 + int.from_bytes(data[:4], "big")])
        if len(fds) != 3 or not isinstance(request, dict):
            raise ValueError("a request must carry three streams and an environment")
        conn.settimeout(None)
    except (OSError, ValueError) as error:  # json's errors are ValueErrors too
        print(f"tutor serve: the warm tutor refused a connection: {error}", file=sys.stderr)
        for fd in fds:
            os.close(fd)
        conn.close()
        return None
    return Request(conn, fds, request)


def start(request: Request, tutor_args: list[str], held: list[object]) -> tuple[Child, int] | None:
    """Fork a tutor for `request`: the child, and the read end of a pipe on which it says that its
    first screen is drawn (or ends); None when it could not fork (the client starts a cold tutor)."""
    started_r, started_w = os.pipe()
    try:
        pid = os.fork()
    except OSError as error:
        print(f"tutor serve: the warm tutor could not fork: {error}", file=sys.stderr)
        os.close(started_r)
        os.close(started_w)
        request.close()
        return None
    if pid == 0:
        code = 1
        try:
            os.close(started_r)
            code = become_tutor(request, tutor_args, held, started_w)
        except BaseException:  # noqa: B036 - a forked child never returns into the zygote's loop
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(started_w)
    for fd in request.fds:
        os.close(fd)
    return Child(pid, request.conn, os.pidfd_open(pid)), started_r


def become_tutor(mine: Request, tutor_args: list[str], held: list[object], started: int) -> int:
    """In the forked child: take the student's streams and environment, run the tutor (it writes
    to `started` once its first screen is drawn), and say how it ended. Returns the exit status."""
    for thing in held:  # the zygote's listener, selector, pipes and other students' connections
        if isinstance(thing, Child):
            os.close(thing.pidfd)
            thing.conn.close()
        elif isinstance(thing, Request):  # another student's, still waiting for their turn
            thing.close()
        elif isinstance(thing, int):
            os.close(thing)
        elif isinstance(thing, socket.socket):
            thing.close()
        elif isinstance(thing, selectors.EpollSelector):
            os.close(thing.fileno())  # not unregister: the registrations are the zygote's too
    conn, request = mine.conn, mine.sent
    for target, fd in enumerate(mine.fds):
        os.dup2(fd, target)
        os.close(fd)
    env = request.get("env")
    if isinstance(env, dict):
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in env.items()})
    cwd = request.get("cwd")
    if isinstance(cwd, str):
        os.chdir(cwd)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh Python
    random.seed()  # the zygote's generator state would otherwise be every student's
    import textual.constants

    importlib.reload(textual.constants)  # read from the environment when imported: read the student's
    sys.argv = ["tutor", *tutor_args, "app"]
    from .app.app import FIRST_FRAME

    def say_started() -> None:
        with contextlib.suppress(OSError):
            os.write(started, b"s")
        os.close(started)

    FIRST_FRAME.append(say_started)
    ending = threading.Event()
    conn.sendall(f"pid {os.getpid()}\n".encode())
    threading.Thread(target=_end_with_client, args=(conn, ending), daemon=True, name="client").start()

    from .cli import main

    try:
        code = main([*tutor_args, "app"])
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: B036 - as the interpreter would: the traceback, then status 1
        traceback.print_exc()
        code = 1
    _shut_down()
    ending.set()
    with contextlib.suppress(OSError):  # said by the tutor: known even if the zygote has gone
        conn.sendall(f"exit {code}\n".encode())
    return code


def _end_with_client(conn: socket.socket, ending: threading.Event) -> None:
    """The client ends only when it was killed (textual-serve gave up on this tutor): end too, as
    a cold tutor killed in its place would."""
    with contextlib.suppress(OSError):
        conn.recv(1)
    if not ending.is_set():
        os._exit(1)


def _shut_down() -> None:
    """What the interpreter does at exit, since a forked child leaves with os._exit: wait for the
    threads that are not daemons (the store's saver), run the exit hooks, flush the streams."""
    import atexit

    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
