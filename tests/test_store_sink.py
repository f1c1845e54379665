"""The session sink with the real engine: every turn saved, a killed process loses at most one answer,
a continued session never duplicates, two tutors at once both save."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import ROOT, with_checkout
from tests.test_store_support import T0, FakeGrader, store_at
from tutor.course.loader import LoadResult
from tutor.engine.engine import Engine
from tutor.engine.state import Phase
from tutor.model import Course
from tutor.store import SessionSink, Store


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


def _gids(course: Course, n: int = 5) -> list[str]:
    return [q.gid for q in course.questions() if q.kind in ("short", "list")][:n]


class Driver:
    """Drives an engine the way a face does: a turn, then the sink, with a clock in seconds."""

    def __init__(self, engine: Engine, sink: SessionSink, t: float = 0.0) -> None:
        self.engine, self.sink, self.t = engine, sink, t

    def start(self) -> None:
        self.engine.start(self.t)
        self.sink(self.engine, T0 + timedelta(seconds=self.t))

    def say(self, text: str) -> None:
        self.t += 30
        self.engine.handle(text, self.t)
        assert self.sink(self.engine, T0 + timedelta(seconds=self.t))


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_every_turn_is_saved_and_the_end_finishes_the_session(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store = store_at(path)
    gids = _gids(course, 3)
    engine = Engine.for_questions(course, FakeGrader(), gids, title="Three", quiz_id="three")
    d = Driver(engine, SessionSink(store, course))
    d.start()
    assert store.unfinished(course) is None  # nothing answered: nothing to continue
    d.say("right")
    assert _count(path, "SELECT count(*) FROM attempts") == 1
    found = store.unfinished(course)
    assert found is not None and len(found[1].records) == 1
    d.say("wrong")
    d.say("hint")  # the dialogue after the first answer
    d.say("skip")
    d.say("right")
    assert engine.done
    assert store.unfinished(course) is None
    attempts = [store.history(g)[0] for g in gids]
    assert [a.record.verdict for a in attempts] == ["correct", "incorrect", "correct"]
    assert "hint" in attempts[1].record.moves and "skip" in attempts[1].record.moves  # dialogue moves reach the row
    assert [a.quiz_id for a in attempts] == ["three"] * 3
    assert all(store.card(g) is not None for g in gids)
    row = store.sessions()[0]
    assert row["finished"] and row["outcome"] == "done" and row["score"] == pytest.approx(200 / 3, abs=0.1)


def test_contests_and_flags_reach_the_store_once(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    engine = Engine.for_questions(course, FakeGrader(), _gids(course, 3), title="T", quiz_id="t")
    d = Driver(engine, SessionSink(store, course))
    d.start()
    d.say("/flag the vignette says [red]left[/red] leg")
    d.say("wrong")
    d.say("skip")
    d.say("I was right")
    d.say("right")
    d.say("/flag another")
    assert [f["comment"] for f in store.flags()] == ["the vignette says [red]left[/red] leg", "another"]
    [contest] = store.contests()
    assert contest["verdict"] == "incorrect"
    assert store.history(contest["gid"])[0].record.contested


def test_a_failed_write_is_retried_with_the_next_turn(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store = store_at(path, timeout=0.05)
    engine = Engine.for_questions(course, FakeGrader(), _gids(course, 3), title="T", quiz_id="t")
    sink = SessionSink(store, course)
    d = Driver(engine, sink)
    d.start()
    d.say("right")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    d.t += 30
    engine.handle("right", d.t)
    assert not sink(engine, T0 + timedelta(seconds=d.t))
    assert store.problem and "locked" in store.problem
    blocker.execute("ROLLBACK")
    blocker.close()
    d.say("right")
    assert store.problem is None
    assert store.attempt_count() == 3 and store.unfinished(course) is None


_KILLED = textwrap.dedent("""
    import os, signal, sys
    from datetime import timedelta
    from pathlib import Path
    from tests.test_store_support import T0, FakeGrader, store_at
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.engine.engine import Engine
    from tutor.store import SessionSink

    course = load(builtin_sources()).course
    gids = [q.gid for q in course.questions() if q.kind in ("short", "list")][:5]
    engine = Engine.for_questions(course, FakeGrader(), gids, title="Killed", quiz_id="killed")
    sink = SessionSink(store_at(Path(sys.argv[1])), course)
    engine.start(0.0)
    for i, text in enumerate(sys.argv[2:]):
        t = 30.0 * (i + 1)
        engine.handle(text, t)
        if i == len(sys.argv) - 3:
            os.kill(os.getpid(), signal.SIGKILL)  # killed while the last answer is being graded
        sink(engine, T0 + timedelta(seconds=t))
""")


def test_killed_mid_session_loses_at_most_the_answer_being_graded(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    script = tmp_path / "killed.py"
    script.write_text(_KILLED)
    answers = ["right", "wrong", "skip", "right", "right"]  # the kill comes with the fourth question's answer
    done = subprocess.run([sys.executable, str(script), str(path), *answers], cwd=ROOT, env=with_checkout(),
                          capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()

    store = store_at(path)
    found = store.unfinished(course)
    assert found is not None
    session_id, state = found
    # q1 right, q2 wrong (its dialogue ended by skip), q3 right: saved; q4's answer was being graded: lost
    assert [r.verdict for r in state.records] == ["correct", "incorrect", "correct"]
    assert state.phase == "question"
    assert store.attempt_count() == 3
    # continue where it stopped
    engine = Engine(course, FakeGrader(), state)
    d = Driver(engine, SessionSink(store, course, session_id=session_id), t=1000.0)
    d.start()
    while not engine.done:
        d.say("right")
    assert store.unfinished(course) is None
    assert store.attempt_count() == len(engine.state.records) == 5
    assert _count(path, "SELECT count(DISTINCT gid) FROM attempts") == 5
    assert _count(path, "SELECT sum(reviews) FROM cards") == 5


_WRITER = textwrap.dedent("""
    import sys, time
    from datetime import timedelta
    from pathlib import Path
    from tests.test_store_support import T0, FakeGrader, store_at
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.engine.engine import Engine
    from tutor.store import SessionSink

    course = load(builtin_sources()).course
    gids = [q.gid for q in course.questions()][int(sys.argv[2]):][:40]
    engine = Engine.for_questions(course, FakeGrader(), gids, title=sys.argv[3], quiz_id=sys.argv[3])
    store = store_at(Path(sys.argv[1]), timeout=10)
    sink = SessionSink(store, course)
    start = float(sys.argv[4])
    while time.time() < start:
        time.sleep(0.005)
    engine.start(0.0)
    t = 0.0
    while not engine.done:
        t += 1
        engine.handle("right", t)
        assert sink(engine, T0 + timedelta(seconds=t)), store.problem
    print(store.problem or "ok")
""")


def test_two_tutors_at_once_both_save(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store_at(path).close()
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    start = str(time.time() + 1.0)
    procs = [subprocess.Popen([sys.executable, str(script), str(path), offset, name, start], cwd=ROOT,
                              env=with_checkout(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for offset, name in (("0", "one"), ("20", "two"))]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [o[0].strip() for o in outs] == ["ok", "ok"]
    store = store_at(path)
    sessions = {s["quiz_id"]: s for s in store.sessions()}
    assert set(sessions) == {"one", "two"} and all(s["finished"] for s in sessions.values())
    per_quiz = dict(sqlite3.connect(path).execute("SELECT quiz_id, count(*) FROM attempts GROUP BY quiz_id"))
    assert per_quiz == {"one": 40, "two": 40}
    # the 20 questions both answered have two reviews on their card
    overlap = [q.gid for q in course.questions()][20:40]
    assert _count(path, "SELECT count(*) FROM cards WHERE reviews = 2") == len(overlap)


def test_two_store_objects_on_one_file_interleave(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    a, b = store_at(path), store_at(path)
    qs = course.questions()
    engines = [Engine.for_questions(course, FakeGrader(), [q.gid for q in qs[i * 5:(i + 1) * 5]], title=str(i),
                                    quiz_id=f"q{i}") for i in (0, 1)]
    drivers = [Driver(e, SessionSink(s, course)) for e, s in zip(engines, (a, b), strict=True)]
    for d in drivers:
        d.start()
    while not all(e.done for e in engines):
        for d in drivers:
            if not d.engine.done:
                d.say("right")
    assert a.attempt_count() == b.attempt_count() == 10
    assert a.problem is None and b.problem is None


_HAMMER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from datetime import timedelta
    from tests.test_store_support import T0, store_at, record
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.engine.state import Item, SessionState

    course = load(builtin_sources()).course
    qs = course.questions()
    store = store_at(Path(sys.argv[1]))
    state = SessionState("hammer", "Hammer", "tutor", [Item(qs[0].case_id)])
    sid = store.start_session(state, T0)
    print("started", flush=True)
    i = 0
    while True:
        rec = record(qs[i % len(qs)])
        state.records.append(rec)
        store.save_turn(sid, state, T0 + timedelta(minutes=i), attempts=[(i, rec, "general")])
        i += 1
""")


def test_a_kill_during_writes_leaves_a_consistent_file(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    script = tmp_path / "hammer.py"
    script.write_text(_HAMMER)
    proc = subprocess.Popen([sys.executable, str(script), str(path)], cwd=ROOT, env=with_checkout(),
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    time.sleep(0.4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store: Store = store_at(path)
    assert store.problem is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        answered, state = conn.execute("SELECT answered, state FROM sessions").fetchone()
        attempts = conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    found = store.unfinished()
    assert found is not None
    # the state and the attempts were written in one transaction: they always agree
    assert answered == attempts == len(found[1].records) > 0
    assert '"records"' in state


def test_an_answer_waiting_for_its_confidence_is_rated_once_it_is_given(tmp_path: Path, course: Course) -> None:
    from tests.test_store_support import record

    store = store_at(tmp_path / "p.sqlite3")
    engine = Engine.for_questions(course, FakeGrader(), _gids(course, 2), title="T", quiz_id="t")
    sink = SessionSink(store, course)
    engine.start(0.0)
    q = course.question(_gids(course, 2)[0])
    assert q is not None
    engine.state.records.append(record(q))  # answered; the engine now asks "how sure are you?"
    engine.state.phase = Phase.CONFIDENCE
    assert sink(engine, T0)
    assert store.attempt_count() == 0 and store.unfinished(course) is not None
    engine.state.records[-1].confidence = "sure"
    engine.state.phase = Phase.QUESTION
    assert sink(engine, T0 + timedelta(seconds=5))
    [attempt] = store.history(q.gid)
    assert attempt.record.confidence == "sure" and attempt.rating == 4  # Easy


def test_a_reset_by_another_tutor_during_a_session_does_not_stop_saving(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store = store_at(path)
    engine = Engine.for_questions(course, FakeGrader(), _gids(course, 3), title="T", quiz_id="t")
    d = Driver(engine, SessionSink(store, course))
    d.start()
    d.say("right")
    other = store_at(path)
    assert other.reset(tmp_path / "backup.sqlite3") is not None
    d.say("right")
    assert store.problem is None
    found = store.unfinished(course)
    assert found is not None and len(found[1].records) == 2
    d.say("right")
    assert store.unfinished(course) is None and store.sessions()[0]["outcome"] == "done"
    assert store.attempt_count() == 3  # the answer given just before the reset is rewritten with the next turn
