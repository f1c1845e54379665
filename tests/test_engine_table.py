"""The redesigned engine: its table is complete, and the exam, flag, progress and summary bugs
it was built to fix stay fixed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import test_engine as te
from tests.test_engine import engine_for, first, to_decision, to_list_question
from tutor.course.loader import LoadResult
from tutor.engine import replies as r
from tutor.engine import table
from tutor.engine.engine import Engine
from tutor.engine.moves import MoveKind
from tutor.engine.state import Phase
from tutor.grading import Grader
from tutor.model import Mode
from tutor.texts import catalogue, msg, say

ROOT = Path(__file__).resolve().parents[1]
loaded = te.loaded  # the worked example's course and grader, shared with the engine's own tests
grader = te.grader


def notices(replies: list[r.Reply]) -> list[str]:
    return [x.msg.key for x in replies if isinstance(x, r.Notice)]


@pytest.mark.parametrize("mode", list(Mode))
def test_every_phase_the_learner_types_in_answers_every_move(mode: Mode) -> None:
    missing = [(p, k) for p in table.LIVE for k in MoveKind if table.row(mode, p, k) is None]
    assert not missing


def test_a_handler_leading_to_an_undeclared_phase_is_caught(loaded: LoadResult, grader: Grader,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    bad = table.Row(lambda *_: Phase.DECISION, frozenset({Phase.QUESTION}))
    monkeypatch.setitem(table.TABLES[Mode.TUTOR], (Phase.QUESTION, MoveKind.HINT), bad)
    with pytest.raises(AssertionError):
        e.handle("hint", 1)


def test_every_message_key_the_code_uses_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in (ROOT / "tutor").rglob("*.py"):
        used |= set(re.findall(r"\bmsg\(\s*[\"']([a-z_]+\.[a-z_.]+|help)[\"']", path.read_text(encoding="utf-8")))
    used |= {f"verdict.{v}" for v in ("correct", "partial", "incorrect", "unclear")}
    used |= {f"mode.{m}" for m in Mode}
    assert len(used) > 60
    assert not sorted(used - set(catalogue("en")))


def test_exam_glossary_is_closed_whatever_the_term(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam")
    e.start(100)
    in_answer = e.handle("what is anticoagulation?", 101)
    elsewhere = e.handle("what is PTS?", 102)
    # The same reply for a term in the answer and one that is not: nothing is given away
    assert in_answer == elsewhere == [r.Notice(msg("exam.glossary_closed"))]


def test_looking_up_the_answer_in_tutor_mode_counts_as_a_hint(loaded: LoadResult, grader: Grader) -> None:
    course = loaded.course
    found = next(
        (q, term) for q in course.questions() if q.kind in ("short", "list") and q.case_id not in course.rejected
        for term in course.glossary.values()
        if {n.casefold() for n in term.names} & {a.casefold() for x in q.expectations for a in x.accept}
    )
    q, term = found
    e = Engine.for_questions(course, grader, [q.gid], title="t")
    e.start(0)
    out = e.handle(f"what is {term.term}?", 1)
    assert "lookup.counts_as_hint" in notices(out) and first(out, r.Definition)
    e.handle(q.expectations[0].accept[0], 2)
    assert e.state.records[-1].hints_before == 1


def test_a_decision_cannot_be_skipped_and_exam_mode_says_so(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam")
    e.start(100)
    e.handle("anticoagulation", 101)
    assert e.state.phase == Phase.DECISION
    assert notices(e.handle("skip", 102)) == ["decision.cannot_skip"]
    assert notices(e.handle("hint", 103)) == ["exam.no_hints"]
    assert e.state.phase == Phase.DECISION and not e.state.choices


def _choice_question(loaded: LoadResult) -> str:
    return next(q.gid for q in loaded.course.questions()
                if q.kind == "choice" and q.case_id not in loaded.course.rejected)


@pytest.mark.parametrize("mode", list(Mode))
def test_an_answer_naming_no_option_is_not_recorded(loaded: LoadResult, grader: Grader, mode: Mode) -> None:
    gid = _choice_question(loaded)
    e = Engine.for_questions(loaded.course, grader, [gid], title="t", mode=mode)
    e.start(0)
    out = e.handle("purple elephants", 1)
    assert not e.state.records and e.state.phase == Phase.QUESTION
    assert [k for k in notices(out) if k.startswith("choice.pick_one")]
    q = loaded.course.question(gid)
    assert q is not None
    e.handle(q.options[0].letter, 2)
    assert len(e.state.records) == 1


def test_skipped_questions_are_not_counted_as_answered(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    e.handle("skip", 1)
    s = e.summary()
    assert len(e.state.records) == 1 and s.answered == 0 and s.skipped == 1


def test_finish_ends_an_exam_early_with_its_summary(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam")
    e.start(100)
    e.handle("anticoagulation", 101)
    out = e.handle("/finish", 102)
    summary = first(out, r.Summary)
    assert isinstance(summary, r.Summary) and summary.finished_early and isinstance(out[-1], r.Ended)
    assert summary.total > summary.answered == 1 and e.done
    assert "finished early" in say(msg("summary.finished_early"))


def test_flag_reports_on_the_question_whose_explanation_is_on_screen(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    out = e.handle("contraindication to anticoagulation and failed anticoagulation", 3)
    explained = first(out, r.Explanation)
    assert isinstance(out[-1], r.Ask) and out[-1].gid != explained.gid
    e.handle("/flag the second part is worded oddly", 4)
    assert e.state.flags[-1]["gid"] == explained.gid
    # Before any answer the learner's first flag is about what they read; a new answer moves it on
    e.handle("what is PTS?", 5)
    assert e.state.explained == explained.gid
    e.handle("b", 6)
    assert e.state.records[-1].gid == out[-1].gid


def test_progress_is_said_after_a_decision(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_decision(e)
    out = e.handle("a", 2)
    kinds = [type(x).__name__ for x in out]
    assert "Consequence" in kinds and "Progress" in kinds[kinds.index("Consequence"):]


def test_a_decision_that_changes_the_path_says_so(loaded: LoadResult, grader: Grader) -> None:
    """Every choice of every decision in the built-in course: when the questions ahead change, the
    tutor says so and the progress total follows; otherwise it says nothing."""
    seen_change = False
    for case in loaded.course.cases.values():
        if case.id in loaded.course.rejected:
            continue
        for step in case.steps:
            if step.decision is None:
                continue
            for choice in step.decision.choices:
                e = Engine.replay(loaded.course, grader, case.id, step.id)
                e.start(0)
                before = e.planned_total()
                out = e.handle(choice.letter, 1)
                changed = [x for x in out if isinstance(x, r.Notice) and x.msg.key == "path.changed"]
                progress = [x for x in out if isinstance(x, r.Progress)]
                assert progress
                if changed:
                    seen_change = True
                    assert dict(changed[0].msg.args) == {"before": before, "after": progress[0].total}
                else:
                    assert progress[0].total == before
    assert seen_change
