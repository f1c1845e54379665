"""Portable progress: the JSON round trip, merging two data folders, CSV, reset, and the CLI verbs."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.test_store_support import T0, day, record, store_at, topic
from tutor.commands import progress as cli_progress
from tutor.course.loader import LoadResult
from tutor.engine.state import Item, SessionState
from tutor.model import Course, Mode
from tutor.selection import quiz_question_ids
from tutor.store import Store, open_store


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


def _busy_store(path: Path, course: Course, *, offset: int = 0, quiz: str = "basics") -> Store:
    """A store with a finished and an unfinished session, attempts with dialogue, contests and flags."""
    store = store_at(path)
    qs = course.questions()[offset:offset + 6]
    for n, (a, b) in enumerate(((0, 3), (3, 6))):
        state = SessionState(quiz_id=quiz, title=f"Session {n}", mode=Mode.TUTOR, items=[Item(qs[a].case_id)])
        sid = store.start_session(state, day(n))
        for i, q in enumerate(qs[a:b]):
            rec = record(q, ("correct", "incorrect", "partial")[i], confidence="sure", answer=f"answer “{i}” [x]",
                         misconceptions=(q.misconceptions[0].id,) if q.misconceptions else ())
            rec.moves = ["hint"] if rec.verdict != "correct" else []
            state.records.append(rec)
            store.save_turn(sid, state, day(n, i), attempts=[(i, rec, topic(course, q))])
        store.add_contest(qs[a].gid, "my answer", "incorrect", day(n, 5), comment="too strict", session_id=sid)
        store.add_flag(qs[a].gid, "typo", day(n, 6), session_id=sid)
        if n == 0:
            store.finish_session(sid, state, day(n, 7), score=50.0)
    return store


def test_the_json_round_trip_loses_nothing(tmp_path: Path, course: Course) -> None:
    a = _busy_store(tmp_path / "a.sqlite3", course)
    exported = a.export("json")
    doc = json.loads(exported)
    assert {k: len(v) for k, v in doc.items() if isinstance(v, list)} == {
        "sessions": 2, "attempts": 6, "cards": 6, "contests": 2, "flags": 2}
    b = store_at(tmp_path / "b.sqlite3")
    summary = b.import_(exported)
    assert (summary.sessions, summary.attempts, summary.contests, summary.flags, summary.cards) == (2, 6, 2, 2, 6)
    assert b.export("json") == exported
    # and what the learner sees is the same
    assert b.stats(course, day(3)) == a.stats(course, day(3))
    assert b.due_counts(course, day(3)) == a.due_counts(course, day(3))
    found_a, found_b = a.unfinished(course), b.unfinished(course)
    assert found_a is not None and found_b is not None and found_a[1] == found_b[1]


def test_importing_twice_adds_nothing(tmp_path: Path, course: Course) -> None:
    a = _busy_store(tmp_path / "a.sqlite3", course)
    exported = a.export("json")
    again = a.import_(exported)
    assert (again.sessions, again.attempts, again.contests, again.flags) == (0, 0, 0, 0)
    assert again.duplicates == 12 and "already here" in str(again)
    assert a.export("json") == exported


def test_merging_two_data_folders(tmp_path: Path, course: Course) -> None:
    a = _busy_store(tmp_path / "a.sqlite3", course)
    b = _busy_store(tmp_path / "b.sqlite3", course, offset=3, quiz="cdt")  # three questions in common
    file = tmp_path / "a.json"
    file.write_text(a.export("json"))
    summary = b.import_(file)
    assert summary.attempts == 6 and summary.sessions == 2
    assert b.attempt_count() == 12
    shared = course.questions()[3].gid
    assert [x.quiz_id for x in b.history(shared)] == ["cdt", "basics"]  # day 0 here, day 1 there
    card = b.card(shared)
    assert card is not None
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        assert conn.execute("SELECT reviews FROM cards WHERE gid = ?", (shared,)).fetchone()[0] == 2
    assert b.stats(course, day(3)).attempts == 12
    assert len(b.contests()) == 4 and len(b.flags()) == 4
    # and back again: both folders now hold the same progress
    a.import_(b.export("json"))
    assert a.attempt_count() == 12
    assert {x.uuid for x in a.history(shared)} == {x.uuid for x in b.history(shared)}


def test_csv_export_is_one_table_and_imports_back(tmp_path: Path, course: Course) -> None:
    a = _busy_store(tmp_path / "a.sqlite3", course)
    text = a.export("csv")
    lines = text.splitlines()
    assert lines[0].startswith("kind,uuid,session,quiz_id,gid")
    kinds = [line.split(",", 1)[0] for line in lines[1:]]
    assert kinds.count("attempt") == 6 and kinds.count("contest") == 2 and kinds.count("flag") == 2
    b = store_at(tmp_path / "b.sqlite3")
    summary = b.import_(text)
    assert (summary.attempts, summary.contests, summary.flags) == (6, 2, 2)
    assert [x.record.answer for x in b.history(course.questions()[0].gid)] == ["answer “0” [x]"]
    assert b.due_counts(course, day(30)) == a.due_counts(course, day(30))  # schedules rebuilt from answers
    assert b.import_(text).attempts == 0


@pytest.mark.parametrize(("text", "message"), [
    ("{broken", "JSON is broken"),
    ('{"format": "something-else"}', "not progress exported by the tutor"),
    ('{"format": "ledvt-tutor-progress", "version": 99}', "newer version"),
    ("hello,world\n1,2\n", "expected the JSON or CSV"),
])
def test_importing_something_else_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        store_at(tmp_path / "p.sqlite3").import_(text)


def test_a_missing_import_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        store_at(tmp_path / "p.sqlite3").import_(tmp_path / "nope.json")


def test_unreadable_records_are_skipped_and_counted(tmp_path: Path, course: Course) -> None:
    doc = json.loads(_busy_store(tmp_path / "a.sqlite3", course).export("json"))
    doc["attempts"][0]["at"] = "yesterday"
    doc["attempts"][1]["rating"] = 9
    del doc["flags"][0]["gid"]
    summary = store_at(tmp_path / "b.sqlite3").import_(json.dumps(doc))
    assert summary.invalid == 3 and summary.attempts == 4


# reset -----------------------------------------------------------------------------------------------------

def test_reset_everything_after_a_backup(tmp_path: Path, course: Course) -> None:
    store = _busy_store(tmp_path / "p.sqlite3", course)
    backup = tmp_path / "backups" / "before.sqlite3"
    result = store.reset(backup)
    assert result is not None and (result.attempts, result.sessions, result.cards) == (6, 2, 6)
    assert str(backup) in str(result)
    assert store.attempt_count() == 0 and store.unfinished() is None and store.flags() == []
    assert store.due_counts(course, day(30)) == (len(course.questions()), 0)
    kept = open_store(backup)
    assert kept.attempt_count() == 6 and len(kept.flags()) == 2


def test_reset_one_quiz_keeps_the_rest(tmp_path: Path, course: Course) -> None:
    store = _busy_store(tmp_path / "p.sqlite3", course, quiz="basics")
    other = course.questions()[40]
    state = SessionState(quiz_id="cdt", title="CDT", mode=Mode.TUTOR, items=[Item(other.case_id)])
    sid = store.start_session(state, day(2))
    store.record_attempt(sid, record(other), topic(course, other), day(2), index=0)
    gids = course.questions()[0:6]
    result = store.reset(tmp_path / "b.sqlite3", quiz_id="basics", gids=[q.gid for q in gids])
    assert result is not None and result.attempts == 6 and result.sessions == 2
    assert store.attempt_count() == 1 and store.card(other.gid) is not None
    assert all(store.card(q.gid) is None for q in gids)
    assert len(store.contests()) == 2  # the instructor's reports stay
    assert store.stats(course, day(2)).attempts == 1


def test_reset_without_a_backup_removes_nothing(tmp_path: Path, course: Course) -> None:
    store = _busy_store(tmp_path / "p.sqlite3", course)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert store.reset(blocker / "backup.sqlite3") is None
    assert store.attempt_count() == 6


# the command line --------------------------------------------------------------------------------------------

def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tutor")
    sub = parser.add_subparsers(dest="verb")
    cli_progress.add_parser(sub, [])
    return parser.parse_args(argv)


def _run(argv: list[str], answer: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_progress.run(_parse(argv), now=day(10), stdout=out, stderr=err, ask=lambda prompt: answer)
    return code, out.getvalue(), err.getvalue()


def test_cli_export_import_between_two_data_folders(tmp_path: Path, course: Course,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "one"))
    _busy_store(tmp_path / "one" / "progress.sqlite3", course).close()
    code, out, _ = _run(["progress", "export", "--format", "json"])
    assert code == 0 and json.loads(out)["format"] == "ledvt-tutor-progress"
    file = tmp_path / "progress.json"
    code, _, err = _run(["progress", "export", "--format", "json", "--output", str(file)])
    assert code == 0 and "6 answers" in err and file.exists()
    code, out, _ = _run(["progress", "export", "--format", "csv"])
    assert code == 0 and out.startswith("kind,")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "two"))
    code, out, _ = _run(["progress", "import", str(file)])
    assert code == 0 and out.startswith("Imported 6 answers, 2 sessions")
    code, out, _ = _run(["progress", "import", str(file)])
    assert code == 0 and "Imported 0 answers" in out
    code, _, err = _run(["progress", "import", str(tmp_path / "missing.json")])
    assert code == 1 and "no such file" in err


def test_cli_reset_asks_backs_up_and_resets(tmp_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    _busy_store(tmp_path / "progress.sqlite3", course).close()
    code, _, err = _run(["progress", "reset"], answer="no")
    assert code == 1 and "Nothing was reset" in err
    assert store_at(tmp_path / "progress.sqlite3").attempt_count() == 6
    code, out, _ = _run(["progress", "reset"], answer="yes")
    assert code == 0 and "backups" in out
    [backup] = (tmp_path / "backups").iterdir()
    assert backup.name == "progress-20260312T090000Z.sqlite3"
    assert open_store(backup).attempt_count() == 6
    assert store_at(tmp_path / "progress.sqlite3").attempt_count() == 0


def test_cli_reset_one_quiz(tmp_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    quiz = course.quizzes["basics"]
    gids = quiz_question_ids(course, quiz)
    store = store_at(tmp_path / "progress.sqlite3")
    for gid in gids[:2]:
        q = course.question(gid)
        assert q is not None
        store.record_attempt(None, record(q), topic(course, q), T0)
    outside = next(q for q in course.questions() if q.gid not in gids)
    store.record_attempt(None, record(outside), topic(course, outside), T0)
    store.close()
    code, out, _ = _run(["progress", "reset", "--quiz", "basics", "--yes"])
    assert code == 0 and "Removed 2 answers" in out
    assert store_at(tmp_path / "progress.sqlite3").attempt_count() == 1
    code, _, err = _run(["progress", "reset", "--quiz", "no-such-quiz", "--yes"])
    assert code == 2 and "no quiz 'no-such-quiz'" in err


def test_cli_stats(tmp_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    _busy_store(tmp_path / "progress.sqlite3", course).close()
    code, out, _ = _run(["progress", "stats"])
    assert code == 0 and "Mastery by topic" in out and "Due in the next 14 days" in out
