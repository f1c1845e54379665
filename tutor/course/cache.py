"""A cache of the parsed course, so the app starts in milliseconds instead of re-reading YAML.

The key is every content file's path, size and modification time plus the tutor's version:
any edit, added or removed file, or upgrade makes a fresh load. The file is data only (JSON
of the model's dataclasses, see `codec`), so reading it cannot run code; its first line holds
the key and a hash of the rest, and a damaged, foreign or stale file is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..locations import cache_dir
from ..model import Case
from .result import LoadResult, Source

_MAGIC = "ledvt-tutor-course-cache/5"


_CODE = sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parent.parent / "model.py"]
"""The code that reads and checks a course: changing it (a new check, say) invalidates the cache."""


def _fingerprint(sources: Sequence[Source], lang: str = "en") -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{lang}\n".encode())  # a course read in another language is another course
    for code in _CODE:
        try:
            st = code.stat()
        except OSError:
            continue
        h.update(f"{code.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for source in sources:
        h.update(str(source.root.resolve()).encode())
        for path, shown in source.files():
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{shown}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


READ_AT_ONCE = 4 << 20
"""Cases up to this many bytes are read with the index (the built-in course is about 1 MiB)."""

KEEP = 4
"""Cached courses kept in the cache folder, the most recently written first."""


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _digest(payload: bytes | memoryview) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def read_cache(path: Path, key: str) -> LoadResult | None:
    """The course cached at `path` for `key`, or None if it is missing, damaged or foreign.

    The first line's digest covers the second: everything but the cases, and the cases' index
    with a digest of each case, which is checked when the case is first used. A course of up to
    `READ_AT_ONCE` bytes of cases is read whole (no disk read later, on the event loop); a larger
    one leaves its cases in the file until a session asks for them, so start-up reads the index
    of an instructor's 10,000 questions, not the questions."""
    from .codec import Blobs, Damaged, loads_index

    try:
        with path.open("rb") as f:
            head = f.readline(200).rstrip(b"\n")
            index_line = f.readline()
            size = os.fstat(f.fileno()).st_size
            at_once = f.read() if size - f.tell() <= READ_AT_ONCE else None
    except OSError:
        return None
    if not index_line.endswith(b"\n"):
        return None  # cut short
    index_line = index_line[:-1]
    if head != f"{_MAGIC} {key} {_digest(index_line)}".encode():
        return None  # another version, another course, or a changed file: rebuild
    base = len(head) + 1 + len(index_line) + 1
    blobs = Blobs(at_once) if at_once is not None else Blobs(path=path, base=base, size=size - base)
    try:
        return loads_index(index_line, blobs)
    except Damaged:
        return None


def write_cache(path: Path, key: str, result: LoadResult) -> None:
    from .codec import dumps

    payload = dumps(result)
    index_line = payload[:payload.find(b"\n")] if b"\n" in payload else payload
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the courses used last (the built-in one, and an instructor's beside it, say), not only one:
    # a learner switching between them would otherwise parse every file at every start.
    kept = sorted(path.parent.glob("course-*.json"), key=_mtime, reverse=True)[: KEEP - 1]
    for old in [*path.parent.glob("course-*.pickle"), *path.parent.glob("course-*.json")]:
        if old not in kept:
            old.unlink(missing_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(f"{_MAGIC} {key} {_digest(index_line)}\n".encode() + payload)
    os.replace(tmp, path)


def _fall_back_on_damage(cached: LoadResult, sources: Sequence[Source], lang: str) -> None:
    """Cases are built from the cache when first used; one that does not decode (a damaged or
    forged file that kept its digest) is read from the course's own files instead."""
    from ..model import LazyCases

    cases = cached.course.cases
    if not isinstance(cases, LazyCases):
        return
    fresh: list[LoadResult] = []

    def from_files(case_id: str) -> Case:
        if not fresh:
            from .loader import load

            fresh.append(load(sources, lang))
        return fresh[0].course.cases[case_id]

    cases.recover = from_files


KEPT: dict[str, LoadResult] | None = None
"""Courses opened in this process, by fingerprint, when a process keeps them (the warm tutor of
`tutor serve` does, so that the tutors it forks find the course opened): None keeps none."""


def load_cached(sources: Sequence[Source], lang: str = "en") -> LoadResult:
    key = _fingerprint(sources, lang)  # every file's size and time: an edited course is opened again
    if KEPT is not None and key in KEPT:
        return KEPT[key]
    result = _load_cached(key, sources, lang)
    if KEPT is not None:
        KEPT[key] = result
    return result


def _load_cached(key: str, sources: Sequence[Source], lang: str) -> LoadResult:
    path = cache_dir() / f"course-{key}.json"
    cached = read_cache(path, key)
    if cached is not None:
        _fall_back_on_damage(cached, sources, lang)
        return cached
    from .loader import load  # only on a miss: the YAML loader is not needed to start

    result = load(sources, lang)
    # A read-only cache folder (or a value JSON cannot hold) only costs speed.
    with contextlib.suppress(OSError, TypeError, ValueError):
        write_cache(path, key, result)
    return result
