"""Benchmark: the store with 100,000 attempts against an empty one, measured in one run.

    .venv/bin/python bench/store.py [--attempts 100000]

Prints, for the home screen's counts (`due_counts`), the stats screen's query (`stats`) and
start-up (`open_store` + `due_counts`): the time with the full store, the same call on an empty
store (the floor) and their ratio. Targets (issue 6): counts and stats at most 50 ms each;
start-up at most 5% slower than with an empty store.

Start-up is also compared with a store that has every question scheduled but one attempt each:
the counts read one card per question, so against a truly empty store part of the difference
comes from the number of questions (133 cards), not from the number of attempts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.course.loader import load  # noqa: E402
from tutor.course.resources import builtin_sources  # noqa: E402
from tutor.engine.state import Record  # noqa: E402
from tutor.model import Course  # noqa: E402
from tutor.store import attempt_columns, open_store  # noqa: E402
from tutor.store.convert import dumps, ts  # noqa: E402
from tutor.store.derived import rebuild_all, replay_cards  # noqa: E402
from tutor.store.rating import make_scheduler  # noqa: E402

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def populate(path: Path, course: Course, attempts: int, seed: int = 6) -> None:
    """Synthetic progress: a year of sessions over the built-in course's questions, in one transaction."""
    rng = random.Random(seed)
    questions = course.questions()
    store = open_store(path, scheduler=make_scheduler(fuzz=False))
    conn = store._conn
    assert conn is not None
    start = NOW - timedelta(days=365)
    per_session = 20
    sessions = attempts // per_session
    conn.execute("BEGIN IMMEDIATE")
    state = dumps({"quiz_id": "bench", "title": "Bench", "mode": "tutor", "items": [], "phase": "done"})
    conn.executemany(
        "INSERT INTO sessions (id, uuid, quiz_id, title, mode, started, updated, finished, outcome, answered, "
        "score, state) VALUES (?, ?, 'bench', 'Bench', 'tutor', ?, ?, ?, 'done', ?, 70.0, ?)",
        [(s + 1, f"00000000-0000-4000-8000-{s:012d}", ts(start + timedelta(minutes=105 * s)),
          ts(start + timedelta(minutes=105 * s + 30)), ts(start + timedelta(minutes=105 * s + 30)), per_session, state)
         for s in range(sessions)],
    )
    rows = []
    for i in range(attempts):
        q = questions[rng.randrange(len(questions))]
        at = start + timedelta(minutes=105 * (i // per_session) + i % per_session)
        roll = rng.random()
        verdict = "correct" if roll < 0.6 else ("partial" if roll < 0.75 else "incorrect")
        credit = {"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict]
        myths = [q.misconceptions[0].id] if verdict == "incorrect" and q.misconceptions and rng.random() < 0.5 else []
        rating = {"correct": 3, "partial": 2, "incorrect": 1}[verdict]
        record = Record(gid=q.gid, answer="synthetic answer", verdict=verdict, credit=credit, coverage=credit,
                        misconceptions=myths, seconds=20.0, hash=q.graded_hash)
        rows.append(attempt_columns.row_of(
            record, uuid=f"10000000-0000-4000-8000-{i:012d}", session_id=i // per_session + 1, quiz_id="bench",
            topic=course.topic(course.cases[q.case_id]), at=at, rating=rating))
    conn.executemany(attempt_columns.INSERT, rows)
    rebuild_all(conn)
    replay_cards(conn, store.scheduler, sorted({r["gid"] for r in rows}))
    conn.execute("COMMIT")
    store.close()


def populate_once(path: Path, course: Course) -> None:
    """Every question answered once: the same cards as the full store, almost no attempts."""
    store = open_store(path, scheduler=make_scheduler(fuzz=False))
    for n, q in enumerate(course.questions()):
        rec = Record(gid=q.gid, answer="once", verdict="correct", credit=1.0, hash=q.graded_hash)
        store.record_attempt(None, rec, course.topic(course.cases[q.case_id]), NOW - timedelta(days=30, minutes=n))
    store.close()


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def interleaved(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of two calls measured in alternation, so drift in the machine hits both alike."""
    a(), b()
    sa, sb = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        a()
        sa.append(time.perf_counter() - t)
        t = time.perf_counter()
        b()
        sb.append(time.perf_counter() - t)
    return statistics.median(sa), statistics.median(sb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=400)
    args = parser.parse_args()

    course = load(builtin_sources()).course
    with tempfile.TemporaryDirectory() as tmp:
        full_path, empty_path = Path(tmp) / "full.sqlite3", Path(tmp) / "empty.sqlite3"
        once_path = Path(tmp) / "once.sqlite3"
        t = time.perf_counter()
        populate(full_path, course, args.attempts)
        fill = time.perf_counter() - t
        open_store(empty_path).close()
        populate_once(once_path, course)
        full, empty = open_store(full_path), open_store(empty_path)
        assert full.attempt_count() == args.attempts and full.problem is None
        print(f"store: {args.attempts:,} attempts over {len(course.questions())} questions "
              f"({full_path.stat().st_size / 1e6:.1f} MB, written in {fill:.1f} s); journal {full.journal}")

        def row(name: str, value: float, floor: float, target: str) -> None:
            print(f"{name:<34} {value * 1000:8.3f} ms   floor {floor * 1000:8.3f} ms   "
                  f"ratio {value / floor:6.3f}   target {target}")

        counts_full = timed(lambda: full.due_counts(course, NOW), args.repeat)
        counts_empty = timed(lambda: empty.due_counts(course, NOW), args.repeat)
        row("due_counts (home screen)", counts_full, counts_empty,
            f"<= 50 ms: {'ok' if counts_full <= 0.05 else 'MISSED'}")
        stats_full = timed(lambda: full.stats(course, NOW), max(20, args.repeat // 4))
        stats_empty = timed(lambda: empty.stats(course, NOW), max(20, args.repeat // 4))
        row("stats (stats screen)", stats_full, stats_empty, f"<= 50 ms: {'ok' if stats_full <= 0.05 else 'MISSED'}")
        full.close()
        empty.close()

        def start_up(path: Path) -> Callable[[], object]:
            def go() -> object:
                store = open_store(path)
                result = store.due_counts(course, NOW)
                store.close()
                return result
            return go

        up_full, up_empty = interleaved(start_up(full_path), start_up(empty_path), args.repeat)
        ratio = up_full / up_empty
        row("open_store + due_counts (start-up)", up_full, up_empty,
            f"ratio <= 1.05: {'ok' if ratio <= 1.05 else 'MISSED'}")
        up_full2, up_once = interleaved(start_up(full_path), start_up(once_path), args.repeat)
        row("  vs 1 attempt per question", up_full2, up_once,
            f"ratio <= 1.05: {'ok' if up_full2 / up_once <= 1.05 else 'MISSED'}")
        last = open_store(full_path)
        with_unfinished = timed(lambda: (last.due_counts(course, NOW), last.unfinished(course)), args.repeat)
        print(f"{'  + unfinished() (continue?)':<34} {with_unfinished * 1000:8.3f} ms on the open store")
        last.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
