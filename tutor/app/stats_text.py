"""The statistics as sections of plain text in the app's language, laid out by terminal cells.

`tutor.store.report.stats_sections` writes the same sections in English for plain mode and
`tutor progress`, padding labels by characters; here a Chinese topic name (two cells a
character) is padded and shortened by cells, so the bars line up in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size

from ..store.report import Section, bar
from ..store.stats import Stats
from ..texts import msg, say

LABEL_CELLS = 24


def _fit(text: str, cells: int) -> str:
    """`text` padded to `cells` terminal cells, or cut to them with an ellipsis."""
    if cell_len(text) <= cells:
        return text + " " * (cells - cell_len(text))
    return set_cell_size(set_cell_size(text, cells - 1) .rstrip() + "…", cells)


def _plain(markdown: str, cells: int) -> str:
    """Course Markdown reduced to one short plain line of at most `cells` cells."""
    text = " ".join(re.sub(r"\[@[^\]]*\]|[*_`#>]", "", markdown).split())
    return text if cell_len(text) <= cells else _fit(text, cells).rstrip()


def stats_sections(stats: Stats, lang: str, *, width: int = 78) -> list[Section]:
    def t(key: str, **args: object) -> str:
        return say(msg(f"app.stats.{key}", **args), lang)

    answers = t("answers_one") if stats.attempts == 1 else t("answers", count=stats.attempts)
    out = [Section(t("overview"), (t("head", answers=answers, due=stats.due, new=stats.new),))]

    def mastery_lines(rows: Sequence[Any]) -> tuple[str, ...]:
        lines = []
        for row in rows:
            shown = f"{row.mastery:4.0%}" if row.answered else "  – "
            lines.append(f"{_fit(row.label, LABEL_CELLS)} {bar(row.mastery if row.answered else 0)} {shown}  "
                         + t("tried", answered=row.answered, questions=row.questions))
        return tuple(lines) or (t("no_questions"),)

    out.append(Section(t("mastery"), mastery_lines(stats.topics)))
    if stats.themes:
        out.append(Section(t("by_theme"), mastery_lines(stats.themes)))
    days = [f"{d.day}  {bar(d.accuracy)} {d.accuracy:4.0%}  " + t("day_answers", count=d.attempts)
            for d in stats.days[-14:]]
    out.append(Section(t("accuracy"), tuple(days) or (t("no_answers"),)))
    peak = max((f.due for f in stats.forecast), default=0)
    forecast = []
    for i, f in enumerate(stats.forecast):
        name = t("today") if i == 0 else (t("tomorrow") if i == 1 else f.day)
        forecast.append(f"{_fit(name, 10)} {bar(f.due / peak if peak else 0, 14)} {f.due}")
    out.append(Section(t("due_next"), tuple(forecast)))
    lines = []
    for m in stats.misconceptions:
        where = t("question_removed") if m.removed else _plain(m.prompt, max(20, width - 8))
        lines += [f"{m.count:>3}×  {m.misconception} — {m.gid}", f"      {where}"]
    out.append(Section(t("misconceptions"), tuple(lines) or (t("none_so_far"),)))
    notes = []
    if stats.edited:
        notes.append(t("edited", count=len(stats.edited)))
    if stats.removed:
        ids = ", ".join(stats.removed[:5]) + ("…" if len(stats.removed) > 5 else "")
        notes.append(t("removed", count=len(stats.removed), ids=ids))
    if notes:
        out.append(Section(t("notes"), tuple(notes)))
    return out
