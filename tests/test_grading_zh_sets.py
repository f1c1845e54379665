"""General rules found on the Chinese answers of the development sets (dev, sets A-J and L):
each written as a rule any bank benefits from, with what must stay wrong beside it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.test_grading_support import listq, short, verdict
from tutor.grading.glossary import phrase_key
from tutor.grading.vocabulary import DATA, ZH_REGIONAL
from tutor.model import Question

IVUS = short("ivus", ("血管内超声", "IVUS"), prompt="哪种腔内检查能评估狭窄程度？")
BLEEDS = listq("bleeds", {"ich": ("颅内出血",), "gi": ("消化道出血",)}, need=2)
ATYPICAL = listq("atypical", {"mp": ("肺炎支原体",), "lp": ("军团菌",)}, need=2)
CAPITAL = short("capital", ("Canberra",), prompt="What is the capital of Australia?")
PTS = short("pts-zh", ("血栓后综合征",))
SHOCK = listq("shock", {"hr": ("心率增快",), "uo": ("尿量减少",), "pp": ("脉压差缩小",)}, need=2)
FLOW = short("flow", ("血流减慢",))
PLATELETS = short("plt", ("血小板减少",))
LYSIS_CI = listq("lysis-ci", {"ich": ("近期脑出血或脑卒中",), "op": ("近期大手术或外伤",), "bleed": ("活动性出血",)}, need=2)
WHERE = listq("where", {"ich": ("颅内出血",), "gi": ("消化道出血",), "access": ("穿刺点出血或血肿",),
                        "ugi": ("上消化道溃疡",)}, need=2)
WHERE = replace(WHERE, prompt="溶栓期间，你要求住院医师重点观察哪些部位的出血？")
RECENT = short("recent", ("近期颅内出血",))
SITES = listq("sites", {"access": ("穿刺点出血或血肿",), "gum": ("牙龈或皮肤黏膜出血",), "gi": ("消化道出血",)}, need=2)


@pytest.mark.parametrize(("q", "answer", "expected"), [
    # 1. Taiwanese and Hong Kong names (read after the Traditional-to-Simplified conversion)
    (IVUS, "血管內超音波", "correct"),
    (IVUS, "血管内超声", "correct"),
    (IVUS, "血管造影", "incorrect"),
    (IVUS, "不是血管內超音波", "incorrect"),
    (BLEEDS, "顱內出血、腸胃道出血", "correct"),
    (BLEEDS, "颅内出血、胃肠道出血", "correct"),
    (BLEEDS, "颅内出血、消化道溃疡", "partial"),
    (BLEEDS, "顱內出血、泌尿道出血", "partial"),
    (ATYPICAL, "肺炎黴漿菌、退伍軍人菌", "correct"),
    (ATYPICAL, "肺炎衣原体、退伍軍人菌", "partial"),
    (CAPITAL, "坎培拉", "correct"),
    (CAPITAL, "堪培拉", "correct"),
    (CAPITAL, "雪梨", "incorrect"),
    (PTS, "血栓後症候群", "correct"),
    (PTS, "沒有血栓後症候群", "incorrect"),
    # 2. a change said with another direction word (加快 for 增快), or as the state it leaves
    #    (心率快, 尿量少, 血小板低): one character at the end of what it describes
    (SHOCK, "心率加快、尿量减少", "correct"),
    (SHOCK, "心率快、尿量少", "correct"),
    (SHOCK, "心率快了，尿少", "partial"),
    (SHOCK, "心率慢、尿量少", "partial"),
    (SHOCK, "心率不快、尿量多", "incorrect"),
    (SHOCK, "心率减慢、尿量增多", "incorrect"),
    (FLOW, "血流慢", "correct"),
    (FLOW, "血流缓慢", "correct"),
    (FLOW, "血流快", "incorrect"),
    (FLOW, "血流不慢", "incorrect"),
    (PLATELETS, "血小板低", "correct"),
    (PLATELETS, "血小板高", "incorrect"),
    (PLATELETS, "低血小板", "incorrect"),
    (PLATELETS, "血小板至少", "incorrect"),
    # 3. `或` in a key where one side is shorter: the longer side alone, and the shorter one with
    #    what it shares of the longer; the shorter one alone is not the key
    (LYSIS_CI, "活动性出血，近期脑卒中，近期大手术", "correct"),
    (LYSIS_CI, "近期外伤、近期脑出血", "correct"),
    (LYSIS_CI, "近期脑卒中", "partial"),
    (LYSIS_CI, "远期脑卒中、远期外伤", "incorrect"),
    (LYSIS_CI, "没有近期脑卒中，没有近期大手术", "incorrect"),
    (SITES, "穿刺点血肿、牙龈出血", "correct"),
    (SITES, "皮肤黏膜出血、消化道出血", "correct"),
    (SITES, "血肿、黏膜", "incorrect"),
    # 4. a Chinese key's ending the question says is understood (`出血` when asked where to
    #    look for bleeding): the rest alone names it, unless another target's key holds it
    (WHERE, "穿刺点、颅内、消化道", "correct"),
    (WHERE, "颅内、穿刺点", "correct"),
    (WHERE, "颅内", "partial"),
    (WHERE, "消化道、颅内", "partial"),
    (WHERE, "颅外、腹壁", "incorrect"),
    (WHERE, "不是颅内，也不是穿刺点", "incorrect"),
    (short("handle", ("停止或减量溶栓药物",), prompt="此时首先应如何处理溶栓药物？"), "减量", "incorrect"),
    (replace(WHERE, id="where-en", prompt="Where would you look for bleeding?"), "颅内、穿刺点", "incorrect"),
    # 5. `近期` (recent) said as 最近, 新近 or a time within days, weeks or months
    (RECENT, "3个月内颅内出血", "correct"),
    (RECENT, "两周内颅内出血", "correct"),
    (RECENT, "最近颅内出血", "correct"),
    (RECENT, "10年内颅内出血", "incorrect"),
    (RECENT, "3个月内没有颅内出血", "incorrect"),
    (RECENT, "3个月内颅内肿瘤", "incorrect"),
    (LYSIS_CI, "2个月内脑卒中，活动性出血", "correct"),
])
def test_chinese_answers(q: Question, answer: str, expected: str) -> None:
    assert verdict(q, answer) == expected


def test_regional_names_each_repeat_a_shipped_name_or_start_a_new_entry_in_english() -> None:
    """A regional entry merges with the shipped entry it names first; one that names no shipped
    thing starts with its English name (so it is a thing, not a loose Chinese word)."""
    shipped = {phrase_key(n) for e in json.loads(DATA.read_text(encoding="utf-8"))["entries"] for n in e["names"]}
    regional = json.loads(ZH_REGIONAL.read_text(encoding="utf-8"))
    for entry in regional["entries"]:
        assert entry["kind"] in regional["sources"], entry
        first, *others = entry["names"]
        assert first.isascii(), entry
        assert others and all(not n.isascii() and len(n) >= 2 for n in others), entry
        assert not any(phrase_key(n) in shipped for n in others), f"{entry}: already shipped"
