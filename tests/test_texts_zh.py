"""The Chinese catalogue: every English key, with the same parameters, each message formatting."""

from __future__ import annotations

import re
import string

import pytest

from tutor.texts import Amount, Msg, Phrased, catalogue, has_cjk, msg, phrase, say
from tutor.texts.en import MESSAGES as EN
from tutor.texts.en_grading import MESSAGES as EN_GRADING
from tutor.texts.zh import MESSAGES as ZH
from tutor.texts.zh_grading import MESSAGES as ZH_GRADING


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_english_key_is_in_chinese_and_no_other() -> None:
    assert set(ZH) == set(EN)
    assert set(ZH_GRADING) == set(EN_GRADING)


@pytest.mark.parametrize("key", sorted(EN))
def test_same_parameters(key: str) -> None:
    assert fields(ZH[key]) == fields(EN[key]), key


@pytest.mark.parametrize("key", sorted(ZH))
def test_each_chinese_message_formats(key: str) -> None:
    # Amount formats as a number under every spec the catalogue uses ({n:e8}, {score:.0f}, plain).
    args = {name: Amount(12.5) for name in fields(ZH[key])}
    text = say(msg(key, **args), "zh")
    assert text.strip() or ZH[key] == ""
    assert "{" not in text.replace("{term}", "")


def _words(template: str) -> str:
    # Commands, options and names a learner or instructor types stay as they are in any language.
    return re.sub(r"\{[^}]*\}|`[^`]*`|/[a-z]+|why\?|hint|skip|I was right|tutor [a-z]+|--[a-z]+|U-L|json|SQLite|WAL|SVG|LEDVT|\byes\b", "", template)


LANGUAGE_NAMES = {"app.key.language", "app.language_name.en", "app.language_name.zh", "app.palette.language"}
"""A language is named in its own words in both catalogues ("中文" to switch to it, "English")."""


@pytest.mark.parametrize("key", sorted(ZH))
def test_each_chinese_message_is_chinese(key: str) -> None:
    # Where the English has words of its own (not only parameters, numbers and marks), the
    # Chinese has Chinese words, and none of the English ones.
    if key in LANGUAGE_NAMES:
        assert "English" in ZH[key] or "中文" in ZH[key]
    elif key in ("num.e2", "num.e2.range"):  # "5 hundred" is written 500 in Chinese
        assert ZH[key].replace(":e2", "") == ZH[key] and not has_cjk(ZH[key])
    elif re.search("[A-Za-z]{2,}", _words(EN[key])):
        assert has_cjk(ZH[key]), f"{key}: {ZH[key]!r} has no Chinese"
        assert not re.search("[A-Za-z]{3,}", _words(ZH[key])), f"{key}: {ZH[key]!r} has English words"
    else:
        assert not has_cjk(EN[key])
    if key in ("list.joiner", "list.parts_joiner", "grade.series"):
        assert "；" in ZH[key] or "、" in ZH[key], key  # the Chinese list marks


@pytest.mark.parametrize("key", sorted(ZH))
def test_full_width_punctuation(key: str) -> None:
    # Outside command words and parameters (`/help`, `{term}`, `tutor plain --continue`), the
    # sentence marks are full width: no ASCII comma, colon, semicolon, question or exclamation mark.
    text = re.sub(r"`[^`]*`|\{[^}]*\}|/[a-z]+|why\?", "", ZH[key])
    assert not re.search(r"[,;!?]|:(?!\d)|\((?![A-Za-z])", text), f"{key}: {ZH[key]!r}"


def test_numbers_stay_ascii() -> None:
    assert not any(re.search("[０-９]", t) for t in ZH.values())
    s = say(msg("summary.score", score=86.4, verdict=msg("summary.passed"), pass_mark=70.0, answered=9, total=10), "zh")
    assert s == "得分 86%（通过；及格线 70%），共 10 题，答了 9 题"


def test_chinese_does_not_import_english() -> None:
    # `say` falls back to English only for a key Chinese lacks; with every key there, never.
    catalogue.cache_clear()
    import sys

    sys.modules.pop("tutor.texts.en", None)
    assert say(msg("verdict.correct"), "zh") == "正确"
    assert "tutor.texts.en" not in sys.modules


def test_a_part_is_named_by_its_first_chinese_phrasing() -> None:
    label = Phrased("compression stockings", ("compression stockings", "GCS", "弹力袜", "加压弹力袜"))
    assert phrase(label, "zh") == "弹力袜"
    assert phrase(label, "en") == "compression stockings"
    assert say(msg("ladder.one_part", label=label), "zh") == "答案的一部分是：弹力袜。"
    assert say(msg("ladder.one_part", label=label), "en") == "One part of the answer: compression stockings."
    english_only = Phrased("IVC filter", ("IVC filter", "vena cava filter"))
    assert say(msg("ladder.one_part", label=english_only), "zh") == "答案的一部分是：IVC filter。"
    # Traditional script counts as Chinese too.
    assert phrase(Phrased("thrombolysis", ("thrombolysis", "溶栓")), "zh") == "溶栓"
    assert phrase(Phrased("x", ("x", "導管")), "zh") == "導管"


def test_several_parts_are_joined_in_each_language() -> None:
    parts = (Phrased("anticoagulation", ("anticoagulation", "抗凝")), Phrased("stockings", ("stockings", "弹力袜")))
    assert say(msg("ladder.yes_parts", parts=parts), "zh") == "对：抗凝；弹力袜。"
    assert say(msg("ladder.yes_parts", parts=parts), "en") == "Yes: anticoagulation; stockings."


def test_a_message_in_a_message_is_said_in_the_same_language() -> None:
    m = msg("summary.score", score=50.0, verdict=msg("summary.not_passed"), pass_mark=70.0, answered=1, total=2)
    assert "未通过" in say(m, "zh") and "not passed" in say(m, "en")
    assert isinstance(m.arg("verdict"), Msg)
