"""Each student's progress export, written into `<class dir>/exports/<id>.json` by the tutor's own
`tutor progress export`, so `tutor class <class dir>/exports` reads the served class as it reads
collected files. Run after each of the student's sessions and before the instructor downloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import sys
import zipfile
from pathlib import Path

from .roster import Roster, Student, exports_dir, student_dir

log = logging.getLogger("tutor.serve")
STORE_FILES = ("progress.sqlite3", "progress.sqlite3-wal")
EXPORT_NICENESS = 10


class Exporter:
    def __init__(self, class_dir: Path, roster: Roster) -> None:
        self.class_dir = class_dir
        self.roster = roster
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[bool]] = set()
        self._slots = asyncio.Semaphore(2)  # the tutor processes come first on a small machine

    def target(self, student: Student) -> Path:
        return exports_dir(self.class_dir) / f"{student.id}.json"

    def up_to_date(self, student: Student) -> bool:
        """Whether the export is newer than every file of the student's store."""
        folder = student_dir(self.class_dir, student)
        try:
            written = self.target(student).stat().st_mtime_ns
        except FileNotFoundError:
            return False
        stamps = [(folder / name).stat().st_mtime_ns for name in STORE_FILES if (folder / name).exists()]
        return all(stamp < written for stamp in stamps)

    async def export(self, student: Student) -> bool:
        """Bring the student's export up to date; False when they have no progress yet or it failed."""
        folder = student_dir(self.class_dir, student)
        if not (folder / STORE_FILES[0]).exists():
            return False
        async with self._locks.setdefault(student.id, asyncio.Lock()), self._slots:
            if self.up_to_date(student):
                return True
            target = self.target(student)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            env = dict(os.environ, TUTOR_DATA_DIR=str(folder), TUTOR_CONFIG_FILE=str(folder / "config.json"))
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tutor", "progress", "export", "--format", "json", "--name", student.name,
                "--output", str(partial), env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )
            if hasattr(os, "setpriority"):
                # Below the tutors: a class arriving while others leave waits for no export.
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, proc.pid, EXPORT_NICENESS)
            _, err = await proc.communicate()
            if proc.returncode != 0:
                log.error("the export of %s failed: %s", student.id, err.decode("utf-8", "replace")[-500:])
                partial.unlink(missing_ok=True)
                return False
            os.replace(partial, target)
            return True

    def schedule(self, student: Student) -> None:
        """Export in the background (after a session ends)."""
        task = asyncio.get_running_loop().create_task(self.export(student))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def export_all(self) -> None:
        await asyncio.gather(*(self.export(s) for s in self.roster.students.values()))

    async def wait(self) -> None:
        """Let the exports under way finish (at shut-down)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def zip_bytes(self) -> bytes:
        """Every student's export in one zip file (blocking: call it off the event loop)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for student in self.roster.students.values():
                path = self.target(student)
                if path.exists():
                    archive.write(path, f"exports/{path.name}")
        return buffer.getvalue()
