"""The turn engine, driven as both faces drive it, on the worked example case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import pytest

from tutor.course.loader import LoadResult, load
from tutor.course.resources import builtin_sources, user_sources
from tutor.engine import replies as r
from tutor.engine.engine import Engine
from tutor.engine.state import SessionState
from tutor.grading import Grader
from tutor.texts import msg, say

ROOT = Path(__file__).resolve().parents[1]
QUIZ = """\
format: 1
quizzes:
  - id: example
    title: Worked example
    select: {cases: [example-filter-bleed]}
  - id: example-exam
    title: Worked example, exam
    select: {cases: [example-filter-bleed]}
    mode: exam
    mode_locked: true
    time_limit: 10
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadResult:
    folder = tmp_path_factory.mktemp("quiz")
    (folder / "quiz.yaml").write_text(QUIZ, encoding="utf-8")
    result = load(builtin_sources() + user_sources([str(ROOT / "examples"), str(folder)]))
    assert not [p for p in result.errors if "examples" in p.loc.path or "quiz" in p.loc.path]
    return result


@pytest.fixture(scope="module")
def grader(loaded: LoadResult) -> Grader:
    return Grader(loaded.course)


def engine_for(loaded: LoadResult, grader: Grader, quiz: str = "example", mode: str | None = None) -> Engine:
    return Engine.for_quiz(loaded.course, grader, loaded.course.quizzes[quiz], mode=mode)


R = TypeVar("R")


def kinds(replies: list[r.Reply]) -> list[str]:
    return [type(x).__name__ for x in replies]


def first(replies: list[r.Reply], cls: type[R]) -> R:
    found = [x for x in replies if isinstance(x, cls)]
    assert found, f"no {cls.__name__} in {kinds(replies)}"
    return found[0]


def moves(replies: list[r.Reply]) -> list[str]:
    return [x.move for x in replies if isinstance(x, r.Tutor)]


def to_decision(e: Engine) -> None:
    e.start(0)
    out = e.handle("anticoagulation", 1)
    assert isinstance(out[-1], r.DecisionAsk)


def to_list_question(e: Engine) -> None:
    to_decision(e)
    out = e.handle("a", 2)
    ask = out[-1]
    assert isinstance(ask, r.Ask) and ask.gid == "example-filter-bleed/why-filter"


def test_start_shows_case_vignette_and_first_question(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    out = e.start(0)
    assert kinds(out)[:2] == ["CaseStart", "StepText"]
    ask = out[-1]
    assert isinstance(ask, r.Ask) and ask.gid == "example-filter-bleed/baseline"
    assert ask.number == 1 and ask.total == 3


def test_correct_answer_gets_verdict_and_cited_explanation(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    out = e.handle("anticoagulaton", 5)  # one typo
    verdict = first(out, r.Graded)
    assert isinstance(verdict, r.Graded) and verdict.verdict == "correct" and verdict.credit == 1
    expl = first(out, r.Explanation)
    assert isinstance(expl, r.Explanation)
    assert [ref.key for ref in expl.citations] == ["review", "pikovsky2018"]
    assert e.state.records[0].seconds == 5


def test_misconception_feedback_then_ladder(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    out = e.handle("thrombolysis", 1)
    verdict = first(out, r.Graded)
    assert isinstance(verdict, r.Graded) and verdict.verdict == "incorrect"
    assert any("add-on" in f for f in verdict.feedback)
    assert [ref.key for ref in verdict.citations] == ["goldhaber2021"]
    assert moves(out) == ["hint"]  # a single expectation: no pump, straight to its hint
    # a misconception named again during the dialogue is corrected at once
    out = e.handle("lysis", 2)
    assert moves(out)[0] == "correction"
    assert e.state.records[0].misconceptions == ["lysis-first"]


def test_ladder_hint_prompt_assertion_then_summary(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    e.handle("warfarin dose", 1)
    assert e.state.phase == "dialogue"
    out = e.handle("no idea at all", 2)
    assert moves(out)[-1] == "prompt"
    out = e.handle("still nothing", 3)
    assert "assertion" in moves(out)
    expl = first(out, r.Explanation)
    assert isinstance(expl, r.Explanation) and expl.answer.startswith("anticoagulation")
    assert e.state.records[0].credit == 0 and e.state.records[0].moves == ["hint", "prompt", "assertion"]
    assert isinstance(out[-1], r.DecisionAsk)


def test_prompt_answer_covers_the_expectation(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    e.handle("warfarin dose", 1)
    e.handle("hmm", 2)  # -> prompt: what kind of drug are they?
    out = e.handle("anticoagulants", 3)
    assert moves(out)[0] == "acknowledge"
    rec = e.state.records[0]
    assert rec.credit == 0 and rec.coverage == 1  # first answer's credit kept apart from coverage


def test_list_question_pump_then_hint_then_assertion(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    out = e.handle("contraindication to anticoagulation", 3)
    verdict = first(out, r.Graded)
    assert isinstance(verdict, r.Graded) and verdict.verdict == "partial" and verdict.credit == 0.5
    assert moves(out) == ["pump"]
    out = e.handle("not sure what else", 4)
    assert moves(out)[-1] == "hint"
    out = e.handle("pass it", 5)
    assert "assertion" in moves(out)
    expl = first(out, r.Explanation)
    assert isinstance(expl, r.Explanation)
    # the summary names every group, found or not
    assert dict(expl.parts) == {
        "contraindication to anticoagulation": True, "anticoagulation failure": False, "free-floating thrombus": False,
    }


def test_coverage_accumulates_over_turns(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    out = e.handle("pregnancy", 3)
    assert first(out, r.Graded).verdict == "incorrect"
    assert moves(out)[-1] == "hint"
    out = e.handle("failed anticoagulation", 4)
    assert moves(out)[:2] == ["acknowledge", "pump"]
    out = e.handle("a contraindication to anticoagulation", 5)
    assert moves(out) == ["acknowledge"]
    rec = e.state.records[-1]
    assert rec.credit == 0 and rec.coverage == 1
    assert isinstance(out[-1], r.Ask)


def test_skip_in_dialogue_closes_with_the_answer(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    e.handle("floating thrombus", 3)
    out = e.handle("skip", 4)
    assert isinstance(first(out, r.Explanation), r.Explanation)
    assert e.state.records[-1].moves[-1] == "skip"


def test_harmful_choice_leads_to_teaching_branch_and_back(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_decision(e)
    out = e.handle("start full-dose anticoagulation anyway", 2)
    cons = first(out, r.Consequence)
    assert isinstance(cons, r.Consequence) and not cons.recommended
    teaching = first(out, r.StepText)
    assert isinstance(teaching, r.StepText) and teaching.teaching
    assert isinstance(out[-1], r.DecisionAsk)  # returned to the decision
    out = e.handle("B", 3)
    assert isinstance(out[-1], r.DecisionAsk)
    out = e.handle("a", 4)
    cons = first(out, r.Consequence)
    assert isinstance(cons, r.Consequence) and cons.recommended
    assert [c.choice_id for c in e.state.choices] == ["anticoagulate", "anticoagulate", "filter"]


def test_summary_shows_path_beside_recommended(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_decision(e)
    e.handle("b", 2)
    e.handle("a", 3)
    e.handle("contraindication to anticoagulation and anticoagulation failure", 4)
    out = e.handle("a", 5)
    summary = first(out, r.Summary)
    assert isinstance(summary, r.Summary)
    assert [(p.chosen, p.recommended, p.followed_recommendation) for p in summary.path] == [
        ("anticoagulate", "filter", False), ("filter", "filter", True),
    ]
    assert summary.path[0].chosen_text == "Start full-dose anticoagulation anyway"
    assert summary.path[0].recommended_text == "Place an inferior vena cava filter now"
    assert summary.answered == 3 and summary.score == 100.0 and summary.passed
    assert isinstance(out[-1], r.Ended) and e.done


def test_replay_from_decision(loaded: LoadResult, grader: Grader) -> None:
    e = Engine.replay(loaded.course, grader, "example-filter-bleed", "choose")
    out = e.start(0)
    assert isinstance(out[-1], r.DecisionAsk)
    assert any(isinstance(x, r.StepText) and "neurosurgical" in x.markdown for x in out)  # the story so far
    out = e.handle("a", 1)
    assert first(out, r.Consequence).recommended


def test_exam_mode_gives_no_feedback_but_follows_branches(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam", mode="tutor")  # locked: the mode cannot be switched
    assert e.state.mode == "exam"
    out = e.start(100)
    assert e.remaining_seconds(100) == 600
    out = e.handle("thrombolysis", 101)
    assert not any(isinstance(x, (r.Graded, r.Explanation, r.Tutor)) for x in out)
    assert e.handle("hint", 102)[0] == r.Notice(msg("exam.no_hints"))
    out = e.handle("b", 103)  # harmful: recorded, the teaching waits, the case goes on
    assert not any(isinstance(x, r.Consequence) for x in out)
    assert isinstance(out[-1], r.Ask) and out[-1].gid.endswith("why-filter")
    e.handle("contraindication to anticoagulation", 104)
    out = e.handle("a", 105)
    summary = first(out, r.Summary)
    assert isinstance(summary, r.Summary)
    assert summary.path[0].followed_recommendation is False
    assert [m.gid.split("/")[1] for m in summary.missed] == ["baseline", "why-filter"]


def test_exam_time_limit_ends_the_quiz(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam")
    e.start(0)
    out = e.handle("anticoagulation", 601)
    summary = first(out, r.Summary)
    assert isinstance(summary, r.Summary) and summary.timed_out and summary.answered == 0
    assert summary.total == 3 and summary.score == 0


def test_did_you_mean_then_yes(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    out = e.handle("free-floating thrmbs", 3)
    dym = first(out, r.DidYouMean)
    assert isinstance(dym, r.DidYouMean) and not dym.exam and dym.suggestion
    out = e.handle("yes", 4)
    verdict = first(out, r.Graded)
    assert isinstance(verdict, r.Graded) and verdict.verdict == "partial"


def test_exam_near_miss_is_neutral_and_enter_keeps_it(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader, "example-exam")
    e.start(0)
    e.handle("anticoagulation", 1)
    e.handle("a", 2)
    out = e.handle("free-floating thrmbs", 3)
    dym = first(out, r.DidYouMean)
    assert isinstance(dym, r.DidYouMean) and dym.exam  # the face shows no suggestion in exam mode
    out = e.handle("", 4)  # Enter keeps the answer as typed
    assert e.state.records[-1].answer == "free-floating thrmbs"
    assert e.state.records[-1].verdict == "unclear" and e.state.records[-1].credit == 0


@pytest.mark.parametrize("text", ["[bold red]x[/", "[link=x]y", "\x1b[31mred\x00", "", "   ", "x" * 100_000, "抗凝治疗"])
def test_odd_input_never_crashes(loaded: LoadResult, grader: Grader, text: str) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    out = e.handle(text, 1)
    assert out
    if text.strip():
        assert e.state.records and len(e.state.records[0].answer) <= 2000
        assert "\x00" not in e.state.records[0].answer
    else:
        assert not e.state.records and isinstance(out[0], r.Notice)


def test_glossary_reference_help_and_contest(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    out = e.handle("what is PTS?", 1)
    d = first(out, r.Definition)
    assert isinstance(d, r.Definition) and d.term.id == "pts"
    out = e.handle("什么是导管溶栓？", 1)
    assert first(out, r.Definition).term.id == "cdt"
    out = e.handle("/ref 9", 1)
    refs = first(out, r.References)
    assert isinstance(refs, r.References) and [x.key for x in refs.references] == ["zou2024"]
    assert len(first(e.handle("/ref", 1), r.References).references) >= 35
    assert "hint" in say(first(e.handle("/help", 1), r.Notice).msg)
    e.handle("anticoagulation", 2)
    out = e.handle("I was right", 3)
    assert e.state.records[0].contested
    e.handle("/flag the explanation cites the wrong study", 4)
    assert e.state.flags[0]["comment"] == "the explanation cites the wrong study"


def test_hint_before_answering_is_counted(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.start(0)
    out = e.handle("hint", 1)
    assert moves(out) == ["hint"]
    e.handle("anticoagulation", 2)
    assert e.state.records[0].hints_before == 1


def test_state_round_trips_through_json_and_resumes(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    to_list_question(e)
    e.handle("contraindication to anticoagulation", 3)
    saved = json.loads(json.dumps(e.state.to_dict()))
    again = Engine(loaded.course, grader, SessionState.from_dict(saved))
    out = again.start(10)
    assert isinstance(out[0], r.Notice) and "where you left off" in say(out[0].msg)
    assert again.state.records[0].gid == e.state.records[0].gid
    # restored mid-dialogue: the question is shown again with what was named, and the dialogue
    # goes on where it stopped (it used to be closed, and the half-built answer dropped)
    assert not any(isinstance(x, r.Explanation) for x in out)
    asked = first(out, r.Ask)
    assert asked.gid.endswith("why-filter")
    said = [say(x.text) if not isinstance(x.text, str) else x.text for x in out if isinstance(x, r.Tutor)]
    assert any("contraindication" in t.lower() for t in said) and said[-1] == "What else?"
    assert again.state.phase == "dialogue" and len(again.state.records) == len(e.state.records)
    out = again.handle("failed anticoagulation", 11)
    assert first(out, r.Explanation).gid.endswith("why-filter")
    assert again.state.records[0].coverage >= e.state.records[0].coverage


def test_confidence_is_asked_before_feedback(loaded: LoadResult, grader: Grader) -> None:
    e = engine_for(loaded, grader)
    e.state.ask_confidence = True
    e.start(0)
    out = e.handle("anticoagulation", 1)
    assert moves(out) == ["confidence"] and not any(isinstance(x, r.Graded) for x in out)
    assert e.state.phase == "confidence"
    out = e.handle("maybe", 2)
    assert moves(out) == ["confidence"]  # not one of the words: asked again
    out = e.handle("guessing", 3)
    assert first(out, r.Graded).verdict == "correct"
    assert e.state.records[0].confidence == "guessing"
    e.handle("a", 4)
    e.handle("contraindication to anticoagulation and anticoagulation failure", 5)
    out = e.handle("", 6)  # Enter skips the confidence question
    assert e.state.records[1].confidence == "" and first(out, r.Graded)


def test_time_per_turn_state_stays_small(loaded: LoadResult, grader: Grader) -> None:
    """A long session keeps one record per question, not per turn."""
    e = engine_for(loaded, grader)
    e.start(0)
    for i in range(200):
        e.handle("what is PTS?", i)
    assert e.state.records == []


def test_a_capped_shuffled_exam_draws_from_every_part(builtin: LoadResult) -> None:
    import random

    quiz = builtin.course.quizzes["final-exam"]
    seen_topics: set[str] = set()
    for seed in range(6):
        e = Engine.for_quiz(builtin.course, Grader(builtin.course), quiz, rng=random.Random(seed))
        assert e.planned_total() <= (quiz.max_questions or 10**6)
        seen_topics |= {builtin.course.topic(builtin.course.cases[i.case_id]) for i in e.state.items}
    assert {"cdt", "ivcf", "pmt", "combined"} <= seen_topics
