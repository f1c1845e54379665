"""Grading step 4: NegEx-style negation: each trigger, terminator and pseudo-negation."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.grading.negation import POST_TRIGGERS, PRE_TRIGGERS, PSEUDO, find_negation
from tutor.grading.normalize import normalise
from tutor.grading.tokens import tokenize


def negated(text: str, **kw: Any) -> list[str]:
    """The words (or Chinese characters) of `text` that fall in a negation's scope."""
    toks = tokenize(normalise(text))
    neg = find_negation(toks, **kw)
    return [t.text for i, t in enumerate(toks) if neg.by[i] and t.kind != "p"]


# --- every pre-trigger negates what follows ----------------------------------------------------

ENGLISH_PRE = [
    ("no CDT", ["cdt"]), ("not CDT", ["cdt"]), ("without CDT", ["cdt"]), ("never CDT", ["cdt"]),
    ("none CDT", ["cdt"]), ("neither CDT", ["cdt"]), ("nor CDT", ["cdt"]),
    ("PMT instead of CDT", ["cdt"]), ("PMT rather than CDT", ["cdt"]), ("other than CDT", ["cdt"]),
    ("absence of CDT", ["cdt"]), ("lack of CDT", ["cdt"]), ("free of CDT", ["cdt"]),
    ("rule out PE", ["pe"]), ("ruled out PE", ["pe"]), ("rules out PE", ["pe"]),
    ("avoid CDT", ["cdt"]), ("avoiding CDT", ["cdt"]), ("except CDT", ["cdt"]),
    ("deny CDT", ["cdt"]), ("denies CDT", ["cdt"]), ("refuse CDT", ["cdt"]), ("refuses CDT", ["cdt"]),
    ("against CDT", ["cdt"]),
    ("don't give CDT", ["give", "cdt"]), ("can't give CDT", ["give", "cdt"]), ("cannot give CDT", ["give", "cdt"]),
]
CHINESE_PRE = [
    (cue + "抗凝", ["抗", "凝"])
    for cue in ("不", "非", "无", "没", "没有", "未", "不是", "溶栓而非", "并非", "无法", "不能", "不用", "不要",
                "不需要", "不需", "不应", "不宜", "不必", "勿", "别", "禁止", "避免", "拒绝")
] + [("排除肺栓塞", ["肺", "栓", "塞"])]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_PRE + CHINESE_PRE)
def test_pre_trigger(text: str, expected: list[str]) -> None:
    assert negated(text) == expected


def test_every_pre_trigger_is_tested() -> None:
    tested = {tuple(tok.text for tok in tokenize(normalise(text))) for text, _ in ENGLISH_PRE + CHINESE_PRE}
    for trigger in PRE_TRIGGERS:
        assert any(_contains(seq, trigger) for seq in tested), trigger


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    return any(seq[i:i + len(sub)] == sub for i in range(len(seq) - len(sub) + 1))


# --- every post-trigger negates what precedes ------------------------------------------------

POST = [
    ("CDT is not needed", "cdt"), ("CDT is not indicated", "cdt"), ("CDT is not recommended", "cdt"),
    ("CDT is not required", "cdt"), ("CDT is not necessary", "cdt"), ("CDT is not appropriate", "cdt"),
    ("CDT is not used", "cdt"), ("CDT is not useful", "cdt"), ("CDT is not helpful", "cdt"),
    ("CDT is not given", "cdt"), ("CDT is not advised", "cdt"), ("CDT is not suitable", "cdt"),
    ("CDT is not correct", "cdt"), ("CDT is not right", "cdt"), ("CDT is not the answer", "cdt"),
    ("CDT is not an option", "cdt"), ("CDT is not true", "cdt"), ("PE is not present", "pe"),
    ("CDT is unnecessary", "cdt"), ("CDT is unneeded", "cdt"), ("CDT should be avoided", "cdt"),
    ("PE was excluded", "pe"), ("PE was ruled out", "pe"), ("PE is unlikely", "pe"), ("CDT is wrong", "cdt"),
    ("CDT is incorrect", "cdt"), ("CDT is false", "cdt"), ("PE is absent", "pe"),
    ("CDT? No.", "cdt"),
    ("溶栓不对", "溶"), ("溶栓错误", "溶"), ("溶栓是错的", "溶"), ("溶栓不需要", "溶"), ("溶栓不推荐", "溶"),
    ("溶栓不行", "溶"), ("溶栓不正确", "溶"), ("溶栓除外", "溶"),
]


@pytest.mark.parametrize(("text", "word"), POST)
def test_post_trigger(text: str, word: str) -> None:
    assert word in negated(text)


def test_every_post_trigger_is_tested() -> None:
    seqs = [tuple(tok.text for tok in tokenize(normalise(text))) for text, _ in POST]
    for trigger in POST_TRIGGERS:
        assert any(_contains(seq, trigger) for seq in seqs), trigger


# --- terminators end a scope ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "not CDT but anticoagulation", "not CDT however anticoagulation", "not CDT although anticoagulation",
        "not CDT though anticoagulation", "not CDT yet anticoagulation", "not CDT whereas anticoagulation",
        "not CDT while anticoagulation", "not CDT which anticoagulation", "not CDT who anticoagulation",
        "not CDT because anticoagulation", "not CDT since anticoagulation", "not CDT so anticoagulation",
        "not CDT then anticoagulation", "not CDT instead anticoagulation", "not CDT rather anticoagulation",
        "not CDT apart anticoagulation",
        "not CDT, anticoagulation", "not CDT; anticoagulation", "not CDT. anticoagulation", "not CDT\nanticoagulation",
        "not CDT: anticoagulation",
    ],
)
def test_english_terminator(text: str) -> None:
    assert negated(text) == ["cdt"]


@pytest.mark.parametrize(
    "text",
    ["不用溶栓" + t + "抗凝" for t in ("但", "但是", "而是", "却", "然而", "不过", "可是", "，", "。", "因为", "所以")],
)
def test_chinese_terminator(text: str) -> None:
    assert "抗" not in negated(text)
    assert "溶" in negated(text)


def test_scope_is_a_few_words() -> None:
    far = "not for him or for his brother or for his sister anticoagulation"
    assert "anticoagulation" not in negated(far)
    assert negated("not a heavy thrombus burden") == ["a", "heavy", "thrombus", "burden"]


def test_and_or_continue_a_scope_but_not_in_a_list() -> None:
    assert negated("no CDT or PMT") == ["cdt", "pmt"]
    assert negated("no CDT and PMT", list_mode=True) == ["cdt"]


# --- pseudo-negations --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "still_negated"),
    [
        ("no increase in bleeding", ["increase"]), ("no increased bleeding", ["increased"]),
        ("no significant increase in bleeding", ["significant", "increase"]), ("no change in bleeding", ["change"]),
        ("no significant change in bleeding", ["significant", "change"]), ("no further bleeding", ["further"]),
        ("not only bleeding", []), ("not just bleeding", []), ("not merely bleeding", []), ("no doubt bleeding", []),
        ("without doubt bleeding", []), ("not limited to bleeding", []), ("no matter bleeding", []),
        ("not necessarily bleeding", []), ("bleeding cannot be excluded", []), ("bleeding cannot be ruled out", []),
        ("bleeding not ruled out", []), ("not rule out bleeding", []), ("not sure bleeding", []),
        ("not certain bleeding", []), ("no idea bleeding", []),
        ("不增加出血", ["增", "加"]), ("无增加出血", ["增", "加"]), ("未增加出血", ["增", "加"]),
        ("没有增加出血", ["增", "加"]), ("无明显增加出血", ["明", "显", "增", "加"]), ("不排除出血", []),
    ],
)
def test_pseudo_negation(text: str, still_negated: list[str]) -> None:
    words = negated(text)
    assert "bleeding" not in words and "出" not in words
    assert words == still_negated


def test_every_pseudo_negation_is_tested() -> None:
    texts = [
        "no increase", "no increased", "no significant increase", "no change", "no significant change", "no further",
        "not only", "not just", "not merely", "no doubt", "without doubt", "not limited to", "no matter",
        "not necessarily", "cannot be excluded", "cannot be ruled out", "not ruled out", "not rule out",
        "not sure", "not certain", "no idea",
        "不增加", "无增加", "未增加", "没有增加", "无明显增加", "不排除",
        "no more than", "not more than", "no greater than", "not greater than", "no higher than",
        "not higher than", "not exceeding", "not to exceed", "不超过", "不多于", "不大于", "不高于",
    ]
    seqs = {tuple(t.text for t in tokenize(normalise(x))) for x in texts}
    assert set(PSEUDO) <= seqs


# --- Chinese cues only as words ------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["非常重要的抗凝", "不同的抗凝", "不断抗凝", "无论如何抗凝", "不仅抗凝", "不但抗凝", "不少人抗凝", "不良反应",
     "未来抗凝"],
)
def test_chinese_compounds_are_not_cues(text: str) -> None:
    assert negated(text) == []


def test_echoed_verb_negation() -> None:
    assert negated("it cannot dissolve the clot") == ["dissolve", "the", "clot"]
    assert negated("it cannot dissolve the clot", echo=frozenset({"not"})) == []
    assert negated("no dissolving", echo=frozenset({"not"})) == ["dissolving"]  # only the echoed cue
    assert negated("无法溶解血栓", echo=frozenset({"无法"})) == []


def test_exclusivity_words() -> None:
    for text in ("anticoagulation alone", "only anticoagulation", "anticoagulant monotherapy",
                 "solely anticoagulation", "exclusively anticoagulation", "单纯抗凝", "单独抗凝", "仅抗凝", "只抗凝"):
        toks = tokenize(normalise(text))
        assert find_negation(toks).exclusive, text
    for text in ("not only anticoagulation", "不仅抗凝", "不只抗凝"):
        toks = tokenize(normalise(text))
        assert not find_negation(toks).exclusive, text


# --- a bound before a number is not a denial -----------------------------------------------------

@pytest.mark.parametrize("text", ["症状出现不到两周", "不到2周", "不足3个月", "不满18岁", "不少于3天", "不超过2周"])
def test_a_chinese_bound_before_a_number_negates_nothing(text: str) -> None:
    assert negated(text) == []


@pytest.mark.parametrize("text, denied", [("看不到血栓", ["到", "血", "栓"]), ("做不到溶栓", ["到", "溶", "栓"])])
def test_the_same_characters_before_no_number_still_deny(text: str, denied: list[str]) -> None:
    assert negated(text) == denied


def test_a_key_with_a_chinese_bound_is_met_by_its_own_words_and_not_by_the_wrong_bound() -> None:
    from tests.test_grading_support import grader, short

    q = short("onset", ("症状出现不到两周", "发病14天以内"), prompt="哪类患者适合导管溶栓？看病程。")
    g = grader()
    assert g.grade(q, "症状出现不到两周").verdict == "correct"
    assert g.grade(q, "症状出现不到2周").verdict == "correct"
    assert g.grade(q, "症状不到两周").verdict == "correct"
    assert g.grade(q, "症状出现超过两周").verdict != "correct"
    assert g.grade(q, "症状出现不到三周").verdict != "correct"
    assert g.grade(q, "不是不到两周").verdict != "correct"
