"""Which Chinese characters sound the same: a learner typing with a pinyin input method picks a
character of the right sound and the wrong meaning (血拴 for 血栓, 尿基酶 for 尿激酶).

The readings (pinyin without tones; tones are not typed) of the 6,763 common characters ship as
data (`data/zh_readings.txt`, written by `scripts/zh_readings.py` from pypinyin's dictionary), read
the first time an answer's Chinese term is not found as written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "zh_readings.txt"


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """Each character's readings, its usual one first."""
    out: dict[str, tuple[str, ...]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, *sounds = line.split()
            out[ch] = tuple(sounds)
    return out


def same_sound(a: str, b: str) -> bool:
    """`a` and `b` are said the same in their usual reading (血 xue and 学 xue are; 血 and 解 share
    only a rare one, xie, and are not). Two characters this table does not know never are."""
    table = readings()
    ra, rb = table.get(a), table.get(b)
    return ra is not None and rb is not None and ra[0] == rb[0]
