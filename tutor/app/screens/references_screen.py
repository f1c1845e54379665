"""The references panel: authors, title, journal, year and DOI of every source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model import Course, Reference
from ..simple_markdown import markdown
from ..widgets.key_bar import KeyBar


def _escape_md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def references_markdown(course: Course, refs: list[Reference]) -> str:
    lines = []
    info = course.info
    if info is not None and info.source in course.references:
        src = course.references[info.source]
        lines.append(f"**{_escape_md(info.title)}**, built on {_escape_md(src.title)} "
                     f"({src.year}); content updated {info.updated}.\n")
    for ref in refs:
        link = f"https://doi.org/{ref.doi}" if ref.doi else (ref.url or "")
        doi = f" {_escape_md(link)}" if link else ""  # the address itself, to copy: links do not open here
        beyond = " *(beyond the review)*" if ref.beyond_review else ""
        lines.append(
            f"- **{_escape_md(ref.label)}** {_escape_md(ref.authors)} ({ref.year or 'n.d.'}). "
            f"{_escape_md(ref.title)}. *{_escape_md(ref.journal)}* {_escape_md(ref.details)}.{doi}{beyond}"
        )
    return "\n".join(lines)


class ReferencesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f3", "dismiss", "Close")]

    def __init__(self, course: Course, refs: list[Reference] | None = None) -> None:
        super().__init__()
        self.course = course
        self.refs = refs if refs is not None else list(course.references.values())

    @property
    def markdown_source(self) -> str:
        """The panel's text, as Markdown."""
        return references_markdown(self.course, self.refs)

    def compose(self) -> ComposeResult:
        # One Static, not Textual's Markdown widget (a widget per reference): the whole list of
        # references opens in a fraction of the time.
        with VerticalScroll(id="references"):
            yield Static(Content.assemble(("References", "bold $text-accent")), id="references-title")
            yield Static(markdown(self.markdown_source), id="references-list")
        yield KeyBar()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
