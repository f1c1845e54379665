"""The references panel: authors, title, journal, year and DOI of every source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model import Course, Reference
from ...texts import DEFAULT_LANGUAGE, msg, say
from ..simple_markdown import markdown
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, lang_of, words


def _escape_md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def references_markdown(course: Course, refs: list[Reference], lang: str = DEFAULT_LANGUAGE) -> str:
    lines = []
    info = course.info
    if info is not None and info.source in course.references:
        src = course.references[info.source]
        lines.append(say(msg("app.refs.built_on", course=_escape_md(info.title), source=_escape_md(src.title),
                             year=src.year, updated=info.updated), lang) + "\n")
    beyond_words = say(msg("app.refs.beyond_review"), lang)
    no_date = say(msg("app.refs.no_date"), lang)
    for ref in refs:
        link = f"https://doi.org/{ref.doi}" if ref.doi else (ref.url or "")
        doi = f" {_escape_md(link)}" if link else ""  # the address itself, to copy: links do not open here
        beyond = beyond_words if ref.beyond_review else ""
        lines.append(
            f"- **{_escape_md(ref.label)}** {_escape_md(ref.authors)} ({ref.year or no_date}). "
            f"{_escape_md(ref.title)}. *{_escape_md(ref.journal)}* {_escape_md(ref.details)}.{doi}{beyond}"
        )
    return "\n".join(lines)


class ReferencesScreen(WordedBindings, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f3", "dismiss", "Close")]

    def __init__(self, course: Course, refs: list[Reference] | None = None) -> None:
        super().__init__()
        self.course = course
        self.refs = refs if refs is not None else list(course.references.values())

    @property
    def markdown_source(self) -> str:
        """The panel's text, as Markdown."""
        return references_markdown(self.course, self.refs, lang_of(self))

    def compose(self) -> ComposeResult:
        # One Static, not Textual's Markdown widget (a widget per reference): the whole list of
        # references opens in a fraction of the time.
        with VerticalScroll(id="references"):
            yield Static(Content.assemble((words(self, "app.refs.title"), "bold $text-accent")), id="references-title")
            yield Static(markdown(self.markdown_source), id="references-list")
        yield KeyBar()

    def relabel(self) -> None:
        """Drawn again in the app's new language, with the course's text in it."""
        course = self.app.course  # type: ignore[attr-defined]  # the app is a TutorApp, which screens cannot import (it imports them)
        self.refs = [course.references.get(ref.key, ref) for ref in self.refs]
        self.course = course
        self.refresh(recompose=True)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
