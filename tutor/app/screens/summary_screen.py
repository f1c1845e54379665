"""The summary: score, topics, the path taken, and every answer to look at again."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...engine import replies as r
from ...engine.engine import Engine
from ...safe_text import one_line, scrub
from ...text_render import TextRenderer, path_note, score_qualifiers
from ...texts import DEFAULT_LANGUAGE, Msg, msg, say
from ..messages import Replay, StartQuestions
from ..widgets.chat_entry import TutorEntry
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, lang_of, phrased, words

HEADING = "bold $text-accent"


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _table(rows: list[tuple[str, str, str]]) -> list[Content | str | tuple[str, str]]:
    """Rows of label, bar and credit, the labels padded to one width (by terminal cells)."""
    width = max(cell_len(label) for label, _, _ in rows)
    out: list[Content | str | tuple[str, str]] = []
    for label, bar, credit in rows:
        out += [label, " " * (width - cell_len(label) + 2)]
        if bar:
            out += [(bar, "$accent"), "  "]
        out += [credit, "\n"]
    return out


def summary_content(s: r.Summary, lang: str = DEFAULT_LANGUAGE) -> Content:
    """Score, topics, themes and decisions: one block of text, in the theme's colours."""
    def t(m: Msg) -> str:
        return say(m, lang)

    verdict = t(msg("summary.passed" if s.passed else "summary.not_passed"))
    line = t(msg("app.summary.score_line", verdict=verdict, pass_mark=s.pass_mark, answered=s.answered,
                 total=s.total, mode=t(msg(f"mode.{s.mode}")))) + "".join(t(m) for m in score_qualifiers(s))
    parts: list[Content | str | tuple[str, str]] = [
        (s.title, HEADING), "\n\n", t(msg("app.summary.score")) + " ", (f"{s.score:.0f}%", "bold"), line + "\n",
        (t(msg("app.summary.first_answers")), "italic"), "\n",
    ]
    path = path_note(s)
    if path is not None:
        parts += [t(path), "\n"]
    if s.by_topic:
        parts += ["\n", (t(msg("app.summary.by_topic")), HEADING), "\n"]
        parts += _table([(x.label, _bar(x.credit / x.questions), f"{x.credit:.1f}/{x.questions}") for x in s.by_topic])
    if s.by_theme:
        parts += ["\n", (t(msg("app.summary.by_theme")), HEADING), "\n"]
        parts += _table([(x.label, "", f"{x.credit:.1f}/{x.questions}") for x in s.by_theme])
    if s.path:
        parts += ["\n", (t(msg("app.summary.decisions")), HEADING), "\n"]
        for p in s.path:
            if p.followed_recommendation:
                parts += ["✓ ", p.chosen_text, "\n"]
            else:
                parts += ["✗ ", p.chosen_text, t(msg("app.summary.recommended_was")), (p.recommended_text, "bold"),
                          "\n"]
    if s.missed:
        parts += ["\n", (t(msg("app.summary.look_again")), HEADING)]
    elif s.answered:
        parts += ["\n", t(msg("app.summary.all_right"))]
    return Content.assemble(*parts)


def verdict_word(verdict: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A missed answer's verdict as the learner reads it ("skipped" is not a grader's verdict)."""
    return say(msg("summary.skipped_word" if verdict == "skipped" else f"verdict.{verdict}"), lang)


def missed_entries(engine: Engine, s: r.Summary, lang: str = DEFAULT_LANGUAGE) -> list[TutorEntry]:
    """One message per question missed or partly right: the question, the answer, the explanation
    and its sources as footnotes (a click opens them in full). Messages rather than more Markdown
    blocks: a final exam's summary appears in a fraction of the time."""
    text = TextRenderer(engine.course, lang=lang)
    answer = say(msg("face.answer"), lang)
    entries = []
    for m in s.missed:
        head = say(msg("app.summary.missed_head", verdict=verdict_word(m.verdict, lang), credit=f"{m.credit:.0%}"),
                   lang)
        entries.append(TutorEntry(f"**{text.cites(m.prompt).strip()}** *{head}*\n\n"
                                  f"{answer} **{phrased(m.answer, lang)}**\n\n{text.cites(m.explanation).strip()}",
                                  references=m.citations, classes="missed", lang=lang))
    return entries


class SummaryScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("r", "retry", "Retry missed"),
        Binding("escape,h", "home", "Home"),
    ]

    def __init__(self, engine: Engine, summary: r.Summary) -> None:
        super().__init__()
        self.engine = engine
        self.summary = scrub(summary)  # learner answers and course text, shown on a terminal

    def compose(self) -> ComposeResult:
        yield Header()
        lang = lang_of(self)
        with VerticalScroll(id="summary"):
            yield Static(summary_content(self.summary, lang), id="score", markup=False)
            yield from missed_entries(self.engine, self.summary, lang)
            decisions = list(dict.fromkeys((p.case_id, p.step_id) for p in self.summary.path))
            if decisions:
                options = [
                    # Content, not a str: an OptionList would read a str's `[` as markup.
                    Option(Content(one_line(words(self, "app.summary.replay_from",
                                                  decision=self._decision_label(case_id, step_id)))),
                           id=f"{case_id}\0{step_id}")
                    for case_id, step_id in decisions
                ]
                yield OptionList(*options, id="replay")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = words(self, "app.summary.title")

    def relabel(self) -> None:
        """Drawn again in the app's new language: the same answers, on the course as now open."""
        self.engine = self.app.reread(self.engine)  # type: ignore[attr-defined]  # the app is a TutorApp, which screens cannot import (it imports them)
        self.summary = scrub(self.engine.summary())
        self.call_later(self._redraw)

    async def _redraw(self) -> None:
        await self.recompose()
        self.on_mount()

    def _decision_label(self, case_id: str, step_id: str) -> str:
        case = self.engine.course.cases.get(case_id)
        step = case.step(step_id) if case else None
        prompt = step.decision.prompt if step and step.decision else step_id
        return f"{case.title if case else case_id}: {prompt}"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        case_id, _, step_id = str(event.option.id).partition("\0")
        self.app.post_message(Replay(case_id, step_id))
        self.dismiss(None)

    def action_retry(self) -> None:
        missed = self.engine.missed_ids()
        if not missed:
            self.notify(words(self, "app.summary.nothing_to_retry"))
            return
        title = words(self, "app.summary.retry_title", title=self.engine.state.title)
        self.app.post_message(StartQuestions(missed, title, self.engine.state.mode))
        self.dismiss(None)

    def action_home(self) -> None:
        self.dismiss(None)
