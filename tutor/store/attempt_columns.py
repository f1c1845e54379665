"""The attempts table, declared once: each column's name, SQL type, export key and converters.

Everything that writes or reads an attempt is derived from `COLUMNS`: the INSERT the store and an
import run, the columns selected for the history and the export, the JSON keys and CSV fields of
an export, the checks an imported record passes (by an import, and by `tutor class` reading a
class's exports), and the conversion to and from the engine's `Record`. A new column is one
`Column` here, a migration in schema.py (never an edit of a shipped one), and a field in `Record`
or `Attempt`; tests/test_store_columns.py checks this declaration against the table the
migrations build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..engine.state import Record
from . import import_values as v
from .convert import day_of, dumps, id_list, parse_ts, ts

if TYPE_CHECKING:
    import sqlite3

    Row = sqlite3.Row | Mapping[str, Any]

Check = Callable[[dict[str, Any], str], Any]
"""Reads one value of an imported record (the record, the key), raising import_values.Bad."""


class Codec(NamedTuple):
    """How one kind of value is stored, exported and read back."""

    to_sql: Callable[[Any], Any]
    """The tutor's value as stored."""
    from_sql: Callable[[Any], Any]
    """The stored value as the tutor's."""
    to_json: Callable[[Any], Any]
    """The stored value in a JSON export."""
    to_csv: Callable[[Any], Any]
    """The JSON export's value in a CSV cell (which a spreadsheet shows)."""


def _same(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    # an enum from the engine is stored as its value, so the stored strings never change
    return str(value.value if isinstance(value, Enum) else value)


TEXT = Codec(_text, str, _same, _same)
REAL = Codec(float, float, _same, _same)
WHOLE = Codec(int, int, _same, _same)
FLAG = Codec(lambda x: int(bool(x)), bool, bool, int)
"""Stored 0/1, exported true/false, a CSV cell 0/1."""
IDS = Codec(lambda x: dumps(list(x)), id_list, id_list, " ".join)
"""A list of ids: stored as JSON text, exported as a list, a CSV cell of ids separated by spaces."""
TIME = Codec(ts, parse_ts, _same, _same)
"""An aware datetime, stored as fixed-width UTC text (convert.ts); exported as that text."""
LINK = Codec(_same, _same, _same, lambda x: x or "")
"""The session an attempt belongs to: its local id is stored and its uuid exported; `to_export` and
`from_export` translate between them."""

Role = Literal["rowid", "record", "attempt", "session", "derived"]


class Column(NamedTuple):
    """One column of the attempts table. (Codec and Column are NamedTuples, not dataclasses: the
    store is imported while the app warms up, and a dataclass costs about ten times more to define.)"""

    name: str
    """The SQL column."""
    sql: str
    """Its type and constraints, as the migrations create it."""
    role: Role
    """Where its value comes from: a field of the engine's `Record` (record), a field of the stored
    `Attempt` beside its record (attempt), the session's id (session), another column (derived), or
    SQLite itself (rowid)."""
    codec: Codec = TEXT
    key: str | None = None
    """The JSON export's key and the CSV field, where it is not the column's name (rowid and derived
    columns are not exported)."""
    field: str | None = None
    """The attribute of `Record` or `Attempt` it holds. Default: the column's name."""
    check: Check | None = None
    """How an imported value is read (import_values)."""
    rewrite: str | None = None
    """What the column becomes when the same attempt is written again while its dialogue runs
    (SQL over the new row's `:name` values); None: kept as first written."""
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    """A derived column's stored value, from the row's other stored values."""

    @property
    def attr(self) -> str:
        return self.field or self.name

    @property
    def exported_as(self) -> str | None:
        return None if self.role in ("rowid", "derived") else (self.key or self.name)


_text_check: Check = v.text
_answer_check: Check = partial(v.text, limit=v.MAX_ANSWER)
_required: Check = partial(v.text, required=True)
_fraction: Check = partial(v.number, low=0, high=1)

COLUMNS: tuple[Column, ...] = (
    Column("id", "INTEGER PRIMARY KEY", "rowid", WHOLE),
    Column("uuid", "TEXT NOT NULL UNIQUE", "attempt", check=_required),
    Column("session_id", "INTEGER REFERENCES sessions (id) ON DELETE SET NULL", "session", LINK, key="session",
           check=_text_check),
    Column("quiz_id", "TEXT NOT NULL DEFAULT ''", "attempt", check=_text_check),
    Column("gid", "TEXT NOT NULL", "record", check=_required),
    Column("hash", "TEXT NOT NULL DEFAULT ''", "record", check=_text_check),
    Column("topic", "TEXT NOT NULL DEFAULT ''", "attempt", check=_text_check),
    Column("at", "TEXT NOT NULL", "attempt", TIME, check=lambda r, k: parse_ts(str(v.moment(r, k)))),
    Column("day", "TEXT NOT NULL", "derived", derive=lambda row: day_of(row["at"])),
    Column("answer", "TEXT NOT NULL DEFAULT ''", "record", check=_answer_check),
    Column("verdict", "TEXT NOT NULL", "record", check=_required),
    Column("credit", "REAL NOT NULL DEFAULT 0", "record", REAL, check=_fraction),
    Column("coverage", "REAL NOT NULL DEFAULT 0", "record", REAL, check=_fraction, rewrite=":coverage"),
    Column("hints", "INTEGER NOT NULL DEFAULT 0", "record", WHOLE, field="hints_before",
           check=partial(v.whole, low=0, high=1000)),
    Column("moves", "TEXT NOT NULL DEFAULT '[]'", "record", IDS, check=v.ids, rewrite=":moves"),
    Column("misconceptions", "TEXT NOT NULL DEFAULT '[]'", "record", IDS, check=v.ids),
    Column("skipped", "INTEGER NOT NULL DEFAULT 0", "record", FLAG, check=v.flag),
    Column("contested", "INTEGER NOT NULL DEFAULT 0", "record", FLAG, check=v.flag,
           rewrite="max(contested, :contested)"),
    Column("confidence", "TEXT NOT NULL DEFAULT ''", "record", check=_text_check),
    Column("seconds", "REAL NOT NULL DEFAULT 0", "record", REAL, check=partial(v.number, low=0, high=v.MAX_SECONDS)),
    Column("rating", "INTEGER NOT NULL", "attempt", WHOLE, check=partial(v.whole, low=1, high=4, default=None)),
)
"""The attempts table's columns, in the table's order (which is also the export's key order)."""

NOT_STORED: frozenset[str] = frozenset()
"""Fields of the engine's `Record` deliberately kept only in the session's saved state, not in a
column (none yet: a new field is stored, or named here)."""

WRITTEN = tuple(c for c in COLUMNS if c.role != "rowid")
EXPORTED = tuple(c for c in COLUMNS if c.exported_as is not None)
READ = tuple(c for c in COLUMNS if c.role in ("record", "attempt"))
"""The columns an `Attempt` is built from."""
BESIDE = frozenset(c.name for c in WRITTEN if c.role in ("attempt", "session"))
"""What writing an attempt needs besides its record."""
KEYS = tuple(str(c.exported_as) for c in EXPORTED)
"""An exported attempt's keys (JSON) and fields (CSV), in order."""

SELECT = ", ".join(c.name for c in READ)
"""The column list `from_row` reads."""
SELECT_EXPORT = ", ".join(c.name for c in EXPORTED)
INSERT = (f"INSERT INTO attempts ({', '.join(c.name for c in WRITTEN)}) "
          f"VALUES ({', '.join(':' + c.name for c in WRITTEN)}) ON CONFLICT (uuid) DO NOTHING")
"""Insert one row from `row_of` or `from_export`; a uuid already stored is left alone."""
REWRITE = ("UPDATE attempts SET " + ", ".join(f"{c.name} = {c.rewrite}" for c in WRITTEN if c.rewrite)
           + " WHERE uuid = :uuid")
"""The same attempt written again (its dialogue went on): only what the dialogue changes."""


@dataclass
class Attempt:
    """One stored answer to one question, as the learner's history shows it: the engine's record
    of it, and what the store keeps beside it."""

    record: Record
    uuid: str
    at: datetime
    topic: str = ""
    quiz_id: str = ""
    rating: int = 1
    """The fsrs rating the first answer earned (1 Again, 2 Hard, 3 Good, 4 Easy)."""
    older_version: bool = False
    """True when the question has been edited since this answer was given."""


def row_of(record: Record, **beside: Any) -> dict[str, Any]:
    """The stored row of an attempt: its record, and the values `BESIDE` names (uuid, session_id,
    quiz_id, topic, at, rating), as the INSERT's parameters."""
    if set(beside) != BESIDE:
        raise TypeError(f"an attempt's row needs {sorted(BESIDE)}; got {sorted(beside)}")
    row = {c.name: c.codec.to_sql(getattr(record, c.attr) if c.role == "record" else beside[c.name])
           for c in WRITTEN if c.role != "derived"}
    return _derive(row)


# (attribute or key, column, converter) for each use, worked out once rather than for every row
_RECORD_READ = tuple((c.attr, c.name, c.codec.from_sql) for c in READ if c.role == "record")
_ATTEMPT_READ = tuple((c.attr, c.name, c.codec.from_sql) for c in READ if c.role == "attempt")
_EXPORT = tuple((str(c.exported_as), c.name, c.codec) for c in EXPORTED)
_EXPORT_READ = tuple((c.role == "record", c.attr if c.role != "session" else str(c.exported_as), str(c.exported_as),
                      c.check, c.codec is FLAG) for c in EXPORTED if c.check is not None)


def from_row(row: Row, current_hash: str | None = None) -> Attempt:
    """An Attempt from a row holding the `SELECT` columns; with the question's `current_hash`,
    an answer to an older version of it is marked."""
    record = Record(**{attr: convert(row[name]) for attr, name, convert in _RECORD_READ})
    stored = record.hash
    return Attempt(record=record, **{attr: convert(row[name]) for attr, name, convert in _ATTEMPT_READ},
                   older_version=bool(current_hash) and bool(stored) and stored != current_hash)


def to_export(row: Row, session_uuid: Callable[[Any], str | None]) -> dict[str, Any]:
    """An exported attempt (JSON) from a row holding the `SELECT_EXPORT` columns."""
    return {key: session_uuid(row[name]) if codec is LINK else codec.to_json(row[name]) for key, name, codec in _EXPORT}


def csv_cells(exported: Mapping[str, Any]) -> dict[str, Any]:
    """An exported attempt's CSV cells."""
    return {key: codec.to_csv(exported.get(key)) for key, _name, codec in _EXPORT}


def from_export(record: dict[str, Any], session_id: Callable[[str], int | None]) -> dict[str, Any]:
    """The stored row of an imported attempt (JSON or CSV), every value checked; raises
    import_values.Bad naming the first value that cannot be imported."""
    row: dict[str, Any] = {}
    for c in WRITTEN:
        if c.check is None:
            continue
        value = c.check(record, str(c.exported_as))
        row[c.name] = session_id(value) if c.codec is LINK else c.codec.to_sql(value)
    return _derive(row)


def read_export(exported: dict[str, Any]) -> tuple[Record, dict[str, Any]]:
    """An exported attempt (JSON or CSV) as the engine's `Record` and the values kept beside it
    (uuid, quiz_id, topic, at, rating, and `session`: the session's uuid as exported), every value
    checked as an import checks it; raises import_values.Bad naming the first that cannot be read."""
    record: dict[str, Any] = {}
    beside: dict[str, Any] = {}
    for of_record, attr, key, check, flag in _EXPORT_READ:
        value = check(exported, key)
        (record if of_record else beside)[attr] = bool(value) if flag else value
    return Record(**record), beside


def _derive(row: dict[str, Any]) -> dict[str, Any]:
    for c in WRITTEN:
        if c.derive is not None:
            row[c.name] = c.derive(row)
    return row

