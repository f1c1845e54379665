"""The words the tutor understands besides answers: hint, skip, why?, look-ups, references,
contesting a verdict, flagging an error, help, finish and quit.

Each returns the phase that follows; most leave it as it was (`e.state.phase`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import GlossaryTerm
from ..texts import msg
from . import feedback, navigation, progress
from . import replies as r
from .moves import Move
from .state import Phase, Record

if TYPE_CHECKING:
    from .context import Context


def hint(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    q = e.question
    hints = list(q.hints) or [x.hint for x in q.expectations if x.hint]
    if s.hints_used < len(hints):
        turn.add(r.Tutor("hint", hints[s.hints_used]))
        s.hints_used += 1
    else:
        turn.add(r.Tutor("remark", msg("hint.none_left")))
    return s.phase


def no_help_in_exam(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Notice(msg("exam.no_hints")))
    return e.state.phase


def skip(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    q = e.question
    s.records.append(Record(
        gid=q.gid, verdict="incorrect", skipped=True, hints_before=s.hints_used,
        seconds=max(0.0, now - s.asked_at), hash=q.graded_hash,
    ))
    if e.exam:
        s.explained = ""
        turn.add(r.Notice(msg("exam.skipped")))
    else:
        turn.add(feedback.explanation(e, q, found=[]))
    return navigation.question_done(e, turn, now)


def why(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    if not s.records:
        turn.add(r.Notice(msg("why.nothing_yet")))
        return s.phase
    q = e.course.question(s.records[-1].gid)
    if q is not None:
        turn.add(feedback.explanation(e, q, found=[]))
    return s.phase


def why_in_exam(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Notice(msg("exam.explanations_at_end")))
    return e.state.phase


def lookup(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    term = e.grader.lookup(move.text)
    if term is None:
        turn.add(r.Notice(msg("lookup.unknown", term=move.text)))
        return s.phase
    if _reveals(e, term):
        # Looking up the answer is help, and counts as a hint: the first answer is rated so.
        s.hints_used += 1
        turn.add(r.Notice(msg("lookup.counts_as_hint")))
    turn.add(r.Definition(term, e.cites(term.cite, term.definition)))
    return s.phase


def lookup_in_exam(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """The glossary is closed while an exam question is open, whatever the term: refusing only
    the terms in the answer would tell the learner what the answer is."""
    turn.add(r.Notice(msg("exam.glossary_closed")))
    return e.state.phase


def _reveals(e: Context, term: GlossaryTerm) -> bool:
    if e.state.phase not in (Phase.QUESTION, Phase.CONFIRM):
        return False
    q = e.question
    names = {n.casefold() for n in term.names}
    answers = {a.casefold() for x in q.expectations for a in x.accept}
    answers |= {o.text.casefold() for o in q.options if o.correct}
    return bool(names & answers)


def ref(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    query = move.text.strip().strip("[]")
    refs = list(e.course.references.values())
    if not query:
        turn.add(r.References(tuple(refs)))
        return e.state.phase
    found = [
        x for x in refs
        if (query.isdigit() and x.number == int(query)) or x.key == query.lstrip("@")
    ]
    if found:
        turn.add(r.References(tuple(found), query))
    else:
        turn.add(r.Notice(msg("ref.unknown", query=query, source=e.course.source_name())))
    return e.state.phase


def contest(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    s = e.state
    if not s.records:
        turn.add(r.Notice(msg("contest.nothing_yet")))
        return s.phase
    rec = s.records[-1]
    rec.contested = True
    turn.add(r.Notice(msg("contest.noted", gid=rec.gid)))
    return s.phase


def flag(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """Report an error: on the question whose explanation is on screen, until the learner answers
    the next one; else on the question asked; else on the last one answered."""
    s = e.state
    asking = s.phase in (Phase.QUESTION, Phase.DIALOGUE, Phase.CONFIRM, Phase.CONFIDENCE)
    gid = s.explained or (e.question.gid if asking else "") or (s.records[-1].gid if s.records else "")
    if not gid:
        turn.add(r.Notice(msg("flag.nothing_yet")))
        return s.phase
    s.flags.append({"gid": gid, "comment": move.text or "(no comment)"})
    turn.add(r.Notice(msg("flag.noted", gid=gid)))
    return s.phase


def help_(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Notice(msg("help", term=e.course.example_term(), source=e.course.source_name())))
    return e.state.phase


def quit_(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Ended("quit"))
    return e.state.phase


def finish(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    """End the session now, with its summary: what was not reached counts as unanswered."""
    s = e.state
    e.pending_grade = None  # an answer waiting for its confidence is recorded; the summary has it
    s.finished_early = True
    left = progress.planned_total(e) - len(s.records)
    turn.add(r.Notice(msg("finish.early", left=max(0, left))))
    return navigation.finish(e, turn)


def empty(e: Context, turn: r.Turn, move: Move, now: float) -> Phase:
    turn.add(r.Notice(msg("empty.prompt")))
    return e.state.phase

