"""The shipped course does not repeat itself or give its answers away (issue 13).

Two checks from `tutor.course.overlap`, run over the built-in course and tried on made-up
questions and cases: near-duplicate prompts anywhere in the course (a shuffled exam could draw
both), and a case title or summary that names one of the case's own accepted answers.
"""

from __future__ import annotations

import pytest

from tutor.course.loader import LoadResult, load
from tutor.course.overlap import (
    PROMPT_THRESHOLD,
    RELATED_THRESHOLD,
    PromptPair,
    near_duplicate_prompts,
    prompt_score,
    revealing_summaries,
)
from tutor.course.resources import builtin_sources
from tutor.model import Case, Choice, Decision, Expectation, NumericKey, Option, Question, QuestionKind, Step

# Cases in files another branch is fixing (mat.yaml, ivcf.yaml, pmt.yaml), whose title or
# summary still names one of their own answers. Each is expected to fail, strictly: once it is
# fixed, its entry here must go.


def _q(qid: str, prompt: str, *, accept: tuple[str, ...] = (), numeric: NumericKey | None = None,
       options: tuple[Option, ...] = ()) -> Question:
    kind: QuestionKind = "numeric" if numeric else "choice" if options else "short"
    return Question(
        id=qid, case_id="made-up", kind=kind, prompt=prompt, explanation="Because.", cite=("review",),
        expectations=(Expectation(id="answer", accept=accept),) if accept else (),
        numeric=numeric, options=options,
    )


def _case(title: str, summary: str, *questions: Question, decision: Decision | None = None) -> Case:
    return Case(id="made-up", title=title, tags=("general",), summary=summary,
                steps=(Step(id="s", questions=questions, decision=decision),))


def _gids(pairs: list[PromptPair]) -> list[tuple[str, str]]:
    return [(p.first.gid, p.second.gid) for p in pairs]


# --- near-duplicate prompts ----------------------------------------------------------------

def test_no_two_questions_in_the_course_ask_nearly_the_same_thing(builtin: LoadResult) -> None:
    questions = [q for case in builtin.course.cases.values() for q in case.questions]
    pairs = near_duplicate_prompts(questions)
    assert not pairs, "near-duplicate prompts: " + "; ".join(
        f"{p.first.gid} and {p.second.gid} ({p.score:.0f})" for p in pairs)


def test_a_made_up_pair_reworded_slightly_is_flagged() -> None:
    key = NumericKey(low=15, high=30, unit="days", is_range=True)
    a = _q("a", "According to the review, how many days after onset does the subacute phase span?", numeric=key)
    b = _q("b", "According to the review, how many days after onset does the subacute phase of LEDVT cover?",
           numeric=key)
    assert prompt_score(a.prompt, b.prompt) >= PROMPT_THRESHOLD
    assert _gids(near_duplicate_prompts([a, b])) == [("made-up/a", "made-up/b")]


def test_a_looser_rewording_is_flagged_only_when_the_answers_coincide() -> None:
    a = _q("a", "Name the three features of post-thrombotic syndrome that the review describes.",
           accept=("chronic swelling", "skin pigmentation", "venous ulcers"))
    b = _q("b", "According to the review, which three features mark post-thrombotic syndrome?",
           accept=("chronic swelling", "skin pigmentation", "venous ulcers", "ulcers"))
    other = _q("c", "According to the review, which three features mark post-thrombotic syndrome?",
               accept=("chest pain", "haemoptysis", "dyspnoea"))
    assert RELATED_THRESHOLD <= prompt_score(a.prompt, b.prompt) < PROMPT_THRESHOLD
    assert _gids(near_duplicate_prompts([a, b])) == [("made-up/a", "made-up/b")]
    assert near_duplicate_prompts([a, other]) == []


def test_different_questions_on_one_case_are_not_flagged() -> None:
    a = _q("a", "Which thrombolytic drug did Liu et al. adjust according to these markers?", accept=("urokinase",))
    b = _q("b", "Name the two blood tests Liu et al. used to monitor the lysis.", accept=("D-dimer", "fibrinogen"))
    assert near_duplicate_prompts([a, b]) == []


# --- titles and summaries that give the answer away ------------------------------------------

def _case_params() -> list[object]:
    params: list[object] = []
    for case_id in sorted(load(builtin_sources()).course.cases):
        params.append(pytest.param(case_id, id=case_id))
    return params


@pytest.mark.parametrize("case_id", _case_params())
def test_no_title_or_summary_names_its_own_answer(builtin: LoadResult, case_id: str) -> None:
    found = revealing_summaries([builtin.course.cases[case_id]])
    assert not found, f"{case_id}: " + ", ".join(f"{r.field} names {r.answer!r}" for r in found)


def test_a_made_up_summary_that_names_the_answer_is_flagged() -> None:
    q = _q("drug", "Which drug runs through the catheter?", accept=("urokinase", "尿激酶"))
    case = _case("A drip in the leg", "Using blood tests to steer a Urokinase infusion.", q)
    assert [(r.field, r.answer) for r in revealing_summaries([case])] == [("summary", "urokinase")]


def test_a_title_naming_the_recommended_choice_is_flagged() -> None:
    decision = Decision(prompt="What now?", choices=(
        Choice(id="cdt", letter="A", text="Catheter-directed thrombolysis", next="s",
               accept=("catheter-directed thrombolysis",), recommended=True),
        Choice(id="none", letter="B", text="Nothing", next="s"),
    ))
    case = _case("When catheter-directed thrombolysis is reasonable", "A young patient.", decision=decision)
    assert [r.field for r in revealing_summaries([case])] == ["title"]


def test_only_whole_words_count_and_very_short_answers_are_ignored() -> None:
    q = _q("q", "What is added?", accept=("stent", "CDT"), options=())
    case = _case("Stenting after CDT", "A narrowing behind the clot, and stenting it.", q)
    assert revealing_summaries([case]) == []


def test_a_correct_options_accept_phrasings_count_too() -> None:
    q = _q("q", "Which phase?", options=(
        Option(letter="A", text="Subacute phase", correct=True, accept=("subacute",)),
        Option(letter="B", text="Acute phase", accept=("acute",)),
    ))
    assert [r.answer for r in revealing_summaries([_case("A subacute clot", "Staging.", q)])] == ["subacute"]
    assert revealing_summaries([_case("An acute clot", "Staging.", q)]) == []
