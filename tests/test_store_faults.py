"""Faults on real files: a damaged file, a locked one, a read-only folder, a network file system.

Each gives a clear message, keeps the file (set aside, never deleted) and the tutor still works.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, with_checkout
from tests.test_store_support import T0, day, record, store_at, topic
from tutor.course.loader import LoadResult
from tutor.model import Course
from tutor.store import db, open_store


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


def _with_progress(path: Path, course: Course, n: int = 3) -> None:
    store = store_at(path)
    for q in course.questions()[:n]:
        store.record_attempt(None, record(q), topic(course, q), T0)
    store.close()


# a damaged file --------------------------------------------------------------------------------------

def test_a_file_that_is_not_a_database_is_set_aside_and_a_new_one_started(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database\x00" * 500
    path.write_bytes(garbage)
    store = store_at(path, now=T0)
    aside = tmp_path / "progress.sqlite3.corrupt-20260302T090000Z"
    assert aside.read_bytes() == garbage  # kept, byte for byte
    assert store.problem is None and store.persistent
    assert store.notice and "damaged" in store.notice and aside.name in store.notice
    q = course.questions()[0]
    assert store.record_attempt(None, record(q), "general", T0)  # the new file saves
    store.close()
    again = store_at(path)
    assert again.notice is None and again.attempt_count() == 1


def test_damaged_pages_are_found_and_the_file_set_aside(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course, 40)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    data[page:] = b"\xff" * (len(data) - page)  # keep the header and the schema page, break the rest
    path.write_bytes(bytes(data))
    store = store_at(path)  # no `now`: the aside file is named after the damaged file's own time
    asides = [p for p in tmp_path.glob("progress.sqlite3.corrupt-*") if p.name.endswith("Z")]
    assert len(asides) == 1 and asides[0].read_bytes() == bytes(data)
    assert not (tmp_path / "progress.sqlite3-wal").exists() or store.persistent  # journals go along
    assert store.notice and "damaged" in store.notice
    assert store.persistent and store.attempt_count() == 0


def test_two_damaged_files_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    for text in (b"first broken file" * 100, b"second broken file" * 100):
        path.write_bytes(text)
        store_at(path, now=T0).close()
        path.unlink()
        for side in tmp_path.glob("progress.sqlite3-*"):
            side.unlink()
    kept = sorted(p.read_bytes()[:6] for p in tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert kept == [b"first ", b"second"]


def test_damage_found_while_open_is_reported_then_set_aside_at_the_next_start(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course)
    store = store_at(path)
    store._failed(sqlite3.DatabaseError("database disk image is malformed"), writing=True)
    assert store.problem and "damaged" in store.problem
    assert (tmp_path / "progress.sqlite3.damaged").exists()
    store.close()
    again = store_at(path)  # the file is in fact sound: quick_check passes, nothing is moved
    assert again.notice is None and again.attempt_count() == 3
    assert not (tmp_path / "progress.sqlite3.damaged").exists()


# a locked file ----------------------------------------------------------------------------------------

@pytest.fixture
def exclusive(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(tmp_path / "progress.sqlite3", isolation_level=None)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_a_locked_file_still_reads_and_saves_once_the_lock_is_gone(
    tmp_path: Path, course: Course, exclusive: sqlite3.Connection
) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course)
    exclusive.execute("BEGIN EXCLUSIVE")
    exclusive.execute("DELETE FROM flags")
    store = store_at(path, timeout=0.1)
    assert store.persistent
    assert store.due_counts(course, day(30))[1] == 3  # reads work
    q = course.questions()[5]
    assert not store.record_attempt(None, record(q), "general", day(1))
    assert store.problem == (f"Progress cannot be saved: the progress file is locked by another program ({path}). "
                             "The tutor still works.")
    exclusive.execute("ROLLBACK")
    assert store.record_attempt(None, record(q), "general", day(1))
    assert store.problem is None and store.attempt_count() == 4
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_file_locked_even_for_reading_gives_a_working_store_in_memory(
    tmp_path: Path, course: Course, exclusive: sqlite3.Connection
) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    size = path.stat().st_size
    exclusive.execute("PRAGMA locking_mode = EXCLUSIVE")
    exclusive.execute("BEGIN EXCLUSIVE")
    exclusive.execute("DELETE FROM flags")
    store = store_at(path, timeout=0.1)
    assert not store.persistent
    assert store.problem and "locked by another program" in store.problem and "still works" in store.problem
    q = course.questions()[0]
    assert store.record_attempt(None, record(q), "general", T0)  # the session goes on, in memory
    assert store.stats(course, T0).attempts == 1
    exclusive.execute("ROLLBACK")
    assert path.stat().st_size == size and not list(tmp_path.glob("*.corrupt-*"))


def test_a_file_in_use_keeps_its_journal_until_the_next_start(
    tmp_path: Path, course: Course, exclusive: sqlite3.Connection
) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    exclusive.execute("BEGIN")
    exclusive.execute("SELECT count(*) FROM attempts").fetchone()  # another tutor reading
    store = store_at(path, timeout=0.5)
    assert store.persistent and store.journal == "delete" and store.problem is None and store.notice is None
    exclusive.execute("COMMIT")
    assert store.record_attempt(None, record(course.questions()[7]), "general", T0)
    store.close()
    again = store_at(path)
    assert again.journal == "wal" and again.attempt_count() == 4


# a read-only folder ---------------------------------------------------------------------------------

_READ_ONLY = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from tests.test_store_support import T0, day, record, store_at
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources

    course = load(builtin_sources()).course
    store = store_at(Path(sys.argv[1]))
    q = course.questions()[10]
    counts = store.due_counts(course, day(30))
    saved = store.record_attempt(None, record(q), "general", day(1))
    print(json.dumps({"problem": store.problem, "persistent": store.persistent, "counts": counts,
                      "saved_in_memory": saved, "attempts": store.attempt_count()}))
""")


def _unprivileged() -> list[str]:
    """A prefix that makes root obey file permissions (tests run as root in CI containers)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be simulated")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    yield folder
    folder.chmod(stat.S_IRWXU)


def _run_read_only(tmp_path: Path, path: Path) -> dict[str, Any]:
    script = tmp_path / "ro.py"
    script.write_text(_READ_ONLY)
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    out = subprocess.run([*_unprivileged(), sys.executable, str(script), str(path)], cwd=ROOT,
                         env=with_checkout(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


@pytest.mark.parametrize("file_mode", [0o644, 0o444], ids=["file-writable", "file-read-only"])
def test_a_read_only_data_folder_still_reads_and_says_it_cannot_save(
    tmp_path: Path, course: Course, read_only_folder: Path, file_mode: int
) -> None:
    path = read_only_folder / "progress.sqlite3"
    _with_progress(path, course)  # closed cleanly: SQLite's WAL files are gone with the last connection
    assert not (read_only_folder / "progress.sqlite3-wal").exists()
    path.chmod(file_mode)
    before = path.read_bytes()
    result = _run_read_only(tmp_path, path)
    assert result["problem"] == (f"Progress cannot be saved: the data folder is read-only ({read_only_folder}). "
                                 "The tutor still works.")
    assert result["persistent"] is False
    assert result["counts"] == [len(course.questions()) - 3, 3]  # progress is still read
    assert result["saved_in_memory"] and result["attempts"] == 4  # the session goes on in memory
    assert path.read_bytes() == before  # the file is untouched


def test_a_read_only_data_folder_without_a_file(tmp_path: Path, course: Course, read_only_folder: Path) -> None:
    result = _run_read_only(tmp_path, read_only_folder / "progress.sqlite3")
    assert result["problem"] and "data folder is read-only" in result["problem"]
    assert result["counts"] == [len(course.questions()), 0] and result["attempts"] == 1
    assert not (read_only_folder / "progress.sqlite3").exists()


def test_a_data_folder_that_cannot_be_created(tmp_path: Path, course: Course) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = store_at(blocker / "progress.sqlite3")
    assert store.problem and store.problem.startswith("Progress cannot be saved: the data folder cannot be created")
    assert store.record_attempt(None, record(course.questions()[0]), "general", T0)
    assert blocker.read_text() == "a file where the data folder should be"


def test_open_store_never_raises(tmp_path: Path, course: Course) -> None:
    (tmp_path / "progress.sqlite3").mkdir()  # a folder where the file should be
    store = store_at(tmp_path / "progress.sqlite3")
    assert store.problem and "The tutor still works." in store.problem
    assert store.due_counts(course, T0) == (len(course.questions()), 0)


def test_the_default_path_is_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "somewhere"))
    store = open_store()
    assert store.path == tmp_path / "somewhere" / "progress.sqlite3" and store.path.exists()


# a network file system -------------------------------------------------------------------------------

def test_a_network_file_system_uses_the_rollback_journal_and_says_so_once(
    tmp_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    _with_progress(path, course)  # made locally in WAL mode, then the home folder moved to NFS
    monkeypatch.setattr(db, "filesystem_type", lambda folder: "nfs4")
    store = store_at(path)
    assert store.journal == "delete" and store.problem is None
    assert store.notice and "network file system (nfs4)" in store.notice and "rollback journal" in store.notice
    assert store.record_attempt(None, record(course.questions()[9]), "general", T0)
    store.close()
    again = store_at(path)
    assert again.notice is None and again.journal == "delete" and again.attempt_count() == 4


def test_the_file_system_type_is_read_from_the_mount_table() -> None:
    if not Path("/proc/mounts").exists():
        pytest.skip("no /proc/mounts here")
    assert db.filesystem_type(Path("/")) != ""


@pytest.mark.parametrize(("code", "kind"), [
    (26, db.CORRUPT), (11, db.CORRUPT), (5, db.LOCKED), (517, db.LOCKED), (8, db.READONLY), (13, db.FULL),
])
def test_failures_are_classified_by_sqlite_error_code(code: int, kind: str) -> None:
    error = sqlite3.OperationalError("x")
    error.sqlite_errorcode = code
    assert db.classify(error) == kind
