"""`tutor export moodle-xml`: the whole built-in course read back as Moodle's XML format documents it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.course.loader import LoadResult
from tutor.instructor.export_common import snap_credit
from tutor.instructor.export_moodle import export_moodle_xml
from tutor.model import Course, without_marks
from tutor.session import open_course

BUILT_IN = len(open_course().course.questions())
"""The built-in course's questions: every one is exported."""
BUILT_IN_NUMERIC = sum(q.kind == "numeric" for q in open_course().course.questions())

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "awkward.yaml"

# The grades Moodle's importer accepts, in percent, as its question bank lists them
# (question_bank::fraction_options_full): anything else and it refuses the question.
MOODLE_PERCENTS = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                   14.28571, 12.5, 11.11111, 10, 5, 0]
ACCEPTED = MOODLE_PERCENTS + [-p for p in MOODLE_PERCENTS if p]
KINDS = {"short": "shortanswer", "numeric": "numerical", "choice": "multichoice", "list": "essay"}
TEXT_FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}


def cited(course: Course, text: str) -> str:
    """A text as the export should show it: `[@key]` as the reference's label, HTML shown as text."""
    text = re.sub(r"\[@([^\]\s]+)\]", lambda m: course.references[m.group(1)].label, text).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;")


@pytest.fixture(scope="module")
def whole(builtin: LoadResult) -> tuple[Course, ET.Element]:
    done = export_moodle_xml(builtin.course)
    assert done.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return builtin.course, ET.fromstring(done.text)


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, ET.Element, list[str]]:
    folder = tmp_path_factory.mktemp("awkward")
    result = load_with(folder, {"awkward.yaml": FIXTURE.read_text(encoding="utf-8")})
    assert not result.errors
    done = export_moodle_xml(result.course)
    return result.course, ET.fromstring(done.text), [str(w) for w in done.warnings]


def by_name(root: ET.Element) -> dict[str, ET.Element]:
    named: dict[str, ET.Element] = {}
    for q in root.findall("question"):
        if q.get("type") != "category":
            name = q.findtext("name/text")
            assert name is not None, ET.tostring(q)
            named[name] = q
    return named


def answers(el: ET.Element) -> list[tuple[str, float, str]]:
    return [(a.findtext("text") or "", float(a.get("fraction", "x")), a.findtext("feedback/text") or "")
            for a in el.findall("answer")]


def test_every_question_is_there_with_moodles_structure(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    assert root.tag == "quiz"
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert [q.findtext("name/text") for q in questions] == [q.gid for q in course.questions()]
    for el, q in zip(questions, course.questions(), strict=True):
        assert el.get("type") == KINDS[q.kind]
        assert el.findtext("idnumber") == q.gid
        for field in ("questiontext", "generalfeedback"):
            part = el.find(field)
            assert part is not None and part.get("format") == "markdown", (q.gid, field)
            assert (part.findtext("text") or "").strip(), (q.gid, field)
        for a in el.findall("answer"):
            assert a.find("text") is not None and a.get("format") in TEXT_FORMATS
            feedback = a.find("feedback")
            assert feedback is not None and feedback.get("format") in TEXT_FORMATS


def test_every_grade_is_one_moodle_accepts(whole: tuple[Course, ET.Element]) -> None:
    _, root = whole
    fractions = [float(a.get("fraction", "nan")) for a in root.iter("answer")]
    assert len(fractions) > 500
    # Moodle's own test: within 0.00001 of a listed fraction (match_grade_options, 'error' mode)
    assert all(any(abs(f / 100 - p / 100) < 0.00001 for p in ACCEPTED) for f in fractions)
    assert 50.0 in fractions  # the shipped partial credits (0.5) travel as partial grades


def test_short_answers_carry_accepted_partial_and_misconception_answers(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    for q in course.questions():
        if q.kind != "short":
            continue
        got = answers(els[q.gid])
        assert els[q.gid].findtext("usecase") == "0"
        full = {t for t, f, _ in got if f == 100}
        assert {without_marks(a) for a in q.expectations[0].accept} <= full, q.gid
        for p in q.partial:
            for a in p.accept:
                assert (a, p.credit * 100, cited(course, p.feedback)) in got, (q.gid, a)
        for m in q.misconceptions:
            for a in m.match:
                hits = [g for g in got if g[0].casefold() == a.casefold()]
                assert hits and hits[0][1] in (0.0, 100.0, 50.0), (q.gid, a)
    endo = answers(els["ac-heavy-iliofemoral/endo-lowers"])
    assert ("并发症", 100.0, "") in endo
    assert ("血栓后综合征", 50.0, "PTS is one such complication; the review's general claim is broader: "
            "a lower rate of complications overall.") in endo
    cost = next(a for a in endo if a[0] == "cost")
    assert cost[1] == 0 and "[@" not in cost[2] and "cheaper than mechanical thrombectomy [" in cost[2]


def test_numeric_questions_are_numerical_with_tolerance(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    numeric = [q for q in course.questions() if q.kind == "numeric"]
    assert len(numeric) == BUILT_IN_NUMERIC
    for q in numeric:
        assert q.numeric is not None
        first = els[q.gid].find("answer")
        assert first is not None and first.get("fraction") == "100"
        value, tol = float(first.findtext("text") or "nan"), float(first.findtext("tolerance") or "nan")
        # Moodle accepts value ± tolerance: exactly the key's range, widened by its tolerance
        assert value - tol == pytest.approx(q.numeric.low - q.numeric.tolerance)
        assert value + tol == pytest.approx(q.numeric.high + q.numeric.tolerance)
    ten = answers(els["basics-burden/ten-million"])
    assert ten[0][:2] == ("10", 100.0)
    assert "(Give one number, in million.)" in (els["basics-burden/ten-million"].findtext("questiontext/text") or "")


def test_choice_questions_are_single_answer_multichoice_with_option_feedback(
        whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    for q in course.questions():
        if q.kind != "choice":
            continue
        el = els[q.gid]
        assert el.findtext("single") == "true"
        got = answers(el)
        assert [t for t, _, _ in got] == [cited(course, o.text) for o in q.options]
        assert [f for _, f, _ in got] == [100.0 if o.correct else 0.0 for o in q.options]
        assert [fb for _, _, fb in got] == [cited(course, o.feedback) for o in q.options]


def test_list_questions_are_essays_with_the_key_for_the_grader(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    lists = [q for q in course.questions() if q.kind == "list"]
    assert lists  # as many as the course has: each is checked below
    for q in lists:
        info = els[q.gid].findtext("graderinfo/text") or ""
        assert f"needs {q.need} of these {len(q.expectations)} parts" in info
        for e in q.expectations:
            assert all(without_marks(a) in info for a in e.accept), (q.gid, e.id)
        assert els[q.gid].find("answer") is None


def test_general_feedback_has_the_explanation_and_full_reference_lines(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    for q in course.questions():
        fb = els[q.gid].findtext("generalfeedback/text") or ""
        assert cited(course, q.explanation) in fb
        assert "[@" not in fb
        # every source the question cites anywhere (its list, its texts, its answers' feedback) is listed in full
        texts = [q.explanation, *(m.feedback for m in q.misconceptions), *(o.feedback for o in q.options),
                 *(p.feedback for p in q.partial), *(n.text for n in q.notes)]
        keys = {*q.cite, *(k for m in q.misconceptions for k in m.cite), *(k for n in q.notes for k in n.cite),
                *(k for t in texts for k in re.findall(r"\[@([^\]\s]+)\]", t))}
        assert keys
        for key in keys:
            ref = course.references[key]
            assert f"- {ref.label} {ref.authors}" in fb and ref.title in fb, (q.gid, key)
    burden = els["basics-burden/ten-million"].findtext("generalfeedback/text") or ""
    assert "- [1] Khan, F., Tritschler, T., Kahn, S.R. and Rodger, M.A. (2021) Venous Thromboembolism." in burden
    assert "https://doi.org/10.1016/s0140-6736(20)32658-1" in burden


def test_notes_travel_marked_in_the_general_feedback(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    els = by_name(root)
    noted = [q for q in course.questions() if q.notes]
    assert noted
    for q in noted:
        fb = els[q.gid].findtext("generalfeedback/text") or ""
        assert all(cited(course, n.text) in fb for n in q.notes), q.gid


def test_categories_follow_topic_and_case_and_questions_carry_tags(whole: tuple[Course, ET.Element]) -> None:
    course, root = whole
    current = ""
    seen_cases: set[str] = set()
    for el in root.findall("question"):
        if el.get("type") == "category":
            current = el.findtext("category/text") or ""
            assert current.startswith("$course$/top/")
            continue
        q = course.question(el.findtext("name/text") or "")
        assert q is not None
        case = course.cases[q.case_id]
        topic = course.tags[course.topic(case)].label
        assert course.info is not None
        assert current == f"$course$/top/{course.info.title}/{topic}/{case.title.replace('/', '//')}"
        assert [t.text for t in el.findall("tags/tag/text")] == list(dict.fromkeys([*case.tags, *q.tags]))
        seen_cases.add(case.id)
    assert seen_cases == set(course.cases)


def test_xml_special_characters_and_markup_survive_as_text(awkward: tuple[Course, ET.Element, list[str]]) -> None:
    course, root, _ = awkward
    els = by_name(root)
    marks = els["awkward/marks"]
    text = marks.findtext("questiontext/text") or ""
    assert "Which characters = trouble? Name {one} # of them: here ~ there" in text
    # HTML in a course file is text, in Moodle as in the tutor: escaped for Moodle's Markdown
    assert '"D-dimer > 500 &amp; rising" ~ today' in text and "&lt;b>bold&lt;/b>" in text
    got = {t: (f, fb) for t, f, fb in answers(marks)}
    assert "back\\slash" in got and "{braces}" in got and "抗凝" in got
    assert "star \\*" in got  # Moodle's wildcard, escaped
    assert "urokinase dose" in got  # grading marks are the tutor's, not Moodle's
    assert got["wrong one"] == (0.0, "Not this: see [1] and &lt;script>alert(1)&lt;/script>.")
    categories = [c.text or "" for c in root.findall("question/category/text")]
    assert any(c.endswith("/Catheter-directed thrombolysis/Awkward text: braces {x}, a // slash") for c in categories)


def test_partial_credits_are_snapped_to_moodles_grades_and_reported(
        awkward: tuple[Course, ET.Element, list[str]]) -> None:
    _, root, warnings = awkward
    got = {t: f for t, f, _ in answers(by_name(root)["awkward/marks"])}
    assert got["third"] == 33.33333
    assert got["almost half"] == 40.0  # a tie goes to the lower grade, never more credit
    assert any(re.search(r"awkward\.yaml:\d+:\d+: partial credit 0\.33 exported as 33\.33333%", w) for w in warnings)
    assert any("partial credit 0.45 exported as 40%" in w for w in warnings)


def test_a_range_key_is_midpoint_and_half_width(awkward: tuple[Course, ET.Element, list[str]]) -> None:
    _, root, _ = awkward
    el = by_name(root)["awkward/range"]
    assert (el.findtext("answer/text"), el.findtext("answer/tolerance")) == ("22.5", "8.5")
    assert "(Give one number, in days.)" in (el.findtext("questiontext/text") or "")


@pytest.mark.parametrize(("credit", "grade"), [
    (0.5, 0.5), (1 / 3, 0.3333333), (0.34, 0.3333333), (0.14, 0.1428571), (0.45, 0.4), (0.99, 1.0),
    (0.02, 0.0), (0.026, 0.05), (0.125, 0.125), (-0.5, -0.5), (-0.33, -0.3333333),
])
def test_snap_credit(credit: float, grade: float) -> None:
    assert snap_credit(credit) == grade
