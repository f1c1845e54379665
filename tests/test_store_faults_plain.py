"""`tutor plain` in real processes while saving fails after start-up: another program holding the
lock, a read-only file, a full disk, damaged pages. Each failure is said in the turn it happens
(once), nothing is claimed kept that is not stored, and the answers are stored once the fault goes,
or exported to a file `tutor progress import` takes."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.store_fault_kit import (
    KEPT,
    NOT_SAVED,
    SAVED_AGAIN,
    VERDICT,
    LockHolder,
    Plain,
    copy_out,
    damage_pages,
    fill,
    lift_size_limit,
    size_limited,
    stored_answers,
    tmpfs_prefix,
    unprivileged,
    with_progress,
)
from tutor.course.loader import LoadResult
from tutor.model import Course
from tutor.store import open_store

QUIZ = "basics"


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def _env(data: Path, tmp_path: Path) -> dict[str, str]:
    return {"TUTOR_DATA_DIR": str(data), "TUTOR_CACHE_DIR": str(tmp_path / "cache")}


def _drive(plain: Plain, course: Course, turns: int, events: dict[int, Callable[[], None]] | None = None
           ) -> list[str]:
    """Answer `turns` times (running `events[i]` before turn i); each turn's output."""
    chunks: list[str] = []
    chunk = plain.opening
    for i in range(turns):
        if events and i in events:
            events[i]()
        chunk = plain.say(plain.next_answer(course, chunk))
        chunks.append(chunk)
    return chunks


def _turn(plain: Plain, course: Course, chunks: list[str]) -> str:
    """One more turn, answering what the tutor asked last."""
    chunks.append(plain.say(plain.next_answer(course, chunks[-1] if chunks else plain.opening)))
    return chunks[-1]


def _verdicts(chunks: list[str]) -> int:
    return sum(len(VERDICT.findall(c)) for c in chunks)


def _export_in(text: str) -> Path:
    marker = "`tutor progress import "
    start = text.index(marker) + len(marker)
    return Path(text[start:text.index("`", start)])


def _imported(path: Path, export: Path) -> int:
    store = open_store(path)
    try:
        return store.import_(export).attempts
    finally:
        store.close()


# a lock held by another program ------------------------------------------------------------------------

def test_a_lock_held_mid_session_is_said_in_its_turn_and_the_answers_are_saved_when_it_goes(
    tmp_path: Path, data: Path, course: Course
) -> None:
    path = data / "progress.sqlite3"
    with_progress(path, 3)
    plain = Plain(_env(data, tmp_path), quiz=QUIZ)
    timings: list[float] = []
    chunks = _drive(plain, course, 2)
    holder = LockHolder(path)
    try:
        for _ in range(3):
            started = time.monotonic()
            _turn(plain, course, chunks)
            timings.append(time.monotonic() - started)
    finally:
        holder.release()
    _turn(plain, course, chunks)
    rest = plain.end()
    assert [NOT_SAVED in c for c in chunks] == [False, False, True, False, False, False]
    assert "the progress file is locked by another program" in chunks[2]
    assert SAVED_AGAIN in chunks[-1]
    assert max(timings) < 1.5  # never the 2 s busy timeout per turn
    assert KEPT in rest and "could not be saved" not in rest
    assert len(stored_answers(path)) == 3 + _verdicts(chunks)


def test_a_lock_never_released_ends_with_an_export_and_no_claim_to_have_kept_them(
    tmp_path: Path, data: Path, course: Course
) -> None:
    path = data / "progress.sqlite3"
    with_progress(path, 3)
    plain = Plain(_env(data, tmp_path), quiz=QUIZ)
    chunks = _drive(plain, course, 1)
    holder = LockHolder(path)
    try:
        for _ in range(3):
            _turn(plain, course, chunks)
        rest = plain.end()
    finally:
        holder.release()
    assert NOT_SAVED in chunks[1] and all(NOT_SAVED not in c for c in chunks[2:])
    assert KEPT not in rest and "3 answers could not be saved: the progress file is locked" in rest
    export = _export_in(rest)
    assert export.parent == data and export.exists()
    assert len(stored_answers(path)) == 4
    assert _imported(path, export) == 3
    assert len(stored_answers(path)) == 3 + _verdicts(chunks)


# a read-only file ----------------------------------------------------------------------------------------

def test_a_read_only_file_is_said_at_the_first_answer_and_saves_once_writable(
    tmp_path: Path, data: Path, course: Course
) -> None:
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be simulated")
    path = data / "progress.sqlite3"
    with_progress(path, 3)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        plain = Plain(_env(data, tmp_path), quiz=QUIZ, prefix=prefix)
        chunks = _drive(plain, course, 2)
        path.chmod(0o644)
        # The saver retries in the background (after 0.5 s, then 1 s...): wait for the retry to have
        # stored the two answers, not for a fixed time, which a busy machine can outlast.
        deadline = time.monotonic() + 15.0
        while len(stored_answers(path)) < 3 + _verdicts(chunks) and time.monotonic() < deadline:
            time.sleep(0.1)
        _turn(plain, course, chunks)
        rest = plain.end()
    finally:
        path.chmod(0o644)
    assert NOT_SAVED in chunks[0] and f"the progress file is read-only ({path})" in chunks[0]
    assert NOT_SAVED not in chunks[1] and SAVED_AGAIN in chunks[2]
    assert KEPT in rest
    assert len(stored_answers(path)) == 3 + _verdicts(chunks)


def test_a_read_only_file_that_stays_so_ends_with_an_export(tmp_path: Path, data: Path, course: Course) -> None:
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be simulated")
    path = data / "progress.sqlite3"
    with_progress(path, 3)
    path.chmod(0o444)
    try:
        plain = Plain(_env(data, tmp_path), quiz=QUIZ, prefix=prefix)
        chunks = _drive(plain, course, 3)
        rest = plain.end()
    finally:
        path.chmod(0o644)
    assert NOT_SAVED in chunks[0] and KEPT not in rest
    export = _export_in(rest)
    assert export.parent == data
    assert len(stored_answers(path)) == 3
    assert _imported(path, export) == _verdicts(chunks) == 3


# a full disk ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["tmpfs", "size-limit"])
def test_a_full_disk_mid_session_is_said_in_its_turn_and_the_answers_saved_once_there_is_room(
    tmp_path: Path, data: Path, course: Course, how: str
) -> None:
    """A 1 MB tmpfs of the process's own, filled mid-session; or, where a mount namespace is not
    allowed, a file-size limit the journal grows into (SIGXFSZ ignored)."""
    tmpfs = how == "tmpfs"
    prefix: list[str] | None = tmpfs_prefix(data) if tmpfs else []
    if prefix is None:
        pytest.skip("no private tmpfs here (the size-limit case covers a full disk)")
    preexec = None if tmpfs else size_limited(256 * 1024)
    plain = Plain(_env(data, tmp_path), quiz=QUIZ, prefix=prefix, preexec=preexec, cwd=tmp_path)
    inside = Path(f"/proc/{plain.pid}/root") / data.relative_to("/")  # the tmpfs, seen from here
    chunks = _drive(plain, course, 2)
    if tmpfs:
        filler = fill(inside)
    failed_at = None
    for _ in range(12):  # a size limit is reached when the journal has grown to it
        if NOT_SAVED in _turn(plain, course, chunks):
            failed_at = len(chunks) - 1
            break
    assert failed_at is not None, chunks
    assert "the disk is full" in chunks[failed_at]
    assert NOT_SAVED not in _turn(plain, course, chunks)  # said once, not every turn
    if tmpfs:
        filler.unlink()
    else:
        lift_size_limit(plain.pid)
    time.sleep(1.0)
    assert SAVED_AGAIN in _turn(plain, course, chunks)
    stored = stored_answers(copy_out(inside / "progress.sqlite3", tmp_path / "copy"))  # before the tmpfs goes
    rest = plain.end()
    assert KEPT in rest
    assert len(stored) == _verdicts(chunks)


def test_a_disk_that_stays_full_ends_with_an_export_in_the_current_folder(
    tmp_path: Path, data: Path, course: Course
) -> None:
    prefix = tmpfs_prefix(data)
    if prefix is None:
        pytest.skip("no private tmpfs here (the size-limit case above covers a full disk)")
    plain = Plain(_env(data, tmp_path), quiz=QUIZ, prefix=prefix, cwd=tmp_path)
    inside = Path(f"/proc/{plain.pid}/root") / data.relative_to("/")
    chunks = _drive(plain, course, 1)
    fill(inside)
    for _ in range(3):
        _turn(plain, course, chunks)
    rest = plain.end()
    assert NOT_SAVED in chunks[1] and "the disk is full" in chunks[1]
    assert KEPT not in rest
    export = _export_in(rest)
    assert export.parent == tmp_path  # the data folder had no room
    # the file also holds the last answer stored before the disk filled (it is rewritten with its dialogue)
    assert _imported(tmp_path / "fresh.sqlite3", export) == _verdicts(chunks) == 4


# damaged pages --------------------------------------------------------------------------------------------

def test_damaged_pages_mid_session_are_said_in_their_turn_and_the_answers_exported(
    tmp_path: Path, data: Path, course: Course
) -> None:
    path = data / "progress.sqlite3"
    with_progress(path, 40)
    plain = Plain(_env(data, tmp_path), quiz=QUIZ)
    damage_pages(path)  # after start-up: the tutor has the file open
    chunks = _drive(plain, course, 3)
    rest = plain.end()
    assert NOT_SAVED in chunks[0] and f"the progress file is damaged ({path})" in chunks[0]
    assert all(NOT_SAVED not in c for c in chunks[1:])
    assert KEPT not in rest
    export = _export_in(rest)
    assert export.parent == data
    store = open_store(path)  # the next start sets the damaged file aside and starts a new one
    try:
        assert store.notice and "damaged" in store.notice
        assert store.import_(export).attempts == _verdicts(chunks) == 3
    finally:
        store.close()


def test_a_turn_shown_with_a_working_store_survives_kill_9(tmp_path: Path, data: Path, course: Course) -> None:
    path = data / "progress.sqlite3"
    plain = Plain(_env(data, tmp_path), quiz=QUIZ)
    chunks = _drive(plain, course, 4)
    plain.kill()
    assert len(stored_answers(path)) == _verdicts(chunks) == 4  # every verdict shown was stored first


def test_sqlite_reports_a_size_limit_as_a_full_disk(tmp_path: Path) -> None:
    from tutor.store import db

    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 778  # SQLITE_IOERR_WRITE: EFBIG under RLIMIT_FSIZE
    assert db.classify(error) == db.FULL
    assert os.path.exists(tmp_path)
