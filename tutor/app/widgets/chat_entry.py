"""One entry of the chat transcript: a tutor message, a learner message, or a verdict badge."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ..simple_markdown import markdown

VERDICT_LABELS = {
    "correct": "✓ Correct",
    "partial": "◐ Partly right",
    "incorrect": "✗ Not right",
    "unclear": "? Unclear",
}


class LearnerEntry(Static):
    """What the learner typed, shown literally: never parsed as markup."""

    def __init__(self, text: str) -> None:
        super().__init__(Content(text), classes="learner", markup=False)


class TutorEntry(Vertical):
    """A tutor message: course Markdown, with an optional label and sources as footnotes.

    The Markdown is drawn inside one Static (by `simple_markdown`, or Rich's Markdown for what it
    does not draw) rather than by Textual's Markdown widget, which builds a widget per block: a
    long session stays fast. Neither reads console markup, so `[bold]` in course text is shown
    as written.
    """

    def __init__(self, markdown: str, *, label: str = "", sources: list[str] | None = None,
                 classes: str = "") -> None:
        super().__init__(classes=f"tutor {classes}".strip())
        self._markdown = markdown
        self._label = label
        self._sources = sources or []

    @property
    def markdown(self) -> str:
        """The Markdown source this entry shows."""
        return self._markdown

    def compose(self) -> ComposeResult:
        if self._label:
            yield Static(Content(self._label), classes="entry-label", markup=False)
        if self._markdown:
            yield Static(markdown(self._markdown), classes="md")
        if self._sources:
            yield Static(Content("\n".join(self._sources)), classes="sources", markup=False)


class PlainEntry(Static):
    """A short tutor line (a pump, a notice); content text, never markup."""

    def __init__(self, text: str, *, classes: str = "") -> None:
        super().__init__(Content(text), classes=f"plain {classes}".strip(), markup=False)


class VerdictBadge(Static):
    """The verdict on a graded answer, with its credit and reason."""

    def __init__(self, verdict: str, credit: float, reason: str) -> None:
        label = VERDICT_LABELS.get(verdict, verdict)
        text = f" {label} {credit:.0%} "
        content = Content.assemble((text, "bold"), "  ", reason)
        super().__init__(content, classes=f"verdict -{verdict}", markup=False)
