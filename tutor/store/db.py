"""Opening the progress database so that nothing on disk can stop the tutor from teaching.

`open_store()` never raises. A damaged file is renamed aside (never deleted) and a new one is
started; a file locked by another program is waited for briefly; a read-only folder, a full disk
or anything else gives a store that works in memory for this run and says, in one line for the
learner, why progress cannot be saved. Where the file system cannot support SQLite's WAL mode (a
network file system), the rollback journal is used and the learner is told once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .schema import SCHEMA_VERSION, current_version, migrate

if TYPE_CHECKING:
    from fsrs import Scheduler

    from .store import Store

FILE_NAME = "progress.sqlite3"

NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p", "ceph", "glusterfs",
    "fuse.glusterfs", "lustre", "gpfs", "davfs", "fuse.davfs2", "fuse.sshfs", "sshfs", "fuse.rclone",
    "fuse.s3fs", "network",
})
"""File systems where WAL cannot work (it needs shared memory between the processes using the file)."""

CORRUPT, LOCKED, READONLY, FULL, NEWER, OTHER = "corrupt", "locked", "readonly", "full", "newer", "other"

STILL_WORKS = "The tutor still works."
"""In English; the learner reads `still_works()`, in the language in use."""


def _say(key: str, **args: object) -> str:
    """The store's words in the language in use (its problems and notices are text by the time a face shows them)."""
    from ..texts import msg, say

    return say(msg(key, **args))


def still_works() -> str:
    return _say("store.still_works")


class NewerSchema(Exception):
    """The file was written by a newer version of the tutor."""


def default_path() -> Path:
    from ..locations import data_dir

    return data_dir() / FILE_NAME


def open_store(
    path: Path | None = None, *, now: datetime | None = None, scheduler: Scheduler | None = None,
    timeout: float = 2.0,
) -> Store:
    """The progress store at `path` (default: `data_dir()/progress.sqlite3`). Never raises.

    `now` names a damaged file set aside (default: the file's own modification time, so the
    store never reads the clock). `scheduler` is the fsrs scheduler (tests pass one without
    fuzzing). `timeout` is how long a locked file is waited for, in seconds.
    """
    from .store import Store

    target = Path(path) if path is not None else None
    try:
        return _open(target or default_path(), now=now, scheduler=scheduler, timeout=timeout)
    except Exception as error:  # the last resort: an unforeseen failure must not stop the tutor
        where = target or Path(FILE_NAME)
        return Store(
            _memory_connection(None), path=where, persistent=False, scheduler=scheduler,
            problem=_say("store.cannot_be_saved", why=_one_line(error), still=still_works()),
        )


def _open(path: Path, *, now: datetime | None, scheduler: Scheduler | None, timeout: float) -> Store:
    from .store import Store

    folder = path.parent
    notices: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _degraded(path, READONLY, error, notices, scheduler,
                         detail=_say("store.folder_not_created", folder=folder, why=error.strerror or error))
    fs_type = filesystem_type(folder)
    network = fs_type in NETWORK_FS
    for round_ in range(2):  # the second round follows a damaged file being set aside
        conn: sqlite3.Connection | None = None
        try:
            damaged_mark = _damaged_mark(path)
            conn = _connect(path, timeout)
            journal, final = _setup(conn, network, timeout)
            if damaged_mark.exists():
                _check_integrity(conn)
            version = current_version(conn)
            if version > SCHEMA_VERSION:
                raise NewerSchema
            if version < SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    migrate(conn, current_version(conn))  # again: another tutor may have migrated
                    conn.execute("COMMIT")
                except BaseException:
                    rollback(conn)
                    raise
            conn.execute("SELECT count(*) FROM cards").fetchone()  # touches the home screen's table
            note = _journal_notice(conn, journal, network, fs_type) if final else None
            if note:
                notices.append(note)
            if damaged_mark.exists():
                _unlink_quietly(damaged_mark)
            return Store(conn, path=path, persistent=True, scheduler=scheduler, notices=notices,
                         journal=journal, timeout=timeout)
        except NewerSchema as error:
            _close_quietly(conn)
            return _degraded(path, NEWER, error, notices, scheduler)
        except sqlite3.Error as error:
            _close_quietly(conn)
            kind = classify(error)
            if kind == CORRUPT and round_ == 0:
                try:
                    aside = move_aside(path, now)
                except OSError as move_error:
                    return _degraded(
                        path, CORRUPT, error, notices, scheduler,
                        detail=_say("store.damaged_not_set_aside", path=path, why=move_error.strerror or move_error),
                    )
                _unlink_quietly(_damaged_mark(path))
                notices.append(_say("store.damaged_set_aside", name=aside.name, folder=folder))
                continue
            return _degraded(path, kind, error, notices, scheduler)
    raise AssertionError("unreachable")  # pragma: no cover


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)


def _setup(conn: sqlite3.Connection, network: bool, timeout: float) -> tuple[str, bool]:
    """Choose the journal: WAL on a local file system, the rollback journal on a network one.

    Returns the journal mode and whether it is final: False when the switch waits for a later
    start because another tutor had the file open (SQLite then simply keeps the old mode).
    """
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    want = "delete" if network else "wal"
    final = True
    if mode != want:
        # Switching needs the file to itself: if another tutor has it open, keep its journal for
        # now rather than wait.
        conn.execute("PRAGMA busy_timeout = 100")
        try:
            mode = str(conn.execute(f"PRAGMA journal_mode = {want}").fetchone()[0]).lower()
            if mode != want:  # SQLite may also just keep the old mode when the file is busy
                final = not _in_use(conn)
        except sqlite3.OperationalError as error:
            if classify(error) != LOCKED:
                raise
            final = False
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA synchronous = NORMAL" if mode == "wal" else "PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return mode, final


def _in_use(conn: sqlite3.Connection) -> bool:
    """Whether another connection holds the file (so a journal switch could not happen now)."""
    try:
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as error:
        rollback(conn)
        if classify(error) == LOCKED:
            return True
        raise
    conn.execute("ROLLBACK")
    return False


def _journal_notice(conn: sqlite3.Connection, journal: str, network: bool, fs_type: str) -> str | None:
    """Say once (per file) that WAL is not used, and why."""
    if journal == "wal":
        return None
    key = f"{journal}:{fs_type or 'local'}"
    row = conn.execute("SELECT value FROM meta WHERE key = 'journal_notice'").fetchone()
    if row is not None and row[0] == key:
        return None
    with contextlib.suppress(sqlite3.Error):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('journal_notice', ?)", (key,))
    if network:
        return _say("store.network_journal", fs=fs_type)
    return _say("store.no_wal", journal=journal)


def _degraded(
    path: Path, kind: str, error: BaseException, notices: list[str], scheduler: Scheduler | None,
    *, detail: str = "",
) -> Store:
    """A store in memory: a read-only copy of the file where one can be read, else empty."""
    from .store import Store

    conn = _snapshot(path, immutable=kind != LOCKED) if kind != CORRUPT else None
    if kind == NEWER:
        problem = _say("store.newer_shown", still=still_works())
    else:
        problem = _say("store.cannot_be_saved", why=detail or describe(kind, error, path), still=still_works())
    return Store(_memory_connection(conn), path=path, persistent=False, scheduler=scheduler, problem=problem,
                 notices=notices, problem_kind=kind)


def describe(kind: str, error: BaseException, path: Path) -> str:
    """What went wrong, in a few words for the learner."""
    folder = path.parent
    if kind in (READONLY, OTHER) and path.is_dir():  # SQLite says "unable to open": not a permission
        return _say("store.folder_in_the_way", path=path)
    if kind == READONLY:
        if not folder_writable(folder):
            return _say("store.folder_read_only", folder=folder)
        return _say("store.file_read_only", path=path)
    if kind == LOCKED:
        return _say("store.locked", path=path)
    if kind == FULL:
        return _say("store.disk_full", folder=folder)
    if kind == CORRUPT:
        return _say("store.damaged_next_start", path=path)
    return _say("store.error_at", error=_one_line(error), path=path)


def classify(error: BaseException) -> str:
    """The kind of a database failure: corrupt, locked, readonly, full or other."""
    code = getattr(error, "sqlite_errorcode", None)
    base = code & 0xFF if isinstance(code, int) else None
    if base in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return CORRUPT
    if base in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return LOCKED
    if base in (3, 8, 14, 23):  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
        return READONLY
    if base == 13 or code == 778:  # SQLITE_FULL; SQLITE_IOERR_WRITE
        # A write the operating system refused: a quota or a file-size limit (EFBIG) rather than
        # ENOSPC, which to the learner is the same thing as a full disk.
        return FULL
    text = str(error).lower()
    if "not a database" in text or "malformed" in text:
        return CORRUPT
    if "locked" in text or "busy" in text:
        return LOCKED
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return READONLY
    return OTHER


def folder_writable(folder: Path) -> bool:
    """Whether a file can be created in `folder` (os.access is wrong for root and on some mounts)."""
    import tempfile  # only when saving has failed: with shutil, bz2, lzma and random, a few ms at start-up

    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its journal files) to a timestamped name; never delete it."""
    moment = now if now is not None else datetime.fromtimestamp(path.stat().st_mtime, UTC)
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{path.name}.corrupt-{stamp}"
    target = path.with_name(base)
    n = 1
    while target.exists() or any(target.with_name(target.name + s).exists() for s in _SIDECARS):
        n += 1
        target = path.with_name(f"{base}-{n}")
    os.rename(path, target)
    for suffix in _SIDECARS:
        side = path.with_name(path.name + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                os.rename(side, target.with_name(target.name + suffix))
    return target


_SIDECARS = ("-wal", "-shm", "-journal")


def _damaged_mark(path: Path) -> Path:
    """A file left beside the database when damage was found while it was open."""
    return path.with_name(path.name + ".damaged")


def mark_damaged(path: Path) -> None:
    with contextlib.suppress(OSError):
        _damaged_mark(path).touch()


def _check_integrity(conn: sqlite3.Connection) -> None:
    row = conn.execute("PRAGMA quick_check").fetchone()
    if row is None or str(row[0]).lower() != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")


def _snapshot(path: Path, *, immutable: bool = True) -> sqlite3.Connection | None:
    """Copy a database that cannot be written into memory, so that reads still work.

    `immutable` also tries reading without any locking (a read-only folder where SQLite cannot
    create its lock files); never for a locked file, which another program may be changing.
    """
    if not path.exists():
        return None
    uri = path.resolve().as_uri()
    for query in ("?mode=ro", "?immutable=1") if immutable else ("?mode=ro",):
        source: sqlite3.Connection | None = None
        try:
            source = sqlite3.connect(uri + query, uri=True, timeout=0.2, isolation_level=None)
            # Hold a read lock first: Connection.backup() retries a locked source forever.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            source.backup(memory)
            if current_version(memory) == 0:  # nothing of ours in it
                memory.close()
                continue
            return memory
        except sqlite3.Error:
            continue
        finally:
            _close_quietly(source)
    return None


def _memory_connection(conn: sqlite3.Connection | None) -> sqlite3.Connection:
    """A working in-memory database: `conn` brought up to the current schema, or a new one."""
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    version = current_version(conn)
    if version < SCHEMA_VERSION:
        conn.execute("BEGIN")
        migrate(conn, version)
        conn.execute("COMMIT")
    return conn


def filesystem_type(folder: Path) -> str:
    """The type of the file system holding `folder` ("" when it cannot be told)."""
    if sys.platform == "win32":
        text = str(folder.resolve())
        return "network" if text.startswith("\\\\") else ""
    try:
        resolved = str(folder.resolve())
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            best, kind = "", ""
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, parts[2]
            return kind
    except OSError:
        return ""


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def rollback(conn: sqlite3.Connection) -> None:
    """Undo an open transaction, if any; a failure here changes nothing more."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
