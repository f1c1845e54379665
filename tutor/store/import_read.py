"""Reading a progress file to import, with bounds, so no file can hang or exhaust the tutor.

What is refused, and why: anything but a regular file is refused before it is opened (a FIFO
would block the open and the read forever, `/dev/zero` never ends); a file over `MAX_BYTES` is
refused before it is read (a student's whole history is a few megabytes); nesting deeper than
`MAX_DEPTH` is refused (the tutor's exports are a handful of levels deep; deeper ones only serve
to exhaust the recursion of whatever reads them next). CSV fields over the csv module's 128 KiB
limit skip their line instead of stopping the import.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

from ..safe_text import one_line
from .csv_cells import restore

FORMAT = "ledvt-tutor-progress"
VERSION = 1
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_RECORDS = 100_000
"""Records in one file: a learner answering a question a minute for a year leaves a fifth of this."""
MAX_CONTAINERS = 1_000_000
"""JSON objects and arrays in one file, counted before parsing: 16 MiB of `{},` would otherwise
become five million dictionaries (gigabytes) before any record is looked at."""



class NewerFormat(ValueError):
    """The file is progress, written by a newer tutor in a format version this one cannot read."""

    def __init__(self, version: int) -> None:
        super().__init__("this progress was exported by a newer version of the tutor; update it first")
        self.version = version
        """The file's format version (this tutor reads up to VERSION)."""


RECORD_KINDS = {"session": "sessions", "attempt": "attempts", "contest": "contests", "flag": "flags"}


def parse_import(source: str | Path) -> dict[str, Any]:
    """Read exported progress (a path, or the JSON or CSV text) into the JSON document's shape.

    Raises ValueError with a message for people when the file cannot be progress. Each record
    the document holds may carry `_where` ("line 3"), for the import's account of what it skipped.
    """
    text = _read_source(source)
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{"):
        return _json_document(stripped)
    if stripped.startswith("kind,"):
        return _csv_document(stripped)
    raise ValueError("this is not exported progress: expected the JSON or CSV that `tutor progress export` writes")


def _read_source(source: str | Path) -> str:
    if isinstance(source, Path):
        return _read_file(source)
    if "\n" not in source and not source.lstrip().startswith(("{", "kind,")):
        return _read_file(Path(source))
    if len(source) > MAX_BYTES:
        raise ValueError(f"this is {len(source):,} characters of text; progress to import is at most {_mib()}")
    return source


def _read_file(path: Path) -> str:
    name = one_line(str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file") from None
    except OSError as error:
        raise ValueError(f"{name}: cannot be read ({error.strerror or error})") from None
    _check_regular(info.st_mode, name)
    if info.st_size > MAX_BYTES:
        raise ValueError(f"{name} is {info.st_size / 2**20:,.0f} MiB; progress to import is at most {_mib()}")
    try:
        # Non-blocking, in case the file was swapped for a FIFO after the check above.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ValueError(f"{name}: cannot be read ({error.strerror or error})") from None
    with os.fdopen(fd, "rb") as file:
        try:
            _check_regular(os.fstat(file.fileno()).st_mode, name)
            data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise ValueError(f"{name}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise ValueError(f"{name} is larger than {_mib()}, the most progress to import can be")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{name} is not UTF-8 text (byte {error.start:,} cannot be read); "
                         "import the file `tutor progress export` wrote") from None


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise ValueError(f"{name} is a folder; give the file `tutor progress export` wrote")
    if not stat.S_ISREG(mode):
        raise ValueError(f"{name} is not a regular file (a pipe, device or socket); "
                         "save the exported progress to a file and import that")


def _json_document(text: str) -> dict[str, Any]:
    # Braces inside strings count too; the limit is far above any real export, so that is harmless.
    if text.count("{") + text.count("[") > MAX_CONTAINERS:
        raise ValueError(f"this holds more than {MAX_CONTAINERS:,} JSON objects and lists; "
                         f"exported progress has at most {MAX_RECORDS:,} records")
    try:
        doc = json.loads(text)
    except RecursionError:
        raise ValueError("this is not exported progress: the JSON is nested too deeply") from None
    except ValueError as error:
        raise ValueError(f"this is not exported progress: the JSON is broken ({_short(str(error))})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("this JSON is not progress exported by the tutor (`tutor progress export`)")
    doc.pop("unreadable", None)  # what the CSV reader counts; a JSON file does not get to say
    doc.pop("unreadable_count", None)
    if _too_deep(doc):
        raise ValueError(f"this is not exported progress: the JSON is nested more than {MAX_DEPTH} levels deep")
    version = _version(doc.get("version"))
    if version is None:
        raise ValueError(f"this progress file's version ({_short(repr(doc.get('version')))}) is not a "
                         "whole number; it was not written by `tutor progress export`")
    if version > VERSION:
        raise NewerFormat(version)
    for key in ("sessions", "attempts", "cards", "contests", "flags"):
        items = doc.get(key)
        if isinstance(items, list):
            if len(items) > MAX_RECORDS:
                raise ValueError(f"this holds {len(items):,} {key}; one import takes at most {MAX_RECORDS:,}")
            singular = key[:-1]
            for n, item in enumerate(items, 1):
                if isinstance(item, dict):
                    item["_where"] = f"{singular} {n}"
    return doc


def _version(value: Any) -> int | None:
    """The format version: a whole number, also when written as text (`"1"`), never a bool."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 10:
        return int(value)
    return None


def _too_deep(doc: Any) -> bool:
    # Iterative, so the check itself cannot exhaust the stack.
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def _csv_document(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "sessions": [], "attempts": [], "cards": [],
                           "contests": [], "flags": [], "unreadable": []}
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise ValueError(f"this CSV's first line cannot be read ({_short(str(error))})") from None
    records = 0
    while True:
        # Every line counts, junk and blank ones too: millions of them would take minutes to read.
        records += 1
        if records > MAX_RECORDS + 1:
            raise ValueError(f"this CSV has more than {MAX_RECORDS:,} lines; one import takes at most that")
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            _note(doc, f"line {reader.line_num}: {_short(str(error))}")
            continue
        if not cells:
            continue
        where = f"line {reader.line_num}"
        if len(cells) > len(header):
            _note(doc, f"{where}: more cells than the header names")
            continue
        row = restore(dict(zip(header, cells, strict=False)))
        key = RECORD_KINDS.get(row.get("kind", ""))
        if key is None:
            _note(doc, f"{where}: unknown kind {_short(repr(row.get('kind', '')))}")
            continue
        row["_where"] = where
        row["session"] = row.get("session") or None
        if key == "sessions":
            row["started"] = row.get("at")
        doc[key].append(row)
    return doc


def _note(doc: dict[str, Any], reason: str) -> None:
    """Count an unreadable line; only the first few are kept, to be named (a file of junk lines
    must not become a list of millions of messages)."""
    doc["unreadable_count"] = doc.get("unreadable_count", 0) + 1
    if len(doc["unreadable"]) < 20:
        doc["unreadable"].append(reason)


def _short(text: str, limit: int = 80) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mib() -> str:
    return f"{MAX_BYTES // 2**20} MiB"
