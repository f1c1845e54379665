"""Stats as plain text sections, shared by the stats screen, plain mode and `tutor progress stats`.

Everything returned is plain text (no markup): learner and course text inside it must be shown
with markup parsing off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .stats import Stats

BAR = 20


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _plain(markdown: str, limit: int) -> str:
    """Course Markdown reduced to one short plain line."""
    text = re.sub(r"\[@[^\]]*\]|[*_`#>]", "", markdown)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(text: str, width: int) -> str:
    """`text` in exactly `width` terminal cells: cut with an ellipsis, or padded (a Chinese
    character takes two cells, so the bars after it line up)."""
    from ..text_wrap import cells

    if cells(text) > width:
        while text and cells(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - cells(text))


def stats_sections(stats: Stats, *, width: int = 78, lang: str | None = None) -> list[Section]:
    """The sections, in `lang` (None: the language in use)."""
    from ..texts import msg, say

    def t(key: str, **args: object) -> str:
        return say(msg(key, **args), lang)

    def n(key: str, count: int) -> str:
        return t(f"{key}.one" if count == 1 else f"{key}.many", n=count)

    label_w = 24
    out: list[Section] = []
    head = t("stats.overview_line", answers=n("stats.answers_stored", stats.attempts), due=stats.due, new=stats.new)
    out.append(Section(t("stats.overview"), (head,)))

    def mastery_lines(rows: list[Any]) -> tuple[str, ...]:
        lines = []
        for row in rows:
            shown = f"{row.mastery:4.0%}" if row.answered else "  – "
            lines.append(f"{_label(row.label, label_w)} {bar(row.mastery if row.answered else 0)} {shown}  "
                         + t("stats.tried", answered=row.answered, questions=row.questions))
        return tuple(lines) or (t("stats.no_questions"),)

    out.append(Section(t("stats.by_topic"), mastery_lines(stats.topics)))
    if stats.themes:
        out.append(Section(t("stats.by_theme"), mastery_lines(stats.themes)))

    if stats.days:
        lines = [f"{d.day}  {bar(d.accuracy)} {d.accuracy:4.0%}  " + n("stats.day_answers", d.attempts)
                 for d in stats.days[-14:]]
        out.append(Section(t("stats.accuracy"), tuple(lines)))
    else:
        out.append(Section(t("stats.accuracy"), (t("stats.no_answers"),)))

    peak = max((f.due for f in stats.forecast), default=0)
    forecast = []
    for i, f in enumerate(stats.forecast):
        name = t("stats.today") if i == 0 else (t("stats.tomorrow") if i == 1 else f.day)
        forecast.append(f"{_label(name, 10)} {bar(f.due / peak if peak else 0, 14)} {f.due}")
    out.append(Section(t("stats.due_next"), tuple(forecast)))

    if stats.misconceptions:
        lines = []
        for m in stats.misconceptions:
            where = t("stats.question_removed") if m.removed else _plain(m.prompt, max(20, width - 8))
            lines.append(f"{m.count:>3}×  {m.misconception} — {m.gid}")
            lines.append(f"      {where}")
        out.append(Section(t("stats.misconceptions"), tuple(lines)))
    else:
        out.append(Section(t("stats.misconceptions"), (t("stats.none_so_far"),)))

    notes = []
    if stats.edited:
        notes.append(t("stats.edited", n=len(stats.edited)))
    if stats.removed:
        notes.append(t("stats.removed", n=len(stats.removed),
                       ids=", ".join(stats.removed[:5]) + ("…" if len(stats.removed) > 5 else "")))
    if notes:
        out.append(Section(t("stats.notes"), tuple(notes)))
    return out


def stats_text(stats: Stats, *, width: int = 78, lang: str | None = None) -> str:
    parts = []
    for s in stats_sections(stats, width=width, lang=lang):
        parts.append(s.title)
        parts.extend(f"  {line}" for line in s.lines)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
