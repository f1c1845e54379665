"""Stored progress stays compatible: exports written before the attempts columns were declared once
(tests/fixtures/progress-v1.json and .csv, written by the tutor as it was then) import unchanged,
and the same progress is still written, and exported, byte for byte as it was."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.test_store_support import store_at
from tutor.engine.state import Item, Phase, Record, SessionState
from tutor.model import Mode
from tutor.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
JSON_EXPORT = FIXTURES / "progress-v1.json"
CSV_EXPORT = FIXTURES / "progress-v1.csv"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def build(path: Path) -> Store:
    """A store holding every kind of fact, written only through the store's own API, with fixed uuids
    and times (so two runs write the same bytes): two sessions, one finished and one not, attempts
    with and without dialogue, hints, skips, confidence, misconceptions, a contest and a flag, and
    answers a spreadsheet would run as formulas."""
    store = store_at(path)
    answers = [
        Record(gid="case-a/q1", answer="iliofemoral", verdict="correct", credit=1.0, coverage=1.0, confidence="sure",
               seconds=12.5, hash="a1a1a1a1a1a1a1a1"),
        Record(gid="case-a/q2", answer="=HYPERLINK(\"x\")", verdict="incorrect", credit=0.0, coverage=0.5,
               hints_before=1, moves=["pump", "hint"], misconceptions=["myth-1", "myth-2"], seconds=30.25,
               hash="a2a2a2a2a2a2a2a2", contested=True),
        Record(gid="case-a/q3", answer="-5", verdict="partial", credit=0.5, coverage=1.0, moves=["prompt"],
               confidence="guessing", seconds=8.0, hash="a3a3a3a3a3a3a3a3"),
        Record(gid="case-b/q1", answer="", verdict="incorrect", skipped=True, seconds=2.0, hash="b1b1b1b1b1b1b1b1"),
        Record(gid="case-b/q2", answer="thrombus “removal”, 50%\nnext line", verdict="unclear", credit=0.0,
               seconds=61.0, hash="b2b2b2b2b2b2b2b2"),
    ]
    sessions = [("11111111-1111-4111-8111-111111111111", "basics", "Basics, part 1", Mode.TUTOR, answers[:3], True),
                ("22222222-2222-4222-8222-222222222222", "exam", "Final exam", Mode.EXAM, answers[3:], False)]
    for n, (uid, quiz, title, mode, records, finish) in enumerate(sessions):
        state = SessionState(quiz_id=quiz, title=title, mode=mode, items=[Item(records[0].gid.split("/")[0])])
        start = _at(60 * 24 * n)
        sid = store.start_session(state, start, uid=uid)
        assert sid
        for i, rec in enumerate(records):
            state.records.append(rec)
            state.phase = Phase.QUESTION
            contests = [(i, rec)] if rec.contested else []
            flags: list[tuple[int, dict[str, str]]] = []
            if i == 1 or (n == 1 and i == 0):
                state.flags.append({"gid": rec.gid, "comment": f"typo in [b]{rec.gid}[/b]"})
                flags = [(len(state.flags) - 1, state.flags[-1])]
            assert store.save_turn(sid, state, start + timedelta(minutes=i + 1), attempts=[(i, rec, f"topic-{n}")],
                                   contests=contests, flags=flags)
        if finish:
            state.phase = Phase.DONE
            assert store.finish_session(sid, state, start + timedelta(minutes=10), score=50.0)
    return store


def _attempt_rows(path: Path) -> list[dict[str, object]]:
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM attempts ORDER BY uuid")]


ADDED_SINCE = {"learner"}
"""Keys an export has gained since the fixture was written: the store's random learner id, which
lets `tutor class` tell students apart (older exports have none)."""
STATE_ADDED_SINCE = {"finished_early", "explained"}
"""Fields a saved session's state has gained: `/finish`, and which question `/flag` reports on."""


def test_progress_is_exported_as_before_but_for_what_was_added(tmp_path: Path) -> None:
    store = build(tmp_path / "p.sqlite3")
    exported = json.loads(store.export("json"))
    before = json.loads(JSON_EXPORT.read_text(encoding="utf-8"))
    assert set(exported) - set(before) == ADDED_SINCE
    for key in ADDED_SINCE:
        del exported[key]
    for session in exported["sessions"]:
        state = session["state"]
        assert set(state) >= STATE_ADDED_SINCE
        for key in STATE_ADDED_SINCE:
            del state[key]
    assert exported == before
    assert store.export("csv") == CSV_EXPORT.read_bytes().decode("utf-8")  # CSV: byte for byte


def test_an_older_json_export_imports_unchanged(tmp_path: Path) -> None:
    exported = JSON_EXPORT.read_text(encoding="utf-8")
    store = store_at(tmp_path / "p.sqlite3")
    summary = store.import_(JSON_EXPORT)
    assert (summary.sessions, summary.attempts, summary.contests, summary.flags, summary.cards,
            summary.invalid) == (2, 5, 1, 3, 5, 0)
    again = json.loads(store.export("json"))
    assert set(again) - set(json.loads(exported)) <= ADDED_SINCE  # the store's own learner id, if any
    for key in ADDED_SINCE:
        again.pop(key, None)
    assert again == json.loads(exported)
    # ...and the rows are those the tutor itself writes for the same progress
    original = build(tmp_path / "original.sqlite3")
    original.close()
    store.close()
    ignore = {"id", "session_id"}  # local to each file
    assert ([{k: v for k, v in r.items() if k not in ignore} for r in _attempt_rows(tmp_path / "p.sqlite3")]
            == [{k: v for k, v in r.items() if k not in ignore} for r in _attempt_rows(tmp_path / "original.sqlite3")])


def test_an_older_csv_export_imports_its_attempts_unchanged(tmp_path: Path) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    summary = store.import_(CSV_EXPORT)
    assert (summary.sessions, summary.attempts, summary.contests, summary.flags, summary.invalid) == (2, 5, 1, 3, 0)
    doc, before = json.loads(store.export("json")), json.loads(JSON_EXPORT.read_text(encoding="utf-8"))
    for key in ("attempts", "contests", "flags"):
        assert doc[key] == before[key]
    # the CSV has no saved state, so the unfinished session comes back finished; the rest is as it was
    again, before_csv = store.export("csv").split("\r\n"), CSV_EXPORT.read_bytes().decode("utf-8").split("\r\n")
    assert [line for line in again if "Final exam" not in line] == [line for line in before_csv if "Final exam" not in line]
