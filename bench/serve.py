"""Benchmark: a class signing in to `tutor serve` at once.

    .venv/bin/python bench/serve.py [--students 30] [--cold]

Starts `tutor serve` as a real process, then simulated students: websocket clients that speak
textual-serve's protocol as its page does (JSON text frames in, the terminal's bytes out). Each
signs in with their password, waits for the home screen, presses Enter for the first quiz, waits
for its first question on screen, answers it with an answer of their own and waits for it in their
store. First one student alone, then all N at once.

Reports: every answer in its own student's store (and none in another's), the time from signing in
to the first question on screen (alone; with N at once: median, 90th percentile, slowest, and the
ratio to alone; target <= 3x), the memory of the tutor processes while all N are at their
question (resident and proportional set size per student, from /proc), and where the CPU went:
each tutor's own, the server's, the warm tutor's and this benchmark's clients'. `--cold` serves
with `--no-warm`: each tutor started from nothing, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve_kit import answers, free_port, make_class, start_server, stop_server, wait_for  # noqa: E402
from tutor.zygote import WARMED  # noqa: E402

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
HOME = b"not yet seen"
QUESTION = b"Question 1 of"


class Student:
    def __init__(self, sid: str, password: str, answer: str) -> None:
        self.sid, self.password, self.answer = sid, password, answer
        self.first_question: float | None = None
        self.error = ""
        self.cpu: list[float] = []
        """Their tutor's CPU seconds at the first question and when the answer was stored."""


async def take_part(base: str, folder: Path, student: Student, release: asyncio.Event, timeout: float,
                    answered: list[int], everyone: asyncio.Event, server_pid: int) -> None:
    await release.wait()
    started = time.perf_counter()
    screen = bytearray()  # the terminal's text, escape sequences taken out as each frame comes
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        response = await http.post(f"{base}/signin", data={"id": student.sid, "password": student.password},
                                   allow_redirects=False)
        if response.status != 303:
            student.error = f"sign-in answered {response.status}"
            return
        async with http.ws_connect(f"{base}/ws?width=100&height=30") as ws:
            async def until(marker: bytes) -> None:
                # Only the new text is searched: 30 clients in one process must not cost the
                # server's CPU its share by rescanning every screen from the start.
                while marker not in screen:
                    message = await ws.receive()
                    if message.type != aiohttp.WSMsgType.BINARY:
                        raise ConnectionError(f"the connection ended ({message.type.name})")
                    del screen[:-len(marker)]
                    screen.extend(ANSI.sub(b"", message.data))

            try:
                await asyncio.wait_for(until(HOME), timeout)
                await ws.send_str(json.dumps(["stdin", "\r"]))
                screen.clear()
                await asyncio.wait_for(until(QUESTION), timeout)
                student.first_question = time.perf_counter() - started
                tutor = tutor_of(folder, server_pid)
                student.cpu.append(cpu_seconds(tutor) if tutor else 0.0)
                await asyncio.sleep(0.5)  # the input has focus once the question is drawn
                await ws.send_str(json.dumps(["stdin", student.answer + "\r"]))
                deadline = time.monotonic() + timeout
                while not answers(folder) and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                student.cpu.append(cpu_seconds(tutor) if tutor else 0.0)
            except (TimeoutError, ConnectionError) as error:
                student.error = f"{type(error).__name__}: {error}"
            finally:
                # The class stays until everyone has answered, as a class does: the memory is
                # measured with all of them there, and no early leaver's export runs meanwhile.
                answered[0] += 1
                if answered[0] == answered[1]:
                    everyone.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(everyone.wait(), timeout)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Processes:
    """The server's processes by role: the warm tutor, the students' tutors, and the clients
    textual-serve runs for them while the warm tutor lives (one of each per student)."""

    def __init__(self, server_pid: int) -> None:
        self.zygote: int | None = None
        self.tutors: list[int] = []
        self.clients: list[int] = []
        for pid in children(server_pid):
            line = cmdline(pid)
            if "tutor.zygote" in line:
                self.zygote = pid
                self.tutors += children(pid)
            elif "warm_client.py" in line:
                self.clients.append(pid)
            elif line.endswith(" app "):  # a tutor started cold (not an export after a session)
                self.tutors.append(pid)


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy, every process's (from /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def tutor_of(folder: Path, server_pid: int) -> int | None:
    """The tutor process that has the student's store open."""
    store = str(folder / "progress.sqlite3")
    for pid in Processes(server_pid).tutors:
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) == store for fd in Path(f"/proc/{pid}/fd").iterdir()):
                return pid
    return None


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> tuple[int, int]:
    """(resident, proportional) set size of a process, in KiB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


async def run_class(base: str, class_dir: Path, students: list[Student], timeout: float, server_pid: int,
                    memory: list[tuple[int, ...]]) -> None:
    release, everyone = asyncio.Event(), asyncio.Event()
    answered = [0, len(students)]
    tasks = [asyncio.create_task(take_part(base, class_dir / "students" / s.sid, s, release, timeout, answered,
                                           everyone, server_pid)) for s in students]
    release.set()

    async def sample() -> None:  # the largest total while the class is at its questions
        while not all(t.done() for t in tasks):
            found = Processes(server_pid)
            if len(found.tutors) == len(students):
                tutors = [memory_kib(p) for p in found.tutors]
                clients = [memory_kib(p) for p in found.clients]
                total: tuple[int, ...] = (sum(s[0] for s in tutors), sum(s[1] for s in tutors),
                         sum(s[0] for s in clients), sum(s[1] for s in clients))
                if found.zygote is not None:
                    total += memory_kib(found.zygote)
                if not memory or total[1] > memory[0][1]:
                    memory[:] = [total]
            await asyncio.sleep(0.25)

    await asyncio.gather(sample(), *tasks)


def check_stores(class_dir: Path, students: list[Student]) -> list[str]:
    problems = []
    for s in students:
        stored = [a[2] for a in answers(class_dir / "students" / s.sid)]
        if stored != [s.answer]:
            problems.append(f"{s.sid}: stored {stored!r}, answered {s.answer!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds a student may wait at each step")
    parser.add_argument("--cold", action="store_true", help="serve with --no-warm: every tutor started from nothing")
    args = parser.parse_args()
    n = args.students
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        base_dir = Path(tmp)
        roster = {"solo": "Solo Student", **{f"s{i:02d}": f"Student {i:02d}" for i in range(1, n + 1)}}
        class_dir, _, issued = make_class(base_dir, roster)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(base_dir / "roster.csv", class_dir, port, base_dir / "server.log",
                              "--max-students", str(n), *(["--no-warm"] if args.cold else []))
        try:
            if not args.cold:  # the class comes in once the warm tutor has compiled the questions
                wait_for(lambda: WARMED in (base_dir / "server.log").read_text(errors="replace"), 300,
                         "the warm tutor to compile the questions")
            solo = [Student("solo", issued.passwords["solo"], "10 million")]
            solo_memory: list[tuple[int, ...]] = []
            asyncio.run(run_class(base, class_dir, solo, args.timeout, server.pid, solo_memory))
            # Solo's tutor is ended before the class comes in, as a student closing the tab.
            time.sleep(2)
            students = [Student(f"s{i:02d}", issued.passwords[f"s{i:02d}"], f"{10 + i} million")
                        for i in range(1, n + 1)]
            class_memory: list[tuple[int, ...]] = []
            zygote = Processes(server.pid).zygote
            before = (cpu_seconds(server.pid), cpu_seconds(zygote) if zygote else 0.0, time.process_time(),
                      machine_busy())
            started = time.perf_counter()
            asyncio.run(run_class(base, class_dir, students, args.timeout, server.pid, class_memory))
            elapsed = time.perf_counter() - started
            after = (cpu_seconds(server.pid), cpu_seconds(zygote) if zygote else 0.0, time.process_time(),
                      machine_busy())
            time.sleep(1)
        finally:
            stop_server(server)
        errors = [f"{s.sid}: {s.error}" for s in solo + students if s.error]
        problems = check_stores(class_dir, solo + students)
        alone = solo[0].first_question
        times = sorted(s.first_question for s in students if s.first_question is not None)
        mode = "each tutor started cold" if args.cold else "each tutor forked from a warm one"
        print(f"tutor serve, {n} students signing in at once (one alone first), on {_cpus()} CPUs; {mode}")
        print(f"answers in the right store: {n + 1 - len(problems)} of {n + 1}"
              + (f"; failures: {'; '.join(errors + problems)[:2000]}" if errors or problems else ""))
        if alone is None or not times:
            print("no time to the first question could be measured")
            return 1
        median = statistics.median(times)
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        print(f"time to the first question: alone {alone:.2f} s; with {n} at once median {median:.2f} s, "
              f"90th percentile {p90:.2f} s, slowest {times[-1]:.2f} s ({len(times)} measured)")
        print(f"ratio to alone: median {median / alone:.1f}x, slowest {times[-1] / alone:.1f}x (target <= 3x)")
        print(f"the whole class answered in {elapsed:.1f} s")
        if class_memory:
            rss, pss, client_rss, client_pss, *warm = class_memory[0]
            print(f"memory of the {n} tutor processes: {rss / 1024:.0f} MiB resident ({rss / 1024 / n:.0f} MiB per "
                  f"student), {pss / 1024:.0f} MiB proportional ({pss / 1024 / n:.0f} MiB per student)")
            if client_rss:
                print(f"and of their {n} clients: {client_rss / 1024 / n:.1f} MiB resident, "
                      f"{client_pss / 1024 / n:.1f} MiB proportional per student")
            if warm:
                print(f"the warm tutor, once: {warm[0] / 1024:.0f} MiB resident, {warm[1] / 1024:.0f} MiB proportional")
        if solo_memory:
            print(f"one tutor process alone: {solo_memory[0][0] / 1024:.0f} MiB resident, "
                  f"{solo_memory[0][1] / 1024:.0f} MiB proportional")
        measured = [s.cpu for s in students if len(s.cpu) == 2]
        if measured and len(solo[0].cpu) == 2:
            at_question = statistics.median(c[0] for c in measured)
            at_answer = statistics.median(c[1] for c in measured)
            print(f"CPU of a student's tutor (median): {at_question:.2f} s to the first question, {at_answer:.2f} s "
                  f"to the answer stored (alone: {solo[0].cpu[0]:.2f} s and {solo[0].cpu[1]:.2f} s)")
            print(f"CPU while the class came in ({elapsed:.1f} s on {_cpus()} CPUs = {elapsed * _cpus():.0f} CPU-s): "
                  f"the tutors {sum(c[1] for c in measured):.1f} s to their answers, "
                  f"the server {after[0] - before[0]:.1f} s, "
                  f"the warm tutor {after[1] - before[1]:.1f} s, "
                  f"this benchmark's clients {after[2] - before[2]:.1f} s; "
                  f"the whole machine was busy {after[3] - before[3]:.1f} s (other programs on it count here: "
                  "a benchmark on a busy machine is slower)")
        return 0 if not problems and not errors else 1


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
