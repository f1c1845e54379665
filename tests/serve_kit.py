"""What the `tutor serve` tests share: a class folder with issued sign-ins, and reading what a
student's own progress store holds."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT
from tutor.serve.credentials import Credentials, Issued
from tutor.serve.roster import Roster, read_roster

STUDENTS = {"ana": "Ana Li", "bo": "Bo Chen"}


def make_class(tmp_path: Path, students: dict[str, str] = STUDENTS) -> tuple[Path, Roster, Issued]:
    """A roster file, a class folder and the secrets issued for it."""
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("id,name\n" + "".join(f"{sid},{name}\n" for sid, name in students.items()),
                           encoding="utf-8")
    roster = read_roster(roster_file)
    class_dir = tmp_path / "class"
    return class_dir, roster, Credentials(class_dir).issue(roster)


def answers(folder: Path) -> list[tuple[int | None, str, str]]:
    """(session, question, answer) of each answer in the store in `folder`, oldest first."""
    path = folder / "progress.sqlite3"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        rows = conn.execute("SELECT session_id, gid, answer FROM attempts ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # the tutor is still creating its tables
        return []
    finally:
        conn.close()
    return [(r[0], str(r[1]), str(r[2])) for r in rows]


def wait_for(condition: Callable[[], object], timeout: float = 60.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(roster_file: Path, class_dir: Path, port: int, log: Path, *options: str) -> subprocess.Popen[bytes]:
    """`tutor serve` as an instructor starts it, in a process of its own; returns once it answers."""
    import urllib.request

    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tutor", "serve", "--roster", str(roster_file),
                                 "--class-dir", str(class_dir), "--port", str(port), *options],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)

    def answers_http() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"tutor serve ended: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=2).close()
            return True
        except OSError:
            return False

    wait_for(answers_http, 120, "tutor serve to answer")
    return proc


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
