"""Real faults for the progress store, and `tutor plain` driven in a real process (no tests here).

Shared by the store-fault tests and `bench/store_faults.py`: another process holding the file in
`BEGIN EXCLUSIVE`, a read-only file, a full disk (a small tmpfs in a private mount namespace, or a
file-size limit where namespaces are not allowed), damaged pages in the middle of the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.model import Course

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

VERDICT = re.compile(r"^(Correct|Partly right|Not right|Unclear) \(\d+%\)", re.M)
"""A verdict line in plain mode (colour is off through a pipe)."""
NOT_SAVED = "Your answers are not being saved"
SAVED_AGAIN = "Your answers are being saved again"
KEPT = "Your answers are kept."
GID = re.compile(r"^Question \d+ of \d+ \(([^)]+)\)", re.M)


# the learner ---------------------------------------------------------------------------------------------

def answer_for(course: Course, gid: str) -> str:
    """A right answer to a question of the course (the first accepted one of each needed group)."""
    q = course.question(gid)
    if q is None:
        return "skip"
    if q.options:
        return next((o.letter for o in q.options if o.correct), "a")
    if q.numeric is not None:
        return q.numeric.label
    groups = [e.accept[0] for e in q.expectations if e.accept][: max(1, q.need)]
    return " and ".join(groups) or "skip"


class Plain:
    """`tutor plain` in a child process, one turn at a time, as a learner at a terminal would."""

    def __init__(self, env: dict[str, str], *, quiz: str = "starter", cwd: Path | None = None,
                 prefix: Sequence[str] = (), preexec: Callable[[], None] | None = None) -> None:
        cmd = [*prefix, sys.executable, "-m", "tutor", "plain", "--quiz", quiz]
        self.proc = subprocess.Popen(
            cmd, cwd=cwd or ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=preexec,
        )
        self._out = bytearray()
        self._err = bytearray()
        self._lock = threading.Lock()
        self._seen = 0
        for stream, buf in ((self.proc.stdout, self._out), (self.proc.stderr, self._err)):
            threading.Thread(target=self._pump, args=(stream, buf), daemon=True).start()
        self.opening = self._until_prompt(60.0)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _pump(self, stream: object, buf: bytearray) -> None:
        read = stream.read1 if hasattr(stream, "read1") else stream.read  # type: ignore[attr-defined]  # a pipe
        while True:
            chunk = read(65536)
            if not chunk:
                return
            with self._lock:
                buf.extend(chunk)

    def output(self) -> str:
        with self._lock:
            return self._out.decode("utf-8", "replace")

    def errors(self) -> str:
        with self._lock:
            return self._err.decode("utf-8", "replace")

    def _until_prompt(self, timeout: float) -> str:
        """Output from the last prompt up to the next one (the turn's output)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.output()
            end = text.find("\n> ", self._seen)
            if end >= 0:
                chunk = text[self._seen:end + 1]
                self._seen = end + 3
                return chunk
            if self.proc.poll() is not None:
                time.sleep(0.05)
                text = self.output()
                chunk, self._seen = text[self._seen:], len(text)
                return chunk
            time.sleep(0.005)
        raise TimeoutError(f"no prompt within {timeout} s; output so far:\n{self.output()[-2000:]}")

    def say(self, text: str, timeout: float = 30.0) -> str:
        """Type a line; what the tutor answers before its next prompt."""
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the session has ended: what it said last
            self.proc.stdin.write(text.encode() + b"\n")
            self.proc.stdin.flush()
        return self._until_prompt(timeout)

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def end(self, timeout: float = 30.0) -> str:
        """End of input, as Ctrl-D; the rest of the output."""
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        self.proc.wait(timeout)
        time.sleep(0.05)  # the reader threads catch up
        text = self.output()
        rest, self._seen = text[self._seen:], len(text)
        return rest

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def next_answer(self, course: Course, chunk: str) -> str:
        """The answer to what the tutor just asked: the right one for a new question, else skip on."""
        found = GID.findall(chunk)
        if found:
            return answer_for(course, found[-1])
        if "Did you mean" in chunk:
            return "yes"
        if "Your decision" in chunk or re.search(r"^\s*a\. ", chunk, re.M):
            return "a"
        return "skip"


# faults ---------------------------------------------------------------------------------------------------

_HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
    conn.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


class LockHolder:
    """Another program holding the progress file in `BEGIN EXCLUSIVE` until `release()`."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line == "held", f"the lock was not taken: {line!r}"

    def release(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            self.proc.wait(10)


def damage_pages(path: Path) -> None:
    """Overwrite every page after the first (the header and schema) with garbage, in place."""
    with sqlite3.connect(path) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(page)
        f.write(b"\xff" * (size - page))


def with_progress(path: Path, answers: int = 40) -> None:
    """A progress file with some answers in it, closed cleanly (its WAL checkpointed away)."""
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.engine.state import Record
    from tutor.store import open_store

    course = load(builtin_sources()).course
    store = open_store(path)
    for q in course.questions()[:answers]:
        store.record_attempt(None, Record(gid=q.gid, answer="x", verdict="correct", credit=1.0, hash=q.graded_hash),
                             "general", T0)
    store.close()


def unprivileged() -> list[str] | None:
    """A prefix that makes root obey file permissions; [] when not root; None when impossible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"] if setpriv else None


def tmpfs_prefix(folder: Path, size: str = "1m") -> list[str] | None:
    """A prefix that runs a command with `folder` as a small tmpfs of its own (a private mount
    namespace: nothing is mounted for anyone else, and it goes when the command ends); None when
    this system does not allow it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    probe = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "sh", "-c",
                            f'mount -t tmpfs -o size={size} tmpfs "$0"', str(folder)], capture_output=True)
    if probe.returncode != 0:
        return None
    return [unshare, "--user", "--map-root-user", "--mount", "sh", "-c",
            f'mount -t tmpfs -o size={size} tmpfs "$0" && exec "$@"', str(folder)]


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder` with one file; remove it to end the fault."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 512, 1):  # to the last byte: SQLite must find no room at all
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size) == size:
                    pass
    finally:
        os.close(fd)
    return filler


def size_limited(limit: int) -> Callable[[], None]:
    """For a child process: files may not grow past `limit` bytes (a full disk where a tmpfs cannot be
    mounted); SIGXFSZ is ignored so a refused write is an error, not death."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    return apply


def lift_size_limit(pid: int) -> None:
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def copy_out(path: Path, folder: Path) -> Path:
    """Copy a progress file and its journal out of another process's mount namespace (SQLite resolves
    /proc/PID/root to this namespace's root, so it cannot open the file there); the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            shutil.copyfile(source, folder / (path.name + suffix))
    return folder / path.name


def stored_answers(path: Path) -> list[tuple[str, str]]:
    """(gid, verdict) of every stored answer, oldest first; read without changing the file."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        source = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error:
        return []
    try:
        memory = sqlite3.connect(":memory:")
        source.backup(memory)
        return [(g, v) for g, v in memory.execute("SELECT gid, verdict FROM attempts ORDER BY at, id")]
    except sqlite3.Error:
        return []
    finally:
        source.close()
