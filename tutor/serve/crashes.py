"""Each student's recent tutor crashes, kept in the class folder: a server restarted while a
student's tutor keeps crashing still knows not to start it again."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import time
from pathlib import Path

log = logging.getLogger("tutor.serve")
FILE_NAME = "crashes.json"
FORMAT = 1


class CrashLog:
    def __init__(self, class_dir: Path, keep_seconds: float) -> None:
        self.path = class_dir / FILE_NAME
        self.keep_seconds = keep_seconds
        """Crashes older than this are forgotten: they no longer stop a tutor."""
        self._times: dict[str, list[float]] = self._read()

    def of(self, sid: str) -> list[float]:
        """The student's crash times (time.time()), oldest first. The same list every time, shared
        with their tutor's service, which adds to it; the old ones are dropped in place."""
        times = self._times.setdefault(sid, [])
        now = time.time()
        times[:] = [t for t in times if now - self.keep_seconds < t <= now]
        return times

    async def save(self) -> None:
        """Write the log (off the event loop); a failure is logged, and only the log is lost."""
        data = {"format": FORMAT, "students": {sid: list(ts) for sid, ts in self._times.items() if ts}}
        try:
            await asyncio.to_thread(self._write, json.dumps(data))
        except OSError as error:
            log.error("could not write %s (%s): a restarted server forgets the crashes since", self.path, error)

    def _write(self, text: str) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".crashes-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read(self) -> dict[str, list[float]]:
        """The saved log; a file that is not one is set aside (kept, renamed) and the log starts empty."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            students = data["students"] if isinstance(data, dict) and data.get("format") == FORMAT else None
            if not isinstance(students, dict):
                raise ValueError("not a crash log of format 1")
            return {str(sid): sorted(float(t) for t in ts) for sid, ts in students.items() if isinstance(ts, list)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, OverflowError) as error:  # json's are ValueErrors
            aside = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
            try:
                self.path.replace(aside)
            except OSError:
                aside = self.path
            log.warning("%s could not be read (%s); kept as %s, and crashes are counted from now", self.path,
                        error, aside.name)
            return {}
