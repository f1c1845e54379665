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
from typing import TYPE_CHECKING

from ..model import Course, Mode, Quiz
from ..selection import quiz_case_ids, quiz_question_ids
from ..texts import msg
from . import navigation, progress, summary, table
from . import replies as r
from .context import Context
from .moves import classify
from .paths import cap_items, items_for_questions
from .state import Item, Phase, SessionState

if TYPE_CHECKING:
    from ..grading.protocol import GraderProtocol


class Engine(Context):
    """A session's turn machine: its constructors and its public turn interface."""

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
            items = [Item(case_id) for case_id in quiz_case_ids(course, quiz)]
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
        return progress.planned_total(self)
