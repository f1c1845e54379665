"""What the tutor says: plain data that each face renders in its own way.

Replies are named tuples: immutable like frozen dataclasses, and a tenth of the cost to define,
which start-up pays for every one of them.

Texts marked Markdown come from the course (written by instructors); everything that came
from the learner is carried as plain text and must never be parsed as markup. The tutor's own
words are never written here: they are `Msg` keys that each face looks up in the catalogue
(tutor/texts/), so a face can speak another language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import GlossaryTerm, Mode, Note, Reference, Verdict
from ..texts import Msg


class CaseStart(NamedTuple):
    case_id: str
    title: str
    summary: str
    number: int
    """1-based position of the case in the session."""
    total: int


class StepText(NamedTuple):
    markdown: str
    citations: tuple[Reference, ...] = ()
    teaching: bool = False
    """A teaching branch: the text explains why a choice was harmful."""


class Ask(NamedTuple):
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


class Graded(NamedTuple):
    """The verdict on a first answer, as the tutor shows it."""

    gid: str
    verdict: Verdict
    credit: float
    reasons: tuple[Msg, ...]
    """What the grader found, part by part (what is missing is left to the dialogue)."""
    found: tuple[str, ...] = ()
    """Labels of the answer parts the learner named."""
    missing: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    """Markdown: misconception or option feedback, partial-answer notes."""
    citations: tuple[Reference, ...] = ()


class Tutor(NamedTuple):
    """A dialogue move: pump, hint, prompt, assertion, or a plain remark."""

    move: str
    """pump, hint, prompt, assertion, correction, acknowledge, remark, confidence"""
    text: str | Msg
    """Markdown from the course (a hint, a prompt, a misconception's feedback), or the tutor's own words."""


class DidYouMean(NamedTuple):
    suggestion: str
    exam: bool = False
    """In exam mode the tutor must not reveal the answer: the face shows a neutral line."""


class Explanation(NamedTuple):
    gid: str
    answer: str
    """The complete right answer in a few words."""
    markdown: str
    citations: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()
    parts: tuple[tuple[str, bool], ...] = ()
    """For list questions: every part, and whether the learner named it."""


class DecisionAsk(NamedTuple):
    step_id: str
    prompt: str
    choices: tuple[tuple[str, str], ...]
    """(letter, text)"""


class Consequence(NamedTuple):
    choice: str
    text: str
    recommended: bool
    markdown: str
    citations: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()
    """The case's own notes, with the first feedback of the case (see `Engine._case_notes`)."""


class Definition(NamedTuple):
    term: GlossaryTerm
    citations: tuple[Reference, ...] = ()


class References(NamedTuple):
    references: tuple[Reference, ...]
    query: str = ""


class Notice(NamedTuple):
    msg: Msg
    level: str = "info"
    """info, warning or error."""


class Progress(NamedTuple):
    done: int
    total: int


class TopicScore(NamedTuple):
    topic: str
    label: str
    credit: float
    questions: int


class Missed(NamedTuple):
    gid: str
    prompt: str
    verdict: str
    credit: float
    answer: str
    explanation: str
    citations: tuple[Reference, ...] = ()


class PathStep(NamedTuple):
    case_id: str
    step_id: str
    chosen: str
    recommended: str
    followed_recommendation: bool
    chosen_text: str = ""
    """The chosen option as the learner saw it."""
    recommended_text: str = ""


class Summary(NamedTuple):
    quiz_id: str
    title: str
    mode: Mode
    score: float
    """Percent of the total credit, from first answers only."""
    passed: bool
    pass_mark: float
    answered: int
    """Questions answered (skipped ones are not)."""
    total: int
    skipped: int = 0
    planned: int = 0
    """Questions the session had along the recommended path when it began: more or fewer than
    `total` when decisions took another path."""
    by_topic: tuple[TopicScore, ...] = ()
    by_theme: tuple[TopicScore, ...] = ()
    missed: tuple[Missed, ...] = ()
    path: tuple[PathStep, ...] = ()
    deferred: tuple[object, ...] = ()
    """Exam mode: the feedback withheld during the quiz, in order."""
    timed_out: bool = False
    finished_early: bool = False


class Ended(NamedTuple):
    """The session is over (after the summary, or because the learner quit)."""

    reason: str = "done"


Reply = (
    CaseStart | StepText | Ask | Graded | Tutor | DidYouMean | Explanation | DecisionAsk
    | Consequence | Definition | References | Notice | Progress | Summary | Ended
)


@dataclass
class Turn:
    """Everything the tutor says in answer to one learner message."""

    replies: list[Reply] = field(default_factory=list)

    def add(self, *replies: Reply) -> None:
        self.replies.extend(replies)
