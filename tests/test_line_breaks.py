"""Chinese line breaking in the app: between characters, never before closing punctuation nor
after opening punctuation, English words whole; English text laid out exactly as Rich lays it."""

from __future__ import annotations

import pytest
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len

from tutor.app.line_breaks import NO_LINE_END, NO_LINE_START, divide_line, installed
from tutor.app.simple_markdown import join_chinese_lines

CHINESE = [
    "男性，58岁，脑出血后第8天，住在神经外科病房。近两天右下肢肿胀、疼痛。双功超声显示右侧股静脉和腘静脉内有新鲜血栓。",
    "溶栓只是部分经过选择的患者的附加治疗，不是基础治疗；而在脑出血之后，它是所有选择中最危险的一种。",
    "综述把抗凝（低分子肝素、华法林、利伐沙班）称为LEDVT治疗的基础 [1]：它能降低复发，预防PE和血栓蔓延。",
    "置入滤器（inferior vena cava filter）后出现低血压、心动过速……应立即想到“梗阻性休克”！",
]
ENGLISH = [
    "A 58-year-old man is on the neurosurgical ward eight days after an intracerebral haemorrhage.",
    "Thrombolysis is an add-on for selected patients, not the baseline; https://doi.org/10.1177/1358863x2110",
]


def lines(text: str, width: int) -> list[str]:
    breaks = divide_line(text, width)
    return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]


@pytest.mark.parametrize("text", CHINESE)
@pytest.mark.parametrize("width", range(8, 61))
def test_chinese_breaks_where_chinese_typesetting_allows(text: str, width: int) -> None:
    shown = lines(text, width)
    assert "".join(shown) == text
    for number, line in enumerate(shown):
        assert cell_len(line.rstrip()) <= width, line
        if number:
            assert line[0] not in NO_LINE_START, (width, shown)
        if number < len(shown) - 1:
            assert line.rstrip()[-1] not in NO_LINE_END, (width, shown)


@pytest.mark.parametrize("width", range(10, 61))
def test_english_words_inside_chinese_stay_whole(width: int) -> None:
    shown = lines(CHINESE[3], width)
    for before, after in zip(shown, shown[1:], strict=False):
        assert not (before[-1].isascii() and before[-1].isalpha() and after[0].isascii() and after[0].isalpha()), \
            (width, shown)


@pytest.mark.parametrize("text", ENGLISH)
@pytest.mark.parametrize("width", range(5, 90))
def test_english_is_broken_exactly_as_rich_breaks_it(text: str, width: int) -> None:
    assert divide_line(text, width) == rich_divide_line(text, width)


def test_the_app_wraps_every_rich_text_and_textual_content_so() -> None:
    import tutor.app.app  # noqa: F401  # installs it

    assert installed()


@pytest.mark.parametrize(("source", "joined"), [
    ("近两天右下肢肿胀、疼痛。\n双功超声显示", "近两天右下肢肿胀、疼痛。双功超声显示"),
    ("可能引起颅内\n  出血", "可能引起颅内出血"),
    ("an intracerebral\nhaemorrhage", "an intracerebral\nhaemorrhage"),  # English keeps its soft break
    ("请选择：\n- 现在置入滤器", "请选择：\n- 现在置入滤器"),  # a list item is not joined
    ("第一段。\n\n第二段。", "第一段。\n\n第二段。"),  # nor two paragraphs
    ("出血\n[@review]。", "出血\n[@review]。"),
    ("它能降低复发， 预防PE", "它能降低复发，预防PE"),  # the space a folded YAML scalar leaves
    ("LEDVT 患者 DVT", "LEDVT 患者 DVT"),  # a space beside a Latin word stays
])
def test_a_line_break_or_folded_space_between_chinese_characters_is_nothing(source: str, joined: str) -> None:
    assert join_chinese_lines(source) == joined


def test_no_space_is_shown_after_bold_chinese_before_chinese() -> None:
    from rich.text import Text

    from tutor.app.simple_markdown import markdown

    drawn = markdown("**为什么不行。** 综述把近期颅内出血列为禁忌证。**Why not.** The review")
    blocks = getattr(drawn, "blocks", None)
    assert blocks is not None  # drawn by the simple renderer
    paragraph = blocks[0][1][0]
    assert isinstance(paragraph, Text)
    assert paragraph.plain == "为什么不行。综述把近期颅内出血列为禁忌证。Why not. The review"
