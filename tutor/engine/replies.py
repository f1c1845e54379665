"""What the tutor says: plain data that each face renders in its own way.

Texts marked Markdown come from the course (written by instructors); everything that came
from the learner is carried as plain text and must never be parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import GlossaryTerm, Note, Reference


@dataclass(frozen=True)
class CaseStart:
    case_id: str
    title: str
    summary: str
    number: int
    """1-based position of the case in the session."""
    total: int


@dataclass(frozen=True)
class StepText:
    markdown: str
    citations: tuple[Reference, ...] = ()
    teaching: bool = False
    """A teaching branch: the text explains why a choice was harmful."""


@dataclass(frozen=True)
class Ask:
    gid: str
    kind: str
    prompt: str
    """Markdown."""
    options: tuple[tuple[str, str], ...] = ()
    """(letter, text) for single-best-answer questions."""
    number: int = 0
    total: int = 0
    need: int = 0
    """For list questions: how many parts a complete answer has."""


@dataclass(frozen=True)
class Verdict:
    gid: str
    verdict: str
    """correct, partial, incorrect or unclear."""
    credit: float
    reason: str
    found: tuple[str, ...] = ()
    """Labels of the answer parts the learner named."""
    missing: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    """Markdown: misconception or option feedback, partial-answer notes."""
    citations: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class Tutor:
    """A dialogue move: pump, hint, prompt, assertion, or a plain remark."""

    move: str
    """pump, hint, prompt, assertion, acknowledge, remark"""
    text: str


@dataclass(frozen=True)
class DidYouMean:
    suggestion: str
    exam: bool = False
    """In exam mode the tutor must not reveal the answer: the face shows a neutral line."""


@dataclass(frozen=True)
class Explanation:
    gid: str
    answer: str
    """The complete right answer in a few words."""
    markdown: str
    citations: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()
    parts: tuple[tuple[str, bool], ...] = ()
    """For list questions: every part, and whether the learner named it."""


@dataclass(frozen=True)
class DecisionAsk:
    step_id: str
    prompt: str
    choices: tuple[tuple[str, str], ...]
    """(letter, text)"""


@dataclass(frozen=True)
class Consequence:
    choice: str
    text: str
    recommended: bool
    markdown: str
    citations: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class Definition:
    term: GlossaryTerm
    citations: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class References:
    references: tuple[Reference, ...]
    query: str = ""


@dataclass(frozen=True)
class Notice:
    text: str
    level: str = "info"
    """info, warning or error."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


@dataclass(frozen=True)
class TopicScore:
    topic: str
    label: str
    credit: float
    questions: int


@dataclass(frozen=True)
class Missed:
    gid: str
    prompt: str
    verdict: str
    credit: float
    answer: str
    explanation: str
    citations: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class PathStep:
    case_id: str
    step_id: str
    chosen: str
    recommended: str
    followed_recommendation: bool
    chosen_text: str = ""
    """The chosen option as the learner saw it."""
    recommended_text: str = ""


@dataclass(frozen=True)
class Summary:
    quiz_id: str
    title: str
    mode: str
    score: float
    """Percent of the total credit, from first answers only."""
    passed: bool
    pass_mark: float
    answered: int
    total: int
    by_topic: tuple[TopicScore, ...] = ()
    by_theme: tuple[TopicScore, ...] = ()
    missed: tuple[Missed, ...] = ()
    path: tuple[PathStep, ...] = ()
    deferred: tuple[object, ...] = ()
    """Exam mode: the feedback withheld during the quiz, in order."""
    timed_out: bool = False


@dataclass(frozen=True)
class Ended:
    """The session is over (after the summary, or because the learner quit)."""

    reason: str = "done"


Reply = (
    CaseStart | StepText | Ask | Verdict | Tutor | DidYouMean | Explanation | DecisionAsk
    | Consequence | Definition | References | Notice | Progress | Summary | Ended
)


@dataclass
class Turn:
    """Everything the tutor says in answer to one learner message."""

    replies: list[Reply] = field(default_factory=list)

    def add(self, *replies: Reply) -> None:
        self.replies.extend(replies)
