"""Format 2: a learner-facing text may be given in English and Chinese; the course is read in one
language, falling back field by field; a bilingual course warns at every text that lacks one."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tutor.course import cache
from tutor.course.loader import LoadResult, load
from tutor.course.resources import user_sources
from tutor.course.spec import json_schema

COURSE = """\
format: 2
course:
  title: {en: A test course, zh: 测试课程}
  source: review
  updated: "2026-12-01"
  languages: [en, zh]
references:
  - key: review
    authors: "A. Author"
    year: 2025
    title: "A review"
tags:
  modality:
    cdt: {en: Catheter-directed thrombolysis, zh: 导管溶栓}
"""

CASE = """\
format: 2
cases:
  - id: t-case
    title:
      en: A test case
      zh: 测试病例
    tags: [cdt]
    steps:
      - id: s1
        text:
          en: A patient.
          zh: 一位患者。
        questions:
          - id: q1
            kind: short
            prompt:
              en: What is the baseline treatment?
            hints:
              - en: It thins the blood.
                zh: 它让血液不易凝固。
              - Plain English only.
            answer:
              accept: [anticoagulation, 抗凝治疗]
            explanation: {en: "Anticoagulation is the baseline [@review].", zh: "抗凝是基础治疗 [@review]。"}
            cite: [review]
"""


def load_folder(tmp_path: Path, files: dict[str, str], lang: str = "en") -> LoadResult:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return load(user_sources([str(tmp_path)]), lang)


def shown(result: LoadResult, tmp_path: Path) -> list[str]:
    return [str(p).replace(str(tmp_path) + "/", "") for p in result.problems]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_are_read_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    result = load_folder(tmp_path, {"course.yaml": COURSE, "case.yaml": CASE}, lang)
    assert result.errors == []
    assert result.lang == lang
    course = result.course
    q = course.question("t-case/q1")
    assert q is not None
    zh = lang == "zh"
    assert course.cases["t-case"].title == ("测试病例" if zh else "A test case")
    assert q.explanation.startswith("抗凝是基础治疗" if zh else "Anticoagulation is")
    assert q.hints == (("它让血液不易凝固。" if zh else "It thins the blood."), "Plain English only.")
    assert course.tags["cdt"].label == ("导管溶栓" if zh else "Catheter-directed thrombolysis")
    assert course.info is not None and course.info.title == ("测试课程" if zh else "A test course")
    # a text with one language is shown in it, whichever is asked for
    assert q.prompt == "What is the baseline treatment?"
    # accepted answers are one list across languages
    assert q.expectations[0].accept == ("anticoagulation", "抗凝治疗")


def test_a_bilingual_course_warns_at_each_untranslated_text(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {"course.yaml": COURSE, "case.yaml": CASE})
    warnings = [p for p in shown(result, tmp_path) if "form" in p]
    assert warnings == [
        "case.yaml:17:15: warning: this text has no Chinese (zh) form; the course is in en, zh: add 'zh:' "
        "beside the other form, or it is shown in the other language",
        "case.yaml:21:17: warning: 1 text in this file has no Chinese (zh) form, from here on; write each as "
        "{en: ..., zh: ...} (format 2)",
    ]


def test_a_course_that_is_not_bilingual_does_not_warn(tmp_path: Path) -> None:
    one_language = COURSE.replace("  languages: [en, zh]\n", "")
    result = load_folder(tmp_path, {"course.yaml": one_language, "case.yaml": CASE})
    assert not [p for p in result.problems if "form" in p.message]


def test_a_plain_format_1_file_in_a_bilingual_course_gets_one_warning(tmp_path: Path) -> None:
    english = textwrap.dedent(CASE).replace("format: 2", "format: 1")
    english = english.replace("""      en: A test case
      zh: 测试病例""", "      A test case").replace("""    title:
      A test case""", "    title: A test case")
    english = english.replace("""        text:
          en: A patient.
          zh: 一位患者。""", "        text: A patient.")
    english = english.replace("""            prompt:
              en: What is the baseline treatment?""", "            prompt: What is the baseline treatment?")
    english = english.replace("""              - en: It thins the blood.
                zh: 它让血液不易凝固。""", "              - It thins the blood.")
    english = english.replace('{en: "Anticoagulation is the baseline [@review].", zh: "抗凝是基础治疗 [@review]。"}',
                              "Anticoagulation is the baseline [@review].")
    result = load_folder(tmp_path, {"course.yaml": COURSE, "case.yaml": english})
    assert result.errors == []
    warnings = [p for p in shown(result, tmp_path) if "form" in p]
    assert len(warnings) == 1 and warnings[0].startswith("case.yaml:4:12: warning: 6 texts in this file have no")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("format: 2\ncases:", "format: 1\ncases:",
         "case.yaml:5:7: title is given in several languages, which needs format 2; change 'format: 1' to "
         "'format: 2' at the top of the file"),
        ("      zh: 测试病例", "      fr: Un cas",
         "case.yaml:6:7: title has the language 'fr', which this tutor does not know; languages: en, zh"),
        ("      zh: 测试病例", "      en: Again",
         "case.yaml:6:7: title gives its en form twice; keep one"),
        ("      zh: 测试病例", "      zh: [a, b]",
         "case.yaml:6:11: the zh form of title should be text, not a list; write text on the same line as the "
         "language"),
        ("      zh: 测试病例", '      zh: "\\e[2J"',
         "case.yaml:6:11: the zh form of title contains the control character U+001B; remove it: only line "
         "breaks and tabs may appear in text"),
        ("    title:\n      en: A test case\n      zh: 测试病例", "    title: {}",
         "case.yaml:4:12: title is empty; give at least one of: en, zh"),
    ],
)
def test_a_wrong_text_mapping_is_reported_at_its_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = textwrap.dedent(CASE)
    assert old in text
    result = load_folder(tmp_path, {"course.yaml": COURSE, "case.yaml": text.replace(old, new)})
    assert expected in shown(result, tmp_path)


def test_a_mapping_is_refused_where_a_text_is_not_learner_facing(tmp_path: Path) -> None:
    text = textwrap.dedent(CASE).replace("    tags: [cdt]", "    tags: [{en: cdt}]")
    result = load_folder(tmp_path, {"course.yaml": COURSE, "case.yaml": text})
    assert any("tag should be text, not a mapping" in p for p in shown(result, tmp_path))


def test_the_cache_keeps_each_language_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "course"
    folder.mkdir()
    for name, text in {"course.yaml": COURSE, "case.yaml": CASE}.items():
        (folder / name).write_text(text, encoding="utf-8")
    sources = user_sources([str(folder)])
    en = cache.load_cached(sources, "en")
    zh = cache.load_cached(sources, "zh")
    assert en.course.cases["t-case"].title == "A test case"
    assert zh.course.cases["t-case"].title == "测试病例"
    assert len(list((tmp_path / "cache").rglob("course-*.json"))) == 2
    again = cache.load_cached(sources, "zh")  # from the cache this time
    assert again.lang == "zh" and again.course.cases["t-case"].title == "测试病例"


def test_the_schema_accepts_texts_in_both_languages_and_nothing_else(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json_schema()
    case = yaml.safe_load(CASE)
    jsonschema.validate(case, schema)
    case["cases"][0]["title"] = {"fr": "Un cas"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(case, schema)
    assert json.dumps(schema)  # the schema stays plain JSON


CHOICE = """\
format: 2
cases:
  - id: c-case
    title: A choice case
    tags: [cdt]
    steps:
      - id: s1
        text: A patient.
        questions:
          - id: q1
            kind: choice
            prompt: {en: Which is the baseline?, zh: 基础治疗是哪一项？}
            options:
              - text: {en: anticoagulation alone, zh: 单纯抗凝}
                correct: true
              - text: {en: a filter alone, zh: 单纯滤器}
            explanation: "The baseline [@review]."
            cite: [review]
        decision:
          prompt: {en: What now?, zh: 下一步怎么办？}
          choices:
            - id: go
              text: {en: start anticoagulation, zh: 开始抗凝}
              next: s2
              recommended: true
            - id: wait
              text: {en: wait and watch, zh: 观察等待}
              next: s2
      - id: s2
        text: The end.
"""


def test_an_option_may_be_typed_in_either_language_and_its_grading_is_the_same_course(tmp_path: Path) -> None:
    from tutor.grading.grader import Grader

    en = load_folder(tmp_path, {"course.yaml": COURSE, "c.yaml": CHOICE}, "en")
    zh = load_folder(tmp_path, {"course.yaml": COURSE, "c.yaml": CHOICE}, "zh")
    assert en.errors == [] and zh.errors == []
    q_en, q_zh = en.course.question("c-case/q1"), zh.course.question("c-case/q1")
    assert q_en is not None and q_zh is not None
    assert q_zh.options[0].text == "单纯抗凝" and q_zh.options[0].also == ("anticoagulation alone",)
    # reading the course in the other language is not an edit of the question
    assert q_en.graded_hash == q_zh.graded_hash
    grader = Grader(zh.course)
    assert grader.grade(q_zh, "anticoagulation alone").verdict == "correct"
    assert grader.grade(q_zh, "单纯抗凝").verdict == "correct"
    assert grader.grade(q_zh, "a filter alone").verdict != "correct"
    choices = zh.course.cases["c-case"].steps[0].decision
    assert choices is not None and choices.choices[1].also == ("wait and watch",)


def test_export_json_carries_both_languages(tmp_path: Path) -> None:
    from tutor.export import export_languages

    en = load_folder(tmp_path, {"course.yaml": COURSE, "c.yaml": CHOICE}, "en").course
    zh = load_folder(tmp_path, {"course.yaml": COURSE, "c.yaml": CHOICE}, "zh").course
    doc = export_languages({"en": en, "zh": zh})
    assert doc["languages"] == ["en", "zh"]
    case = next(c for c in doc["cases"] if c["id"] == "c-case")
    q = case["steps"][0]["questions"][0]
    assert q["prompt"] == {"en": "Which is the baseline?", "zh": "基础治疗是哪一项？"}
    assert q["options"][0]["text"] == {"en": "anticoagulation alone", "zh": "单纯抗凝"}
    assert q["explanation"] == "The baseline [@review]."  # one language: a plain string
    assert case["steps"][0]["decision"]["choices"][1]["text"] == {"en": "wait and watch", "zh": "观察等待"}
    question = en.question("c-case/q1")
    assert question is not None and q["content_hash"] == question.graded_hash
