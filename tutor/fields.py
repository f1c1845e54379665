"""The building blocks of the content format: field types and the fields several objects share.

`tutor/course/spec.py` declares the format with them, and each question kind in `tutor/kinds/`
declares its own fields with them; they know nothing of either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Ids: lower-case letters, digits and hyphens, starting with a letter or digit."""


@dataclass(frozen=True)
class Spec:
    doc: str = ""


TEXT_LANGUAGES = ("en", "zh")
"""The languages a learner-facing text may be written in (format 2: `{en: ..., zh: ...}`)."""


@dataclass(frozen=True)
class Str(Spec):
    is_id: bool = False
    markdown: bool = False
    max_len: int = 20_000
    learner: bool = False
    """Text a learner reads: in a format-2 file it may be a mapping of its languages."""


@dataclass(frozen=True)
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Num(Spec):
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Bool(Spec):
    pass


@dataclass(frozen=True)
class Enum(Spec):
    values: Sequence[str] = ()
    """The allowed values (a live view for question kinds, which a course may add to)."""


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec = field(default_factory=Spec)
    min_items: int = 0
    max_items: int = 100_000
    ordered: bool = False
    """The items must not decrease (a range's low end comes first)."""


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping whose keys are ids chosen by the author (the tag vocabulary)."""

    value: Spec = field(default_factory=Spec)


@dataclass(frozen=True)
class F:
    """A field of an object."""

    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Obj(Spec):
    name: str = ""
    fields: dict[str, F] = field(default_factory=dict)
    discriminator: str = ""
    """For objects of several kinds (questions): the field that names the kind."""
    variants: Mapping[str, dict[str, F]] = field(default_factory=dict)
    """Fields that belong to one kind only, keyed by the kind."""

    def allowed(self, kind: str | None) -> dict[str, F]:
        if not self.variants:
            return self.fields
        return {**self.fields, **self.variants.get(kind or "", {})}


def other_forms(d: Mapping[str, object], name: str) -> tuple[str, ...]:
    """The text field `name` of checked data in its other languages (none when given in one):
    what the learner may type for an option shown in one language includes the others."""
    forms: dict[str, str] = getattr(d, "forms", {}).get(name, {})
    return tuple(v for v in forms.values() if v != d.get(name))


def strs(doc: str, min_items: int = 0) -> ListOf:
    return ListOf(doc=doc, item=Str(max_len=500), min_items=min_items)


def keys(doc: str = "Citation keys of references.") -> ListOf:
    return ListOf(doc=doc, item=ID)


MD = Str(markdown=True, learner=True)
ID = Str(is_id=True, max_len=200)

PROMPT = Obj(
    name="prompt",
    doc="A short question whose answer is one word or phrase of the expectation.",
    fields={
        "text": F(Str(max_len=2000, learner=True), True, "The question the tutor asks."),
        "accept": F(strs("Answers to the prompt.", 1), True),
    },
)

DIALOGUE = {
    "hint": F(Str(max_len=2000, learner=True), False, "Points at this part without giving it away."),
    "prompt": F(PROMPT, False, "A short question whose answer is this part."),
    "assertion": F(Str(max_len=2000, learner=True), False, "The tutor states this part."),
}
"""The dialogue's rungs for one part of an answer (see `tutor/engine/ladder.py`)."""
