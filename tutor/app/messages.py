"""Textual messages the app's screens and widgets exchange."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ..model import Mode, Reference

if TYPE_CHECKING:
    from ..course.result import LoadResult
    from ..deferred import Deferred
    from ..store.saver import SaveReport


@dataclass
class StartQuiz(Message):
    """Start a quiz in a mode (or resume a saved session when `resume` is set)."""

    quiz_id: str
    mode: str
    resume: bool = False


@dataclass
class StartQuestions(Message):
    """Start a session over chosen questions: retry what I missed, or a review."""

    gids: list[str]
    title: str
    mode: Mode = Mode.TUTOR


@dataclass
class Replay(Message):
    """Start a case again at one of its decisions."""

    case_id: str
    step_id: str


@dataclass
class ShowReferences(Message):
    """Open the references panel on these sources (a click on a message's footnotes)."""

    references: tuple[Reference, ...]


@dataclass
class SaveReported(Message):
    """Saving a session's answers failed, resumed, or ended with an export (posted from the saver's thread)."""

    report: SaveReport


@dataclass
class LanguageSwitched(Message):
    """The course is open in another language (on a worker's thread): redraw every screen in it."""

    lang: str
    result: LoadResult
    grader: Deferred[object]
    problem: str = ""
    """Why the choice could not be remembered, if it could not."""
