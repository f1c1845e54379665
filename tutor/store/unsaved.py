"""Answers the progress file never took, written as a file that `tutor progress import` reads.

The turns are replayed into a store in memory, with the session's own uuid, and exported from
there: the file is exactly what `tutor progress export` writes, and importing it once the
progress file works again merges it without duplicating anything already stored.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Course
    from .sink import Turn


def default_folders() -> list[Path]:
    """Where to write: the data folder, else the current folder, else the temporary folder."""
    from ..locations import data_dir

    folders = [data_dir(), Path.cwd(), Path(tempfile.gettempdir())]
    return list(dict.fromkeys(folders))


def export_text(turns: Sequence[Turn], course: Course, uid: str) -> str:
    """The turns as exported progress (JSON)."""
    from . import db
    from .sink import SessionSink
    from .store import Store

    memory = Store(db._memory_connection(None), path=Path(":memory:"), persistent=False)
    try:
        sink = SessionSink(memory, course)
        sink.uid = uid
        for turn in turns:
            sink.write(turn)
        return memory.export("json")
    finally:
        memory.close()


def write_export(text: str, now: datetime, folders: Sequence[Path]) -> tuple[Path | None, list[str]]:
    """Write `text` to a new file in the first folder that takes it; the file, and why the others did not."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    failures: list[str] = []
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = _new_file(folder, f"unsaved-answers-{stamp}")
        except OSError as error:
            failures.append(f"{folder}: {error.strerror or error}")
            continue
        try:
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())  # a full disk may only say so here
            return path, failures
        except OSError as error:
            failures.append(f"{folder}: {error.strerror or error}")
            with contextlib.suppress(OSError):
                path.unlink()  # never leave half a file that looks like an export
    return None, failures


def _new_file(folder: Path, base: str) -> Path:
    """Create a file that did not exist (never overwrite an earlier export)."""
    for n in range(1, 1000):
        path = folder / (f"{base}.json" if n == 1 else f"{base}-{n}.json")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"too many exports named {base} in {folder}")
