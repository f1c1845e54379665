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
from ...texts import msg, say
from ..messages import Replay, StartQuestions
from ..widgets.chat_entry import TutorEntry
from ..widgets.key_bar import KeyBar

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


def summary_content(s: r.Summary) -> Content:
    """Score, topics, themes and decisions: one block of text, in the theme's colours."""
    verdict = say(msg("summary.passed" if s.passed else "summary.not_passed"))
    line = say(msg("app.summary.score_line", verdict=verdict, pass_mark=s.pass_mark, answered=s.answered,
                   total=s.total, mode=say(msg(f"mode.{s.mode}")))) + "".join(say(m) for m in score_qualifiers(s))
    parts: list[Content | str | tuple[str, str]] = [
        (s.title, HEADING), "\n\n", say(msg("app.summary.score")) + " ", (f"{s.score:.0f}%", "bold"), line + "\n",
        (say(msg("app.summary.first_answers")), "italic"), "\n",
    ]
    path = path_note(s)
    if path is not None:
        parts += [say(path), "\n"]
    if s.by_topic:
        parts += ["\n", (say(msg("app.summary.by_topic")), HEADING), "\n"]
        parts += _table([(t.label, _bar(t.credit / t.questions), f"{t.credit:.1f}/{t.questions}") for t in s.by_topic])
    if s.by_theme:
        parts += ["\n", (say(msg("app.summary.by_theme")), HEADING), "\n"]
        parts += _table([(t.label, "", f"{t.credit:.1f}/{t.questions}") for t in s.by_theme])
    if s.path:
        parts += ["\n", (say(msg("app.summary.decisions")), HEADING), "\n"]
        for p in s.path:
            if p.followed_recommendation:
                parts += ["✓ ", p.chosen_text, "\n"]
            else:
                parts += ["✗ ", p.chosen_text, say(msg("app.summary.recommended_was")), (p.recommended_text, "bold"),
                          "\n"]
    if s.missed:
        parts += ["\n", (say(msg("app.summary.look_again")), HEADING)]
    elif s.answered:
        parts += ["\n", say(msg("app.summary.all_right"))]
    return Content.assemble(*parts)


def missed_entries(engine: Engine, s: r.Summary) -> list[TutorEntry]:
    """One message per question missed or partly right: the question, the answer, the explanation
    and its sources as footnotes (a click opens them in full). Messages rather than more Markdown
    blocks: a final exam's summary appears in a fraction of the time."""
    text = TextRenderer(engine.course)
    answer = say(msg("face.answer"))
    return [
        TutorEntry(f"**{text.cites(m.prompt).strip()}** *({m.verdict}, {m.credit:.0%})*\n\n"
                   f"{answer} **{m.answer}**\n\n{text.cites(m.explanation).strip()}",
                   references=m.citations, classes="missed")
        for m in s.missed
    ]


class SummaryScreen(Screen[None]):
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
        with VerticalScroll(id="summary"):
            yield Static(summary_content(self.summary), id="score", markup=False)
            yield from missed_entries(self.engine, self.summary)
            decisions = list(dict.fromkeys((p.case_id, p.step_id) for p in self.summary.path))
            if decisions:
                options = [
                    # Content, not a str: an OptionList would read a str's `[` as markup.
                    Option(Content(one_line(f"Replay from: {self._decision_label(case_id, step_id)}")),
                           id=f"{case_id}\0{step_id}")
                    for case_id, step_id in decisions
                ]
                yield OptionList(*options, id="replay")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Summary"

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
            self.notify("Nothing to retry: every answer was right.")
            return
        self.app.post_message(StartQuestions(missed, f"Retry: {self.engine.state.title}", self.engine.state.mode))
        self.dismiss(None)

    def action_home(self) -> None:
        self.dismiss(None)
