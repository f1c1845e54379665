"""Question kinds as plug-ins: one module per kind, registered here by name.

    kind_of(question).grade(grader, cq, answer)    # the kind decides; nobody compares kind strings

Adding a kind is one module that builds a `Kind` (see `short.py`) and one `register` call. The
format (`tutor/course/spec.py`) reads `KIND_NAMES` and `VARIANTS`, which are live views of the
registry, so a kind registered later is known to validation, loading, grading and the engine. A
kind's fields are made by a function when the format is first read: the way to the first
question, which reads no format, never imports tutor/fields.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, overload

from ..model import Question
from .base import Finding, Kind, Parts, Shown

if TYPE_CHECKING:
    from ..fields import F

KINDS: dict[str, Kind] = {}
"""Every known kind, by the name content files use."""


class UnknownKind(KeyError):
    """A question's kind is not registered (content is checked against the registry first)."""

    def __str__(self) -> str:
        name = self.args[0] if self.args else ""
        return f"unknown question kind {name!r}; known kinds: {', '.join(KINDS)}"


def register(kind: Kind) -> Kind:
    """Make `kind` known to the format, the loader, the grader and the engine."""
    if kind.name in KINDS and KINDS[kind.name] is not kind:
        raise ValueError(f"a question kind named {kind.name!r} is already registered")
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (tests that register their own)."""
    KINDS.pop(name, None)


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


def kind_of(question: Question) -> Kind:
    """The kind of `question`; `UnknownKind` if it is not registered."""
    return get(question.kind)


class _Names(Sequence[str]):
    """The registered kinds' names, as the format's `kind:` values."""

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        return list(KINDS)[i]

    def __len__(self) -> int:
        return len(KINDS)

    def __contains__(self, name: object) -> bool:
        return name in KINDS

    def __iter__(self) -> Iterator[str]:
        return iter(list(KINDS))

    def __repr__(self) -> str:
        return repr(tuple(KINDS))

    __hash__ = object.__hash__


class _Variants(Mapping[str, "dict[str, F]"]):
    """Each registered kind's own fields, as the format's question variants."""

    def __getitem__(self, name: str) -> dict[str, F]:
        return KINDS[name].fields

    def __iter__(self) -> Iterator[str]:
        return iter(list(KINDS))

    def __len__(self) -> int:
        return len(KINDS)

    def __repr__(self) -> str:
        return repr({n: list(k.fields) for n, k in KINDS.items()})

    __hash__ = object.__hash__


KIND_NAMES: Sequence[str] = _Names()
VARIANTS: Mapping[str, dict[str, F]] = _Variants()

# The shipped kinds. Imported here, after the registry exists, because each module builds on `base`.
from . import choice, list_kind, numeric, short  # noqa: E402

for _kind in (short.KIND, list_kind.KIND, numeric.KIND, choice.KIND):
    register(_kind)

__all__ = ["KINDS", "KIND_NAMES", "VARIANTS", "Finding", "Kind", "Parts", "Shown", "UnknownKind", "get",
           "kind_of", "register", "unregister"]
