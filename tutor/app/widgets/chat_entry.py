"""One entry of the chat transcript: a tutor message, a learner message, or a verdict badge."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...model import Reference
from ...text_render import reference_line
from ...texts import DEFAULT_LANGUAGE, msg, say
from ..messages import ShowReferences
from ..simple_markdown import markdown as markdown_renderable

VERDICT_SIGNS = {"correct": "✓", "partial": "◐", "incorrect": "✗", "unclear": "?"}
"""A sign beside each verdict's word, so it reads at a glance and without colour."""


class LearnerEntry(Static):
    """What the learner typed, shown literally: never parsed as markup."""

    def __init__(self, text: str) -> None:
        super().__init__(Content(text), classes="learner", markup=False)


class TutorEntry(Widget):
    """A tutor message: course Markdown, with an optional label and sources as footnotes.

    One widget draws all three, and the Markdown is drawn by `simple_markdown` (or Rich's
    Markdown for what that does not draw) rather than by Textual's Markdown widget, which builds a
    widget per block: the first question appears sooner and a long session stays fast. Nothing
    here reads console markup, so `[bold]` in course text is shown as written.
    """

    COMPONENT_CLASSES = {"tutor-entry--label", "tutor-entry--sources"}

    def __init__(self, markdown: str, *, label: str = "", references: tuple[Reference, ...] = (),
                 classes: str = "", lang: str = DEFAULT_LANGUAGE) -> None:
        """`references` are shown as footnotes, and a click on the message opens them in full."""
        super().__init__(classes=f"tutor {classes}{' -cited' if references else ''}".strip())
        self._lang = lang
        self._markdown = markdown
        self._label = label
        self._sources = [f"{ref.label} {reference_line(ref)}" for ref in references]
        self._references = references
        self._body = markdown_renderable(markdown) if markdown else None
        if references:
            self.tooltip = say(msg("app.chat.sources_tooltip"), lang)

    @property
    def markdown(self) -> str:
        """The Markdown source this entry shows."""
        return self._markdown

    @property
    def label(self) -> str:
        return self._label

    @property
    def references(self) -> tuple[Reference, ...]:
        """The sources a click on this message opens."""
        return self._references

    @property
    def sources(self) -> list[str]:
        """The footnote lines this message shows."""
        return list(self._sources)

    def show_sources(self, full: Sequence[Reference], brief: Sequence[Reference] = ()) -> None:
        """Footnotes: `full` as whole lines, `brief` (shown in full earlier) by their labels on one
        line. A click opens all of them. Called before the entry is mounted, or it refreshes."""
        self._sources = [f"{ref.label} {reference_line(ref)}" for ref in full]
        if brief:
            labels = " ".join(ref.label for ref in brief)
            self._sources.append(say(msg("app.chat.also_cited", labels=labels), self._lang))
        if full or brief:
            self._references = (*full, *brief)
        if self.is_mounted:
            self.refresh(layout=True)

    def render(self) -> RenderableType:
        parts: list[RenderableType] = []
        if self._label:
            parts.append(Text(self._label, self.get_component_rich_style("tutor-entry--label", partial=True)))
        if self._body is not None:
            parts.append(self._body)
        if self._sources:
            style = self.get_component_rich_style("tutor-entry--sources")  # whole: "auto 60%" needs the background
            parts.append(Text("\n".join(self._sources), style))
        return Group(*parts)

    def on_click(self) -> None:
        if self._references:
            self.post_message(ShowReferences(self._references))


class PlainEntry(Static):
    """A short tutor line (a pump, a notice); content text, never markup."""

    def __init__(self, text: str, *, classes: str = "") -> None:
        super().__init__(Content(text), classes=f"plain {classes}".strip(), markup=False)


class VerdictBadge(Static):
    """The verdict on a graded answer, with its credit and reason."""

    def __init__(self, verdict: str, credit: float, reason: str, *, lang: str = DEFAULT_LANGUAGE) -> None:
        label = f"{VERDICT_SIGNS.get(verdict, '')} {say(msg('verdict.' + verdict), lang)}"
        text = f" {label} {credit:.0%} "
        content = Content.assemble((text, "bold"), "  ", reason)
        super().__init__(content, classes=f"verdict -{verdict}", markup=False)
