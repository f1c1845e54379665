"""A learner's progress verbs and the store's words in Chinese; English exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.cli import main
from tutor.store import saver
from tutor.store.stats import DayAccuracy, ForecastDay, MisconceptionCount, Stats, TopicMastery
from tutor.texts import use_language


def test_progress_stats_in_chinese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "stats", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert main(["progress", "stats", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert zh.startswith("概况\n  已保存 0 个答案 · 现在有 0 道题该复习 ·") and "各主题掌握情况（按最近一次作答）" in zh
    assert "今天" in zh and "明天" in zh and "目前还没有。" in zh
    assert en.startswith("Overview\n  0 answers stored · 0 due for review now ·") and "tomorrow" in en
    for word in ("Overview", "Mastery", "today", "tried", "answers"):
        assert word not in zh


def test_mastery_bars_line_up_whatever_the_topic_names(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.store.report import fit_label as _label
    from tutor.text_wrap import cells

    for name in ("抗凝治疗", "Anticoagulation", "导管接触性溶栓与机械血栓清除术的适应证", "x"):
        assert cells(_label(name, 24)) == 24


def _stats() -> Stats:
    return Stats(new=2, due=1, attempts=1,
                 topics=[TopicMastery("cdt", "导管接触性溶栓与机械血栓清除术的适应证", 0.5, 1, 3)],
                 days=[DayAccuracy("2026-03-02", 1, 1, 1.0)],
                 forecast=[ForecastDay("2026-03-02", 1), ForecastDay("2026-03-03", 0)],
                 misconceptions=[MisconceptionCount("c/q", "m", 2, prompt="**Why** " + "长" * 60)],
                 edited=["c/q"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_app_and_the_command_line_say_the_same_statistics(lang: str) -> None:
    from tutor.app.stats_text import stats_sections as app_sections
    from tutor.store.report import stats_sections

    cli = stats_sections(_stats(), lang=lang)
    assert app_sections(_stats(), lang) == cli  # one builder, one set of words: only the measure may differ
    text = "\n".join(line for s in cli for line in (s.title, *s.lines))
    if lang == "en":
        assert "1 answer stored" in text and any(line.endswith("100%  1 answer") for line in text.splitlines())
    else:
        assert "已保存 1 个答案" in text and any(line.endswith("100%  1 个答案") for line in text.splitlines())
    assert "**" not in text and "…" in text  # the prompt, as one plain line cut to the width


def test_the_labels_are_laid_out_by_the_measure_given() -> None:
    from tutor.store.report import stats_sections

    seen: list[tuple[str, int]] = []

    def fit(text: str, cells: int) -> str:
        seen.append((text, cells))
        return "<" + text[:3] + ">"

    lines = [line for s in stats_sections(_stats(), lang="en", fit=fit) for line in s.lines]
    assert ("导管接触性溶栓与机械血栓清除术的适应证", 24) in seen and ("today", 10) in seen
    assert any(line.startswith("<导管接> ") for line in lines) and any(line.startswith("<tod> ") for line in lines)


def test_reset_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "reset", "--yes", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已删除 0 个答案、0 次学习记录和 0 道题的复习安排。重置前的学习进度备份在 ")
    assert main(["progress", "reset", "--lang", "zh", "--quiz", "nope"]) == 2
    assert "错误：没有测验“nope”（现有测验：" in capsys.readouterr().err


def test_a_chinese_yes_confirms_a_reset(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import _parser
    from tutor.commands import progress

    ns = _parser().parse_args(["progress", "reset", "--lang", "zh"])
    ns.lang = use_language("zh")
    asked: list[str] = []

    def yes(prompt: str) -> str:
        asked.append(prompt)
        return "是"

    assert progress.run(ns, ask=yes) == 0
    assert asked[0].startswith("这将清除你的全部学习进度") and asked[0].endswith("输入“是”或 yes 继续：")
    assert progress.run(ns, ask=lambda prompt: "不") == 1
    assert "没有重置任何内容。" in capsys.readouterr().err


def test_saving_words_in_the_language_in_use() -> None:
    english = saver.failed_text("the disk is full (x)", retried=True)
    assert english == ("Your answers are not being saved: the disk is full (x). They are kept in memory and saved "
                       "once it can be; if it cannot be, they are written to a file you can import at the end of "
                       "the session.")
    assert saver.exported_text(1, "x", Path("f.json")).startswith("1 answer could not be saved: x. It was written")
    assert saver.exported_text(3, "x", Path("f.json")).startswith("3 answers could not be saved: x. They were")
    use_language("zh")
    assert saver.failed_text("磁盘已满（x）", retried=False).startswith("你的答案目前没有保存：磁盘已满（x）。")
    assert saver.exported_text(0, "x", Path("f.json")).startswith("本次学习的进度无法保存：x。已改为写入 f.json")
    assert saver.resumed_text(2) == "你的答案又可以保存了；内存中保留的 2 个答案已写入。"
    assert saver.lost_text(2, "x", []) == "2 个答案无法保存：x；而且也无法为它们写入任何文件（没有可以写入的文件夹）。"
