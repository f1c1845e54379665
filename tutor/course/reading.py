"""Reading a content file's bytes, within the limits that keep a shared folder from exhausting memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..model import Loc
from .problems import Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
"""A content file larger than this is refused, so a shared file cannot exhaust memory."""
MAX_FOLDER_BYTES = 64 * 1024 * 1024
"""All the files of one content folder together (documented in content/README.md)."""


def read_text(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read."""
    try:
        # Non-blocking, so a pipe swapped in after the folder was listed cannot hang the tutor.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, Problem(Loc(shown, 1, 1), "this is not an ordinary file; it is not read",
                                     "content files are ordinary text files")
            if st.st_size > MAX_FILE_BYTES:
                return None, _too_big(shown, st.st_size)
            with os.fdopen(fd, "rb", closefd=False) as f:
                raw = f.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as e:
        return None, Problem(Loc(shown, 1, 1), f"cannot read the file: {e.strerror or 'unknown error'}",
                             "check that the file exists and that you may read it")
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read
        return None, _too_big(shown, len(raw))
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, Problem(Loc(shown, line, col), "the file is not valid UTF-8 text",
                             "save it as UTF-8")


def _too_big(shown: str, size: int) -> Problem:
    return Problem(Loc(shown, 1, 1), f"the file is {size / 1048576:.1f} MiB; content files may be at most 4 MiB",
                   "split it into several files")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
