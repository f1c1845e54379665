"""Answering a question: the first answer, "did you mean …?", "how sure are you?", and the
feedback that follows (in exam mode, only a note that the answer is recorded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..kinds import kind_of
from ..model import Question
from ..texts import msg
from . import feedback, ladder, navigation
from . import replies as r
from .moves import Move, MoveKind
from .state import Phase, Record

if TYPE_CHECKING:
    from ..grading.protocol import GradeLike
    from .context import Context

CONFIDENCE_WORDS = {
    "sure": "sure", "certain": "sure", "very sure": "sure", "1": "sure", "确定": "sure",
    "unsure": "unsure", "not sure": "unsure", "somewhat": "unsure", "2": "unsure", "不确定": "unsure",
    "guessing": "guessing", "guess": "guessing", "a guess": "guessing", "3": "guessing", "猜的": "guessing",
    "猜": "guessing", "有把握": "sure", "没把握": "unsure", "不太确定": "unsure",
}


def answer(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    q = e.question
    grade = e.grader.grade(q, move.text)
    if grade.verdict == "unclear" and grade.suggestion:
        s.pending, s.suggestion = move.text, grade.suggestion
        turn.add(r.DidYouMean(grade.suggestion, exam=e.exam))
        return Phase.CONFIRM
    if kind_of(q).picks_option and grade.option is None and not grade.misconceptions:
        # No option, or several: ask again rather than record a verdict on a letter never chosen.
        letters = f"{q.options[0].letter}–{q.options[-1].letter}" if q.options else ""
        why = grade.reasons
        turn.add(r.Notice(msg("choice.pick_one_because", why=why[0], letters=letters) if why
                          else msg("choice.pick_one", letters=letters)))
        return Phase.QUESTION
    return first_answer(e, turn, q, move.text, grade, now)


def confirm_yes(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    q = e.question
    grade = e.grader.confirm(q, s.pending, s.suggestion)
    return first_answer(e, turn, q, s.pending, grade, now)


def confirm_no(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Tutor("remark", msg("confirm.try_again")))
    return Phase.QUESTION


def confirm_repeat(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.DidYouMean(e.state.suggestion))
    return Phase.CONFIRM


def keep_as_typed(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """Exam mode: "did you mean" never says what the answer might be; Enter or yes keeps the
    answer as typed, and anything else is a new answer."""
    s = e.state
    if move.kind in (MoveKind.EMPTY, MoveKind.YES):
        q = e.question
        return first_answer(e, turn, q, s.pending, e.grader.grade(q, s.pending), now)
    return answer(e, turn, move, now)


def first_answer(e: Context, turn: r.Turn, q: Question, text: str, grade: GradeLike, now: float) -> Phase:
    s = e.state
    s.records.append(Record(
        gid=q.gid, answer=text, verdict=grade.verdict, credit=float(grade.credit),
        coverage=float(grade.credit), hints_before=s.hints_used,
        misconceptions=[m.id for m in grade.misconceptions], seconds=max(0.0, now - s.asked_at),
        hash=q.graded_hash,
    ))
    s.explained = ""
    if s.ask_confidence:
        e.pending_grade = grade
        turn.add(r.Tutor("confidence", msg("confidence.ask")))
        return Phase.CONFIDENCE
    return give_feedback(e, turn, q, grade, now)


def confidence(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    rec = s.records[-1]
    rec.confidence = CONFIDENCE_WORDS.get(move.text.strip().lower().rstrip("."), "")
    if move.kind != MoveKind.EMPTY and not rec.confidence:
        turn.add(r.Tutor("confidence", msg("confidence.again")))
        return Phase.CONFIDENCE
    q = e.question
    grade = e.pending_grade
    if grade is None or grade.verdict == "unclear":  # restored mid-question: grade the answer again
        grade = e.grader.grade(q, rec.answer)
    e.pending_grade = None
    return give_feedback(e, turn, q, grade, now)


def give_feedback(e: Context, turn: r.Turn, q: Question, grade: GradeLike, now: float) -> Phase:
    if e.exam:
        turn.add(r.Notice(msg("exam.recorded")))
        return navigation.question_done(e, turn, now)
    turn.add(feedback.graded(e, q, grade))
    if grade.verdict == "correct":
        turn.add(feedback.explanation(e, q, found=feedback.found_ids(grade)))
        return navigation.question_done(e, turn, now)
    return ladder.begin(e, turn, q, grade, now)
