"""Import bounds and values, CSV formula injection, and importing where nothing can be saved (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.test_store_portable import _busy_store, _run
from tests.test_store_support import day, record, store_at, topic
from tutor.course.loader import LoadResult
from tutor.engine.state import Item, SessionState
from tutor.model import Course, Mode
from tutor.store import open_store
from tutor.store.store import Store


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


RISKY = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-5", "@SUM(A1)", "\tTab", "\rCR", "'=already quoted", "'plain"]


def _store_with_answers(path: Path, course: Course, answers: list[str]) -> Store:
    store = store_at(path)
    q = course.questions()[0]
    state = SessionState(quiz_id="basics", title="=cmd|' /C calc'!A0", mode=Mode.TUTOR, items=[Item(q.case_id)])
    sid = store.start_session(state, day(0))
    for i, answer in enumerate(answers):
        store.record_attempt(sid, record(q, answer=answer), topic(course, q), day(0, i), index=i)
    store.add_flag(q.gid, "-typo here", day(0, 9), session_id=sid)
    return store


def test_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path: Path, course: Course) -> None:
    store = _store_with_answers(tmp_path / "a.sqlite3", course, RISKY)
    rows = list(csv.DictReader(io.StringIO(store.export("csv"))))
    for row in rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)
    answers = {r["answer"]: r["escaped"] for r in rows if r["kind"] == "attempt"}
    assert answers["'-5"] == "answer" and answers["'=HYPERLINK(\"http://evil\",\"x\")"] == "answer"
    assert answers["'=already quoted"] == "" and answers["'plain"] == ""  # not quoted by us: left alone
    session = next(r for r in rows if r["kind"] == "session")
    assert session["title"].startswith("'=cmd") and session["escaped"] == "title"


def test_csv_import_restores_exactly_what_was_exported(tmp_path: Path, course: Course) -> None:
    a = _store_with_answers(tmp_path / "a.sqlite3", course, RISKY)
    b = store_at(tmp_path / "b.sqlite3")
    summary = b.import_(a.export("csv"))
    # A CR is exported quoted like the rest, but the tutor never stores one from a learner (it
    # becomes a space), so import takes it for forged: every other answer comes back exactly.
    assert summary.attempts == len(RISKY) - 1 and summary.invalid == 1, str(summary)
    assert "answer holds a control or invisible character" in str(summary)
    assert sorted(x.record.answer for x in b.history(course.questions()[0].gid)) == sorted(set(RISKY) - {"\rCR"})
    assert [f["comment"] for f in b.flags()] == ["-typo here"]


def test_csv_import_keeps_each_attempts_session(tmp_path: Path, course: Course) -> None:
    a = _busy_store(tmp_path / "a.sqlite3", course)
    b = store_at(tmp_path / "b.sqlite3")
    summary = b.import_(a.export("csv"))
    assert summary.sessions == 2 and summary.attempts == 6, str(summary)
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        linked = conn.execute("SELECT count(*) FROM attempts WHERE session_id IS NOT NULL").fetchone()[0]
        titles = sorted(t for (t,) in conn.execute("SELECT title FROM sessions"))
    assert linked == 6 and titles == ["Session 0", "Session 1"]
    assert b.unfinished(course) is None  # no saved state in a CSV: nothing half-restored is offered


def _doc(tmp_path: Path, course: Course) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(_busy_store(tmp_path / "a.sqlite3", course).export("json"))
    return doc


@pytest.mark.parametrize(("field", "value", "why"), [
    ("credit", float("nan"), "credit is not a finite number"),
    ("seconds", float("inf"), "seconds is not a finite number"),
    ("hints", 10**30, "hints is out of range"),
    ("rating", 10**30, "rating is out of range"),
    ("at", "0001-01-01T00:00:00Z", "at is not a plausible time (year 1)"),
    ("at", "9999-12-31T23:59:59-05:00", "at is not a time"),
    ("answer", "x" * 200_000, "answer is 200,000 characters long"),
    ("credit", "1e999", "credit is not a finite number"),
    ("skipped", "perhaps", "skipped is neither true nor false"),
])
def test_a_bad_value_skips_its_record_and_says_why(tmp_path: Path, course: Course, field: str, value: object,
                                                  why: str) -> None:
    doc = _doc(tmp_path, course)
    doc["attempts"][2][field] = value
    b = store_at(tmp_path / "b.sqlite3")
    summary = b.import_(json.dumps(doc))
    assert summary.attempts == 5 and summary.invalid == 1
    assert f"Skipped 1 unreadable record: attempt 3: {why}" in str(summary), str(summary)
    assert "Infinity" not in b.export("json") and "NaN" not in b.export("json")


def test_infinity_already_in_a_store_is_never_exported_as_nonstandard_json(tmp_path: Path, course: Course) -> None:
    store = _busy_store(tmp_path / "a.sqlite3", course)
    store.close()
    with sqlite3.connect(tmp_path / "a.sqlite3") as conn:  # as an unchecked import once left it
        conn.execute("UPDATE attempts SET seconds = 1e999")
    text = store_at(tmp_path / "a.sqlite3").export("json")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert all(a["seconds"] is None for a in json.loads(text)["attempts"])


def test_the_version_may_be_written_as_text_but_must_be_a_number(tmp_path: Path, course: Course) -> None:
    doc = _doc(tmp_path, course)
    doc["version"] = "1"
    assert store_at(tmp_path / "b.sqlite3").import_(json.dumps(doc)).attempts == 6
    doc["version"] = "one"
    with pytest.raises(ValueError, match="is not a whole number"):
        store_at(tmp_path / "c.sqlite3").import_(json.dumps(doc))


def test_deep_nesting_is_a_message(tmp_path: Path) -> None:
    text = '{"format": "ledvt-tutor-progress", "version": 1, "attempts": ' + "[" * 200_000 + "]" * 200_000 + "}"
    with pytest.raises(ValueError, match="nested too deeply"):
        store_at(tmp_path / "b.sqlite3").import_(text)


def test_csv_fields_over_128_kib_skip_their_line(tmp_path: Path, course: Course) -> None:
    text = _busy_store(tmp_path / "a.sqlite3", course).export("csv")
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("attempt,"))
    cells = lines[n].split(",")
    cells[8] = "z" * 200_000
    lines[n] = ",".join(cells)
    summary = store_at(tmp_path / "b.sqlite3").import_("\n".join(lines) + "\n")
    assert summary.attempts == 5 and f"line {n + 1}: field larger than field limit" in str(summary), str(summary)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        store_at(tmp_path / "b.sqlite3").import_(fifo)  # would block forever if opened for reading


def test_importing_into_a_read_only_store_says_nothing_was_imported(tmp_path: Path, course: Course,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "export.json"
    file.write_text(_busy_store(tmp_path / "a.sqlite3", course).export("json"))
    data = tmp_path / "data"
    store_at(data / "progress.sqlite3").close()
    (data / "progress.sqlite3").chmod(stat.S_IRUSR)
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    try:
        if os.access(data / "progress.sqlite3", os.W_OK) and os.geteuid() == 0:
            pytest.skip("root can write a read-only file")
        code, out, err = _run(["progress", "import", str(file)])
    finally:
        data.chmod(stat.S_IRWXU)
    assert code == 1 and "Imported" not in out + err and "Nothing was imported" in err, (out, err)


def test_importing_where_the_data_folder_cannot_be_made_says_nothing_was_imported(
        tmp_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "export.json"
    file.write_text(_busy_store(tmp_path / "a.sqlite3", course).export("json"))
    (tmp_path / "plain-file").write_text("x")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "plain-file" / "data"))  # fails even for root
    code, out, err = _run(["progress", "import", str(file)])
    assert code == 1 and "Imported" not in out + err, (out, err)
    assert "Nothing was imported: Progress cannot be saved: the data folder cannot be created" in err


def test_importing_into_a_newer_store_says_nothing_was_imported(tmp_path: Path, course: Course,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "export.json"
    file.write_text(_busy_store(tmp_path / "a.sqlite3", course).export("json"))
    data = tmp_path / "data"
    store_at(data / "progress.sqlite3").close()
    with sqlite3.connect(data / "progress.sqlite3") as conn:
        conn.execute("INSERT INTO schema_version VALUES (99)")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    code, out, err = _run(["progress", "import", str(file)])
    assert code == 1 and "Imported" not in out + err, (out, err)
    assert "Nothing was imported: Progress was saved by a newer version of the tutor" in err
    assert open_store(data / "progress.sqlite3").attempt_count() == 0


def test_a_folder_in_place_of_the_database_is_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").mkdir()
    store = open_store(tmp_path / "progress.sqlite3")
    assert store.problem is not None and "there is a folder where the progress file should be" in store.problem
    assert "read-only" not in store.problem
