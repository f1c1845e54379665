"""The classroom server: textual-serve's Server with sign-in, one tutor per student, and limits.

Where textual-serve lets an application hook in, this subclasses it: the per-connection service
(student_service.py), the websocket handler (which builds that service) and the index page. It
has no hook for authentication, so the aiohttp application it makes is wrapped: a middleware lets
nothing but the sign-in pages through without a valid session, and this module adds their routes.
textual-serve's command per connection is kept; while the warm tutor lives (warm.py) it is that
tutor's client, which has a tutor forked for the student instead of started from nothing.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from . import cookies, pages
from .crashes import CrashLog
from .credentials import Credentials
from .exports import Exporter
from .roster import Roster, RosterError, Student, exports_dir, read_roster, student_dir
from .student_service import RESTARTS, StudentService
from .warm import WarmTutor

log = logging.getLogger("tutor.serve")
SESSION = web.RequestKey("session", cookies.Session)
PUBLIC = frozenset({"/signin", "/link", "/instructor/signin", "/signout"})
"""The only paths served without a session (and textual-serve's /static files)."""
MAX_FAILURES = 10
"""Wrong secrets for one id within FAILURE_WINDOW seconds, after which that id must wait."""
FAILURE_WINDOW = 600.0
CRASH_WINDOW = 120.0
"""RESTARTS crashes of a student's tutor within this many seconds, and it is not started again..."""
CRASH_PAUSE = 300.0
"""...for this many seconds after the last: the student sees a page saying so, not a restart loop."""


@dataclass
class ClassConfig:
    class_dir: Path
    roster: Roster
    tutor_args: list[str] = field(default_factory=list)
    """Options for each student's `tutor` (--content, --only, --lang), before the verb."""
    max_students: int = 30
    """Tutor processes running at once, at most."""
    idle_minutes: float = 20.0
    """A session without a key pressed for this long is ended (the tutor saves as it quits)."""
    session_hours: float = 8.0
    """How long a sign-in lasts."""
    title: str = "LEDVT tutor"
    roster_file: Path | None = None
    """The roster's file: read again when it changes, so a student can be added during a class."""
    warm: bool = True
    """Fork each student's tutor from a warm one (Linux); False starts each from nothing."""


@dataclass
class Connection:
    student: Student
    service: StudentService
    websocket: web.WebSocketResponse
    since: float = field(default_factory=time.time)
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    async def end(self) -> None:
        """Close the browser's connection and wait until the tutor has saved and quit."""
        await self.websocket.close()
        try:
            await asyncio.wait_for(self.ended.wait(), 30)
        except TimeoutError:
            log.error("the tutor of %s did not end", self.student.id)


class ClassServer(Server):
    def __init__(self, config: ClassConfig, *, host: str = "127.0.0.1", port: int = 8000,
                 public_url: str | None = None) -> None:
        argv = [sys.executable, "-m", "tutor", *config.tutor_args, "app"]
        self.warm = WarmTutor(argv, config.tutor_args)
        # exec: the process textual-serve starts is the tutor itself, not a shell around it.
        super().__init__("exec " + shlex.join(argv), host=host, port=port, title=config.title,
                         public_url=public_url)
        self.config = config
        self._roster_stamp = _stamp(config.roster_file)
        self.crashes = CrashLog(config.class_dir, CRASH_WINDOW + CRASH_PAUSE)
        """Each student's recent tutor crashes, kept in the class folder across restarts."""
        self.key = cookies.load_key(config.class_dir)
        self.credentials = Credentials(config.class_dir)
        self.exporter = Exporter(config.class_dir, config.roster)
        self.online: dict[str, Connection] = {}
        self._arriving: dict[str, asyncio.Lock] = {}
        self._failures: dict[str, list[float]] = {}
        self._watch: asyncio.Task[None] | None = None
        self._ending: dict[str, asyncio.Task[None]] = {}

    # -- the aiohttp application, wrapped --------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                        ) -> web.StreamResponse:
            return await self._guard(request, handler)

        app.middlewares.append(guard)
        app.on_response_prepare.append(self._headers)
        app.router.add_get("/signin", self.handle_sign_in_page)
        app.router.add_post("/signin", self.handle_sign_in)
        app.router.add_get("/link", self.handle_link_page)
        app.router.add_post("/link", self.handle_link)
        app.router.add_post("/signout", self.handle_sign_out)
        app.router.add_get("/instructor", self.handle_instructor)
        app.router.add_get("/instructor/signin", self.handle_instructor_page)
        app.router.add_post("/instructor/signin", self.handle_instructor_sign_in)
        app.router.add_get("/instructor/exports.zip", self.handle_exports)
        app.on_shutdown.append(self._end_all)
        return app

    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                     ) -> web.StreamResponse:
        if request.path.startswith("/download/"):
            # textual-serve's route for files an app delivers to the browser. The tutor delivers
            # none (StudentService refuses to offer any), so it is closed to everyone: a key
            # guessed or seen would otherwise fetch a file from another student's tutor.
            raise web.HTTPNotFound(text="Nothing to download here.")
        self.refresh_roster()
        if request.method == "POST" or request.path == "/ws":
            origin = request.headers.get("Origin")
            if origin is not None and origin != self.origin:
                # Another site's page must not drive a student's tutor with their cookie.
                return web.Response(status=403, text=f"Open this class at {self.public_url}.")
        if request.path in PUBLIC or request.path.startswith("/static/"):
            return await handler(request)
        session = self.session_of(request)
        if request.path.startswith("/instructor"):
            if session is None or session.role != "instructor":
                raise web.HTTPSeeOther("/instructor/signin")
        elif session is None or session.role != "student":
            if request.path == "/":
                raise web.HTTPSeeOther("/signin")
            raise web.HTTPForbidden(text="Sign in first.")
        request[SESSION] = session
        return await handler(request)

    def refresh_roster(self) -> None:
        """Read the roster again if its file changed; a roster that cannot be used is reported in
        the log and the one before it kept."""
        stamp = _stamp(self.config.roster_file)
        if stamp == self._roster_stamp or self.config.roster_file is None:
            return
        self._roster_stamp = stamp
        try:
            roster = read_roster(self.config.roster_file)
        except RosterError as error:
            log.error("%s; the class goes on with the roster as it was", error)
            return
        added = roster.students.keys() - self.config.roster.students.keys()
        gone = self.config.roster.students.keys() - roster.students.keys()
        log.info("the roster changed: %d students (%d added, %d gone)", len(roster.students), len(added), len(gone))
        self.config.roster = self.exporter.roster = roster
        for sid in gone & self.online.keys():  # signed out, and their tutor saves and quits
            log.info("%s is no longer on the roster: their tutor is ended", sid)
            self._end_soon(sid, self.online[sid])

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        # No framing by other sites (clickjacking), no link token leaking to another site in a Referer.
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")  # "no-referrer" makes Origin null
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")

    @property
    def origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    def session_of(self, request: web.Request) -> cookies.Session | None:
        """The request's valid session: signed, unexpired, from the current issue of secrets."""
        session = cookies.verify(self.key, request.cookies.get(cookies.COOKIE), time.time())
        if session is None:
            return None
        self.credentials.refresh()
        if session.role == "student" and self.config.roster.get(session.sid) is None:
            return None
        if session.generation != self.credentials.generation(session.sid):
            return None
        return session

    def _signed_in(self, sid: str, role: str, to: str) -> web.Response:
        seconds = self.config.session_hours * 3600
        session = cookies.Session(sid, role, self.credentials.generation(sid), time.time() + seconds)
        response = web.Response(status=303, headers={"Location": to})
        response.set_cookie(cookies.COOKIE, cookies.sign(self.key, session), max_age=int(seconds), path="/",
                            httponly=True, samesite="Strict", secure=self.public_url.startswith("https:"))
        return response

    async def on_startup(self, app: web.Application) -> None:
        # textual-serve prints its logo here; a class gets the facts instead.
        self.console.print(f"Serving the tutor to {len(self.config.roster.students)} students on {self.public_url}"
                           f" (at most {self.config.max_students} at once); instructor: {self.public_url}/instructor",
                           highlight=False, markup=False)
        if self.config.warm:
            # The warm tutor imports Textual with the environment textual-serve gives every tutor.
            env = AppService(self.command, write_bytes=_nothing, write_str=_nothing, close=_nothing,
                             download_manager=self.download_manager, debug=self.debug)._build_environment()
            if await self.warm.start(env):
                self.console.print("Each student's tutor is forked from a warm one.", highlight=False, markup=False)
        self.console.print("Press Ctrl+C to stop.", highlight=False, markup=False)
        self._watch = asyncio.get_running_loop().create_task(self._watch_idle())

    # -- signing in -------------------------------------------------------------------------------

    def _failure_key(self, sid: str) -> str:
        # Only roster ids (and "" for the instructor) get a count of their own, so made-up ids
        # cannot fill the server's memory; together they share one.
        return sid if sid == "" or self.config.roster.get(sid) is not None else "\0unknown"

    def _too_many(self, sid: str) -> bool:
        key = self._failure_key(sid)
        now = time.monotonic()
        recent = [t for t in self._failures.get(key, []) if now - t < FAILURE_WINDOW]
        self._failures[key] = recent
        return len(recent) >= MAX_FAILURES

    def _failed(self, sid: str) -> None:
        self._failures.setdefault(self._failure_key(sid), []).append(time.monotonic())

    async def _check(self, check: Callable[..., bool], *args: str) -> bool:
        # Argon2 takes tens of milliseconds of CPU by design: never on the event loop.
        return await asyncio.get_running_loop().run_in_executor(None, check, *args)

    async def handle_sign_in_page(self, request: web.Request) -> web.Response:
        return _html(pages.sign_in(self.title))

    async def handle_sign_in(self, request: web.Request) -> web.Response:
        form = await request.post()
        sid, password = str(form.get("id", "")).strip(), str(form.get("password", ""))
        if self._too_many(sid):
            return _html(pages.sign_in(self.title, "Too many wrong passwords: wait a few minutes.", sid[:64]), 429)
        student = self.config.roster.get(sid)
        self.credentials.refresh()
        if not await self._check(self.credentials.check_password, sid, password) or student is None:
            self._failed(sid)
            return _html(pages.sign_in(self.title, "That id and password do not match.", sid[:64]), 401)
        return self._signed_in(student.id, "student", "/")

    async def handle_link_page(self, request: web.Request) -> web.Response:
        return _html(pages.link(self.title, request.query.get("id", "")[:64], request.query.get("token", "")[:200]))

    async def handle_link(self, request: web.Request) -> web.Response:
        form = await request.post()
        sid, token = str(form.get("id", "")), str(form.get("token", ""))
        student = self.config.roster.get(sid)
        if self._too_many(sid) or not await self._check(self.credentials.use_link, sid, token) or student is None:
            self._failed(sid)
            return _html(pages.sign_in(self.title, "This link was used already or is not valid: sign in with your "
                                                   "id and password."), 401)
        return self._signed_in(student.id, "student", "/")

    async def handle_sign_out(self, request: web.Request) -> web.Response:
        response = web.Response(status=303, headers={"Location": "/signin"})
        response.del_cookie(cookies.COOKIE, path="/")
        return response

    async def handle_instructor_page(self, request: web.Request) -> web.Response:
        return _html(pages.instructor_sign_in(self.title))

    async def handle_instructor_sign_in(self, request: web.Request) -> web.Response:
        secret = str((await request.post()).get("secret", ""))
        if self._too_many("") or not await self._check(self.credentials.check_instructor, secret):
            self._failed("")
            return _html(pages.instructor_sign_in(self.title, "That is not the instructor's secret."), 401)
        return self._signed_in("", "instructor", "/instructor")

    # -- the instructor's view --------------------------------------------------------------------

    async def handle_instructor(self, request: web.Request) -> web.Response:
        now = time.monotonic()
        rows = []
        for student in self.config.roster.students.values():
            conn = self.online.get(student.id)
            state = f"tutor stopped working ({RESTARTS} crashes)" if self.stopped_working(student.id) else ""
            if conn is not None:
                idle = int((now - conn.service.last_input) // 60)
                state = f"since {datetime.fromtimestamp(conn.since):%H:%M}" + (f", idle {idle} min" if idle else "")
            target = self.exporter.target(student)
            export = f"{datetime.fromtimestamp(target.stat().st_mtime):%Y-%m-%d %H:%M}" if target.exists() else ""
            rows.append((student.id, student.name, state, export))
        return _html(pages.instructor(self.title, rows, len(self.online), self.config.max_students,
                                      str(exports_dir(self.config.class_dir))))

    async def handle_exports(self, request: web.Request) -> web.Response:
        await self.exporter.export_all()
        data = await asyncio.get_running_loop().run_in_executor(None, self.exporter.zip_bytes)
        return web.Response(body=data, content_type="application/zip",
                            headers={"Content-Disposition": 'attachment; filename="class-exports.zip"'})

    # -- the tutor itself -------------------------------------------------------------------------

    def stopped_working(self, sid: str) -> bool:
        """Whether the student's tutor crashed RESTARTS times within CRASH_WINDOW, less than
        CRASH_PAUSE ago: it is not started again until then."""
        now = time.time()
        recent = self.crashes.of(sid)
        if len(recent) < RESTARTS:
            return False
        last = recent[-RESTARTS:]
        return last[-1] - last[0] <= CRASH_WINDOW and now - last[-1] < CRASH_PAUSE

    async def handle_index(self, request: web.Request) -> Any:
        sid = request[SESSION].sid
        if self.stopped_working(sid):
            return _html(pages.stopped(self.title, RESTARTS, round(CRASH_PAUSE / 60)), 503)
        if sid not in self.online and len(self.online) >= self.config.max_students:
            return _html(pages.full(self.title, self.config.max_students), 503)
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # textual-serve's handler, with the service built for the signed-in student.
        student = self.config.roster.get(request[SESSION].sid)
        assert student is not None  # the guard let only a roster student's session through
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        if self.stopped_working(student.id):
            await websocket.send_bytes(STOPPED)
            await websocket.close()
            return websocket
        conn = await self._arrive(student, websocket)
        if conn is None:
            await websocket.send_bytes(b"\r\nThe class is full: try again in a minute.\r\n")
            await websocket.close()
            return websocket
        try:
            await conn.service.start(width, height)
            await self._process_messages(websocket, conn.service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            # aiohttp may cancel this handler once the browser has gone: the tutor's quit and the
            # bookkeeping run in a task of their own, which that cancellation cannot interrupt.
            await asyncio.shield(self._leave(conn))
        return websocket

    async def _leave(self, conn: Connection) -> None:
        try:
            await conn.service.stop()
        finally:
            if self.online.get(conn.student.id) is conn:
                del self.online[conn.student.id]
            conn.ended.set()
            self.exporter.schedule(conn.student)

    async def _arrive(self, student: Student, websocket: web.WebSocketResponse) -> Connection | None:
        """The student's new connection, or None when the class is full. One tutor per student: a
        reload or a second tab ends the tutor before it (which saves as it quits)."""
        async with self._arriving.setdefault(student.id, asyncio.Lock()):
            previous = self.online.get(student.id)
            if previous is not None:
                await previous.end()
            if len(self.online) >= self.config.max_students:
                return None
            service = StudentService(
                self.warm.command(), student_dir(self.config.class_dir, student),
                crashes=self.crashes.of(student.id), saved=self.crashes.save, crash_window=CRASH_WINDOW,
                stopped=STOPPED,
                write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug,
            )
            conn = Connection(student, service, websocket)
            self.online[student.id] = conn
            return conn

    async def _watch_idle(self) -> None:
        """End idle tutors, and read the roster again, a few times a minute: a student taken off
        it is signed out even when they send nothing."""
        limit = self.config.idle_minutes * 60
        while True:
            await asyncio.sleep(max(0.2, min(2.0, limit / 4)))
            self.refresh_roster()
            now = time.monotonic()
            for sid, conn in list(self.online.items()):
                if now - conn.service.last_input > limit and sid not in self._ending:
                    log.info("%s was idle for %s minutes: their tutor is ended", sid, self.config.idle_minutes)
                    self._end_soon(sid, conn)

    def _end_soon(self, sid: str, conn: Connection) -> None:
        if sid not in self._ending:
            self._ending[sid] = asyncio.get_running_loop().create_task(self._end_idle(sid, conn))

    async def _end_idle(self, sid: str, conn: Connection) -> None:
        try:
            await conn.end()
        finally:
            self._ending.pop(sid, None)

    async def _end_all(self, app: web.Application) -> None:
        if self._watch is not None:
            self._watch.cancel()
        await asyncio.gather(*(conn.end() for conn in list(self.online.values())), return_exceptions=True)
        await self.warm.stop()
        await self.exporter.wait()


STOPPED = (b"\r\n\r\n  Your tutor stopped working three times in a row, so it is not started again for a few"
           b" minutes.\r\n  Every answer you gave is saved. Tell your instructor; reload this page later to"
           b" continue.\r\n")
"""What the student's terminal shows when their tutor is not started again."""


async def _nothing(*_: object) -> None:
    return None


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return None if st is None else (st.st_mtime_ns, st.st_size)


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
