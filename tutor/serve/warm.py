"""The warm tutor (tutor/zygote.py) as the server sees it: started with the server, the command
textual-serve runs for each student while it lives, and cold starts from the moment it is gone."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import shutil
import socket
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("tutor.serve")
CLIENT = Path(__file__).with_name("warm_client.py")
READY_SECONDS = 120.0
"""How long the warm tutor may take to import and open the course before the server does without it."""


def supported() -> bool:
    """Whether this system can hand a process's streams over and watch forked tutors (Linux)."""
    return hasattr(socket, "send_fds") and hasattr(os, "pidfd_open") and hasattr(os, "fork")


class WarmTutor:
    def __init__(self, cold: list[str], tutor_args: list[str]) -> None:
        self.cold = cold
        """The command line of a tutor started from nothing."""
        self.tutor_args = tutor_args
        self.process: asyncio.subprocess.Process | None = None
        self.socket: Path | None = None
        self.ready = False
        self._folder: str | None = None
        self._stopping = False
        self._watch: asyncio.Task[None] | None = None

    def command(self) -> str:
        """The shell command for a student's connection: the warm tutor's client while it lives."""
        if self.ready and self.socket is not None:
            return "exec " + shlex.join([sys.executable, "-I", "-S", str(CLIENT), str(self.socket), *self.cold])
        return "exec " + shlex.join(self.cold)  # exec: the process textual-serve watches is the tutor itself

    async def start(self, env: dict[str, str]) -> bool:
        """Start the warm tutor with `env` (textual-serve's environment for a tutor, which Textual
        reads as it is imported); whether it is ready."""
        if not supported():
            log.info("this system cannot fork warm tutors: each student's tutor starts cold")
            return False
        self._folder = tempfile.mkdtemp(prefix="tutor-serve-")  # mode 0700: only this user may connect
        self.socket = Path(self._folder) / "warm.sock"
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tutor.zygote", str(self.socket), *self.tutor_args,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env)
        assert self.process.stdout is not None
        try:
            line = await asyncio.wait_for(self.process.stdout.readline(), READY_SECONDS)
        except TimeoutError:
            line = b""
        if line != b"ready\n":
            log.warning("the warm tutor did not start: each student's tutor starts cold")
            await self.stop()
            return False
        self.ready = True
        self._watch = asyncio.get_running_loop().create_task(self._watch_end(self.process))
        return True

    async def _watch_end(self, process: asyncio.subprocess.Process) -> None:
        code = await process.wait()
        self.ready = False
        if not self._stopping:
            log.warning("the warm tutor ended (status %s): each student's tutor starts cold from now on", code)

    async def stop(self) -> None:
        """End the warm tutor (the tutors it forked are the server's to end) and remove its socket."""
        self._stopping = True
        self.ready = False
        process = self.process
        if process is not None and process.returncode is None:
            assert process.stdin is not None
            process.stdin.close()  # its signal to end
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._watch is not None:
            await self._watch
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
