"""Chinese in the dialogue: look-ups in both scripts, and the parts of an answer named by their
Chinese phrasing when the tutor speaks Chinese (and by the first phrasing when it speaks English)."""

from __future__ import annotations

import pytest

from tutor.course.loader import LoadResult, load
from tutor.course.resources import builtin_sources
from tutor.engine import replies as r
from tutor.engine.engine import Engine
from tutor.engine.moves import Move, MoveKind, classify
from tutor.grading import Grader
from tutor.text_render import TextRenderer
from tutor.texts import msg, say


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("什么是血栓后综合征", "血栓后综合征"), ("什麼是血栓後綜合徵？", "血栓後綜合徵"), ("甚麼是PTS?", "PTS"),
        ("血栓后综合征是什么", "血栓后综合征"), ("血栓後綜合徵是什麼？", "血栓後綜合徵"), ("肺栓塞是啥", "肺栓塞"),
        ("肺栓塞是啥？", "肺栓塞"), ("啥是股青肿", "股青肿"), ("PTS 是什么意思？", "PTS"), ("什么叫导管溶栓", "导管溶栓"),
        ("股青腫指的是什麼", "股青腫"),
    ],
)
def test_chinese_look_ups_are_parsed(text: str, term: str) -> None:
    assert classify(text) == Move(MoveKind.LOOKUP, term)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("帮助", MoveKind.HELP), ("提示", MoveKind.HINT), ("提示一下", MoveKind.HINT), ("为什么？", MoveKind.WHY),
     ("為什麼", MoveKind.WHY), ("跳过", MoveKind.SKIP), ("跳過", MoveKind.SKIP), ("退出", MoveKind.QUIT),
     ("交卷", MoveKind.FINISH), ("我答对了", MoveKind.CONTEST), ("不知道", MoveKind.DONT_KNOW)],
)
def test_the_chinese_words_the_help_names_are_understood(text: str, kind: MoveKind) -> None:
    from tutor.texts import say

    assert classify(text).kind == kind
    if kind not in (MoveKind.DONT_KNOW, MoveKind.WHY) and text in ("帮助", "提示", "跳过", "退出", "交卷", "我答对了"):
        assert f"“{text}”" in say(msg("help", term="PTS", source="综述"), "zh")


@pytest.mark.parametrize("text", ["抗凝", "我不知道", "是", "导管溶栓和抗凝", "什么"])
def test_chinese_answers_are_not_look_ups(text: str) -> None:
    assert classify(text).kind != MoveKind.LOOKUP


@pytest.fixture(scope="module")
def builtin_grader(builtin: LoadResult) -> Grader:
    return Grader(builtin.course)


@pytest.mark.parametrize(
    ("text", "term_id"),
    [
        ("什么是血栓后综合征", "pts"), ("什麼是血栓後綜合徵？", "pts"), ("血栓後綜合徵是什麼", "pts"),
        ("肺栓塞是啥", "pe"), ("什麼是肺栓塞", "pe"), ("肺動脈栓塞是什麼？", "pe"), ("深靜脈血栓形成是啥？", "dvt"),
        ("什么是深静脉血栓", "dvt"), ("什么是静脉血栓栓塞症", "vte"),
    ],
)
def test_chinese_look_ups_find_the_glossary_term_in_either_script(builtin: LoadResult, builtin_grader: Grader,
                                                                  text: str, term_id: str) -> None:
    e = Engine.for_questions(builtin.course, builtin_grader, ["basics-burden/vte-forms"], title="t")
    e.start(0)
    definitions = [x for x in e.handle(text, 1) if isinstance(x, r.Definition)]
    assert [d.term.id for d in definitions] == [term_id]


def test_an_unknown_chinese_term_is_said_to_be_unknown(builtin: LoadResult, builtin_grader: Grader) -> None:
    e = Engine.for_questions(builtin.course, builtin_grader, ["basics-burden/vte-forms"], title="t")
    e.start(0)
    notices = [x for x in e.handle("什么是量子纠缠", 1) if isinstance(x, r.Notice)]
    assert [say(n.msg, "zh") for n in notices] == ["术语表里没有“量子纠缠”这一条。"]


@pytest.fixture()
def without_assertions() -> LoadResult:
    """The built-in course with the assertions of one list question's parts left out: the
    dialogue then names each part itself ("One part of the answer: ...")."""
    result = load(builtin_sources())
    q = result.course.question("basics-burden/vte-forms")
    assert q is not None
    for exp in q.expectations:
        exp.assertion = ""
    return result


def _dialogue(result: LoadResult) -> list[r.Reply]:
    e = Engine.for_questions(result.course, Grader(result.course), ["basics-burden/vte-forms"], title="t")
    out = e.start(0)
    for i, text in enumerate(["stroke", "no idea", "no idea", "no idea", "no idea", "no idea", "no idea"]):
        out += e.handle(text, i + 1)
    return out


def test_the_dialogue_names_a_part_by_its_chinese_phrasing(without_assertions: LoadResult) -> None:
    out = _dialogue(without_assertions)
    said = [x.text for x in out if isinstance(x, r.Tutor) and x.move == "assertion"]
    assert [say(m, "zh") for m in said if not isinstance(m, str)] == ["答案的一部分是：深静脉血栓形成。",
                                                                      "答案的一部分是：肺栓塞。"]
    assert [say(m, "en") for m in said if not isinstance(m, str)] == ["One part of the answer: deep vein thrombosis.",
                                                                      "One part of the answer: pulmonary embolism."]
    # The explanation's parts, in plain mode: Chinese names in Chinese, the first phrasing in English.
    expl = next(x for x in out if isinstance(x, r.Explanation))
    zh = TextRenderer(without_assertions.course, lang="zh").render(expl)
    en = TextRenderer(without_assertions.course, lang="en").render(expl)
    assert "答案：深静脉血栓形成；肺栓塞" in zh and "  深静脉血栓形成（未答出）" in zh
    assert "Answer: deep vein thrombosis; pulmonary embolism" in en and "· deep vein thrombosis" in en


def test_a_numeric_answer_is_said_in_chinese_units(builtin: LoadResult, builtin_grader: Grader) -> None:
    e = Engine.for_questions(builtin.course, builtin_grader, ["basics-burden/ten-million"], title="t")
    e.start(0)
    out = e.handle("skip", 1)
    expl = next(x for x in out if isinstance(x, r.Explanation))
    assert TextRenderer(builtin.course, lang="zh").render(expl).startswith("答案：1000万")
    assert TextRenderer(builtin.course, lang="en").render(expl).startswith("Answer: 10 million")
    assert say(msg("ladder.the_answer", answer=expl.answer), "zh") == "答案是：1000万。"
