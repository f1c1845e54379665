"""The loaded course as plain JSON data and back, for the course cache.

Only the model's own dataclasses can come back out, built from their fields: reading a cache
file can never run code (a pickle could), and anything unexpected is refused as damaged.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

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


def dumps(result: LoadResult) -> str:
    return json.dumps(_enc(result), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(text: str) -> LoadResult:
    try:
        out = _dec(json.loads(text))
    except (ValueError, TypeError, KeyError, RecursionError) as e:
        raise Damaged(str(e)[:80]) from None
    if not isinstance(out, LoadResult) or not isinstance(out.course, model.Course):
        raise Damaged("not a loaded course")
    return out


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
