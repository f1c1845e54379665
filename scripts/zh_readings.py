"""Write tutor/grading/data/zh_readings.txt: each common Chinese character's readings in pinyin
without tones, so the grader can forgive a character typed for another of the same sound
(血拴 for 血栓, 尿基酶 for 尿激酶), as a pinyin input method makes people do.

    pip install pypinyin && python scripts/zh_readings.py

The characters are the 6,763 of GB 2312 (the set every Simplified Chinese input method covers);
the readings come from pypinyin's character dictionary. Only this script needs pypinyin.
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tutor" / "grading" / "data" / "zh_readings.txt"


def gb2312() -> list[str]:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def _toneless(reading: str) -> str:
    """`shuān` → `shuan`, `lǜ` → `lv` (ü kept apart from u, as input methods type it)."""
    reading = reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def main() -> None:
    pinyin_dict = importlib.import_module("pypinyin.pinyin_dict").pinyin_dict  # a dev tool: not a dependency
    lines = ["# Each common Chinese character (GB 2312) and its readings in pinyin without tones, the usual one first,",
             "# from pypinyin's dictionary; written by scripts/zh_readings.py."]
    for ch in gb2312():
        readings = pinyin_dict.get(ord(ch))
        if not readings:
            continue
        toneless = list(dict.fromkeys(_toneless(r) for r in readings.split(",")))  # the usual one first
        lines.append(f"{ch} {' '.join(toneless)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 2} characters written to {OUT.name}")


if __name__ == "__main__":
    main()
