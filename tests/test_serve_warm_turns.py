"""The warm tutor (tutor/zygote.py) starts a class's tutors in turn: a student who arrives while
as many tutors as it allows are still drawing their first screen waits for one of them, and no
tutor ever holds a waiting student's streams. Real processes: the warm tutor, its clients as
textual-serve starts them, and the tutors it forks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.serve.warm import CLIENT, supported

pytestmark = pytest.mark.skipif(not supported() or not Path("/proc/self/fd").exists(),
                                reason="forks warm tutors (Linux) and reads /proc")

WEB = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_COLOR_SYSTEM": "truecolor",
       "TERM_PROGRAM": "textual", "COLUMNS": "80", "ROWS": "24"}


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def pipes_of(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:  # closed as we looked
            continue
    return {link for link in found if link.startswith("pipe:")}


def pipe_names(process: subprocess.Popen[bytes]) -> set[str]:
    """The pipes between this test and a client: what its tutor has as its standard streams."""
    streams = (process.stdin, process.stdout, process.stderr)
    return {f"pipe:[{os.fstat(s.fileno()).st_ino}]" for s in streams if s is not None}


def has_drawn(process: subprocess.Popen[bytes]) -> bool:
    """Whether the tutor has written its home screen into its output pipe (read without waiting)."""
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    data = b""
    while True:
        try:
            chunk = os.read(process.stdout.fileno(), 1 << 16)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    return b"LEDVT tutor" in data


def test_a_student_arriving_while_the_others_start_waits_for_a_first_screen(tmp_path: Path) -> None:
    base = {**os.environ, **WEB, "TUTOR_STARTING_AT_ONCE": "1"}
    base.pop("PYTHONHASHSEED", None)
    socket_path = tmp_path / "warm.sock"
    zygote = subprocess.Popen([sys.executable, "-m", "tutor.zygote", str(socket_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, env={**base, "TUTOR_DATA_DIR": str(tmp_path / "none")})
    clients: dict[str, subprocess.Popen[bytes]] = {}
    try:
        assert zygote.stdout is not None
        assert zygote.stdout.readline() == b"ready\n"
        for sid in ("ana", "bo"):
            env = {**base, "TUTOR_DATA_DIR": str(tmp_path / sid), "TUTOR_CONFIG_FILE": str(tmp_path / sid / "c.json")}
            clients[sid] = subprocess.Popen([sys.executable, "-I", "-S", str(CLIENT), str(socket_path), "false"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            env=env)
        names = {sid: pipe_names(p) for sid, p in clients.items()}
        deadline = time.monotonic() + 60
        while not children(zygote.pid) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert children(zygote.pid), "no tutor was started"
        first_pid = children(zygote.pid)[0]
        owners: list[str] = []
        while not owners and time.monotonic() < deadline:  # the forked child takes its streams at once
            owners = [sid for sid in names if names[sid] <= pipes_of(first_pid)]
        first = owners[0]
        other = "bo" if first == "ana" else "ana"
        # While the first draws, the other waits in the warm tutor, and its streams are in no tutor.
        assert not names[other] & pipes_of(first_pid)
        while len(children(zygote.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(children(zygote.pid)) == 2, "the second tutor was never started"
        assert has_drawn(clients[first]), "the second tutor started before the first had drawn its screen"
        second_pid = next(pid for pid in children(zygote.pid) if pid != first_pid)
        assert names[other] <= pipes_of(second_pid) and not names[first] & pipes_of(second_pid)
    finally:
        for process in clients.values():
            process.kill()
        for pid in children(zygote.pid) if zygote.poll() is None else []:
            os.kill(pid, 9)
        assert zygote.stdin is not None
        zygote.stdin.close()  # its signal to end
        zygote.wait(30)
        for process in clients.values():
            process.wait(30)


def test_the_warm_tutor_keeps_a_grader_per_course_and_compiles_first_questions_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.grading import Grader, grader
    from tutor.session import open_course
    from tutor.zygote import compile_steps

    monkeypatch.setattr(grader, "_KEPT", {})
    course = open_course(cached=False).course
    kept = Grader(course).keep()
    assert Grader.for_course(course) is kept
    assert Grader.for_course(open_course(cached=False).course) is not kept  # another course: its own
    compiled: list[str] = []
    monkeypatch.setattr(kept, "prepare", lambda q: compiled.append(q.gid))
    for step in compile_steps([kept]):
        step()
    cases = [c for c in course.cases.values() if c.questions]
    assert compiled[:len(cases)] == [c.questions[0].gid for c in cases]
    assert sorted(compiled) == sorted(q.gid for c in cases for q in c.questions)
