"""The class list (a CSV of `id,name`) and where each student's files live.

A student's folder is `<class dir>/students/<id>`: the id is checked here, once, so it can never
name another folder, and the server takes a folder only from a roster entry, never from a request.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..safe_text import one_line

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""A roster id: a letter or digit, then letters, digits, '.', '_' or '-' (64 at most), so that it is
a safe folder name on every system."""

MAX_ROSTER_BYTES = 1 << 20


class RosterError(ValueError):
    """A roster that cannot be used, as `path:line: what is wrong`."""


@dataclass(frozen=True)
class Student:
    id: str
    """The roster id: the student's sign-in name and the name of their folder."""
    name: str
    """The name the instructor's view and the class report show."""


@dataclass(frozen=True)
class Roster:
    students: dict[str, Student]
    """Each student by roster id, in the roster's order."""

    def get(self, student_id: object) -> Student | None:
        """The student with this id, or None (anything that is not a roster id, too)."""
        return self.students.get(student_id) if isinstance(student_id, str) else None


def read_roster(path: Path) -> Roster:
    """The roster in the CSV file at `path`: a header `id,name`, then one student a line."""
    try:
        raw = path.read_bytes()[: MAX_ROSTER_BYTES + 1]
    except OSError as error:
        raise RosterError(f"{path}: cannot read the roster: {error.strerror or error}") from None
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterError(f"{path}: the roster is larger than 1 MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RosterError(f"{path}:{line}: not UTF-8 text") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header[:2]] != ["id", "name"]:
        raise RosterError(f"{path}:1: the first line must be the header `id,name`")
    students: dict[str, Student] = {}
    folded: dict[str, int] = {}
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise RosterError(f"{path}:{line}: expected `id,name`, found one field")
        sid, name = row[0].strip(), " ".join(row[1].split())
        if not ID_PATTERN.fullmatch(sid):
            raise RosterError(f"{path}:{line}: id {one_line(sid)!r} must be 1 to 64 letters, digits, '.', '_' or '-',"
                              " beginning with a letter or digit")
        if sid.casefold() in folded:  # folders named Ana and ana are one folder on some systems
            raise RosterError(f"{path}:{line}: id {sid!r} is already on line {folded[sid.casefold()]}")
        if not name or one_line(name) != name or len(name) > 200:
            raise RosterError(f"{path}:{line}: the name must be one line of 1 to 200 printable characters")
        folded[sid.casefold()] = line
        students[sid] = Student(sid, name)
    if not students:
        raise RosterError(f"{path}: the roster names no student")
    return Roster(students)


def student_dir(class_dir: Path, student: Student) -> Path:
    """The folder of this student's progress and settings."""
    return class_dir / "students" / student.id


def exports_dir(class_dir: Path) -> Path:
    """The folder of the students' progress exports, which `tutor class` reads."""
    return class_dir / "exports"
