"""The references panel: authors, title, journal, year and DOI of every source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ...model import Course, Reference
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
        doi = f" [doi:{ref.doi}](https://doi.org/{ref.doi})" if ref.doi else (f" {ref.url}" if ref.url else "")
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

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="references"):
            yield Markdown("## References\n\n" + references_markdown(self.course, self.refs), open_links=False)
        yield KeyBar()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
