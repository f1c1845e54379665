"""The progress database's tables, and the migrations that build them one version at a time.

Version 1 is the first shipped schema. A later version appends a migration to `MIGRATIONS`;
never edit one that has shipped. `migrate()` runs inside the caller's transaction.

Tables fall in two groups:

- **facts**: sessions, attempts, cards, contests, flags. Export and import carry exactly these.
- **derived**: question_progress, daily, misconception_counts. They keep the home screen's and
  the stats screen's queries small however many attempts are stored, and are rebuilt from the
  attempts whenever that is simpler than updating them (import, reset).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1

_V1 = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    quiz_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'tutor',
    started TEXT NOT NULL,
    updated TEXT NOT NULL,
    finished TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    answered INTEGER NOT NULL DEFAULT 0,
    score REAL,
    state TEXT NOT NULL
);
CREATE INDEX sessions_open ON sessions (finished, updated);
CREATE INDEX sessions_quiz ON sessions (quiz_id);

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    quiz_id TEXT NOT NULL DEFAULT '',
    gid TEXT NOT NULL,
    hash TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL,
    credit REAL NOT NULL DEFAULT 0,
    coverage REAL NOT NULL DEFAULT 0,
    hints INTEGER NOT NULL DEFAULT 0,
    moves TEXT NOT NULL DEFAULT '[]',
    misconceptions TEXT NOT NULL DEFAULT '[]',
    skipped INTEGER NOT NULL DEFAULT 0,
    contested INTEGER NOT NULL DEFAULT 0,
    confidence TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL DEFAULT 0,
    rating INTEGER NOT NULL
);
CREATE INDEX attempts_gid ON attempts (gid, at);
CREATE INDEX attempts_session ON attempts (session_id);
CREATE INDEX attempts_quiz ON attempts (quiz_id);

CREATE TABLE cards (
    gid TEXT PRIMARY KEY,
    hash TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL,
    reviews INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    card TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE contests (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    gid TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);

CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    gid TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);

CREATE TABLE question_progress (
    gid TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    recent TEXT NOT NULL,
    last_at TEXT NOT NULL,
    last_hash TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE daily (
    day TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    credit REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE misconception_counts (
    gid TEXT NOT NULL,
    mid TEXT NOT NULL,
    count INTEGER NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (gid, mid)
) WITHOUT ROWID;
"""

MIGRATIONS: dict[int, str] = {1: _V1}
"""version -> the SQL that brings the previous version to it."""


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database; 0 for an empty one."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, start: int) -> int:
    """Apply every migration after `start` (inside the caller's transaction); the new version."""
    if start == 0:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    version = start
    for target in sorted(v for v in MIGRATIONS if v > start):
        for statement in _statements(MIGRATIONS[target]):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (target,))
        version = target
    return version


def _statements(script: str) -> list[str]:
    """The script's statements, one by one: executescript() would commit the caller's transaction.

    A `;` ends a statement only where SQLite says the text so far is complete, so one inside a
    string literal, a quoted name, a comment or a trigger's body stays in its statement.
    """
    statements: list[str] = []
    pending = ""
    pieces = script.split(";")
    for n, piece in enumerate(pieces):
        pending += piece if n == len(pieces) - 1 else piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())  # no final `;`: SQLite reports it if it is incomplete
    return statements
