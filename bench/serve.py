"""Benchmark: a class signing in to `tutor serve` at once.

    .venv/bin/python bench/serve.py [--students 30]

Starts `tutor serve` as a real process, then simulated students: websocket clients that speak
textual-serve's protocol as its page does (JSON text frames in, the terminal's bytes out). Each
signs in with their password, waits for the home screen, presses Enter for the first quiz, waits
for its first question on screen, answers it with an answer of their own and waits for it in their
store. First one student alone, then all N at once.

Reports: every answer in its own student's store (and none in another's), the time from signing in
to the first question on screen (alone; with N at once: median, 90th percentile, slowest, and the
ratio to alone; target <= 3x), and the memory of the tutor processes while all N are at their
question (resident and proportional set size per student, from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve_kit import answers, free_port, make_class, start_server, stop_server  # noqa: E402

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
HOME = b"not yet seen"
QUESTION = b"Question 1 of"


class Student:
    def __init__(self, sid: str, password: str, answer: str) -> None:
        self.sid, self.password, self.answer = sid, password, answer
        self.first_question: float | None = None
        self.error = ""


async def take_part(base: str, folder: Path, student: Student, release: asyncio.Event, timeout: float) -> None:
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
                await asyncio.sleep(0.5)  # the input has focus once the question is drawn
                await ws.send_str(json.dumps(["stdin", student.answer + "\r"]))
                deadline = time.monotonic() + timeout
                while not answers(folder) and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
            except (TimeoutError, ConnectionError) as error:
                student.error = f"{type(error).__name__}: {error}"


def tutor_pids(server_pid: int) -> list[int]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


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
                    memory: list[tuple[int, int]]) -> None:
    release = asyncio.Event()
    tasks = [asyncio.create_task(take_part(base, class_dir / "students" / s.sid, s, release, timeout))
             for s in students]
    release.set()

    async def sample() -> None:  # the largest total while the class is at its questions
        while not all(t.done() for t in tasks):
            pids = tutor_pids(server_pid)
            if len(pids) == len(students):
                sizes = [memory_kib(p) for p in pids]
                total = (sum(s[0] for s in sizes), sum(s[1] for s in sizes))
                if not memory or total[1] > memory[0][1]:
                    memory[:] = [total]
            await asyncio.sleep(0.5)

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
    args = parser.parse_args()
    n = args.students
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        base_dir = Path(tmp)
        roster = {"solo": "Solo Student", **{f"s{i:02d}": f"Student {i:02d}" for i in range(1, n + 1)}}
        class_dir, _, issued = make_class(base_dir, roster)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(base_dir / "roster.csv", class_dir, port, base_dir / "server.log",
                              "--max-students", str(n))
        try:
            solo = [Student("solo", issued.passwords["solo"], "10 million")]
            solo_memory: list[tuple[int, int]] = []
            asyncio.run(run_class(base, class_dir, solo, args.timeout, server.pid, solo_memory))
            # Solo's tutor is ended before the class comes in, as a student closing the tab.
            time.sleep(2)
            students = [Student(f"s{i:02d}", issued.passwords[f"s{i:02d}"], f"{10 + i} million")
                        for i in range(1, n + 1)]
            class_memory: list[tuple[int, int]] = []
            started = time.perf_counter()
            asyncio.run(run_class(base, class_dir, students, args.timeout, server.pid, class_memory))
            elapsed = time.perf_counter() - started
            time.sleep(1)
        finally:
            stop_server(server)
        errors = [f"{s.sid}: {s.error}" for s in solo + students if s.error]
        problems = check_stores(class_dir, solo + students)
        alone = solo[0].first_question
        times = sorted(s.first_question for s in students if s.first_question is not None)
        print(f"tutor serve, {n} students signing in at once (one alone first), on {_cpus()} CPUs")
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
            rss, pss = class_memory[0]
            print(f"memory of the {n} tutor processes: {rss / 1024:.0f} MiB resident ({rss / 1024 / n:.0f} MiB per "
                  f"student), {pss / 1024:.0f} MiB proportional ({pss / 1024 / n:.0f} MiB per student)")
        if solo_memory:
            print(f"one tutor process alone: {solo_memory[0][0] / 1024:.0f} MiB resident, "
                  f"{solo_memory[0][1] / 1024:.0f} MiB proportional")
        return 0 if not problems and not errors else 1


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
