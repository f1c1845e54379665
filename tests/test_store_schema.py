"""The migrations: statements are split where SQLite says they end, not at every `;`."""

from __future__ import annotations

import sqlite3

import pytest

from tutor.store import schema

TRICKY = """
CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL DEFAULT ';', "odd;name" TEXT DEFAULT 'a;b');
-- a comment; with a semicolon
CREATE TABLE note_log (note_id INTEGER, what TEXT);
CREATE TRIGGER notes_logged AFTER INSERT ON notes
BEGIN
    INSERT INTO note_log (note_id, what) VALUES (new.id, 'added; ' || new.text);
    UPDATE notes SET text = text || ';' WHERE id = new.id;
END;
INSERT INTO notes (id) VALUES (1); INSERT INTO notes (id, text) VALUES (2, 'two;');
"""


@pytest.fixture
def tricky_migration(monkeypatch: pytest.MonkeyPatch) -> int:
    version = schema.SCHEMA_VERSION + 1
    monkeypatch.setitem(schema.MIGRATIONS, version, TRICKY)
    return version


def test_a_semicolon_inside_a_literal_a_name_or_a_trigger_stays_in_its_statement(tricky_migration: int) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("BEGIN")
    assert schema.migrate(conn, 0) == tricky_migration
    conn.execute("COMMIT")
    assert conn.execute('SELECT id, text, "odd;name" FROM notes ORDER BY id').fetchall() == [
        (1, ";;", "a;b"), (2, "two;;", "a;b")]
    assert conn.execute("SELECT note_id, what FROM note_log ORDER BY note_id").fetchall() == [
        (1, "added; ;"), (2, "added; two;")]
    assert schema.current_version(conn) == tricky_migration


def test_the_statements_are_those_sqlite_sees() -> None:
    found = schema._statements(TRICKY)
    assert len(found) == 5
    assert found[1].startswith("-- a comment; with a semicolon\nCREATE TABLE note_log")  # a comment leads its statement
    assert found[2].startswith("CREATE TRIGGER") and found[2].endswith("END;")
    assert found[3:] == ["INSERT INTO notes (id) VALUES (1);", "INSERT INTO notes (id, text) VALUES (2, 'two;');"]
    assert all(sqlite3.complete_statement(s) for s in found)


def test_a_last_statement_without_its_semicolon_still_runs_and_an_unfinished_one_fails() -> None:
    assert schema._statements("CREATE TABLE a (x);\nCREATE TABLE b (y)") == ["CREATE TABLE a (x);", "CREATE TABLE b (y)"]
    conn = sqlite3.connect(":memory:")
    [unfinished] = schema._statements("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;")
    with pytest.raises(sqlite3.Error):
        conn.execute(unfinished)


def test_the_shipped_migrations_split_into_their_statements() -> None:
    for script in schema.MIGRATIONS.values():
        statements = schema._statements(script)
        assert statements and all(sqlite3.complete_statement(s) for s in statements)
        assert len(statements) == script.count(";")  # no `;` inside a shipped statement: one each
