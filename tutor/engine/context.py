"""Where a session stands, as the modules that answer learner moves see it: the course, the
grader, the state, and the question, step and case in front of the learner."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..course.citations import inline_keys
from ..model import Case, Course, Mode, Question, Reference, Step
from . import replies as r
from .state import Item, Phase, SessionState

if TYPE_CHECKING:
    from ..grading.protocol import GradeLike, GraderProtocol


class Context:
    def __init__(self, course: Course, grader: GraderProtocol, state: SessionState) -> None:
        self.course = course
        self.grader = grader
        self.state = state
        self.pending_grade: GradeLike | None = None
        """The grade of the answer whose confidence is being asked (not saved: regraded on resume)."""

    @property
    def done(self) -> bool:
        return self.state.phase == Phase.DONE

    @property
    def exam(self) -> bool:
        return self.state.mode == Mode.EXAM

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
