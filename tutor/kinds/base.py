"""What a question kind declares: its fields, how it is built, graded, shown, talked through and exported.

A kind is data plus a few functions. The grading algorithms stay in `tutor/grading/`: a kind's
`grade` and `covered` take the grader and call the one of its methods that fits. Grading and
course types are imported for type checking only (the layer rules exclude such imports), so the
course layer can read the registry without loading the grader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..model import Expectation, Loc, NumericKey, Option, Question

if TYPE_CHECKING:
    from ..course.convert import Converter
    from ..course.shape import Data
    from ..fields import F
    from ..grading.compiled import CompiledQuestion
    from ..grading.glossary import GlossaryIndex
    from ..grading.grader import Grade, Grader
    from ..grading.match import Answer


@dataclass(frozen=True)
class Parts:
    """What a question of a kind holds beyond the fields every question has."""

    expectations: tuple[Expectation, ...] = ()
    """The parts of the answer (short: one; list: the groups), or a numeric answer's dialogue."""
    need: int = 1
    numeric: NumericKey | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Shown:
    """What a face shows with the question, besides its prompt (the `Ask` reply's data)."""

    options: tuple[tuple[str, str], ...] = ()
    """(letter, text) of each option to pick from."""
    need: int = 0
    """How many parts to name ("name 3"); 0 when the question asks for one answer."""


@dataclass(frozen=True)
class Finding:
    """A problem validation reports about a question of this kind."""

    loc: Loc
    message: str
    hint: str = ""


def no_findings(q: Question) -> Iterable[Finding]:
    return ()


def one_needed(q: Question) -> int:
    return 1


def nothing_shown(q: Question) -> Shown:
    return Shown()


@dataclass(frozen=True)
class Kind:
    """A question kind. Register it with `tutor.kinds.register` and content may use its name."""

    name: str
    """The value of a question's `kind:` field."""
    doc: str
    """One line for authors: what a question of this kind asks."""
    declare: Callable[[], dict[str, F]]
    """Makes the fields a question of this kind has beyond every question's (the format's
    variant): called when the format is first read, so that asking a question, which needs none
    of it, never builds it."""
    convert: Callable[[Data, Converter], Parts]
    """Checked YAML fields to the question's kind-specific parts."""
    grade: Callable[[Grader, CompiledQuestion, Answer], Grade]
    """The grader's entry point for an answer of this kind (a `Grader` method)."""
    covered: Callable[[Grader, CompiledQuestion, Answer, set[str]], set[str]]
    """Which of the dialogue's open parts (`wanted`) a follow-up answer names."""
    export: Callable[[Question], dict[str, Any]]
    """The kind's own keys in `tutor export json`."""
    by_parts: bool = False
    """The expectations are the answer key: graded and talked through part by part. Otherwise the
    key is a number or an option, and the dialogue has one part, `answer`."""
    list_mode: bool = False
    """An answer is several items, of which `need` make it complete."""
    numbers: bool = False
    """The grader reads the answer's numbers as quantities."""
    picks_option: bool = False
    """The answer is one of the question's options: an answer naming none, or several, is asked again."""
    need: Callable[[Question], int] = one_needed
    """How many parts make a complete answer."""
    shows: Callable[[Question], Shown] = nothing_shown
    """What the question shows besides its prompt."""
    check: Callable[[Question], Iterable[Finding]] = no_findings
    """The kind's own validation, after the format's shape check."""
    compile: Callable[[Question, GlossaryIndex], CompiledQuestion] | None = None
    """How the grader compiles a question of this kind (cached per question); None: the
    standard `CompiledQuestion.build`, shaped by `by_parts` and `list_mode`."""

    @cached_property
    def fields(self) -> dict[str, F]:
        """The fields `declare` makes, made once."""
        return self.declare()

    def parts(self, q: Question) -> tuple[str, ...]:
        """The ids of the parts the dialogue works on (and a blank answer misses)."""
        if self.by_parts:
            return tuple(e.id for e in q.expectations)
        return (q.expectations[0].id,) if q.expectations else ("answer",)
