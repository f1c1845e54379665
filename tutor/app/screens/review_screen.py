"""The review screen (`tutor review` in a terminal): decide cluster by cluster, keyboard first.

Keys: ↑/↓ (PgUp/PgDn, Home/End) move through the clusters, largest first within each question,
and the details follow the cursor; `a` accept, `p` partial (asks the credit), `m` misconception
(asks the feedback), `w` confirm wrong, `u` undo the cluster's decision; `s` saves: the decisions
are written into the YAML files, validated, and the effect on the stored answers is shown. `q`
or Escape closes (twice when decisions are not saved).

The same code as `tutor review --apply` does the work (instructor/review_decisions.py); saving runs
in a worker thread, so the screen never waits on disk. Learner and course text is shown as text,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, OptionList, Static

from ...instructor.review_decisions import ApplyReport, DecisionError, ReviewDecision, apply_decisions
from ...instructor.review_queue import Cluster, QuestionQueue, ReviewAnswer
from ...safe_text import one_line, visible
from ...texts import active_language, msg, say
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, lang_of, words

MARKS = {"accept": "app.review.mark.accept", "partial": "app.review.mark.partial",
         "misconception": "app.review.mark.misconception", "wrong": "app.review.mark.wrong"}
"""The catalogue key of each decision's mark in the table ("✓ accept")."""


@dataclass
class Row:
    queue: QuestionQueue
    cluster: Cluster

    @property
    def key(self) -> str:
        return f"{self.queue.question.gid}#{self.cluster.id}"


@dataclass
class Asked:
    """What the decision dialog returns."""

    answer: str
    expectation: str = ""
    credit: float = 0.0
    feedback: str = ""


class DecisionDialog(WordedBindings, ModalScreen[Asked | None]):
    """Asks what a decision needs: the phrasing to add, and the group, credit or feedback.
    Enter moves to the next field and, on the last one, decides; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, action: str, row: Row) -> None:
        super().__init__()
        self.action = action
        self.row = row
        q = row.queue.question
        self.groups = [e.id for e in q.expectations] if (action == "accept" and q.kind == "list") else []
        c = row.cluster
        self.default = c.unrecognised[0] if (q.kind == "list" and c.unrecognised) else c.answer

    def compose(self) -> ComposeResult:
        with Vertical(id="decision-dialog"):
            mark = words(self, MARKS[self.action])
            yield Label(Content(one_line(f"{mark}: {self.row.queue.question.gid}")))
            yield Label(Content(words(self, "app.review.phrasing")))
            yield Input(value=self.default, id="decision-answer", max_length=500)
            if self.groups:
                yield Label(Content(words(self, "app.review.group")))
                yield OptionList(*[Content(g) for g in self.groups], id="decision-group")
            if self.action == "partial":
                yield Label(Content(words(self, "app.review.credit")))
                yield Input(value="0.5", id="decision-credit", max_length=10)
            if self.action in ("partial", "misconception"):
                label = words(self, "app.review.feedback" if self.action == "misconception"
                              else "app.review.feedback_optional")
                yield Label(Content(label))
                yield Input(id="decision-feedback", max_length=2000)
            yield Static(Content(""), id="decision-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#decision-answer", Input).focus()
        if self.groups:
            self.query_one("#decision-group", OptionList).highlighted = 0

    def _fields(self) -> list[Any]:
        return list(self.query("#decision-dialog Input, #decision-dialog OptionList"))

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _next(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        event.stop()
        fields = self._fields()
        here = fields.index(event.control) if event.control in fields else len(fields) - 1
        if here + 1 < len(fields):
            fields[here + 1].focus()
        else:
            self._decide()

    def _decide(self) -> None:
        answer = self.query_one("#decision-answer", Input).value.strip()
        error = self.query_one("#decision-error", Static)
        if not answer:
            error.update(Content(words(self, "app.review.need_phrasing")))
            return
        asked = Asked(answer)
        if self.groups:
            index = self.query_one("#decision-group", OptionList).highlighted
            asked.expectation = self.groups[index or 0]
        if self.action == "partial":
            try:
                asked.credit = float(self.query_one("#decision-credit", Input).value)
            except ValueError:
                asked.credit = -1.0
            if not 0 < asked.credit < 1:
                error.update(Content(words(self, "app.review.bad_credit")))
                self.query_one("#decision-credit", Input).focus()
                return
        if self.action in ("partial", "misconception"):
            asked.feedback = self.query_one("#decision-feedback", Input).value.strip()
            if self.action == "misconception" and not asked.feedback:
                error.update(Content(words(self, "app.review.need_feedback")))
                self.query_one("#decision-feedback", Input).focus()
                return
        self.dismiss(asked)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("a", "decide('accept')", "Accept"),
        Binding("p", "decide('partial')", "Partial"),
        Binding("m", "decide('misconception')", "Misconception"),
        Binding("w", "decide('wrong')", "Wrong"),
        Binding("u", "undo", "Undo"),
        Binding("s", "save", "Save"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, queues: Sequence[QuestionQueue], save: Callable[[list[ReviewDecision]], ApplyReport]) -> None:
        super().__init__()
        self.rows = [Row(qq, c) for qq in queues for c in qq.clusters]
        self.save_with = save
        self.decisions: dict[str, ReviewDecision] = {}
        """Per row key: the decision not yet saved."""
        self.saved: dict[str, str] = {}
        self.current: Row | None = self.rows[0] if self.rows else None
        self.report: ApplyReport | None = None
        self._asked_to_leave = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="clusters", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="cluster-detail"):
            yield Static(Content(""), id="cluster-detail-text", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = words(self, "app.review.title")
        table = self.query_one("#clusters", DataTable)
        for key in ("gid", "n", "verdict", "answer", "decision"):
            table.add_column(words(self, f"app.review.column.{key}"), key=key)
        for row in self.rows:
            c = row.cluster
            table.add_row(Text(row.queue.question.gid), Text(str(c.count), justify="right"), Text(c.verdict),
                          Text(one_line(c.answer)[:60]), Text(""), key=row.key)
        self._subtitle()
        self._show()
        table.focus()

    def _subtitle(self) -> None:
        self.sub_title = (words(self, "app.review.sub_title", clusters=len(self.rows), decided=len(self.decisions))
                          + (words(self, "app.review.saved_count", saved=len(self.saved)) if self.saved else ""))

    def _show(self) -> None:
        text = self.query_one("#cluster-detail-text", Static)
        if self.current is None:
            text.update(Content(words(self, "app.review.nothing")))
            return
        q, c = self.current.queue.question, self.current.cluster
        lines = [f"{q.gid} ({q.kind}): {one_line(q.prompt)}", "",
                 words(self, "app.review.cluster", count=c.count, verdict=c.verdict, reason=c.reason)]
        if c.contested:
            lines.append(words(self, "app.review.contested", times=c.contested))
        lines += ["", words(self, "app.review.written_as")] + [f"  {m.count:>4}  {one_line(m.answer)}"
                                                             for m in c.members[:30]]
        if len(c.members) > 30:
            lines.append("  " + words(self, "app.review.more", more=len(c.members) - 30))
        lines += [words(self, "app.review.contest", text=one_line(x)) for x in c.comments[:5]]
        decided = self.decisions.get(self.current.key)
        if decided is not None:
            lines += ["", words(self, "app.review.not_saved", decision=_describe(decided, lang_of(self)))]
        elif self.current.key in self.saved:
            lines += ["", words(self, "app.review.saved", decision=self.saved[self.current.key])]
        if self.report is not None:
            lines += ["", words(self, "app.review.last_save")] + [f"  {line}" for line in self.report.lines()]
        text.update(Content(visible("\n".join(lines))))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        self.current = next((r for r in self.rows if r.key == key), None)
        self._show()

    # deciding ---------------------------------------------------------------------------------------

    def action_decide(self, action: str) -> None:
        row = self.current
        if row is None:
            return
        if action == "accept" and row.queue.question.kind == "numeric":
            self.notify(words(self, "app.review.numeric"), severity="warning")
            return
        if action == "wrong":
            self._record(row, ReviewDecision(row.queue.question.gid, "wrong", examples=tuple(row.cluster.examples()),
                                             cluster=row.cluster.id))
            return

        def done(asked: Asked | None) -> None:
            if asked is not None:
                self._record(row, ReviewDecision(
                    row.queue.question.gid, action, asked.answer, tuple(row.cluster.examples()), asked.expectation,
                    asked.credit, asked.feedback, cluster=row.cluster.id))

        self.app.push_screen(DecisionDialog(action, row), done)

    def _record(self, row: Row, decision: ReviewDecision) -> None:
        self.decisions[row.key] = decision
        self._mark(row, words(self, MARKS[decision.action]))
        table = self.query_one("#clusters", DataTable)
        if table.cursor_row + 1 < len(self.rows):
            table.move_cursor(row=table.cursor_row + 1)  # on to the next cluster
        self._subtitle()
        self._show()

    def _mark(self, row: Row, mark: str) -> None:
        self.query_one("#clusters", DataTable).update_cell(row.key, "decision", Text(mark))

    def action_undo(self) -> None:
        row = self.current
        if row is not None and self.decisions.pop(row.key, None) is not None:
            self._mark(row, "")
            self._subtitle()
            self._show()

    # saving -----------------------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self.decisions:
            self.notify(words(self, "app.review.none_to_save"))
            return
        self.notify(words(self, "app.review.saving"), timeout=2)
        self._save(dict(self.decisions))

    @work(thread=True, exclusive=True, group="review-save", description="write review decisions")
    def _save(self, decisions: dict[str, ReviewDecision]) -> None:
        try:
            report = self.save_with(list(decisions.values()))
        except (DecisionError, OSError) as e:
            self.app.call_from_thread(self.notify, one_line(str(e)), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._saved, decisions, report)

    def _saved(self, decisions: dict[str, ReviewDecision], report: ApplyReport) -> None:
        self.report = report
        for key, d in decisions.items():
            self.decisions.pop(key, None)
            self.saved[key] = _describe(d, lang_of(self))
            row = next(r for r in self.rows if r.key == key)
            self._mark(row, words(self, "app.review.mark_saved", mark=words(self, MARKS[d.action])))
        if report.ok:
            self.notify(words(self, "app.review.saved_ok", count=len(decisions)))
        else:
            self.notify(words(self, "app.review.saved_invalid"), severity="warning", timeout=10)
        self._subtitle()
        self._show()

    def action_close(self) -> None:
        if self.decisions and not self._asked_to_leave:
            self._asked_to_leave = True
            self.notify(words(self, "app.review.unsaved", count=len(self.decisions)), severity="warning")
            return
        self.app.exit()


def _describe(d: ReviewDecision, lang: str = "en") -> str:
    def t(key: str, **args: object) -> str:
        return say(msg(key, **args), lang)

    action = t(f"app.review.action.{d.action}")
    text = t("app.review.describe", action=action, answer=repr(d.answer)) if d.answer else action
    if d.expectation:
        text += t("app.review.into", group=d.expectation)
    if d.action == "partial":
        text += t("app.review.for_credit", credit=f"{d.credit:g}")
    if d.feedback:
        text += f" — {d.feedback}"
    return one_line(text)


class ReviewApp(App[None]):
    """The app `tutor review` runs in a terminal: the review screen alone."""

    CSS_PATH = Path(__file__).parent.parent / "tutor.tcss"
    TITLE = "LEDVT tutor"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, queues: Sequence[QuestionQueue], save: Callable[[list[ReviewDecision]], ApplyReport],
                 lang: str | None = None) -> None:
        super().__init__()
        self.queues = queues
        self.save = save
        self.lang = lang or active_language()
        """The language of the screen's own words: `--lang`, as the CLI chose it."""
        self.title = words(self, "app.title")

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.queues, self.save))


def saver(result: Any, answers: Sequence[ReviewAnswer], folders: Sequence[str], amend_file: Path,
          reload: Callable[[list[str]], Any]) -> Callable[[list[ReviewDecision]], ApplyReport]:
    """Saving from the screen: the same call `tutor review --apply` makes. After a save the course
    is the one just written, so later decisions build on it."""
    state = {"result": result}

    def save(decisions: list[ReviewDecision]) -> ApplyReport:
        report = apply_decisions(state["result"], decisions, folders, amend_file, answers, reload)
        if report.loaded is not None:
            state["result"] = report.loaded
        return report

    return save


def run_review_app(result: Any, queues: Sequence[QuestionQueue], answers: Sequence[ReviewAnswer],
                   folders: Sequence[str], amend_file: Path, reload: Callable[[list[str]], Any]) -> int:
    ReviewApp(queues, saver(result, answers, folders, amend_file, reload)).run()
    return 0
