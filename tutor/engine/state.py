"""A tutoring session's state: plain data that can be saved and restored at any turn."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from ..model import Mode


class Phase(StrEnum):
    """Where a session stands: what the tutor is waiting for. The values are what the store holds."""

    START = "start"
    QUESTION = "question"
    """A question is asked: an answer, or a command."""
    CONFIRM = "confirm"
    """"Did you mean …?" about an answer."""
    CONFIDENCE = "confidence"
    """"How sure are you?" before the verdict."""
    DIALOGUE = "dialogue"
    """The answer was incomplete: the tutor is building the rest with the learner."""
    DECISION = "decision"
    DECISION_CONFIRM = "decision_confirm"
    """"Did you mean …?" about a decision."""
    DONE = "done"


@dataclass
class Item:
    """One unit of a session: a whole case walked step by step, or chosen questions of it."""

    case_id: str
    questions: list[str] | None = None
    """Question ids within the case to ask (with the vignette up to their step); None: the whole case."""
    start_step: str | None = None
    """Replay: begin the case at this step instead of its first."""


@dataclass
class Record:
    """What happened on one question."""

    gid: str
    answer: str = ""
    """The learner's first answer, as typed."""
    verdict: str = ""
    credit: float = 0.0
    """The first answer's credit: what scores and the spaced-repetition rating use."""
    coverage: float = 0.0
    """How much of the answer was built by the end of the dialogue, with help."""
    hints_before: int = 0
    """Hints taken before the first answer."""
    moves: list[str] = field(default_factory=list)
    """Dialogue moves used after the first answer (pump, hint, prompt, assertion)."""
    misconceptions: list[str] = field(default_factory=list)
    skipped: bool = False
    contested: bool = False
    confidence: str = ""
    seconds: float = 0.0
    hash: str = ""
    """The question's graded_hash when it was answered."""


@dataclass
class Dialogue:
    """The tutoring ladder on an incomplete answer."""

    open: list[str] = field(default_factory=list)
    """Expectation ids still missing."""
    found: list[str] = field(default_factory=list)
    current: str = ""
    rung: int = 0
    """0 pump, 1 hint, 2 prompt, 3 assertion."""
    pumped: bool = False
    hint_index: int = 0
    """Question-level hints used by the ladder (numeric and choice questions)."""


@dataclass
class Choice:
    """A decision the learner made, and the choice the case recommends."""

    case_id: str
    step_id: str
    choice_id: str
    recommended_id: str


@dataclass
class SessionState:
    """Everything a session is: where it stands and what was answered; saved after every turn."""

    quiz_id: str
    title: str
    mode: Mode
    items: list[Item]
    pass_mark: float = 70.0
    item_index: int = 0
    step_id: str = ""
    question_index: int = 0
    phase: Phase = Phase.START
    asked_at: float = 0.0
    started_at: float = 0.0
    deadline: float | None = None
    pending: str = ""
    """The learner's answer waiting for "Did you mean …?" confirmation."""
    suggestion: str = ""
    hints_used: int = 0
    dialogue: Dialogue | None = None
    records: list[Record] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    flags: list[dict[str, str]] = field(default_factory=list)
    """Error reports on questions: {"gid", "comment"}; kept for the instructor."""
    timed_out: bool = False
    finished_early: bool = False
    """The learner ended the session with /finish: what was not reached counts as unanswered."""
    explained: str = ""
    """The question whose explanation was shown last, until the next question is answered: what
    `/flag` reports on while that explanation is on screen."""
    ask_confidence: bool = False
    """Ask "how sure are you?" after each first answer, before any feedback."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in data.items() if k in known}
        d["items"] = [Item(**i) for i in d.get("items", [])]
        d["records"] = [Record(**r) for r in d.get("records", [])]
        d["choices"] = [Choice(**c) for c in d.get("choices", [])]
        if d.get("dialogue"):
            d["dialogue"] = Dialogue(**d["dialogue"])
        d["phase"] = Phase(d.get("phase", "start"))
        d["mode"] = Mode(d.get("mode", "tutor"))
        return cls(**d)
