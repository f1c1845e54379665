"""`tutor export gift`: the whole built-in course parsed back by a real GIFT grammar (pygiftparserrgmf).

Where that parser reads less than Moodle does, the test says so and checks Moodle's own rule
(qformat_gift in question/format/gift/format.php) instead, never by loosening what it checks:
- it has no rule for an essay's general feedback, `{####...}`, which Moodle's own exporter writes;
  an essay is parsed without it, and its general feedback read by Moodle's rule;
- it reads only whole-number weights (`%50%`), where Moodle also reads `%33.33333%`;
- it leaves answer texts escaped (Moodle unescapes them), and ends a feedback at any = ~ { },
  escaped or not, which is why the export writes those four as character references in feedback.
"""

from __future__ import annotations

import html
import io
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_with
from tutor.course.loader import LoadResult
from tutor.instructor.export_gift import export_gift
from tutor.model import Course, Question, without_marks
from tutor.session import open_course

BUILT_IN = len(open_course().course.questions())
"""The built-in course's questions: every one is exported."""

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "awkward.yaml"
# Moodle's answer-weight pattern in qformat_gift::readquestion
MOODLE_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
ESSAY = re.compile(r"(?s)(.*)\{\n####(.*)\n\}")


def parse(text: str) -> Any:
    from pygiftparser import parser  # the grammar prints its syntax errors: keep them out of the log

    with redirect_stdout(io.StringIO()):
        return parser.parse(text)


def moodle_unescape(text: str) -> str:
    """GIFT's escapes read back as Moodle does (escapedchar_pre, then escapedchar_post): what it stores."""
    text = text.replace("\\\\", "\x00")
    for ch in ":#={}~":
        text = text.replace("\\" + ch, ch)
    return text.replace("\\n", "\n").replace("\x00", "\\")


def read(text: str | None) -> str:
    """A Markdown text as a reader sees it in Moodle: GIFT unescaped, character references shown."""
    return html.unescape(moodle_unescape(text or ""))


def cited(course: Course, text: str) -> str:
    """A course text as a reader should see it: citations as the references' labels."""
    return re.sub(r"\[@([^\]\s]+)\]", lambda m: course.references[m.group(1)].label, text).strip()


def blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.strip()]


def without_essay_feedback(block: str) -> tuple[str, str | None]:
    """An essay block without its general feedback (which this parser cannot read), and that feedback."""
    m = ESSAY.fullmatch(block.strip())
    return (m.group(1) + "{}", m.group(2)) if m else (block, None)


def general_feedback(option_feedback: str | None) -> str:
    """The general feedback, which this parser keeps at the end of the last answer's feedback."""
    fb = option_feedback or ""
    return fb.split("####", 1)[1] if "####" in fb else fb.removeprefix("###")


def expected_text_answers(course: Course, q: Question) -> list[tuple[str, float, str]]:
    """What a short question's answers must be: accepted (full), partial (its credit), misconception (0),
    the first of any text listed twice kept, as Moodle grades by the first answer that matches."""
    out = [(without_marks(a), 1.0, "") for a in q.expectations[0].accept]
    out += [(a, p.credit, cited(course, p.feedback)) for p in q.partial for a in p.accept]
    out += [(a, 0.0, cited(course, m.feedback)) for m in q.misconceptions for a in m.match]
    seen: set[str] = set()
    unique = []
    for a in out:
        if a[0].casefold() not in seen:
            seen.add(a[0].casefold())
            unique.append(a)
    return unique


@pytest.fixture(scope="module")
def exported(builtin: LoadResult) -> tuple[Course, str]:
    done = export_gift(builtin.course)
    assert done.questions == len(builtin.course.questions()) and not done.warnings
    return builtin.course, done.text


@pytest.fixture(scope="module")
def parsed(exported: tuple[Course, str]) -> tuple[Course, dict[str, Any], dict[str, str]]:
    """Every question parsed, one block at a time so a failure names its question."""
    course, text = exported
    questions: dict[str, Any] = {}
    essays: dict[str, str] = {}
    failures = []
    for block in blocks(text):
        if block.startswith("$CATEGORY:"):
            continue
        gid = block.split("\n", 1)[0].removeprefix("// ").split(" ")[0]
        body, essay_feedback = without_essay_feedback(block)
        try:
            result = parse(body)
        except Exception as e:  # the parser raises a bare Exception on a syntax error
            failures.append(f"{gid}: {e}")
            continue
        assert len(result.questions) == 1, gid
        questions[gid] = result.questions[0]
        if essay_feedback is not None:
            essays[gid] = read(essay_feedback)
    assert not failures, failures
    return course, questions, essays


def test_every_question_parses_as_its_kind(parsed: tuple[Course, dict[str, Any], dict[str, str]]) -> None:
    course, questions, essays = parsed
    assert list(questions) == [q.gid for q in course.questions()]
    kinds = {"short": "Short", "numeric": "Numerical", "choice": "MultipleChoiceRadio", "list": "Essay"}
    for q in course.questions():
        p = questions[q.gid]
        assert type(p.answer).__name__ == kinds[q.kind], q.gid
        assert p.name == q.gid
        assert p.text.startswith("[markdown]**"), q.gid  # Moodle's format marker, then the case title
        first_line = cited(course, q.prompt).splitlines()[0]
        assert first_line in read(p.text), q.gid
    assert set(essays) == {q.gid for q in course.questions() if q.kind == "list"}
    assert len(questions) == BUILT_IN


def test_the_whole_file_parses_with_categories(exported: tuple[Course, str]) -> None:
    course, text = exported
    whole = "\n\n".join(without_essay_feedback(b)[0] for b in blocks(text))
    result = parse(whole)
    assert [q.name for q in result.questions] == [q.gid for q in course.questions()]
    for p in result.questions:
        q = course.question(p.name)
        assert q is not None
        case = course.cases[q.case_id]
        assert p.category.startswith("$course$/top/") and p.category.endswith("/" + case.title.replace("/", "//"))


def test_short_answers_and_their_credits_survive(parsed: tuple[Course, dict[str, Any], dict[str, str]]) -> None:
    course, questions, _ = parsed
    partial_seen = 0
    for q in course.questions():
        if q.kind != "short":
            continue
        opts = questions[q.gid].answer.options
        got = [(moodle_unescape(o.text), o.percentage, read(o.feedback)) for o in opts]
        got[-1] = (got[-1][0], got[-1][1], got[-1][2].split("####", 1)[0].removeprefix("###").strip())
        assert got == [(t, c, fb) for t, c, fb in expected_text_answers(course, q)], q.gid
        partial_seen += sum(1 for _, c, _ in got if 0 < c < 1)
    assert partial_seen >= 8  # the shipped partial answers, at 50%
    endo = questions["ac-heavy-iliofemoral/endo-lowers"].answer.options
    assert any(o.text == "并发症" and o.percentage == 1.0 for o in endo)
    assert any(o.text == "血栓后综合征" and o.percentage == 0.5 for o in endo)


def test_choices_survive_with_their_feedback(parsed: tuple[Course, dict[str, Any], dict[str, str]]) -> None:
    course, questions, _ = parsed
    for q in course.questions():
        if q.kind != "choice":
            continue
        opts = questions[q.gid].answer.options
        assert [o.prefix for o in opts] == ["=" if o.correct else "~" for o in q.options]
        assert [read(o.text) for o in opts] == [cited(course, o.text) for o in q.options]
        for got, want in zip(opts, q.options, strict=True):
            assert read(got.feedback).split("####", 1)[0].removeprefix("###").strip() == cited(course, want.feedback)


def test_numeric_keys_survive_with_their_tolerance(parsed: tuple[Course, dict[str, Any], dict[str, str]]) -> None:
    course, questions, _ = parsed
    for q in course.questions():
        if q.kind != "numeric":
            continue
        assert q.numeric is not None
        a = questions[q.gid].answer
        value, margin = a.get_number(), a.get_error_margin()
        assert value - margin == pytest.approx(q.numeric.low - q.numeric.tolerance), q.gid
        assert value + margin == pytest.approx(q.numeric.high + q.numeric.tolerance), q.gid


def test_general_feedback_has_the_explanation_and_references(
        parsed: tuple[Course, dict[str, Any], dict[str, str]]) -> None:
    course, questions, essays = parsed
    for q in course.questions():
        if q.kind == "list":
            fb = essays[q.gid]
            for e in q.expectations:  # the key for grading by hand, every accepted answer of each part
                assert all(without_marks(a) in fb for a in e.accept), (q.gid, e.id)
            assert f"needs {q.need} of these {len(q.expectations)} parts" in fb
        else:
            fb = read(general_feedback(questions[q.gid].answer.options[-1].feedback))
        assert cited(course, q.explanation) in fb, q.gid
        for key in dict.fromkeys([*q.cite, *re.findall(r"\[@([^\]\s]+)\]", q.explanation)]):
            ref = course.references[key]
            assert f"- {ref.label} {ref.authors}" in fb, (q.gid, key)


def test_special_characters_are_escaped_and_read_back(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"awkward.yaml": FIXTURE.read_text(encoding="utf-8")})
    done = export_gift(result.course)
    mine = {b.split("\n", 1)[0].removeprefix("// ").split(" ")[0]: b for b in blocks(done.text)}
    q = parse(mine["awkward/marks"]).questions[0]
    assert "Which characters = trouble? Name {one} # of them: here ~ there" in q.text
    answers = {moodle_unescape(o.text): o for o in q.answer.options}
    for text in ["a = b", "x ~ y", "hash # sign", "colon: here", "{braces}", "back\\slash", "抗凝", "urokinase dose"]:
        assert answers[text].percentage == 1.0, text
    assert "star \\*" in answers  # Moodle's short-answer wildcard, escaped
    # a feedback with every special character reads back whole, its HTML shown as text, never run
    wrong = answers["wrong one"].feedback
    assert "&lt;script>" in moodle_unescape(wrong) and "<script>" not in moodle_unescape(wrong)
    assert read(wrong).split(" ####")[0] == "Not this: see [1] and <script>alert(1)</script>."
    # a decimal weight, which this parser leaves in the text and Moodle reads
    third = next(o for o in q.answer.options if "third" in o.text)
    weight = MOODLE_WEIGHT.match(third.text)
    assert weight and float(f"{weight.group(1)}.{weight.group(2)}") == 33.33333
    assert read(third.feedback) == "A third = 1/3 ~ roughly {0.33} # see [review]"
    # the question text, names and category lines keep Moodle's reading too
    assert "::awkward/marks::[markdown]**Awkward text\\: braces \\{x\\}, a / slash**" in mine["awkward/marks"]
    assert any(b.startswith("$CATEGORY: ") and b.endswith("/Awkward text: braces {x}, a // slash")
               for b in blocks(done.text))
    pick = parse(mine["awkward/pick"]).questions[0].answer.options
    assert [(o.prefix, moodle_unescape(o.text)) for o in pick] == [("=", "Yes = right"), ("~", "No ~ wrong"), ("~", "Maybe")]
    assert read(pick[1].feedback) == "Wrong {really} # [review]"
    rng = parse(mine["awkward/range"]).questions[0].answer
    assert (rng.get_number(), rng.get_error_margin()) == (22.5, 8.5)
