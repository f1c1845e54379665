"""One student's tutor process: textual-serve's AppService, with the student's own folders in its
environment, a clock of the student's last key, a bounded quit, a restart after a crash (but not
after the third in a short time), and no files delivered to the browser."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

log = logging.getLogger("tutor.serve")
QUIT_SECONDS = 10.0
"""How long a tutor may take to save and quit before it is killed."""
RESTARTS = 3
"""Crashes within the server's crash window after which a student's tutor is not started again."""


class StudentService(AppService):
    def __init__(self, command: str, folder: Path, *, crashes: list[float], saved: Callable[[], Awaitable[None]],
                 crash_window: float, stopped: bytes, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.folder = folder
        """The student's data folder, from their roster id."""
        self.last_input = time.monotonic()
        """When the student last typed or clicked."""
        self.stopping = False
        self.crashes = crashes
        """The student's crashes (time.time()), shared with the server: a reload starts a new
        service, and must not start a tutor that keeps crashing again."""
        self.saved = saved
        """Writes the server's crash log, so that a restarted server knows them too."""
        self.crash_window = crash_window
        self.stopped = stopped
        """What the browser's terminal shows when the tutor is not started again."""
        self._size = (80, 24)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        # textual-serve's hook for the process environment: the only place the folder is chosen.
        env = super()._build_environment(width, height)
        env["TUTOR_DATA_DIR"] = str(self.folder)
        env["TUTOR_CONFIG_FILE"] = str(self.folder / "config.json")  # a student's theme is their own
        return env

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self, width: int, height: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._size = (width, height)
        await super().start(width, height)

    async def set_terminal_size(self, width: int, height: int) -> None:
        self._size = (width, height)
        await super().set_terminal_size(width, height)

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def run(self) -> None:
        while True:
            await super().run()
            assert self._process is not None
            code = await self._process.wait()
            if self.stopping or code == 0:
                break
            now = time.time()
            self.crashes.append(now)
            await self.saved()
            if len([t for t in self.crashes if now - t <= self.crash_window]) >= RESTARTS:
                log.error("the tutor of %s ended with status %s, its crash number %d within %.0f s; not started again",
                          self.folder.name, code, RESTARTS, self.crash_window)
                with contextlib.suppress(ConnectionError, RuntimeError):  # the browser may have gone
                    await self.remote_write_bytes(self.stopped)
                break
            # The tutor saved each answer as it was given: the new process offers to continue.
            log.warning("the tutor of %s ended with status %s; restarting it", self.folder.name, code)
            await self._open_app_process(*self._size)
        if not self.stopping:
            await self.remote_close()

    async def on_meta(self, data: bytes) -> None:
        # The tutor delivers no files; a process that offers one is not believed (the server's
        # /download route is closed as well).
        try:
            kind = json.loads(data).get("type")
        except (ValueError, AttributeError):
            kind = None
        if isinstance(kind, str) and kind.startswith("deliver_file"):
            log.warning("the tutor of %s offered a file to download; refused", self.folder.name)
            return
        await super().on_meta(data)

    async def stop(self) -> None:
        """Ask the tutor to quit (it saves as it quits), then kill it if it has not after QUIT_SECONDS."""
        self.stopping = True
        task = self._task
        if task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), QUIT_SECONDS)
        except TimeoutError:
            if self._process is not None and self._process.returncode is None:
                log.warning("the tutor of %s did not quit; killed", self.folder.name)
                self._process.kill()
            await task
        if self._process is not None and self._process.returncode is None:
            await self._process.wait()
        self._task = None
