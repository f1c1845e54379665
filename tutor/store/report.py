"""Stats as plain text sections, built once for the app's stats screen and `tutor progress stats`.

Everything returned is plain text (no markup): learner and course text inside it must be shown
with markup parsing off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .stats import Stats, TopicMastery

BAR = 20
LABEL_CELLS = 24


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


Fit = Callable[[str, int], str]
"""Makes a text exactly so many terminal cells wide: padded, or cut with an ellipsis."""


def fit_label(text: str, width: int) -> str:
    """`text` in exactly `width` terminal cells: cut with an ellipsis, or padded (a Chinese
    character takes two cells, so the bars after it line up)."""
    from ..text_wrap import cells

    if cells(text) > width:
        while text and cells(text) > width - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text + " " * (width - cells(text))


def _plain(markdown: str, width: int, fit: Fit) -> str:
    """Course Markdown reduced to one short plain line of at most `width` cells."""
    return fit(" ".join(re.sub(r"\[@[^\]]*\]|[*_`#>]", "", markdown).split()), width).rstrip()


def stats_sections(stats: Stats, *, width: int = 78, lang: str | None = None,
                   fit: Fit = fit_label) -> list[Section]:
    """The sections, in `lang` (None: the language in use). `fit` lays labels out in cells: the
    app passes the measure its terminal draws with; plain mode and `tutor progress` use this module's."""
    from ..texts import msg, say

    def t(key: str, **args: object) -> str:
        return say(msg(f"stats.{key}", **args), lang)

    def n(key: str, count: int) -> str:
        return t(f"{key}.one" if count == 1 else f"{key}.many", n=count)

    head = t("overview_line", answers=n("answers_stored", stats.attempts), due=stats.due, new=stats.new)
    out = [Section(t("overview"), (head,))]

    def mastery_lines(rows: Sequence[TopicMastery]) -> tuple[str, ...]:
        lines = []
        for row in rows:
            shown = f"{row.mastery:4.0%}" if row.answered else "  – "
            lines.append(f"{fit(row.label, LABEL_CELLS)} {bar(row.mastery if row.answered else 0)} {shown}  "
                         + t("tried", answered=row.answered, questions=row.questions))
        return tuple(lines) or (t("no_questions"),)

    out.append(Section(t("by_topic"), mastery_lines(stats.topics)))
    if stats.themes:
        out.append(Section(t("by_theme"), mastery_lines(stats.themes)))
    days = [f"{d.day}  {bar(d.accuracy)} {d.accuracy:4.0%}  " + n("day_answers", d.attempts)
            for d in stats.days[-14:]]
    out.append(Section(t("accuracy"), tuple(days) or (t("no_answers"),)))

    peak = max((f.due for f in stats.forecast), default=0)
    forecast = []
    for i, f in enumerate(stats.forecast):
        name = t("today") if i == 0 else (t("tomorrow") if i == 1 else f.day)
        forecast.append(f"{fit(name, 10)} {bar(f.due / peak if peak else 0, 14)} {f.due}")
    out.append(Section(t("due_next"), tuple(forecast)))

    lines = []
    for m in stats.misconceptions:
        where = t("question_removed") if m.removed else _plain(m.prompt, max(20, width - 8), fit)
        lines += [f"{m.count:>3}×  {m.misconception} — {m.gid}", f"      {where}"]
    out.append(Section(t("misconceptions"), tuple(lines) or (t("none_so_far"),)))

    notes = []
    if stats.edited:
        notes.append(t("edited", n=len(stats.edited)))
    if stats.removed:
        notes.append(t("removed", n=len(stats.removed),
                       ids=", ".join(stats.removed[:5]) + ("…" if len(stats.removed) > 5 else "")))
    if notes:
        out.append(Section(t("notes"), tuple(notes)))
    return out


def stats_text(stats: Stats, *, width: int = 78, lang: str | None = None) -> str:
    parts = []
    for s in stats_sections(stats, width=width, lang=lang):
        parts.append(s.title)
        parts.extend(f"  {line}" for line in s.lines)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
