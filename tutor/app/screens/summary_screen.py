"""The summary: score, topics, the path taken, and every answer to look at again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, OptionList
from textual.widgets.option_list import Option

from ...engine import replies as r
from ...engine.engine import Engine
from ...text_render import TextRenderer
from ..messages import Replay, StartQuestions
from ..widgets.key_bar import KeyBar


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def summary_markdown(engine: Engine, s: r.Summary) -> str:
    text = TextRenderer(engine.course)
    verdict = "passed" if s.passed else "not passed"
    lines = [
        f"## {s.title}",
        f"Score: **{s.score:.0f}%**, {verdict} (pass mark {s.pass_mark:.0f}%) · "
        f"{s.answered} of {s.total} questions answered · {s.mode} mode"
        + (" · time ran out" if s.timed_out else ""),
        "",
        "*The score counts first answers only; help from the dialogue does not raise it.*",
    ]
    if s.by_topic:
        lines += ["", "### By topic", "", "| Topic | Mastery | Credit |", "| --- | --- | --- |"]
        lines += [f"| {t.label} | `{_bar(t.credit / t.questions)}` | {t.credit:.1f}/{t.questions} |"
                  for t in s.by_topic]
    if s.by_theme:
        lines += ["", "| Theme | Credit |", "| --- | --- |"]
        lines += [f"| {t.label} | {t.credit:.1f}/{t.questions} |" for t in s.by_theme]
    if s.path:
        lines += ["", "### Your decisions", ""]
        for p in s.path:
            if p.followed_recommendation:
                lines.append(f"- ✓ {p.chosen_text}")
            else:
                lines.append(f"- ✗ {p.chosen_text}: recommended was **{p.recommended_text}**")
    if s.missed:
        lines += ["", "### To look at again", ""]
        for m in s.missed:
            refs = " ".join(ref.label for ref in m.citations)
            lines += [
                f"**{text.cites(m.prompt).strip()}** *({m.verdict}, {m.credit:.0%})*", "",
                f"Answer: **{m.answer}**", "", text.cites(m.explanation).strip() + (f" {refs}" if refs else ""), "",
            ]
    elif s.answered:
        lines += ["", "Every answer was right the first time."]
    return "\n".join(lines)


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "retry", "Retry missed"),
        Binding("escape,h", "home", "Home"),
    ]

    def __init__(self, engine: Engine, summary: r.Summary) -> None:
        super().__init__()
        self.engine = engine
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Markdown(summary_markdown(self.engine, self.summary), open_links=False)
            decisions = list(dict.fromkeys((p.case_id, p.step_id) for p in self.summary.path))
            if decisions:
                options = [
                    Option(f"Replay from: {self._decision_label(case_id, step_id)}", id=f"{case_id}\0{step_id}")
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
