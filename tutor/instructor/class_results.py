"""A class's results: students' progress exports read and merged, each student kept apart.

Public API (also used by the review queue, `tutor review --class DIR`):

    load_class(paths: Sequence[Path], course: Course) -> ClassResults
        `paths`: export files (`tutor progress export`, JSON or CSV) and folders of them (read
        recursively; hidden files skipped). Never raises for a bad file and never opens a store.
    ClassResults.students: list[Student]
        each with `id` (the export's learner uuid, or the first file's path for exports made before
        learner ids existed), `name` (display label: the export's name, else the file name), `source`
        and `sources` (the files it came from), `attempts` (ClassAttempt, oldest first), `contests`,
        `flags`, `sessions` (each session with its `decisions`); `first_answers()` gives the answer
        each question's statistics use.
    ClassResults.problems: list[str]
        one precise message per file that could not be read or was read only in part:
        "PATH: not a progress export (...)", "PATH: format version N, this tutor reads M",
        "PATH: for another course version: ...", "PATH: attempt 3: credit is not a number", ...

Who is who: files naming the same learner id are one student; so are files sharing any session or
record uuid (one student's overlapping exports, or a CSV beside a JSON of the same progress).
Every record is counted once, by its uuid, so the same file given twice adds nothing. Files of two
learner ids that share records (progress imported from someone else's export) are read as one
student, with a problem line naming them.

Course versions: an answer given to a question since edited (its graded hash differs from the
question's now) or to a question no longer in the course is kept (`older_version`, `removed`) but
is not `current`: item analysis leaves it out, and the file's problem line says how many there were.

Reading reuses the store's bounded reader (`parse_import`) and per-value checks (`import_values`),
so a file is checked here exactly as `tutor progress import` would check it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ..model import Course
from ..safe_text import one_line
from ..store import attempt_columns
from ..store import import_values as v
from ..store.attempt_columns import Attempt
from ..store.import_read import VERSION, NewerFormat, parse_import

__all__ = ["ClassAttempt", "ClassResults", "Contest", "Decision", "Flag", "Session", "Student", "export_files",
           "load_class"]

SHOWN = 3
"""How many bad records or edited questions a file's problem line names one by one."""
MAX_NAME = 200


@dataclass
class ClassAttempt(Attempt):
    """One answer as a student's export holds it: the store's `Attempt` (the engine's `record` of
    it and what is kept beside it), with the session it came from."""

    session: str = ""
    """The uuid of the session it was given in; empty for one outside a session."""
    removed: bool = False
    """The question is not in the course read now."""

    @property
    def current(self) -> bool:
        """Given to the question as the course has it now: the answers statistics count."""
        return not self.older_version and not self.removed


@dataclass(frozen=True)
class Remark:
    """What a student wrote about a question, kept for the instructor."""

    uuid: str
    gid: str
    comment: str
    at: str
    """Stored UTC time text (sorts as time)."""
    session: str = ""


@dataclass(frozen=True)
class Contest(Remark):
    """A verdict the student contested, with their comment."""

    answer: str = ""
    verdict: str = ""


@dataclass(frozen=True)
class Flag(Remark):
    """An error report on a question, with the student's comment."""


@dataclass(frozen=True)
class Decision:
    """A management decision the student made at a step of a case."""

    case_id: str
    step_id: str
    choice_id: str
    recommended_id: str
    session: str


@dataclass
class Session:
    """One tutoring session of the student (decisions come only from JSON exports: CSV has no state)."""

    uuid: str
    quiz_id: str
    title: str
    mode: str
    started: str
    updated: str
    finished: str | None
    answered: int
    score: float | None
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class Student:
    id: str
    """The learner uuid the exports carry, or the first file's path when they carry none."""
    name: str
    """How reports show the student: the export's name, else the file name (the shortest of their
    files'; made unique within a class with the folder's name or a number)."""
    sources: list[Path]
    """Every file this student's records came from, in the order read."""
    attempts: list[ClassAttempt] = field(default_factory=list)
    """Oldest first."""
    contests: list[Contest] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    """Oldest first."""

    @property
    def source(self) -> Path:
        return self.sources[0]

    def first_answers(self) -> dict[str, ClassAttempt]:
        """The student's first current answer to each question (what item analysis counts).

        The first meeting with a question is the one that measures it; later answers follow
        feedback and review, as scores and the spaced-repetition rating use first answers too.
        """
        out: dict[str, ClassAttempt] = {}
        for a in self.attempts:
            if a.current and a.record.gid not in out:
                out[a.record.gid] = a
        return out

    def decisions(self) -> dict[tuple[str, str], Decision]:
        """The student's first decision at each (case id, step id)."""
        out: dict[tuple[str, str], Decision] = {}
        for s in self.sessions:
            for d in s.decisions:
                out.setdefault((d.case_id, d.step_id), d)
        return out


@dataclass
class ClassResults:
    course: Course
    students: list[Student]
    problems: list[str]
    """One line per file that could not be read, or was read in part."""
    files: int = 0
    """Files read as progress exports (each counted once)."""
    duplicates: int = 0
    """Records met more than once (the same file twice, overlapping exports), counted once."""


# finding the files -------------------------------------------------------------------------------

def export_files(paths: Iterable[Path], problems: list[str]) -> list[Path]:
    """The files named, and the files inside the folders named (recursively, hidden ones skipped),
    each once; a path that does not exist becomes a problem line."""
    out: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                problems.append(one_line(f"{path}: a folder with no files in it"))
            for p in found:
                out.setdefault(p.resolve(), p)
        elif path.exists() or path.is_symlink():
            out.setdefault(path.resolve(), path)
        else:
            problems.append(one_line(f"{path}: no such file or folder"))
    return list(out.values())


# reading one file --------------------------------------------------------------------------------

@dataclass
class _Part:
    """What one file holds, before files are joined into students."""

    path: Path
    learner: str
    name: str
    attempts: list[ClassAttempt]
    contests: list[Contest]
    flags: list[Flag]
    sessions: list[Session]

    def uuids(self) -> Iterator[str]:
        for group in (self.sessions, self.attempts, self.contests, self.flags):
            for x in group:
                yield x.uuid


class _Notes:
    """A file's skipped records: counted, the first few named."""

    def __init__(self) -> None:
        self.count = 0
        self.shown: list[str] = []

    def add(self, record: Any, why: str) -> None:
        self.count += 1
        if len(self.shown) < SHOWN:
            where = record.get("_where") if isinstance(record, dict) else None
            self.shown.append(f"{where}: {why}" if where else why)


def _read(path: Path, course: Course, problems: list[str]) -> _Part | None:
    name = one_line(str(path))
    try:
        doc = parse_import(path)
    except NewerFormat as error:
        problems.append(f"{name}: format version {error.version}, this tutor reads {VERSION}; "
                        "update the tutor to read it")
        return None
    except ValueError as error:
        problems.append(_unreadable(path, name, one_line(str(error))))
        return None
    except (MemoryError, RecursionError):
        problems.append(f"{name}: not a progress export (too large or too deeply nested to read)")
        return None
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version < 1:
        problems.append(f"{name}: format version {version}, this tutor reads {VERSION}")
        return None
    notes = _Notes()
    for reason in doc.get("unreadable") or []:  # lines of a CSV that could not be read
        notes.add(None, str(reason))
    notes.count += max(0, int(doc.get("unreadable_count") or 0) - len(doc.get("unreadable") or []))
    try:
        learner = v.text(doc, "learner")
        label = v.text(doc, "name", limit=MAX_NAME)
    except v.Bad as why:
        notes.add(None, str(why))
        learner = label = ""
    sessions = [s for s in (_session(r, notes) for r in _records(doc, "sessions", notes)) if s is not None]
    attempts = [a for a in (_attempt(r, course, notes) for r in _records(doc, "attempts", notes)) if a is not None]
    contests = [x for x in (_remark(Contest, r, notes) for r in _records(doc, "contests", notes)) if x is not None]
    flags = [f for f in (_remark(Flag, r, notes) for r in _records(doc, "flags", notes)) if f is not None]
    if notes.count:
        more = notes.count - len(notes.shown)
        tail = f"; and {more} more" if more > 0 else ""
        problems.append(f"{name}: {notes.count} unreadable record{'s' if notes.count != 1 else ''} skipped: "
                        + "; ".join(one_line(s) for s in notes.shown) + tail)
    version_note = _version_note(attempts)
    if version_note:
        problems.append(f"{name}: for another course version: {version_note}; left out of the item analysis")
    return _Part(path, learner, label, attempts, contests, flags, sessions)


SQLITE_MAGIC = b"SQLite format 3\x00"


def _unreadable(path: Path, name: str, reason: str) -> str:
    """The problem line for a file the reader refused."""
    if reason.startswith(name):  # the reader named the file itself (no such file, a folder, not UTF-8)
        reason = reason[len(name):].lstrip(": ")
        if reason.startswith(("no such file", "cannot be read", "is a folder", "is not a regular file")):
            return f"{name}: {reason}"
    head = b""
    if path.is_file():  # never a FIFO, which would block the open
        with contextlib.suppress(OSError), path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))  # to say what the file is: the store is never opened
    if head == SQLITE_MAGIC:
        return (f"{name}: not a progress export (a tutor's progress database; run `tutor progress export` "
                "in that data folder and collect the file it writes)")
    return f"{name}: not a progress export ({reason})"


def _records(doc: dict[str, Any], key: str, notes: _Notes) -> list[dict[str, Any]]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        notes.add(None, f"{key} is not a list of records")
        return []
    out = []
    for n, x in enumerate(value, 1):
        if isinstance(x, dict):
            out.append(x)
        else:
            notes.add({"_where": f"{key[:-1]} {n}"}, "not a record")
    return out


def _attempt(a: dict[str, Any], course: Course, notes: _Notes) -> ClassAttempt | None:
    try:
        record, beside = attempt_columns.read_export(a)
    except v.Bad as why:
        notes.add(a, str(why))
        return None
    attempt = ClassAttempt(record=record, **beside)
    q = course.question(record.gid)
    if q is None:
        attempt.removed = True
    elif record.hash and record.hash != q.graded_hash:
        attempt.older_version = True
    return attempt


_REMARK_CHECKS: dict[str, Callable[[dict[str, Any], str], Any]] = {
    "uuid": partial(v.text, required=True), "gid": partial(v.text, required=True), "at": v.moment,
    "comment": partial(v.text, limit=v.MAX_ANSWER), "answer": partial(v.text, limit=v.MAX_ANSWER),
    "verdict": v.text, "session": v.text,
}
"""How each field of a contest or flag is read: as `tutor progress import` reads it."""
R = TypeVar("R", bound=Remark)


def _remark(kind: type[R], x: dict[str, Any], notes: _Notes) -> R | None:
    try:
        return kind(**{f.name: _REMARK_CHECKS[f.name](x, f.name) for f in fields(kind)})
    except v.Bad as why:
        notes.add(x, str(why))
        return None


def _session(s: dict[str, Any], notes: _Notes) -> Session | None:
    try:
        uid = v.text(s, "uuid", required=True)
        started = v.moment(s, "started")
        assert started is not None
        session = Session(
            uuid=uid, quiz_id=v.text(s, "quiz_id"), title=v.text(s, "title", limit=v.MAX_ANSWER),
            mode=v.text(s, "mode") or "tutor", started=started,
            updated=v.moment(s, "updated", required=False) or started,
            finished=v.moment(s, "finished", required=False),
            answered=int(v.whole(s, "answered", low=0, high=10**6) or 0),
            score=v.number(s, "score", low=0, high=100, default=None),
        )
        state = s.get("state")
        choices = state.get("choices") if isinstance(state, dict) else None
        if isinstance(choices, list):
            for c in choices:
                if not isinstance(c, dict):
                    raise v.Bad("state holds a decision that is not a record")
                session.decisions.append(Decision(
                    v.text(c, "case_id", required=True), v.text(c, "step_id", required=True),
                    v.text(c, "choice_id", required=True), v.text(c, "recommended_id"), uid))
    except v.Bad as why:
        notes.add(s, str(why))
        return None
    return session


def _version_note(attempts: list[ClassAttempt]) -> str:
    """How many answers were given to an edited question or to one no longer in the course."""
    parts = []
    for what, picked in (("questions edited since", [a for a in attempts if a.older_version]),
                         ("questions not in this course", [a for a in attempts if a.removed])):
        if picked:
            gids = list(dict.fromkeys(a.record.gid for a in picked))
            named = ", ".join(gids[:SHOWN]) + (", …" if len(gids) > SHOWN else "")
            parts.append(f"{len(picked)} answer{'s' if len(picked) != 1 else ''} to {len(gids)} "
                         f"{what} ({one_line(named)})")
    return " and ".join(parts)


# joining files into students -----------------------------------------------------------------------

@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading makes millions of objects (a class's exports) and no reference cycles: left on, the
    cyclic collector would walk all of them again and again, a third of the time to read a class."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_class(paths: Sequence[Path], course: Course) -> ClassResults:
    """Read every export under `paths` and join them into students (see the module's docstring)."""
    problems: list[str] = []
    files = export_files([Path(p) for p in paths], problems)
    with _collector_paused():
        parts = [p for p in (_read(f, course, problems) for f in files) if p is not None]

    # Union-find over the files: one learner id, or one shared record, makes one student.
    parent = list(range(len(parts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    owner: dict[str, int] = {}
    for i, part in enumerate(parts):
        keys = ([f"learner:{part.learner}"] if part.learner else []) + list(part.uuids())
        for key in keys:
            j = owner.setdefault(key, i)
            if j != i:
                join(i, j)
    groups: dict[int, list[_Part]] = {}
    for i, part in enumerate(parts):
        groups.setdefault(root(i), []).append(part)

    students: list[Student] = []
    duplicates = 0
    for members in groups.values():
        learners = list(dict.fromkeys(p.learner for p in members if p.learner))
        if len(learners) > 1:  # progress moved between two tutors, or shared between two students
            names = ", ".join(one_line(str(p.path)) for p in members)
            problems.append(f"{names}: {len(learners)} learner ids share answers; read as one student")
        student, dup = _student(members)
        students.append(student)
        duplicates += dup
    _unique_names(students)
    students.sort(key=lambda s: (s.name.casefold(), s.id))
    return ClassResults(course=course, students=students, problems=problems, files=len(parts),
                        duplicates=duplicates)


def _student(parts: list[_Part]) -> tuple[Student, int]:
    learner = next((p.learner for p in parts if p.learner), "")
    # A copy's name is usually the original's plus something ("ana (1).json"): the shortest wins.
    label = next((p.name for p in parts if p.name), "") or min((p.path.stem for p in parts), key=len)
    student = Student(id=learner or str(parts[0].path), name=label, sources=[p.path for p in parts])
    duplicates = 0
    sessions: dict[str, Session] = {}
    for p in parts:
        for s in p.sessions:
            old = sessions.get(s.uuid)
            if old is not None:
                duplicates += 1
            if old is None or s.updated > old.updated:  # the copy that went further
                sessions[s.uuid] = s
    seen: set[str] = set()

    def fresh(uid: str) -> bool:
        nonlocal duplicates
        if uid in seen:
            duplicates += 1
            return False
        seen.add(uid)
        return True

    attempts: dict[str, ClassAttempt] = {}
    for p in parts:
        for a in p.attempts:
            kept = attempts.setdefault(a.uuid, a)
            if kept is not a:  # the same answer in two files: contested in either is contested
                duplicates += 1
                kept.record.contested = kept.record.contested or a.record.contested
    seen.update(attempts)
    student.attempts.extend(attempts.values())
    for p in parts:
        student.contests.extend(x for x in p.contests if fresh(x.uuid))
        student.flags.extend(f for f in p.flags if fresh(f.uuid))
    student.attempts.sort(key=lambda a: (a.at, a.uuid))
    student.contests.sort(key=lambda x: (x.at, x.uuid))
    student.flags.sort(key=lambda x: (x.at, x.uuid))
    student.sessions = sorted(sessions.values(), key=lambda s: (s.started, s.uuid))
    return student, duplicates


def _unique_names(students: list[Student]) -> None:
    """Two students called the same get told apart: by their folder (`ana/progress.json` and
    `ben/progress.json`, as a learning platform's download lays them out), else by a number."""
    named: dict[str, list[Student]] = {}
    for s in students:
        named.setdefault(s.name.casefold(), []).append(s)
    for same in named.values():
        if len(same) > 1 and len({s.source.parent.name for s in same}) == len(same):
            for s in same:
                if s.name == s.source.stem:
                    s.name = f"{s.source.parent.name}/{s.name}"
    counts: dict[str, int] = {}
    for s in sorted(students, key=lambda s: str(s.source)):
        key = s.name.casefold()
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > 1:
            s.name = f"{s.name} ({counts[key]})"
