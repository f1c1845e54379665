"""The instructor's reports with `--lang`: `tutor class` (text and CSV header) and the review
queue in Chinese; English as it always was; JSON the same whatever the language."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.class_kit import simulated_class
from tests.test_review_queue import GID, _store_with_answers
from tutor.cli import main
from tutor.instructor.class_report import CSV_FIELDS
from tutor.text_wrap import cells


@pytest.fixture(scope="module")
def exports() -> Path:
    return simulated_class()


def _class(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["class", *args]) == 0
    return capsys.readouterr().out


def test_class_report_in_chinese(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh = _class([str(exports), "--lang", "zh", "--all"], capsys)
    en = _class([str(exports), "--lang", "en", "--all"], capsys)
    assert zh.startswith("班级成绩：") and "名学生，来自" in zh and "平均得分（首次作答）：" in zh
    assert "全部题目" in zh and "答对率" in zh and "作答前用过提示" in zh
    assert en.startswith("Class results: ") and "Every question" in en and "hint before answering" in en
    for word in ("Class results", "facility", "students", "median time", "whole course", "skipped"):
        assert word not in zh, word


def test_class_table_columns_line_up_in_chinese(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh = _class([str(exports), "--lang", "zh"], capsys).splitlines()
    i = next(n for n, x in enumerate(zh) if x.startswith("题目"))
    legend = next(n for n, x in enumerate(zh) if x.startswith("区分度："))
    head, rows = zh[i], zh[i + 1:legend]
    assert rows
    # Where "U-L" ends in the header, the U-L figure ends in every row (cells, not characters).
    end = cells(head[: head.index("U-L") + 3])
    for row in rows:
        figures = row[:end]
        assert cells(figures) == end and figures[-1] != " " and (figures[-4:].replace(".", "").strip("-–").isdigit()
                                                                or figures.endswith("–")), row


def test_class_csv_header_in_chinese_and_english(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh = list(csv.reader(io.StringIO(_class([str(exports), "--csv", "--lang", "zh"], capsys))))
    en = list(csv.reader(io.StringIO(_class([str(exports), "--csv"], capsys))))
    assert en[0][: len(CSV_FIELDS)] == list(CSV_FIELDS)  # scripts read the English field names, unchanged
    assert zh[0][:5] == ["类型", "编号", "测验", "学生数", "答对人数"] and len(zh[0]) == len(en[0])
    assert zh[1:] == en[1:]  # only the header is in words


def test_class_json_keeps_its_figures_and_english_flags_in_any_language(exports: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    zh = json.loads(_class([str(exports), "--json", "--lang", "zh", "--min-students", "1"], capsys))
    en = json.loads(_class([str(exports), "--json", "--lang", "en", "--min-students", "1"], capsys))
    figures = ("gid", "students", "correct", "facility", "discrimination", "upper_lower", "flags")
    assert [[i.get(k) for k in figures] for i in zh["items"]] == [[i.get(k) for k in figures] for i in en["items"]]
    assert any(i["flags"] for i in en["items"])  # flags are there, and in English in both
    assert all(not re.search("[\u4e00-\u9fff]", f) for i in zh["items"] for f in i["flags"])
    assert "flag_reasons" not in zh["items"][0]
    # the course's own text is read in the language, where it is translated
    assert any(a["prompt"] != b["prompt"] for a, b in zip(zh["items"], en["items"], strict=True))


def test_class_messages_in_chinese(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", str(exports), "--lang", "zh", "--question", "nope/nothing"]) == 2
    assert capsys.readouterr().err.strip() == "tutor class：课程中没有题目“nope/nothing”（请写成 病例id/题目id）"


def test_review_queue_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _store_with_answers()
    assert main(["review", "--text", "--lang", "zh", "--question", GID]) == 0
    zh = capsys.readouterr().out
    assert main(["review", "--text", "--lang", "en", "--question", GID]) == 0
    en = capsys.readouterr().out
    assert f"{GID}（short）：" in zh and "个答案，分为" in zh and "不正确：" in zh
    assert "没有找到可接受的答案" in zh or "常见误区" in zh  # the grader's reasons, in Chinese
    assert f"{GID} (short): " in en and "answers in" in en and "incorrect: " in en
    assert "clot buster" in zh and "clot buster" in en
