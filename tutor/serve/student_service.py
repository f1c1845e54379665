"""One student's tutor process: textual-serve's AppService, with the student's own folders in its
environment, a clock of the student's last key, a bounded quit, and a restart after a crash."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

log = logging.getLogger("tutor.serve")
QUIT_SECONDS = 10.0
"""How long a tutor may take to save and quit before it is killed."""
RESTARTS = 3
"""Crashes within RESTART_WINDOW seconds after which a student's tutor is not started again."""
RESTART_WINDOW = 60.0


class StudentService(AppService):
    def __init__(self, command: str, folder: Path, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.folder = folder
        """The student's data folder, from their roster id."""
        self.last_input = time.monotonic()
        """When the student last typed or clicked."""
        self.stopping = False
        self.crashes: list[float] = []
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
            now = time.monotonic()
            self.crashes = [t for t in self.crashes if now - t < RESTART_WINDOW] + [now]
            if len(self.crashes) > RESTARTS:
                log.error("the tutor of %s crashed %d times in a minute; not restarted", self.folder.name, RESTARTS + 1)
                break
            # The tutor saved each answer as it was given: the new process offers to continue.
            log.warning("the tutor of %s ended with status %s; restarting it", self.folder.name, code)
            await self._open_app_process(*self._size)
        if not self.stopping:
            await self.remote_close()

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
