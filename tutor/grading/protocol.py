"""What the engine needs of a grader, as a type: the real `Grader`, or one built lazily by a face."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..model import Choice, Decision, GlossaryTerm, Question
    from .grader import Grade

    GradeLike = Grade


class GraderProtocol(Protocol):
    def grade(self, question: Question, text: str) -> Grade: ...

    def covered(self, question: Question, text: str, open_ids: set[str] | list[str] | tuple[str, ...]) -> set[str]:
        """Which of the still-missing parts `text` names (the dialogue's follow-up answers)."""
        ...

    def confirm(self, question: Question, text: str, suggestion: str) -> Grade:
        """The grade of `text` read as `suggestion` (the learner said yes to "Did you mean …?")."""
        ...

    def choose(self, decision: Decision, text: str) -> Choice | None | str:
        """The choice `text` names; a string is a suggestion to confirm; None: no choice named."""
        ...

    def lookup(self, text: str) -> GlossaryTerm | None: ...
