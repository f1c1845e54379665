"""A quantity (a number or range, its magnitude and unit) as a message, so each language writes
its own units and groups large numbers its own way: `1.5–3.3 billion euros`, `15~33亿欧元`.

The grader and the course's numeric keys build these; the catalogue's `num.*` keys write the
number (by the magnitude the writer used: 3 thousand, 6 million, 8 亿...), its `qty.*` keys the
unit around it.
"""

from __future__ import annotations

from ..measures import MEASURES
from . import Amount, Msg, msg

MAGNITUDES = (0, 2, 3, 4, 6, 7, 8, 9)
"""The powers of ten a number can be written in: none, hundred, thousand (千), 万, million (百万),
千万, 亿, billion (十亿). Each has its `num.e<N>` and `num.e<N>.range` keys."""

UNITS = (
    "percent", "per_mille", "per_1000", "per_10000", "per_100000", "per_million", "fraction",
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "count", "EUR", "USD",
)
"""Each has a `qty.<unit>` key; a number with no unit is `qty.none`."""

KEYS = tuple(f"num.e{m}{r}" for m in MAGNITUDES for r in ("", ".range")) + tuple(
    f"qty.{u}" for u in (*UNITS, "none", "measure"))
"""Every catalogue key a quantity is said with (in en_grading.py and zh_grading.py)."""


def quantity(low: float, high: float, unit: str | None, *, scale: float = 1.0, is_range: bool = False) -> Msg:
    """`low`–`high` (or `low`) in `unit`, as written times `scale` (1e9 for "1.5 billion")."""
    magnitude = max((m for m in MAGNITUDES if 10 ** m <= scale * 1.000001), default=0)
    key = f"num.e{magnitude}" + (".range" if is_range else "")
    number = msg(key, low=Amount(low * scale), high=Amount(high * scale)) if is_range else \
        msg(key, low=Amount(low * scale))
    measure = MEASURES.get(unit or "")
    if measure is not None:  # a dose, pressure, length...: its symbol in every language
        return msg("qty.measure", n=number, symbol=measure.symbol)
    return msg(f"qty.{unit if unit in UNITS else 'none'}", n=number)
