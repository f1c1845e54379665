"""The course as plain data: what the loader builds and everything else reads.

Nothing here knows about YAML or Textual. Every object keeps the place it was written
(`Loc`) so that later checks can report problems at the author's line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from .measures import MEASURES
from .texts import Msg, Phrased, msg
from .texts.quantity import quantity

QuestionKind = str
"""The name of a registered question kind (`tutor.kinds.KINDS`): short, list, numeric, choice."""
Difficulty = Literal["easy", "medium", "hard"]


class Mode(StrEnum):
    """How a session gives feedback. The values are what files and the store hold."""

    TUTOR = "tutor"
    """Feedback and a conversation after each answer."""
    EXAM = "exam"
    """Feedback at the end, no help, timed if the quiz has a limit."""


class Verdict(StrEnum):
    """The grader's verdict on an answer. The values are what the store and `tutor grade` write."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNCLEAR = "unclear"

NoteKind = Literal["doubt", "beyond", "guidance"]

# How each kind of note is announced to the learner, in every face.
NOTE_MARKERS: dict[str, str] = {
    "doubt": "Doubt about the review",
    "beyond": "Beyond the review",
    "guidance": "Current guidance differs from the review",
}
# The kinds of note that speak from sources outside the review (they must cite one).
OUTSIDE_NOTES = frozenset({"beyond", "guidance"})


MARKED = re.compile(r"(?<![\w+~])([+~])(\w+)")
"""A grading mark in an accepted answer: `+word` (required) or `~word` (optional)."""


def without_marks(text: str) -> str:
    """An accepted answer as a learner sees it: without the grading marks."""
    return MARKED.sub(r"\2", text) if ("+" in text or "~" in text) else text


def name_key(name: str) -> str:
    """Glossary names compared loosely: case, hyphens and spacing do not make two names different."""
    return " ".join(name.casefold().replace("-", " ").split())


@dataclass(frozen=True)
class Loc:
    """Where something was written: file, 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NOWHERE = Loc("<built>", 0, 0)


@dataclass
class Reference:
    """A source the course cites: a numbered reference of the review, the review itself, or a source beyond it."""

    key: str
    """The stable citation key used in `cite:` lists and `[@key]`."""
    authors: str
    title: str
    journal: str = ""
    year: int | None = None
    details: str = ""
    doi: str | None = None
    url: str | None = None
    number: int | None = None
    """The review's own reference number [1]-[34], when it is one of them."""
    beyond_review: bool = False
    """True for a source that is not in the review (shown with a distinct marker)."""
    loc: Loc = NOWHERE

    @property
    def label(self) -> str:
        """How a learner sees the citation: the review's number, or a marker."""
        if self.number is not None:
            return f"[{self.number}]"
        if self.key == "review":
            return "[review]"
        return f"[†{self.key}]" if self.beyond_review else f"[{self.key}]"


@dataclass
class GlossaryTerm:
    """A term the tutor can define (`what is PTS?`), with its Chinese name and other names."""

    id: str
    term: str
    definition: str
    zh: str = ""
    aliases: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()
    loc: Loc = NOWHERE

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the term: the term itself, its Chinese name and its aliases."""
        return tuple(n for n in (self.term, self.zh, *self.aliases) if n)


@dataclass
class Note:
    """A remark on a question or case: a doubt about the review's figure, knowledge beyond the review, or
    where current guidelines part ways with it."""

    kind: NoteKind
    text: str
    cite: tuple[str, ...] = ()
    loc: Loc = NOWHERE


@dataclass
class Prompt:
    """A short question whose answer is one word or phrase of an expectation."""

    text: str
    accept: tuple[str, ...]


@dataclass
class Expectation:
    """One part of a complete answer: a list question's group, or a short answer."""

    id: str
    accept: tuple[str, ...]
    hint: str = ""
    prompt: Prompt | None = None
    assertion: str = ""
    loc: Loc = NOWHERE

    @property
    def label(self) -> str:
        """The part as the tutor names it: its first accepted phrasing (a `Phrased` carrying the
        others, so a face speaking Chinese can name it by the first Chinese one)."""
        if not self.accept:
            return self.id
        return Phrased(without_marks(self.accept[0]), tuple(without_marks(a) for a in self.accept))


@dataclass
class NumericKey:
    """The accepted value or range of a numeric question, with its unit and tolerance."""

    low: float
    high: float
    unit: str
    scale: str = ""
    tolerance: float = 0.0
    is_range: bool = False

    @property
    def label(self) -> str:
        def fmt(x: float) -> str:
            return f"{x:g}"

        names = {
            "percent": "%", "per_mille": "‰", "per_1000": " per 1,000",
            "per_10000": " per 10,000", "per_100000": " per 100,000",
            "per_million": " per million", "count": "",
        }
        measure = MEASURES.get(self.unit)
        unit = f" {measure.symbol}" if measure else names.get(self.unit, f" {self.unit}")
        scale = f" {self.scale}" if self.scale else ""
        value = f"{fmt(self.low)}–{fmt(self.high)}" if self.is_range else fmt(self.low)
        return f"{value}{scale}{unit}"

    @property
    def said(self) -> Msg:
        """The answer as the tutor says it, in the words of the language it speaks."""
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(self.scale, 1.0)
        return quantity(self.low, self.high, self.unit, scale=scale, is_range=self.is_range)


@dataclass
class Option:
    """One option of a single-best-answer question."""

    letter: str
    text: str
    correct: bool = False
    accept: tuple[str, ...] = ()
    feedback: str = ""
    loc: Loc = NOWHERE
    also: tuple[str, ...] = ()
    """The text in the course's other languages: a learner may type those too."""


@dataclass
class Misconception:
    """A wrong idea the grader recognises, with the feedback that corrects it."""

    id: str
    match: tuple[str, ...]
    feedback: str
    cite: tuple[str, ...] = ()
    loc: Loc = NOWHERE


@dataclass
class PartialAnswer:
    """An answer worth part of the credit, with what to say about it."""

    accept: tuple[str, ...]
    credit: float
    feedback: str = ""
    loc: Loc = NOWHERE


@dataclass
class Example:
    """A sample learner answer and the verdict it must get: the answer bank's own test."""

    text: str
    expect: Literal["accept", "reject", "partial"]
    loc: Loc = NOWHERE


@dataclass
class Question:
    """One question of a case, with everything needed to grade, hint and explain it."""

    id: str
    case_id: str
    kind: QuestionKind
    prompt: str
    explanation: str
    cite: tuple[str, ...]
    difficulty: Difficulty = "medium"
    tags: tuple[str, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    """Short: one; list: the groups; numeric and choice: empty (the key is the answer)."""
    need: int = 1
    numeric: NumericKey | None = None
    options: tuple[Option, ...] = ()
    partial: tuple[PartialAnswer, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    hints: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    examples: tuple[Example, ...] = ()
    step_id: str = ""
    content_hash: str = ""
    """Filled on first use of `graded_hash`."""
    loc: Loc = NOWHERE

    @property
    def gid(self) -> str:
        """The global id, `case-id/question-id`."""
        return f"{self.case_id}/{self.id}"

    @property
    def graded_hash(self) -> str:
        """A short hash of what decides grading; stored progress uses it to spot an edit."""
        if not self.content_hash:
            key = (
                self.kind, self.need,
                [(e.id, e.accept, e.prompt.accept if e.prompt else ()) for e in self.expectations],
                (self.numeric.low, self.numeric.high, self.numeric.unit, self.numeric.scale,
                 self.numeric.tolerance) if self.numeric else None,
                # An option's text in every language it has, so that reading the course in
                # another language is not an edit.
                [(o.text if not o.also else tuple(sorted((o.text, *o.also))), o.correct, o.accept)
                 for o in self.options],
                [(p.accept, p.credit) for p in self.partial],
                [(m.id, m.match) for m in self.misconceptions],
            )
            digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8)
            self.content_hash = digest.hexdigest()
        return self.content_hash

    @property
    def answer_label(self) -> str:
        """The complete right answer in a few words, for summaries."""
        # Read from what the question holds, not its kind: a number's key, else options, else parts.
        if self.numeric:
            return Phrased(self.numeric.label, said=self.numeric.said)
        if self.options:
            return next((f"{o.letter}. {o.text}" for o in self.options if o.correct), "")
        labels = tuple(e.label for e in self.expectations)
        return Phrased("; ".join(labels), said=msg("answer.parts", parts=labels))


@dataclass
class Choice:
    """One choice of a management decision, where it leads and what follows from it."""

    id: str
    letter: str
    text: str
    next: str
    accept: tuple[str, ...] = ()
    recommended: bool = False
    consequence: str = ""
    cite: tuple[str, ...] = ()
    loc: Loc = NOWHERE
    also: tuple[str, ...] = ()
    """The text in the course's other languages: a learner may type those too."""


@dataclass
class Decision:
    """A management decision the learner makes at a step of a case."""

    prompt: str
    choices: tuple[Choice, ...]
    loc: Loc = NOWHERE

    @property
    def recommended(self) -> Choice | None:
        return next((c for c in self.choices if c.recommended), None)


@dataclass
class Step:
    """One step of a case: its text, its questions, and a decision or the step that follows."""

    id: str
    text: str = ""
    questions: tuple[Question, ...] = ()
    decision: Decision | None = None
    next: str | None = None
    """The explicit next step; None means the next one in the list."""
    end: bool = False
    returns_to: str | None = None
    """For a teaching branch: the decision step it goes back to."""
    loc: Loc = NOWHERE


@dataclass
class Case:
    """A clinical case: a vignette that unfolds step by step."""

    id: str
    title: str
    tags: tuple[str, ...]
    steps: tuple[Step, ...]
    summary: str = ""
    notes: tuple[Note, ...] = ()
    loc: Loc = NOWHERE

    _index: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)
    _questions: tuple[Question, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _question_index: dict[str, Question] | None = field(default=None, init=False, repr=False, compare=False)

    def _positions(self) -> dict[str, int]:
        # Built on first use: a case of 20,000 steps must not cost a scan per lookup.
        if self._index is None:
            index: dict[str, int] = {}
            for i, s in enumerate(self.steps):
                index.setdefault(s.id, i)  # the first of a duplicated id, as validation reports
            self._index = index
        return self._index

    def step(self, step_id: str) -> Step | None:
        i = self._positions().get(step_id)
        return self.steps[i] if i is not None else None

    def successor(self, step: Step) -> str | None:
        """The id of the step after `step` when it is not a decision, or None at the end."""
        if step.returns_to:
            return step.returns_to
        if step.end:
            return None
        if step.next:
            return step.next
        index = self._positions().get(step.id)
        if index is None or self.steps[index] is not step:
            index = self.steps.index(step)  # a duplicated id: find this very step
        return self.steps[index + 1].id if index + 1 < len(self.steps) else None

    @property
    def questions(self) -> tuple[Question, ...]:
        if self._questions is None:
            self._questions = tuple(q for s in self.steps for q in s.questions)
        return self._questions

    def question(self, question_id: str) -> Question | None:
        if self._question_index is None:
            by_id: dict[str, Question] = {}
            for q in self.questions:
                by_id.setdefault(q.id, q)
            self._question_index = by_id
        return self._question_index.get(question_id)


@dataclass
class QuizSelect:
    """Which cases and questions a quiz draws on."""

    tags: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass
class Quiz:
    """A quiz as the home screen offers it: what it draws, its mode, limits and order."""

    id: str
    title: str
    select: QuizSelect
    description: str = ""
    mode: Mode = Mode.TUTOR
    mode_locked: bool = False
    time_limit: int | None = None
    """Minutes; exam mode only."""
    pass_mark: float = 70.0
    order: Literal["fixed", "shuffle"] = "fixed"
    max_questions: int | None = None
    loc: Loc = NOWHERE

    def __post_init__(self) -> None:
        self.mode = Mode(self.mode)  # the course cache holds it as its string


@dataclass
class TagDef:
    """A tag that groups cases: a modality, a phase of care or a theme."""

    id: str
    kind: Literal["modality", "phase", "theme"]
    label: str
    loc: Loc = NOWHERE


@dataclass
class CourseInfo:
    """What the course says about itself: title, source, date and notice."""

    title: str
    source: str
    """Citation key of the work the course is built on."""
    updated: str
    notice: str = ""
    source_name: str = ""
    """How the tutor names the course's main source in its own sentences ("the review")."""
    example_term: str = ""
    """A glossary term the help uses as its example ("what is PTS?")."""
    language: str = "en"
    """The language of the course's plain texts."""
    languages: tuple[str, ...] = ()
    """The languages the course is written in; two make it bilingual."""


class LazyCases(dict[str, "Case"]):
    """Cases read from the course cache, each built when first used.

    A session asks a handful of cases; an instructor's course may hold thousands. Each case is
    kept as where it lies in the cache (`decode` builds it) until it is read, so the first question of a
    10,000-question course comes as fast as the built-in course's. Its tags and its questions'
    ids are known at once, so a quiz can choose its cases, and the home screen count them, without
    building the others.
    """

    def __init__(self, raw: dict[str, object], tags: dict[str, tuple[str, ...]],
                 decode: Callable[[object], Case], questions: dict[str, tuple[str, ...]]) -> None:
        super().__init__(raw)  # type: ignore[arg-type]  # where each case is cached, until first read
        self.tags = tags
        self.questions = questions
        self._decode = decode
        self.recover: Callable[[str], Case] | None = None
        """Builds a case another way (from the course's own files) when its cached form does
        not decode (`decode` raised ValueError); without it the error stands."""

    def __getitem__(self, key: str) -> Case:
        value = dict.__getitem__(self, key)
        if not isinstance(value, Case):
            try:
                value = self._decode(value)
            except ValueError:
                if self.recover is None:
                    raise
                value = self.recover(key)
            dict.__setitem__(self, key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401  # dict.get would skip building the case

    def values(self) -> list[Case]:  # type: ignore[override]  # a list of built cases, not a view
        return [self[k] for k in self]

    def items(self) -> list[tuple[str, Case]]:  # type: ignore[override]  # the same
        return [(k, self[k]) for k in self]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, dict) and dict(self.items()) == dict(other.items())

    __hash__ = None  # as for a dict


@dataclass
class Course:
    """The whole course: references, glossary, tags, cases and quizzes."""

    info: CourseInfo | None = None
    references: dict[str, Reference] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    tags: dict[str, TagDef] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)
    """Ids of cases that validation found errors in: reported, and never started."""

    def case_tags(self, case_id: str) -> tuple[str, ...]:
        """A case's tags, without building a case the cache has not built yet."""
        if isinstance(self.cases, LazyCases):
            return self.cases.tags.get(case_id, ())
        return self.cases[case_id].tags

    def case_question_ids(self, case_id: str) -> tuple[str, ...]:
        """The global ids of a case's questions, in order, without building the case."""
        if isinstance(self.cases, LazyCases):
            return self.cases.questions.get(case_id, ())
        return tuple(q.gid for q in self.cases[case_id].questions)

    def case_topic(self, case_id: str) -> str:
        """`topic` of a case by its id, without building the case."""
        return self._modality(self.case_tags(case_id))

    def source_name(self) -> str | Msg:
        """How the tutor's own sentences name the course's main source."""
        return (self.info.source_name if self.info else "") or msg("course.sources_default")

    def example_term(self) -> str | Msg:
        """The look-up the help shows as its example: a glossary term, by its Chinese name too (a
        `Phrased`), so that help in Chinese asks about it in Chinese."""
        name = self.info.example_term if self.info and self.info.example_term else ""
        key = name_key(name)
        term = next((t for t in self.glossary.values() if key in {name_key(n) for n in t.names}), None) if name \
            else next(iter(self.glossary.values()), None)
        if term is None:
            return name or msg("course.term_default")
        return Phrased(name or term.term, (name or term.term, term.zh) if term.zh else ())

    def question(self, gid: str) -> Question | None:
        case_id, _, qid = gid.partition("/")
        case = self.cases.get(case_id)
        if case is None:
            return None
        return case.question(qid)

    def questions(self) -> list[Question]:
        return [q for c in self.cases.values() for q in c.questions]

    def topic(self, case: Case) -> str:
        """The case's modality tag: its topic in statistics."""
        return self._modality(case.tags)

    def _modality(self, tags: tuple[str, ...]) -> str:
        for tag in tags:
            t = self.tags.get(tag)
            if t is not None and t.kind == "modality":
                return tag
        return "general"
