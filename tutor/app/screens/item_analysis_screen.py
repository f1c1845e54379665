"""The item analysis screen (`tutor class DIR --screen`): every question in a table, the one under
the cursor in detail below it, keyboard first.

Keys: ↑/↓ (and PgUp/PgDn, Home/End) move through the questions, and the details follow the
cursor; `f` shows only the flagged questions (and back); `s` changes the order (course order,
lowest discrimination first, lowest facility first, most contested or reported first); `d`
shows the decisions instead of the question's details (and back); Tab moves into the details to
scroll them; `q` or Escape closes.

Student and course text is shown as text, never parsed as markup: table cells are rich `Text`,
the details `Content`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...instructor.class_report import bar, decision_lines, detail_lines, num, overview_lines, pct
from ...instructor.class_results import ClassResults
from ...instructor.item_analysis import ClassAnalysis, ItemStats
from ...safe_text import visible
from ...texts import active_language
from ..widgets.key_bar import KeyBar
from ..words import WordedBindings, words


def _by_discrimination(i: ItemStats) -> tuple[Any, ...]:
    return (i.discrimination is None, i.discrimination if i.discrimination is not None else 0.0, i.gid)


def _by_facility(i: ItemStats) -> tuple[Any, ...]:
    return (i.facility if i.facility is not None else 0.0, i.gid)


def _by_remarks(i: ItemStats) -> tuple[Any, ...]:
    return (-len(i.remarks), not i.flags, i.gid)


SORTS: list[tuple[str, Callable[[ItemStats], Any] | None]] = [
    ("app.items.sort.course", None),
    ("app.items.sort.discrimination", _by_discrimination),
    ("app.items.sort.facility", _by_facility),
    ("app.items.sort.remarks", _by_remarks),
]
"""Each order: the catalogue key of its name, and its sort key (None: the course's order)."""


class ItemAnalysisScreen(WordedBindings, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("f", "toggle_flagged", "Flagged only"),
        Binding("s", "sort", "Sort"),
        Binding("d", "toggle_decisions", "Decisions"),
    ]

    def __init__(self, results: ClassResults, analysis: ClassAnalysis) -> None:
        super().__init__()
        self.results = results
        self.analysis = analysis
        self.flagged_only = False
        self.sort_index = 0
        self.showing_decisions = False
        self.current: str | None = None
        """The question under the cursor (its global id)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(visible("\n".join(overview_lines(self.results, self.analysis)))), id="class-overview",
                     markup=False)
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="item-detail"):
            yield Static(Content(""), id="item-detail-text", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = words(self, "app.items.title")
        table = self.query_one("#items", DataTable)
        for key in ("gid", "n", "facility", "disc", "ul", "note"):
            table.add_column(words(self, f"app.items.column.{key}"), key=key)
        self._fill()
        table.focus()

    # what is shown ---------------------------------------------------------------------------------

    def shown_items(self) -> list[ItemStats]:
        items = [i for i in self.analysis.items if i.flags or not self.flagged_only]
        key = SORTS[self.sort_index][1]
        return sorted(items, key=key) if key is not None else items

    def _fill(self) -> None:
        table = self.query_one("#items", DataTable)
        keep = self.current
        table.clear()
        items = self.shown_items()
        for i in items:
            note = " ".join(x for x in ("⚑" if i.flags else "", f"{i.contests}c" if i.contests else "",
                                        f"{i.flag_reports}f" if i.flag_reports else "") if x)
            table.add_row(Text(i.gid), Text(str(i.students), justify="right"),
                          Text(f"{bar(i.facility)} {pct(i.facility):>4}"),
                          Text(num(i.discrimination), justify="right", style="red" if (i.discrimination or 0) < 0
                               else ""),
                          Text(num(i.upper_lower), justify="right"), Text(note, style="bold yellow"), key=i.gid)
        self.sub_title = (words(self, "app.items.shown", shown=len(items), total=len(self.analysis.items),
                                order=words(self, SORTS[self.sort_index][0]))
                          + (words(self, "app.items.flagged_only") if self.flagged_only else ""))
        gids = [i.gid for i in items]
        if keep in gids:
            table.move_cursor(row=gids.index(keep))
        self.current = gids[table.cursor_row] if gids and 0 <= table.cursor_row < len(gids) else None
        self._show_detail()

    def _show_detail(self) -> None:
        text = self.query_one("#item-detail-text", Static)
        if self.showing_decisions:
            lines: list[str] = []
            for d in self.analysis.decisions:
                lines += [*decision_lines(d), ""]
            body = "\n".join(lines) or words(self, "app.items.no_decisions")
        elif self.current is None:
            body = words(self, "app.items.no_flagged" if self.flagged_only else "app.items.none_answered")
        else:
            item = next(i for i in self.analysis.items if i.gid == self.current)
            body = "\n".join(detail_lines(item))
        text.update(Content(visible(body)))
        self.query_one("#item-detail", VerticalScroll).scroll_home(animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key != self.current:
            self.current = key
            self._show_detail()

    # actions -----------------------------------------------------------------------------------------

    def action_toggle_flagged(self) -> None:
        self.flagged_only = not self.flagged_only
        self._fill()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._fill()
        self.notify(words(self, "app.items.sorted", order=words(self, SORTS[self.sort_index][0])), timeout=2)

    def action_toggle_decisions(self) -> None:
        self.showing_decisions = not self.showing_decisions
        self._show_detail()

    def action_close(self) -> None:
        self.app.exit()


class ClassApp(App[None]):
    """The app `tutor class --screen` runs: the item analysis screen alone."""

    CSS_PATH = Path(__file__).parent.parent / "tutor.tcss"
    TITLE = "LEDVT tutor"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, results: ClassResults, analysis: ClassAnalysis, lang: str | None = None) -> None:
        super().__init__()
        self.results = results
        self.analysis = analysis
        self.lang = lang or active_language()
        """The language of the screen's own words: `--lang`, as the CLI chose it."""
        self.title = words(self, "app.title")

    def on_mount(self) -> None:
        self.push_screen(ItemAnalysisScreen(self.results, self.analysis))


def run_screen(results: ClassResults, analysis: ClassAnalysis) -> None:
    ClassApp(results, analysis).run()
