"""The saver on real SQLite files, with another real process holding the lock: every failed save is
reported once with its reason, kept in memory in order, written when the file is free again, and
exported at the end when it never is."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.store_fault_kit import LockHolder
from tests.test_store_support import T0, FakeGrader, store_at
from tutor.course.loader import LoadResult
from tutor.engine.engine import Engine
from tutor.model import Course
from tutor.store import Saver, Store
from tutor.store.saver import EXPORTED, FAILED, RESUMED, SaveReport


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


def _engine(course: Course, n: int = 6) -> Engine:
    gids = [q.gid for q in course.questions() if q.kind in ("short", "list")][:n]
    return Engine.for_questions(course, FakeGrader(), gids, title="Saving", quiz_id="saving")


class Learner:
    """A face in miniature: a turn, then the saver, waiting for the turn as plain mode does."""

    def __init__(self, engine: Engine, saver: Saver) -> None:
        self.engine, self.saver, self.t = engine, saver, 0.0
        engine.start(0.0)

    def say(self, text: str) -> list[SaveReport]:
        self.t += 30
        self.engine.handle(text, self.t)
        turn = self.saver.submit(self.engine, T0 + timedelta(seconds=self.t))
        assert self.saver.wait(turn, 5.0)
        return self.saver.reports()


def _wait_for(saver: Saver, kind: str, timeout: float = 10.0) -> list[SaveReport]:
    deadline = time.monotonic() + timeout
    seen: list[SaveReport] = []
    while time.monotonic() < deadline:
        seen += saver.reports()
        if any(r.kind == kind for r in seen):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"no {kind} report within {timeout} s: {seen}")


def _gids_stored(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [g for (g,) in conn.execute("SELECT gid FROM attempts ORDER BY at, id")]


def test_a_lock_held_by_another_program_is_said_once_and_the_answers_written_when_it_goes(
    tmp_path: Path, course: Course
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = store_at(path)
    engine = _engine(course)
    saver = Saver(store, course, retry_delays=(0.1,), export_folders=lambda: [tmp_path / "exports"])
    me = Learner(engine, saver)
    assert me.say("right") == []  # stored, nothing to say
    holder = LockHolder(path)
    try:
        [report] = me.say("right")
        assert report.kind == FAILED and report.turn == 2
        assert report.text.startswith("Your answers are not being saved: the progress file is locked by another "
                                      f"program ({path}).")
        assert me.say("right") == []  # not repeated every turn
        assert saver.failing and saver.unsaved == 2
    finally:
        holder.release()
    reports = _wait_for(saver, RESUMED)  # retried in the background: no new turn needed
    assert [r.text for r in reports] == ["Your answers are being saved again; 2 kept in memory were written."]
    gids = [r.gid for r in engine.state.records]
    assert _gids_stored(path) == gids  # in order, each once
    ending = saver.close(T0 + timedelta(hours=1))
    assert ending.stored and ending.unsaved == 0 and ending.text == ""
    assert not (tmp_path / "exports").exists()


def test_answers_that_could_never_be_written_are_exported_for_import(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    store = store_at(path)
    engine = _engine(course)
    saver = Saver(store, course, export_folders=lambda: [tmp_path / "exports"])
    me = Learner(engine, saver)
    me.say("right")
    holder = LockHolder(path)
    try:
        me.say("wrong")
        me.say("skip")
        me.say("right")
        ending = saver.close(T0 + timedelta(hours=1))
    finally:
        holder.release()
    assert not ending.stored and ending.unsaved == 2 and ending.export is not None
    assert ending.export.parent == tmp_path / "exports" and ending.export.name == "unsaved-answers-20260302T100000Z.json"
    assert ending.text == (
        f"2 answers could not be saved: the progress file is locked by another program ({path}). They were written "
        f"to {ending.export} instead; `tutor progress import {ending.export}` adds them to your progress once the "
        "file can be saved.")
    assert [r.kind for r in saver.reports()][-1] == EXPORTED
    assert _gids_stored(path) == [engine.state.records[0].gid]
    summary = store.import_(ending.export)
    assert summary.attempts == 2 and summary.sessions == 0  # the session is the one already stored
    assert _gids_stored(path) == [r.gid for r in engine.state.records]
    assert store.import_(ending.export).attempts == 0  # importing twice adds nothing
    assert store.unfinished(course) is not None


def test_a_store_working_in_memory_says_so_at_the_first_turn_and_exports_at_the_end(
    tmp_path: Path, course: Course
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = store_at(blocker / "progress.sqlite3")
    assert not store.persistent
    saver = Saver(store, course, export_folders=lambda: [blocker, tmp_path])  # the first cannot take it
    me = Learner(_engine(course), saver)
    [report] = me.say("right")
    assert report.kind == FAILED and "not being saved" in report.text and "kept in memory;" in report.text
    assert me.say("right") == []
    assert store.attempt_count() == 2  # this run's screens still see them
    ending = saver.close(T0)
    assert not ending.stored and ending.unsaved == 2
    assert ending.export is not None and ending.export.parent == tmp_path
    fresh = store_at(tmp_path / "fresh.sqlite3")
    assert fresh.import_(ending.export).attempts == 2


def test_the_face_never_waits_for_a_locked_file(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    store = store_at(path)
    saver = Saver(store, course, busy_timeout=2.0, export_folders=lambda: [tmp_path])
    engine = _engine(course)
    engine.start(0.0)
    holder = LockHolder(path)
    try:
        engine.handle("right", 30.0)
        started = time.monotonic()
        turn = saver.submit(engine, T0)
        took = time.monotonic() - started
        assert turn == 1 and not saver.wait(turn, 0.0)  # queued; the write is still waiting for the lock
        assert took < 0.5  # the write waits up to 2 s here, on the saver's thread only
    finally:
        holder.release()
    assert saver.wait(1, 5.0) and saver.close(T0).stored


def test_the_short_busy_timeout_is_only_for_the_saver(tmp_path: Path, course: Course) -> None:
    store: Store = store_at(tmp_path / "progress.sqlite3", timeout=2.0)
    with store.busy_timeout(0.25):
        assert store._read(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0], 0) == 250
    assert store._read(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0], 0) == 2000


def test_a_file_made_writable_again_saves_again(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "progress.sqlite3"
    store_at(path).close()
    path.chmod(0o444)
    store = store_at(path)
    assert store._conn is not None
    store._conn.close()  # as SQLite does for a file it may not write: a read-only connection
    store._conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None,
                                  check_same_thread=False)
    saver = Saver(store, course, retry_delays=(0.1,), export_folders=lambda: [tmp_path])
    me = Learner(_engine(course), saver)
    [report] = me.say("right")
    assert report.kind == FAILED and f"the progress file is read-only ({path})" in report.text
    path.chmod(0o644)
    reports = _wait_for(saver, RESUMED)
    assert reports[-1].text == "Your answers are being saved again; 1 kept in memory was written."
    assert saver.close(T0).stored and len(_gids_stored(path)) == 1


def test_a_queued_turn_is_a_copy_the_engine_cannot_change(tmp_path: Path, course: Course) -> None:
    from tutor.store import SessionSink

    engine = _engine(course)
    engine.start(0.0)
    engine.handle("wrong", 30.0)  # the dialogue starts: the record's moves change with later turns
    sink = SessionSink(store_at(tmp_path / "p.sqlite3"), course)
    turn = sink.take(engine, T0)
    assert turn is not None and turn.attempts == (0,) and turn.upto == 1
    engine.handle("hint", 60.0)
    engine.state.records[0].moves.append("changed later")
    assert "changed later" not in turn.state["records"][0]["moves"]
    assert sink.take(engine, T0) is not None  # the latest record is taken again while its dialogue runs


def test_when_no_folder_takes_the_export_the_ending_says_so_and_claims_nothing(tmp_path: Path, course: Course) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where folders should be")
    store = store_at(blocker / "progress.sqlite3")
    saver = Saver(store, course, export_folders=lambda: [blocker / "data", blocker / "here"])
    me = Learner(_engine(course), saver)
    me.say("right")
    ending = saver.close(T0)
    assert not ending.stored and ending.export is None and ending.unsaved == 1
    assert ending.text.startswith("1 answer could not be saved: the data folder is read-only")
    assert "no file could be written for them either" in ending.text and str(blocker / "data") in ending.text
    assert blocker.read_text() == "a file where folders should be"
