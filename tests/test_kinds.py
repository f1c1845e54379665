"""Question kinds as plug-ins: the registry is complete, is the only authority on kinds, and a
new kind is one definition that the loader, the grader and the engine take up unchanged."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_with
from tutor import kinds
from tutor.course.loader import LoadResult
from tutor.course.shape import Data
from tutor.engine import replies as r
from tutor.engine.engine import Engine
from tutor.export import export_json
from tutor.fields import Bool, F
from tutor.grading import Grader
from tutor.kinds import KINDS, Kind, Parts, choice, kind_of
from tutor.model import Option, Question

ROOT = Path(__file__).resolve().parents[1]


# -- the shipped kinds --

@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_complete(name: str) -> None:
    kind = KINDS[name]
    for f in dataclasses.fields(Kind):
        assert f.name == "compile" or getattr(kind, f.name) is not None, f"{name}: {f.name} is missing"
    assert kind.name == name
    assert kind.doc.strip(), f"{name}: no doc for authors"
    assert kind.fields, f"{name}: declares no fields of its own"
    assert all(f.spec is not None for f in kind.fields.values())
    for attr in ("convert", "grade", "covered", "export", "need", "shows", "check"):
        assert callable(getattr(kind, attr)), f"{name}: {attr} is not callable"
    for attr in ("by_parts", "list_mode", "numbers", "picks_option"):
        assert isinstance(getattr(kind, attr), bool), f"{name}: {attr} is not a flag"


def test_the_shipped_kinds_and_what_each_declares() -> None:
    assert list(KINDS) == ["short", "list", "numeric", "choice"]
    assert {n for n, k in KINDS.items() if k.by_parts} == {"short", "list"}
    assert {n for n, k in KINDS.items() if k.list_mode} == {"list"}
    assert {n for n, k in KINDS.items() if k.numbers} == {"numeric"}
    assert {n for n, k in KINDS.items() if k.picks_option} == {"choice"}


def test_every_shipped_question_has_a_registered_kind(builtin: LoadResult) -> None:
    questions = [q for c in builtin.course.cases.values() for q in c.questions]
    assert len(questions) > 50
    seen = {q.kind for q in questions}
    assert seen <= set(KINDS)
    assert seen == set(KINDS), f"a shipped kind no question uses: {set(KINDS) - seen}"
    for q in questions:
        assert kind_of(q).name == q.kind


def test_the_format_reads_its_question_kinds_from_the_registry() -> None:
    from tutor.course.spec import QUESTION, json_schema
    from tutor.fields import Enum

    kind = QUESTION.fields["kind"].spec
    assert isinstance(kind, Enum) and list(kind.values) == list(KINDS)
    assert dict(QUESTION.variants) == {n: k.fields for n, k in KINDS.items()}
    schema = json_schema()
    assert schema["$defs"]["question"]["properties"]["kind"]["enum"] == list(KINDS)


def test_what_each_kind_shows_with_its_question(builtin: LoadResult) -> None:
    by_kind: dict[str, Question] = {}
    for c in builtin.course.cases.values():
        for q in c.questions:
            by_kind.setdefault(q.kind, q)
    lst, pick = by_kind["list"], by_kind["choice"]
    assert kind_of(lst).shows(lst) == kinds.Shown(need=lst.need)
    assert kind_of(pick).shows(pick).options == tuple((o.letter, o.text) for o in pick.options)
    assert kind_of(pick).shows(pick).need == 0
    for name in ("short", "numeric"):
        assert kind_of(by_kind[name]).shows(by_kind[name]) == kinds.Shown()


def test_an_unregistered_kind_is_a_clear_error_not_a_fall_through() -> None:
    q = Question(id="q", case_id="c", kind="essay", prompt="p", explanation="e", cite=("review",))
    with pytest.raises(kinds.UnknownKind) as caught:
        kind_of(q)
    assert str(caught.value) == "unknown question kind 'essay'; known kinds: short, list, numeric, choice"
    from tutor.grading.compiled import CompiledQuestion
    from tutor.grading.glossary import GlossaryIndex

    with pytest.raises(kinds.UnknownKind):
        CompiledQuestion.build(q, GlossaryIndex.build([]))


def test_a_kind_name_cannot_be_taken_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        kinds.register(dataclasses.replace(KINDS["short"]))


def test_an_unknown_kind_is_rejected_by_validation_at_its_line(tmp_path: Path) -> None:
    text = CASE.replace("kind: truefalse", "kind: essay").replace("            answer: true\n", "")
    result = load_with(tmp_path, {"mine.yaml": text})
    mine = [str(p) for p in result.problems if "mine.yaml" in p.loc.path]
    line = text.splitlines().index("            kind: essay") + 1
    assert mine == [f"{tmp_path / 'mine.yaml'}:{line}:19: kind 'essay' is not one of the allowed values; "
                    "one of: short, list, numeric, choice"]
    assert "essay" not in {q.kind for c in result.course.cases.values() for q in c.questions}


def test_the_kinds_need_no_grader_and_no_textual_to_load() -> None:
    code = ("import sys\nimport tutor.kinds, tutor.course.spec, tutor.course.convert\n"
            "print(sorted(m for m in sys.modules if m.startswith(('textual', 'rapidfuzz', 'tutor.grading', "
            "'tutor.engine'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# -- a new kind is one definition --

def _truefalse(d: Data, c: Any) -> Parts:
    """A statement, true or false: a choice between two fixed options."""
    right = bool(d["answer"])
    return Parts(options=(
        Option("A", "True", correct=right, loc=c.loc(d, "answer")),
        Option("B", "False", correct=not right, loc=c.loc(d, "answer")),
    ))


TRUEFALSE = Kind(
    name="truefalse",
    doc="A statement the learner marks true or false.",
    declare=lambda: {"answer": F(Bool(), True, "Whether the statement is true.")},
    convert=_truefalse,
    grade=choice.grade,
    covered=choice.covered,
    export=lambda q: {"answer": q.options[0].correct},
    picks_option=True,
    shows=choice.shows,
)

CASE = """\
format: 1
cases:
  - id: tf-case
    title: A statement to judge
    tags: [ivcf, acute, indications]
    steps:
      - id: only
        text: A patient with an acute proximal DVT and a recent brain bleed.
        questions:
          - id: filter-statement
            kind: truefalse
            prompt: "True or false: a retrievable filter is an option while anticoagulation is forbidden."
            answer: true
            explanation: When anticoagulation cannot be given, a filter may protect the lungs for a time [@gao2024].
            cite: [gao2024]
            examples:
              accept: ["true", "a"]
              reject: ["false"]
        end: true
"""


@pytest.fixture
def truefalse() -> Iterator[Kind]:
    kinds.register(TRUEFALSE)
    try:
        yield TRUEFALSE
    finally:
        kinds.unregister("truefalse")
    assert "truefalse" not in KINDS


def test_a_new_kind_runs_end_to_end(tmp_path: Path, truefalse: Kind) -> None:
    result = load_with(tmp_path, {"mine.yaml": CASE})
    assert [str(p) for p in result.problems if "mine.yaml" in p.loc.path] == []
    course = result.course
    q = next(q for q in course.cases["tf-case"].questions)
    assert q.kind == "truefalse" and kind_of(q) is truefalse
    assert [(o.letter, o.text, o.correct) for o in q.options] == [("A", "True", True), ("B", "False", False)]
    assert q.answer_label == "A. True"

    grader = Grader(course)
    assert grader.grade(q, "true").verdict == "correct"
    assert grader.grade(q, "B").verdict == "incorrect"
    assert grader.grade(q, "a").option is q.options[0]

    exported = next(x for c in export_json(course)["cases"] if c["id"] == "tf-case"
                    for s in c["steps"] for x in s["questions"])
    assert exported["kind"] == "truefalse" and exported["answer"] is True

    engine = Engine.for_questions(course, grader, [q.gid], title="True or false")
    asked = [x for x in engine.start(0.0) if isinstance(x, r.Ask)]
    assert [(a.gid, a.kind, a.options, a.need) for a in asked] == [
        (q.gid, "truefalse", (("A", "True"), ("B", "False")), 0)]
    # An answer naming neither option is asked again, as for any kind that picks an option.
    again = engine.handle("perhaps", 1.0)
    assert not [x for x in again if isinstance(x, r.Graded)]
    replies = engine.handle("false", 2.0)
    graded = [x for x in replies if isinstance(x, r.Graded)]
    assert [(g.gid, g.verdict) for g in graded] == [(q.gid, "incorrect")]
    # The dialogue has one part, the answer: answering it right closes the question.
    while not any(isinstance(x, r.Explanation) for x in replies):
        replies = engine.handle("true", 3.0)
    assert engine.state.records[-1].gid == q.gid
    assert engine.state.records[-1].verdict == "incorrect"


def test_a_new_kinds_fields_are_checked_like_any_other(tmp_path: Path, truefalse: Kind) -> None:
    text = CASE.replace("            answer: true\n", "            answer: maybe\n            options: []\n")
    result = load_with(tmp_path, {"mine.yaml": text})
    mine = [p.message for p in result.problems if "mine.yaml" in p.loc.path]
    assert "field 'options' does not belong in a truefalse question" in mine
    assert any("answer" in m and "true or false" in str(p) for p in result.problems
               if "mine.yaml" in p.loc.path for m in [p.message])
