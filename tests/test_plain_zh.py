"""Plain mode in Chinese, as a learner with a screen reader or a plain terminal meets it: every line
within the width in terminal cells (a Chinese character takes two), lines broken between Chinese
characters or at spaces and never inside an English word, no colour with NO_COLOR, no box drawing."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.text_wrap import NO_LINE_END, NO_LINE_START, cells, fill

ROOT = Path(__file__).resolve().parents[1]

VIGNETTE = ("一位71岁的退休公交车司机因右侧大腿和小腿肿胀、疼痛4天来急诊就诊。双下肢静脉超声（duplex ultrasound）"
            "显示右股静脉内有血栓形成。导管接触性溶栓（catheter-directed thrombolysis，CDT）适用于哪些患者？")


def test_cells_count_chinese_as_two() -> None:
    assert cells("抗凝") == 4 and cells("DVT") == 3 and cells("抗凝 DVT，") == 10
    assert cells("\x1b[1m抗凝\x1b[0m") == 4  # colour escapes take no room
    assert cells("é") == 1 and cells("e\u0301") == 1  # a combining accent takes none


@pytest.mark.parametrize("width", [20, 31, 40, 78])
def test_chinese_wraps_by_display_width(width: int) -> None:
    out = fill(VIGNETTE, width, initial_indent="  ", subsequent_indent="  ")
    lines = out.splitlines()
    assert all(cells(line) <= width for line in lines), [(cells(x), x) for x in lines]
    assert "".join(x.strip() for x in lines).replace(" ", "") == VIGNETTE.replace(" ", "")  # nothing lost
    for a, b in zip(lines, lines[1:], strict=False):
        assert b.strip()[0] not in NO_LINE_START, (a, b)
        assert a[-1] not in NO_LINE_END, (a, b)
    for word in re.findall(r"[A-Za-z0-9-]+", VIGNETTE):  # never broken inside a word or number that fits
        if len(word) + 2 + 2 > width:  # indent, and a bracket glued to it: only then is it cut
            continue
        assert any(re.search(rf"(?<![A-Za-z0-9-]){word}(?![A-Za-z0-9-])", line) for line in lines), word
    if width >= 40:  # a wide line is filled: no line much shorter than the room it had
        assert all(cells(x) >= width - 12 for x in lines[:-1]), lines


def test_english_wraps_as_before() -> None:
    import textwrap

    text = "Anticoagulation alone for most patients; catheter-directed thrombolysis is for selected ones. " * 3
    assert fill(text, 40, initial_indent="  ") == textwrap.fill(text, 40, initial_indent="  ", break_on_hyphens=False)


def _plain_zh(answers: str, tmp_path: Path, extra: dict[str, str]) -> str:
    env = {**os.environ, "TUTOR_CONFIG_FILE": str(tmp_path / "config.json"), **extra}
    done = subprocess.run([sys.executable, "-m", "tutor", "plain", "--lang", "zh", "--quiz", "starter"], cwd=ROOT,
                          input=answers.encode("utf-8"), env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


BOX_DRAWING = re.compile("[\u2500-\u259f\u25a0-\u25ff]")  # box drawing, blocks, geometric shapes


def test_plain_mode_in_chinese(tmp_path: Path) -> None:
    out = _plain_zh("抗凝\n什么是血栓后综合征\n/help\n提示\n跳过\n深静脉血栓和肺栓塞\n/finish\n", tmp_path,
                    {"NO_COLOR": "1"})
    assert "（教学模式）。输入 /help 查看指令" in out
    assert "第 1 题，共 5 题" in out and "不正确（0%）：没有找到数字" in out
    assert "血栓后综合征（post-thrombotic syndrome、PTS" in out  # the Chinese name leads in Chinese
    assert "“什么是血栓后综合征”或“血栓后综合征是什么”：在术语表里查一个术语" in out  # help asks in Chinese
    assert "答案：1000万" in out
    assert "正确（100%）" in out and "小结：" in out
    assert "\x1b[" not in out  # NO_COLOR: no escape sequence at all
    assert not BOX_DRAWING.search(out) and "·" not in out
    for line in out.splitlines():
        if not line.startswith("  ["):  # a reference is one line, as in English
            assert cells(line) <= 78, line


def test_plain_mode_in_chinese_on_a_terminal_that_cannot_show_it(tmp_path: Path) -> None:
    # An ASCII-only locale: the Chinese is escaped, never a UnicodeEncodeError.
    out = _plain_zh("/quit\n", tmp_path, {"PYTHONIOENCODING": "ascii", "NO_COLOR": "1"})
    assert "\\u" in out and "Traceback" not in out


def test_the_renderer_follows_the_language_in_use() -> None:
    from tutor.model import Course
    from tutor.text_render import TextRenderer
    from tutor.texts import use_language

    render = TextRenderer(Course())
    assert render.say(__import__("tutor.texts", fromlist=["msg"]).msg("face.answer")) == "Answer:"
    use_language("zh")
    assert render.lang == "zh" and render.say(__import__("tutor.texts", fromlist=["msg"]).msg("face.answer")) == "答案："
    assert TextRenderer(Course(), lang="en").lang == "en"
    assert io  # the module's imports stay used
