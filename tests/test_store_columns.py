"""The attempts columns are declared once (tutor/store/attempt_columns.py): the declaration is the
table the migrations build, covers every field of the engine's record, and converts both ways."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import UTC, datetime

import pytest

from tutor.engine.state import Record
from tutor.store import attempt_columns as cols
from tutor.store.import_values import Bad
from tutor.store.portable import CSV_FIELDS
from tutor.store.schema import migrate

AT = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)


def _migrated() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, 0)
    conn.execute("INSERT INTO sessions (id, uuid, quiz_id, started, updated, state) VALUES (7, 's', 'q', '', '', '{}')")
    return conn


def _shape(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    columns = [tuple(r) for r in conn.execute(f"PRAGMA table_info({table})")]
    keys = [tuple(r)[2:] for r in conn.execute(f"PRAGMA foreign_key_list({table})")]
    return columns, keys


def test_the_declaration_is_the_table_the_migrations_build() -> None:
    conn = _migrated()
    declared = ", ".join(f"{c.name} {c.sql}" for c in cols.COLUMNS)
    conn.execute(f"CREATE TABLE declared ({declared})")
    assert _shape(conn, "declared") == _shape(conn, "attempts")


def test_every_field_of_the_record_and_the_attempt_has_its_column() -> None:
    stored = {c.attr for c in cols.COLUMNS if c.role == "record"}
    assert stored | cols.NOT_STORED == {f.name for f in fields(Record)}
    assert not stored & cols.NOT_STORED
    beside = {c.attr for c in cols.COLUMNS if c.role == "attempt"}
    assert beside | {"record", "older_version"} == {f.name for f in fields(cols.Attempt)}


def test_the_export_keys_and_csv_fields_come_from_the_declaration() -> None:
    assert cols.KEYS == ("uuid", "session", "quiz_id", "gid", "hash", "topic", "at", "answer", "verdict", "credit",
                         "coverage", "hints", "moves", "misconceptions", "skipped", "contested", "confidence",
                         "seconds", "rating")
    assert CSV_FIELDS[1:1 + len(cols.KEYS)] == cols.KEYS


def _record() -> Record:
    return Record(gid="c/q", answer="an answer", verdict="partial", credit=0.5, coverage=0.75, hints_before=2,
                  moves=["pump", "hint"], misconceptions=["m1"], skipped=False, contested=True, confidence="sure",
                  seconds=4.5, hash="0123456789abcdef")


def test_a_record_is_stored_and_read_back_whole() -> None:
    conn = _migrated()
    row = cols.row_of(_record(), uuid="u1", session_id=7, quiz_id="quiz", topic="cdt", at=AT, rating=2)
    assert row["day"] == "2026-03-02" and row["moves"] == '["pump","hint"]' and row["contested"] == 1
    conn.execute(cols.INSERT, row)
    conn.row_factory = sqlite3.Row
    [stored] = conn.execute(f"SELECT {cols.SELECT} FROM attempts").fetchall()
    attempt = cols.from_row(stored, current_hash="0123456789abcdef")
    assert attempt == cols.Attempt(record=_record(), uuid="u1", at=AT, topic="cdt", quiz_id="quiz", rating=2)
    assert cols.from_row(stored, current_hash="fedcba9876543210").older_version


def test_writing_the_same_attempt_again_changes_only_its_dialogue() -> None:
    conn = _migrated()
    conn.execute(cols.INSERT, cols.row_of(_record(), uuid="u1", session_id=None, quiz_id="", topic="", at=AT,
                                          rating=2))
    later = _record()
    later.answer, later.credit, later.contested = "changed", 1.0, False  # the first answer never changes
    later.coverage, later.moves = 1.0, ["pump", "hint", "prompt"]
    row = cols.row_of(later, uuid="u1", session_id=None, quiz_id="", topic="", at=AT, rating=4)
    assert conn.execute(cols.INSERT, row).rowcount == 0
    conn.execute(cols.REWRITE, row)
    conn.row_factory = sqlite3.Row
    got = cols.from_row(conn.execute(f"SELECT {cols.SELECT} FROM attempts").fetchone()).record
    assert (got.answer, got.credit, got.contested, got.coverage, got.moves) == (
        "an answer", 0.5, True, 1.0, ["pump", "hint", "prompt"])


def test_an_attempt_row_needs_everything_beside_its_record() -> None:
    with pytest.raises(TypeError, match="needs"):
        cols.row_of(_record(), uuid="u1", session_id=None, quiz_id="", at=AT, rating=1)  # no topic


def test_an_exported_attempt_is_imported_as_the_same_row() -> None:
    conn = _migrated()
    row = cols.row_of(_record(), uuid="u1", session_id=7, quiz_id="quiz", topic="cdt", at=AT, rating=2)
    conn.execute(cols.INSERT, row)
    conn.row_factory = sqlite3.Row
    exported = cols.to_export(conn.execute(f"SELECT {cols.SELECT_EXPORT} FROM attempts").fetchone(),
                              {7: "session-uuid"}.get)
    assert exported["session"] == "session-uuid" and exported["skipped"] is False and exported["moves"] == [
        "pump", "hint"]
    assert cols.from_export(dict(exported), {"session-uuid": 7}.get) == row
    cells = cols.csv_cells(exported)
    assert (cells["moves"], cells["contested"], cells["session"]) == ("pump hint", 1, "session-uuid")
    as_read = {k: str(x) for k, x in cells.items()}  # a CSV gives back text
    assert cols.from_export(as_read, {"session-uuid": 7}.get) == row


def test_an_exported_attempt_reads_back_as_the_engine_s_record() -> None:
    # what `tutor class` reads from a student's export: the same Record the store wrote, from JSON or CSV
    conn = _migrated()
    conn.execute(cols.INSERT, cols.row_of(_record(), uuid="u1", session_id=7, quiz_id="quiz", topic="cdt", at=AT,
                                          rating=2))
    conn.row_factory = sqlite3.Row
    exported = cols.to_export(conn.execute(f"SELECT {cols.SELECT_EXPORT} FROM attempts").fetchone(),
                              {7: "session-uuid"}.get)
    beside = {"uuid": "u1", "session": "session-uuid", "quiz_id": "quiz", "topic": "cdt", "at": AT, "rating": 2}
    assert cols.read_export(dict(exported)) == (_record(), beside)
    as_read = {k: str(x) for k, x in cols.csv_cells(exported).items()}
    assert cols.read_export(as_read) == (_record(), beside)
    with pytest.raises(Bad, match="credit is not a number"):
        cols.read_export({**exported, "credit": "lots"})
