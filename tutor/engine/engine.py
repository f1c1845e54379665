"""The turn engine: given the session state and what the learner typed, what the tutor says next.

Pure: no Textual, no clock, no randomness of its own (time and a random generator are passed
in). Both faces (the Textual app and plain line mode) and the tests drive this class.

The conversation is a transition table: `_HANDLERS[phase][move]` names the method that answers
a learner move in a given phase, so a new move is a row, not another branch in a screen.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from ..course.citations import inline_keys
from ..model import Case, Course, Note, Question, Quiz, Reference, Step
from ..selection import quiz_cases, quiz_question_ids
from . import replies as r
from .moves import COMMANDS, Move, classify
from .state import Choice as ChoiceRecord
from .state import Dialogue, Item, Record, SessionState

PUMP = "What else?"
CONFIDENCE_QUESTION = "Before I say: how sure are you? sure, unsure or guessing (Enter to skip)."
CONFIDENCE_WORDS = {
    "sure": "sure", "certain": "sure", "very sure": "sure", "1": "sure", "确定": "sure",
    "unsure": "unsure", "not sure": "unsure", "somewhat": "unsure", "2": "unsure", "不确定": "unsure",
    "guessing": "guessing", "guess": "guessing", "a guess": "guessing", "3": "guessing", "猜的": "guessing",
    "猜": "guessing",
}


class Engine:
    def __init__(self, course: Course, grader: Any, state: SessionState) -> None:
        self.course = course
        self.grader = grader
        self.state = state
        self._pending_grade: Any = None

    # creating sessions -------------------------------------------------------------------

    @classmethod
    def for_quiz(
        cls, course: Course, grader: Any, quiz: Quiz, *, mode: str | None = None,
        rng: random.Random | None = None,
    ) -> Engine:
        """A session over a quiz; `mode` overrides the quiz's unless the quiz locks it."""
        chosen = quiz.mode if (quiz.mode_locked or mode is None) else mode
        sel = quiz.select
        if sel.questions and not (sel.cases or sel.tags):
            items = _items_for_questions(course, quiz_question_ids(course, quiz))
        else:
            items = [Item(c.id) for c in quiz_cases(course, quiz)]
            if quiz.order == "shuffle":  # before the cap, so a capped exam draws from every case
                (rng or random.Random()).shuffle(items)
            if quiz.max_questions:
                items = _cap(course, items, quiz.max_questions)
        if quiz.order == "shuffle" and sel.questions and not (sel.cases or sel.tags):
            (rng or random.Random()).shuffle(items)
        state = SessionState(
            quiz_id=quiz.id, title=quiz.title, mode=chosen, items=items, pass_mark=quiz.pass_mark,
        )
        if chosen == "exam" and quiz.time_limit:
            state.deadline = float(quiz.time_limit * 60)  # made absolute by start()
        return cls(course, grader, state)

    @classmethod
    def for_questions(
        cls, course: Course, grader: Any, gids: list[str], *, title: str, mode: str = "tutor",
        quiz_id: str = "review",
    ) -> Engine:
        """A session over chosen questions (review, retry what I missed), each in its context."""
        state = SessionState(quiz_id=quiz_id, title=title, mode=mode, items=_items_for_questions(course, gids))
        return cls(course, grader, state)

    @classmethod
    def replay(cls, course: Course, grader: Any, case_id: str, step_id: str, *, mode: str = "tutor") -> Engine:
        """Start a case again at one of its decisions."""
        state = SessionState(
            quiz_id=f"replay:{case_id}", title=course.cases[case_id].title, mode=mode,
            items=[] if case_id in course.rejected else [Item(case_id, start_step=step_id)],
        )
        return cls(course, grader, state)

    # the public turn interface ----------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.state.phase == "done"

    def start(self, now: float) -> list[r.Reply]:
        s = self.state
        turn = r.Turn()
        if s.phase != "start":  # a restored session: say where we are
            self._resume(turn, now)
            return turn.replies
        s.started_at = now
        if s.deadline is not None:
            s.deadline += now
        if not s.items:
            turn.add(r.Notice("This quiz has no questions.", "warning"))
            self._finish(turn)
            return turn.replies
        self._enter_item(turn, now)
        return turn.replies

    def handle(self, text: str, now: float) -> list[r.Reply]:
        s = self.state
        turn = r.Turn()
        if s.phase == "done":
            turn.add(r.Notice("This session is over."))
            return turn.replies
        if s.deadline is not None and now >= s.deadline:
            return self.time_up(now)
        move = classify(text)
        handlers = _HANDLERS.get(s.phase, {})
        name = handlers.get(move.kind) or _COMMON.get(move.kind) or handlers.get("answer")
        if name is None:
            turn.add(r.Notice("Please wait for the next question."))
            return turn.replies
        getattr(self, name)(turn, move, now)
        return turn.replies

    def time_up(self, now: float) -> list[r.Reply]:
        turn = r.Turn()
        if self.state.phase != "done":
            self.state.timed_out = True
            turn.add(r.Notice("Time is up.", "warning"))
            self._finish(turn)
        return turn.replies

    def remaining_seconds(self, now: float) -> float | None:
        d = self.state.deadline
        return None if d is None else max(0.0, d - now)

    # where we are ----------------------------------------------------------------------------

    @property
    def item(self) -> Item:
        return self.state.items[self.state.item_index]

    @property
    def case(self) -> Case:
        return self.course.cases[self.item.case_id]

    @property
    def step(self) -> Step:
        step = self.case.step(self.state.step_id)
        assert step is not None
        return step

    @property
    def question(self) -> Question:
        item = self.item
        if item.questions is not None:
            q = self.course.question(f"{item.case_id}/{item.questions[self.state.question_index]}")
            assert q is not None
            return q
        return self.step.questions[self.state.question_index]

    def planned_total(self) -> int:
        """Questions in the session along the recommended path (for progress and scoring)."""
        total = 0
        for item in self.state.items:
            if item.questions is not None:
                total += len(item.questions)
            else:
                case = self.course.cases.get(item.case_id)
                if case is not None:
                    total += sum(len(st.questions) for st in _recommended_path(case, item.start_step))
        return max(total, len(self.state.records))

    # moving through the session ---------------------------------------------------------------

    def _enter_item(self, turn: r.Turn, now: float) -> None:
        begun = self._begin_item(turn, now)
        if begun == "asked" or (begun == "empty" and not self._advance_item(turn, now)):
            return
        self._continue_step(turn, now)

    def _begin_item(self, turn: r.Turn, now: float) -> str:
        """Open the current item: `asked` (its first question is asked), `step` (its first step
        is shown), or `empty` (a case with no steps, which validation rejects: nothing to do)."""
        s = self.state
        item = self.item
        case = self.case
        turn.add(r.CaseStart(case.id, case.title, case.summary, s.item_index + 1, len(s.items)))
        s.question_index = 0
        if item.questions is not None:
            first = self.course.question(f"{case.id}/{item.questions[0]}") if item.questions else None
            if first is None:
                return "empty"
            for st in _context(case, first.step_id):
                if st.text:
                    turn.add(self._step_text(st))
            s.step_id = first.step_id
            self._ask(turn, now)
            return "asked"
        if not case.steps:
            return "empty"
        s.step_id = item.start_step or case.steps[0].id
        if item.start_step:
            # A replay starts at a decision; show the story so far first.
            for st in _context(case, item.start_step)[:-1]:
                if st.text:
                    turn.add(self._step_text(st))
        self._show_step(turn)
        return "step"

    def _show_step(self, turn: r.Turn) -> None:
        step = self.step
        if step.text:
            turn.add(self._step_text(step))
        self.state.question_index = 0

    def _enter_step(self, turn: r.Turn, now: float) -> None:
        self._show_step(turn)
        self._continue_step(turn, now)

    def _continue_step(self, turn: r.Turn, now: float) -> None:
        """Ask the step's next question, or its decision, or move on: a loop, not recursion, so
        a long run of question-less steps (or cases) cannot exhaust the stack."""
        s = self.state
        passed: set[str] = set()
        """Steps passed in this call without asking anything: meeting one again is a loop."""
        while True:
            item = self.item
            if item.questions is not None:
                if s.question_index < len(item.questions):
                    q = self.question
                    if q.step_id != s.step_id:
                        s.step_id = q.step_id
                        st = self.step
                        if st.text:
                            turn.add(self._step_text(st))
                    self._ask(turn, now)
                    return
                if not self._advance_item(turn, now):
                    return
                passed.clear()
                continue
            step = self.step
            if s.question_index < len(step.questions):
                self._ask(turn, now)
                return
            if step.decision is not None:
                s.phase = "decision"
                d = step.decision
                turn.add(r.DecisionAsk(step.id, d.prompt, tuple((c.letter, c.text) for c in d.choices)))
                return
            following = self.case.successor(step)
            if following is None or following in passed or self.case.step(following) is None:
                if following is not None:  # validation rejects such a case; never spin in it
                    turn.add(r.Notice("This case goes round in a loop here, so it ends.", "warning"))
                if not self._advance_item(turn, now):
                    return
                passed.clear()
                continue
            passed.add(step.id)
            s.step_id = following
            if self.step.decision is not None and step.returns_to:
                s.question_index = len(self.step.questions)  # back at the decision: ask it again
                continue
            self._show_step(turn)

    def _advance_item(self, turn: r.Turn, now: float) -> bool:
        """Move to the next item with something to do; False when the session has ended."""
        s = self.state
        while True:
            s.item_index += 1
            if s.item_index >= len(s.items):
                self._finish(turn)
                return False
            begun = self._begin_item(turn, now)
            if begun == "asked":
                return False
            if begun == "step":
                return True

    def _ask(self, turn: r.Turn, now: float) -> None:
        s = self.state
        q = self.question
        s.phase = "question"
        s.asked_at = now
        s.hints_used = 0
        s.dialogue = None
        total = self.planned_total()
        turn.add(r.Progress(len(s.records), total))
        turn.add(r.Ask(
            gid=q.gid, kind=q.kind, prompt=q.prompt,
            options=tuple((o.letter, o.text) for o in q.options),
            number=len(s.records) + 1, total=total,
            need=q.need if q.kind == "list" else 0,
        ))

    def _question_done(self, turn: r.Turn, now: float) -> None:
        self.state.question_index += 1
        self.state.dialogue = None
        self._continue_step(turn, now)

    def _finish(self, turn: r.Turn) -> None:
        self.state.phase = "done"
        turn.add(self.summary())
        turn.add(r.Ended())

    def _resume(self, turn: r.Turn, now: float) -> None:
        s = self.state
        turn.add(r.Notice(f"Continuing “{s.title}” where you left off."))
        if s.phase == "done":
            turn.add(self.summary())
            return
        case = self.case
        turn.add(r.CaseStart(case.id, case.title, case.summary, s.item_index + 1, len(s.items)))
        for st in _context(case, s.step_id):
            if st.text:
                turn.add(self._step_text(st))
        if s.phase == "decision":
            d = self.step.decision
            assert d is not None
            turn.add(r.DecisionAsk(self.step.id, d.prompt, tuple((c.letter, c.text) for c in d.choices)))
        elif s.phase == "confidence":
            turn.add(r.Ask(gid=self.question.gid, kind=self.question.kind, prompt=self.question.prompt))
            turn.add(r.Tutor("confidence", CONFIDENCE_QUESTION))
        elif s.phase == "dialogue":  # the first answer is kept; close the question and go on
            self._close_question(turn, self.question, now)
        else:
            self._ask(turn, now)

    # answering ----------------------------------------------------------------------------------

    def on_answer(self, turn: r.Turn, move: Move, now: float) -> None:
        q = self.question
        grade = self.grader.grade(q, move.text)
        if grade.verdict == "unclear" and grade.suggestion:
            s = self.state
            s.phase, s.pending, s.suggestion = "confirm", move.text, grade.suggestion
            turn.add(r.DidYouMean(grade.suggestion, exam=s.mode == "exam"))
            return
        self._first_answer(turn, q, move.text, grade, now)

    def on_confirm_yes(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        q = self.question
        if s.mode == "exam":  # exam: a "yes" is just what they typed: grade it as an answer
            self.on_answer(turn, move, now)
            return
        grade = self.grader.confirm(q, s.pending, s.suggestion)
        self._first_answer(turn, q, s.pending, grade, now)

    def on_confirm_no(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        if s.mode == "exam":
            self.on_answer(turn, move, now)
            return
        s.phase = "question"
        turn.add(r.Tutor("remark", "Then try again, in other words if you like."))

    def on_confirm_empty(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        if s.mode == "exam":  # keep the answer as typed
            q = self.question
            self._first_answer(turn, q, s.pending, self.grader.grade(q, s.pending), now)
        else:
            turn.add(r.Tutor("remark", f"Did you mean “{s.suggestion}”? Type yes or no."))

    def _first_answer(self, turn: r.Turn, q: Question, text: str, grade: Any, now: float) -> None:
        s = self.state
        rec = Record(
            gid=q.gid, answer=text, verdict=grade.verdict, credit=float(grade.credit),
            coverage=float(grade.credit), hints_before=s.hints_used,
            misconceptions=[m.id for m in grade.misconceptions], seconds=max(0.0, now - s.asked_at),
            hash=q.graded_hash,
        )
        s.records.append(rec)
        if s.ask_confidence:
            self._pending_grade = grade
            s.phase = "confidence"
            turn.add(r.Tutor("confidence", CONFIDENCE_QUESTION))
            return
        self._feedback(turn, q, grade, now)

    def on_confidence(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        rec = s.records[-1]
        rec.confidence = CONFIDENCE_WORDS.get(move.text.strip().lower().rstrip("."), "")
        if move.kind != "empty" and not rec.confidence:
            turn.add(r.Tutor("confidence", "Please type sure, unsure or guessing (or press Enter to skip)."))
            return
        q = self.question
        grade = getattr(self, "_pending_grade", None)
        if grade is None or grade.verdict == "unclear":  # restored mid-question: grade the answer again
            grade = self.grader.grade(q, rec.answer)
        self._pending_grade = None
        s.phase = "question"
        self._feedback(turn, q, grade, now)

    def _feedback(self, turn: r.Turn, q: Question, grade: Any, now: float) -> None:
        s = self.state
        if s.mode == "exam":
            turn.add(r.Notice("Answer recorded."))
            self._question_done(turn, now)
            return
        turn.add(self._verdict(q, grade))
        if grade.verdict == "correct":
            turn.add(self._explanation(q, found=self._found_ids(grade)))
            self._question_done(turn, now)
            return
        self._start_dialogue(turn, q, grade, now)

    # the dialogue ladder ---------------------------------------------------------------------------

    def _start_dialogue(self, turn: r.Turn, q: Question, grade: Any, now: float) -> None:
        s = self.state
        if q.kind in ("short", "list"):
            found = self._found_ids(grade)
            open_ids = [e.id for e in q.expectations if e.id not in found]
        else:
            found, open_ids = [], ["answer"]
        d = Dialogue(open=open_ids, found=found, current=open_ids[0] if open_ids else "")
        s.dialogue = d
        s.phase = "dialogue"
        if q.kind == "list" and found:
            d.pumped = True
            s.records[-1].moves.append("pump")
            turn.add(r.Tutor("pump", PUMP))
            return
        self._rung(turn, q, now, start=True)

    def _rung(self, turn: r.Turn, q: Question, now: float, *, start: bool = False) -> None:
        """Give the next move of the ladder for the current expectation."""
        s = self.state
        d = s.dialogue
        assert d is not None
        rec = s.records[-1]
        if not start:
            d.rung += 1
        if d.rung == 0:
            d.rung = 1
        exp = next((e for e in q.expectations if e.id == d.current), None)
        if exp is None:  # numeric and choice: the question's hints, then the answer
            if d.hint_index < len(q.hints):
                rec.moves.append("hint")
                turn.add(r.Tutor("hint", q.hints[d.hint_index]))
                d.hint_index += 1
                return
            rec.moves.append("assertion")
            turn.add(r.Tutor("assertion", f"The answer is {q.answer_label}."))
            self._close_question(turn, q, now)
            return
        while True:
            if d.rung == 1:
                text = exp.hint or (q.hints[d.hint_index] if d.hint_index < len(q.hints) else "")
                if not exp.hint and text:
                    d.hint_index += 1
                if text:
                    rec.moves.append("hint")
                    turn.add(r.Tutor("hint", text))
                    return
                d.rung = 2
            if d.rung == 2:
                if exp.prompt is not None:
                    rec.moves.append("prompt")
                    turn.add(r.Tutor("prompt", exp.prompt.text))
                    return
                d.rung = 3
            rec.moves.append("assertion")
            turn.add(r.Tutor("assertion", exp.assertion or f"One part of the answer: {exp.label}."))
            self._expectation_settled(turn, q, exp.id, learner=False, now=now)
            return

    def _expectation_settled(self, turn: r.Turn, q: Question, eid: str, *, learner: bool, now: float) -> None:
        d = self.state.dialogue
        assert d is not None
        if eid in d.open:
            d.open.remove(eid)
        if learner and eid not in d.found:
            d.found.append(eid)
        settled = len(q.expectations) - len(d.open)
        if settled >= q.need or not d.open:
            self._close_question(turn, q, now)
            return
        d.current = d.open[0]
        d.rung = 0
        self._rung(turn, q, now, start=True)

    def on_dialogue_answer(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        q = self.question
        d = s.dialogue
        assert d is not None
        rec = s.records[-1]
        grade = self.grader.grade(q, move.text)
        for m in grade.misconceptions:
            if m.id not in rec.misconceptions:
                rec.misconceptions.append(m.id)
            turn.add(r.Tutor("correction", m.feedback))
        if q.kind in ("numeric", "choice"):
            if grade.verdict == "correct":
                turn.add(r.Tutor("acknowledge", "Yes, that's it."))
                d.found = ["answer"]
                self._close_question(turn, q, now)
            else:
                if not grade.misconceptions:
                    turn.add(r.Tutor("remark", "Not quite."))
                self._rung(turn, q, now)
            return
        covered = set(self.grader.covered(q, move.text, list(d.open)))
        if covered:
            labels = [e.label for e in q.expectations if e.id in covered]
            turn.add(r.Tutor("acknowledge", "Yes: " + "; ".join(labels) + "."))
            current_done = d.current in covered
            for eid in [e for e in d.open if e in covered]:
                d.open.remove(eid)
                d.found.append(eid)
            settled = len(q.expectations) - len(d.open)
            if settled >= q.need or not d.open:
                self._close_question(turn, q, now)
                return
            if current_done:
                d.current = d.open[0]
                d.rung = 0
                self._rung(turn, q, now, start=True)
            else:
                turn.add(r.Tutor("pump", PUMP))
            return
        if d.rung == 0:  # after the pump: start the first missing part's ladder
            self._rung(turn, q, now, start=True)
            return
        if not grade.misconceptions:
            turn.add(r.Tutor("remark", "Not quite."))
        self._rung(turn, q, now)

    def on_dialogue_hint(self, turn: r.Turn, move: Move, now: float) -> None:
        q = self.question
        d = self.state.dialogue
        assert d is not None
        self._rung(turn, q, now, start=d.rung == 0)

    def on_dialogue_skip(self, turn: r.Turn, move: Move, now: float) -> None:
        q = self.question
        self.state.records[-1].moves.append("skip")
        self._close_question(turn, q, now)

    def _close_question(self, turn: r.Turn, q: Question, now: float) -> None:
        s = self.state
        d = s.dialogue
        found = list(d.found) if d else []
        rec = s.records[-1]
        if q.kind in ("short", "list"):
            rec.coverage = max(rec.credit, min(1.0, len(found) / max(1, q.need)))
        else:
            rec.coverage = 1.0 if found else rec.credit
        turn.add(self._explanation(q, found=found))
        self._question_done(turn, now)

    # commands ------------------------------------------------------------------------------------

    def on_hint(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        if s.mode == "exam":
            turn.add(r.Notice("No hints in exam mode."))
            return
        q = self.question
        hints = list(q.hints) or [e.hint for e in q.expectations if e.hint]
        if s.hints_used < len(hints):
            turn.add(r.Tutor("hint", hints[s.hints_used]))
            s.hints_used += 1
        else:
            turn.add(r.Tutor("remark", "No more hints: give it a try, or type skip to see the answer."))

    def on_skip(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        q = self.question
        s.records.append(Record(
            gid=q.gid, verdict="incorrect", skipped=True, hints_before=s.hints_used,
            seconds=max(0.0, now - s.asked_at), hash=q.graded_hash,
        ))
        if s.mode == "exam":
            turn.add(r.Notice("Skipped."))
        else:
            turn.add(self._explanation(q, found=[]))
        self._question_done(turn, now)

    def on_dont_know(self, turn: r.Turn, move: Move, now: float) -> None:
        if self.state.mode == "exam":
            self.on_answer(turn, move, now)
        else:
            self.on_hint(turn, move, now)

    def on_why(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        if s.mode == "exam" and s.phase != "done":
            turn.add(r.Notice("Explanations come at the end in exam mode."))
            return
        if s.phase == "dialogue" and s.dialogue is not None:
            self.on_dialogue_hint(turn, move, now)
            return
        if not s.records:
            turn.add(r.Notice("Answer a question first; then ask why."))
            return
        q = self.course.question(s.records[-1].gid)
        if q is not None:
            turn.add(self._explanation(q, found=[]))

    def on_lookup(self, turn: r.Turn, move: Move, now: float) -> None:
        term = self.grader.lookup(move.text)
        if term is None:
            turn.add(r.Notice(f"The glossary has no entry for “{move.text}”."))
            return
        if self.state.mode == "exam" and self._reveals(term):
            turn.add(r.Notice("That term is part of the answer; look it up after the exam."))
            return
        turn.add(r.Definition(term, self._cites(term.cite, term.definition)))

    def _reveals(self, term: Any) -> bool:
        if self.state.phase not in ("question", "confirm"):
            return False
        q = self.question
        names = {n.casefold() for n in term.names}
        answers = {a.casefold() for e in q.expectations for a in e.accept}
        answers |= {o.text.casefold() for o in q.options if o.correct}
        return bool(names & answers)

    def on_ref(self, turn: r.Turn, move: Move, now: float) -> None:
        query = move.text.strip().strip("[]")
        refs = list(self.course.references.values())
        if not query:
            turn.add(r.References(tuple(refs)))
            return
        found = [
            ref for ref in refs
            if (query.isdigit() and ref.number == int(query)) or ref.key == query.lstrip("@")
        ]
        if found:
            turn.add(r.References(tuple(found), query))
        else:
            turn.add(r.Notice(f"No reference “{query}”. Type /ref for the list (numbers as in the review)."))

    def on_contest(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        if not s.records:
            turn.add(r.Notice("There is no verdict to contest yet."))
            return
        rec = s.records[-1]
        rec.contested = True
        turn.add(r.Notice(
            f"Noted: you contest the verdict on {rec.gid}. It is kept for your instructor; "
            "your score is not changed."
        ))

    def on_flag(self, turn: r.Turn, move: Move, now: float) -> None:
        gid = self.question.gid if self.state.phase in ("question", "dialogue", "confirm") else (
            self.state.records[-1].gid if self.state.records else "")
        if not gid:
            turn.add(r.Notice("There is no question to flag yet."))
            return
        self.state.flags.append({"gid": gid, "comment": move.text or "(no comment)"})
        turn.add(r.Notice(f"Thank you: your report on {gid} is kept for your instructor."))

    def on_help(self, turn: r.Turn, move: Move, now: float) -> None:
        lines = [f"{k}: {v}" for k, v in COMMANDS.items()]
        turn.add(r.Notice("You can type your answer in your own words, or:\n" + "\n".join(lines)))

    def on_quit(self, turn: r.Turn, move: Move, now: float) -> None:
        turn.add(r.Ended("quit"))

    def on_empty(self, turn: r.Turn, move: Move, now: float) -> None:
        turn.add(r.Notice("Type your answer, or hint, skip, or /help."))

    # decisions -------------------------------------------------------------------------------------

    def on_decision(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        step = self.step
        decision = step.decision
        assert decision is not None
        picked = self.grader.choose(decision, move.text)
        if isinstance(picked, str):
            s.phase, s.pending, s.suggestion = "decision_confirm", move.text, picked
            turn.add(r.DidYouMean(picked, exam=s.mode == "exam"))
            return
        if picked is None:
            letters = f"{decision.choices[0].letter}–{decision.choices[-1].letter}"
            turn.add(r.Notice(f"Choose one of {letters}, or type the option in your own words."))
            return
        self._take_choice(turn, step, picked, now)

    def on_decision_hint(self, turn: r.Turn, move: Move, now: float) -> None:
        if self.state.mode == "exam":
            turn.add(r.Notice("No hints in exam mode."))
            return
        turn.add(r.Tutor("remark", "A decision cannot be skipped: weigh each option against what the review "
                                   "says about this patient, then type its letter."))

    def on_decision_confirm(self, turn: r.Turn, move: Move, now: float) -> None:
        s = self.state
        decision = self.step.decision
        assert decision is not None
        if move.kind == "yes":
            picked = next((c for c in decision.choices if c.text == s.suggestion), None)
            if picked is not None:
                self._take_choice(turn, self.step, picked, now)
                return
        s.phase = "decision"
        if move.kind in ("no", "empty", "yes"):
            turn.add(r.Tutor("remark", "Then choose again: type the letter of the option."))
        else:
            self.on_decision(turn, move, now)

    def _take_choice(self, turn: r.Turn, step: Step, picked: Any, now: float) -> None:
        s = self.state
        decision = step.decision
        assert decision is not None
        best = decision.recommended
        s.choices.append(ChoiceRecord(self.case.id, step.id, picked.id, best.id if best else ""))
        target = self.case.step(picked.next)
        if s.mode == "exam":
            turn.add(r.Notice("Decision recorded."))
            if target is not None and target.returns_to and best is not None:
                target = self.case.step(best.next)  # the teaching comes at the end in exam mode
        else:
            notes = self._case_notes(None)
            turn.add(r.Consequence(
                picked.letter, picked.text, picked.recommended, picked.consequence,
                self._cites([*picked.cite, *(k for n in notes for k in n.cite)], picked.consequence,
                            *(n.text for n in notes)),
                notes,
            ))
        assert target is not None
        s.step_id = target.id
        self._enter_step(turn, now)

    # building replies ---------------------------------------------------------------------------

    def _cites(self, keys: Iterable[str], *texts: str) -> tuple[Reference, ...]:
        ordered = list(dict.fromkeys([*keys, *(k for t in texts for k in inline_keys(t))]))
        refs = self.course.references
        return tuple(refs[k] for k in ordered if k in refs)

    def _step_text(self, step: Step) -> r.StepText:
        return r.StepText(step.text, self._cites((), step.text), teaching=bool(step.returns_to))

    def _found_ids(self, grade: Any) -> list[str]:
        return list(dict.fromkeys(m.expectation_id for m in grade.matched))

    def _verdict(self, q: Question, grade: Any) -> r.Verdict:
        found_ids = set(self._found_ids(grade))
        labels = {e.id: e.label for e in q.expectations}
        feedback: list[str] = [m.feedback for m in grade.misconceptions]
        if getattr(grade, "partial_answer", None) is not None and grade.partial_answer.feedback:
            feedback.append(grade.partial_answer.feedback)
        option = getattr(grade, "option", None)
        if option is not None and option.feedback and not option.correct:
            feedback.append(option.feedback)
        cites: list[str] = [k for m in grade.misconceptions for k in m.cite]
        return r.Verdict(
            gid=q.gid, verdict=grade.verdict, credit=float(grade.credit), reason=_without_missing(grade.reason),
            found=tuple(labels[i] for i in labels if i in found_ids),
            missing=(),  # the dialogue works on what is missing; the summary names it
            feedback=tuple(feedback), citations=self._cites(cites, *feedback),
        )

    def _explanation(self, q: Question, *, found: list[str]) -> r.Explanation:
        parts = tuple((e.label, e.id in found) for e in q.expectations) if q.kind == "list" else ()
        notes = (*self._case_notes(q.gid), *q.notes)
        note_keys = [k for n in notes for k in n.cite]
        return r.Explanation(
            gid=q.gid, answer=q.answer_label, markdown=q.explanation,
            citations=self._cites([*q.cite, *note_keys], q.explanation, *(n.text for n in notes)),
            notes=notes, parts=parts,
        )

    def _case_notes(self, gid: str | None) -> tuple[Note, ...]:
        """The case's own notes (doubts, evidence beyond the review, current guidance), shown once,
        with the first feedback the learner gets in the case: after their first answer or decision,
        so they give nothing away, and before the texts that point to them ("see the § note")."""
        case = self.case
        if not case.notes:
            return ()
        s = self.state
        prefix = case.id + "/"
        earlier_records = any(rec.gid.startswith(prefix) and rec.gid != gid for rec in s.records)
        choices = sum(1 for c in s.choices if c.case_id == case.id)
        if earlier_records or choices > (0 if gid is not None else 1):
            return ()
        return tuple(case.notes)

    # the summary ------------------------------------------------------------------------------------

    def summary(self) -> r.Summary:
        s = self.state
        total = self.planned_total() if (s.timed_out or s.phase != "done") else len(s.records)
        total = max(total, len(s.records))
        credit = sum(rec.credit for rec in s.records)
        score = 100.0 * credit / total if total else 0.0
        by_topic: dict[str, list[float]] = {}
        by_theme: dict[str, list[float]] = {}
        missed: list[r.Missed] = []
        for rec in s.records:
            q = self.course.question(rec.gid)
            if q is None:
                continue
            case = self.course.cases[q.case_id]
            by_topic.setdefault(self.course.topic(case), []).append(rec.credit)
            for tag in (*case.tags, *q.tags):
                t = self.course.tags.get(tag)
                if t is not None and t.kind == "theme":
                    by_theme.setdefault(tag, []).append(rec.credit)
            if rec.verdict != "correct":
                missed.append(r.Missed(
                    q.gid, q.prompt, "skipped" if rec.skipped else rec.verdict, rec.credit, q.answer_label,
                    q.explanation, self._cites(q.cite, q.explanation),
                ))

        def scores(groups: dict[str, list[float]]) -> tuple[r.TopicScore, ...]:
            return tuple(
                r.TopicScore(k, self.course.tags[k].label if k in self.course.tags else k, sum(v), len(v))
                for k, v in groups.items()
            )

        path = tuple(self._path_step(c) for c in s.choices)
        return r.Summary(
            quiz_id=s.quiz_id, title=s.title, mode=s.mode, score=round(score, 1),
            passed=score >= s.pass_mark, pass_mark=s.pass_mark, answered=len(s.records), total=total,
            by_topic=scores(by_topic), by_theme=scores(by_theme), missed=tuple(missed), path=path,
            timed_out=s.timed_out,
        )

    def _path_step(self, c: ChoiceRecord) -> r.PathStep:
        case = self.course.cases.get(c.case_id)
        step = case.step(c.step_id) if case else None
        texts = {ch.id: ch.text for ch in step.decision.choices} if step and step.decision else {}
        return r.PathStep(
            c.case_id, c.step_id, c.choice_id, c.recommended_id, c.choice_id == c.recommended_id,
            texts.get(c.choice_id, c.choice_id), texts.get(c.recommended_id, c.recommended_id),
        )

    def missed_ids(self) -> list[str]:
        return [rec.gid for rec in self.state.records if rec.verdict != "correct"]



# the transition table: phase -> learner move -> handler -----------------------------------------

_COMMON = {
    "help": "on_help", "quit": "on_quit", "lookup": "on_lookup", "ref": "on_ref",
    "contest": "on_contest", "flag": "on_flag", "why": "on_why",
}
_HANDLERS: dict[str, dict[str, str]] = {
    "question": {
        "answer": "on_answer", "yes": "on_answer", "no": "on_answer", "hint": "on_hint",
        "skip": "on_skip", "dont_know": "on_dont_know", "empty": "on_empty",
    },
    "confirm": {
        "yes": "on_confirm_yes", "no": "on_confirm_no", "empty": "on_confirm_empty",
        "answer": "on_answer", "hint": "on_hint", "skip": "on_skip",
    },
    "dialogue": {
        "answer": "on_dialogue_answer", "yes": "on_dialogue_answer", "no": "on_dialogue_answer",
        "hint": "on_dialogue_hint", "dont_know": "on_dialogue_hint", "skip": "on_dialogue_skip",
        "empty": "on_empty",
    },
    "decision": {"answer": "on_decision", "yes": "on_decision", "no": "on_decision", "empty": "on_empty",
                 "hint": "on_decision_hint", "dont_know": "on_decision_hint", "skip": "on_decision_hint"},
    "confidence": {kind: "on_confidence" for kind in (
        "answer", "empty", "yes", "no", "dont_know", "hint", "skip", "why")},
    "decision_confirm": {"answer": "on_decision_confirm", "yes": "on_decision_confirm",
                         "no": "on_decision_confirm", "empty": "on_decision_confirm"},
}



def _without_missing(reason: str) -> str:
    """The grader's reason, less the parts it names as missing: the dialogue teaches those."""
    return "; ".join(part for part in reason.split("; ") if not part.startswith("missing"))


# paths through a case --------------------------------------------------------------------------

def _recommended_path(case: Case, start: str | None = None) -> list[Step]:
    """The steps met when every decision takes its recommended choice."""
    out: list[Step] = []
    step = case.step(start) if start else case.steps[0]
    seen: set[str] = set()
    while step is not None and step.id not in seen:
        seen.add(step.id)
        out.append(step)
        if step.decision is not None:
            best = step.decision.recommended
            nxt = best.next if best else None
        else:
            nxt = case.successor(step)
        step = case.step(nxt) if nxt else None
    return out


def _context(case: Case, step_id: str) -> list[Step]:
    """The steps a learner would have read before reaching `step_id` on the recommended path."""
    path = _recommended_path(case)
    for i, st in enumerate(path):
        if st.id == step_id:
            return path[: i + 1]
    target = case.step(step_id)
    return [target] if target else []


def _items_for_questions(course: Course, gids: list[str]) -> list[Item]:
    items: list[Item] = []
    for gid in gids:
        q = course.question(gid)
        if q is None or q.case_id in course.rejected:  # a case with errors is never started
            continue
        if items and items[-1].case_id == q.case_id and items[-1].questions is not None:
            items[-1].questions.append(q.id)
        else:
            items.append(Item(q.case_id, [q.id]))
    return items


def _cap(course: Course, items: list[Item], limit: int) -> list[Item]:
    """Whole cases until the question cap is reached; the last case is cut to fit."""
    out: list[Item] = []
    left = limit
    for item in items:
        case = course.cases[item.case_id]
        n = sum(len(st.questions) for st in _recommended_path(case))
        if n <= left:
            out.append(item)
            left -= n
        else:
            ids = [q.id for st in _recommended_path(case) for q in st.questions][:left]
            if ids:
                out.append(Item(case.id, ids))
            left = 0
        if left <= 0:
            break
    return out
