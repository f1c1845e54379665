"""The turn engine: given the session state and what the learner typed, what the tutor says next.

Pure: no Textual, no clock, no randomness of its own (time and a random generator are passed
in). The session service (tutor/session.py), and through it every face, drives this class; so
do the tests. This module holds the session's constructors and its public turn interface; what
happens on each learner move lives in one module per idea, reached through the transition table
(table.py):

    navigation.py   moving through items, steps and questions; resuming
    answering.py    first answers, "did you mean", confidence, feedback
    ladder.py       the dialogue on an incomplete answer: pump, hint, prompt, assertion, as data
    commands.py     hint, skip, why, look-ups, references, contest, flag, help, finish, quit
    decisions.py    management decisions and their consequences
    feedback.py     the replies that teach: verdicts, explanations, notes, citations
    summary.py      the summary at the end
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..course.citations import inline_keys
from ..model import Case, Course, Mode, Question, Quiz, Reference, Step
from ..selection import quiz_cases, quiz_question_ids
from ..texts import msg
from . import navigation, summary, table
from . import replies as r
from .moves import classify
from .paths import cap_items, items_for_questions
from .state import Item, Phase, SessionState

if TYPE_CHECKING:
    from ..grading.protocol import GradeLike, GraderProtocol


class Engine:
    def __init__(self, course: Course, grader: GraderProtocol, state: SessionState) -> None:
        self.course = course
        self.grader = grader
        self.state = state
        self.pending_grade: GradeLike | None = None
        """The grade of the answer whose confidence is being asked (not saved: regraded on resume)."""

    # creating sessions -------------------------------------------------------------------

    @classmethod
    def for_quiz(
        cls, course: Course, grader: GraderProtocol, quiz: Quiz, *, mode: Mode | str | None = None,
        rng: random.Random | None = None,
    ) -> Engine:
        """A session over a quiz; `mode` overrides the quiz's unless the quiz locks it."""
        chosen = Mode(quiz.mode if (quiz.mode_locked or mode is None) else mode)
        sel = quiz.select
        if sel.questions and not (sel.cases or sel.tags):
            items = items_for_questions(course, quiz_question_ids(course, quiz))
        else:
            items = [Item(c.id) for c in quiz_cases(course, quiz)]
            if quiz.order == "shuffle":  # before the cap, so a capped exam draws from every case
                (rng or random.Random()).shuffle(items)
            if quiz.max_questions:
                items = cap_items(course, items, quiz.max_questions)
        if quiz.order == "shuffle" and sel.questions and not (sel.cases or sel.tags):
            (rng or random.Random()).shuffle(items)
        state = SessionState(
            quiz_id=quiz.id, title=quiz.title, mode=chosen, items=items, pass_mark=quiz.pass_mark,
        )
        if chosen == Mode.EXAM and quiz.time_limit:
            state.deadline = float(quiz.time_limit * 60)  # made absolute by start()
        return cls(course, grader, state)

    @classmethod
    def for_questions(
        cls, course: Course, grader: GraderProtocol, gids: list[str], *, title: str, mode: Mode = Mode.TUTOR,
        quiz_id: str = "review",
    ) -> Engine:
        """A session over chosen questions (review, retry what I missed), each in its context."""
        state = SessionState(quiz_id=quiz_id, title=title, mode=Mode(mode),
                             items=items_for_questions(course, gids))
        return cls(course, grader, state)

    @classmethod
    def replay(cls, course: Course, grader: GraderProtocol, case_id: str, step_id: str, *,
               mode: Mode = Mode.TUTOR) -> Engine:
        """Start a case again at one of its decisions."""
        state = SessionState(
            quiz_id=f"replay:{case_id}", title=course.cases[case_id].title, mode=Mode(mode),
            items=[] if case_id in course.rejected else [Item(case_id, start_step=step_id)],
        )
        return cls(course, grader, state)

    # the public turn interface ----------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.state.phase == Phase.DONE

    @property
    def exam(self) -> bool:
        return self.state.mode == Mode.EXAM

    def start(self, now: float) -> list[r.Reply]:
        turn = r.Turn()
        self.state.phase = navigation.start(self, turn, now)
        return turn.replies

    def handle(self, text: str, now: float) -> list[r.Reply]:
        s = self.state
        turn = r.Turn()
        if s.phase == Phase.DONE:
            turn.add(r.Notice(msg("session.over")))
            return turn.replies
        if s.deadline is not None and now >= s.deadline:
            return self.time_up(now)
        move = classify(text)
        row = table.row(s.mode, s.phase, move.kind)
        if row is None:  # every phase a learner can type in has a row for every move: see table.py
            turn.add(r.Notice(msg("move.not_now")))
            return turn.replies
        following = row.handler(self, turn, move, now)
        assert following in row.follows, f"{row.handler.__name__} led to {following}"
        s.phase = following
        return turn.replies

    def time_up(self, now: float) -> list[r.Reply]:
        turn = r.Turn()
        if self.state.phase != Phase.DONE:
            self.state.timed_out = True
            turn.add(r.Notice(msg("exam.time_up"), "warning"))
            self.state.phase = navigation.finish(self, turn)
        return turn.replies

    def remaining_seconds(self, now: float) -> float | None:
        d = self.state.deadline
        return None if d is None else max(0.0, d - now)

    def summary(self) -> r.Summary:
        return summary.build(self, final=self.done)

    def missed_ids(self) -> list[str]:
        return [rec.gid for rec in self.state.records if rec.verdict != "correct"]

    def planned_total(self) -> int:
        return navigation.planned_total(self)

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

    # shared by the modules that build replies ---------------------------------------------------

    def cites(self, keys: Iterable[str], *texts: str) -> tuple[Reference, ...]:
        """The references named in `keys` and inline in `texts`, once each, in order."""
        ordered = list(dict.fromkeys([*keys, *(k for t in texts for k in inline_keys(t))]))
        refs = self.course.references
        return tuple(refs[k] for k in ordered if k in refs)

    def step_text(self, step: Step) -> r.StepText:
        return r.StepText(step.text, self.cites((), step.text), teaching=bool(step.returns_to))
