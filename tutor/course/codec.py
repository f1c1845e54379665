"""The loaded course as plain JSON data and back, for the course cache.

Only the model's own dataclasses can come back out, built from their fields: reading a cache
file can never run code (a pickle could), and anything unexpected is refused as damaged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from .. import model
from .problems import Problem
from .result import LoadResult

_CLASSES: dict[str, type] = {
    name: cls for name, cls in vars(model).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}
_CLASSES["Problem"] = Problem
_CLASSES["LoadResult"] = LoadResult
_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(cls) if f.init) for name, cls in _CLASSES.items()
}


class Damaged(ValueError):
    """The data is not a course this code wrote."""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(result: LoadResult) -> bytes:
    """The result as JSON: one line for everything but the cases, with an index of the cases
    (where each lies, its tags, a digest of it and its questions' ids), then each case's own JSON. Reading builds
    only the cases a session uses (`model.LazyCases`), and checks each one's digest then."""
    course = result.course
    cases = dict(course.cases.items())
    course.cases = {}
    try:
        head = _enc(result)
    finally:
        course.cases = cases
    index: dict[str, list[Any]] = {}
    blobs: list[bytes] = []
    offset = 0
    for key, case in cases.items():
        blob = _json(_enc(case)).encode("utf-8")
        index[key] = [offset, len(blob), list(case.tags), digest(blob), [q.gid for q in case.questions]]
        blobs.append(blob)
        offset += len(blob)
    return _json({"result": head, "index": index}).encode("utf-8") + b"\n" + b"".join(blobs)


def digest(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Blobs:
    """Where the cases' bytes are: in memory, or in a file from `base` on, read when a case is
    first built (so start-up reads the index, not every case)."""

    def __init__(self, data: bytes | memoryview = b"", path: Path | None = None, base: int = 0,
                 size: int | None = None) -> None:
        self._data = memoryview(data)
        self._path = path
        self._base = base
        self.size = len(self._data) if size is None else size

    def read(self, start: int, length: int) -> bytes:
        if self._path is None:
            return bytes(self._data[start:start + length])
        try:
            with self._path.open("rb") as f:
                f.seek(self._base + start)
                return f.read(length)
        except OSError as e:  # the file was removed or replaced since: the digest check says so
            raise Damaged(f"cannot read the cache: {e.strerror or e}") from None


def loads(data: bytes | memoryview) -> LoadResult:
    """A result from `dumps`, all in memory (the caller has checked its first line)."""
    view = memoryview(data)
    end = line_end(view)
    return loads_index(view[:end], Blobs(view[end + 1:]))


def loads_index(line: bytes | memoryview, blobs: Blobs) -> LoadResult:
    """A result from the index line of `dumps`, its cases left in `blobs` until first used; each
    is checked against its digest then."""
    try:
        doc = json.loads(bytes(line).decode("utf-8"))
        out = _dec(doc["result"])
        index = doc["index"]
        if type(index) is not dict:
            raise Damaged("bad case index")
        tags: dict[str, tuple[str, ...]] = {}
        questions: dict[str, tuple[str, ...]] = {}
        where: dict[str, object] = {}
        size = blobs.size
        for key, entry in index.items():
            if not (type(entry) is list and len(entry) == 5 and type(entry[0]) is int and type(entry[1]) is int
                    and 0 <= entry[0] <= entry[0] + entry[1] <= size and type(entry[2]) is list
                    and all(type(t) is str for t in entry[2]) and type(entry[3]) is str
                    and type(entry[4]) is list and all(type(g) is str for g in entry[4])):
                raise Damaged("bad case index")
            where[key] = _Pending(blobs, entry[0], entry[1], entry[3])
            tags[key] = tuple(entry[2])
            questions[key] = tuple(entry[4])
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError) as e:
        raise Damaged(str(e)[:80]) from None
    if not isinstance(out, LoadResult) or not isinstance(out.course, model.Course):
        raise Damaged("not a loaded course")
    out.course.cases = model.LazyCases(where, tags, _case, questions)
    return out


def line_end(view: memoryview) -> int:
    """Where the first line ends (its length when it has no line break), without copying the rest."""
    step = 1 << 20
    for start in range(0, len(view), step):
        at = bytes(view[start:start + step]).find(b"\n")
        if at >= 0:
            return start + at
    return len(view)


class _Pending(NamedTuple):
    """Where one case lies among the cached bytes, and the digest its bytes must have."""

    blobs: Blobs
    start: int
    length: int
    digest: str


def _case(pending: object) -> model.Case:
    """One case from the cache, built on first use. Only the model's classes come out, as for the
    rest of the file; a case that does not decode is refused, never half-built."""
    assert isinstance(pending, _Pending)
    blob = pending.blobs.read(pending.start, pending.length)
    if len(blob) != pending.length or digest(blob) != pending.digest:
        raise Damaged("a case changed since it was cached")
    try:
        case = _dec(json.loads(blob.decode("utf-8")))
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError) as e:
        raise Damaged(str(e)[:80]) from None
    if not isinstance(case, model.Case):
        raise Damaged("not a case")
    return case


# Tuples are the common case in the model, so they are bare lists; everything else is tagged.
def _enc(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, tuple):
        return [_enc(x) for x in v]
    if isinstance(v, list):
        return {"l": [_enc(x) for x in v]}
    if isinstance(v, dict):
        return {"d": [[k, _enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"s": sorted(v)}
    name = type(v).__name__
    if _CLASSES.get(name) is type(v):
        return {"c": name, "f": [_enc(getattr(v, f)) for f in _FIELDS[name]]}
    raise TypeError(f"cannot cache a {name}")


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _dec(v: Any) -> Any:
    # The hot path of start-up: dispatch on the exact type, plain values first.
    t = type(v)
    if t in _PLAIN:
        return v
    if t is list:
        return tuple([x if type(x) is str else _dec(x) for x in v])
    if t is not dict or len(v) not in (1, 2):
        raise Damaged("unexpected value")
    name = v.get("c")
    if name is not None:
        cls = _CLASSES.get(name) if type(name) is str else None
        values = v.get("f")
        if cls is None or type(values) is not list or len(values) != len(_FIELDS[name]):
            raise Damaged("unknown record")
        return cls(*[x if type(x) is str else _dec(x) for x in values])
    if type(v.get("l")) is list:
        return [_dec(x) for x in v["l"]]
    if type(v.get("d")) is list:
        out = {}
        for pair in v["d"]:
            if not (type(pair) is list and len(pair) == 2 and type(pair[0]) is str):
                raise Damaged("bad mapping")
            out[pair[0]] = _dec(pair[1])
        return out
    if type(v.get("s")) is list and all(type(x) is str for x in v["s"]):
        return set(v["s"])
    raise Damaged("unexpected value")
