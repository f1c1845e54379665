"""`tutor class` benchmark: 300 students' exports of the whole built-in course, read and analysed.

    .venv/bin/python bench/class_results.py            # 300 students
    .venv/bin/python bench/class_results.py 50         # another class size

The class is simulated once and cached in the system's temporary folder (keyed by the size and
the course's graded content): each student takes every part of the built-in course in the real
plain-mode loop, in their own data folder, and exports with `tutor progress export`
(tests/class_kit.py). Making 300 takes a few minutes on two cores, the first time only.

Then, in one run (each figure the best of three), it times reading and merging the exports
(`load_class`), the item analysis (`analyse`), and the terminal report, against the issue's
target of 5 s for the first two; and the whole command (`tutor class DIR > /dev/null`, a new
process: start-up, course, report). The floor is `json.loads` of the same files, the least any
reader of them must do. Wall and CPU time are both printed: on a machine busy with other work,
CPU time is the figure to compare.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.class_kit import PARTS, profiles, simulate_student  # noqa: E402
from tutor.course.loader import load  # noqa: E402
from tutor.course.resources import builtin_sources  # noqa: E402

TARGET = 5.0
"""Seconds: `tutor class` and item analysis over 300 students (issue 15)."""

_worker: dict[str, Any] = {}


def _init() -> None:
    from tutor.grading import Grader

    course = load(builtin_sources()).course
    _worker["course"], _worker["grader"] = course, Grader(course)


def _make(job: tuple[Any, Path, Path]) -> Path:
    profile, stores, target = job
    return simulate_student(_worker["course"], _worker["grader"], profile, stores, target, PARTS)


def class_folder(n: int) -> Path:
    """The cached exports of `n` simulated students, made now when missing."""
    course = load(builtin_sources()).course
    digest = hashlib.sha256(repr(sorted((q.gid, q.graded_hash) for q in course.questions())).encode())
    kit = hashlib.sha256((ROOT / "tests" / "class_kit.py").read_bytes()).hexdigest()[:8]
    root = Path(tempfile.gettempdir()) / f"tutor-bench-class-{n}-{digest.hexdigest()[:10]}-{kit}"
    exports = root / "exports"
    done = root / "complete"
    if done.exists():
        return exports
    exports.mkdir(parents=True, exist_ok=True)
    jobs = [(p, root / "stores", exports / f"{p.name}.json") for p in profiles(n, seed=15)]
    jobs = [j for j in jobs if not j[2].exists()]  # an interrupted run goes on where it stopped
    print(f"simulating {len(jobs)} students taking the whole course (cached in {root}) ...", flush=True)
    start = time.perf_counter()
    devnull = open(os.devnull, "w")  # noqa: SIM115  `tutor progress export` reports each file on stderr
    saved, sys.stderr = sys.stderr, devnull
    try:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, initializer=_init) as pool:
            for i, _ in enumerate(pool.map(_make, jobs, chunksize=4), 1):
                if i % 25 == 0:
                    print(f"  {i}/{len(jobs)} ({time.perf_counter() - start:.0f} s)", file=saved, flush=True)
    finally:
        sys.stderr = saved
        devnull.close()
    done.write_text("ok\n")
    return exports


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    folder = class_folder(n)
    files = sorted(folder.glob("*.json"))
    size = sum(f.stat().st_size for f in files)

    import json

    from tutor.instructor.class_report import text_report
    from tutor.instructor.class_results import load_class
    from tutor.instructor.item_analysis import analyse

    course = load(builtin_sources()).course
    # warm the file cache and the imports, so each figure measures the work, not the disk
    for f in files:
        f.read_bytes()
    analyse(load_class(files[:2], course))

    def timed(fn: Any) -> tuple[float, float, Any]:
        """The best of three runs: (wall seconds, CPU seconds, the result)."""
        best_wall = best_cpu = float("inf")
        result = None
        for _ in range(3):
            c0, t0 = time.process_time(), time.perf_counter()
            result = fn()
            best_wall = min(best_wall, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
        return best_wall, best_cpu, result

    floor_w, floor_c, _ = timed(lambda: [json.loads(f.read_text(encoding="utf-8")) for f in files])
    read_w, read_c, results = timed(lambda: load_class([folder], course))
    stats_w, stats_c, analysis = timed(lambda: analyse(results))
    report_w, _, report = timed(lambda: text_report(results, analysis))

    t4 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tutor", "class", str(folder)], check=True, stdout=subprocess.DEVNULL,
                   cwd=ROOT)
    whole = time.perf_counter() - t4

    answers = sum(len(s.attempts) for s in results.students)
    both_w, both_c = read_w + stats_w, read_c + stats_c
    print(f"class: {len(results.students)} students, {len(files)} files ({size / 2**20:.1f} MiB), "
          f"{answers:,} answers, {len(analysis.items)} questions, {len(analysis.decisions)} decisions, "
          f"{len(results.problems)} problems")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(CPU time leaves out the time other programs had the cores); best of 3 runs")
    print(f"{'':19}{'wall':>8}{'CPU':>8}")
    print(f"{'floor (json.loads)':19}{floor_w:7.2f}s{floor_c:7.2f}s")
    print(f"{'load_class':19}{read_w:7.2f}s{read_c:7.2f}s   {read_c / floor_c:.1f}x floor (CPU)")
    print(f"{'item analysis':19}{stats_w:7.2f}s{stats_c:7.2f}s")
    print(f"{'load + analysis':19}{both_w:7.2f}s{both_c:7.2f}s   = {both_w / TARGET:.2f} (wall), "
          f"{both_c / TARGET:.2f} (CPU) of the {TARGET:g} s target; {both_c / floor_c:.1f}x floor (CPU)")
    print(f"{'terminal report':19}{report_w:7.3f}s          ({len(report.splitlines())} lines)")
    print(f"`tutor class DIR`: {whole:.2f} s wall, one run (a new process: start-up, course, read, analyse, "
          f"report) = {whole / TARGET:.2f} of the target")


if __name__ == "__main__":
    main()
