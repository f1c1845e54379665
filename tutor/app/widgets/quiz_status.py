"""The line above the transcript: how far through the quiz the learner is, and the exam's clock."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from ..words import words

BAR_WIDTH = 32
TIMER_WIDTH = 9


class QuizStatus(Widget):
    """A progress bar of questions answered, the count, and the time left in an exam.

    One widget drawing one line: Textual's ProgressBar is three widgets with a timer of its own,
    and this line is on screen from the first frame of every quiz.
    """

    COMPONENT_CLASSES = {"quiz-status--count"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = 0
        self.total = 0
        self.clock = ""
        """The time left, as shown ("⏱ 09:59"), or "" when there is no time limit."""

    def show_progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.refresh()

    def show_clock(self, text: str) -> None:
        self.clock = text
        self.refresh()

    @property
    def count(self) -> str:
        return words(self, "app.status.answered", done=self.done, total=self.total) if self.total else ""

    def render(self) -> Content:
        count, clock = self.count, self.clock.rjust(TIMER_WIDTH) if self.clock else " " * TIMER_WIDTH
        count_width = cell_len(count)  # by terminal cells: a Chinese character takes two
        width = min(BAR_WIDTH, max(0, self.size.width - count_width - TIMER_WIDTH - 1))
        filled = round(width * self.done / self.total) if self.total else 0
        bar_style = "$success" if self.total and self.done >= self.total else "$primary"
        gap = max(0, self.size.width - width - count_width - TIMER_WIDTH)
        return Content.assemble(
            ("━" * filled, bar_style), ("━" * (width - filled), "$surface"), " " * gap,
            (count, Style.from_rich_style(self.get_component_rich_style("quiz-status--count"))),
            (clock, "$text-warning"),
        )
